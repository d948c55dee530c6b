/**
 * Telegram adapter benchmarks, over the loopback fake Bot API and the real grammY client:
 * 1. `/news japan` end to end: the update is queued at the fake, grammY long-polls it,
 *    the real app answers, and the time until the fake receives the `sendMessage` is
 *    recorded; median and p99 over 500 commands (pacing raised out of the way, so this
 *    measures the adapter and app, not the throttle).
 * 2. A fan-out with Telegram's limit enforced by the fake (a 30 messages/s token
 *    bucket answering 429): achieved throughput / limit (target ≥ 0.9) and 429s
 *    (target 0) with the adapter's default pacing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTelegramAdapter, TELEGRAM_THROTTLE } from '../adapters/telegram/index.ts';
import type { Reply } from '../src/commands/reply.ts';
import { createApp } from '../src/app.ts';
import { createConfig } from '../src/config.ts';
import { silentLogger } from '../src/log.ts';
import { FakeTelegramApi, type FakeChat, type FakeUser } from '../test/fakes/telegram-api.ts';

const COMMANDS = 500;
const WARM_UP = 20;
const FAN_OUT_CHATS = 300;
const LIMIT_PER_SECOND = TELEGRAM_THROTTLE.globalPerSecond;
const NOW = Date.parse('2026-11-25T12:00:00.000Z');

const user: FakeUser = { id: 7001, is_bot: false, first_name: 'Bench' };

export async function run(): Promise<void> {
  await commandLatency();
  await fanOut();
}

export async function commandLatency(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'herald-bench-telegram-'));
  const fake = await FakeTelegramApi.start();
  const config = createConfig({
    NEWS_DATA_DIR: 'test/fixtures/contract-news',
    STORE_URL: `sqlite://${join(dir, 'herald.sqlite')}`,
  });
  const app = await createApp(config, { log: silentLogger, clock: () => NOW });
  const adapter = createTelegramAdapter({
    token: fake.token,
    apiRoot: fake.apiRoot,
    log: silentLogger,
    clock: () => NOW,
    throttle: { globalPerSecond: 1e6, groupPerMinute: 1e6, chatPerSecond: 1e6 },
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
        .find((call) => call.method === 'sendMessage' && call.payload['chat_id'] === chat.id);
      if (sent === undefined) throw new Error('no sendMessage recorded');
      if (index >= WARM_UP) latencies.push(sent.at - pushedAt);
    }
    latencies.sort((a, b) => a - b);
    const at = (q: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
    console.log(
      `/news japan end to end (update in → sendMessage out), ${COMMANDS} commands: ` +
        `median ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms, max ${(latencies.at(-1) ?? NaN).toFixed(1)} ms`,
    );
  } finally {
    await app.stop();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function fanOut(): Promise<void> {
  const fake = await FakeTelegramApi.start({ rateLimit: { perSecond: LIMIT_PER_SECOND } });
  const adapter = createTelegramAdapter({
    token: fake.token,
    apiRoot: fake.apiRoot,
    log: silentLogger,
    clock: () => NOW,
    // Telegram's default pacing (30/s overall, 1/s per chat): what production runs.
  });
  const reply: Reply = {
    type: 'briefing',
    note: 'Your 08:00 briefing',
    briefing: {
      kind: 'news',
      topic: 'japan',
      generatedAt: new Date(NOW).toISOString(),
      stories: [
        {
          title: 'Japan and US arrange Ishiba–Trump meeting',
          summary: 'The two leaders aim to strengthen cooperation in security and economic ties.',
          url: 'https://example.com/japan',
          source: 'Asahi',
          publishedAt: '2026-11-25T09:00:00Z',
          related: [],
        },
      ],
    },
  };
  try {
    const chats = Array.from({ length: FAN_OUT_CHATS }, (_, index) =>
      fake.addChat({ id: 200_000 + index, type: 'private', first_name: 'Subscriber' }),
    );
    // The scheduler's part (issue 3) is not in this measure: every delivery is handed to
    // the adapter at once and its throttler alone paces them.
    const started = performance.now();
    const results = await Promise.allSettled(
      chats.map((chat) => adapter.deliver(String(chat.id), reply)),
    );
    const elapsed = performance.now() - started;
    const sends = fake.callsTo('sendMessage').filter((call) => call.status === 200);
    const first = sends[0]?.at ?? 0;
    const last = sends.at(-1)?.at ?? 0;
    // Throughput between the first and last send: N messages span N−1 intervals.
    const throughput = ((sends.length - 1) / (last - first)) * 1000;
    const failed = results.filter((result) => result.status === 'rejected').length;
    console.log(
      `fan-out via TelegramAdapter.deliver + throttler, ${FAN_OUT_CHATS} chats, fake limit ${LIMIT_PER_SECOND}/s: ` +
        `${(elapsed / 1000).toFixed(1)} s, ${throughput.toFixed(1)} msg/s, ` +
        `throughput/limit ${(throughput / LIMIT_PER_SECOND).toFixed(3)} (target ≥ 0.9), ` +
        `429s ${fake.rateLimited} (target 0), failed ${failed}`,
    );
  } finally {
    await adapter.stop();
    await fake.close();
  }
}
