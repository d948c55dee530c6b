/**
 * The real Herald bot for Discord tests: the lead's test app (real engine on the fixture
 * news, fixed clock), with a real store on a SQLite file in its temp dir, and the real
 * dispatcher over both. Uses the app's own store once the app opens one.
 */
import { join } from 'node:path';
import type { Dispatcher } from '../../../src/adapter.ts';
import { createDispatcher } from '../../../src/commands/index.ts';
import { silentLogger } from '../../../src/log.ts';
import type { Services } from '../../../src/services.ts';
import { openStore, type Store } from '../../../src/store/index.ts';
import { makeTestApp, type TestApp } from '../../helpers/app.ts';

export interface Bot {
  test: TestApp;
  store: Store;
  services: Services;
  dispatcher: Dispatcher;
  cleanup(): Promise<void>;
}

export async function makeBot(env: Record<string, string> = {}): Promise<Bot> {
  const test = await makeTestApp(env);
  const own = test.app.services.store === undefined;
  const store =
    test.app.services.store ??
    (await openStore(`sqlite://${join(test.dir, 'discord-test.sqlite')}`, silentLogger));
  const services: Services = { ...test.app.services, store };
  const dispatcher = own ? createDispatcher(services, () => test.clock.now) : test.app.dispatcher;
  return {
    test,
    store,
    services,
    dispatcher,
    async cleanup() {
      if (own) await store.close();
      await test.cleanup();
    },
  };
}
