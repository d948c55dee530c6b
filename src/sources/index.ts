/**
 * Sources: local news files and live feeds, normalized into `Article`s for the corpus.
 * This is the module's public face; the rest of `src/` imports from here.
 */
export { loadNewsDir, describeProblem, NewsDirError, MAX_NEWS_FILE_BYTES } from './news-dir.ts';
export type { LoadNewsDirOptions, NewsDirResult } from './news-dir.ts';
export { parseNewsFile, localFormat } from './local-formats.ts';
export type { LoadProblem, FileResult, LocalFormat } from './local-formats.ts';
export { parseFeedText, FeedFormatError, absoluteUrl } from './feed-parser.ts';
export type { FeedItem, ParsedFeed, FeedFormat, FeedErrorCode } from './feed-parser.ts';
export { feedArticles, Deduplicator, canonicalLink } from './normalize.ts';
export { decodeFeedBytes, charsetOf } from './charset.ts';
export type { DecodedText } from './charset.ts';
export { parseDate, publicationDate } from './dates.ts';
export { htmlToText, htmlToLine, decodeEntities, plainText } from './text.ts';
export { fetchFeed, FetchError, DEFAULT_FETCH_LIMITS } from './fetcher.ts';
export type { FetchLimits, FetchOutcome, FetchErrorCode, Validators } from './fetcher.ts';
export { loadFeedList, parseFeedsFile, feedsToOpml } from './feed-list.ts';
export type { FeedSource, FeedList } from './feed-list.ts';
export { FeedService, MAX_POLL_DELAY_MS } from './feed-service.ts';
export type { FeedHealth, FeedServiceOptions, KeyValueStore, CorpusSink } from './feed-service.ts';
export { runFeedsCommand, FEEDS_USAGE } from './feeds-cli.ts';
export type { FeedsCliDeps, Output, ParsedItemJson } from './feeds-cli.ts';
