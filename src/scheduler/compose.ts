/**
 * Shared composition. Subscriptions due together with the same topic, kind and mute
 * words share one composed briefing: the engine runs once per distinct (topic, kind,
 * mute words) in a run, asked for three times the stories a chat gets and for news since
 * the earliest `since` of the group. Each chat's briefing is then that candidate list
 * filtered for the chat: stories whose articles it already received are dropped, as are
 * stories with nothing published since its own last briefing; the first N remain, in the
 * engine's rank order.
 */
import type {
  Briefing,
  BriefingKind,
  BriefingQuery,
  BriefingResult,
} from '../../briefings/types.ts';
import type { Article } from '../../briefings/types.ts';
import { HEADLINES_LIMIT, NEWS_LIMIT } from '../commands/news.ts';

/** What the scheduler needs of the engine (`NewsIndex` has it). */
export interface BriefingSource {
  brief(query: BriefingQuery): BriefingResult;
  get(id: string): Article | undefined;
}

/** Stories in a scheduled briefing. */
export function storyLimit(kind: BriefingKind): number {
  return kind === 'news' ? NEWS_LIMIT : HEADLINES_LIMIT;
}

/** How many candidates the shared composition holds per story a chat gets. */
const CANDIDATE_FACTOR = 3;

export interface CompositionRequest {
  topic: string;
  kind: BriefingKind;
  mute: readonly string[];
}

/** The key shared compositions are grouped by. */
export function compositionKey({ topic, kind, mute }: CompositionRequest): string {
  return [kind, topic, [...mute].sort().join(',')].join('\u0000');
}

/** One run's compositions: each distinct key composed once, on first use. */
export class Compositions {
  readonly #source: BriefingSource;
  readonly #now: number;
  readonly #since: ReadonlyMap<string, number>;
  readonly #done = new Map<string, BriefingResult>();
  #count = 0;

  /**
   * @param since for each composition key, the earliest `since` among the subscriptions
   * that will use it (so the shared candidates cover every one of them).
   */
  constructor(source: BriefingSource, now: number, since: ReadonlyMap<string, number>) {
    this.#source = source;
    this.#now = now;
    this.#since = since;
  }

  /** How many briefings the engine composed in this run. */
  get count(): number {
    return this.#count;
  }

  get now(): number {
    return this.#now;
  }

  candidates(request: CompositionRequest): BriefingResult {
    const key = compositionKey(request);
    let result = this.#done.get(key);
    if (result === undefined) {
      const since = this.#since.get(key);
      result = this.#source.brief({
        kind: request.kind,
        topic: request.topic,
        now: this.#now,
        limit: storyLimit(request.kind) * CANDIDATE_FACTOR,
        ...(since === undefined ? {} : { since }),
        ...(request.mute.length === 0 ? {} : { mute: request.mute }),
      });
      this.#count++;
      this.#done.set(key, result);
    }
    return result;
  }
}

/** A chat's own briefing, cut from the shared candidates. */
export interface Personal {
  briefing: Briefing;
  /** Every article id of the stories kept: recorded as delivered after the send. */
  articleIds: string[];
}

/**
 * Filters candidates for one chat.
 * @param delivered article ids the chat already received.
 * @param since only stories with an article published (or first seen) at or after it.
 */
export function personalize(
  candidates: BriefingResult,
  source: BriefingSource,
  options: { delivered: ReadonlySet<string>; since: number; limit: number },
): Personal {
  const stories: Briefing['stories'] = [];
  const articleIds: string[] = [];
  for (const [index, story] of candidates.briefing.stories.entries()) {
    if (stories.length >= options.limit) break;
    const ids = candidates.storyArticleIds[index] ?? [];
    if (ids.some((id) => options.delivered.has(id))) continue;
    const fresh = ids.some((id) => {
      const article = source.get(id);
      return article !== undefined && (article.publishedAt ?? article.seenAt) >= options.since;
    });
    if (!fresh) continue;
    stories.push(story);
    articleIds.push(...ids);
  }
  return { briefing: { ...candidates.briefing, stories }, articleIds };
}
