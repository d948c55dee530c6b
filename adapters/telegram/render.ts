/**
 * Renders reply values as Telegram messages (HTML parse mode). Pure: no network, no
 * clock (`now` comes in), no state. Every piece of news text is escaped; every message
 * stays within `MESSAGE_LIMIT`, split at story (or line) boundaries, and a single story
 * too large for a message is shortened in plain text before escaping, so tags and
 * entities are never cut.
 */
import type { Briefing, Story } from '../../briefings/types.ts';
import type { Reply, Section } from '../../src/commands/reply.ts';
import { briefingTitle, storyCount, timeAgo } from '../../src/format.ts';
import {
  CALLBACK_DATA_LIMIT,
  MESSAGE_LIMIT,
  RELATED_SHOWN,
  SHORT_TEXT_MAX,
  STORIES_PER_SCREEN,
  SUMMARY_MIN,
  TITLE_MAX,
  URL_MAX,
} from './limits.ts';

/** An inline keyboard button that sends `callback_data` back to the bot. */
export interface CallbackButton {
  text: string;
  callback_data: string;
}

/** The fields of a `sendMessage` / `editMessageText` call that the renderer decides. */
export interface TelegramMessage {
  text: string;
  /** Absent for plain text (error replies). */
  parse_mode?: 'HTML';
  link_preview_options: { is_disabled: true };
  reply_markup?: { inline_keyboard: CallbackButton[][] };
}

export interface RenderOptions {
  /** The clock, epoch ms, for "3 h ago". */
  now: number;
  /**
   * Page a briefing behind a "More" button: `token` names the stored briefing in the
   * button's callback data, `page` is the screen to render (0 first). Without it, every
   * story is rendered (split over several messages when needed).
   */
  paging?: { token: string; page?: number };
  /** For tests: a smaller message limit. */
  limit?: number;
}

type BriefingReply = Extract<Reply, { type: 'briefing' }>;

const PLAIN = { link_preview_options: { is_disabled: true } } as const;
const HTML = { parse_mode: 'HTML', link_preview_options: { is_disabled: true } } as const;

/** Prefix of the paging buttons' callback data: `pg:<token>:<page>`. */
export const PAGING_PREFIX = 'pg:';

/**
 * Renders a reply as one or more messages, in the order they are to be sent.
 * @example renderReply({ type: 'error', code: 'bad-input', message: 'No.' }, { now })
 * // [{ text: '⚠️ No.', link_preview_options: { is_disabled: true } }]
 */
export function renderReply(reply: Reply, options: RenderOptions): TelegramMessage[] {
  const limit = options.limit ?? MESSAGE_LIMIT;
  switch (reply.type) {
    case 'error':
      return [{ ...PLAIN, text: cutPlain(`⚠️ ${clean(reply.message)}`, limit) }];
    case 'message':
      return renderMessage(reply.title, reply.text, reply.sections ?? [], limit);
    case 'briefing':
      return renderBriefing(reply, options, limit);
  }
}

/** How many screens a briefing takes with the "More" button. */
export function pageCount(briefing: Briefing): number {
  return Math.max(1, Math.ceil(briefing.stories.length / STORIES_PER_SCREEN[briefing.kind]));
}

/** The callback data of a paging button. */
export function pagingData(token: string, page: number): string {
  const data = `${PAGING_PREFIX}${token}:${page}`;
  if (Buffer.byteLength(data) > CALLBACK_DATA_LIMIT)
    throw new Error('paging token too long for callback data');
  return data;
}

/** Reads a paging button's callback data; null when it is not one. */
export function parsePagingData(data: string): { token: string; page: number } | null {
  const match = /^pg:([A-Za-z0-9_-]{1,40}):(\d{1,4})$/.exec(data);
  if (match === null) return null;
  return { token: match[1] ?? '', page: Number(match[2]) };
}

// ---- escaping -----------------------------------------------------------------------

/** Escapes text for Telegram HTML: `&`, `<` and `>`. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (char) =>
    char === '&' ? '&amp;' : char === '<' ? '&lt;' : '&gt;',
  );
}

/** Escapes an attribute value (an `href`): also `"`. */
export function escapeAttribute(text: string): string {
  return escapeHtml(text).replace(/"/g, '&quot;');
}

/** A link target Telegram will accept and a reader can trust: http(s) only, bounded length. */
export function safeUrl(url: string | null): string | null {
  if (url === null || url.length > URL_MAX) return null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    return parsed.href.length > URL_MAX ? null : parsed.href;
  } catch {
    return null;
  }
}

/** Removes control characters other than newlines (they only confuse clients). */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, '');
}

/** One line of plain text: control characters removed, whitespace collapsed. */
function oneLine(text: string): string {
  return clean(text).replace(/\s+/g, ' ').trim();
}

/**
 * Cuts plain text to at most `max` characters, at a word boundary when one is near,
 * never inside a surrogate pair, marking the cut with "…".
 */
export function cutPlain(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return max === 1 ? '…' : '';
  let cut = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const space = cut.lastIndexOf(' ');
  if (space >= cut.length * 0.6) cut = cut.slice(0, space);
  return `${cut.trimEnd()}…`;
}

function link(text: string, url: string | null): string {
  const href = safeUrl(url);
  return href === null
    ? escapeHtml(text)
    : `<a href="${escapeAttribute(href)}">${escapeHtml(text)}</a>`;
}

// ---- briefings ----------------------------------------------------------------------

function renderBriefing(
  reply: BriefingReply,
  options: RenderOptions,
  limit: number,
): TelegramMessage[] {
  const { briefing } = reply;
  const perPage = STORIES_PER_SCREEN[briefing.kind];
  const pages = options.paging === undefined ? 1 : pageCount(briefing);
  const page = Math.min(Math.max(options.paging?.page ?? 0, 0), pages - 1);
  const first = options.paging === undefined ? 0 : page * perPage;
  const stories =
    options.paging === undefined
      ? briefing.stories
      : briefing.stories.slice(first, first + perPage);

  const header = briefingHeader(reply, first, stories.length, page);
  const gap = briefing.kind === 'headlines' ? '\n' : '\n\n';
  // Every story fits a message that also holds the header, so no story is ever split.
  const budget = limit - header.length - gap.length;
  const blocks = stories.map((story, index) =>
    briefing.kind === 'headlines'
      ? fitHeadline(story, first + index + 1, options.now, budget)
      : fitStory(story, first + index + 1, options.now, budget),
  );
  const chunks = pack([header, ...blocks], gap, limit);
  const messages: TelegramMessage[] = chunks.map((text) => ({ ...HTML, text }));

  const keyboard =
    options.paging === undefined ? [] : pagingButtons(options.paging.token, page, pages, briefing);
  const last = messages.at(-1);
  if (last !== undefined && keyboard.length > 0)
    last.reply_markup = { inline_keyboard: [keyboard] };
  return messages;
}

function briefingHeader(reply: BriefingReply, first: number, shown: number, page: number): string {
  const { briefing } = reply;
  const total = briefing.stories.length;
  const title = `<b>${escapeHtml(cutPlain(oneLine(briefingTitle(briefing)), TITLE_MAX))}</b>`;
  const count =
    page === 0 ? storyCount(total) : `stories ${first + 1}–${first + shown} of ${total}`;
  const line = `${title} — ${count}`;
  if (reply.note === undefined || page > 0) return line;
  return `<i>${escapeHtml(cutPlain(oneLine(reply.note), TITLE_MAX))}</i>\n${line}`;
}

function pagingButtons(
  token: string,
  page: number,
  pages: number,
  briefing: Briefing,
): CallbackButton[] {
  const buttons: CallbackButton[] = [];
  if (page > 0) buttons.push({ text: '« Back', callback_data: pagingData(token, page - 1) });
  if (page < pages - 1) {
    const left = briefing.stories.length - (page + 1) * STORIES_PER_SCREEN[briefing.kind];
    buttons.push({ text: `More (${left} left) »`, callback_data: pagingData(token, page + 1) });
  }
  return buttons;
}

interface StoryShape {
  title: string;
  url: string | null;
  summary: string;
  related: boolean;
}

function storyParts(story: Story): StoryShape {
  return {
    title: cutPlain(oneLine(story.title), TITLE_MAX) || 'Untitled',
    url: story.url,
    summary: clean(story.summary).trim(),
    related: story.related.length > 0,
  };
}

function metaLine(story: Story, now: number): string {
  const parts = [
    cutPlain(oneLine(story.source), SHORT_TEXT_MAX),
    timeAgo(story.publishedAt, now),
  ].filter((part): part is string => part !== null && part !== '');
  return escapeHtml(parts.join(' · '));
}

function alsoLine(story: Story): string {
  const shown = story.related.slice(0, RELATED_SHOWN).map((report) => {
    const title = cutPlain(oneLine(report.title), SHORT_TEXT_MAX) || 'Untitled';
    const source = cutPlain(oneLine(report.source), SHORT_TEXT_MAX);
    return `${link(title, report.url)}${source === '' ? '' : ` (${escapeHtml(source)})`}`;
  });
  const more = story.related.length - shown.length;
  return `also: ${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}

/** A news story: bold (linked) title, summary, "source · time ago", "also: …". */
function fitStory(story: Story, number: number, now: number, budget: number): string {
  const meta = metaLine(story, now);
  const also = alsoLine(story);
  const build = (shape: StoryShape): string => {
    const lines = [`<b>${number}. ${link(shape.title, shape.url)}</b>`];
    if (shape.summary !== '') lines.push(escapeHtml(shape.summary));
    if (meta !== '') lines.push(`<i>${meta}</i>`);
    if (shape.related) lines.push(also);
    return lines.join('\n');
  };
  return fitShape(storyParts(story), build, budget);
}

/** A headline: one compact line, bold (linked) title, source and time, other sources. */
function fitHeadline(story: Story, number: number, now: number, budget: number): string {
  const meta = metaLine(story, now);
  const others = story.related
    .slice(0, RELATED_SHOWN)
    .map((report) => escapeHtml(cutPlain(oneLine(report.source), SHORT_TEXT_MAX)))
    .filter((source) => source !== '');
  const more = story.related.length - Math.min(story.related.length, RELATED_SHOWN);
  const also =
    others.length === 0 ? '' : ` · also ${others.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
  const build = (shape: StoryShape): string =>
    `${number}. <b>${link(shape.title, shape.url)}</b>${meta === '' ? '' : ` — <i>${meta}</i>`}${shape.related ? also : ''}`;
  return fitShape({ ...storyParts(story), summary: '' }, build, budget);
}

/**
 * Fits a story into `budget` characters of HTML by giving up, in order: the end of the
 * summary (while it keeps `SUMMARY_MIN` characters), the related reports, the summary,
 * the link, and finally the end of the title. Cuts happen in plain text, before escaping.
 */
function fitShape(shape: StoryShape, build: (shape: StoryShape) => string, budget: number): string {
  const full = build(shape);
  if (full.length <= budget) return full;
  const attempts: StoryShape[] = [shape, { ...shape, related: false }];
  for (const attempt of attempts) {
    const fitted = fitText(
      attempt.summary,
      (summary) => build({ ...attempt, summary }),
      budget,
      SUMMARY_MIN,
    );
    if (fitted !== undefined) return fitted;
  }
  const bare = { ...shape, related: false, summary: '' };
  if (build(bare).length <= budget) return build(bare);
  const unlinked = { ...bare, url: null };
  return (
    fitText(unlinked.title, (title) => build({ ...unlinked, title }), budget, 1) ??
    // Only a budget smaller than the source line gets here; escaping at most quintuples.
    escapeHtml(cutPlain(unlinked.title, Math.floor(budget / 5)))
  );
}

/**
 * The longest cut of `text` (at least `minimum` characters, or the text when shorter)
 * whose rendering fits `budget`; undefined when none does. Binary search over the cut length.
 */
function fitText(
  text: string,
  render: (text: string) => string,
  budget: number,
  minimum: number,
): string | undefined {
  if (text === '') return undefined;
  let low = Math.min(minimum, text.length);
  let high = text.length;
  if (render(cutPlain(text, low)).length > budget) return undefined;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (render(cutPlain(text, middle)).length <= budget) low = middle;
    else high = middle - 1;
  }
  return render(cutPlain(text, low));
}

// ---- messages -----------------------------------------------------------------------

/** A bold title, paragraphs of text, and sections with a bold heading and bullet lines. */
function renderMessage(
  title: string | undefined,
  text: string | undefined,
  sections: readonly Section[],
  limit: number,
): TelegramMessage[] {
  const lines: string[] = [];
  const paragraph = (html: string[]) => {
    if (html.length === 0) return;
    if (lines.length > 0) lines.push('');
    lines.push(...html);
  };
  const line = (plain: string, wrap: (html: string) => string = (html) => html) => {
    const room = limit - wrap('').length;
    return wrap(fitEscaped(plain, room));
  };
  if (title !== undefined && oneLine(title) !== '')
    paragraph([line(oneLine(title), (html) => `<b>${html}</b>`)]);
  if (text !== undefined) {
    paragraph(
      clean(text)
        .split('\n')
        .map((part) => part.trim())
        .filter((part) => part !== '')
        .map((part) => line(part)),
    );
  }
  for (const section of sections) {
    paragraph([
      ...(section.heading === undefined
        ? []
        : [line(oneLine(section.heading), (html) => `<b>${html}</b>`)]),
      ...section.lines.map((entry) => line(oneLine(entry), (html) => `• ${html}`)),
    ]);
  }
  if (lines.length === 0) return [{ ...PLAIN, text: 'Done.' }];
  // Blank lines separate paragraphs; a message never starts or ends with one.
  return pack(lines, '\n', limit).map((chunk) => ({
    ...HTML,
    text: chunk.replace(/^\n+|\n+$/g, ''),
  }));
}

/** Escapes plain text, cut first so the escaped form fits `room`. */
function fitEscaped(plain: string, room: number): string {
  const escaped = escapeHtml(plain);
  if (escaped.length <= room) return escaped;
  return fitText(plain, escapeHtml, room, 1) ?? '';
}

/**
 * Packs blocks (each within `limit`) into as few messages as possible, in order, joined
 * by `gap`; a message never starts with a gap.
 */
function pack(blocks: readonly string[], gap: string, limit: number): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const block of blocks) {
    if (current === '') {
      current = block;
    } else if (current.length + gap.length + block.length <= limit) {
      current += gap + block;
    } else {
      chunks.push(current);
      current = block;
    }
  }
  if (current.trim() !== '') chunks.push(current);
  return chunks.filter((chunk) => chunk.trim() !== '');
}
