/**
 * Telegram adapter benchmarks, over the loopback fake Bot API and the real grammY client:
 * 1. `/news japan` end to end: the update is queued at the fake, grammY long-polls it,
 *    the real app answers, and the time until the fake receives the `sendMessage` is
 *    recorded; median and p99 over 500 commands, a chat each. Once through the throttler
 *    with its limits out of reach (its bookkeeping counts, its waits do not), once
 *    without it, so the throttler's own cost shows.
 * 2. The scheduler's fan-out through the adapter, with Telegram's limit enforced by the
 *    fake (a 30 messages/s token bucket answering 429): achieved throughput / limit
 *    (target ≥ 0.9) and 429s (target 0) with the adapter's default pacing, at the
 *    scheduler's default Telegram rate and at the full 30/s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTelegramAdapter, TELEGRAM_THROTTLE } from '../adapters/telegram/index.ts';
import { createApp } from '../src/app.ts';
import { createConfig } from '../src/config.ts';
import { silentLogger } from '../src/log.ts';
import { DEFAULT_RATE_LIMITS } from '../src/scheduler/index.ts';
import { FakeTelegramApi, type FakeChat, type FakeUser } from '../test/fakes/telegram-api.ts';

const COMMANDS = 500;
const WARM_UP = 20;
const FAN_OUT_CHATS = 300;
const LIMIT_PER_SECOND = TELEGRAM_THROTTLE.globalPerSecond;
const NOW = Date.parse('2026-11-25T12:00:00.000Z');

const user: FakeUser = { id: 7001, is_bot: false, first_name: 'Bench' };

export async function run(): Promise<void> {
  await commandLatency(true);
  await commandLatency(false);
  await fanOut();
}

/**
 * `paced`: through the throttler with its limits raised out of reach (its own cost
 * counts, its waits do not); otherwise with the throttler removed.
 */
export async function commandLatency(paced: boolean): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'herald-bench-telegram-'));
  const fake = await FakeTelegramApi.start();
  const config = createConfig({
    NEWS_DATA_DIR: 'test/fixtures/contract-news',
    STORE_URL: `sqlite://${join(dir, 'herald.sqlite')}`,
  });
  const app = await createApp(config, { log: silentLogger, clock: () => NOW, cron: false });
  const adapter = createTelegramAdapter({
    token: fake.token,
    apiRoot: fake.apiRoot,
    log: silentLogger,
    clock: () => NOW,
    throttle: paced ? { globalPerSecond: 1e6, groupPerMinute: 1e6, chatPerSecond: 1e6 } : false,
  });
  try {
    await app.start([adapter]);
    const latencies: number[] = [];
    for (let index = 0; index < WARM_UP + COMMANDS; index++) {
      // A chat per command, as many users asking at once would be.
      const chat: FakeChat = { id: 100_000 + index, type: 'private', first_name: 'Bench' };
      fake.addChat(chat);
      const before = fake.calls.length;
      const pushedAt = performance.now();
      fake.sendText({ chat, from: user, text: '/news japan' });
      await fake.waitUntil(() => fake.messagesIn(chat.id).length > 0, 10_000, 'the answer');
      const sent = fake.calls
        .slice(before)
        .find(
          (call) =>
            call.method === 'sendMessage' && String(call.payload['chat_id']) === String(chat.id),
        );
      if (sent === undefined) throw new Error('no sendMessage recorded');
      if (index >= WARM_UP) latencies.push(sent.at - pushedAt);
    }
    latencies.sort((a, b) => a - b);
    const at = (q: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
    console.log(
      `/news japan end to end (update in → sendMessage out), ${COMMANDS} commands, ` +
        `${paced ? 'throttler in the path (limits out of reach)' : 'no throttler'}: ` +
        `median ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms, max ${(latencies.at(-1) ?? NaN).toFixed(1)} ms`,
    );
  } finally {
    await app.stop();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The scheduler fan-out (issue 3) through this adapter: `FAN_OUT_CHATS` private chats
 * subscribed to the same topic and minute, one tick, every briefing through
 * `TelegramAdapter.deliver` (default pacing) to the fake, which enforces Telegram's
 * 30/s with 429s, at the scheduler's default Telegram rate.
 */
export async function fanOut(): Promise<void> {
  await fanOutRun(undefined);
}

async function fanOutRun(schedulerRate: number | undefined): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'herald-bench-fanout-'));
  const fake = await FakeTelegramApi.start({ rateLimit: { perSecond: LIMIT_PER_SECOND } });
  const config = createConfig({
    NEWS_DATA_DIR: 'test/fixtures/contract-news',
    STORE_URL: `sqlite://${join(dir, 'herald.sqlite')}`,
  });
  let now = NOW;
  const clock = () => now;
  // The app as production wires it, the scheduler ticked by hand.
  const app = await createApp(config, {
    log: silentLogger,
    clock,
    cron: false,
    ...(schedulerRate === undefined ? {} : { rateLimits: { telegram: schedulerRate } }),
  });
  const adapter = createTelegramAdapter({
    token: fake.token,
    apiRoot: fake.apiRoot,
    log: silentLogger,
    clock,
  });
  try {
    for (let index = 0; index < FAN_OUT_CHATS; index++) {
      const chat = fake.addChat({ id: 200_000 + index, type: 'private', first_name: 'Subscriber' });
      const reply = await app.dispatcher.handle({
        command: 'subscribe',
        args: 'japan 13:00 UTC',
        chat: { platform: 'telegram', id: String(chat.id), kind: 'private' },
        user: { id: String(chat.id) },
        isAdmin: true,
      });
      if (reply.type === 'error') throw new Error(`subscribe failed: ${reply.message}`);
    }
    await app.start([adapter]);
    const scheduler = app.scheduler;
    if (scheduler === undefined) throw new Error('the app has no scheduler');
    await scheduler.idle();
    now = Date.parse('2026-11-25T13:00:05.000Z');
    const started = performance.now();
    const report = await scheduler.tick(now);
    const elapsed = performance.now() - started;
    const sends = fake.callsTo('sendMessage').filter((call) => call.status === 200);
    const first = sends[0]?.at ?? 0;
    const last = sends.at(-1)?.at ?? 0;
    // N messages span N−1 intervals.
    const throughput = ((sends.length - 1) / (last - first)) * 1000;
    const rate =
      schedulerRate === undefined
        ? `default (${DEFAULT_RATE_LIMITS.telegram}/s)`
        : `${schedulerRate}/s`;
    console.log(
      `scheduler fan-out via Telegram, ${FAN_OUT_CHATS} chats due at once, scheduler rate ${rate}, ` +
        `fake limit ${LIMIT_PER_SECOND}/s: ${(elapsed / 1000).toFixed(1)} s, delivered ${report.delivered}, ` +
        `composed ${report.composed}, ${throughput.toFixed(1)} msg/s, ` +
        `throughput/limit ${(throughput / LIMIT_PER_SECOND).toFixed(3)} (target ≥ 0.9), ` +
        `429s ${fake.rateLimited} (target 0)`,
    );
  } finally {
    await app.stop();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
