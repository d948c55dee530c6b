import { describe, expect, it } from 'vitest';
import { parseSubscribeOptions, parseSubscribeText } from '../../src/commands/subscribe-args.ts';

describe('/subscribe text arguments', () => {
  it.each([
    ['japan', { topic: 'japan' }],
    ['Japan 08:00 Asia/Tokyo', { topic: 'japan', minuteOfDay: 480, timeZone: 'Asia/Tokyo' }],
    ['japan 8am tokyo', { topic: 'japan', minuteOfDay: 480, timeZone: 'Asia/Tokyo' }],
    ['japan 8 am tokyo', { topic: 'japan', minuteOfDay: 480, timeZone: 'Asia/Tokyo' }],
    ['japan 20:30 UTC', { topic: 'japan', minuteOfDay: 1230, timeZone: 'UTC' }],
    [
      'trump tariffs 07:15 new york',
      { topic: 'trump tariffs', minuteOfDay: 435, timeZone: 'America/New_York' },
    ],
    [
      'japan 08:00 tokyo weekdays headlines',
      {
        topic: 'japan',
        minuteOfDay: 480,
        timeZone: 'Asia/Tokyo',
        days: [1, 2, 3, 4, 5],
        kind: 'headlines',
      },
    ],
    ['japan 08:00 mon, wed, fri', { topic: 'japan', minuteOfDay: 480, days: [1, 3, 5] }],
    ['economy headlines', { topic: 'economy', kind: 'headlines' }],
    [
      'economy weekends Europe/London',
      { topic: 'economy', days: [0, 6], timeZone: 'Europe/London' },
    ],
    ['japan tokyo', { topic: 'japan tokyo' }],
    [
      'japan 08:00 -mute sports, celebrity',
      { topic: 'japan', minuteOfDay: 480, mute: ['sports', 'celebrity'] },
    ],
    [
      'japan -mute sports 9:00 london',
      { topic: 'japan', minuteOfDay: 540, timeZone: 'Europe/London', mute: ['sports'] },
    ],
    ['japan 08:00 --mute=sports', { topic: 'japan', minuteOfDay: 480, mute: ['sports'] }],
    ['japan 08:00 —mute sports', { topic: 'japan', minuteOfDay: 480, mute: ['sports'] }],
    ['日本 08:00 Asia/Tokyo', { topic: '日本', minuteOfDay: 480, timeZone: 'Asia/Tokyo' }],
  ])('GIVEN "%s" THEN it reads %j', (text, value) => {
    expect(parseSubscribeText(text)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'What should the briefing be about? For example: /subscribe japan 08:00 Asia/Tokyo'],
    [
      '08:00 Asia/Tokyo',
      'What should the briefing be about? For example: /subscribe japan 08:00 Asia/Tokyo',
    ],
    ['japan 08:00 Tokio', "Unknown time zone 'Tokio'. Did you mean Asia/Tokyo?"],
    ['japan Asia/Tokio', "Unknown time zone 'Asia/Tokio'. Did you mean Asia/Tokyo?"],
    [
      'japan 25:00',
      "'25:00' is not a time of day. Use HH:MM on a 24-hour clock (08:00, 20:30) or a time such as 8am or 6:30pm.",
    ],
    ['japan 08:00 09:00', "Give one time only: '09:00' is a second one."],
    [
      'japan 08:00 mon,funday',
      "'funday' is not a day of the week. Did you mean sunday? Use daily, weekdays, weekends, or days such as mon,wed,fri or mon-fri.",
    ],
    ['japan 08:00 news headlines', 'Choose one kind: news or headlines.'],
    ['japan 08:00 tokyo london', 'Give one time zone only.'],
    [
      'japan 08:00 -mute',
      'Name the words to mute after -mute, for example: -mute sports,celebrity',
    ],
    [
      'japan -mute <script>',
      "The mute word '<script>' can only hold letters, digits, spaces and . ' & + - #.",
    ],
    [
      '<b>japan</b> 08:00',
      "A topic can only hold letters, digits, spaces and . , ' & + - #. Try a plain word, for example: japan",
    ],
    [`${'x'.repeat(81)} 08:00`, 'A topic can be at most 80 characters.'],
  ])('GIVEN "%s" THEN it is refused: %s', (text, message) => {
    expect(parseSubscribeText(text)).toEqual({ ok: false, message });
  });

  it('GIVEN an unknown word after the time THEN the message explains what may follow', () => {
    const result = parseSubscribeText('japan 08:00 blah');
    expect(result).toMatchObject({ ok: false });
    expect(!result.ok && result.message).toMatch(
      /^I did not understand 'blah'\. After the time come a time zone/,
    );
  });
});

describe('/subscribe structured options', () => {
  it('GIVEN every option THEN each is parsed on its own', () => {
    expect(
      parseSubscribeOptions({
        topic: 'Japan',
        time: '8am',
        timezone: 'tokyo',
        days: 'weekdays',
        kind: 'headlines',
        mute: 'sports, celebrity',
      }),
    ).toEqual({
      ok: true,
      value: {
        topic: 'japan',
        minuteOfDay: 480,
        timeZone: 'Asia/Tokyo',
        days: [1, 2, 3, 4, 5],
        kind: 'headlines',
        mute: ['sports', 'celebrity'],
      },
    });
  });

  it('GIVEN only a topic, or empty options THEN the rest is absent', () => {
    expect(parseSubscribeOptions({ topic: 'economy', days: ' ' })).toEqual({
      ok: true,
      value: { topic: 'economy' },
    });
  });

  it.each([
    [
      { time: '08:00' },
      'What should the briefing be about? For example: /subscribe japan 08:00 Asia/Tokyo',
    ],
    [{ topic: 'japan', timezone: 'Tokio' }, "Unknown time zone 'Tokio'. Did you mean Asia/Tokyo?"],
    [{ topic: 'japan', kind: 'gossip' }, "The kind is news or headlines (got 'gossip')."],
    [
      { topic: 'japan', days: 'someday' },
      "'someday' is not a list of days. Use daily, weekdays, weekends, or days such as mon,wed,fri or mon-fri.",
    ],
    [
      { topic: 'japan', time: 'noonish' },
      "'noonish' is not a time of day. Use HH:MM on a 24-hour clock (08:00, 20:30) or a time such as 8am or 6:30pm.",
    ],
  ])('GIVEN %j THEN it is refused: %s', (options, message) => {
    expect(parseSubscribeOptions(options)).toEqual({ ok: false, message });
  });
});

describe('/subscribe options before the time', () => {
  it.each([
    [
      'economy headlines 18:00 london',
      { topic: 'economy', kind: 'headlines', minuteOfDay: 1080, timeZone: 'Europe/London' },
    ],
    ['japan weekdays 08:00', { topic: 'japan', days: [1, 2, 3, 4, 5], minuteOfDay: 480 }],
    ['world news 07:00', { topic: 'world', kind: 'news', minuteOfDay: 420 }],
  ])('GIVEN "%s" THEN it reads %j', (text, value) => {
    expect(parseSubscribeText(text)).toEqual({ ok: true, value });
  });
});
