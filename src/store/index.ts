/**
 * Herald's storage, chosen by `STORE_URL`: a SQLite file by default
 * (`sqlite://data/herald.sqlite`, folder created), `redis://…` or `postgres://…`.
 * Everything goes through keyv namespaces:
 * - `subscriptions`: one record per chat, plus an index of chats;
 * - `slots`: claims and completions of scheduled deliveries (atomic claims);
 * - `deliveries`: article ids delivered per chat, kept retention + 1 days;
 * - `first-seen`: when Herald first saw each undated article;
 * - anything else through `namespace(name)` (the feed poller's state).
 */
import type Keyv from 'keyv';
import type { Platform } from '../adapter.ts';
import type { Article } from '../../briefings/types.ts';
import type { Logger } from '../log.ts';
import { openBackend, redactUrl, type Backend, type BackendKind } from './backend.ts';
import { DeliveryLog } from './deliveries.ts';
import { FirstSeen } from './first-seen.ts';
import { SlotLedger } from './slots.ts';
import { SubscriptionStore } from './subscriptions.ts';

export { redactUrl } from './backend.ts';
export type { BackendKind } from './backend.ts';
export { DeliveryLog } from './deliveries.ts';
export { SlotLedger, slotKey, type SlotOutcome, type SlotRecord } from './slots.ts';
export {
  MAX_SUBSCRIPTIONS_PER_CHAT,
  SubscriptionStore,
  chatKey,
  type Subscription,
} from './subscriptions.ts';

const RESERVED = new Set(['subscriptions', 'slots', 'deliveries', 'first-seen', 'meta']);

/** Open storage. Every write method resolves only once the write is stored. */
export interface Store {
  readonly kind: BackendKind;
  readonly subscriptions: SubscriptionStore;
  readonly slots: SlotLedger;
  readonly deliveries: DeliveryLog;
  /**
   * Articles with `seenAt` replaced by when Herald first saw each undated one, stamped
   * persistently (so a restart does not make old undated items new). Call it on every
   * batch of loaded or fetched articles before adding them to the index.
   */
  stampFirstSeen(articles: readonly Article[], now: number): Promise<Article[]>;
  /**
   * A Keyv of its own for another part of Herald (`store.namespace('feeds')`). Same
   * instance for the same name. Values are JSON; writes throw when the store fails.
   */
  namespace(name: string): Keyv;
  /** A chat moved to a new id: its subscriptions and delivery history follow it. */
  moveChat(platform: Platform, fromId: string, toId: string): Promise<void>;
  /** Deletes expired records (SQL keeps them until read). The scheduler runs it daily. */
  sweep(): Promise<number>;
  close(): Promise<void>;
  /** Deletes everything this store holds and closes it. For tests. */
  destroy(): Promise<void>;
}

/** The store named by `STORE_URL` cannot be opened. The message names the variable and the fix. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly variable = 'STORE_URL';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export interface StoreOptions {
  /** `NEWS_RETENTION_DAYS`: how long delivery records and stamps must last. Default 7. */
  retentionDays?: number;
  /** SQL table (default `herald`); tests use one per run. */
  table?: string;
  /** Prefix of every key namespace (Redis); tests use one per run. */
  keyPrefix?: string;
}

/**
 * Opens the store and checks it answers.
 * @throws StoreError naming STORE_URL, what failed and how to fix it (never the password).
 * @example const store = await openStore(config.storeUrl, log, { retentionDays: config.news.retentionDays });
 */
export async function openStore(
  url: string,
  log: Logger,
  options: StoreOptions = {},
): Promise<Store> {
  let backend: Backend;
  try {
    backend = await openBackend(url, {
      log,
      ...(options.table === undefined ? {} : { table: options.table }),
      ...(options.keyPrefix === undefined ? {} : { keyPrefix: options.keyPrefix }),
    });
  } catch (error) {
    throw storeError(url, error);
  }
  const retentionDays = options.retentionDays ?? 7;
  const subscriptions = new SubscriptionStore(backend.keyv('subscriptions'), log);
  const slots = new SlotLedger(backend);
  const deliveries = new DeliveryLog(backend, retentionDays);
  const firstSeen = new FirstSeen(backend, retentionDays);
  log.info({ store: backend.kind, url: redactUrl(url) }, 'store opened');
  let closed: Promise<void> | undefined;
  return {
    kind: backend.kind,
    subscriptions,
    slots,
    deliveries,
    stampFirstSeen: (articles, now) => firstSeen.stamp(articles, now),
    namespace(name) {
      if (RESERVED.has(name)) throw new Error(`the store namespace '${name}' is Herald's own`);
      if (!/^[a-z][a-z0-9-]{0,30}$/.test(name))
        throw new Error(`invalid store namespace '${name}'`);
      return backend.keyv(name);
    },
    async moveChat(platform, fromId, toId) {
      await subscriptions.moveChat(platform, fromId, toId);
      await deliveries.moveChat(platform, fromId, toId);
    },
    sweep: () => backend.sweep(),
    close() {
      closed ??= backend.close();
      return closed;
    },
    destroy() {
      closed ??= backend.destroy();
      return closed;
    },
  };
}

function storeError(url: string, error: unknown): StoreError {
  const shown = redactUrl(url);
  const password = /^[a-z]+:\/\/[^:@/]*:([^@/]*)@/i.exec(url)?.[1];
  let reason = error instanceof Error ? error.message : String(error);
  if (error instanceof AggregateError && error.errors.length > 0) {
    reason = error.errors
      .map((e: unknown) => (e instanceof Error ? e.message : String(e)))
      .join('; ');
  }
  if (password !== undefined && password !== '') reason = reason.split(password).join('***');
  if (reason === '') reason = (error as { code?: string }).code ?? 'no reason given';
  const scheme = /^([a-z]+):/i.exec(url)?.[1]?.toLowerCase() ?? '';
  const fix =
    scheme === 'sqlite'
      ? 'Check that the folder exists or can be created and is writable, or point STORE_URL at another file (sqlite://PATH).'
      : scheme.startsWith('redis')
        ? 'Check that Redis is running and reachable at that address, or unset STORE_URL to use the SQLite file data/herald.sqlite.'
        : 'Check that PostgreSQL is running, the database exists and the user may create tables in it, or unset STORE_URL to use the SQLite file data/herald.sqlite.';
  return new StoreError(`STORE_URL (${shown}) could not be opened: ${reason}. ${fix}`, {
    cause: error,
  });
}
