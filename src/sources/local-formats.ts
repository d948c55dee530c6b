/**
 * The local news formats of DESIGN.md, as pure functions from a file's text to articles
 * and problems. I/O lives in `news-dir.ts`; these never throw for bad input: a broken
 * file or line becomes a `LoadProblem` that names the file and the line.
 */
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import type { Article } from '../../briefings/types.ts';
import { decodeFeedBytes } from './charset.ts';
import { MAX_FUTURE_MS, parseDate } from './dates.ts';
import { FeedFormatError, absoluteUrl, parseFeedText } from './feed-parser.ts';
import { stableId } from './ids.ts';
import { arrayElementOffsets, jsonErrorOffset, lineAt } from './json-position.ts';
import { feedArticles } from './normalize.ts';
import { htmlToLine, htmlToText, oneLine, plainText, readableFileName } from './text.ts';

/** Something wrong in one file (and line, when known); the rest still loads. */
export interface LoadProblem {
  /** Path relative to the news folder, `/`-separated. */
  readonly file: string;
  /** 1-based line, when the problem has one. */
  readonly line?: number;
  readonly message: string;
}

/** What one file yields. */
export interface FileResult {
  readonly articles: Article[];
  readonly problems: LoadProblem[];
}

export interface ParseFileOptions {
  /** When Herald saw the items (epoch ms); also the reference for future dates. */
  readonly now: number;
}

/** The kinds of local file, by name. */
export type LocalFormat = 'txt' | 'md' | 'json' | 'jsonl' | 'feed';

/**
 * The format of a news file by its name, or null for names Herald ignores.
 * @example localFormat('world.feed.json') // 'feed'
 */
export function localFormat(fileName: string): LocalFormat | null {
  const name = fileName.toLowerCase();
  if (name.endsWith('.feed.json')) return 'feed';
  const ext = /\.([a-z0-9]+)$/.exec(name)?.[1];
  switch (ext) {
    case 'txt':
      return 'txt';
    case 'md':
    case 'markdown':
      return 'md';
    case 'json':
      return 'json';
    case 'jsonl':
    case 'ndjson':
      return 'jsonl';
    case 'xml':
    case 'rss':
    case 'atom':
    case 'rdf':
      return 'feed';
    default:
      return null;
  }
}

/**
 * Parses one news file.
 * @param file path relative to the news folder: part of every synthesized id, so keep
 *   it stable (a moved file gets new ids).
 */
export function parseNewsFile(
  file: string,
  bytes: Uint8Array,
  options: ParseFileOptions,
): FileResult {
  const format = localFormat(file);
  if (format === 'feed') return parseSavedFeed(file, bytes, options);
  const { text } = decodeFeedBytes(bytes);
  switch (format) {
    case 'txt':
      return parseTxt(file, text, options);
    case 'md':
      return parseMarkdown(file, text, options);
    case 'json':
      return parseJsonArticles(file, text, options);
    case 'jsonl':
      return parseJsonLines(file, text, options);
    case null:
      return { articles: [], problems: [{ file, message: 'not a news file format Herald reads' }] };
  }
}

// ---------------------------------------------------------------- ids and articles

/** Gives repeated content in one file distinct, still stable, ids. */
class IdMaker {
  readonly #seen = new Map<string, number>();
  constructor(readonly file: string) {}
  make(...content: string[]): string {
    const base = stableId(this.file, ...content);
    const count = this.#seen.get(base) ?? 0;
    this.#seen.set(base, count + 1);
    return count === 0 ? base : stableId(this.file, ...content, String(count));
  }
}

function article(fields: {
  id: string;
  title: string;
  body: string;
  summary?: string | undefined;
  url: string | null;
  source: string;
  publishedAt: number | null;
  now: number;
  categories?: readonly string[] | undefined;
  author?: string | undefined;
}): Article {
  return {
    id: fields.id,
    title: fields.title,
    body: fields.body,
    ...(fields.summary ? { summary: fields.summary } : {}),
    url: fields.url,
    source: fields.source,
    publishedAt: fields.publishedAt,
    seenAt: fields.now,
    categories: fields.categories ?? [],
    ...(fields.author ? { author: fields.author } : {}),
  };
}

// ---------------------------------------------------------------- .txt

/** Longest line that can still be a headline or a title. */
const HEADLINE_MAX = 200;
const SENTENCE_END = /[.!?…。！？]["'”’»)\]]*$|["”’»]$/;

function isSentence(line: string): boolean {
  return SENTENCE_END.test(line);
}

/**
 * `.txt`: blocks separated by blank lines. A block of short lines without final
 * punctuation is a list of headlines, one article each; any other block is one article,
 * its first line a title when short and unpunctuated.
 */
export function parseTxt(file: string, text: string, options: ParseFileOptions): FileResult {
  const { now } = options;
  const source = readableFileName(file);
  const ids = new IdMaker(file);
  const articles: Article[] = [];
  const blocks: string[][] = [];
  let block: string[] = [];
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r\n?|\n/)) {
    const line = oneLine(raw);
    if (line === '') {
      if (block.length > 0) blocks.push(block);
      block = [];
    } else {
      block.push(line);
    }
  }
  if (block.length > 0) blocks.push(block);

  for (const lines of blocks) {
    const sentences = lines.filter(isSentence).length;
    const long = lines.some((l) => l.length > HEADLINE_MAX);
    const headlines =
      !long && (sentences === 0 || (lines.length >= 3 && sentences * 3 <= lines.length));
    if (headlines) {
      for (const title of lines) {
        articles.push(
          article({
            id: ids.make('headline', title),
            title,
            body: '',
            url: null,
            source,
            publishedAt: null,
            now,
          }),
        );
      }
      continue;
    }
    const [first = '', ...rest] = lines;
    const titled = rest.length > 0 && first.length <= HEADLINE_MAX && !isSentence(first);
    const title = titled ? first : '';
    const body = (titled ? rest : lines).join('\n');
    articles.push(
      article({
        id: ids.make('article', title, body),
        title,
        body,
        url: null,
        source,
        publishedAt: null,
        now,
      }),
    );
  }
  return { articles, problems: [] };
}

// ---------------------------------------------------------------- .md

const stringish = z.union([z.string(), z.number()]).transform(String);
const stringList = z
  .union([z.array(stringish), stringish])
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map(oneLine).filter(Boolean));

const frontMatterSchema = z
  .object({
    id: stringish.optional(),
    title: stringish.optional(),
    source: stringish.optional(),
    url: z.string().optional(),
    link: z.string().optional(),
    published: z.union([z.string(), z.date(), z.number()]).optional(),
    date: z.union([z.string(), z.date(), z.number()]).optional(),
    summary: stringish.optional(),
    description: stringish.optional(),
    author: stringish.optional(),
    categories: stringList.optional(),
    tags: stringList.optional(),
  })
  .nullable();

/**
 * `.md`: one article; optional YAML front matter (`title`, `source`, `url`,
 * `published`; also `summary`, `author`, `categories`/`tags`, `id`). Without a
 * front-matter title, a leading `# Heading` is the title.
 */
export function parseMarkdown(file: string, text: string, options: ParseFileOptions): FileResult {
  const problems: LoadProblem[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n?|\n/);
  let fields: z.infer<typeof frontMatterSchema> = null;
  let bodyStart = 0;
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((l, i) => i > 0 && (l.trim() === '---' || l.trim() === '...'));
    if (end < 0) {
      return {
        articles: [],
        problems: [
          {
            file,
            line: 1,
            message: 'front matter starts with --- but never ends (add a closing --- line)',
          },
        ],
      };
    }
    let yaml: unknown;
    try {
      yaml = parseYaml(lines.slice(1, end).join('\n'));
    } catch (error) {
      const line = error instanceof YAMLParseError ? (error.linePos?.[0]?.line ?? 0) + 1 : 1;
      const reason = ((error as Error).message.split('\n')[0] ?? 'invalid YAML').replace(
        / at line \d+, column \d+:?$/,
        '',
      );
      return {
        articles: [],
        problems: [{ file, line, message: `front matter is not valid YAML: ${reason}` }],
      };
    }
    const parsed = frontMatterSchema.safeParse(yaml ?? null);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? `'${issue.path.join('.')}' ` : '';
      return {
        articles: [],
        problems: [
          {
            file,
            line: 2,
            message: `front matter ${where}is not valid: ${issue?.message ?? 'expected key: value lines'}`,
          },
        ],
      };
    }
    fields = parsed.data;
    bodyStart = end + 1;
  }
  let paragraphs = markdownParagraphs(lines.slice(bodyStart));
  let title = htmlToLine(fields?.title ?? '');
  if (title === '' && paragraphs[0]?.heading === 1) {
    title = paragraphs[0].text;
    paragraphs = paragraphs.slice(1);
  }
  const body = paragraphs.map((p) => p.text).join('\n');
  if (title === '' && body === '') {
    return { articles: [], problems: [{ file, message: 'has neither a title nor any text' }] };
  }
  const rawUrl = fields?.url ?? fields?.link;
  const url = absoluteUrl(rawUrl, null);
  if (rawUrl !== undefined && url === null) {
    problems.push({
      file,
      line: 2,
      message: `url '${rawUrl}' is not an absolute http(s) URL; ignored`,
    });
  }
  const publishedAt = dateField(fields?.published ?? fields?.date, file, options.now, problems);
  return {
    articles: [
      article({
        id: fields?.id !== undefined ? oneLine(fields.id) : stableId(file, 'md', title, body),
        title,
        body,
        summary: plainText(fields?.summary ?? fields?.description ?? ''),
        url,
        source: oneLine(fields?.source ?? '') || readableFileName(file),
        publishedAt,
        now: options.now,
        categories: [...new Set([...(fields?.categories ?? []), ...(fields?.tags ?? [])])],
        author: oneLine(fields?.author ?? ''),
      }),
    ],
    problems,
  };
}

function dateField(
  value: string | number | Date | undefined,
  file: string,
  now: number,
  problems: LoadProblem[],
  line?: number,
): number | null {
  if (value === undefined || value === '') return null;
  const ms = typeof value === 'number' ? value : parseDate(value);
  if (ms === null || !Number.isFinite(ms)) {
    problems.push({
      file,
      ...(line !== undefined ? { line } : {}),
      message: `date '${String(value)}' is not a date Herald can read (use ISO 8601, e.g. 2026-01-14T09:00:00Z); kept without a date`,
    });
    return null;
  }
  if (ms > now + MAX_FUTURE_MS) {
    problems.push({
      file,
      ...(line !== undefined ? { line } : {}),
      message: `date '${String(value)}' lies in the future; kept without a date`,
    });
    return null;
  }
  return ms;
}

interface Paragraph {
  text: string;
  /** Heading level, 0 for ordinary text. */
  heading: number;
}

/** Markdown to plain paragraphs: enough of CommonMark for news text, no renderer. */
function markdownParagraphs(lines: readonly string[]): Paragraph[] {
  const out: Paragraph[] = [];
  let current: string[] = [];
  let fence: string | null = null;
  const flush = () => {
    const text = inlineMarkdown(current.join(' '));
    if (text !== '') out.push({ text, heading: 0 });
    current = [];
  };
  for (const raw of lines) {
    const fenceMark = /^\s*(```|~~~)/.exec(raw)?.[1];
    if (fence !== null) {
      if (fenceMark === fence) fence = null;
      continue; // code is not news text
    }
    if (fenceMark !== undefined) {
      flush();
      fence = fenceMark;
      continue;
    }
    const line = raw.replace(/^\s{0,3}(>\s?)+/, '');
    if (line.trim() === '' || /^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) {
      flush();
      continue;
    }
    const heading = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading !== null) {
      flush();
      const text = inlineMarkdown(heading[2] ?? '');
      if (text !== '') out.push({ text, heading: heading[1]!.length });
      continue;
    }
    const item = /^\s*(?:[-*+]|\d{1,9}[.)])\s+(.*)$/.exec(line);
    if (item !== null) {
      flush();
      current.push(item[1] ?? '');
      continue;
    }
    current.push(line.replace(/\|/g, ' '));
  }
  flush();
  return out;
}

function inlineMarkdown(text: string): string {
  const stripped = text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
    .replace(/<(https?:\/\/[^>\s]+)>/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/(^|[^\w*])\*(?=\S)(.+?)(?<=\S)\*(?!\w)/g, '$1$2')
    .replace(/(^|[^\w])_(?=\S)(.+?)(?<=\S)_(?!\w)/g, '$1$2')
    .replace(/~~(.+?)~~/g, '$1')
    .replace(/\\([\\`*_{}[\]()#+\-.!|>])/g, '$1');
  return oneLine(htmlToText(stripped));
}

// ---------------------------------------------------------------- .json and .jsonl

const jsonArticleSchema = z.object({
  id: stringish.optional(),
  title: z.string({
    error: (issue) =>
      issue.input === undefined ? 'title is required (use "" for none)' : 'title must be a string',
  }),
  body: z.string().optional(),
  summary: z.string().optional(),
  url: z
    .string()
    .nullable()
    .optional()
    .refine((v) => v === null || v === undefined || absoluteUrl(v, null) !== null, {
      error: 'url must be an absolute http(s) URL',
    }),
  source: z.string().optional(),
  publishedAt: z.union([z.string(), z.number()]).nullable().optional(),
  categories: z.array(z.string()).optional(),
  author: z.string().optional(),
});

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) =>
      issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    )
    .join('; ');
}

function jsonArticle(
  value: unknown,
  context: { file: string; line?: number | undefined; label: string; ids: IdMaker; now: number },
  problems: LoadProblem[],
): Article | null {
  const { file, line, label } = context;
  const where = line !== undefined ? { line } : {};
  const parsed = jsonArticleSchema.safeParse(value);
  if (!parsed.success) {
    problems.push({ file, ...where, message: `${label} skipped: ${describeIssues(parsed.error)}` });
    return null;
  }
  const item = parsed.data;
  const title = htmlToLine(item.title);
  const body = plainText(item.body ?? '');
  const summary = plainText(item.summary ?? '');
  if (title === '' && body === '' && summary === '') {
    problems.push({ file, ...where, message: `${label} skipped: it has neither title nor body` });
    return null;
  }
  const url = item.url ? absoluteUrl(item.url, null) : null;
  const publishedAt =
    item.publishedAt === null || item.publishedAt === undefined
      ? null
      : dateField(item.publishedAt, file, context.now, problems, line);
  return article({
    id:
      item.id !== undefined
        ? oneLine(item.id)
        : context.ids.make('json', title, body, summary, url ?? ''),
    title,
    body: body || summary,
    summary,
    url,
    source: oneLine(item.source ?? '') || readableFileName(file),
    publishedAt,
    now: context.now,
    categories: (item.categories ?? []).map(oneLine).filter(Boolean),
    author: oneLine(item.author ?? ''),
  });
}

/**
 * `.json`: an array of articles, or `{ "articles": [...] }`; a JSON Feed document
 * (`"version": "https://jsonfeed.org/…"`) is read as a saved feed.
 */
export function parseJsonArticles(
  file: string,
  text: string,
  options: ParseFileOptions,
): FileResult {
  const problems: LoadProblem[] = [];
  let value: unknown;
  const clean = text.replace(/^\uFEFF/, '');
  try {
    value = JSON.parse(clean);
  } catch (error) {
    const offset = jsonErrorOffset(clean);
    const reason = jsonReason(error);
    return {
      articles: [],
      problems: [
        { file, line: lineAt(clean, Math.max(offset, 0)), message: `not valid JSON: ${reason}` },
      ],
    };
  }
  if (isJsonFeed(value)) return parseSavedFeed(file, new TextEncoder().encode(clean), options);
  const list = Array.isArray(value)
    ? value
    : value !== null &&
        typeof value === 'object' &&
        Array.isArray((value as { articles?: unknown }).articles)
      ? (value as { articles: unknown[] }).articles
      : null;
  if (list === null) {
    return {
      articles: [],
      problems: [
        { file, line: 1, message: 'expected an array of articles or { "articles": [...] }' },
      ],
    };
  }
  const offsets = arrayElementOffsets(clean);
  const ids = new IdMaker(file);
  const articles: Article[] = [];
  list.forEach((entry, index) => {
    const offset = offsets[index];
    const line = offset === undefined ? undefined : lineAt(clean, offset);
    const made = jsonArticle(
      entry,
      { file, line, label: `article ${index + 1}`, ids, now: options.now },
      problems,
    );
    if (made !== null) articles.push(made);
  });
  return { articles, problems };
}

/** `.jsonl`: one article object a line; blank lines are fine. */
export function parseJsonLines(file: string, text: string, options: ParseFileOptions): FileResult {
  const problems: LoadProblem[] = [];
  const ids = new IdMaker(file);
  const articles: Article[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r\n?|\n/)
    .forEach((raw, index) => {
      const line = index + 1;
      if (raw.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch (error) {
        const reason = jsonReason(error);
        problems.push({ file, line, message: `line skipped: not valid JSON (${reason})` });
        return;
      }
      const made = jsonArticle(
        value,
        { file, line, label: 'line', ids, now: options.now },
        problems,
      );
      if (made !== null) articles.push(made);
    });
  return { articles, problems };
}

/** `JSON.parse`'s message without the echo of the input (which may be long). */
function jsonReason(error: unknown): string {
  const message = (error as Error).message.replace(/\s+/g, ' ');
  return message
    .replace(/, (?:"|\.\.\.).* is not valid JSON$/, '')
    .replace(/ in JSON at position \d+.*$/, '');
}

function isJsonFeed(value: unknown): boolean {
  const version = (value as { version?: unknown } | null)?.version;
  return typeof version === 'string' && version.includes('jsonfeed.org');
}

// ---------------------------------------------------------------- saved feeds

/** `.xml`, `.rss`, `.atom`, `.rdf`, `.feed.json`: a saved feed, read like a fetched one. */
export function parseSavedFeed(
  file: string,
  bytes: Uint8Array,
  options: ParseFileOptions,
): FileResult {
  const { text } = decodeFeedBytes(bytes);
  try {
    const feed = parseFeedText(text, { url: null, now: options.now });
    const { articles } = feedArticles(feed, {
      identity: file,
      fallbackSource: readableFileName(file),
      now: options.now,
    });
    const problems: LoadProblem[] = [];
    if (feed.salvaged !== null) {
      problems.push({
        file,
        ...(feed.salvaged.line !== undefined ? { line: feed.salvaged.line } : {}),
        message: feed.salvaged.reason,
      });
    }
    return { articles: articles.map((a) => a.article), problems };
  } catch (error) {
    if (error instanceof FeedFormatError) {
      return { articles: [], problems: [{ file, message: `not a usable feed: ${error.message}` }] };
    }
    throw error;
  }
}
