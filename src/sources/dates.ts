/**
 * Strict date parsing for feeds and files. `Date.parse` rolls 31 Feb over to 3 Mar,
 * does not know `JST`, and reads zone-less times in the host's zone; news dates deserve
 * better. What this accepts: ISO 8601 / RFC 3339 (zone-less as UTC), RFC 822/2822 with
 * 2- or 4-digit years, optional seconds, numeric or named zones, and the long US form
 * `Tuesday, January 14, 2025 9:00 AM GMT`. Anything else is null, never a guess.
 */

/** How far in the future a publication date may lie before we call it wrong. */
export const MAX_FUTURE_MS = 48 * 60 * 60 * 1000;

const MONTHS: ReadonlyMap<string, number> = new Map(
  ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map(
    (m, i) => [m, i + 1] as const,
  ),
);

const WEEKDAYS = /^(mon|tue|wed|thu|fri|sat|sun)[a-z]*$/i;

/** Zone abbreviations seen in real feeds, in minutes east of UTC. */
const ZONES: ReadonlyMap<string, number> = new Map([
  ['Z', 0],
  ['UT', 0],
  ['UTC', 0],
  ['GMT', 0],
  ['WET', 0],
  ['EST', -300],
  ['EDT', -240],
  ['CST', -360],
  ['CDT', -300],
  ['MST', -420],
  ['MDT', -360],
  ['PST', -480],
  ['PDT', -420],
  ['AKST', -540],
  ['AKDT', -480],
  ['HST', -600],
  ['BST', 60],
  ['WEST', 60],
  ['CET', 60],
  ['CEST', 120],
  ['EET', 120],
  ['EEST', 180],
  ['MSK', 180],
  ['IST', 330],
  ['PKT', 300],
  ['WIB', 420],
  ['HKT', 480],
  ['SGT', 480],
  ['AWST', 480],
  ['JST', 540],
  ['KST', 540],
  ['ACST', 570],
  ['AEST', 600],
  ['AEDT', 660],
  ['NZST', 720],
  ['NZDT', 780],
]);

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(.*)$/i;
const RFC822 =
  /^(?:([A-Za-z]+)\.?,?\s+)?(\d{1,2})[\s-]+([A-Za-z]+)\.?[\s-]+(\d{4}|\d{2})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]\.?M\.?)?)?\s*(.*)$/i;
const US_LONG =
  /^(?:([A-Za-z]+)\.?,?\s+)?([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:,?\s+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]\.?M\.?)?)?\s*(.*)$/i;

/**
 * Parses a date strictly; returns epoch ms, or null when the text is not a date we can
 * read without guessing (impossible dates such as 31 Feb included).
 * @example parseDate('Tue, 14 Jan 2025 09:00:00 JST') // 1736812800000 (00:00 UTC)
 * @example parseDate('2025-01-14 09:00:00') // 09:00 UTC: zone-less means UTC
 */
export function parseDate(raw: string | number | Date | null | undefined): number | null {
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : raw.getTime();
  if (typeof raw !== 'string') return null;
  const quick = canonicalDate(raw);
  if (quick !== undefined) return quick;
  const text = raw
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/\s*\([^)]*\)$/, '');
  if (text === '') return null;

  let m = ISO.exec(text);
  if (m !== null) {
    const [, y, mo, d, h, mi, s, frac, zone] = m;
    const ms = frac === undefined ? 0 : Math.round(Number(`0.${frac}`) * 1000);
    return build(+y!, +mo!, +d!, h, mi, s, undefined, zone ?? '', ms);
  }
  m = RFC822.exec(text);
  if (m !== null) {
    const [, weekday, d, mon, y, h, mi, s, ampm, zone] = m;
    const month = monthNumber(mon!);
    if (month === null || (weekday !== undefined && !WEEKDAYS.test(weekday))) return null;
    return build(fullYear(y!), month, +d!, h, mi, s, ampm, zone ?? '');
  }
  m = US_LONG.exec(text);
  if (m !== null) {
    const [, weekday, mon, d, y, h, mi, s, ampm, zone] = m;
    const month = monthNumber(mon!);
    if (month === null || (weekday !== undefined && !WEEKDAYS.test(weekday))) return null;
    return build(+y!, month, +d!, h, mi, s, ampm, zone ?? '');
  }
  return null;
}

const WEEKDAY_ABBREVIATIONS = new Set(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** The number written by the digits at `[from, to)` (all checked to be digits). */
function digitsAt(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + text.charCodeAt(i) - 0x30;
  return n;
}

function allDigits(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isDigit(text.charCodeAt(i))) return false;
  return true;
}

/**
 * The two shapes nearly every feed writes, read without regexes: `2025-01-14T09:00:00Z`
 * (seconds, fraction and a zone optional as below) and `Tue, 14 Jan 2025 09:00:00 GMT`.
 * Each part goes through the same checks as the general path (`build`), so the result
 * is the same; undefined means "not exactly this shape", and the general path decides.
 */
function canonicalDate(text: string): number | null | undefined {
  const length = text.length;
  if (length >= 20 && text.charCodeAt(4) === 0x2d) {
    // YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM|±HHMM)
    if (
      !allDigits(text, 0, 4) ||
      !allDigits(text, 5, 7) ||
      text.charCodeAt(7) !== 0x2d ||
      !allDigits(text, 8, 10) ||
      text.charCodeAt(10) !== 0x54 ||
      !allDigits(text, 11, 13) ||
      text.charCodeAt(13) !== 0x3a ||
      !allDigits(text, 14, 16) ||
      text.charCodeAt(16) !== 0x3a ||
      !allDigits(text, 17, 19)
    ) {
      return undefined;
    }
    let at = 19;
    let ms = 0;
    if (text.charCodeAt(at) === 0x2e) {
      const start = at + 1;
      at = start;
      while (isDigit(text.charCodeAt(at))) at++;
      if (at === start) return undefined;
      ms = Math.round(Number(`0.${text.slice(start, at)}`) * 1000);
    }
    const zone = text.slice(at);
    if (zone !== 'Z' && !/^[+-]\d\d:?\d\d$/.test(zone)) return undefined;
    return build(
      digitsAt(text, 0, 4),
      digitsAt(text, 5, 7),
      digitsAt(text, 8, 10),
      text.slice(11, 13),
      text.slice(14, 16),
      text.slice(17, 19),
      undefined,
      zone,
      ms,
    );
  }
  if (length >= 28 && text.charCodeAt(3) === 0x2c && text.charCodeAt(4) === 0x20) {
    // Www, DD Mmm YYYY HH:MM:SS ZONE (one space each; a one-digit day too)
    if (!WEEKDAY_ABBREVIATIONS.has(text.slice(0, 3).toLowerCase())) return undefined;
    const dayEnd = isDigit(text.charCodeAt(6)) ? 7 : 6;
    const at = dayEnd + 1; // the month
    if (
      !allDigits(text, 5, dayEnd) ||
      text.charCodeAt(dayEnd) !== 0x20 ||
      text.charCodeAt(at + 3) !== 0x20 ||
      !allDigits(text, at + 4, at + 8) ||
      text.charCodeAt(at + 8) !== 0x20 ||
      !allDigits(text, at + 9, at + 11) ||
      text.charCodeAt(at + 11) !== 0x3a ||
      !allDigits(text, at + 12, at + 14) ||
      text.charCodeAt(at + 14) !== 0x3a ||
      !allDigits(text, at + 15, at + 17) ||
      text.charCodeAt(at + 17) !== 0x20
    ) {
      return undefined;
    }
    const month = MONTHS.get(text.slice(at, at + 3).toLowerCase());
    const zone = text.slice(at + 18);
    if (month === undefined || !/^(?:GMT|UTC?|Z|[+-]\d{4}|[A-Z]{3,4})$/.test(zone)) {
      return undefined;
    }
    return build(
      digitsAt(text, at + 4, at + 8),
      month,
      digitsAt(text, 5, dayEnd),
      text.slice(at + 9, at + 11),
      text.slice(at + 12, at + 14),
      text.slice(at + 15, at + 17),
      undefined,
      zone,
    );
  }
  return undefined;
}

/**
 * A publication date as Herald keeps it: strictly parsed, and null when it lies more
 * than 48 hours after `now` (a wrong clock or a placeholder, not news from the future).
 */
export function publicationDate(raw: string | number | Date | null | undefined, now: number) {
  const ms = parseDate(raw);
  return ms !== null && ms <= now + MAX_FUTURE_MS ? ms : null;
}

const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

function monthNumber(name: string): number | null {
  const key = name.toLowerCase();
  if (key.length < 3) return null;
  const month = MONTHS.get(key.slice(0, 3));
  if (month === undefined) return null;
  // `Sept` and full names are fine; `Janxyz` is not.
  return MONTH_NAMES[month - 1]!.startsWith(key) || key === 'sept' ? month : null;
}

function fullYear(y: string): number {
  const n = Number(y);
  if (y.length === 4) return n;
  return n < 50 ? 2000 + n : 1900 + n; // RFC 2822 §4.3
}

function zoneOffset(zone: string): number | null {
  const z = zone.trim();
  if (z === '') return 0; // zone-less: UTC, never the host's zone
  const named = ZONES.get(z.toUpperCase());
  if (named !== undefined) return named;
  const m = /^(?:GMT|UTC|UT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(z);
  if (m === null) return null;
  const [, sign, hh, mm] = m;
  const hours = Number(hh);
  const minutes = Number(mm ?? 0);
  if (hours > 14 || minutes > 59) return null;
  return (sign === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function build(
  year: number,
  month: number,
  day: number,
  h: string | undefined,
  mi: string | undefined,
  s: string | undefined,
  ampm: string | undefined,
  zone: string,
  ms = 0,
): number | null {
  let hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = s === undefined ? 0 : Math.min(Number(s), 59); // 60: a leap second
  if (ampm !== undefined) {
    if (hour < 1 || hour > 12) return null;
    const pm = ampm[0]?.toLowerCase() === 'p';
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return null;
  if (day > daysIn(year, month)) return null;
  if (hour > 24 || minute > 59 || second > 60 || (hour === 24 && (minute > 0 || second > 0))) {
    return null;
  }
  const offset = zoneOffset(zone);
  if (offset === null) return null;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset * 60_000;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}
