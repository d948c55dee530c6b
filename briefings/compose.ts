/**
 * The full briefing path: plan the query, match, cluster, rank stories (relevance or
 * recency, lifted by coverage), summarize the stories returned, and compose the Briefing
 * document of DESIGN.md, exactly its fields.
 */
import { clusterCandidates, type Cluster } from './cluster.ts';
import type { Corpus } from './corpus/corpus.ts';
import { isMuted, matchQuery, recentCandidates, type Filters } from './search/match.ts';
import { compileMutes, planQuery } from './search/query.ts';
import { NEWS_SUMMARY_BUDGET, summarize } from './summarize/summarize.ts';
import type {
  Article,
  Briefing,
  BriefingKind,
  BriefingQuery,
  BriefingResult,
  RelatedReport,
  Story,
} from './types.ts';

/** Stories in a briefing when the query names no limit. */
export const DEFAULT_LIMITS: Readonly<Record<BriefingKind, number>> = { news: 10, headlines: 20 };
/** The most stories one briefing may hold. */
export const MAX_LIMIT = 100;

/** Summaries are computed once per article object. */
const summaries = new WeakMap<Article, string>();

/** Composes one briefing from the corpus. */
export function composeBriefing(corpus: Corpus, query: BriefingQuery): BriefingResult {
  const kind: BriefingKind = query.kind === 'headlines' ? 'headlines' : 'news';
  if (!Number.isFinite(query.now))
    throw new TypeError('brief(): `now` must be a finite epoch-milliseconds number');
  const limit = clampLimit(query.limit, DEFAULT_LIMITS[kind]);
  const plan = planQuery(query.topic, corpus.lexicon);
  const excluded = new Set<number>();
  for (const id of query.excludeIds ?? []) {
    const doc = corpus.idToDoc.get(id);
    if (doc !== undefined) excluded.add(doc);
  }
  const filters: Filters = {
    now: query.now,
    since:
      typeof query.since === 'number' && Number.isFinite(query.since) ? query.since : undefined,
    excluded,
  };
  const mutes = compileMutes(query.mute, corpus.lexicon);

  const candidates =
    plan === null
      ? recentCandidates(corpus, filters, Math.min(400, Math.max(150, limit * 12)))
      : plan.units.length === 0
        ? []
        : matchQuery(corpus, plan, filters, Math.min(300, Math.max(50, limit * 5)));

  const ranked = rankStories(corpus, clusterCandidates(corpus, candidates), plan === null);
  const stories: Story[] = [];
  const storyArticleIds: string[][] = [];
  for (const cluster of ranked) {
    if (stories.length >= limit) break;
    if (mutes.length > 0 && cluster.members.some((member) => isMuted(corpus, member.doc, mutes)))
      continue;
    const composed = composeStory(corpus, cluster, kind);
    if (composed === undefined) continue;
    stories.push(composed.story);
    storyArticleIds.push(composed.ids);
  }

  const briefing: Briefing = {
    kind,
    topic: plan?.text ?? null,
    generatedAt: new Date(query.now).toISOString(),
    stories,
  };
  return { briefing, storyArticleIds };
}

function clampLimit(limit: number | undefined, fallback: number): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.min(MAX_LIMIT, Math.max(1, Math.floor(limit)));
}

/**
 * Stories in rank order: tier first (units of the query satisfied), then the best
 * member's score lifted by coverage: distinct sources count fully, repeats from one
 * source half. Without a topic, coverage weighs more (it is what makes a top story).
 */
function rankStories(corpus: Corpus, clusters: Cluster[], topStories: boolean): Cluster[] {
  const lift = topStories ? 0.5 : 0.25;
  const keyed = clusters.map((cluster, order) => {
    const sources = new Set(
      cluster.members.map((member) => corpus.sourceIds.data[member.doc] ?? -1),
    );
    const reach = sources.size + 0.5 * (cluster.members.length - sources.size);
    const best = cluster.members[0];
    return {
      cluster,
      order,
      tier: best?.tier ?? 0,
      score: (best?.score ?? 0) * (1 + lift * Math.log2(reach)),
    };
  });
  keyed.sort((a, b) => b.tier - a.tier || b.score - a.score || a.order - b.order);
  return keyed.map(({ cluster }) => cluster);
}

function composeStory(
  corpus: Corpus,
  cluster: Cluster,
  kind: BriefingKind,
): { story: Story; ids: string[] } | undefined {
  const members = cluster.members.filter((member) => corpus.articles[member.doc] !== undefined);
  const first = members[0];
  if (first === undefined) return undefined;
  // A news briefing prefers the report with the most to summarize (a body, then a feed
  // summary) among those ranking close to the best.
  let lead = first;
  if (kind === 'news') {
    const text = corpus.hasText.data;
    for (const member of members) {
      if (member.score < first.score * 0.6) continue;
      if ((text[member.doc] ?? 0) > (text[lead.doc] ?? 0)) lead = member;
    }
  }
  const article = corpus.articles[lead.doc];
  if (article === undefined) return undefined;
  const title = corpus.titles[lead.doc] ?? '';
  const related: RelatedReport[] = [];
  const shown = new Set([`${title}\u0000${article.source}`]);
  const ids = [article.id];
  for (const member of members) {
    if (member === lead) continue;
    const other = corpus.articles[member.doc];
    if (other === undefined) continue;
    ids.push(other.id);
    const otherTitle = corpus.titles[member.doc] ?? '';
    const key = `${otherTitle}\u0000${other.source}`;
    if (shown.has(key)) continue;
    shown.add(key);
    related.push({ title: otherTitle, url: other.url, source: other.source });
  }
  const story: Story = {
    title,
    summary: kind === 'news' ? summaryOf(article, title) : '',
    url: article.url,
    source: article.source,
    publishedAt: article.publishedAt === null ? null : isoOrNull(article.publishedAt),
    related,
  };
  return { story, ids };
}

function summaryOf(article: Article, title: string): string {
  let summary = summaries.get(article);
  if (summary === undefined) {
    summary = summarize(
      {
        title,
        body: article.body,
        ...(article.summary === undefined ? {} : { summary: article.summary }),
      },
      NEWS_SUMMARY_BUDGET,
    );
    summaries.set(article, summary);
  }
  return summary;
}

function isoOrNull(time: number): string | null {
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
