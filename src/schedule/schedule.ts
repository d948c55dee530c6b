/**
 * A daily schedule in its own time zone, and the slots it produces: one per local date
 * on the chosen days, at the local time (DST-aware, see `zonedInstant`).
 */
import { describeDays, type Days } from './days.ts';
import {
  dateKey,
  formatIn,
  formatLocal,
  formatMinuteOfDay,
  localDay,
  weekdayOf,
  zonedInstant,
} from './zoned-time.ts';

export interface Schedule {
  /** Minutes after local midnight: 480 is 08:00. */
  readonly minuteOfDay: number;
  /** IANA zone, `UTC` included. */
  readonly timeZone: string;
  /** Weekdays it runs, 0 = Sunday. */
  readonly days: Days;
}

/** One occurrence of a schedule: a local date and the instant it falls on. */
export interface Slot {
  /** `2026-11-26`: the local date, which with the subscription id names the slot. */
  readonly date: string;
  /** Epoch ms. */
  readonly at: number;
}

/** The slot on a local day number, or null when the schedule does not run that weekday. */
export function slotOn(schedule: Schedule, dayNumber: number): Slot | null {
  if (!schedule.days.includes(weekdayOf(dayNumber))) return null;
  return {
    date: dateKey(dayNumber),
    at: zonedInstant(dayNumber, schedule.minuteOfDay, schedule.timeZone),
  };
}

/** Slots with `after < at <= until`, oldest first. */
export function slotsBetween(schedule: Schedule, after: number, until: number): Slot[] {
  if (until <= after) return [];
  const first = localDay(after, schedule.timeZone) - 1;
  const last = localDay(until, schedule.timeZone) + 1;
  const slots: Slot[] = [];
  for (let day = first; day <= last; day++) {
    const slot = slotOn(schedule, day);
    if (slot !== null && slot.at > after && slot.at <= until) slots.push(slot);
  }
  return slots;
}

/** The first slot strictly after `after`. */
export function nextSlot(schedule: Schedule, after: number): Slot {
  const start = localDay(after, schedule.timeZone);
  for (let day = start; day <= start + 8; day++) {
    const slot = slotOn(schedule, day);
    if (slot !== null && slot.at > after) return slot;
  }
  // Unreachable for a non-empty set of days; fail loudly rather than loop.
  throw new Error(`schedule has no slot in the next week: ${JSON.stringify(schedule)}`);
}

/** `every day at 08:00 Asia/Tokyo` */
export function describeSchedule(schedule: Schedule): string {
  return `${describeDays(schedule.days)} at ${formatMinuteOfDay(schedule.minuteOfDay)} ${schedule.timeZone}`;
}

/** `Thu 26 Nov, 08:00 (in 11 h 24 min)`, in the schedule's zone. */
export function describeNext(schedule: Schedule, now: number): string {
  const next = nextSlot(schedule, now);
  return `${formatLocal(next.at, schedule.timeZone)} (${formatIn(next.at - now)})`;
}
