/**
 * The pages of briefings answered with a "More" button, kept in memory under a random
 * token carried in the buttons' `custom_id`. Bounded in time and size: after a restart,
 * or once a briefing is older than the TTL or pushed out by newer ones, its buttons
 * answer that it has expired and the user asks again (the news will have moved on anyway).
 */
import { randomBytes } from 'node:crypto';
import type { DiscordMessage } from './render.ts';

export interface PagerOptions {
  /** How long a briefing's pages stay available (default 1 hour). */
  ttlMs?: number;
  /** How many paged briefings are kept; the oldest go first (default 500). */
  maxEntries?: number;
  clock?: () => number;
}

interface Entry {
  pages: readonly DiscordMessage[];
  expiresAt: number;
}

export class PageStore {
  readonly #entries = new Map<string, Entry>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #clock: () => number;

  constructor(options: PagerOptions = {}) {
    this.#ttlMs = options.ttlMs ?? 60 * 60_000;
    this.#maxEntries = Math.max(1, options.maxEntries ?? 500);
    this.#clock = options.clock ?? Date.now;
  }

  /** Keeps the pages; returns the token for their buttons. */
  put(pages: readonly DiscordMessage[]): string {
    this.#sweep();
    while (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done === true) break;
      this.#entries.delete(oldest.value);
    }
    const token = randomBytes(9).toString('base64url');
    this.#entries.set(token, { pages, expiresAt: this.#clock() + this.#ttlMs });
    return token;
  }

  /** The pages kept under `token`, or undefined when unknown or expired. */
  get(token: string): readonly DiscordMessage[] | undefined {
    const entry = this.#entries.get(token);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.#clock()) {
      this.#entries.delete(token);
      return undefined;
    }
    return entry.pages;
  }

  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    this.#entries.clear();
  }

  #sweep(): void {
    const now = this.#clock();
    // Entries are in insertion order with one TTL, so expired ones are at the front.
    for (const [token, entry] of this.#entries) {
      if (entry.expiresAt > now) break;
      this.#entries.delete(token);
    }
  }
}
