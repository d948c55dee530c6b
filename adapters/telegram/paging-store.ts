/**
 * Briefings behind "More" buttons: a short random token in the button's callback data
 * (Telegram allows 64 bytes) names the briefing kept here, in memory, for a while.
 * Bounded by a TTL and a size cap (oldest first out), so a busy bot cannot grow it
 * without limit; an expired token is answered politely by the adapter.
 */
import { randomBytes } from 'node:crypto';
import type { Reply } from '../../src/commands/reply.ts';

export type BriefingReply = Extract<Reply, { type: 'briefing' }>;

export interface PagingStoreOptions {
  /** How long a briefing can be paged after it was sent (default 24 h). */
  ttlMs?: number;
  /** Briefings kept at most (default 2,000; scheduled fan-outs share briefing objects). */
  maxEntries?: number;
  clock?: () => number;
}

interface Entry {
  reply: BriefingReply;
  expiresAt: number;
}

export class PagingStore {
  readonly #entries = new Map<string, Entry>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #clock: () => number;

  constructor(options: PagingStoreOptions = {}) {
    this.#ttlMs = options.ttlMs ?? 24 * 60 * 60 * 1000;
    this.#maxEntries = Math.max(1, options.maxEntries ?? 2000);
    this.#clock = options.clock ?? Date.now;
  }

  /** Keeps a briefing; returns its token (10 URL-safe characters). */
  put(reply: BriefingReply): string {
    const token = randomBytes(8).toString('base64url').slice(0, 10);
    this.#entries.set(token, { reply, expiresAt: this.#clock() + this.#ttlMs });
    this.#evict();
    return token;
  }

  /** The briefing for a token, or undefined when unknown or expired. */
  get(token: string): BriefingReply | undefined {
    const entry = this.#entries.get(token);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.#clock()) {
      this.#entries.delete(token);
      return undefined;
    }
    return entry.reply;
  }

  get size(): number {
    return this.#entries.size;
  }

  #evict(): void {
    const now = this.#clock();
    // Insertion order is expiry order (one TTL for all), so expired entries lead the map.
    for (const [token, entry] of this.#entries) {
      if (entry.expiresAt > now && this.#entries.size <= this.#maxEntries) break;
      this.#entries.delete(token);
    }
  }
}
