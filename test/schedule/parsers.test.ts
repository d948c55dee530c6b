import { describe, expect, it } from 'vitest';
import {
  describeDays,
  EVERY_DAY,
  parseDays,
  parseDaysOption,
  WEEKDAYS,
  WEEKENDS,
} from '../../src/schedule/days.ts';
import { MAX_MUTE_WORDS, parseMuteWords } from '../../src/schedule/mute.ts';
import { parseTimeOfDay, parseTimeOption } from '../../src/schedule/time-of-day.ts';
import { resolveTimeZone, suggestTimeZones } from '../../src/schedule/time-zones.ts';

describe('times of day', () => {
  it.each([
    ['08:00', 480],
    ['8:00', 480],
    ['20:30', 1230],
    ['00:00', 0],
    ['23:59', 1439],
    ['8am', 480],
    ['8 AM', 480],
    ['12am', 0],
    ['12pm', 720],
    ['6:30pm', 1110],
    ['8 p.m.', 1200],
    ['20h', 1200],
    ['20h30', 1230],
  ])('GIVEN %s THEN it is minute %i of the day', (text, minute) => {
    expect(parseTimeOfDay(text)).toEqual({ ok: true, minuteOfDay: minute });
  });

  it.each(['25:00', '24:00', '8:60', '8:5', '13pm', '0am', '99:99'])(
    'GIVEN %s THEN it is refused with the accepted forms',
    (text) => {
      expect(parseTimeOfDay(text)).toEqual({
        ok: false,
        message: `'${text}' is not a time of day. Use HH:MM on a 24-hour clock (08:00, 20:30) or a time such as 8am or 6:30pm.`,
      });
    },
  );

  it('GIVEN words or years THEN they are not times (so they can be topic words)', () => {
    expect(parseTimeOfDay('japan')).toBeNull();
    expect(parseTimeOfDay('2026')).toBeNull();
    expect(parseTimeOption('soon')).toMatchObject({ ok: false });
  });
});

describe('days', () => {
  it.each([
    ['daily', EVERY_DAY],
    ['everyday', EVERY_DAY],
    ['weekdays', WEEKDAYS],
    ['weekends', WEEKENDS],
    ['mon,wed,fri', [1, 3, 5]],
    ['Mon, Wed, Fri', [1, 3, 5]],
    ['monday,tuesday', [1, 2]],
    ['mon-fri', WEEKDAYS],
    ['fri-mon', [0, 1, 5, 6]],
    ['sun', [0]],
  ])('GIVEN %s THEN the days are %j', (text, days) => {
    expect(parseDays(text)).toEqual({ ok: true, days });
  });

  it('GIVEN a misspelt day THEN the message suggests the day', () => {
    expect(parseDays('mon,wendesday')).toEqual({
      ok: false,
      message:
        "'wendesday' is not a day of the week. Did you mean wednesday? Use daily, weekdays, weekends, or days such as mon,wed,fri or mon-fri.",
    });
  });

  it('GIVEN a word that is not about days THEN free text may use it (null), a days option may not', () => {
    expect(parseDays('japan')).toBeNull();
    expect(parseDaysOption('japan')).toEqual({
      ok: false,
      message:
        "'japan' is not a list of days. Use daily, weekdays, weekends, or days such as mon,wed,fri or mon-fri.",
    });
  });

  it('GIVEN day sets THEN they read as a sentence, Monday first', () => {
    expect(describeDays(EVERY_DAY)).toBe('every day');
    expect(describeDays(WEEKDAYS)).toBe('on weekdays');
    expect(describeDays(WEEKENDS)).toBe('on weekends');
    expect(describeDays([0, 1, 3, 5])).toBe('on Mon, Wed, Fri and Sun');
    expect(describeDays([2])).toBe('on Tue');
  });
});

describe('time zones', () => {
  it.each([
    ['Asia/Tokyo', 'Asia/Tokyo'],
    ['asia/tokyo', 'Asia/Tokyo'],
    ['tokyo', 'Asia/Tokyo'],
    ['Tokyo', 'Asia/Tokyo'],
    ['new york', 'America/New_York'],
    ['New_York', 'America/New_York'],
    ['london', 'Europe/London'],
    ['mumbai', 'Asia/Kolkata'],
    ['Asia/Calcutta', 'Asia/Kolkata'],
    ['kyiv', 'Europe/Kyiv'],
    ['UTC', 'UTC'],
    ['gmt', 'UTC'],
    ['US/Eastern', 'America/New_York'],
  ])('GIVEN %s THEN the zone is %s', (text, zone) => {
    expect(resolveTimeZone(text)).toEqual({ ok: true, zone });
  });

  it('GIVEN a misspelt zone THEN the message asks "did you mean"', () => {
    expect(resolveTimeZone('Tokio')).toEqual({
      ok: false,
      suggestion: 'Asia/Tokyo',
      message: "Unknown time zone 'Tokio'. Did you mean Asia/Tokyo?",
    });
    expect(resolveTimeZone('Europe/Londn')).toMatchObject({
      message: "Unknown time zone 'Europe/Londn'. Did you mean Europe/London?",
    });
  });

  it('GIVEN nonsense THEN the message says what is accepted', () => {
    expect(resolveTimeZone('Mars/Olympus')).toEqual({
      ok: false,
      suggestion: null,
      message:
        "Unknown time zone 'Mars/Olympus'. Use a city such as tokyo, an IANA name such as Europe/London, or UTC.",
    });
  });

  it('GIVEN city names turned off THEN only IANA names and UTC resolve', () => {
    expect(resolveTimeZone('tokyo', { cities: false })).toMatchObject({ ok: false });
    expect(resolveTimeZone('Asia/Tokyo', { cities: false })).toEqual({
      ok: true,
      zone: 'Asia/Tokyo',
    });
  });

  it('GIVEN a partial city THEN at most 25 suggestions come, cities starting with it first', () => {
    const tok = suggestTimeZones('tok');
    expect(tok[0]).toEqual({ name: 'Tokyo — Asia/Tokyo', value: 'Asia/Tokyo' });
    expect(suggestTimeZones('a').length).toBe(25);
    const empty = suggestTimeZones('');
    expect(empty[0]).toEqual({ name: 'UTC', value: 'UTC' });
    expect(empty.map((s) => s.value)).toContain('America/New_York');
    expect(empty.length).toBeLessThanOrEqual(25);
    expect(suggestTimeZones('zzzz')).toEqual([]);
  });
});

describe('mute words', () => {
  it('GIVEN a comma list THEN the words come back trimmed, lowercased, once each', () => {
    expect(parseMuteWords('Sports, celebrity,sports')).toEqual({
      ok: true,
      words: ['sports', 'celebrity'],
    });
    expect(parseMuteWords('white house')).toEqual({ ok: true, words: ['white house'] });
    expect(parseMuteWords('none')).toEqual({ ok: true, words: [] });
  });

  it('GIVEN markup, an empty list, too many or too long words THEN each gets its own message', () => {
    expect(parseMuteWords('<b>x</b>')).toEqual({
      ok: false,
      message: "The mute word '<b>x</b>' can only hold letters, digits, spaces and . ' & + - #.",
    });
    expect(parseMuteWords(' , ')).toEqual({
      ok: false,
      message: 'Name at least one word to mute, for example: -mute sports,celebrity',
    });
    const many = Array.from({ length: MAX_MUTE_WORDS + 1 }, (_, i) => `w${i}`).join(',');
    expect(parseMuteWords(many)).toEqual({
      ok: false,
      message: `At most ${MAX_MUTE_WORDS} mute words, please.`,
    });
    expect(parseMuteWords('x'.repeat(41))).toEqual({
      ok: false,
      message: 'A mute word can be at most 40 characters.',
    });
  });
});
