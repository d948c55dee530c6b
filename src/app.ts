/**
 * Wiring: builds every service from the validated config, and starts and stops them in
 * order. Adapters are passed in by the entry points (only they import adapters).
 */
import { NewsIndex } from '../briefings/index.ts';
import type { ChatAdapter, Dispatcher, Platform } from './adapter.ts';
import { createDispatcher, type Clock } from './commands/index.ts';
import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import { Scheduler } from './scheduler/index.ts';
import type { Services } from './services.ts';
import { FeedService, loadFeedList, loadNewsDir } from './sources/index.ts';
import { openStore, type Store } from './store/index.ts';

export interface App {
  readonly services: Services;
  readonly dispatcher: Dispatcher;
  /** The scheduler, once `start` has run with a store. */
  readonly scheduler: Scheduler | undefined;
  /**
   * Starts the adapters, then the scheduler (delivering through them) and feed polling.
   * Resolves once everything is up.
   */
  start(adapters: readonly ChatAdapter[]): Promise<void>;
  /** Stops everything started, in reverse order; safe to call twice. */
  stop(): Promise<void>;
}

export interface AppOptions {
  log: Logger;
  clock?: Clock;
  /**
   * Open the store (subscriptions, delivery records, feed state). The one-shot CLI
   * turns it off: it needs none and should not create a database file.
   */
  store?: boolean;
  /** Tick the scheduler with node-cron (default). Tests turn it off and call `tick`. */
  cron?: boolean;
  /** Scheduler sends per second per platform (tests and benchmarks). */
  rateLimits?: Partial<Record<Platform, number>>;
}

/** Loads the local news, opens the store and builds the services. */
export async function createApp(config: Config, options: AppOptions): Promise<App> {
  const { log } = options;
  const clock = options.clock ?? Date.now;
  const store: Store | undefined =
    options.store === false
      ? undefined
      : await openStore(config.storeUrl, log, { retentionDays: config.news.retentionDays });

  try {
    const news = new NewsIndex();
    const loaded = await loadNewsDir(config.news.dataDir, { now: clock(), log });
    news.add(
      store === undefined ? loaded.articles : await store.stampFirstSeen(loaded.articles, clock()),
    );
    log.info(
      {
        dir: config.news.dataDir,
        files: loaded.files,
        articles: loaded.articles.length,
        skipped: loaded.problems.length,
      },
      'local news loaded',
    );

    const feedList = await loadFeedList(config.news);
    for (const problem of feedList.problems) log.warn(problem);
    const feeds =
      feedList.feeds.length === 0
        ? undefined
        : new FeedService({
            feeds: feedList.feeds,
            corpus: news,
            log,
            clock,
            pollMinutes: config.news.pollMinutes,
            retentionDays: config.news.retentionDays,
            ...(store === undefined
              ? {}
              : {
                  state: store.namespace('feeds'),
                  firstSeen: (articles, now) => store.stampFirstSeen(articles, now),
                }),
          });

    const services: Services = {
      config,
      log,
      news,
      ...(store === undefined ? {} : { store }),
      ...(feeds === undefined ? {} : { feeds }),
    };
    return assemble(services, options, clock);
  } catch (error) {
    await store?.close();
    throw error;
  }
}

function assemble(services: Services, options: AppOptions, clock: Clock): App {
  const { log, store, feeds } = services;
  const dispatcher = createDispatcher(services, clock);
  const started: ChatAdapter[] = [];
  let scheduler: Scheduler | undefined;
  let stopping: Promise<void> | undefined;

  return {
    services,
    dispatcher,
    get scheduler() {
      return scheduler;
    },
    async start(adapters) {
      for (const adapter of adapters) {
        await adapter.start(dispatcher);
        started.push(adapter);
        log.info({ platform: adapter.platform }, 'adapter started');
      }
      if (store !== undefined) {
        scheduler = new Scheduler({
          store,
          news: services.news,
          adapters: new Map(started.map((adapter) => [adapter.platform, adapter])),
          log,
          clock,
          graceHours: services.config.briefingGraceHours,
          ...(options.cron === undefined ? {} : { cron: options.cron }),
          ...(options.rateLimits === undefined ? {} : { rateLimits: options.rateLimits }),
        });
        await scheduler.start();
      }
      await feeds?.start();
    },
    stop() {
      stopping ??= (async () => {
        const steps: [string, () => Promise<void> | undefined][] = [
          ['feeds', () => feeds?.stop()],
          ['scheduler', () => scheduler?.stop()],
          ...started
            .reverse()
            .map((adapter): [string, () => Promise<void>] => [
              adapter.platform,
              () => adapter.stop(),
            ]),
          ['store', () => store?.close()],
        ];
        for (const [name, stop] of steps) {
          try {
            await stop();
          } catch (error) {
            log.warn({ err: error, part: name }, 'did not stop cleanly');
          }
        }
      })();
      return stopping;
    },
  };
}
