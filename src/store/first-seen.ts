/**
 * First-seen stamps: an article without a publication date counts as published when
 * Herald first saw it, and that moment must survive restarts, or every restart would make
 * old undated items look new again (and a first briefing would repeat them forever).
 */
import { createHash } from 'node:crypto';
import type { Article } from '../../briefings/types.ts';
import type { Backend } from './backend.ts';

const NAMESPACE = 'first-seen';
const DAY_MS = 24 * 60 * 60 * 1000;
const BATCH = 500;
/** Longest id stored as is; longer ones (URLs as guids) are hashed to fit SQL keys. */
const MAX_KEY_LENGTH = 180;

export class FirstSeen {
  readonly #backend: Backend;
  readonly #ttlMs: number;

  /**
   * @param retentionDays `NEWS_RETENTION_DAYS`. A stamp lives at least 30 days (or twice
   * the retention) after the item was last seen, and is renewed while the item is still
   * served, so an item a local file keeps forever keeps its first stamp forever.
   */
  constructor(backend: Backend, retentionDays: number) {
    this.#backend = backend;
    this.#ttlMs = Math.max(30, retentionDays * 2) * DAY_MS;
  }

  /**
   * Returns the articles with `seenAt` set to when Herald first saw each undated one
   * (stamping those it sees for the first time with `now`). Dated articles come back
   * unchanged: their `publishedAt` is what counts. Order is kept.
   */
  async stamp(articles: readonly Article[], now: number): Promise<Article[]> {
    const result = [...articles];
    const undated = articles.flatMap((article, index) =>
      article.publishedAt === null ? [index] : [],
    );
    const keyv = this.#backend.keyv(NAMESPACE);
    for (let start = 0; start < undated.length; start += BATCH) {
      const indexes = undated.slice(start, start + BATCH);
      const keys = indexes.map((index) => stampKey(articles[index]?.id ?? ''));
      const stored = await keyv.getManyRaw<unknown>(keys);
      const writes: { key: string; value: number; ttl: number }[] = [];
      const realNow = Date.now();
      for (const [i, index] of indexes.entries()) {
        const article = articles[index];
        const key = keys[i];
        if (article === undefined || key === undefined) continue;
        const entry = stored[i];
        const seen = typeof entry?.value === 'number' ? entry.value : undefined;
        if (seen === undefined) {
          writes.push({ key, value: now, ttl: this.#ttlMs });
          result[index] = { ...article, seenAt: now };
          continue;
        }
        // Renew a stamp past half its life, so items still being served never lose it.
        const expires = entry?.expires;
        if (typeof expires === 'number' && expires - realNow < this.#ttlMs / 2) {
          writes.push({ key, value: seen, ttl: this.#ttlMs });
        }
        result[index] = { ...article, seenAt: seen };
      }
      if (writes.length > 0) await keyv.setMany(writes);
    }
    return result;
  }
}

function stampKey(id: string): string {
  return id.length <= MAX_KEY_LENGTH
    ? id
    : `sha256:${createHash('sha256').update(id).digest('hex')}`;
}
