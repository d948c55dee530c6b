/**
 * The slot ledger: one record per scheduled delivery (subscription id + local date),
 * claimed before the send and completed after it. The claim is an atomic
 * insert-if-absent in the store itself (SQL `INSERT … ON CONFLICT DO NOTHING`, Redis
 * `SET NX`), so two schedulers racing for the same slot (two processes, or an old and a
 * new one during a restart) never both send it.
 */
import type { Backend } from './backend.ts';

const NAMESPACE = 'slots';

/** Slot records outlive the longest grace window (48 h) and the start-up look-back. */
export const SLOT_TTL_MS = 10 * 24 * 60 * 60 * 1000;

export type SlotOutcome =
  /** The briefing went out. */
  | 'delivered'
  /** Nothing new: the one-line notice went out. */
  | 'nothing-new'
  /** The chat refused it, or transient errors outlasted every retry. */
  | 'failed'
  /** Missed by more than the grace window (Herald was down), or not deliverable. */
  | 'skipped';

export type SlotRecord =
  | { readonly state: 'claimed'; readonly by: string; readonly at: number }
  | {
      readonly state: 'done';
      readonly by: string;
      readonly at: number;
      readonly outcome: SlotOutcome;
      readonly detail?: string;
    };

/** `k3x9a2pq@2026-11-26` */
export function slotKey(subscriptionId: string, date: string): string {
  return `${subscriptionId}@${date}`;
}

export class SlotLedger {
  readonly #backend: Backend;

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  /** Claims a slot for `by`; resolves true only for the one caller that got it. */
  claim(key: string, by: string, now: number): Promise<boolean> {
    const record: SlotRecord = { state: 'claimed', by, at: now };
    return this.#backend.insertIfAbsent(NAMESPACE, key, record, SLOT_TTL_MS);
  }

  async get(key: string): Promise<SlotRecord | undefined> {
    return asRecord(await this.#backend.keyv(NAMESPACE).get<unknown>(key));
  }

  async getMany(keys: readonly string[]): Promise<(SlotRecord | undefined)[]> {
    if (keys.length === 0) return [];
    const records: unknown[] = await this.#backend.keyv(NAMESPACE).getMany<unknown>([...keys]);
    return records.map(asRecord);
  }

  /**
   * Takes over `abandoned`, a claim seen earlier that was never completed (its process
   * stopped between claim and completion). Atomic, and only while the slot still holds
   * that very claim: of several processes recovering at once, one wins, and nobody takes
   * over the winner's fresh claim.
   */
  async takeOver(key: string, abandoned: SlotRecord, by: string, now: number): Promise<boolean> {
    const raw = await this.#backend.readRaw(NAMESPACE, key);
    if (raw === undefined) return this.claim(key, by, now);
    const current = asRecord(parseStored(raw));
    if (current?.state !== 'claimed' || current.by !== abandoned.by || current.at !== abandoned.at)
      return false;
    const record: SlotRecord = { state: 'claimed', by, at: now };
    return this.#backend.compareAndSwap(NAMESPACE, key, raw, record, SLOT_TTL_MS);
  }

  /** Records how a claimed slot ended. Awaited: once it resolves the slot is never sent again. */
  async complete(
    key: string,
    by: string,
    now: number,
    outcome: SlotOutcome,
    detail?: string,
  ): Promise<void> {
    const record: SlotRecord = {
      state: 'done',
      by,
      at: now,
      outcome,
      ...(detail === undefined ? {} : { detail }),
    };
    await this.#backend.keyv(NAMESPACE).set(key, record, SLOT_TTL_MS);
  }

  /**
   * Marks a missed slot as skipped unless someone completed it meanwhile. Resolves true when
   * this call marked it (so it is logged once, not at every restart).
   */
  async skip(key: string, by: string, now: number, reason: string): Promise<boolean> {
    const record: SlotRecord = { state: 'done', by, at: now, outcome: 'skipped', detail: reason };
    if (await this.#backend.insertIfAbsent(NAMESPACE, key, record, SLOT_TTL_MS)) return true;
    const raw = await this.#backend.readRaw(NAMESPACE, key);
    if (raw === undefined || asRecord(parseStored(raw))?.state !== 'claimed') return false;
    return this.#backend.compareAndSwap(NAMESPACE, key, raw, record, SLOT_TTL_MS);
  }
}

function parseStored(raw: string): unknown {
  try {
    return (JSON.parse(raw) as { value?: unknown }).value;
  } catch {
    return undefined;
  }
}

function asRecord(value: unknown): SlotRecord | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const state = (value as { state?: unknown }).state;
  return state === 'claimed' || state === 'done' ? (value as SlotRecord) : undefined;
}
