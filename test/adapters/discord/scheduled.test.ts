import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/log.ts';
import { Scheduler } from '../../../src/scheduler/scheduler.ts';
import { FIXED_NOW } from '../../helpers/app.ts';
import { makeBot, type Bot } from './bot.ts';
import { answers, startHarness, visibleText, type Harness } from './harness.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 13:00 UTC on the fixed day (the clock starts at 12:00). */
const ONE_PM = FIXED_NOW + HOUR;

describe('Discord scheduled briefings through the scheduler', () => {
  let bot: Bot;
  let harness: Harness;
  let scheduler: Scheduler;

  beforeAll(async () => {
    bot = await makeBot();
    harness = await startHarness(bot.dispatcher);
    scheduler = new Scheduler({
      store: bot.store,
      news: bot.services.news,
      adapters: new Map([['discord', harness.adapter]]),
      log: silentLogger,
      graceHours: 6,
      clock: () => bot.test.clock.now,
      cron: false,
      retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 50 },
    });
    await scheduler.start();
    await scheduler.idle();
  });
  afterAll(async () => {
    await scheduler.stop();
    await harness.close();
    await bot.cleanup();
  });

  async function subscribe(channelId: string): Promise<void> {
    const channel = { id: channelId, type: 0 as const, access: 'ok' as const };
    const subscribed = await harness.command({
      name: 'subscribe',
      options: { topic: 'japan', time: '13:00', timezone: 'UTC' },
      channel,
    });
    expect(answers(subscribed).map(visibleText).join('\n')).toMatch(
      /Subscribed: japan news every day at 13:00 UTC/,
    );
  }

  /** Messages posted to the channel by deliveries (not interaction answers). */
  function posted(channelId: string) {
    return harness.fake
      .channelMessages(channelId)
      .filter((message) => message.origin === 'channel');
  }

  async function runAt(time: number): Promise<void> {
    bot.test.clock.set(time);
    await scheduler.tick(time);
    await scheduler.idle();
  }

  it('GIVEN a channel subscribed with /subscribe THEN at the due minute the briefing is posted there, once', async () => {
    const channel = harness.fake.addTextChannels(1)[0]!;
    await subscribe(channel.id);

    await runAt(ONE_PM - 60_000);
    expect(posted(channel.id)).toHaveLength(0);

    await runAt(ONE_PM);
    const [briefing, ...others] = posted(channel.id);
    expect(others).toHaveLength(0);
    expect(briefing?.allowed_mentions).toEqual({ parse: [] });
    expect(briefing?.embeds.length).toBeGreaterThan(0);
    expect(visibleText(briefing!)).toMatch(/Ishiba/);
    expect(visibleText(briefing!)).toMatch(/Your 13:00 briefing on japan/);

    // The same minute again (a second tick, or a restart) sends nothing more.
    await runAt(ONE_PM + 30_000);
    expect(posted(channel.id)).toHaveLength(1);

    // The next day brings only what is new: nothing here, said in one line.
    await runAt(ONE_PM + DAY);
    const next = posted(channel.id)[1];
    expect(next).toBeDefined();
    expect(visibleText(next!)).toMatch(/Nothing new about japan since your last briefing/);
  });

  it('GIVEN a channel where the bot lost access THEN each 403 counts, and the third pauses the subscription', async () => {
    const channel = harness.fake.addTextChannels(1)[0]!;
    await subscribe(channel.id);
    harness.fake.setChannelAccess(channel.id, 'forbidden');
    const start = bot.test.clock.now - (bot.test.clock.now % DAY) + DAY + 13 * HOUR;

    for (let day = 0; day < 3; day++) await runAt(start + day * DAY);

    const refused = harness.fake.requests.filter(
      (request) =>
        request.route === 'POST /channels/:id/messages' && request.path.includes(channel.id),
    );
    expect(refused.map((request) => request.status)).toEqual([403, 403, 403]);
    const [subscription] = await bot.store.subscriptions.forChat('discord', channel.id);
    expect(subscription?.paused).not.toBeNull();

    // Visible to the channel's admins in /subscriptions, and nothing more is attempted.
    const list = await harness.command({
      name: 'subscriptions',
      channel: { id: channel.id, type: 0, access: 'ok' },
    });
    expect(answers(list).map(visibleText).join('\n')).toMatch(/paused/i);
    await runAt(start + 3 * DAY);
    expect(
      harness.fake.requests.filter(
        (request) =>
          request.route === 'POST /channels/:id/messages' && request.path.includes(channel.id),
      ),
    ).toHaveLength(3);
  });
});
