/**
 * The operator's list of feeds: `NEWS_FEEDS` plus `NEWS_FEEDS_FILE` (one URL a line with
 * `#` comments, or an OPML export from a feed reader). Feeds come only from here, never
 * from chat users.
 */
import { readFile } from 'node:fs/promises';
import { generateOpml, parseOpml, type Opml } from 'feedsmith';
import { absoluteUrl } from './feed-parser.ts';

/** One configured feed. */
export interface FeedSource {
  /** Absolute http(s) URL. */
  readonly url: string;
  /** A title given by the operator (OPML `title`/`text`), if any. */
  readonly title?: string;
}

/** A feed list, with the entries that could not be used. */
export interface FeedList {
  readonly feeds: FeedSource[];
  /** `file:line: message` for each skipped entry. */
  readonly problems: string[];
}

/**
 * Parses a feeds file's text: OPML when it looks like XML, else one URL a line.
 * @param name the file name, for problem messages.
 */
export function parseFeedsFile(text: string, name: string): FeedList {
  const body = text.replace(/^\uFEFF/, '');
  return body.trimStart().startsWith('<') ? parseOpmlList(body, name) : parseLines(body, name);
}

function parseLines(text: string, name: string): FeedList {
  const feeds: FeedSource[] = [];
  const problems: string[] = [];
  text.split(/\r\n?|\n/).forEach((raw, index) => {
    // `#` starts a comment at line start or after a space; inside a URL it is a fragment.
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') return;
    for (const entry of line.split(/[\s,]+/).filter(Boolean)) {
      const url = absoluteUrl(entry, null);
      if (url === null) {
        problems.push(`${name}:${index + 1}: '${entry}' is not an http(s) URL; skipped`);
      } else {
        feeds.push({ url });
      }
    }
  });
  return { feeds, problems };
}

function parseOpmlList(text: string, name: string): FeedList {
  if (/<!ENTITY/i.test(text.slice(0, text.search(/<opml\b/i) >>> 0))) {
    return { feeds: [], problems: [`${name}: the OPML declares XML entities; refused`] };
  }
  let document: Opml.Document<string>;
  try {
    document = parseOpml(text);
  } catch (error) {
    return {
      feeds: [],
      problems: [`${name}: not a valid OPML file (${(error as Error).message})`],
    };
  }
  const feeds: FeedSource[] = [];
  const problems: string[] = [];
  const walk = (outlines: ReadonlyArray<Opml.Outline<string>> | undefined) => {
    for (const outline of outlines ?? []) {
      if (outline.xmlUrl !== undefined) {
        const url = absoluteUrl(outline.xmlUrl, null);
        const title = (outline.title ?? outline.text ?? '').trim();
        if (url === null) {
          problems.push(
            `${name}: outline '${title || outline.xmlUrl}' has xmlUrl '${outline.xmlUrl}', not an http(s) URL; skipped`,
          );
        } else {
          feeds.push(title === '' ? { url } : { url, title });
        }
      }
      walk(outline.outlines);
    }
  };
  walk(document.body?.outlines);
  return { feeds, problems };
}

/**
 * The configured feeds: `NEWS_FEEDS` then the file's, without repeats.
 * @throws Error naming NEWS_FEEDS_FILE when the file cannot be read.
 */
export async function loadFeedList(news: {
  readonly feeds: readonly string[];
  readonly feedsFile: string | null;
}): Promise<FeedList> {
  const problems: string[] = [];
  const all: FeedSource[] = [];
  for (const entry of news.feeds) {
    const url = absoluteUrl(entry, null);
    if (url === null) problems.push(`NEWS_FEEDS: '${entry}' is not an http(s) URL; skipped`);
    else all.push({ url });
  }
  if (news.feedsFile !== null) {
    let text: string;
    try {
      text = await readFile(news.feedsFile, 'utf8');
    } catch (error) {
      throw new Error(
        `NEWS_FEEDS_FILE names '${news.feedsFile}', which cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Create it (one feed URL a line, or an OPML export) or unset NEWS_FEEDS_FILE.`,
      );
    }
    const fromFile = parseFeedsFile(text, news.feedsFile);
    all.push(...fromFile.feeds);
    problems.push(...fromFile.problems);
  }
  const seen = new Map<string, FeedSource>();
  for (const feed of all) {
    const known = seen.get(feed.url);
    if (known === undefined || (known.title === undefined && feed.title !== undefined))
      seen.set(feed.url, feed);
  }
  return { feeds: [...seen.values()], problems };
}

/** The feed list as OPML 2.0, for `feeds export` (feed readers import it). */
export function feedsToOpml(feeds: readonly FeedSource[], now: number): string {
  return generateOpml({
    head: { title: 'Herald feeds', dateCreated: new Date(now) },
    body: {
      outlines: feeds.map((feed) => ({
        text: feed.title ?? feed.url,
        ...(feed.title !== undefined ? { title: feed.title } : {}),
        type: 'rss',
        xmlUrl: feed.url,
      })),
    },
  });
}
