/**
 * The days of the week a subscription runs: `daily`, `weekdays`, `weekends`,
 * `mon,wed,fri`, `mon-fri`, full names. Kept as a sorted list of weekday numbers
 * (0 = Sunday … 6 = Saturday) so it stores as plain JSON.
 */
import { editDistance } from './edit-distance.ts';
import { weekdayName } from './zoned-time.ts';

export type Days = readonly number[];

export const EVERY_DAY: Days = [0, 1, 2, 3, 4, 5, 6];
export const WEEKDAYS: Days = [1, 2, 3, 4, 5];
export const WEEKENDS: Days = [0, 6];

const DAY_WORDS: Readonly<Record<string, number>> = {
  sun: 0, sunday: 0, sundays: 0,
  mon: 1, monday: 1, mondays: 1,
  tue: 2, tues: 2, tuesday: 2, tuesdays: 2,
  wed: 3, weds: 3, wednesday: 3, wednesdays: 3,
  thu: 4, thur: 4, thurs: 4, thursday: 4, thursdays: 4,
  fri: 5, friday: 5, fridays: 5,
  sat: 6, saturday: 6, saturdays: 6,
}; // prettier-ignore

const SETS: Readonly<Record<string, Days>> = {
  daily: EVERY_DAY,
  everyday: EVERY_DAY,
  'every-day': EVERY_DAY,
  'every day': EVERY_DAY,
  all: EVERY_DAY,
  weekdays: WEEKDAYS,
  weekday: WEEKDAYS,
  workdays: WEEKDAYS,
  weekends: WEEKENDS,
  weekend: WEEKENDS,
};

export type DaysResult = { ok: true; days: Days } | { ok: false; message: string };

const HELP = 'Use daily, weekdays, weekends, or days such as mon,wed,fri or mon-fri.';

/**
 * Parses a days expression. Returns null when the text does not look like days at all
 * (so a caller scanning free text can try something else).
 * @example parseDays('mon,wed,fri') // { ok: true, days: [1, 3, 5] }
 */
export function parseDays(text: string): DaysResult | null {
  const key = text
    .trim()
    .toLowerCase()
    .replace(/\s*,\s*/g, ',');
  if (key === '') return null;
  const set = SETS[key];
  if (set !== undefined) return { ok: true, days: set };
  const items = key.split(',').filter(Boolean);
  const days = new Set<number>();
  let recognised = 0;
  for (const item of items) {
    const range = /^([a-z]+)-([a-z]+)$/.exec(item);
    if (range !== null) {
      const from = DAY_WORDS[range[1] ?? ''];
      const to = DAY_WORDS[range[2] ?? ''];
      if (from === undefined || to === undefined) return looksLikeDays(items, recognised, item);
      recognised++;
      for (let day = from; ; day = (day + 1) % 7) {
        days.add(day);
        if (day === to) break;
      }
      continue;
    }
    const day = DAY_WORDS[item];
    if (day === undefined) return looksLikeDays(items, recognised, item);
    recognised++;
    days.add(day);
  }
  return { ok: true, days: [...days].sort((a, b) => a - b) };
}

/** A list that is partly days (or one near-miss day name) is an error; anything else is not days. */
function looksLikeDays(items: string[], recognised: number, bad: string): DaysResult | null {
  const near = nearestDayWord(bad.split('-')[0] ?? bad);
  if (recognised === 0 && items.length === 1 && near === null) return null;
  const hint = near === null ? '' : ` Did you mean ${near}?`;
  return { ok: false, message: `'${bad}' is not a day of the week.${hint} ${HELP}` };
}

function nearestDayWord(word: string): string | null {
  if (word.length < 3) return null;
  let best: { word: string; distance: number } | null = null;
  for (const candidate of [...Object.keys(DAY_WORDS), ...Object.keys(SETS)]) {
    const distance = editDistance(word, candidate);
    if (best === null || distance < best.distance) best = { word: candidate, distance };
  }
  return best !== null && best.distance <= (word.length <= 4 ? 1 : 2) ? best.word : null;
}

/** Parses a days option that must be days (a structured option); bad text is an error. */
export function parseDaysOption(text: string): DaysResult {
  return (
    parseDays(text) ?? { ok: false, message: `'${text.trim()}' is not a list of days. ${HELP}` }
  );
}

/**
 * `every day`, `on weekdays`, `on weekends`, `on Mon, Wed and Fri`.
 */
export function describeDays(days: Days): string {
  const key = days.join(',');
  if (key === EVERY_DAY.join(',')) return 'every day';
  if (key === WEEKDAYS.join(',')) return 'on weekdays';
  if (key === WEEKENDS.join(',')) return 'on weekends';
  // Monday first, as people list a week.
  const names = [...days].sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7)).map(weekdayName);
  if (names.length === 1) return `on ${names[0] ?? ''}`;
  return `on ${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
}

/** Whether the list is a valid, non-empty set of weekdays. */
export function isDays(value: unknown): value is Days {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((day) => Number.isInteger(day) && (day as number) >= 0 && (day as number) <= 6)
  );
}
