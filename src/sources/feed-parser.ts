/**
 * Feed documents (RSS 0.9x/2.0, RSS 1.0/RDF, Atom 0.3/1.0, JSON Feed 1.x) to normalized
 * items. feedsmith does the parsing (measured best of five on the fixtures, and it never
 * expands entities); this module adds what no parser does: refusing DTD entities before
 * parsing, salvaging the good items before a break in the XML, strict dates, plain text,
 * absolute URLs, and one mapping for every format.
 */
import {
  DetectError,
  parseAtomFeed,
  parseFeed as feedsmithParse,
  parseRdfFeed,
  parseRssFeed,
  type AnyFeed,
  type AtomFeed,
  type JsonFeed,
  type RdfFeed,
  type RssFeed,
} from 'feedsmith';
import { publicationDate } from './dates.ts';
import { fastParseFeed } from './fast-feed.ts';
import { lineAt } from './json-position.ts';
import { htmlToLine, htmlToText, oneLine, plainText } from './text.ts';

export type FeedFormat = 'rss' | 'atom' | 'rdf' | 'json';

/** One feed item, normalized: plain text, absolute URL, strict date. */
export interface FeedItem {
  /** The feed's own guid / atom:id / JSON Feed id (trimmed), or null when it has none. */
  readonly guid: string | null;
  /** Plain one-line title; '' when the item has none. */
  readonly title: string;
  /** Absolute http(s) URL, or null. */
  readonly link: string | null;
  readonly publishedAt: number | null;
  /** Plain text of the description / summary; '' when none. */
  readonly summary: string;
  /** Plain text of the full content (content:encoded, atom:content…); '' when none. */
  readonly content: string;
  readonly categories: readonly string[];
  readonly author: string | null;
}

/** A parsed feed document. */
export interface ParsedFeed {
  readonly format: FeedFormat;
  /** Plain one-line feed title; '' when none. */
  readonly title: string;
  /** The site's absolute URL, when the feed names one. */
  readonly link: string | null;
  readonly items: readonly FeedItem[];
  /**
   * How often the feed says it changes, in minutes (`ttl`, `sy:updatePeriod` /
   * `sy:updateFrequency`); null when it does not say.
   */
  readonly ttlMinutes: number | null;
  /**
   * Set when the XML broke part-way and only the items before the break were kept:
   * the feed still counts as failing, but its good items are not thrown away.
   */
  readonly salvaged: {
    readonly kept: number;
    readonly reason: string;
    /** 1-based line where the broken part starts. */
    readonly line: number;
  } | null;
}

export type FeedErrorCode = 'empty' | 'unsafe-xml' | 'not-a-feed' | 'malformed' | 'bad-json';

/** Why a document is not a usable feed. The message is safe to log and to show owners. */
export class FeedFormatError extends Error {
  override readonly name = 'FeedFormatError';
  constructor(
    readonly code: FeedErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface ParseFeedOptions {
  /** The address the document came from: the base for relative links. */
  readonly url?: string | null;
  /** The clock (epoch ms): dates more than 48 h after it are dropped. */
  readonly now: number;
  /**
   * How RSS and Atom XML is read: `'fast'` (the default) tries the strict fast reader of
   * `fast-feed.ts` and falls back to feedsmith whenever it declines; `'feedsmith'` always
   * uses feedsmith. Both give the same result; the choice exists for the differential
   * tests and the benchmark.
   */
  readonly engine?: ParseEngine;
}

/** See `ParseFeedOptions.engine`. */
export type ParseEngine = 'fast' | 'feedsmith';

/**
 * Parses feed text (already decoded: see `decodeFeedBytes`).
 * @throws FeedFormatError for an empty document, one that declares XML entities,
 *   an HTML page or anything else that is not a feed, and XML broken before any item.
 */
export function parseFeedText(text: string, options: ParseFeedOptions): ParsedFeed {
  const doc = text.replace(/^\uFEFF/, '').trimStart();
  if (doc.trim() === '') throw new FeedFormatError('empty', 'the document is empty');
  if (doc.startsWith('{') || doc.startsWith('[')) return parseJson(doc, options);

  const prolog = scanProlog(doc);
  if (prolog.declaresEntities) {
    throw new FeedFormatError(
      'unsafe-xml',
      'the document declares XML entities in a DTD (refused: entity expansion and external entities are never processed)',
    );
  }
  if (prolog.html || prolog.root?.toLowerCase() === 'html') {
    const alternate = feedLinkInHtml(doc);
    throw new FeedFormatError(
      'not-a-feed',
      `this is an HTML page, not a feed${alternate === null ? '' : ` (the page names a feed at ${alternate})`}`,
    );
  }
  if (prolog.root === null) {
    throw new FeedFormatError('not-a-feed', 'this is neither XML nor JSON, so not a feed');
  }
  refuseOversizedPeople(doc);
  const engine = options.engine ?? 'fast';
  try {
    return mapFeed(parseXmlFeed(doc, prolog.root, engine), options, null);
  } catch (error) {
    if (error instanceof DetectError) {
      throw new FeedFormatError(
        'not-a-feed',
        `the document's root element <${prolog.root}> is not RSS, RDF or Atom`,
      );
    }
    const salvaged = salvage(doc, prolog.root, engine);
    if (salvaged !== null) {
      const parsed = mapFeed(salvaged.parsed, options, null);
      return {
        ...parsed,
        salvaged: {
          kept: parsed.items.length,
          reason: `the XML is not well-formed after item ${salvaged.items} (line ${salvaged.line}); kept the ${parsed.items.length} items before it`,
          line: salvaged.line,
        },
      };
    }
    throw new FeedFormatError('malformed', 'the XML is not well-formed');
  }
}

// ---------------------------------------------------------------- XML prolog and salvage

/** The longest person field (`Name (mail@example.com)`) a feed may carry. */
export const MAX_PERSON_FIELD = 4096;
const PERSON_TAGS = ['<author>', '<managingEditor>', '<webMaster>'];

/**
 * feedsmith's person parsing (RSS `<author>`, `<managingEditor>`, `<webMaster>`) is
 * quadratic on unmatched brackets: a 5 MB hostile field would block the bot for hours.
 * No real feed needs more than a few hundred characters there, so refuse the feed.
 */
function refuseOversizedPeople(doc: string): void {
  for (const open of PERSON_TAGS) {
    const close = `</${open.slice(1)}`;
    for (let at = doc.indexOf(open); at !== -1; at = doc.indexOf(open, at + open.length)) {
      const end = doc.indexOf(close, at);
      const length = (end === -1 ? doc.length : end) - at - open.length;
      if (length > MAX_PERSON_FIELD) {
        throw new FeedFormatError(
          'unsafe-xml',
          `an ${open} field is ${length} characters long (refused: at most ${MAX_PERSON_FIELD})`,
        );
      }
      if (end === -1) break;
      at = end;
    }
  }
}

/**
 * Parses with the format's own parser when the root element says which it is: the
 * universal one runs every format's detection regex over the whole document first.
 */
function parseXmlFeed(doc: string, root: string | null, engine: ParseEngine): AnyFeed<string> {
  if (engine === 'fast' && root !== null) {
    const fast = fastParseFeed(doc, root);
    if (fast !== null) return fast;
  }
  const local = root?.replace(/^.*:/, '').toLowerCase();
  if (local === 'rss') return { format: 'rss', feed: parseRssFeed(doc) };
  if (local === 'feed') return { format: 'atom', feed: parseAtomFeed(doc) };
  if (local === 'rdf') return { format: 'rdf', feed: parseRdfFeed(doc) };
  return feedsmithParse(doc);
}

interface Prolog {
  root: string | null;
  declaresEntities: boolean;
  html: boolean;
}

/** Reads the prolog by hand: a regex over a hostile DTD can take forever. */
function scanProlog(doc: string): Prolog {
  let i = 0;
  let declaresEntities = false;
  let html = false;
  while (i < doc.length) {
    while (i < doc.length && /\s/.test(doc[i]!)) i++;
    if (doc.startsWith('<?', i)) {
      const end = doc.indexOf('?>', i);
      if (end < 0) break;
      i = end + 2;
    } else if (doc.startsWith('<!--', i)) {
      const end = doc.indexOf('-->', i);
      if (end < 0) break;
      i = end + 3;
    } else if (doc.slice(i, i + 9).toUpperCase() === '<!DOCTYPE') {
      const bracket = doc.indexOf('[', i);
      let end = doc.indexOf('>', i);
      if (bracket >= 0 && end >= 0 && bracket < end) {
        const close = doc.indexOf(']', bracket);
        end = close < 0 ? -1 : doc.indexOf('>', close);
      }
      const doctype = end < 0 ? doc.slice(i) : doc.slice(i, end + 1);
      if (/<!ENTITY/i.test(doctype)) declaresEntities = true;
      if (/^<!DOCTYPE\s+html\b/i.test(doctype)) html = true;
      if (end < 0) break;
      i = end + 1;
    } else {
      const m = /^<([A-Za-z_][\w:.-]*)/.exec(doc.slice(i, i + 200));
      return { root: m?.[1] ?? null, declaresEntities, html };
    }
  }
  return { root: null, declaresEntities, html };
}

function feedLinkInHtml(doc: string): string | null {
  const m =
    /<link\b[^>]*type=["']application\/(?:rss|atom)\+xml["'][^>]*href=["']([^"']+)["']/i.exec(
      doc.slice(0, 100_000),
    );
  return m?.[1] ?? null;
}

/**
 * Keeps the items before the first break in the XML: binary search for the longest
 * prefix that ends after an item and parses once the open elements are closed.
 */
function salvage(
  doc: string,
  root: string | null,
  engine: ParseEngine,
): { parsed: AnyFeed<string>; items: number; line: number } | null {
  if (root === null) return null;
  const local = root.replace(/^.*:/, '').toLowerCase();
  const closers =
    local === 'rss'
      ? '</channel></rss>'
      : local === 'rdf' || local === 'feed'
        ? `</${root}>`
        : null;
  if (closers === null) return null;
  const ends: number[] = [];
  const itemEnd = /<\/(?:[\w.-]+:)?(?:item|entry)\s*>/gi;
  for (let m = itemEnd.exec(doc); m !== null; m = itemEnd.exec(doc)) {
    ends.push(m.index + m[0].length);
  }
  const attempt = (count: number) => {
    if (count === 0) return null;
    try {
      return parseXmlFeed(doc.slice(0, ends[count - 1]) + closers, root, engine);
    } catch {
      return null;
    }
  };
  let lo = 0;
  let hi = ends.length;
  let best: AnyFeed<string> | null = null;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const parsed = attempt(mid);
    if (parsed === null) {
      hi = mid - 1;
    } else {
      lo = mid;
      best = parsed;
    }
  }
  if (lo === 0) return null;
  const parsed = best ?? attempt(lo);
  if (parsed === null) return null;
  let breakAt = ends[lo - 1] ?? 0;
  while (breakAt < doc.length && /\s/.test(doc[breakAt]!)) breakAt++;
  return { parsed, items: lo, line: lineAt(doc, breakAt) };
}

// ---------------------------------------------------------------- JSON

function parseJson(doc: string, options: ParseFeedOptions): ParsedFeed {
  let value: unknown;
  try {
    value = JSON.parse(doc);
  } catch (error) {
    throw new FeedFormatError('bad-json', `the JSON is not valid: ${(error as Error).message}`);
  }
  if (
    value === null ||
    typeof value !== 'object' ||
    Array.isArray(value) ||
    !Array.isArray((value as { items?: unknown }).items)
  ) {
    throw new FeedFormatError('not-a-feed', 'this JSON is not a JSON Feed (no "items" list)');
  }
  try {
    return mapFeed(feedsmithParse(value), options, value);
  } catch (error) {
    if (error instanceof FeedFormatError) throw error;
    throw new FeedFormatError('not-a-feed', 'this JSON is not a JSON Feed');
  }
}

/** JSON Feed 1.0 fields feedsmith maps away but old feeds still use. */
interface RawJsonFeed {
  author?: { name?: unknown };
  items?: Array<{ id?: unknown; author?: { name?: unknown } } | null>;
}

// ---------------------------------------------------------------- mapping

function mapFeed(
  result: AnyFeed<string>,
  options: ParseFeedOptions,
  rawJson: RawJsonFeed | null,
): ParsedFeed {
  switch (result.format) {
    case 'rss':
      return mapRss(result.feed, options);
    case 'rdf':
      return mapRdf(result.feed, options);
    case 'atom':
      return mapAtom(result.feed, options);
    case 'json':
      return mapJson(result.feed, options, rawJson);
  }
}

const PERIOD_MINUTES: Readonly<Record<string, number>> = {
  hourly: 60,
  daily: 24 * 60,
  weekly: 7 * 24 * 60,
  monthly: 30 * 24 * 60,
  yearly: 365 * 24 * 60,
};

function ttlOf(
  ttl: number | undefined,
  sy: { updatePeriod?: string; updateFrequency?: number } | undefined,
) {
  if (typeof ttl === 'number' && Number.isFinite(ttl) && ttl > 0) return ttl;
  const period = PERIOD_MINUTES[sy?.updatePeriod?.trim().toLowerCase() ?? ''];
  if (period === undefined) return null;
  const frequency = sy?.updateFrequency;
  const times = typeof frequency === 'number' && frequency >= 1 ? frequency : 1;
  return period / times;
}

/** Resolves `href` against `base`; only absolute http(s) URLs come out. */
export function absoluteUrl(href: string | null | undefined, base: string | null): string | null {
  const raw = href?.trim();
  if (!raw) return null;
  // Without a base only `scheme:…` parses; skipping the rest saves a thrown error per
  // item in feeds whose guids are no URLs.
  if (base === null && !raw.includes(':')) return null;
  try {
    const url = base === null ? new URL(raw) : new URL(raw, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Like `absoluteUrl`, but keeps a relative base usable as a base for the next level. */
function resolveBase(href: string | undefined, base: string | null): string | null {
  return absoluteUrl(href, base) ?? base;
}

function person(p: { name?: string; email?: string } | undefined): string | null {
  const name = oneLine(htmlToText(p?.name ?? ''));
  if (name !== '') return name;
  const email = oneLine(p?.email ?? '');
  return email === '' ? null : email;
}

function firstPerson(people: ReadonlyArray<{ name?: string; email?: string }> | undefined) {
  for (const p of people ?? []) {
    const found = person(p);
    if (found !== null) return found;
  }
  return null;
}

function firstText(values: ReadonlyArray<string | undefined> | undefined): string | null {
  for (const value of values ?? []) {
    const text = htmlToLine(value ?? '');
    if (text !== '') return text;
  }
  return null;
}

function unique(values: Iterable<string>): string[] {
  const seen = new Set<string>();
  for (const value of values) {
    const text = oneLine(value);
    if (text !== '') seen.add(text);
  }
  return [...seen];
}

function guidOf(value: string | number | undefined | null): string | null {
  if (value === undefined || value === null) return null;
  const text = String(value).trim();
  return text === '' ? null : text;
}

function mapRss(feed: RssFeed.Feed<string>, options: ParseFeedOptions): ParsedFeed {
  const docBase = resolveBase(feed.xml?.base, options.url ?? null);
  const link = absoluteUrl(feed.link, docBase) ?? alternateLink(feed.atom?.links, docBase);
  const base = link ?? docBase;
  const items = (feed.items ?? []).map((item): FeedItem => {
    const itemBase = resolveBase(item.xml?.base, base);
    const guid = guidOf(item.guid?.value);
    const summary = htmlToText(item.description ?? firstText(item.dc?.descriptions) ?? '');
    return {
      guid,
      title: htmlToLine(item.title ?? firstText(item.dc?.titles) ?? ''),
      link:
        absoluteUrl(item.link, itemBase) ??
        alternateLink(item.atom?.links, itemBase) ??
        (item.guid?.isPermaLink === false ? null : absoluteUrl(guid, null)),
      publishedAt: publicationDate(
        item.pubDate ??
          item.dc?.dates?.[0] ??
          item.dcterms?.issued?.[0] ??
          item.dcterms?.created?.[0] ??
          item.atom?.published ??
          item.atom?.updated,
        options.now,
      ),
      summary,
      content: htmlToText(item.content?.encoded ?? ''),
      categories: unique([
        ...(item.categories ?? []).map((c) => htmlToLine(c.name ?? '')),
        ...(item.dc?.subjects ?? []),
      ]),
      author:
        firstPerson(item.authors) ?? firstText(item.dc?.creators) ?? item.itunes?.author ?? null,
    };
  });
  return {
    format: 'rss',
    title: htmlToLine(feed.title ?? firstText(feed.dc?.titles) ?? ''),
    link,
    items,
    ttlMinutes: ttlOf(feed.ttl, feed.sy),
    salvaged: null,
  };
}

function mapRdf(feed: RdfFeed.Feed<string>, options: ParseFeedOptions): ParsedFeed {
  const docBase = resolveBase(feed.xml?.base, options.url ?? null);
  const link = absoluteUrl(feed.link, docBase);
  const base = link ?? docBase;
  const items = (feed.items ?? []).map((item): FeedItem => {
    const itemBase = resolveBase(item.xml?.base, base);
    return {
      guid: guidOf(item.rdf?.about),
      title: htmlToLine(item.title ?? firstText(item.dc?.titles) ?? ''),
      link: absoluteUrl(item.link, itemBase) ?? absoluteUrl(item.rdf?.about, itemBase),
      publishedAt: publicationDate(
        item.dc?.dates?.[0] ?? item.dcterms?.issued?.[0] ?? item.dcterms?.created?.[0],
        options.now,
      ),
      summary: htmlToText(item.description ?? firstText(item.dc?.descriptions) ?? ''),
      content: htmlToText(item.content?.encoded ?? ''),
      categories: unique(item.dc?.subjects ?? []),
      author: firstText(item.dc?.creators),
    };
  });
  return {
    format: 'rdf',
    title: htmlToLine(feed.title ?? ''),
    link,
    items,
    ttlMinutes: ttlOf(undefined, feed.sy),
    salvaged: null,
  };
}

type AtomLink = { href?: string; rel?: string; type?: string };

/** The `alternate` link (no rel means alternate), preferring an HTML one. */
function alternateLink(
  links: ReadonlyArray<AtomLink> | undefined,
  base: string | null,
): string | null {
  const alternates = (links ?? []).filter(
    (l) => (l.rel ?? 'alternate').trim().toLowerCase() === 'alternate',
  );
  const preferred = alternates.find((l) => /html/i.test(l.type ?? '')) ?? alternates[0];
  return absoluteUrl(preferred?.href, base);
}

function atomText(text: { value?: string; type?: string } | undefined): string {
  if (text?.value === undefined) return '';
  const type = (text.type ?? 'text').toLowerCase();
  return type === 'html' || type === 'xhtml' || type.includes('html')
    ? htmlToText(text.value)
    : plainText(text.value);
}

function mapAtom(feed: AtomFeed.Feed<string>, options: ParseFeedOptions): ParsedFeed {
  const feedBase = resolveBase(feed.xml?.base, options.url ?? null);
  const link = alternateLink(feed.links, feedBase);
  const feedAuthor = firstPerson(feed.authors);
  const items = (feed.entries ?? []).map((entry): FeedItem => {
    const base = resolveBase(entry.xml?.base, feedBase);
    return {
      guid: guidOf(entry.id),
      title: oneLine(atomText(entry.title)),
      link: alternateLink(entry.links, base),
      publishedAt: publicationDate(
        entry.published ?? entry.updated ?? entry.dc?.dates?.[0],
        options.now,
      ),
      summary: atomText(entry.summary),
      content: entry.content?.src === undefined ? atomText(entry.content) : '',
      categories: unique((entry.categories ?? []).map((c) => c.term ?? c.label ?? '')),
      // RFC 4287 §4.2.1: an entry without an author inherits its source's, then the feed's.
      author:
        firstPerson(entry.authors) ??
        firstPerson(entry.source?.authors) ??
        firstText(entry.dc?.creators) ??
        feedAuthor,
    };
  });
  return {
    format: 'atom',
    title: oneLine(atomText(feed.title)),
    link,
    items,
    ttlMinutes: ttlOf(undefined, feed.sy),
    salvaged: null,
  };
}

function mapJson(
  feed: JsonFeed.Feed<string>,
  options: ParseFeedOptions,
  raw: RawJsonFeed | null,
): ParsedFeed {
  const docBase = options.url ?? null;
  const link = absoluteUrl(feed.home_page_url, docBase);
  const base = absoluteUrl(feed.feed_url, docBase) ?? docBase;
  const legacyName = (value: { name?: unknown } | undefined | null) =>
    typeof value?.name === 'string' ? person({ name: value.name }) : null;
  const feedAuthor = firstPerson(feed.authors) ?? legacyName(raw?.author);
  const legacyAuthors = new Map<string, { name?: unknown }>();
  for (const rawItem of raw?.items ?? []) {
    const id = rawItem?.id;
    if (rawItem?.author !== undefined && (typeof id === 'string' || typeof id === 'number')) {
      legacyAuthors.set(String(id), rawItem.author);
    }
  }
  const items = (feed.items ?? []).map((item): FeedItem => ({
    guid: guidOf(item.id),
    title: oneLine(item.title ?? ''),
    link: absoluteUrl(item.url, base) ?? absoluteUrl(item.external_url, base),
    publishedAt: publicationDate(item.date_published ?? item.date_modified, options.now),
    summary: plainText(item.summary ?? ''),
    content:
      item.content_html !== undefined
        ? htmlToText(item.content_html)
        : plainText(item.content_text ?? ''),
    categories: unique(item.tags ?? []),
    author:
      firstPerson(item.authors) ?? legacyName(legacyAuthors.get(String(item.id))) ?? feedAuthor,
  }));
  return {
    format: 'json',
    title: oneLine(feed.title ?? ''),
    link,
    items,
    ttlMinutes: null,
    salvaged: null,
  };
}
