/**
 * Renders reply values as Discord message payloads (API JSON): a briefing becomes pages
 * of embeds, one embed per story; messages become embeds; errors become short ephemeral
 * text. Pure: no network, no clock. Every payload carries `allowed_mentions: { parse: [] }`
 * so text from the news (`@everyone`, `<@&role>`) never pings anyone, and all news text
 * is escaped so it shows literally instead of as Discord markdown.
 */
import {
  ButtonStyle,
  ComponentType,
  MessageFlags,
  type APIActionRowComponent,
  type APIApplicationCommandOptionChoice,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type APIEmbedField,
} from 'discord.js';
import type { Briefing, Story } from '../../briefings/types.ts';
import type { Suggestion } from '../../src/adapter.ts';
import type { Reply, Section } from '../../src/commands/reply.ts';
import { briefingTitle, storyCount } from '../../src/format.ts';
import {
  AUTOCOMPLETE_CHOICES_LIMIT,
  CHOICE_NAME_LIMIT,
  CHOICE_VALUE_LIMIT,
  CUSTOM_ID_LIMIT,
  EMBEDS_PER_MESSAGE,
  EMBED_DESCRIPTION_LIMIT,
  EMBED_FIELD_VALUE_LIMIT,
  EMBED_FOOTER_LIMIT,
  EMBED_TITLE_LIMIT,
  EMBED_TOTAL_LIMIT,
  EMBED_URL_LIMIT,
  MESSAGE_CONTENT_LIMIT,
} from './limits.ts';

/**
 * A story's summary is cut (at a word, with "…", the title linking to the full story)
 * past this many characters, well under Discord's 4,096, so that a page holds several
 * stories instead of one.
 */
export const STORY_SUMMARY_BUDGET = 1_000;
/** One related report line in the "Also reported by" field. */
export const RELATED_LINE_BUDGET = 200;
/** Sources are names; a longer one is cut. */
export const SOURCE_BUDGET = 200;

/** The heading and note above a briefing's embeds; together well under the 2,000 of `content`. */
export const CONTENT_TITLE_BUDGET = 200;
export const CONTENT_NOTE_BUDGET = MESSAGE_CONTENT_LIMIT - CONTENT_TITLE_BUDGET - 100;

/** Herald's accent colour on embeds. */
export const EMBED_COLOR = 0x2f6fb5;

/** A pager button's `custom_id`: `herald:page:<token>:<page>`. */
const PAGER_PREFIX = 'herald:page:';

/** A message as Discord's REST API takes it (`POST /channels/:id/messages` body). */
export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  components?: APIActionRowComponent<APIButtonComponentWithCustomId>[];
  /** Always empty: nothing Herald posts may ping anyone. */
  allowed_mentions: { parse: [] };
  /** `MessageFlags.Ephemeral` for errors and refusals answered to an interaction. */
  flags?: number;
}

/**
 * Renders a reply as one or more messages, each within every Discord limit.
 * - briefing: pages of story embeds (the adapter pages them with buttons, or posts them in turn);
 * - message: embeds, split across messages when very long;
 * - error: one ephemeral line.
 */
export function renderReply(reply: Reply): DiscordMessage[] {
  switch (reply.type) {
    case 'briefing':
      return renderBriefing(reply.briefing, reply.note);
    case 'message':
      return renderMessage(reply.title, reply.text, reply.sections ?? []);
    case 'error':
      return [renderError(reply.message)];
  }
}

/** An error or refusal: plain text, shown only to the user who asked. */
export function renderError(text: string): DiscordMessage {
  return {
    content: fit(text, MESSAGE_CONTENT_LIMIT, escapeBlock),
    embeds: [],
    allowed_mentions: { parse: [] },
    flags: MessageFlags.Ephemeral,
  };
}

/** Pages of a briefing: one embed per story (headlines: a compact list), packed within the limits. */
export function renderBriefing(briefing: Briefing, note?: string): DiscordMessage[] {
  const embeds =
    briefing.kind === 'headlines'
      ? headlineEmbeds(briefing)
      : briefing.stories.map((story) => storyEmbed(story));
  // A briefing without stories still answers: its heading alone.
  const pages = embeds.length === 0 ? [[]] : packEmbeds(embeds);
  const title = fit(briefingTitle(briefing), CONTENT_TITLE_BUDGET, escapeInline);
  const count = pages.length;
  return pages.map((page, index) => {
    const position = count > 1 ? ` · page ${index + 1}/${count}` : '';
    const lines =
      index === 0
        ? [
            `**${title}** · ${storyCount(briefing.stories.length)}${position}`,
            ...(note === undefined ? [] : [fit(note, CONTENT_NOTE_BUDGET, escapeBlock)]),
          ]
        : [`**${title}**${position}`];
    return {
      content: lines.join('\n'),
      embeds: page,
      allowed_mentions: { parse: [] },
    };
  });
}

/** One story: title linked to the article, summary, source, publication time, related reports. */
export function storyEmbed(story: Story): APIEmbed {
  const embed: APIEmbed = {
    title: fit(
      story.title.trim() === '' ? '(untitled)' : story.title,
      EMBED_TITLE_LIMIT,
      escapeInline,
    ),
    color: EMBED_COLOR,
  };
  const url = safeUrl(story.url);
  if (url !== null) embed.url = url;
  if (story.summary.trim() !== '') {
    embed.description = fit(story.summary, STORY_SUMMARY_BUDGET, escapeBlock);
  }
  const source = story.source.trim();
  if (source !== '')
    embed.footer = { text: fit(source, Math.min(SOURCE_BUDGET, EMBED_FOOTER_LIMIT), plain) };
  const timestamp = isoTime(story.publishedAt);
  if (timestamp !== null) embed.timestamp = timestamp;
  if (story.related.length > 0) embed.fields = [relatedField(story)];
  return embed;
}

function relatedField(story: Story): APIEmbedField {
  const lines = story.related.map((report) => {
    const url = safeUrl(report.url);
    const source =
      report.source.trim() === '' ? '' : ` — ${fit(report.source, SOURCE_BUDGET, escapeBlock)}`;
    const budget = RELATED_LINE_BUDGET - source.length;
    const title = fit(
      report.title.trim() === '' ? 'untitled' : report.title,
      Math.max(budget, 40),
      escapeLinkText,
    );
    return `• ${url === null ? title : `[${title}](${url})`}${source}`;
  });
  return {
    name:
      story.related.length === 1
        ? 'Also reported by'
        : `Also reported by ${story.related.length} sources`,
    value: joinWithin(lines, EMBED_FIELD_VALUE_LIMIT, (rest) => `…and ${rest} more`),
  };
}

/** A headline digest: numbered, linked headlines with their source, in as few embeds as fit. */
function headlineEmbeds(briefing: Briefing): APIEmbed[] {
  const lines = briefing.stories.map((story, index) => {
    const url = safeUrl(story.url);
    const title = fit(story.title, EMBED_TITLE_LIMIT, escapeLinkText);
    const time = Date.parse(story.publishedAt ?? '');
    const meta = [
      story.source.trim() === '' ? null : fit(story.source, SOURCE_BUDGET, escapeBlock),
      Number.isNaN(time) ? null : `<t:${Math.floor(time / 1000)}:R>`,
      story.related.length > 0 ? `+${story.related.length} more` : null,
    ].filter((part) => part !== null);
    const linked = url === null ? title : `[${title}](${url})`;
    return `**${index + 1}.** ${linked}${meta.length > 0 ? ` — ${meta.join(' · ')}` : ''}`;
  });
  return chunkLines(lines, EMBED_DESCRIPTION_LIMIT).map((description) => ({
    description,
    color: EMBED_COLOR,
  }));
}

/** Help, topics, subscriptions, confirmations: a titled embed, continued in more embeds when long. */
export function renderMessage(
  title: string | undefined,
  text: string | undefined,
  sections: readonly Section[],
): DiscordMessage[] {
  const lines: string[] = [];
  if (text !== undefined && text.trim() !== '')
    lines.push(...text.split('\n').map(escapeBlock), '');
  for (const section of sections) {
    if (section.heading !== undefined) lines.push(`**${escapeInline(section.heading)}**`);
    lines.push(...section.lines.map((line) => `• ${escapeBlock(line)}`), '');
  }
  while (lines.at(-1) === '') lines.pop();
  const descriptions = chunkLines(lines, EMBED_DESCRIPTION_LIMIT);
  const embeds: APIEmbed[] = descriptions.map((description) => ({
    description,
    color: EMBED_COLOR,
  }));
  const heading =
    title === undefined || title.trim() === ''
      ? undefined
      : fit(title, EMBED_TITLE_LIMIT, escapeInline);
  // Discord refuses an empty embed: a message with nothing to say still says so.
  if (embeds.length === 0)
    embeds.push({ description: heading === undefined ? 'Done.' : '', color: EMBED_COLOR });
  const first = embeds[0] as APIEmbed;
  if (heading !== undefined) first.title = heading;
  if (first.description === '') delete first.description;
  return packEmbeds(embeds).map((page) => ({ embeds: page, allowed_mentions: { parse: [] } }));
}

/** The Previous / More buttons under a page of a briefing. */
export function pagerRow(
  token: string,
  page: number,
  pageCount: number,
): APIActionRowComponent<APIButtonComponentWithCustomId> {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: '◀ Previous',
        custom_id: pagerId(token, page - 1, 'prev'),
        disabled: page <= 0,
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Primary,
        label: `More ▶ (${Math.min(page + 2, pageCount)}/${pageCount})`,
        custom_id: pagerId(token, page + 1, 'next'),
        disabled: page >= pageCount - 1,
      },
    ],
  };
}

/** Parses a pager button's `custom_id`; null when it is not one. */
export function parsePagerId(customId: string): { token: string; page: number } | null {
  const match = /^herald:page:([\w-]{1,64}):(-?\d{1,4}):(?:prev|next)$/.exec(customId);
  if (match === null) return null;
  return { token: match[1] as string, page: Number(match[2]) };
}

function pagerId(token: string, page: number, direction: 'prev' | 'next'): string {
  // The direction keeps the two ids distinct when both point at the same page (a
  // disabled button), as Discord requires unique custom_ids within a message.
  const id = `${PAGER_PREFIX}${token}:${page}:${direction}`;
  if (id.length > CUSTOM_ID_LIMIT) throw new Error('pager token too long for a custom_id');
  return id;
}

/** Characters an embed counts toward the 6,000 per message. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0)
  );
}

/** Packs embeds, in order, into as few messages as the 10-embed and 6,000-character limits allow. */
export function packEmbeds(embeds: readonly APIEmbed[]): APIEmbed[][] {
  const pages: APIEmbed[][] = [];
  let page: APIEmbed[] = [];
  let total = 0;
  for (const embed of embeds) {
    const length = embedLength(embed);
    if (
      page.length > 0 &&
      (page.length >= EMBEDS_PER_MESSAGE || total + length > EMBED_TOTAL_LIMIT)
    ) {
      pages.push(page);
      page = [];
      total = 0;
    }
    page.push(embed);
    total += length;
  }
  if (page.length > 0) pages.push(page);
  return pages;
}

/**
 * Joins lines into chunks of at most `limit` characters, breaking between lines; a line
 * longer than `limit` on its own is split at spaces, so nothing is dropped.
 */
function chunkLines(lines: readonly string[], limit: number): string[] {
  const chunks: string[] = [];
  let chunk: string | null = null;
  for (const line of lines.flatMap((raw) => splitLong(raw, limit))) {
    const joined: string = chunk === null ? line : `${chunk}\n${line}`;
    if (joined.length > limit && chunk !== null) {
      chunks.push(chunk);
      chunk = line;
    } else {
      chunk = joined;
    }
  }
  if (chunk !== null) chunks.push(chunk);
  return chunks.map((text) => text.replace(/^\n+|\n+$/g, '')).filter((text) => text.trim() !== '');
}

/** Splits one escaped line into pieces of at most `limit`, at spaces where possible, never after a lone backslash. */
function splitLong(line: string, limit: number): string[] {
  const pieces: string[] = [];
  let rest = line;
  while (rest.length > limit) {
    let end = rest.lastIndexOf(' ', limit);
    if (end < limit * 0.5) {
      end = limit;
      const backslashes = /\\+$/.exec(rest.slice(0, end))?.[0].length ?? 0;
      if (backslashes % 2 === 1) end -= 1;
      const code = rest.charCodeAt(end - 1);
      if (code >= 0xd800 && code <= 0xdbff) end -= 1;
    }
    pieces.push(rest.slice(0, end));
    rest = rest.slice(end).replace(/^ /, '');
  }
  pieces.push(rest);
  return pieces;
}

/** Joins lines within `limit`, ending with a "…and N more" line when some do not fit. */
function joinWithin(
  lines: readonly string[],
  limit: number,
  more: (rest: number) => string,
): string {
  const kept: string[] = [];
  let length = 0;
  for (const [index, line] of lines.entries()) {
    const rest = lines.length - index - 1;
    const tail = rest > 0 ? more(rest).length + 1 : 0;
    if (length + line.length + (kept.length > 0 ? 1 : 0) + tail > limit) {
      kept.push(more(lines.length - index));
      return kept.join('\n');
    }
    kept.push(line);
    length += line.length + (kept.length > 1 ? 1 : 0);
  }
  return kept.join('\n');
}

/**
 * Escapes `raw` for its place in a message and, when the result is longer than `limit`,
 * cuts the raw text at a word and appends "…" so the escaped result fits. Cutting before
 * escaping never leaves a dangling backslash.
 */
export function fit(raw: string, limit: number, escape: (text: string) => string): string {
  const text = raw.replace(/\s+$/, '');
  const escaped = escape(text);
  if (escaped.length <= limit) return escaped;
  let keep = Math.min(text.length, limit - 1);
  for (;;) {
    const candidate = `${escape(cutAtWord(text, keep, ''))}…`;
    if (candidate.length <= limit || keep <= 1) return candidate.slice(0, limit);
    keep -= Math.max(1, candidate.length - limit);
  }
}

/** Cuts text to at most `max` characters, preferring a word boundary, never splitting a surrogate pair. */
function cutAtWord(text: string, max: number, ellipsis = '…'): string {
  if (text.length <= max) return text;
  let end = max - ellipsis.length;
  if (end <= 0) return ellipsis.slice(0, max);
  const space = text.lastIndexOf(' ', end);
  if (space > end * 0.6) end = space;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end).replace(/[\s,;:]+$/, '')}${ellipsis}`;
}

const URL_PATTERN = /https?:\/\/[^\s<>]+/g;

/** Escapes inline markdown (bold, italics, underline, strikethrough, code, spoilers): for titles and headings. */
export function escapeInline(text: string): string {
  return escapeOutsideUrls(text, (part) => part.replace(/[\\*_~`|]/g, '\\$&'));
}

/**
 * Escapes everything Discord would interpret in a description, field or content: inline
 * markdown, masked links, mentions and timestamps (`<…>`), and line-start headings, quotes
 * and lists. URLs are left whole so they stay clickable.
 */
export function escapeBlock(text: string): string {
  return escapeOutsideUrls(text, (part) =>
    part
      .replace(/[\\*_~`|[\]<]/g, '\\$&')
      .replace(
        /^(\s*)([#>]|-#|[-+](?=\s)|\d+\.(?=\s))/gm,
        (_, space: string, mark: string) => `${space}\\${mark}`,
      ),
  );
}

/** Text inside a masked link `[…](url)`: brackets and inline markdown escaped. */
function escapeLinkText(text: string): string {
  return escapeBlock(text.replace(/\s+/g, ' '));
}

function plain(text: string): string {
  return text;
}

function escapeOutsideUrls(text: string, escape: (part: string) => string): string {
  let result = '';
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    result += escape(text.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return result + escape(text.slice(last));
}

/** An http(s) URL Discord accepts on an embed or link, else null. */
export function safeUrl(url: string | null): string | null {
  if (url === null || url.length > EMBED_URL_LIMIT) return null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    // A parenthesis would end a masked link early (the URL parser already encoded spaces).
    return parsed.href.replaceAll('(', '%28').replaceAll(')', '%29');
  } catch {
    return null;
  }
}

function isoTime(iso: string | null): string | null {
  if (iso === null) return null;
  const time = Date.parse(iso);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** Autocomplete choices: at most 25, names cut to 100 characters, values too long to send dropped. */
export function renderChoices(
  suggestions: readonly Suggestion[],
): APIApplicationCommandOptionChoice<string>[] {
  const choices: APIApplicationCommandOptionChoice<string>[] = [];
  const seen = new Set<string>();
  for (const suggestion of suggestions) {
    if (choices.length >= AUTOCOMPLETE_CHOICES_LIMIT) break;
    const value = suggestion.value;
    // A cut value would be a different value: leave it out instead.
    if (value === '' || value.length > CHOICE_VALUE_LIMIT || seen.has(value)) continue;
    seen.add(value);
    const name = suggestion.name.trim() === '' ? value : suggestion.name.trim();
    choices.push({
      name: name.length <= CHOICE_NAME_LIMIT ? name : cutAtWord(name, CHOICE_NAME_LIMIT),
      value,
    });
  }
  return choices;
}
