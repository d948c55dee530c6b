/**
 * Which articles each chat has already received, so no story repeats to a chat (across
 * its subscriptions too). One record per chat, pruned as it is written: an article older
 * than the news retention has left the corpus and cannot come back, so its id is kept
 * only a day longer than that.
 */
import type { Platform } from '../adapter.ts';
import type { Backend } from './backend.ts';
import { KeyedLock } from './lock.ts';

const NAMESPACE = 'deliveries';
const DAY_MS = 24 * 60 * 60 * 1000;

interface DeliveryRecord {
  /** Article id → when it was delivered (epoch ms). */
  ids: Record<string, number>;
}

export class DeliveryLog {
  readonly #backend: Backend;
  readonly #keepMs: number;
  readonly #lock = new KeyedLock();

  /** @param retentionDays `NEWS_RETENTION_DAYS`: ids are kept a day longer. */
  constructor(backend: Backend, retentionDays: number) {
    this.#backend = backend;
    this.#keepMs = (retentionDays + 1) * DAY_MS;
  }

  /** The article ids delivered to a chat within the retention window. */
  async delivered(platform: Platform, chatId: string, now: number): Promise<Set<string>> {
    const record = await this.#read(key(platform, chatId));
    const cutoff = now - this.#keepMs;
    return new Set(Object.entries(record.ids).flatMap(([id, at]) => (at >= cutoff ? [id] : [])));
  }

  /** Adds ids delivered to a chat at `now`. Awaited: once it resolves they never repeat. */
  record(platform: Platform, chatId: string, ids: Iterable<string>, now: number): Promise<void> {
    const k = key(platform, chatId);
    return this.#lock.run(k, async () => {
      const record = await this.#read(k);
      const cutoff = now - this.#keepMs;
      const kept: Record<string, number> = {};
      for (const [id, at] of Object.entries(record.ids)) if (at >= cutoff) kept[id] = at;
      for (const id of ids) kept[id] = now;
      await this.#backend
        .keyv(NAMESPACE)
        .set(k, { ids: kept } satisfies DeliveryRecord, this.#keepMs);
    });
  }

  /** A chat moved to a new id: its history follows it. */
  async moveChat(platform: Platform, fromId: string, toId: string): Promise<void> {
    if (fromId === toId) return;
    const from = key(platform, fromId);
    const to = key(platform, toId);
    const [first, second] = [from, to].sort() as [string, string];
    await this.#lock.run(first, () =>
      this.#lock.run(second, async () => {
        const moving = await this.#read(from);
        if (Object.keys(moving.ids).length === 0) return;
        const existing = await this.#read(to);
        const merged = { ids: { ...moving.ids, ...existing.ids } } satisfies DeliveryRecord;
        await this.#backend.keyv(NAMESPACE).set(to, merged, this.#keepMs);
        await this.#backend.keyv(NAMESPACE).delete(from);
      }),
    );
  }

  async #read(k: string): Promise<DeliveryRecord> {
    const value: unknown = await this.#backend.keyv(NAMESPACE).get<unknown>(k);
    const ids = (value as Partial<DeliveryRecord> | undefined)?.ids;
    return { ids: ids !== null && typeof ids === 'object' ? ids : {} };
  }
}

function key(platform: Platform, chatId: string): string {
  return `${platform}:${chatId}`;
}
