/**
 * The engine's public face: an in-memory corpus of normalized articles and the briefings
 * composed from it. Pure and deterministic: the clock (`now`) and the articles come in as
 * arguments; nothing here reads the clock, the network or the disk.
 *
 * @example
 * const news = new NewsIndex();
 * news.add(articles);
 * const { briefing } = news.brief({ kind: 'news', topic: 'japan', now: Date.now() });
 */
import { composeBriefing } from './compose.ts';
import { Corpus } from './corpus/corpus.ts';
import { TOPICS, type TopicDefinition } from './data/topics.ts';
import { LEXICON } from './lexicon.ts';
import { trendingSubjects, type TrendingSubject } from './trending.ts';
import type { Article, BriefingQuery, BriefingResult } from './types.ts';

export type * from './types.ts';
export type { TopicDefinition } from './data/topics.ts';
export type { TrendingSubject } from './trending.ts';
export { DEFAULT_LIMITS, MAX_LIMIT } from './compose.ts';
export { NEWS_SUMMARY_BUDGET } from './summarize/summarize.ts';
export { MAX_DERIVED_TITLE } from './summarize/title.ts';

/** The in-memory corpus and index. Deterministic for a given `now`. */
export class NewsIndex {
  readonly #corpus = new Corpus(LEXICON);

  /**
   * Adds or replaces articles (by id). Items without a usable id are skipped; a missing
   * title is derived from the text.
   */
  add(articles: readonly Article[]): void {
    const usable: Article[] = [];
    for (const article of articles) {
      const clean = sanitize(article);
      if (clean !== undefined) usable.push(clean);
    }
    this.#corpus.addMany(usable);
  }

  /** Removes articles by id; returns how many were removed. */
  remove(ids: Iterable<string>): number {
    let removed = 0;
    for (const id of ids) {
      const doc = this.#corpus.idToDoc.get(id);
      if (doc === undefined) continue;
      this.#corpus.removeDoc(doc);
      removed += 1;
    }
    this.#corpus.maybeCompact();
    return removed;
  }

  /** Drops articles whose `publishedAt ?? seenAt` is before `before`; returns how many. */
  prune(before: number): number {
    const corpus = this.#corpus;
    let removed = 0;
    for (let doc = 0; doc < corpus.docCount; doc += 1) {
      if (corpus.articles[doc] === undefined) continue;
      if ((corpus.time.data[doc] ?? 0) < before) {
        corpus.removeDoc(doc);
        removed += 1;
      }
    }
    corpus.maybeCompact();
    return removed;
  }

  get size(): number {
    return this.#corpus.live;
  }

  get(id: string): Article | undefined {
    const doc = this.#corpus.idToDoc.get(id);
    return doc === undefined ? undefined : this.#corpus.articles[doc];
  }

  /**
   * The title a briefing shows for an article: its own, or the one derived from its text.
   */
  displayTitle(id: string): string | undefined {
    const doc = this.#corpus.idToDoc.get(id);
    return doc === undefined ? undefined : this.#corpus.titles[doc];
  }

  /** Composes a briefing: match, rank, cluster, summarize. */
  brief(query: BriefingQuery): BriefingResult {
    return composeBriefing(this.#corpus, query);
  }

  /** The defined topics, in display order. */
  topics(): readonly TopicDefinition[] {
    return TOPICS;
  }

  /** The most frequently named subjects (people, places, organisations) in current news. */
  trending(now: number, count: number): TrendingSubject[] {
    return trendingSubjects(this.#corpus, now, count);
  }
}

/** An article the engine can index, or undefined; fields of the wrong type become empty. */
function sanitize(article: Article): Article | undefined {
  if (typeof article !== 'object' || article === null) return undefined;
  if (typeof article.id !== 'string' || article.id === '') return undefined;
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  const time = (value: unknown): number | null =>
    typeof value === 'number' && Number.isFinite(value) ? value : null;
  const seenAt = time(article.seenAt) ?? time(article.publishedAt) ?? 0;
  const clean =
    typeof article.title === 'string' &&
    typeof article.body === 'string' &&
    (article.summary === undefined || typeof article.summary === 'string') &&
    (article.publishedAt === null || time(article.publishedAt) !== null) &&
    time(article.seenAt) !== null &&
    typeof article.source === 'string';
  if (clean) return article;
  return {
    ...article,
    title: text(article.title),
    body: text(article.body),
    ...(typeof article.summary === 'string' ? { summary: article.summary } : {}),
    source: text(article.source),
    publishedAt: time(article.publishedAt),
    seenAt,
    url: typeof article.url === 'string' ? article.url : null,
    categories: Array.isArray(article.categories) ? article.categories : [],
  };
}
