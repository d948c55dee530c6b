/**
 * Feed items to corpus articles: stable ids, source names, and deduplication by guid,
 * then link, then content, within one feed and across all of them. Different reports
 * of one story are not duplicates here: the engine clusters those.
 */
import type { Article } from '../../briefings/types.ts';
import type { FeedItem, ParsedFeed } from './feed-parser.ts';
import { stableId } from './ids.ts';

/**
 * A link reduced to what identifies the page: no scheme, no fragment, no tracking
 * parameters (`utm_*`, `fbclid`, `gclid`…), lowercase host.
 * @example canonicalLink('https://News.example/a/1?utm_source=rss#top') // 'news.example/a/1'
 */
export function canonicalLink(link: string): string {
  const simple = /^https?:\/\/([^/?#@]+)([^?#]*)$/i.exec(link);
  if (simple !== null) return `${simple[1]!.toLowerCase()}${simple[2]!.replace(/\/+$/, '')}`;
  try {
    const url = new URL(link);
    for (const key of [...url.searchParams.keys()]) {
      if (/^(utm_|mc_)|^(fbclid|gclid|dclid|msclkid|ref|cmpid|ocid)$/i.test(key)) {
        url.searchParams.delete(key);
      }
    }
    url.hash = '';
    const search = url.searchParams.size > 0 ? `?${url.searchParams.toString()}` : '';
    const path = url.pathname.replace(/\/+$/, '');
    return `${url.host.toLowerCase()}${path}${search}`;
  } catch {
    return link;
  }
}

function contentKey(article: Pick<Article, 'title' | 'body' | 'summary'>): string | null {
  // Title and body are already whitespace-normalized plain text.
  const body = article.body || article.summary || '';
  if (article.title === '' && body === '') return null;
  return stableId('content', article.title.toLowerCase(), body);
}

/** The identity keys of an article, strongest first. */
export function dedupKeys(article: Article, hasGuid: boolean): string[] {
  const keys: string[] = [];
  if (hasGuid) keys.push(`g:${article.id}`);
  if (article.url !== null) keys.push(`l:${canonicalLink(article.url)}`);
  const content = contentKey(article);
  if (content !== null) keys.push(`c:${content}`);
  return keys;
}

/**
 * Remembers which article holds each identity key, so a later copy of an item (same
 * guid, same page, or same words under another guid) is recognized. An item that comes
 * back with its own id is an update, not a duplicate.
 */
export class Deduplicator {
  readonly #owner = new Map<string, string>();
  readonly #keysOf = new Map<string, string[]>();

  /**
   * Returns `'new'`, `'update'` (same id seen before: replace it) or the id of the
   * other article this one duplicates; registers the keys unless it is a duplicate.
   */
  admit(article: Article, keys: readonly string[]): 'new' | 'update' | { duplicateOf: string } {
    for (const key of keys) {
      const owner = this.#owner.get(key);
      if (owner !== undefined && owner !== article.id) return { duplicateOf: owner };
    }
    const known = this.#keysOf.get(article.id);
    const all = known ?? [];
    for (const key of keys) {
      if (!this.#owner.has(key)) {
        this.#owner.set(key, article.id);
        all.push(key);
      }
    }
    this.#keysOf.set(article.id, all);
    return known === undefined ? 'new' : 'update';
  }

  /** Forgets articles (dropped by retention), so their keys may be used again. */
  forget(ids: Iterable<string>): void {
    for (const id of ids) {
      for (const key of this.#keysOf.get(id) ?? []) this.#owner.delete(key);
      this.#keysOf.delete(id);
    }
  }

  get size(): number {
    return this.#keysOf.size;
  }
}

export interface ToArticlesOptions {
  /** What identifies the feed: its URL, or a file's path relative to the news folder. */
  readonly identity: string;
  /** The source name when the feed has no title (host name, readable file name). */
  readonly fallbackSource: string;
  /** When Herald saw the items (epoch ms). */
  readonly now: number;
}

/** An article with what the deduplicator needs to know about it. */
export interface FeedArticle {
  readonly article: Article;
  readonly keys: readonly string[];
}

/**
 * Turns a parsed feed into articles, dropping duplicates within the feed (first
 * occurrence wins: feeds list the newest first). Ids: the guid unchanged; else a hash of
 * the feed's identity with the link, or with the text when there is no link.
 */
export function feedArticles(
  feed: ParsedFeed,
  options: ToArticlesOptions,
): { articles: FeedArticle[]; duplicates: number } {
  const source = feed.title || options.fallbackSource;
  // What `Deduplicator.admit` decides within one feed, where anything but 'new' is
  // dropped: an id seen before, or any key already taken, means a duplicate.
  const ids = new Set<string>();
  const taken = new Set<string>();
  const articles: FeedArticle[] = [];
  let duplicates = 0;
  for (const item of feed.items) {
    if (item.title === '' && item.summary === '' && item.content === '' && item.link === null) {
      continue; // an empty item is not news
    }
    const article = toArticle(item, source, options);
    const keys = dedupKeys(article, item.guid !== null);
    if (ids.has(article.id) || keys.some((key) => taken.has(key))) {
      duplicates++;
      continue;
    }
    ids.add(article.id);
    for (const key of keys) taken.add(key);
    articles.push({ article, keys });
  }
  return { articles, duplicates };
}

function toArticle(item: FeedItem, source: string, options: ToArticlesOptions): Article {
  const id =
    item.guid ??
    (item.link !== null
      ? stableId(options.identity, 'link', item.link)
      : stableId(options.identity, 'text', item.title, item.summary, item.content));
  // Built field by field, in the usual key order, rather than with a spread per
  // optional field: this runs for every item of every feed.
  const article = { id, title: item.title, body: item.content || item.summary } as {
    -readonly [K in keyof Article]: Article[K];
  };
  if (item.summary !== '') article.summary = item.summary;
  article.url = item.link;
  article.source = source;
  article.publishedAt = item.publishedAt;
  article.seenAt = options.now;
  article.categories = item.categories;
  if (item.author !== null) article.author = item.author;
  return article;
}
