/**
 * Wall-clock time in IANA time zones with nothing but `Intl`: the offset of a zone at an
 * instant, and the instant of a local date and time, DST gaps and repeats included.
 *
 * Local dates are day numbers (days since 1970-01-01 on the civil calendar), which makes
 * "the day before" plain arithmetic and weekdays a modulo.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** A civil date and time as a clock on the wall of a zone shows it. */
export interface WallTime {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
  /** Days since 1970-01-01 of this civil date. */
  dayNumber: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The wall time in `timeZone` at `instant` (epoch ms). */
export function wallTime(instant: number, timeZone: string): WallTime {
  const fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatter(timeZone).formatToParts(instant)) {
    if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value);
  }
  const dayNumber = Math.floor(Date.UTC(fields.year, fields.month - 1, fields.day) / DAY_MS);
  return { ...fields, dayNumber, weekday: weekdayOf(dayNumber) };
}

/** How far the zone's clock is ahead of UTC at `instant`, in ms (Tokyo: +9 h). */
export function offsetAt(instant: number, timeZone: string): number {
  const w = wallTime(instant, timeZone);
  const whole = Math.floor(instant / 1000) * 1000;
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - whole;
}

/** 0 = Sunday … 6 = Saturday, for a day number (1970-01-01 was a Thursday). */
export function weekdayOf(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/** `2026-11-25` for a day number. */
export function dateKey(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** The local day number in `timeZone` at `instant`. */
export function localDay(instant: number, timeZone: string): number {
  return memo(`d|${timeZone}|${instant}`, () => wallTime(instant, timeZone).dayNumber);
}

// Every tick asks the same few questions for each subscription (the same zones, times and
// dates), and `Intl` formatting costs tens of microseconds: remember recent answers.
const MEMO_LIMIT = 20_000;
const memory = new Map<string, number>();

function memo(key: string, compute: () => number): number {
  let value = memory.get(key);
  if (value === undefined) {
    if (memory.size >= MEMO_LIMIT) memory.clear();
    value = compute();
    memory.set(key, value);
  }
  return value;
}

/**
 * The instant at which the wall clock of `timeZone` shows `minuteOfDay` on `dayNumber`.
 * - A time that happens twice (the repeated hour when clocks go back) gives the first.
 * - A time that does not exist (skipped when clocks go forward) gives the instant the
 *   clocks jumped, that is the first valid minute after the gap: 02:30 on a
 *   spring-forward night in New York gives 03:00 local.
 */
export function zonedInstant(dayNumber: number, minuteOfDay: number, timeZone: string): number {
  return memo(`z|${timeZone}|${dayNumber}|${minuteOfDay}`, () =>
    computeZonedInstant(dayNumber, minuteOfDay, timeZone),
  );
}

function computeZonedInstant(dayNumber: number, minuteOfDay: number, timeZone: string): number {
  const local = dayNumber * DAY_MS + minuteOfDay * MINUTE_MS;
  // A zone changes offset at most a couple of times a year, so the offsets a day either
  // side are the only two that can apply to this wall time.
  const before = offsetAt(local - DAY_MS, timeZone);
  const after = offsetAt(local + DAY_MS, timeZone);
  const candidates = [local - before, local - after].sort((a, b) => a - b);
  for (const instant of candidates) {
    if (instant + offsetAt(instant, timeZone) === local) return instant;
  }
  // In the gap: find the transition between the two candidates, to the minute.
  let [low, high] = candidates as [number, number];
  while (high - low > MINUTE_MS) {
    const middle = low + Math.floor((high - low) / 2 / MINUTE_MS) * MINUTE_MS;
    if (offsetAt(middle, timeZone) === offsetAt(low, timeZone)) low = middle;
    else high = middle;
  }
  return high;
}

const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTH_NAMES = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;

/** `Mon`, for 0 = Sunday … 6 = Saturday. */
export function weekdayName(weekday: number): string {
  return WEEKDAY_NAMES[weekday] ?? '?';
}

/** `08:00` */
export function formatMinuteOfDay(minuteOfDay: number): string {
  const hours = Math.floor(minuteOfDay / 60);
  const minutes = minuteOfDay % 60;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

/**
 * `Thu 26 Nov, 08:00` in `timeZone`.
 * @example formatLocal(Date.parse('2026-11-25T23:00:00Z'), 'Asia/Tokyo') // 'Thu 26 Nov, 08:00'
 */
export function formatLocal(instant: number, timeZone: string): string {
  const w = wallTime(instant, timeZone);
  return `${weekdayName(w.weekday)} ${w.day} ${MONTH_NAMES[w.month - 1] ?? '?'}, ${formatMinuteOfDay(w.hour * 60 + w.minute)}`;
}

/**
 * `in 11 h 24 min`, `in 5 min`, `in 2 d 3 h`, `in less than a minute`.
 * Whole minutes, rounded down, so it never promises more time than there is.
 */
export function formatIn(milliseconds: number): string {
  const minutes = Math.floor(milliseconds / MINUTE_MS);
  if (minutes < 1) return 'in less than a minute';
  const days = Math.floor(minutes / (24 * 60));
  const hours = Math.floor((minutes % (24 * 60)) / 60);
  const rest = minutes % 60;
  if (days > 0) return `in ${days} d${hours > 0 ? ` ${hours} h` : ''}`;
  if (hours > 0) return `in ${hours} h${rest > 0 ? ` ${rest} min` : ''}`;
  return `in ${rest} min`;
}
