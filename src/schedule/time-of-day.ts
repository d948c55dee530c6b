/**
 * Times of day as people type them: `08:00`, `8:00`, `20:30`, `8am`, `8:30pm`, `20h`,
 * `20h30`. Kept as minutes after midnight.
 */

export type TimeResult = { ok: true; minuteOfDay: number } | { ok: false; message: string };

const HELP = 'Use HH:MM on a 24-hour clock (08:00, 20:30) or a time such as 8am or 6:30pm.';

/**
 * Parses a time of day. Returns null when the text does not look like a time at all, so a
 * caller scanning free text can treat it as something else.
 * @example parseTimeOfDay('8am') // { ok: true, minuteOfDay: 480 }
 */
export function parseTimeOfDay(text: string): TimeResult | null {
  const key = text.trim().toLowerCase().replace(/\s+/g, '').replace(/\./g, '');
  let match = /^(\d{1,2})(?::(\d{2}))?(am|pm)$/.exec(key);
  if (match !== null) {
    const hour = Number(match[1]);
    const minute = Number(match[2] ?? '0');
    if (hour < 1 || hour > 12 || minute > 59) return invalid(text);
    const base = hour % 12;
    return { ok: true, minuteOfDay: (match[3] === 'pm' ? base + 12 : base) * 60 + minute };
  }
  match = /^(\d{1,2})(?::|h)(\d{2})?$/.exec(key);
  if (match !== null && (match[2] !== undefined || key.includes('h'))) {
    const hour = Number(match[1]);
    const minute = Number(match[2] ?? '0');
    if (hour > 23 || minute > 59) return invalid(text);
    return { ok: true, minuteOfDay: hour * 60 + minute };
  }
  // Looks like an attempt at a time (`25:00`, `8:5`, `13pm`): say what is wrong.
  if (/^\d{1,2}[:h]\d*$/.test(key) || /^\d+(:\d+)?(am|pm)$/.test(key)) return invalid(text);
  return null;
}

/** Parses a time option that must be a time (a structured option). */
export function parseTimeOption(text: string): TimeResult {
  return parseTimeOfDay(text) ?? invalid(text);
}

function invalid(text: string): TimeResult {
  return { ok: false, message: `'${text.trim()}' is not a time of day. ${HELP}` };
}
