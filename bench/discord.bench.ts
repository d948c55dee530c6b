/**
 * Discord adapter benchmarks, over the loopback fake Discord (REST + gateway) and the
 * real discord.js client:
 * 1. `/news japan` end to end: the fake dispatches INTERACTION_CREATE on the gateway, the
 *    real app answers, and the time until the fake receives the interaction callback is
 *    recorded; median and p99 over 500 interactions, one at a time.
 * 2. A fan-out of scheduled briefings to 1,000 channels through the real scheduler
 *    (`Scheduler.tick` with a controlled clock) and the adapter's `deliver`, with
 *    Discord's global limit of 50 requests/s enforced by the fake (429 past it):
 *    achieved throughput / limit (target ≥ 0.9), 429s (target 0), briefings composed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDiscordAdapter, type DiscordAdapter } from '../adapters/discord/index.ts';
import { createApp, type App } from '../src/app.ts';
import { createDispatcher } from '../src/commands/index.ts';
import { createConfig } from '../src/config.ts';
import { silentLogger } from '../src/log.ts';
import { Scheduler } from '../src/scheduler/scheduler.ts';
import { openStore, type Store } from '../src/store/index.ts';
import {
  CALLBACK,
  startFakeDiscord,
  type FakeChannel,
  type FakeDiscord,
} from '../test/fakes/discord-api.ts';

const INTERACTIONS = 500;
const WARM_UP = 20;
const FAN_OUT_CHANNELS = 1_000;
const GLOBAL_LIMIT = 50;
/** Wednesday 25 Nov 2026, 12:00 UTC; subscriptions are due at 13:00 UTC. */
const NOW = Date.parse('2026-11-25T12:00:00.000Z');
const DUE = NOW + 3_600_000;

export async function run(): Promise<void> {
  await interactionLatency();
  await scheduledFanOut();
}

interface Bot {
  app: App;
  store: Store;
  fake: FakeDiscord;
  adapter: DiscordAdapter;
  channels: FakeChannel[];
  clock: { now: number };
  close(): Promise<void>;
}

/** The real app (fixture news, SQLite store in a temp dir) logged in to a fresh fake Discord. */
async function startBot(options: { channels?: number } = {}): Promise<Bot> {
  const dir = mkdtempSync(join(tmpdir(), 'herald-bench-discord-'));
  const fake = await startFakeDiscord();
  const channels = fake.addTextChannels(options.channels ?? 0);
  const clock = { now: NOW };
  const config = createConfig({
    NEWS_DATA_DIR: 'test/fixtures/contract-news',
    STORE_URL: `sqlite://${join(dir, 'herald.sqlite')}`,
  });
  const app = await createApp(config, { log: silentLogger, clock: () => clock.now });
  const own = app.services.store === undefined;
  const store = app.services.store ?? (await openStore(config.storeUrl, silentLogger));
  const dispatcher = own
    ? createDispatcher({ ...app.services, store }, () => clock.now)
    : app.dispatcher;
  const adapter = createDiscordAdapter({
    token: fake.token,
    applicationId: fake.applicationId,
    apiBase: fake.apiBase,
    guildId: fake.guild.id,
    log: silentLogger,
  });
  await adapter.start(dispatcher);
  return {
    app,
    store,
    fake,
    adapter,
    channels,
    clock,
    async close() {
      await adapter.stop();
      await fake.close();
      if (own) await store.close();
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function interactionLatency(): Promise<void> {
  const bot = await startBot();
  const { fake } = bot;
  try {
    const latencies: number[] = [];
    let deferred = 0;
    for (let index = 0; index < WARM_UP + INTERACTIONS; index++) {
      const interaction = fake.slashCommand({
        name: 'news',
        options: { topic: 'japan' },
        user: fake.users.member,
      });
      await fake.waitForAnswer(interaction);
      if (interaction.callbacks[0] !== CALLBACK.ChannelMessageWithSource) deferred++;
      if (index >= WARM_UP)
        latencies.push((interaction.answeredAt ?? Number.NaN) - interaction.dispatchedAt);
    }
    latencies.sort((a, b) => a - b);
    const mean = latencies.reduce((sum, value) => sum + value, 0) / latencies.length;
    console.log(
      `/news japan, gateway dispatch → interaction callback, ${INTERACTIONS} interactions one at a time:`,
    );
    console.log(
      `  median ${percentile(latencies, 0.5).toFixed(2)} ms, p99 ${percentile(latencies, 0.99).toFixed(2)} ms, ` +
        `mean ${mean.toFixed(2)} ms, max ${(latencies.at(-1) ?? 0).toFixed(2)} ms`,
    );
    console.log(
      `  deferred answers: ${deferred} (answers within the 1.5 s threshold go out directly)`,
    );
  } finally {
    await bot.close();
  }
}

export async function scheduledFanOut(): Promise<void> {
  const bot = await startBot({ channels: FAN_OUT_CHANNELS });
  const { fake, store, channels } = bot;
  try {
    // Each channel subscribes the way a user would: /subscribe through the gateway.
    for (const channel of channels) {
      const interaction = fake.slashCommand({
        name: 'subscribe',
        options: { topic: 'japan', time: '13:00', timezone: 'UTC' },
        channel,
      });
      await fake.waitForAnswer(interaction);
    }
    const subscriptions = (await store.subscriptions.all()).length;

    const scheduler = new Scheduler({
      store,
      news: bot.app.services.news,
      adapters: new Map([['discord', bot.adapter]]),
      log: silentLogger,
      graceHours: 6,
      clock: () => bot.clock.now,
      cron: false,
      // Discord's global limit; discord.js's REST client also holds every request to it.
      rateLimits: { discord: GLOBAL_LIMIT },
    });
    await scheduler.start();
    await scheduler.idle();
    fake.setGlobalLimit({ requests: GLOBAL_LIMIT, perMs: 1_000 });
    const from = fake.requests.length;
    bot.clock.now = DUE;
    const started = performance.now();
    const report = await scheduler.tick(DUE);
    await scheduler.idle();
    const elapsed = performance.now() - started;
    await scheduler.stop();

    const posts = fake.requests
      .slice(from)
      .filter((request) => request.route === 'POST /channels/:id/messages');
    const accepted = posts.filter((request) => request.status === 200);
    const limited = posts.filter((request) => request.status === 429).length;
    const first = accepted[0]?.at ?? 0;
    const last = accepted.at(-1)?.at ?? 0;
    const throughput = accepted.length > 1 ? ((accepted.length - 1) / (last - first)) * 1000 : 0;
    const perChannel = new Map<string, number>();
    for (const request of accepted)
      perChannel.set(request.path, (perChannel.get(request.path) ?? 0) + 1);
    const doubled = [...perChannel.values()].filter((count) => count > 1).length;

    console.log(
      `Scheduled fan-out to ${FAN_OUT_CHANNELS} channels (${subscriptions} subscriptions due at one minute), ` +
        `fake enforcing ${GLOBAL_LIMIT} requests/s (any rolling second):`,
    );
    console.log(
      `  delivered ${report.delivered}, failed ${report.failed}, posts ${accepted.length} in ${(elapsed / 1000).toFixed(1)} s ` +
        `(first to last post ${((last - first) / 1000).toFixed(1)} s)`,
    );
    console.log(
      `  throughput ${throughput.toFixed(1)} requests/s = ${(throughput / GLOBAL_LIMIT).toFixed(3)} of the limit (target ≥ 0.9); ` +
        `busiest rolling second ${busiestSecond(accepted.map((request) => request.at))} requests`,
    );
    console.log(
      `  429s: ${limited} (target 0); briefings composed: ${report.composed}; channels sent twice: ${doubled}`,
    );
  } finally {
    await bot.close();
  }
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

function busiestSecond(times: readonly number[]): number {
  let busiest = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[end] ?? 0) - (times[start] ?? 0) >= 1_000) start++;
    busiest = Math.max(busiest, end - start + 1);
  }
  return busiest;
}
