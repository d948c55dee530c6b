/**
 * Wiring: builds every service from the validated config, and starts and stops them in
 * order. Adapters are passed in by the entry points (only they import adapters).
 */
import { NewsIndex } from '../briefings/index.ts';
import type { ChatAdapter, Dispatcher } from './adapter.ts';
import { createDispatcher, type Clock } from './commands/index.ts';
import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import type { Services } from './services.ts';
import { loadNewsDir } from './sources/index.ts';

export interface App {
  readonly services: Services;
  readonly dispatcher: Dispatcher;
  /** Starts the adapters (and the scheduler and feed polling) . */
  start(adapters: readonly ChatAdapter[]): Promise<void>;
  /** Stops everything started, in reverse order; safe to call twice. */
  stop(): Promise<void>;
}

export interface AppOptions {
  log: Logger;
  clock?: Clock;
}

/** Loads the local news and builds the services. */
export async function createApp(config: Config, options: AppOptions): Promise<App> {
  const { log } = options;
  const clock = options.clock ?? Date.now;
  const news = new NewsIndex();
  const loaded = await loadNewsDir(config.news.dataDir, { now: clock(), log });
  news.add(loaded.articles);
  log.info(
    { dir: config.news.dataDir, articles: loaded.articles.length, problems: loaded.problems.length },
    'local news loaded',
  );

  const services: Services = { config, log, news };
  const dispatcher = createDispatcher(services, clock);
  const started: ChatAdapter[] = [];
  let stopping: Promise<void> | undefined;

  return {
    services,
    dispatcher,
    async start(adapters) {
      for (const adapter of adapters) {
        await adapter.start(dispatcher);
        started.push(adapter);
        log.info({ platform: adapter.platform }, 'adapter started');
      }
    },
    stop() {
      stopping ??= (async () => {
        for (const adapter of started.reverse()) {
          try {
            await adapter.stop();
          } catch (error) {
            log.warn({ err: error, platform: adapter.platform }, 'adapter did not stop cleanly');
          }
        }
      })();
      return stopping;
    },
  };
}
