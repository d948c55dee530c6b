/**
 * The scheduler with a controlled clock (`tick(now)`; node-cron stays off except where
 * the production path itself is checked), the real engine, a real store on a SQLite file
 * in a temp dir, and a recording adapter.
 */
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NewsIndex } from '../../briefings/index.ts';
import { DeliveryError, type Platform } from '../../src/adapter.ts';
import { createDispatcher } from '../../src/commands/index.ts';
import { createLogger, silentLogger, type Logger } from '../../src/log.ts';
import { Scheduler, type SchedulerOptions } from '../../src/scheduler/index.ts';
import { loadNewsDir } from '../../src/sources/index.ts';
import { openStore, slotKey, type Store } from '../../src/store/index.ts';
import {
  article,
  corpus,
  DAY,
  makeServices,
  NOW,
  openTempStore,
  RecordingAdapter,
  request,
  text,
  type TempStore,
} from './harness.ts';

/** 13:00 UTC on Wed 25 Nov 2026, an hour after NOW. */
const ONE_PM = Date.parse('2026-11-25T13:00:00Z');

let temp: TempStore;
let news: NewsIndex;
let adapter: RecordingAdapter;
let clock: number;
const schedulers: Scheduler[] = [];

beforeEach(async () => {
  temp = await openTempStore();
  news = corpus(NOW);
  adapter = new RecordingAdapter('telegram');
  clock = NOW;
});

afterEach(async () => {
  for (const scheduler of schedulers.splice(0)) await scheduler.stop();
  await temp.cleanup();
});

function scheduler(options: Partial<SchedulerOptions> = {}): Scheduler {
  const made = new Scheduler({
    store: temp.store,
    news,
    adapters: new Map<Platform, RecordingAdapter>([['telegram', adapter]]),
    log: silentLogger,
    graceHours: 6,
    clock: () => clock,
    cron: false,
    retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    ...options,
  });
  schedulers.push(made);
  return made;
}

/** Runs a command in a Telegram group (as an admin) at the current clock. */
async function say(line: string, chatId = '-1001', store: Store = temp.store): Promise<string> {
  const dispatcher = createDispatcher(makeServices(store, news), () => clock);
  return text(
    await dispatcher.handle(
      request(line, { chat: { platform: 'telegram', id: chatId, kind: 'group' } }),
    ),
  );
}

function titles(index: number): string[] {
  const reply = adapter.sent[index]?.reply;
  return reply?.type === 'briefing' ? reply.briefing.stories.map((story) => story.title) : [];
}

function capture(): { log: Logger; lines: () => Record<string, unknown>[] } {
  const stream = new PassThrough();
  let written = '';
  stream.on('data', (chunk: Buffer) => (written += chunk.toString()));
  return {
    log: createLogger('info', stream),
    lines: () =>
      written
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('delivery exactly once per slot', () => {
  it('GIVEN a subscription due at 13:00 THEN the 13:00 tick delivers it once, and nothing delivers it again', async () => {
    await say('/subscribe japan 13:00 UTC');
    const first = scheduler();
    await first.start();
    await first.idle();
    expect(adapter.sent).toEqual([]);

    expect(await first.tick(ONE_PM - 60_000)).toMatchObject({ due: 0 });
    clock = ONE_PM + 5_000;
    expect(await first.tick(clock)).toMatchObject({ due: 1, delivered: 1, composed: 1 });
    expect(await first.tick(ONE_PM + 40_000)).toMatchObject({ due: 0 });
    expect(await first.tick(ONE_PM + 60_000)).toMatchObject({ due: 0 });
    // Another scheduler on the same store (another process) ticking the same minute.
    const other = scheduler();
    expect(await other.tick(ONE_PM + 10_000)).toMatchObject({ due: 1, delivered: 0 });

    expect(adapter.sent).toHaveLength(1);
    expect(adapter.sent[0]?.chatId).toBe('-1001');
    expect(titles(0)).toEqual([
      'Japan and US arrange Ishiba meeting in Washington',
      'Tokyo stocks rise as yen weakens against the dollar',
      'Japan national football team wins friendly in Osaka',
    ]);
    const reply = adapter.sent[0]?.reply;
    expect(reply?.type === 'briefing' && reply.note).toBe('Your 13:00 briefing on japan.');
    const [subscription] = await temp.store.subscriptions.forChat('telegram', '-1001');
    expect(subscription?.lastDelivery).toEqual({
      at: ONE_PM + 5_000,
      date: '2026-11-25',
      stories: 3,
    });
    expect(await temp.store.slots.get(slotKey(subscription?.id ?? '', '2026-11-25'))).toMatchObject(
      {
        state: 'done',
        outcome: 'delivered',
      },
    );
    expect(await say('/subscriptions')).toContain('Last delivery: Wed 25 Nov, 13:00 (3 stories)');
  });

  it('GIVEN two schedulers on two connections ticking the same minute at once THEN every chat gets one', async () => {
    for (let chat = 1; chat <= 12; chat++) await say('/subscribe japan 13:00 UTC', `-${chat}`);
    const otherStore = await openStore(temp.url, silentLogger);
    try {
      const a = scheduler();
      const b = scheduler({ store: otherStore });
      clock = ONE_PM;
      await Promise.all([a.tick(ONE_PM), b.tick(ONE_PM)]);
      expect([...adapter.counts().values()]).toEqual(Array(12).fill(1));
    } finally {
      for (const made of schedulers.splice(0)) await made.stop();
      await otherStore.close();
    }
  });

  it('GIVEN subscriptions of a platform that is not running THEN they are not claimed, so they can go later', async () => {
    const dispatcher = createDispatcher(makeServices(temp.store, news), () => clock);
    await dispatcher.handle(
      request('/subscribe japan 13:00 UTC', {
        chat: { platform: 'discord', id: '55', kind: 'group' },
      }),
    );
    const report = await scheduler().tick(ONE_PM);
    expect(report).toMatchObject({ due: 0, skipped: 1 });
    const [subscription] = await temp.store.subscriptions.forChat('discord', '55');
    expect(
      await temp.store.slots.get(slotKey(subscription?.id ?? '', '2026-11-25')),
    ).toBeUndefined();
  });
});

describe('composition and filtering', () => {
  it('GIVEN chats due together THEN one briefing is composed per topic, kind and mute words, filtered per chat', async () => {
    await say('/subscribe japan 13:00 UTC', '-1');
    await say('/subscribe japan 13:00 UTC', '-2');
    await say('/subscribe japan 13:00 UTC', '-3');
    await say('/subscribe japan 13:00 UTC -mute football', '-4');
    await say('/subscribe economy headlines 13:00 UTC', '-5');
    const report = await scheduler().tick(ONE_PM);
    expect(report).toMatchObject({ due: 5, delivered: 5, composed: 3 });
    const byChat = new Map(adapter.sent.map((sent, i) => [sent.chatId, titles(i)]));
    expect(byChat.get('-1')).toContain('Japan national football team wins friendly in Osaka');
    expect(byChat.get('-4')).toEqual([
      'Japan and US arrange Ishiba meeting in Washington',
      'Tokyo stocks rise as yen weakens against the dollar',
    ]);
    expect(byChat.get('-5')?.[0]).toBe(
      'Federal Reserve holds interest rates steady as inflation cools',
    );
    expect(byChat.get('-5')).not.toContain('Japan national football team wins friendly in Osaka');
    const digest = adapter.sent.find((sent) => sent.chatId === '-5')?.reply;
    expect(digest?.type === 'briefing' && digest.briefing.kind).toBe('headlines');
  });

  it('GIVEN the next days THEN no story repeats to a chat; new stories come; nothing new gets one line', async () => {
    await say('/subscribe japan 13:00 UTC');
    await say('/subscribe tokyo 13:00 UTC');
    const run = scheduler();
    await run.tick(ONE_PM);
    // Two subscriptions of one chat due together: between them, each story once.
    const day1 = [...titles(0), ...titles(1)];
    expect(day1.length).toBeGreaterThan(0);
    expect(new Set(day1).size).toBe(day1.length);
    expect(day1).toContain('Tokyo stocks rise as yen weakens against the dollar');

    news.add([
      article('Japan opens new high-speed rail line to Osaka', ONE_PM + 20 * 3_600_000, {
        id: 'japan-rail',
      }),
    ]);
    clock = ONE_PM + DAY;
    await run.tick(clock);
    const day2 = adapter.sent
      .slice(2)
      .map((_, i) => titles(i + 2))
      .flat();
    expect(day2).toEqual(['Japan opens new high-speed rail line to Osaka']);
    expect(adapter.sent.slice(2).map((sent) => text(sent.reply))).toContain(
      'Nothing new about tokyo since your last briefing.',
    );

    clock = ONE_PM + 2 * DAY;
    await run.tick(clock);
    expect(
      adapter.sent
        .slice(4)
        .map((sent) => text(sent.reply))
        .sort(),
    ).toEqual([
      'Nothing new about japan since your last briefing.',
      'Nothing new about tokyo since your last briefing.',
    ]);
  });

  it('GIVEN undated items (the bundled sample) THEN they count as published when first seen: in the first briefing, not after a restart', async () => {
    const loaded = await loadNewsDir('test/fixtures/contract-news', {
      now: NOW,
      log: silentLogger,
    });
    news = new NewsIndex();
    news.add(await temp.store.stampFirstSeen(loaded.articles, NOW));
    await say('/subscribe japan 13:00 UTC');
    await scheduler().tick(ONE_PM);
    expect(titles(0).join('\n')).toMatch(/Ishiba/);

    // A restart the next day reloads the same files: their first-seen time stays.
    await schedulers.splice(0)[0]?.stop();
    const store = await temp.reopen();
    const tomorrow = NOW + DAY;
    news = new NewsIndex();
    news.add(
      await store.stampFirstSeen(
        (await loadNewsDir('test/fixtures/contract-news', { now: tomorrow, log: silentLogger }))
          .articles,
        tomorrow,
      ),
    );
    clock = ONE_PM + DAY;
    await scheduler({ store }).tick(clock);
    expect(text(adapter.sent[1]?.reply ?? { type: 'message' })).toBe(
      'Nothing new about japan since your last briefing.',
    );
  });
});

describe('time zones', () => {
  it('GIVEN 08:00 America/New_York THEN it goes at 08:00 local on both sides of the spring change', async () => {
    clock = Date.parse('2026-03-06T15:00:00Z');
    await say('/subscribe japan 08:00 new york');
    await say('/subscribe economy 02:30 new york', '-2');
    const run = scheduler();
    const at = (iso: string) => {
      clock = Date.parse(iso);
      return run.tick(clock);
    };
    expect(await at('2026-03-07T07:29:00Z')).toMatchObject({ due: 0 });
    expect(await at('2026-03-07T07:30:00Z')).toMatchObject({ due: 1 }); // Sat 02:30 EST
    expect(await at('2026-03-07T12:59:00Z')).toMatchObject({ due: 0 });
    expect(await at('2026-03-07T13:00:00Z')).toMatchObject({ due: 1 }); // Sat 08:00 EST
    expect(await at('2026-03-08T06:59:00Z')).toMatchObject({ due: 0 });
    expect(await at('2026-03-08T07:00:00Z')).toMatchObject({ due: 1 }); // Sun: the missing 02:30 runs at 03:00 EDT
    expect(await at('2026-03-08T11:59:00Z')).toMatchObject({ due: 0 });
    expect(await at('2026-03-08T12:00:00Z')).toMatchObject({ due: 1 }); // Sun 08:00 EDT
    expect(adapter.sent.map((sent) => sent.chatId)).toEqual(['-2', '-1001', '-2', '-1001']);
  });

  it('GIVEN 08:00 Asia/Tokyo THEN it goes at 23:00 UTC the day before', async () => {
    await say('/subscribe japan 08:00 Asia/Tokyo');
    const run = scheduler();
    clock = Date.parse('2026-11-25T22:59:00Z');
    expect(await run.tick(clock)).toMatchObject({ due: 0 });
    clock = Date.parse('2026-11-25T23:00:00Z');
    expect(await run.tick(clock)).toMatchObject({ due: 1, delivered: 1 });
  });
});

describe('restarts and missed slots', () => {
  it('GIVEN a stop in the middle of a fan-out THEN a new scheduler on the same store delivers the rest: none twice, none lost', async () => {
    const chats = Array.from({ length: 40 }, (_, i) => `-${i + 1}`);
    for (const chat of chats) await say('/subscribe japan 13:00 UTC', chat);
    clock = ONE_PM;
    // Slow enough (10 sends a second) that a stop finds sends done, in flight and waiting.
    const first = scheduler({ rateLimits: { telegram: 10 } });
    let stopping: Promise<void> | undefined;
    adapter.onDeliver = () => {
      if (adapter.sent.length === 8) stopping = first.stop();
    };
    const run = first.tick(ONE_PM);
    await run;
    await stopping;
    const beforeRestart = adapter.sent.length;
    expect(beforeRestart).toBeGreaterThanOrEqual(8);
    expect(beforeRestart).toBeLessThan(chats.length);

    adapter.onDeliver = undefined;
    const store = await temp.reopen();
    clock = ONE_PM + 30_000;
    const second = scheduler({ store, rateLimits: { telegram: Number.POSITIVE_INFINITY } });
    await second.start();
    await second.idle();

    expect(adapter.sent).toHaveLength(chats.length);
    expect([...adapter.counts().entries()].sort()).toEqual(chats.map((chat) => [chat, 1]).sort());
    const subscriptions = await store.subscriptions.all();
    const records = await store.slots.getMany(
      subscriptions.map((s) => slotKey(s.id, '2026-11-25')),
    );
    expect(
      records.every((record) => record?.state === 'done' && record.outcome === 'delivered'),
    ).toBe(true);
  });

  it('GIVEN a slot claimed by a process that died before completing it THEN a tick leaves it, the next start retries it', async () => {
    await say('/subscribe japan 13:00 UTC');
    const [subscription] = await temp.store.subscriptions.forChat('telegram', '-1001');
    const key = slotKey(subscription?.id ?? '', '2026-11-25');
    expect(await temp.store.slots.claim(key, 'crashed', ONE_PM)).toBe(true);
    clock = ONE_PM + 10_000;
    expect(await scheduler().tick(clock)).toMatchObject({ due: 1, delivered: 0 });
    expect(adapter.sent).toEqual([]);

    clock = ONE_PM + 5 * 60_000;
    const restarted = scheduler({ instanceId: 'restarted' });
    await restarted.start();
    await restarted.idle();
    expect(adapter.sent).toHaveLength(1);
    const reply = adapter.sent[0]?.reply;
    expect(reply?.type === 'briefing' && reply.note).toBe(
      'Your 13:00 briefing on japan, sent late: Herald was not running at 13:00.',
    );
    expect(await temp.store.slots.get(key)).toMatchObject({
      state: 'done',
      by: 'restarted',
      outcome: 'delivered',
    });
  });

  it('GIVEN downtime THEN a slot missed within the grace window goes late once; older ones are skipped and logged', async () => {
    await say('/subscribe japan 13:00 UTC', '-1');
    await say('/subscribe economy 06:00 UTC', '-2');
    // Down from before 13:00 until 18:00; 06:00 the next day is missed by more than 6 h too.
    const { log, lines } = capture();
    clock = Date.parse('2026-11-25T18:00:00Z');
    const late = scheduler({ log });
    await late.start();
    await late.idle();
    expect(adapter.sent.map((sent) => sent.chatId)).toEqual(['-1']);
    expect(text(adapter.sent[0]?.reply ?? { type: 'message' })).toMatch(
      /^Your 13:00 briefing on japan, sent late/,
    );
    await late.stop();

    clock = Date.parse('2026-11-26T14:00:00Z');
    const later = scheduler({ log, graceHours: 1 });
    await later.start();
    await later.idle();
    // 06:00 on the 26th is 8 h late with a 1 h grace: skipped. 13:00 on the 26th: 1 h late, in grace.
    expect(adapter.sent.map((sent) => sent.chatId)).toEqual(['-1', '-1']);
    const skipped = lines().filter((line) => line['msg'] === 'missed briefings skipped');
    expect(skipped).toEqual([
      expect.objectContaining({
        topic: 'economy',
        dates: ['2026-11-26'],
        reason: 'missed by more than the grace window',
      }),
    ]);
    await later.stop();

    // A later start with a wider window does not resurrect the skipped slot, nor log it again.
    const wider = scheduler({ log, graceHours: 24 });
    await wider.start();
    await wider.idle();
    expect(adapter.sent).toHaveLength(2);
    expect(lines().filter((line) => line['msg'] === 'missed briefings skipped')).toHaveLength(1);
  });

  it('GIVEN stop while a send is in flight THEN stop waits for it and its record', async () => {
    await say('/subscribe japan 13:00 UTC');
    let open!: () => void;
    adapter.gate = new Promise((resolve) => (open = resolve));
    const run = scheduler();
    const ticked = run.tick(ONE_PM);
    while (adapter.attempts === 0) await new Promise((resolve) => setImmediate(resolve));
    let stopped = false;
    const stopping = run.stop().then(() => (stopped = true));
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    open();
    await stopping;
    await ticked;
    expect(adapter.sent).toHaveLength(1);
    const [subscription] = await temp.store.subscriptions.forChat('telegram', '-1001');
    expect(await temp.store.slots.get(slotKey(subscription?.id ?? '', '2026-11-25'))).toMatchObject(
      { state: 'done' },
    );
  });

  it('GIVEN the production path THEN start schedules node-cron and stop ends it', async () => {
    const run = scheduler({ cron: true });
    await run.start();
    await run.stop();
    expect(await run.tick(ONE_PM)).toMatchObject({ due: 0 });
  });
});

describe('failures', () => {
  it('GIVEN a chat that refuses 3 times in a row THEN its subscription pauses (visible), others go on; /subscribe resumes it', async () => {
    await say('/subscribe japan 13:00 UTC', '-1');
    await say('/subscribe japan 13:00 UTC', '-2');
    adapter.failWith = (chatId) =>
      chatId === '-1'
        ? new DeliveryError('Forbidden: bot was blocked by the user', 'permanent')
        : undefined;
    const run = scheduler();
    for (let day = 0; day < 3; day++) {
      clock = ONE_PM + day * DAY;
      expect(await run.tick(clock)).toMatchObject({ due: 2, failed: 1 });
    }
    const [paused] = await temp.store.subscriptions.forChat('telegram', '-1');
    expect(paused).toMatchObject({
      failures: 3,
      paused: { at: ONE_PM + 2 * DAY, reason: 'Forbidden: bot was blocked by the user' },
    });
    expect(await say('/subscriptions', '-1')).toContain(
      'Status: paused since Fri 27 Nov, 13:00: the chat refused 3 deliveries in a row (Forbidden: bot was blocked by the user). Send /subscribe japan again to resume.',
    );
    expect(run.stats.paused).toBe(1);

    const attempts = adapter.attempts;
    clock = ONE_PM + 3 * DAY;
    // Only the other chat is due (its news is old by now: it gets the one-line notice).
    expect(await run.tick(clock)).toMatchObject({ due: 1, nothingNew: 1, failed: 0 });
    expect(adapter.attempts).toBe(attempts + 1);
    expect(adapter.counts().get('-2')).toBe(4);

    adapter.failWith = undefined;
    expect(await say('/subscribe japan', '-1')).toMatch(
      /^Resumed: japan news every day at 13:00 UTC\./,
    );
    clock = ONE_PM + 4 * DAY;
    expect(await run.tick(clock)).toMatchObject({ due: 2, failed: 0 });
    expect(adapter.counts().get('-1')).toBe(1);
    expect(await say('/subscriptions', '-1')).toContain('Status: active');
  });

  it('GIVEN transient failures THEN the send is retried with backoff; when they outlast the retries the slot fails without pausing', async () => {
    await say('/subscribe japan 13:00 UTC', '-1');
    await say('/subscribe japan 13:00 UTC', '-2');
    let failuresLeft = 2;
    adapter.failWith = (chatId) => {
      if (chatId === '-1' && failuresLeft > 0) {
        failuresLeft -= 1;
        return new DeliveryError('429: Too Many Requests', 'transient', { retryAfterMs: 1 });
      }
      if (chatId === '-2') return new Error('socket hang up');
      return undefined;
    };
    const run = scheduler();
    expect(await run.tick(ONE_PM)).toMatchObject({ due: 2, delivered: 1, failed: 1 });
    expect(adapter.counts().get('-1')).toBe(1);
    expect(run.stats.retries).toBe(2 + 2);
    const [second] = await temp.store.subscriptions.forChat('telegram', '-2');
    expect(second).toMatchObject({ failures: 0, paused: null });
    expect(await temp.store.slots.get(slotKey(second?.id ?? '', '2026-11-25'))).toMatchObject({
      state: 'done',
      outcome: 'failed',
      detail: 'socket hang up',
    });
  });

  it('GIVEN a group that moved to a new id THEN the briefing follows it and so does the subscription', async () => {
    await say('/subscribe japan 13:00 UTC', '-1001');
    adapter.failWith = (chatId) =>
      chatId === '-1001'
        ? new DeliveryError('group chat was upgraded to a supergroup chat', 'moved', {
            movedTo: '-100777',
          })
        : undefined;
    expect(await scheduler().tick(ONE_PM)).toMatchObject({ delivered: 1 });
    expect(adapter.sent.map((sent) => sent.chatId)).toEqual(['-100777']);
    expect(await temp.store.subscriptions.forChat('telegram', '-1001')).toEqual([]);
    const [moved] = await temp.store.subscriptions.forChat('telegram', '-100777');
    expect(moved?.lastDelivery?.stories).toBe(3);
    expect(
      (await temp.store.deliveries.delivered('telegram', '-100777', ONE_PM)).size,
    ).toBeGreaterThan(0);
  });
});

const sharedStores = [
  ['Redis', process.env['TEST_REDIS_URL']],
  ['PostgreSQL', process.env['TEST_POSTGRES_URL']],
] as const;

for (const [name, url] of sharedStores) {
  describe.runIf(url !== undefined)(`exactly once on ${name}`, () => {
    it('GIVEN two schedulers on two connections ticking the same minute THEN every chat gets one; a restart adds none', async () => {
      const run = Math.random().toString(36).slice(2, 10);
      const options = { table: `herald_sched_${run}`, keyPrefix: `herald-sched-${run}-` };
      const one = await openStore(url ?? '', silentLogger, options);
      const two = await openStore(url ?? '', silentLogger, options);
      try {
        for (let chat = 1; chat <= 12; chat++)
          await say('/subscribe japan 13:00 UTC', `-${chat}`, one);
        clock = ONE_PM;
        const a = scheduler({ store: one });
        const b = scheduler({ store: two });
        await Promise.all([a.tick(ONE_PM), b.tick(ONE_PM)]);
        expect([...adapter.counts().values()]).toEqual(Array(12).fill(1));
        clock = ONE_PM + 60_000;
        const restarted = scheduler({ store: two });
        await restarted.start();
        await restarted.idle();
        expect(adapter.sent).toHaveLength(12);
      } finally {
        for (const made of schedulers.splice(0)) await made.stop();
        await two.close();
        await one.destroy();
      }
    });
  });
}
