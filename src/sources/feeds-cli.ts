/**
 * `npm run feeds -- check | export | parse <file or URL> [--json]`: the operator's view
 * of the feeds. Only data goes to stdout (so `--json` output pipes cleanly); problems
 * go to stderr.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Article } from '../../briefings/types.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { charsetOf, decodeFeedBytes, type DecodedText } from './charset.ts';
import { FeedFormatError, parseFeedText, type ParsedFeed } from './feed-parser.ts';
import { feedsToOpml, loadFeedList } from './feed-list.ts';
import { FeedService, type FeedHealth } from './feed-service.ts';
import { DEFAULT_FETCH_LIMITS, FetchError, fetchFeed, type FetchLimits } from './fetcher.ts';
import { localFormat, parseNewsFile } from './local-formats.ts';
import { feedArticles } from './normalize.ts';
import { readableFileName } from './text.ts';

/** Where output goes: `process.stdout` / `process.stderr`, or a buffer in tests. */
export interface Output {
  write(text: string): unknown;
}

export interface FeedsCliDeps {
  readonly config: Config;
  readonly log: Logger;
  readonly stdout: Output;
  readonly stderr: Output;
  /** The clock, epoch ms. */
  readonly now?: () => number;
  readonly limits?: Partial<FetchLimits>;
}

export const FEEDS_USAGE = `Usage: npm run feeds -- <command>
  check [--json]              fetch every configured feed once and print its health
  export                      print the configured feeds as OPML
  parse <file or URL> [--json]  print the normalized items of one feed`;

/**
 * Runs a `feeds` sub-command.
 * @param argv the arguments after `feeds` (`['parse', 'saved.rss', '--json']`).
 * @returns the exit status: 0 fine; 1 a feed failed or nothing is configured; 2 usage.
 */
export async function runFeedsCommand(
  argv: readonly string[],
  deps: FeedsCliDeps,
): Promise<number> {
  const json = argv.includes('--json');
  const args = argv.filter((a) => a !== '--json');
  const unknownFlag = args.find((a) => a.startsWith('--'));
  if (unknownFlag !== undefined) return usage(deps, `Unknown option ${unknownFlag}.`);
  const [command, ...rest] = args;
  switch (command) {
    case 'check':
      if (rest.length > 0) return usage(deps, '`check` takes no arguments.');
      return check(deps, json);
    case 'export':
      if (rest.length > 0 || json) return usage(deps, '`export` takes no arguments.');
      return exportOpml(deps);
    case 'parse':
      if (rest.length !== 1) return usage(deps, '`parse` needs exactly one file or URL.');
      return parse(rest[0]!, deps, json);
    default:
      return usage(deps, command === undefined ? undefined : `Unknown command '${command}'.`);
  }
}

function usage(deps: FeedsCliDeps, problem?: string): number {
  deps.stderr.write(`${problem === undefined ? '' : `${problem}\n`}${FEEDS_USAGE}\n`);
  return 2;
}

async function configuredFeeds(deps: FeedsCliDeps) {
  const list = await loadFeedList(deps.config.news);
  for (const problem of list.problems) deps.stderr.write(`warning: ${problem}\n`);
  return list.feeds;
}

// ---------------------------------------------------------------- check

async function check(deps: FeedsCliDeps, json: boolean): Promise<number> {
  let feeds;
  try {
    feeds = await configuredFeeds(deps);
  } catch (error) {
    deps.stderr.write(`${(error as Error).message}\n`);
    return 1;
  }
  if (feeds.length === 0) {
    deps.stderr.write(
      'No feeds configured: set NEWS_FEEDS (URLs separated by commas or spaces) or NEWS_FEEDS_FILE.\n',
    );
    return 1;
  }
  const now = deps.now ?? Date.now;
  const service = new FeedService({
    feeds,
    corpus: { add: () => undefined, remove: () => 0 },
    log: deps.log,
    pollMinutes: deps.config.news.pollMinutes,
    retentionDays: deps.config.news.retentionDays,
    clock: now,
    ...(deps.limits !== undefined ? { limits: deps.limits } : {}),
  });
  const health = await service.pollAll();
  if (json) {
    deps.stdout.write(
      `${JSON.stringify(
        health.map((h) => healthJson(h)),
        null,
        2,
      )}\n`,
    );
  } else {
    deps.stdout.write(healthTable(health, now()));
  }
  return health.every((h) => h.status === 'ok') ? 0 : 1;
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function healthJson(h: FeedHealth) {
  return {
    url: h.url,
    title: h.title,
    status: h.status,
    items: h.items,
    newestAt: iso(h.newestAt),
    lastSuccessAt: iso(h.lastSuccessAt),
    error: h.status === 'failing' ? h.lastError : null,
    intervalMinutes: h.intervalMinutes,
  };
}

/** "12 min", "3 h", "2 d"; "-" when unknown. */
export function age(at: number | null, now: number): string {
  if (at === null) return '-';
  const minutes = Math.max(0, Math.floor((now - at) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h`;
  return `${Math.floor(minutes / 1440)} d`;
}

/** The `check` table: URL, status, items, newest item age, error. */
export function healthTable(health: readonly FeedHealth[], now: number): string {
  const rows = [
    ['URL', 'STATUS', 'ITEMS', 'NEWEST', 'ERROR'],
    ...health.map((h) => [
      h.url,
      h.status,
      String(h.items),
      age(h.newestAt, now),
      h.status === 'failing' ? (h.lastError ?? '') : '',
    ]),
  ];
  const widths = [0, 1, 2, 3].map((col) => Math.max(...rows.map((r) => r[col]!.length)));
  const lines = rows.map((row) =>
    row
      .map((cell, col) => {
        if (col === 4) return cell;
        return col === 2 ? cell.padStart(widths[col]!) : cell.padEnd(widths[col]!);
      })
      .join('  ')
      .trimEnd(),
  );
  const failing = health.filter((h) => h.status !== 'ok').length;
  lines.push('', `${health.length} ${health.length === 1 ? 'feed' : 'feeds'}, ${failing} failing.`);
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------- export

async function exportOpml(deps: FeedsCliDeps): Promise<number> {
  let feeds;
  try {
    feeds = await configuredFeeds(deps);
  } catch (error) {
    deps.stderr.write(`${(error as Error).message}\n`);
    return 1;
  }
  if (feeds.length === 0) deps.stderr.write('No feeds configured: the OPML has no outlines.\n');
  deps.stdout.write(`${feedsToOpml(feeds, (deps.now ?? Date.now)())}\n`);
  return 0;
}

// ---------------------------------------------------------------- parse

/** One item as `feeds parse` prints it. */
export interface ParsedItemJson {
  title: string;
  url: string | null;
  id: string;
  publishedAt: string | null;
  summary: string;
  categories: string[];
  author: string | null;
}

function itemJson(article: Article): ParsedItemJson {
  return {
    title: article.title,
    url: article.url,
    id: article.id,
    publishedAt: iso(article.publishedAt),
    summary: article.summary ?? '',
    categories: [...article.categories],
    author: article.author ?? null,
  };
}

interface ParseResult {
  articles: Article[];
  header: string;
  warnings: string[];
}

async function parse(target: string, deps: FeedsCliDeps, json: boolean): Promise<number> {
  const now = (deps.now ?? Date.now)();
  let result: ParseResult;
  try {
    result = /^https?:\/\//i.test(target)
      ? await parseUrl(target, deps, now)
      : await parseFile(target, deps.config.news.dataDir, now);
  } catch (error) {
    if (error instanceof FetchError || error instanceof FeedFormatError) {
      deps.stderr.write(`${target}: ${error.message}\n`);
      return 1;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== undefined) {
      deps.stderr.write(`${target}: cannot be read (${code})\n`);
      return 1;
    }
    throw error;
  }
  for (const warning of result.warnings) deps.stderr.write(`warning: ${warning}\n`);
  if (json) {
    deps.stdout.write(`${JSON.stringify(result.articles.map(itemJson), null, 2)}\n`);
  } else {
    deps.stdout.write(
      `${result.header}\n\n${result.articles.map((a, i) => itemText(a, i)).join('\n')}`,
    );
  }
  return result.warnings.length > 0 ? 1 : 0;
}

function feedHeader(feed: ParsedFeed, decoded: DecodedText, count: number): string {
  return `${feed.title || '(untitled feed)'} — ${feed.format.toUpperCase()}, ${count} ${count === 1 ? 'item' : 'items'}, ${decoded.encoding} (by ${decoded.by})`;
}

function fromFeed(
  feed: ParsedFeed,
  decoded: DecodedText,
  identity: string,
  fallbackSource: string,
  now: number,
): ParseResult {
  const { articles, duplicates } = feedArticles(feed, { identity, fallbackSource, now });
  const warnings: string[] = [];
  if (feed.salvaged !== null) warnings.push(feed.salvaged.reason);
  const list = articles.map((a) => a.article);
  let header = feedHeader(feed, decoded, list.length);
  if (duplicates > 0) header += `; ${duplicates} duplicate${duplicates === 1 ? '' : 's'} dropped`;
  return { articles: list, header, warnings };
}

async function parseUrl(url: string, deps: FeedsCliDeps, now: number): Promise<ParseResult> {
  const outcome = await fetchFeed(url, {}, { ...DEFAULT_FETCH_LIMITS, ...deps.limits });
  if (outcome.status !== 'ok')
    throw new FetchError('http-status', 'HTTP 304 without a conditional request');
  const decoded = decodeFeedBytes(outcome.bytes, charsetOf(outcome.contentType));
  const feed = parseFeedText(decoded.text, { url: outcome.url, now });
  return fromFeed(feed, decoded, url, new URL(url).hostname, now);
}

async function parseFile(path: string, dataDir: string, now: number): Promise<ParseResult> {
  const bytes = await readFile(path);
  // Inside the news folder, ids are those the loader gives (relative to the folder).
  const inData = relative(resolve(dataDir), resolve(path));
  const identity =
    inData !== '' && !inData.startsWith('..') && !isAbsolute(inData)
      ? inData.split(sep).join('/')
      : path;
  const format = localFormat(path);
  if (format !== null && format !== 'feed') {
    const { articles, problems } = parseNewsFile(identity, bytes, { now });
    return {
      articles,
      header: `${path} — ${format} news file, ${articles.length} ${articles.length === 1 ? 'item' : 'items'}`,
      warnings: problems.map(
        (p) => `${p.file}${p.line !== undefined ? `:${p.line}` : ''}: ${p.message}`,
      ),
    };
  }
  const decoded = decodeFeedBytes(bytes);
  const feed = parseFeedText(decoded.text, { url: null, now });
  return fromFeed(feed, decoded, identity, readableFileName(path), now);
}

function itemText(article: Article, index: number): string {
  const field = (name: string, value: string | null | undefined) =>
    value === null || value === undefined || value === ''
      ? ''
      : `   ${`${name}:`.padEnd(12)}${value}\n`;
  return (
    `${index + 1}. ${article.title || '(untitled)'}\n` +
    field('id', article.id) +
    field('url', article.url) +
    field('published', iso(article.publishedAt)) +
    field('author', article.author) +
    field('categories', article.categories.join(', ')) +
    field('summary', article.summary)
  );
}
