/**
 * The engine's public face. CONTRACT SKELETON: the engine helper replaces the bodies;
 * the signatures are what `src/` relies on.
 */
import type { Article, BriefingQuery, BriefingResult } from './types.ts';

export type * from './types.ts';

/** A topic defined as data: a name, its aliases and keywords. */
export interface TopicDefinition {
  readonly name: string;
  readonly description: string;
  /** Words and phrases that mean the topic (demonyms, cities, leaders, keywords). */
  readonly aliases: readonly string[];
}

export interface TrendingSubject {
  /** Display form: `Trump`, `Ukraine`, `TrumpRx`. */
  readonly subject: string;
  /** How many stories in the window name it. */
  readonly count: number;
}

/** The in-memory corpus and index. Deterministic for a given `now`. */
export class NewsIndex {
  /** Adds or replaces articles (by id). */
  add(_articles: readonly Article[]): void {
    throw new Error('not implemented');
  }
  /** Removes articles by id; returns how many were removed. */
  remove(_ids: Iterable<string>): number {
    throw new Error('not implemented');
  }
  /** Drops articles whose `publishedAt ?? seenAt` is before `before`; returns how many. */
  prune(_before: number): number {
    throw new Error('not implemented');
  }
  get size(): number {
    throw new Error('not implemented');
  }
  get(_id: string): Article | undefined {
    throw new Error('not implemented');
  }
  /** Composes a briefing: match, rank, cluster, summarize. */
  brief(_query: BriefingQuery): BriefingResult {
    throw new Error('not implemented');
  }
  /** The defined topics, in display order. */
  topics(): readonly TopicDefinition[] {
    throw new Error('not implemented');
  }
  /** The most frequently named subjects (people, places, organisations) in current news. */
  trending(_now: number, _count: number): TrendingSubject[] {
    throw new Error('not implemented');
  }
}
