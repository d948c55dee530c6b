/**
 * The three storage backends behind `STORE_URL`: SQLite (a file, the default), Redis and
 * PostgreSQL, each through its official keyv adapter. Keyv covers get/set/delete; the
 * few operations keyv cannot make atomic (insert-if-absent for slot claims, compare-and-
 * swap for taking over an abandoned claim) go to the adapter's own client, written in
 * keyv's stored format so keyv reads them back.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Keyv, { type KeyvStoreAdapter } from 'keyv';
import KeyvSqlite from '@keyv/sqlite';
import KeyvPostgres from '@keyv/postgres';
import KeyvRedis, { createClient } from '@keyv/redis';
import type { Logger } from '../log.ts';

export type BackendKind = 'sqlite' | 'redis' | 'postgres';

/** A backend: namespaced Keyv instances plus the atomic operations the scheduler needs. */
export interface Backend {
  readonly kind: BackendKind;
  /** A Keyv whose keys live under `namespace`; one instance per namespace. */
  keyv(namespace: string): Keyv;
  /**
   * Stores `value` under `key` only if nothing is stored there yet, atomically across
   * processes. Resolves true when this call stored it.
   */
  insertIfAbsent(namespace: string, key: string, value: unknown, ttlMs: number): Promise<boolean>;
  /**
   * Replaces the stored value with `next` only if it still is `expected` (as returned by
   * `readRaw`), atomically. Resolves true when this call replaced it.
   */
  compareAndSwap(
    namespace: string,
    key: string,
    expected: string,
    next: unknown,
    ttlMs: number,
  ): Promise<boolean>;
  /** The stored text of `key` (keyv's serialized form), for `compareAndSwap`. */
  readRaw(namespace: string, key: string): Promise<string | undefined>;
  /** Deletes expired entries of every namespace (SQL keeps them until read); Redis expires by itself. */
  sweep(): Promise<number>;
  /** Closes every connection. */
  close(): Promise<void>;
  /** Deletes everything in the namespaces used so far (and drops the SQL table). For tests. */
  destroy(): Promise<void>;
}

export interface BackendOptions {
  /** SQL table name (default `herald`). */
  table?: string;
  /** Prefix of every namespace, so several Heralds (or test runs) can share one Redis. */
  keyPrefix?: string;
  log: Logger;
}

/** The store URL without its credentials, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/)[^@/]*@/i, '$1***@');
}

/** Opens the backend named by `url` and checks that it answers. */
export async function openBackend(url: string, options: BackendOptions): Promise<Backend> {
  const scheme = /^([a-z]+):\/\//i.exec(url)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'sqlite':
      return openSqlite(url, options);
    case 'redis':
    case 'rediss':
      return openRedis(url, options);
    case 'postgres':
    case 'postgresql':
      return openPostgres(url, options);
    default:
      throw new Error(`unsupported scheme '${scheme ?? url}'`);
  }
}

/**
 * Store errors are logged once the store is open; before that they surface as the
 * start-up error instead of repeating in the log.
 */
interface ErrorReport {
  ready: boolean;
  log: Logger;
}

function makeKeyv(
  store: KeyvStoreAdapter,
  namespace: string,
  report: ErrorReport,
  redis: boolean,
): Keyv {
  const keyv = new Keyv(store, {
    namespace,
    throwOnErrors: true,
    // @keyv/redis prefixes keys itself (`namespace::key`); keyv must not add its own.
    ...(redis ? { useKeyPrefix: false } : {}),
  });
  keyv.on('error', (error: unknown) => {
    if (report.ready) report.log.warn({ err: error, namespace }, 'store error');
  });
  return keyv;
}

async function serialized(keyv: Keyv, value: unknown, ttlMs: number): Promise<string> {
  const serialize = keyv.serialize;
  const data = { value, expires: ttlMs > 0 ? Date.now() + ttlMs : undefined };
  // keyv always has a serializer unless one is explicitly removed, which Herald never does.
  return serialize === undefined ? JSON.stringify(data) : await serialize(data);
}

/** The value cached under `key`, made on first use (adapters and keyvs per namespace). */
function cached<V>(cache: Map<string, V>, key: string, make: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    cache.set(key, value);
  }
  return value;
}

// ---------------------------------------------------------------------------------- SQL

interface SqlDialect {
  kind: 'sqlite' | 'postgres';
  table: string;
  /** Runs SQL on the connection behind `namespace`'s keyv (`?` placeholders). */
  run(namespace: string, sql: string, params: unknown[]): Promise<Record<string, unknown>[]>;
  /** A SQL expression reading `expires` (epoch ms) out of the stored JSON. */
  expires: string;
  dropTable: string;
}

function sqlBackend(
  dialect: SqlDialect,
  keyvFor: (namespace: string) => Keyv,
  closeAll: () => Promise<void>,
): Backend {
  const used = new Set<string>();
  const keyv = (namespace: string) => {
    used.add(namespace);
    return keyvFor(namespace);
  };
  const physical = (namespace: string, key: string) => `${namespace}:${key}`;
  const { table } = dialect;
  return {
    kind: dialect.kind,
    keyv,
    async insertIfAbsent(namespace, key, value, ttlMs) {
      const rows = await dialect.run(
        namespace,
        `INSERT INTO ${table} (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING RETURNING key`,
        [physical(namespace, key), await serialized(keyv(namespace), value, ttlMs)],
      );
      return rows.length === 1;
    },
    async compareAndSwap(namespace, key, expected, next, ttlMs) {
      const rows = await dialect.run(
        namespace,
        `UPDATE ${table} SET value = ? WHERE key = ? AND value = ? RETURNING key`,
        [await serialized(keyv(namespace), next, ttlMs), physical(namespace, key), expected],
      );
      return rows.length === 1;
    },
    async readRaw(namespace, key) {
      keyv(namespace);
      const rows = await dialect.run(namespace, `SELECT value FROM ${table} WHERE key = ?`, [
        physical(namespace, key),
      ]);
      const value = rows[0]?.['value'];
      return typeof value === 'string' ? value : undefined;
    },
    async sweep() {
      // Every namespace at once: keyv writes `expires` into each value it stores.
      const rows = await dialect.run(
        'meta',
        `DELETE FROM ${table} WHERE ${dialect.expires} < ? RETURNING key`,
        [Date.now()],
      );
      return rows.length;
    },
    close: closeAll,
    async destroy() {
      const first = [...used][0] ?? 'meta';
      keyv(first);
      await dialect.run(first, dialect.dropTable, []);
      await closeAll();
    },
  };
}

async function openSqlite(
  url: string,
  { table = 'herald', log }: BackendOptions,
): Promise<Backend> {
  const path = url.replace(/^sqlite:\/\//i, '');
  const memory = path === ':memory:' || path === '';
  if (!memory) mkdirSync(dirname(resolve(path)), { recursive: true });
  const report: ErrorReport = { ready: false, log };
  const adapters = new Map<string, KeyvSqlite>();
  const keyvs = new Map<string, Keyv>();
  // One connection per namespace: keyv keeps the namespace on its adapter, so adapters
  // cannot be shared between namespaces. WAL lets them read while another writes, and the
  // busy timeout makes writers queue instead of failing.
  const adapterFor = (namespace: string): KeyvSqlite =>
    cached(adapters, namespace, () => {
      const adapter = new KeyvSqlite({
        uri: `sqlite://${memory ? ':memory:' : path}`,
        table,
        busyTimeout: 10_000,
      });
      if (!memory) {
        // Durable against a crash of Herald (what exactly-once needs); an OS crash may lose
        // the last moments, which is SQLite's documented trade for WAL + NORMAL.
        void adapter.query('PRAGMA synchronous = NORMAL').catch(() => undefined);
      }
      return adapter;
    });
  const keyvFor = (namespace: string): Keyv =>
    cached(keyvs, namespace, () => makeKeyv(adapterFor(namespace), namespace, report, false));
  const run: SqlDialect['run'] = async (namespace, sql, params) => {
    keyvFor(namespace);
    const rows: unknown = await adapterFor(namespace).query(sql, ...params);
    return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
  };
  const closeAll = async () => {
    const open = [...adapters.values()];
    adapters.clear();
    keyvs.clear();
    await Promise.allSettled(open.map((adapter) => adapter.disconnect()));
  };
  const sanitizedTable = adapterFor('meta').opts.table ?? table;
  try {
    if (!memory) await run('meta', 'PRAGMA journal_mode = WAL', []);
    await run('meta', 'SELECT 1', []);
  } catch (error) {
    await closeAll();
    throw error;
  }
  report.ready = true;
  return sqlBackend(
    {
      kind: 'sqlite',
      table: sanitizedTable,
      run,
      expires: `(CASE WHEN json_valid(value) THEN json_extract(value, '$.expires') END)`,
      dropTable: `DROP TABLE IF EXISTS ${sanitizedTable}`,
    },
    keyvFor,
    closeAll,
  );
}

/** Stores open per PostgreSQL URL in this process (they share @keyv/postgres's pool). */
const postgresOpen = new Map<string, number>();

async function openPostgres(
  url: string,
  { table = 'herald', log }: BackendOptions,
): Promise<Backend> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/i.test(table)) throw new Error(`invalid table name '${table}'`);
  const report: ErrorReport = { ready: false, log };
  const keyvs = new Map<string, Keyv>();
  const adapters = new Map<string, KeyvPostgres>();
  // The adapters share one connection pool per URL (inside @keyv/postgres).
  const adapterFor = (namespace: string): KeyvPostgres =>
    cached(adapters, namespace, () => new KeyvPostgres({ uri: url, table }));
  const keyvFor = (namespace: string): Keyv =>
    cached(keyvs, namespace, () => makeKeyv(adapterFor(namespace), namespace, report, false));
  const run: SqlDialect['run'] = async (namespace, sql, params) => {
    keyvFor(namespace);
    let index = 0;
    const numbered = sql.replace(/\?/g, () => `$${++index}`);
    const rows: unknown = await adapterFor(namespace).query(numbered, params);
    return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
  };
  postgresOpen.set(url, (postgresOpen.get(url) ?? 0) + 1);
  let closed = false;
  const closeAll = async () => {
    if (closed) return;
    closed = true;
    const first = [...adapters.values()][0];
    adapters.clear();
    keyvs.clear();
    // @keyv/postgres keeps one pool per URL for the whole process, behind every adapter
    // of every store on that URL: end it when the last store on the URL closes.
    const open = (postgresOpen.get(url) ?? 1) - 1;
    if (open > 0) {
      postgresOpen.set(url, open);
      return;
    }
    postgresOpen.delete(url);
    await first?.disconnect().catch(() => undefined);
  };
  try {
    await run('meta', 'SELECT 1', []);
    // The adapter creates its table in the background; make sure it exists before use.
    await run(
      'meta',
      `CREATE TABLE IF NOT EXISTS public.${table} (key VARCHAR(255) PRIMARY KEY, value TEXT)`,
      [],
    ).catch((error: unknown) => {
      // Two adapters racing to create the table: the loser's unique violation is harmless.
      if ((error as { code?: string }).code !== '23505') throw error;
    });
  } catch (error) {
    await closeAll();
    throw error;
  }
  report.ready = true;
  return sqlBackend(
    {
      kind: 'postgres',
      table: `public.${table}`,
      run,
      expires: `(CASE WHEN value LIKE '{%' THEN (value::jsonb ->> 'expires')::bigint END)`,
      dropTable: `DROP TABLE IF EXISTS public.${table}`,
    },
    keyvFor,
    closeAll,
  );
}

// -------------------------------------------------------------------------------- Redis

const COMPARE_AND_SWAP = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  if tonumber(ARGV[3]) > 0 then
    redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  else
    redis.call('SET', KEYS[1], ARGV[2])
  end
  return 1
end
return 0`;

async function openRedis(url: string, { keyPrefix = '', log }: BackendOptions): Promise<Backend> {
  let connected = false;
  // One client shared by every namespace's adapter. At start-up give up after a few tries
  // (a clear error beats a silent hang); once running, reconnect for as long as it takes.
  const client = createClient({
    url,
    socket: {
      connectTimeout: 5_000,
      reconnectStrategy: (retries: number, cause: Error) =>
        connected ? Math.min(100 * 2 ** retries, 5_000) : retries >= 2 ? cause : 200,
    },
  });
  let lastLogged = 0;
  client.on('error', (error: unknown) => {
    // A dropped connection repeats its error on every retry: log it at most every 30 s.
    if (connected && Date.now() - lastLogged > 30_000) {
      lastLogged = Date.now();
      log.warn({ err: error }, 'redis connection problem; retrying');
    }
  });
  await client.connect();
  connected = true;
  try {
    await client.ping();
  } catch (error) {
    client.destroy();
    throw error;
  }
  const report: ErrorReport = { ready: true, log };
  const keyvs = new Map<string, Keyv>();
  const name = (namespace: string) => `${keyPrefix}${namespace}`;
  const keyv = (namespace: string): Keyv =>
    cached(keyvs, namespace, () =>
      makeKeyv(
        new KeyvRedis(client, { namespace: name(namespace) }),
        name(namespace),
        report,
        true,
      ),
    );
  // @keyv/redis's key layout: `namespace::key`.
  const physical = (namespace: string, key: string) => `${name(namespace)}::${key}`;
  return {
    kind: 'redis',
    keyv,
    async insertIfAbsent(namespace, key, value, ttlMs) {
      const text = await serialized(keyv(namespace), value, ttlMs);
      const result = await client.set(physical(namespace, key), text, {
        condition: 'NX',
        ...(ttlMs > 0 ? { expiration: { type: 'PX', value: ttlMs } } : {}),
      });
      return result === 'OK';
    },
    async compareAndSwap(namespace, key, expected, next, ttlMs) {
      const result = await client.eval(COMPARE_AND_SWAP, {
        keys: [physical(namespace, key)],
        arguments: [
          expected,
          await serialized(keyv(namespace), next, ttlMs),
          String(Math.max(0, ttlMs)),
        ],
      });
      return result === 1;
    },
    async readRaw(namespace, key) {
      const value = await client.get(physical(namespace, key));
      return typeof value === 'string' ? value : undefined;
    },
    sweep: () => Promise.resolve(0),
    async close() {
      keyvs.clear();
      if (client.isOpen) await client.close();
    },
    async destroy() {
      if (keyPrefix === '') {
        await Promise.all([...keyvs.values()].map((instance) => instance.clear()));
      } else {
        // A prefixed store (a test run) owns every key under its prefix, whichever
        // connection wrote it.
        for await (const keys of client.scanIterator({ MATCH: `${keyPrefix}*`, COUNT: 500 })) {
          if (keys.length > 0) await client.unlink(keys);
        }
      }
      keyvs.clear();
      if (client.isOpen) await client.close();
    },
  };
}
