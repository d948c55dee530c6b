import { describe, expect, it } from 'vitest';
import { EVERY_DAY, WEEKDAYS } from '../../src/schedule/days.ts';
import {
  describeNext,
  nextSlot,
  slotsBetween,
  type Schedule,
} from '../../src/schedule/schedule.ts';
import {
  DAY_MS,
  formatIn,
  formatLocal,
  HOUR_MS,
  MINUTE_MS,
  offsetAt,
  wallTime,
  zonedInstant,
} from '../../src/schedule/zoned-time.ts';

const at = (iso: string) => Date.parse(iso);
const iso = (instant: number) => new Date(instant).toISOString();
const dayOf = (date: string) => Math.floor(at(`${date}T00:00:00Z`) / DAY_MS);
const daily = (time: string, timeZone: string, days = EVERY_DAY): Schedule => {
  const [hours, minutes] = time.split(':').map(Number);
  return { minuteOfDay: (hours ?? 0) * 60 + (minutes ?? 0), timeZone, days };
};

/** The slots of `schedule` over `days` days from `start`, as ISO instants. */
function slotsOver(schedule: Schedule, start: string, days: number): string[] {
  const from = at(start);
  return slotsBetween(schedule, from, from + days * DAY_MS).map((slot) => iso(slot.at));
}

describe('wall time and offsets', () => {
  it('GIVEN an instant THEN the wall time and offset of each zone are right, DST included', () => {
    const summer = at('2026-07-01T12:00:00Z');
    const winter = at('2026-01-15T12:00:00Z');
    expect(offsetAt(summer, 'America/New_York')).toBe(-4 * HOUR_MS);
    expect(offsetAt(winter, 'America/New_York')).toBe(-5 * HOUR_MS);
    expect(offsetAt(summer, 'Europe/London')).toBe(HOUR_MS);
    expect(offsetAt(winter, 'Europe/London')).toBe(0);
    expect(offsetAt(summer, 'Asia/Tokyo')).toBe(9 * HOUR_MS);
    expect(offsetAt(winter, 'Asia/Tokyo')).toBe(9 * HOUR_MS);
    expect(offsetAt(summer, 'Asia/Kolkata')).toBe(5.5 * HOUR_MS);
    const tokyo = wallTime(at('2026-11-25T23:00:00Z'), 'Asia/Tokyo');
    expect(tokyo).toMatchObject({ year: 2026, month: 11, day: 26, hour: 8, minute: 0, weekday: 4 });
  });

  it('GIVEN a local date and time THEN zonedInstant gives its UTC instant', () => {
    expect(iso(zonedInstant(dayOf('2026-11-26'), 8 * 60, 'Asia/Tokyo'))).toBe(
      '2026-11-25T23:00:00.000Z',
    );
    expect(iso(zonedInstant(dayOf('2026-07-01'), 8 * 60, 'America/New_York'))).toBe(
      '2026-07-01T12:00:00.000Z',
    );
    expect(iso(zonedInstant(dayOf('2026-01-15'), 8 * 60, 'Europe/London'))).toBe(
      '2026-01-15T08:00:00.000Z',
    );
    expect(iso(zonedInstant(dayOf('2026-01-15'), 0, 'UTC'))).toBe('2026-01-15T00:00:00.000Z');
  });
});

describe('next run across DST in America/New_York', () => {
  // 2026: clocks go forward on Sun 8 Mar at 02:00 EST, back on Sun 1 Nov at 02:00 EDT.
  it('GIVEN 08:00 daily THEN it stays 08:00 local on both sides of the spring change', () => {
    expect(slotsOver(daily('08:00', 'America/New_York'), '2026-03-06T15:00:00Z', 4)).toEqual([
      '2026-03-07T13:00:00.000Z', // Sat 08:00 EST
      '2026-03-08T12:00:00.000Z', // Sun 08:00 EDT, the day of the change
      '2026-03-09T12:00:00.000Z',
      '2026-03-10T12:00:00.000Z',
    ]);
  });

  it('GIVEN 08:00 daily THEN it stays 08:00 local on both sides of the autumn change', () => {
    expect(slotsOver(daily('08:00', 'America/New_York'), '2026-10-30T15:00:00Z', 3)).toEqual([
      '2026-10-31T12:00:00.000Z', // Sat 08:00 EDT
      '2026-11-01T13:00:00.000Z', // Sun 08:00 EST
      '2026-11-02T13:00:00.000Z',
    ]);
  });

  it('GIVEN 02:30, which does not exist on the spring-forward night THEN that day it runs at 03:00', () => {
    const slots = slotsOver(daily('02:30', 'America/New_York'), '2026-03-07T00:00:00Z', 3);
    expect(slots).toEqual([
      '2026-03-07T07:30:00.000Z', // 02:30 EST
      '2026-03-08T07:00:00.000Z', // 03:00 EDT: the first minute after the gap
      '2026-03-09T06:30:00.000Z', // 02:30 EDT
    ]);
    expect(formatLocal(at(slots[1] ?? ''), 'America/New_York')).toBe('Sun 8 Mar, 03:00');
  });

  it('GIVEN 01:30, which happens twice on the fall-back night THEN it runs once, at the first', () => {
    const slots = slotsOver(daily('01:30', 'America/New_York'), '2026-10-31T00:00:00Z', 3);
    expect(slots).toEqual([
      '2026-10-31T05:30:00.000Z',
      '2026-11-01T05:30:00.000Z', // 01:30 EDT; not again at 01:30 EST (06:30Z)
      '2026-11-02T06:30:00.000Z',
    ]);
  });

  it('GIVEN the time just before the change THEN the next run shows the right local time and wait', () => {
    const schedule = daily('08:00', 'America/New_York');
    const now = at('2026-03-08T06:30:00Z'); // Sun 01:30 EST
    expect(iso(nextSlot(schedule, now).at)).toBe('2026-03-08T12:00:00.000Z');
    // Only 5 h 30 min of real time to 08:00, because the clocks skip an hour.
    expect(describeNext(schedule, now)).toBe('Sun 8 Mar, 08:00 (in 5 h 30 min)');
  });
});

describe('next run across DST in Europe/London', () => {
  // 2026: forward on Sun 29 Mar at 01:00 GMT, back on Sun 25 Oct at 02:00 BST.
  it('GIVEN 08:00 daily THEN it stays 08:00 local across both changes', () => {
    expect(slotsOver(daily('08:00', 'Europe/London'), '2026-03-28T09:00:00Z', 2)).toEqual([
      '2026-03-29T07:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
    ]);
    expect(slotsOver(daily('08:00', 'Europe/London'), '2026-10-24T09:00:00Z', 2)).toEqual([
      '2026-10-25T08:00:00.000Z',
      '2026-10-26T08:00:00.000Z',
    ]);
  });

  it('GIVEN 01:30 on the spring-forward night THEN it runs at 02:00 BST; on the fall-back night once', () => {
    expect(slotsOver(daily('01:30', 'Europe/London'), '2026-03-29T00:00:00Z', 1)).toEqual([
      '2026-03-29T01:00:00.000Z', // 02:00 BST
    ]);
    expect(slotsOver(daily('01:30', 'Europe/London'), '2026-10-25T00:00:00Z', 1)).toEqual([
      '2026-10-25T00:30:00.000Z', // the first 01:30 (BST)
    ]);
  });
});

describe('next run in Asia/Tokyo (no DST)', () => {
  it('GIVEN 08:00 Asia/Tokyo at 20:36 Tokyo time THEN the next briefing is tomorrow 08:00, in 11 h 24 min', () => {
    const schedule = daily('08:00', 'Asia/Tokyo');
    expect(describeNext(schedule, at('2026-11-25T11:36:00Z'))).toBe(
      'Thu 26 Nov, 08:00 (in 11 h 24 min)',
    );
  });

  it('GIVEN a whole year THEN every slot is 23:00 UTC the day before', () => {
    const slots = slotsBetween(
      daily('08:00', 'Asia/Tokyo'),
      at('2026-01-01T00:00:00Z'),
      at('2027-01-01T00:00:00Z'),
    );
    expect(slots).toHaveLength(365);
    expect(slots.every((slot) => new Date(slot.at).toISOString().endsWith('T23:00:00.000Z'))).toBe(
      true,
    );
  });
});

describe('days and waits', () => {
  it('GIVEN weekdays on a Friday evening THEN the next run is Monday', () => {
    const schedule = daily('08:00', 'UTC', WEEKDAYS);
    const friday = at('2026-11-27T20:00:00Z');
    expect(nextSlot(schedule, friday)).toEqual({
      date: '2026-11-30',
      at: at('2026-11-30T08:00:00Z'),
    });
    expect(describeNext(schedule, friday)).toBe('Mon 30 Nov, 08:00 (in 2 d 12 h)');
  });

  it('GIVEN a slot exactly now THEN the next one is the following day (strictly after)', () => {
    const schedule = daily('08:00', 'UTC');
    expect(nextSlot(schedule, at('2026-11-25T08:00:00Z')).date).toBe('2026-11-26');
    expect(nextSlot(schedule, at('2026-11-25T07:59:30Z')).date).toBe('2026-11-25');
  });

  it('GIVEN waits of every size THEN they read naturally', () => {
    expect(formatIn(30_000)).toBe('in less than a minute');
    expect(formatIn(5 * MINUTE_MS + 59_000)).toBe('in 5 min');
    expect(formatIn(3 * HOUR_MS)).toBe('in 3 h');
    expect(formatIn(11 * HOUR_MS + 24 * MINUTE_MS)).toBe('in 11 h 24 min');
    expect(formatIn(DAY_MS + 2 * HOUR_MS)).toBe('in 1 d 2 h');
  });
});
