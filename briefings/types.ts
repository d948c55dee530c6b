/**
 * The engine's vocabulary: normalized articles in, `Briefing` documents out.
 * Everything here is plain data so it can cross every layer and be printed as JSON.
 */

/** A normalized news item, as `src/sources` produces it from files and feeds. */
export interface Article {
  /** Stable id: a feed's guid / atom:id unchanged, else a synthesized stable hash. */
  readonly id: string;
  /** Headline; empty when the source had none (the engine derives one from the body). */
  readonly title: string;
  /** Plain text body, paragraphs separated by `\n`; empty for a bare headline. */
  readonly body: string;
  /** A plain-text summary the source provided (feed description), if any. */
  readonly summary?: string;
  readonly url: string | null;
  /** Human-readable source name: feed title, front matter `source`, else the file name. */
  readonly source: string;
  /** Publication time in epoch milliseconds, or null when the source gave none. */
  readonly publishedAt: number | null;
  /**
   * When Herald first saw the item (epoch ms). Used in place of `publishedAt` for
   * recency and "published since" filters when the item has no date.
   */
  readonly seenAt: number;
  readonly categories: readonly string[];
  readonly author?: string;
}

/** Another report of the same story, from another source. */
export interface RelatedReport {
  title: string;
  url: string | null;
  source: string;
}

/** One story: a cluster of near-duplicate items, shown through its best item. */
export interface Story {
  title: string;
  /** Extractive summary; empty for a bare headline. */
  summary: string;
  url: string | null;
  source: string;
  /** ISO 8601, or null when the best item has no publication date. */
  publishedAt: string | null;
  related: RelatedReport[];
}

export type BriefingKind = 'news' | 'headlines';

/** The Briefing document of DESIGN.md: what `brief --json` prints, exactly. */
export interface Briefing {
  kind: BriefingKind;
  /** The query as the user typed it (trimmed, lowercased), null for top stories. */
  topic: string | null;
  /** ISO 8601 time of composition (the `now` the engine was given). */
  generatedAt: string;
  stories: Story[];
}

/** What a caller asks the engine for. */
export interface BriefingQuery {
  kind: BriefingKind;
  /** Free text (`japan`, `trump tariffs`, `日本`); null or empty for top stories. */
  topic: string | null;
  /** The clock, epoch ms. Never read inside the engine. */
  now: number;
  /** Maximum number of stories (defaults: news 10, headlines 20). */
  limit?: number;
  /** Only items published (or first seen) at or after this time, epoch ms. */
  since?: number;
  /** Article ids to leave out (already delivered to this chat). */
  excludeIds?: ReadonlySet<string>;
  /** Mute words: stories whose title or body match any of them are dropped. */
  mute?: readonly string[];
}

/** A composed briefing plus the bookkeeping a scheduler needs. */
export interface BriefingResult {
  briefing: Briefing;
  /** For each story (same order), the ids of every article in its cluster. */
  storyArticleIds: string[][];
}
