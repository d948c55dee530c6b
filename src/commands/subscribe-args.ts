/**
 * The arguments of `/subscribe`, from text (`japan 08:00 Asia/Tokyo weekdays -mute sports`)
 * or from structured options (Discord: topic, time, timezone, days, kind, mute).
 *
 * Text is read this way: the topic comes first; the first word that is a time ends it,
 * and everything after the time must be a time zone (a city such as `new york` counts
 * here), days, or `news`/`headlines`. Before the time (or without one), days, a kind and
 * zone names that cannot be topic words (`Asia/Tokyo`, `UTC`) are taken from the end of
 * the topic, so `/subscribe japan tokyo` is about "japan tokyo" while
 * `/subscribe japan 08:00 tokyo` is about japan at 08:00 Tokyo time, and
 * `/subscribe economy headlines 18:00` is the economy digest. `-mute a,b` may stand
 * anywhere after the topic.
 */
import type { BriefingKind } from '../../briefings/types.ts';
import { parseDays, parseDaysOption, type Days } from '../schedule/days.ts';
import { parseMuteWords } from '../schedule/mute.ts';
import { parseTimeOfDay, parseTimeOption } from '../schedule/time-of-day.ts';
import { isCityName, isZoneName, resolveTimeZone } from '../schedule/time-zones.ts';
import { parseTopic } from './topic.ts';

export const SUBSCRIBE_USAGE =
  '/subscribe <topic> [HH:MM] [time zone] [days] [news|headlines] [-mute word,word]';
const EXAMPLE = 'For example: /subscribe japan 08:00 Asia/Tokyo';

/** What the user asked for; options not given are absent (defaults apply to new subscriptions only). */
export interface SubscribeArgs {
  topic: string;
  minuteOfDay?: number;
  timeZone?: string;
  days?: Days;
  kind?: BriefingKind;
  mute?: string[];
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const KINDS: Readonly<Record<string, BriefingKind>> = {
  news: 'news',
  headlines: 'headlines',
  headline: 'headlines',
};

const MUTE_FLAG = /^(?:-{1,2}|[—–])mute(?:[=:](.*))?$/i;

/**
 * Parses `/subscribe` text arguments.
 * @example parseSubscribeText('japan 8am tokyo weekdays') // topic 'japan', 480, 'Asia/Tokyo', [1..5]
 */
export function parseSubscribeText(text: string): Parsed<SubscribeArgs> {
  const tokens = tokenize(text);
  const out: Omit<SubscribeArgs, 'topic'> = {};

  // -mute word,word (anywhere)
  const flag = tokens.findIndex((token) => MUTE_FLAG.test(token));
  if (flag >= 0) {
    const inline = MUTE_FLAG.exec(tokens[flag] ?? '')?.[1];
    const list = inline !== undefined && inline !== '' ? inline : tokens[flag + 1];
    if (list === undefined || MUTE_FLAG.test(list)) {
      return fail('Name the words to mute after -mute, for example: -mute sports,celebrity');
    }
    const mute = parseMuteWords(list);
    if (!mute.ok) return mute;
    out.mute = mute.words;
    tokens.splice(flag, inline !== undefined && inline !== '' ? 1 : 2);
    if (tokens.some((token) => MUTE_FLAG.test(token)))
      return fail('Give -mute only once, with the words separated by commas.');
  }

  const timeAt = tokens.findIndex((token) => parseTimeOfDay(token) !== null);
  let topicTokens: string[];
  if (timeAt >= 0) {
    const time = parseTimeOfDay(tokens[timeAt] ?? '');
    if (time === null || !time.ok) return fail(time?.message ?? 'Invalid time.');
    out.minuteOfDay = time.minuteOfDay;
    topicTokens = tokens.slice(0, timeAt);
    const rest = tokens.slice(timeAt + 1);
    for (let i = 0; i < rest.length;) {
      const taken = takeOption(rest, i, out, true);
      if (!taken.ok) return taken;
      i += taken.value;
    }
  } else {
    topicTokens = [...tokens];
  }
  // Options before the time, or without one (`economy headlines 18:00`, `japan weekdays`):
  // peel recognisable ones off the end of the topic, keeping at least one topic word.
  while (topicTokens.length > 1) {
    const last = topicTokens.length - 1;
    const word = topicTokens[last] ?? '';
    const recognisable =
      KINDS[word.toLowerCase()] !== undefined ||
      parseDays(word)?.ok === true ||
      isZoneName(word) ||
      word.includes('/');
    if (!recognisable) break;
    const taken = takeOption(topicTokens, last, out, false);
    if (!taken.ok) return taken;
    topicTokens.pop();
  }

  const topic = parseTopic(topicTokens.join(' '));
  if (!topic.ok) return topic;
  if (topic.topic === null) return fail(`What should the briefing be about? ${EXAMPLE}`);
  return { ok: true, value: { topic: topic.topic.toLowerCase(), ...out } };
}

/**
 * Reads one option at `tokens[i]` (a kind, days, or a time zone of up to three words when
 * cities are allowed) into `out`; resolves with how many tokens it used.
 */
function takeOption(
  tokens: readonly string[],
  i: number,
  out: Omit<SubscribeArgs, 'topic'>,
  cities: boolean,
): Parsed<number> {
  const word = tokens[i] ?? '';
  const kind = KINDS[word.toLowerCase()];
  if (kind !== undefined) {
    if (out.kind !== undefined && out.kind !== kind)
      return fail('Choose one kind: news or headlines.');
    out.kind = kind;
    return { ok: true, value: 1 };
  }
  if (parseTimeOfDay(word) !== null)
    return fail(`Give one time only: '${shorten(word)}' is a second one.`);
  if (cities) {
    for (let length = Math.min(3, tokens.length - i); length >= 2; length--) {
      const phrase = tokens.slice(i, i + length).join(' ');
      if (isCityName(phrase)) return setZone(out, phrase, length);
    }
  }
  const days = parseDays(word);
  if (days?.ok === true) {
    if (out.days !== undefined) return fail('Give the days once, for example: mon,wed,fri');
    out.days = days.days;
    return { ok: true, value: 1 };
  }
  if (days?.ok === false) return days;
  const zone = resolveTimeZone(word, { cities });
  if (zone.ok) return setZone(out, word, 1);
  if (word.includes('/') || zone.suggestion !== null) return fail(zone.message);
  return fail(
    `I did not understand '${shorten(word)}'. After the time come a time zone (tokyo, Europe/London, UTC), days (weekdays, mon,wed,fri) and news or headlines. Usage: ${SUBSCRIBE_USAGE}`,
  );
}

function setZone(out: Omit<SubscribeArgs, 'topic'>, text: string, used: number): Parsed<number> {
  const zone = resolveTimeZone(text);
  if (!zone.ok) return fail(zone.message);
  if (out.timeZone !== undefined && out.timeZone !== zone.zone)
    return fail('Give one time zone only.');
  out.timeZone = zone.zone;
  return { ok: true, value: used };
}

/**
 * Parses structured options (Discord): `topic`, `time`, `timezone`, `days`, `kind`, `mute`.
 * Each is validated on its own; empty ones count as not given.
 */
export function parseSubscribeOptions(
  options: Readonly<Record<string, string>>,
): Parsed<SubscribeArgs> {
  const given = (name: string) => {
    const value = options[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const topic = parseTopic(given('topic') ?? '');
  if (!topic.ok) return topic;
  if (topic.topic === null) return fail(`What should the briefing be about? ${EXAMPLE}`);
  const out: SubscribeArgs = { topic: topic.topic.toLowerCase() };
  const time = given('time');
  if (time !== undefined) {
    const parsed = parseTimeOption(time);
    if (!parsed.ok) return parsed;
    out.minuteOfDay = parsed.minuteOfDay;
  }
  const zone = given('timezone') ?? given('zone');
  if (zone !== undefined) {
    const parsed = resolveTimeZone(zone);
    if (!parsed.ok) return fail(parsed.message);
    out.timeZone = parsed.zone;
  }
  const days = given('days');
  if (days !== undefined) {
    const parsed = parseDaysOption(days);
    if (!parsed.ok) return parsed;
    out.days = parsed.days;
  }
  const kind = given('kind');
  if (kind !== undefined) {
    const parsed = KINDS[kind.toLowerCase()];
    if (parsed === undefined)
      return fail(`The kind is news or headlines (got '${shorten(kind)}').`);
    out.kind = parsed;
  }
  const mute = given('mute');
  if (mute !== undefined) {
    const parsed = parseMuteWords(mute);
    if (!parsed.ok) return parsed;
    out.mute = parsed.words;
  }
  return { ok: true, value: out };
}

/** Words, with `a, b` joined to `a,b` and `8 am` to `8am`. */
function tokenize(text: string): string[] {
  const words = text
    .normalize('NFKC')
    .replace(/\s*,\s*/g, ',')
    .split(/\s+/)
    .filter(Boolean);
  const tokens: string[] = [];
  for (const word of words) {
    const previous = tokens.at(-1);
    if (
      previous !== undefined &&
      /^(am|pm|a\.m\.|p\.m\.)$/i.test(word) &&
      /^\d{1,2}(:\d{2})?$/.test(previous)
    ) {
      tokens[tokens.length - 1] = previous + word;
    } else {
      tokens.push(word);
    }
  }
  return tokens;
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function fail<T>(message: string): Parsed<T> {
  return { ok: false, message };
}
