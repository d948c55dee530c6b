/**
 * /subscribe, /unsubscribe and /subscriptions through the real dispatcher, on a real
 * store (a SQLite file in a temp dir).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Dispatcher } from '../../src/adapter.ts';
import { createDispatcher } from '../../src/commands/index.ts';
import { MAX_SUBSCRIPTIONS_PER_CHAT } from '../../src/store/index.ts';
import {
  GROUP,
  makeServices,
  openTempStore,
  request,
  text,
  type TempStore,
} from '../scheduler/harness.ts';

/** Wed 25 Nov 2026, 20:36 in Tokyo. */
const NOW = Date.parse('2026-11-25T11:36:00Z');

let temp: TempStore;
let dispatcher: Dispatcher;
let now = NOW;

beforeEach(async () => {
  temp = await openTempStore();
  now = NOW;
  dispatcher = createDispatcher(makeServices(temp.store), () => now);
});

afterEach(async () => {
  await temp.cleanup();
});

const say = async (line: string, fields: Parameters<typeof request>[1] = {}) =>
  text(await dispatcher.handle(request(line, fields)));

describe('/subscribe', () => {
  it('GIVEN /subscribe japan 08:00 Asia/Tokyo THEN the reply names the schedule and the next briefing', async () => {
    expect(await say('/subscribe japan 08:00 Asia/Tokyo')).toBe(
      'Subscribed: japan news every day at 08:00 Asia/Tokyo. Next briefing: Thu 26 Nov, 08:00 (in 11 h 24 min).',
    );
    const [stored] = await temp.store.subscriptions.forChat('telegram', '-1001');
    expect(stored).toMatchObject({
      topic: 'japan',
      kind: 'news',
      schedule: { minuteOfDay: 480, timeZone: 'Asia/Tokyo', days: [0, 1, 2, 3, 4, 5, 6] },
      chatKind: 'group',
      chatTitle: 'Team chat',
      createdBy: '42',
      createdAt: NOW,
      paused: null,
    });
    expect(stored?.id).toMatch(/^[a-z2-9]{8}$/);
  });

  it('GIVEN only a topic THEN it defaults to 08:00 in DEFAULT_TIMEZONE, every day, news', async () => {
    const services = makeServices(temp.store, undefined, { DEFAULT_TIMEZONE: 'Europe/London' });
    const reply = await createDispatcher(services, () => now).handle(request('/subscribe economy'));
    expect(text(reply)).toBe(
      'Subscribed: economy news every day at 08:00 Europe/London. Next briefing: Thu 26 Nov, 08:00 (in 20 h 24 min).',
    );
  });

  it('GIVEN every option and mute words THEN the reply lists them', async () => {
    expect(
      await say(
        '/subscribe trump tariffs 6:30pm new york weekdays headlines -mute sports,celebrity',
      ),
    ).toBe(
      'Subscribed: trump tariffs headlines on weekdays at 18:30 America/New_York. Next briefing: Wed 25 Nov, 18:30 (in 11 h 54 min). Muted words: sports and celebrity.',
    );
  });

  it('GIVEN structured options (Discord) THEN they are used instead of the text', async () => {
    const reply = await dispatcher.handle(
      request('/subscribe ignored words', {
        options: {
          topic: 'japan',
          time: '07:00',
          timezone: 'tokyo',
          days: 'mon,wed,fri',
          kind: 'news',
          mute: 'sports',
        },
      }),
    );
    expect(text(reply)).toBe(
      'Subscribed: japan news on Mon, Wed and Fri at 07:00 Asia/Tokyo. Next briefing: Fri 27 Nov, 07:00 (in 1 d 10 h). Muted words: sports.',
    );
  });

  it('GIVEN the same topic and kind again THEN the subscription is updated, not duplicated', async () => {
    await say('/subscribe japan 08:00 Asia/Tokyo -mute sports');
    expect(await say('/subscribe japan 09:30')).toBe(
      'Updated: japan news every day at 09:30 Asia/Tokyo. Next briefing: Thu 26 Nov, 09:30 (in 12 h 54 min). Muted words: sports.',
    );
    expect(await say('/subscribe Japan')).toMatch(
      /^Already subscribed: japan news every day at 09:30 Asia\/Tokyo\./,
    );
    expect(await say('/subscribe japan headlines')).toMatch(
      /^Subscribed: japan headlines every day at 08:00 UTC\./,
    );
    const list = await temp.store.subscriptions.forChat('telegram', '-1001');
    expect(list.map((s) => `${s.topic}/${s.kind}`)).toEqual(['japan/news', 'japan/headlines']);
    expect(list[0]?.scheduleFrom).toBe(NOW);
  });

  it('GIVEN bad input THEN the reply is a specific bad-input error and nothing is stored', async () => {
    const reply = await dispatcher.handle(request('/subscribe japan 08:00 Tokio'));
    expect(reply).toEqual({
      type: 'error',
      code: 'bad-input',
      message: "Unknown time zone 'Tokio'. Did you mean Asia/Tokyo?",
    });
    expect(await temp.store.subscriptions.forChat('telegram', '-1001')).toEqual([]);
  });

  it(`GIVEN ${MAX_SUBSCRIPTIONS_PER_CHAT} subscriptions THEN one more is refused, and updates still work`, async () => {
    for (let i = 0; i < MAX_SUBSCRIPTIONS_PER_CHAT; i++) {
      expect(await say(`/subscribe topic${i}`)).toMatch(/^Subscribed/);
    }
    const reply = await dispatcher.handle(request('/subscribe one more'));
    expect(reply).toEqual({
      type: 'error',
      code: 'limit-reached',
      message: `This chat already has ${MAX_SUBSCRIPTIONS_PER_CHAT} subscriptions, the most allowed. Remove one with /unsubscribe first.`,
    });
    expect(await say('/subscribe topic3 10:00')).toMatch(/^Updated/);
    expect(await temp.store.subscriptions.forChat('telegram', '-1001')).toHaveLength(
      MAX_SUBSCRIPTIONS_PER_CHAT,
    );
  });

  it('GIVEN two chats THEN each keeps its own subscriptions', async () => {
    await say('/subscribe japan');
    await say('/subscribe economy', { chat: { platform: 'discord', id: '777', kind: 'group' } });
    expect(
      (await temp.store.subscriptions.forChat('telegram', '-1001')).map((s) => s.topic),
    ).toEqual(['japan']);
    expect((await temp.store.subscriptions.forChat('discord', '777')).map((s) => s.topic)).toEqual([
      'economy',
    ]);
    expect((await temp.store.subscriptions.all()).length).toBe(2);
  });
});

describe('permissions', () => {
  it('GIVEN a group member who is not an admin THEN /subscribe and /unsubscribe are refused and nothing changes', async () => {
    await say('/subscribe japan');
    const refused = await dispatcher.handle(request('/subscribe economy', { isAdmin: false }));
    expect(refused).toEqual({
      type: 'error',
      code: 'not-allowed',
      message: 'Only group admins can change subscriptions.',
    });
    expect(await dispatcher.handle(request('/unsubscribe all', { isAdmin: false }))).toMatchObject({
      code: 'not-allowed',
    });
    expect(
      (await temp.store.subscriptions.forChat('telegram', '-1001')).map((s) => s.topic),
    ).toEqual(['japan']);
  });

  it('GIVEN a member who is not an admin THEN /subscriptions still lists', async () => {
    await say('/subscribe japan');
    expect(await say('/subscriptions', { isAdmin: false })).toContain('japan news');
  });

  it('GIVEN a bot owner who is not a chat admin THEN /subscribe is allowed', async () => {
    const services = makeServices(temp.store, undefined, { BOT_OWNERS: 'telegram:42' });
    const reply = await createDispatcher(services, () => now).handle(
      request('/subscribe japan', { isAdmin: false }),
    );
    expect(text(reply)).toMatch(/^Subscribed/);
  });
});

describe('/unsubscribe', () => {
  beforeEach(async () => {
    await say('/subscribe japan 08:00 Asia/Tokyo');
    await say('/subscribe japan headlines');
    await say('/subscribe economy 18:00 london');
  });

  it('GIVEN a topic THEN both kinds of it go, and the reply says which', async () => {
    expect(await say('/unsubscribe Japan')).toBe(
      'Unsubscribed from 2 briefings: japan news and japan headlines.',
    );
    expect(
      (await temp.store.subscriptions.forChat('telegram', '-1001')).map((s) => s.topic),
    ).toEqual(['economy']);
  });

  it('GIVEN a topic and kind, or an id THEN only that one goes', async () => {
    expect(await say('/unsubscribe japan headlines')).toBe(
      'Unsubscribed: japan headlines (every day at 08:00 UTC).',
    );
    const economy = (await temp.store.subscriptions.forChat('telegram', '-1001')).find(
      (s) => s.topic === 'economy',
    );
    expect(await say(`/unsubscribe ${economy?.id ?? '?'}`)).toBe(
      'Unsubscribed: economy news (every day at 18:00 Europe/London).',
    );
    expect(
      (await temp.store.subscriptions.forChat('telegram', '-1001')).map((s) => s.kind),
    ).toEqual(['news']);
  });

  it('GIVEN all THEN everything goes; then there is nothing left', async () => {
    expect(await say('/unsubscribe all')).toBe(
      'Unsubscribed from 3 briefings: japan news, japan headlines and economy news.',
    );
    expect(await temp.store.subscriptions.all()).toEqual([]);
    expect(await say('/unsubscribe all')).toBe('This chat has no subscriptions.');
  });

  it('GIVEN no match or nothing THEN the reply says so', async () => {
    expect(await dispatcher.handle(request('/unsubscribe sports'))).toEqual({
      type: 'error',
      code: 'not-found',
      message: "No subscription of this chat matches 'sports'. /subscriptions lists them.",
    });
    expect(await dispatcher.handle(request('/unsubscribe'))).toMatchObject({ code: 'bad-input' });
  });

  it('GIVEN the structured subscription option THEN it is used', async () => {
    const japan = (await temp.store.subscriptions.forChat('telegram', '-1001'))[0];
    const reply = await dispatcher.handle(
      request('/unsubscribe', { options: { subscription: japan?.id ?? '' } }),
    );
    expect(text(reply)).toBe('Unsubscribed: japan news (every day at 08:00 Asia/Tokyo).');
  });
});

describe('/subscriptions', () => {
  it('GIVEN no subscriptions THEN it says how to add one', async () => {
    expect(await say('/subscriptions')).toBe(
      'This chat has no subscriptions. Chat admins can add one with /subscribe <topic> [HH:MM] [time zone], for example /subscribe japan 08:00 Asia/Tokyo.',
    );
  });

  it('GIVEN active and paused subscriptions THEN each shows id, schedule, next run, last delivery and status', async () => {
    await say('/subscribe japan 08:00 Asia/Tokyo -mute sports');
    await say('/subscribe economy headlines 18:00 london');
    const [japan, economy] = await temp.store.subscriptions.forChat('telegram', '-1001');
    if (japan === undefined || economy === undefined) throw new Error('not stored');
    await temp.store.subscriptions.update(japan, (s) => ({
      ...s,
      lastDelivery: { at: Date.parse('2026-11-24T23:00:05Z'), date: '2026-11-25', stories: 3 },
    }));
    await temp.store.subscriptions.update(economy, (s) => ({
      ...s,
      failures: 3,
      paused: {
        at: Date.parse('2026-11-24T18:00:00Z'),
        reason: 'Forbidden: bot was blocked by the user',
      },
    }));
    expect(await say('/subscriptions')).toBe(
      [
        'Subscriptions',
        '2 of at most 25 in this chat, 1 paused.',
        `japan news (id ${japan.id})`,
        'Schedule: every day at 08:00 Asia/Tokyo',
        'Next briefing: Thu 26 Nov, 08:00 (in 11 h 24 min)',
        'Last delivery: Wed 25 Nov, 08:00 (3 stories)',
        'Status: active',
        'Muted words: sports',
        `economy headlines (id ${economy.id})`,
        'Schedule: every day at 18:00 Europe/London',
        'Next briefing: none while paused',
        'Last delivery: none yet',
        'Status: paused since Tue 24 Nov, 18:00: the chat refused 3 deliveries in a row (Forbidden: bot was blocked by the user). Send /subscribe economy headlines again to resume.',
      ].join('\n'),
    );
    expect(await say('/subscribe economy headlines')).toMatch(
      /^Resumed: economy headlines every day at 18:00/,
    );
    const resumed = (await temp.store.subscriptions.forChat('telegram', '-1001'))[1];
    expect(resumed).toMatchObject({ paused: null, failures: 0, scheduleFrom: NOW });
  });
});

describe('suggestions and moved chats', () => {
  it('GIVEN a time zone being typed THEN cities are suggested; a subscription being typed THEN this chat’s', async () => {
    const zones = await dispatcher.suggest({
      command: 'subscribe',
      option: 'timezone',
      partial: 'tok',
      chat: GROUP,
    });
    expect(zones[0]).toEqual({ name: 'Tokyo — Asia/Tokyo', value: 'Asia/Tokyo' });
    expect(zones.length).toBeLessThanOrEqual(25);

    await say('/subscribe japan 08:00 Asia/Tokyo');
    await say('/subscribe economy');
    const ids = (await temp.store.subscriptions.forChat('telegram', '-1001')).map((s) => s.id);
    const all = await dispatcher.suggest({
      command: 'unsubscribe',
      option: 'subscription',
      partial: '',
      chat: GROUP,
    });
    expect(all).toEqual([
      { name: `japan news every day at 08:00 Asia/Tokyo (${ids[0] ?? ''})`, value: ids[0] },
      { name: `economy news every day at 08:00 UTC (${ids[1] ?? ''})`, value: ids[1] },
      { name: 'All subscriptions of this chat', value: 'all' },
    ]);
    const jap = await dispatcher.suggest({
      command: 'unsubscribe',
      option: 'subscription',
      partial: 'jap',
      chat: GROUP,
    });
    expect(jap.map((s) => s.value)).toEqual([ids[0]]);
    const elsewhere = await dispatcher.suggest({
      command: 'unsubscribe',
      option: 'subscription',
      partial: '',
      chat: { platform: 'telegram', id: '-999', kind: 'group' },
    });
    expect(elsewhere).toEqual([]);
  });

  it('GIVEN a group that became a supergroup THEN its subscriptions follow the new id', async () => {
    await say('/subscribe japan');
    await temp.store.deliveries.record('telegram', '-1001', ['a1'], NOW);
    await dispatcher.moveChat(GROUP, '-100999');
    expect(await temp.store.subscriptions.forChat('telegram', '-1001')).toEqual([]);
    const moved = await temp.store.subscriptions.forChat('telegram', '-100999');
    expect(moved.map((s) => [s.topic, s.chatId])).toEqual([['japan', '-100999']]);
    expect(await temp.store.deliveries.delivered('telegram', '-100999', NOW)).toEqual(
      new Set(['a1']),
    );
    expect((await temp.store.subscriptions.all()).map((s) => s.chatId)).toEqual(['-100999']);
  });

  it('GIVEN no store (the one-shot CLI) THEN the commands say subscriptions are unavailable', async () => {
    const bare = createDispatcher(makeServices(undefined), () => now);
    expect(await bare.handle(request('/subscriptions'))).toEqual({
      type: 'error',
      code: 'internal',
      message: 'Subscriptions are not available here: no store is open.',
    });
  });
});
