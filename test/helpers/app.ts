/**
 * Builds a real Herald app for tests: real engine, real loaders, real store on a SQLite
 * file in a temp dir, and a fixed clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../src/app.ts';
import { createConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';

/** Wednesday 25 Nov 2026, 12:00 UTC. */
export const FIXED_NOW = Date.parse('2026-11-25T12:00:00.000Z');

export interface TestApp {
  app: App;
  /** The clock the app reads; tests move it with `clock.set`. */
  clock: { now: number; set(time: number): void };
  dir: string;
  cleanup(): Promise<void>;
}

export async function makeTestApp(
  env: Record<string, string> = {},
  options: { now?: number } = {},
): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'herald-test-'));
  const clock = {
    now: options.now ?? FIXED_NOW,
    set(time: number) {
      this.now = time;
    },
  };
  const config = createConfig({
    NEWS_DATA_DIR: 'test/fixtures/contract-news',
    STORE_URL: `sqlite://${join(dir, 'herald.sqlite')}`,
    ...env,
  });
  const app = await createApp(config, { log: silentLogger, clock: () => clock.now, cron: false });
  return {
    app,
    clock,
    dir,
    async cleanup() {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
