/**
 * The store on every backend: a SQLite file in a temp dir always; Redis and PostgreSQL
 * when TEST_REDIS_URL / TEST_POSTGRES_URL are set (CI sets both). Each run uses its own
 * table or key prefix and removes it afterwards.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Article } from '../../briefings/types.ts';
import { silentLogger } from '../../src/log.ts';
import type { Schedule } from '../../src/schedule/schedule.ts';
import {
  openStore,
  slotKey,
  StoreError,
  type Store,
  type Subscription,
} from '../../src/store/index.ts';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-25T12:00:00Z');
const SCHEDULE: Schedule = { minuteOfDay: 480, timeZone: 'UTC', days: [0, 1, 2, 3, 4, 5, 6] };

function subscription(id: string, chatId: string, topic = 'japan'): Subscription {
  return {
    id,
    platform: 'telegram',
    chatId,
    chatKind: 'group',
    chatTitle: null,
    topic,
    kind: 'news',
    schedule: SCHEDULE,
    mute: [],
    createdAt: NOW,
    createdBy: '1',
    scheduleFrom: NOW,
    lastDelivery: null,
    lastBriefingAt: null,
    failures: 0,
    paused: null,
  };
}

function undated(id: string, seenAt: number): Article {
  return {
    id,
    title: id,
    body: '',
    url: null,
    source: 's',
    publishedAt: null,
    seenAt,
    categories: [],
  };
}

interface Opened {
  /** Opens the store (again): a second process, or a restart. */
  open(): Promise<Store>;
  /** Removes everything the run created. */
  cleanup(): Promise<void>;
}

function sqliteFile(): Opened {
  const dir = mkdtempSync(join(tmpdir(), 'herald-store-'));
  const url = `sqlite://${join(dir, 'nested', 'folder', 'herald.sqlite')}`;
  return {
    open: () => openStore(url, silentLogger, { retentionDays: 7 }),
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  };
}

function shared(url: string): Opened {
  const run = randomBytes(4).toString('hex');
  const options = {
    retentionDays: 7,
    table: `herald_test_${run}`,
    keyPrefix: `herald-test-${run}-`,
  };
  return {
    open: () => openStore(url, silentLogger, options),
    // `destroy()` of the suite's store drops the run's table or every key under its prefix.
    cleanup: () => Promise.resolve(),
  };
}

function storeSuite(name: string, makeBackend: () => Opened): void {
  describe(`store on ${name}`, () => {
    let backend: Opened;
    let store: Store;
    const others: Store[] = [];

    beforeEach(async () => {
      backend = makeBackend();
      store = await backend.open();
    });

    afterEach(async () => {
      for (const other of others.splice(0)) await other.close();
      await store.destroy();
      await backend.cleanup();
    });

    /** Another connection to the same data, as another process would have. */
    const second = async () => {
      const other = await backend.open();
      others.push(other);
      return other;
    };

    it('GIVEN subscriptions written THEN another connection reads them, per chat and all', async () => {
      await store.subscriptions.change('telegram', '-1', () => ({
        next: [subscription('s1', '-1'), subscription('s2', '-1', 'economy')],
        result: undefined,
      }));
      await store.subscriptions.change('telegram', '-2', () => ({
        next: [subscription('s3', '-2')],
        result: undefined,
      }));
      const other = await second();
      expect((await other.subscriptions.forChat('telegram', '-1')).map((s) => s.id)).toEqual([
        's1',
        's2',
      ]);
      expect((await other.subscriptions.all()).map((s) => s.id).sort()).toEqual(['s1', 's2', 's3']);
      expect(await other.subscriptions.forChat('discord', '-1')).toEqual([]);
    });

    it('GIVEN a chat loses its last subscription THEN it leaves the index; updates by id apply', async () => {
      await store.subscriptions.change('telegram', '-1', () => ({
        next: [subscription('s1', '-1')],
        result: undefined,
      }));
      const updated = await store.subscriptions.update(
        { platform: 'telegram', chatId: '-1', id: 's1' },
        (s) => ({ ...s, failures: 2 }),
      );
      expect(updated?.failures).toBe(2);
      expect(
        await store.subscriptions.update(
          { platform: 'telegram', chatId: '-1', id: 'nope' },
          (s) => s,
        ),
      ).toBeUndefined();
      await store.subscriptions.change('telegram', '-1', () => ({ next: [], result: undefined }));
      expect(await store.subscriptions.all()).toEqual([]);
      await store.subscriptions.change('telegram', '-1', () => ({
        next: [subscription('s4', '-1')],
        result: undefined,
      }));
      expect((await store.subscriptions.all()).map((s) => s.id)).toEqual(['s4']);
    });

    it('GIVEN concurrent edits of one chat THEN none is lost', async () => {
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          store.subscriptions.change('telegram', '-1', (current) => ({
            next: [...current, subscription(`s${i}`, '-1', `topic${i}`)],
            result: undefined,
          })),
        ),
      );
      expect(await store.subscriptions.forChat('telegram', '-1')).toHaveLength(10);
    });

    it('GIVEN many claims of one slot at once, from two connections THEN exactly one wins', async () => {
      const other = await second();
      const key = slotKey('s1', '2026-11-25');
      const claims = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 === 0 ? store : other).slots.claim(key, `p${i}`, NOW),
        ),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
      const winner = `p${claims.indexOf(true)}`;
      expect(await other.slots.get(key)).toEqual({ state: 'claimed', by: winner, at: NOW });
    });

    it('GIVEN an abandoned claim THEN one of several recoverers takes it over; a completed slot never', async () => {
      const key = slotKey('s1', '2026-11-25');
      expect(await store.slots.claim(key, 'dead', NOW)).toBe(true);
      const other = await second();
      const abandoned = await other.slots.get(key);
      if (abandoned === undefined) throw new Error('claim not stored');
      const takeovers = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          (i % 2 === 0 ? store : other).slots.takeOver(key, abandoned, `r${i}`, NOW + 1),
        ),
      );
      expect(takeovers.filter(Boolean)).toHaveLength(1);
      await store.slots.complete(key, 'r', NOW + 2, 'delivered');
      expect(await other.slots.takeOver(key, abandoned, 'late', NOW + 3)).toBe(false);
      expect(await other.slots.claim(key, 'late', NOW + 3)).toBe(false);
      expect(await other.slots.getMany([key, 'missing@2026-11-25'])).toEqual([
        { state: 'done', by: 'r', at: NOW + 2, outcome: 'delivered' },
        undefined,
      ]);
    });

    it('GIVEN a missed slot THEN skipping marks it once, and never over a completed one', async () => {
      expect(await store.slots.skip('s1@2026-11-24', 'me', NOW, 'missed')).toBe(true);
      expect(await store.slots.skip('s1@2026-11-24', 'me', NOW, 'missed')).toBe(false);
      await store.slots.claim('s1@2026-11-23', 'dead', NOW);
      expect(await store.slots.skip('s1@2026-11-23', 'me', NOW, 'missed')).toBe(true);
      await store.slots.complete('s1@2026-11-22', 'me', NOW, 'delivered');
      expect(await store.slots.skip('s1@2026-11-22', 'me', NOW, 'missed')).toBe(false);
      expect(await store.slots.get('s1@2026-11-22')).toMatchObject({ outcome: 'delivered' });
    });

    it('GIVEN deliveries recorded THEN they are kept for retention + 1 days, and follow a moved chat', async () => {
      await store.deliveries.record('telegram', '-1', ['old'], NOW - 9 * DAY);
      await store.deliveries.record('telegram', '-1', ['a', 'b'], NOW - DAY);
      await store.deliveries.record('telegram', '-1', ['c'], NOW);
      expect(await store.deliveries.delivered('telegram', '-1', NOW)).toEqual(
        new Set(['a', 'b', 'c']),
      );
      expect(await store.deliveries.delivered('telegram', '-2', NOW)).toEqual(new Set());
      await store.moveChat('telegram', '-1', '-100');
      expect(await store.deliveries.delivered('telegram', '-1', NOW)).toEqual(new Set());
      expect(await (await second()).deliveries.delivered('telegram', '-100', NOW)).toEqual(
        new Set(['a', 'b', 'c']),
      );
    });

    it('GIVEN undated articles THEN their first-seen time survives a restart; dated ones are untouched', async () => {
      const longId = `https://example.com/${'x'.repeat(300)}`;
      const first = await store.stampFirstSeen([undated('u1', NOW), undated(longId, NOW)], NOW);
      expect(first.map((a) => a.seenAt)).toEqual([NOW, NOW]);
      const dated: Article = { ...undated('d1', NOW + DAY), publishedAt: NOW - DAY };
      const reopened = await second();
      const later = await reopened.stampFirstSeen(
        [undated('u1', NOW + DAY), dated, undated(longId, NOW + DAY), undated('u2', NOW + DAY)],
        NOW + DAY,
      );
      expect(later.map((a) => [a.id.slice(0, 20), a.seenAt])).toEqual([
        ['u1', NOW],
        ['d1', NOW + DAY],
        [longId.slice(0, 20), NOW],
        ['u2', NOW + DAY],
      ]);
      expect(later[1]).toBe(dated);
    });

    it('GIVEN a namespace for another part of Herald THEN it is a working Keyv; Herald’s own are refused', async () => {
      const feeds = store.namespace('feeds');
      expect(store.namespace('feeds')).toBe(feeds);
      await feeds.set('https://example.com/feed', { etag: 'W/"1"' });
      expect(await (await second()).namespace('feeds').get('https://example.com/feed')).toEqual({
        etag: 'W/"1"',
      });
      expect(await store.namespace('other').get('https://example.com/feed')).toBeUndefined();
      expect(() => store.namespace('slots')).toThrow(/Herald's own/);
      expect(() => store.namespace('Bad Name')).toThrow(/invalid store namespace/);
    });

    it('GIVEN expired records THEN a sweep removes them (Redis expires them by itself)', async () => {
      const scratch = store.namespace('scratch');
      await scratch.set('gone', 1, 1);
      await scratch.set('kept', 1);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const removed = await store.sweep();
      expect(removed).toBe(store.kind === 'redis' ? 0 : 1);
      expect(await scratch.get('gone')).toBeUndefined();
      expect(await scratch.get('kept')).toBe(1);
    });
  });
}

storeSuite('SQLite (file in a temp dir)', sqliteFile);

const redisUrl = process.env['TEST_REDIS_URL'];
const postgresUrl = process.env['TEST_POSTGRES_URL'];
describe.runIf(redisUrl !== undefined)('Redis', () =>
  storeSuite('Redis', () => shared(redisUrl ?? '')),
);
describe.runIf(postgresUrl !== undefined)('PostgreSQL', () =>
  storeSuite('PostgreSQL', () => shared(postgresUrl ?? '')),
);

describe('opening the store', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('GIVEN a SQLite path in a folder that does not exist THEN the folder is created', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'herald-store-'));
    dirs.push(dir);
    const store = await openStore(`sqlite://${join(dir, 'a', 'b', 'herald.sqlite')}`, silentLogger);
    expect(store.kind).toBe('sqlite');
    await store.close();
    expect(existsSync(join(dir, 'a', 'b', 'herald.sqlite'))).toBe(true);
  });

  it('GIVEN sqlite://:memory: THEN it works for a quick run', async () => {
    const store = await openStore('sqlite://:memory:', silentLogger);
    expect(await store.slots.claim('x@1', 'me', NOW)).toBe(true);
    expect(await store.slots.claim('x@1', 'me', NOW)).toBe(false);
    await store.close();
  });

  it('GIVEN a SQLite path that cannot be a file THEN a StoreError names STORE_URL and the fix', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'herald-store-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'file'), 'not a folder');
    const url = `sqlite://${join(dir, 'file', 'herald.sqlite')}`;
    const error = await openStore(url, silentLogger).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).variable).toBe('STORE_URL');
    expect((error as Error).message).toMatch(
      new RegExp(
        `^STORE_URL \\(${url.replace(/[/.]/g, '\\$&')}\\) could not be opened: .+\\. Check that the folder exists`,
      ),
    );
  });

  it('GIVEN a file that is not a database THEN a StoreError says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'herald-store-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'notes.txt'), 'x'.repeat(4096));
    const error = await openStore(`sqlite://${join(dir, 'notes.txt')}`, silentLogger).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toMatch(/could not be opened: SQLITE_NOTADB/);
  });

  it('GIVEN a Redis that is not there THEN a StoreError comes quickly, with the fix', async () => {
    const error = await openStore('redis://:s3cret-pass@127.0.0.1:1/0', silentLogger).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreError);
    const text = (error as Error).message;
    expect(text).toMatch(
      /^STORE_URL \(redis:\/\/\*\*\*@127\.0\.0\.1:1\/0\) could not be opened: .*ECONNREFUSED/,
    );
    expect(text).toContain('Check that Redis is running');
    expect(text).not.toContain('s3cret-pass');
  });

  it.runIf(postgresUrl !== undefined)(
    'GIVEN a PostgreSQL database that does not exist THEN a StoreError without the password',
    async () => {
      const url = (postgresUrl ?? '')
        .replace(/\/\/([^@/:]+)(:[^@/]*)?@/, '//$1:pa55word@')
        .replace(/\/[^/]*$/, '/herald_missing_db');
      const error = await openStore(url, silentLogger).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      const text = (error as Error).message;
      expect(text).not.toContain('pa55word');
      expect(text).toMatch(
        /could not be opened: .*herald_missing_db.*\. Check that PostgreSQL is running/,
      );
    },
  );
});
