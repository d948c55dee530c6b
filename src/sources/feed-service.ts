/**
 * Polls the configured feeds and keeps their items in the corpus, politely and safely:
 * - each feed at most every `FEED_POLL_MINUTES`, longer when the feed asks for it
 *   (`ttl`, `sy:updatePeriod`, `Cache-Control: max-age`; capped at 24 h);
 * - feeds spread over the interval by a hash of their URL, not all at once;
 * - at most 4 fetches at a time and 1 per host;
 * - conditional GET with the validators kept in the store;
 * - failing feeds back off exponentially (doubling from the interval, up to 24 h) and
 *   recover on their own; one failing feed never stops the others;
 * - items deduplicated by guid, link, then content, across feeds; items older than
 *   `NEWS_RETENTION_DAYS` leave the corpus.
 */
import type { Article } from '../../briefings/types.ts';
import type { Logger } from '../log.ts';
import { decodeFeedBytes, charsetOf } from './charset.ts';
import { DEFAULT_FETCH_LIMITS, FetchError, fetchFeed, type FetchLimits } from './fetcher.ts';
import { FeedFormatError, parseFeedText } from './feed-parser.ts';
import type { FeedSource } from './feed-list.ts';
import { Deduplicator, feedArticles } from './normalize.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** No hint or backoff pushes a poll further away than this. */
export const MAX_POLL_DELAY_MS = DAY;
/** The first polls after start are spread over this window (or the interval, if shorter). */
const STARTUP_SPREAD_MS = MINUTE;
/** The scheduler wakes at least this often, so a changed clock is noticed. */
const MAX_SLEEP_MS = MINUTE;

/**
 * Where feed state (validators, health) persists. A keyv `Keyv` instance satisfies it;
 * give it a namespace of its own.
 */
export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<unknown>;
}

/** Where feed items go: the engine's `NewsIndex` satisfies it. */
export interface CorpusSink {
  add(articles: readonly Article[]): void;
  remove(ids: Iterable<string>): number;
}

/** One feed's health, for `/sources`, `feeds check` and the logs. */
export interface FeedHealth {
  readonly url: string;
  /** The feed's own title, once fetched; else the configured one; else null. */
  readonly title: string | null;
  /** `pending`: not fetched yet in this run. */
  readonly status: 'ok' | 'failing' | 'pending';
  readonly lastSuccessAt: number | null;
  readonly lastErrorAt: number | null;
  readonly lastError: string | null;
  readonly consecutiveFailures: number;
  /** Items of this feed now in the corpus. */
  readonly items: number;
  /** Publication time of its newest item in the corpus. */
  readonly newestAt: number | null;
  readonly nextPollAt: number | null;
  /** The interval in force (minutes), hints and backoff included. */
  readonly intervalMinutes: number;
}

/** What is persisted per feed. */
interface FeedState {
  title: string | null;
  etag: string | null;
  lastModified: string | null;
  lastSuccessAt: number | null;
  lastErrorAt: number | null;
  lastError: string | null;
  failures: number;
  nextPollAt: number | null;
  /** The feed's own hint (ttl / sy:updatePeriod / max-age), in ms. */
  hintMs: number | null;
}

const EMPTY_STATE: FeedState = {
  title: null,
  etag: null,
  lastModified: null,
  lastSuccessAt: null,
  lastErrorAt: null,
  lastError: null,
  failures: 0,
  nextPollAt: null,
  hintMs: null,
};

export interface FeedServiceOptions {
  readonly feeds: readonly FeedSource[];
  readonly corpus: CorpusSink;
  readonly log: Logger;
  /** `FEED_POLL_MINUTES`: the shortest interval between two polls of one feed. */
  readonly pollMinutes: number;
  /** `NEWS_RETENTION_DAYS`. */
  readonly retentionDays: number;
  /** Feed state; an in-memory map when omitted (nothing survives a restart). */
  readonly state?: KeyValueStore;
  /** The clock, epoch ms. */
  readonly clock?: () => number;
  readonly limits?: Partial<FetchLimits>;
  /** Fetches at a time across all hosts (default 4). */
  readonly concurrency?: number;
  /**
   * Replaces each undated article's `seenAt` with when Herald first saw it, persistently
   * (`store.stampFirstSeen`), so a restart does not make old undated items look new.
   */
  readonly firstSeen?: (articles: readonly Article[], now: number) => Promise<Article[]>;
}

interface Tracked {
  readonly feed: string;
  readonly at: number;
  readonly publishedAt: number | null;
}

/**
 * The feed poller. `start()` schedules it; `pollAll()` fetches every feed once now
 * (for the CLI); `health()` reports.
 * @example
 * const feeds = new FeedService({ feeds, corpus: news, log, pollMinutes: 15, retentionDays: 7, state });
 * await feeds.start();
 * // … on shutdown
 * await feeds.stop();
 */
export class FeedService {
  readonly #options: FeedServiceOptions;
  readonly #clock: () => number;
  readonly #limits: FetchLimits;
  readonly #interval: number;
  readonly #state = new Map<string, FeedState>();
  readonly #store: KeyValueStore;
  readonly #dedup = new Deduplicator();
  /** Every feed item in the corpus: id → feed and age. */
  readonly #tracked = new Map<string, Tracked>();
  /** Feeds fetched in full during this run: only these may use conditional GET. */
  readonly #fetchedThisRun = new Set<string>();
  readonly #inFlight = new Map<string, Promise<void>>();
  readonly #stopping = new AbortController();
  #loaded: Promise<void> | null = null;
  #runs: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | null = null;
  #cycle: Promise<unknown> | null = null;
  #started = false;

  constructor(options: FeedServiceOptions) {
    this.#options = options;
    this.#clock = options.clock ?? Date.now;
    this.#limits = { ...DEFAULT_FETCH_LIMITS, ...options.limits };
    // Config keeps it ≥ 1 in practice; fractions are allowed so tests can run the timers.
    this.#interval = Math.max(0.001, options.pollMinutes) * MINUTE;
    this.#store = options.state ?? new MemoryStore();
  }

  /** The configured feeds. */
  get feeds(): readonly FeedSource[] {
    return this.#options.feeds;
  }

  /** Feed items now in the corpus. */
  get articleCount(): number {
    return this.#tracked.size;
  }

  /**
   * Loads the stored state and schedules polling: every feed is fetched in full within
   * the first minute (the corpus starts empty), except feeds still backing off.
   */
  async start(): Promise<void> {
    await this.#load();
    if (this.#started) return;
    this.#started = true;
    const now = this.#clock();
    const spread = Math.min(STARTUP_SPREAD_MS, this.#interval);
    for (const { url } of this.#options.feeds) {
      const state = this.#get(url);
      const backingOff = state.failures > 0 && state.nextPollAt !== null && state.nextPollAt > now;
      state.nextPollAt = backingOff
        ? state.nextPollAt
        : now + Math.floor(hashFraction(url) * spread);
    }
    this.#options.log.info(
      { feeds: this.#options.feeds.length, pollMinutes: this.#interval / MINUTE },
      'feed polling started',
    );
    this.#schedule();
  }

  /** Stops polling and cancels fetches in flight; resolves when they have ended. */
  async stop(): Promise<void> {
    this.#started = false;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#stopping.abort();
    await Promise.allSettled([...this.#inFlight.values(), this.#cycle]);
  }

  /** Fetches every feed once, now (4 at a time, 1 per host). */
  async pollAll(): Promise<FeedHealth[]> {
    await this.#load();
    await this.#run(this.#options.feeds.map((f) => f.url));
    this.prune();
    return this.health();
  }

  /** Polls the feeds that are due at the clock's `now`; the scheduler's tick. */
  async pollDue(): Promise<FeedHealth[]> {
    await this.#load();
    const now = this.#clock();
    const due = this.#options.feeds
      .map((f) => f.url)
      .filter((url) => (this.#get(url).nextPollAt ?? 0) <= now);
    await this.#run(due);
    this.prune();
    return this.health();
  }

  /**
   * Drops feed items older than the retention window from the corpus (by
   * `publishedAt`, else when first seen). Local files are not touched: they are the
   * operator's own archive. Returns how many left.
   */
  prune(): number {
    const cutoff = this.#clock() - this.#options.retentionDays * DAY;
    const old: string[] = [];
    for (const [id, item] of this.#tracked) {
      if ((item.publishedAt ?? item.at) < cutoff) old.push(id);
    }
    if (old.length === 0) return 0;
    this.#options.corpus.remove(old);
    this.#dedup.forget(old);
    for (const id of old) this.#tracked.delete(id);
    this.#options.log.debug({ removed: old.length }, 'feed items past retention removed');
    return old.length;
  }

  /** Every configured feed's health, in configuration order. */
  health(): FeedHealth[] {
    const counts = new Map<string, { items: number; newestAt: number | null }>();
    for (const item of this.#tracked.values()) {
      const entry = counts.get(item.feed) ?? { items: 0, newestAt: null };
      entry.items++;
      if (
        item.publishedAt !== null &&
        (entry.newestAt === null || item.publishedAt > entry.newestAt)
      ) {
        entry.newestAt = item.publishedAt;
      }
      counts.set(item.feed, entry);
    }
    return this.#options.feeds.map(({ url, title }) => {
      const state = this.#get(url);
      const count = counts.get(url);
      return {
        url,
        title: state.title ?? title ?? null,
        status:
          !this.#fetchedThisRun.has(url) && state.failures === 0
            ? 'pending'
            : state.failures > 0
              ? 'failing'
              : 'ok',
        lastSuccessAt: state.lastSuccessAt,
        lastErrorAt: state.lastErrorAt,
        lastError: state.lastError,
        consecutiveFailures: state.failures,
        items: count?.items ?? 0,
        newestAt: count?.newestAt ?? null,
        nextPollAt: state.nextPollAt,
        intervalMinutes: Math.round(this.#delay(state) / MINUTE),
      };
    });
  }

  // ------------------------------------------------------------ scheduling

  #schedule(): void {
    if (!this.#started) return;
    const now = this.#clock();
    let next = Infinity;
    for (const { url } of this.#options.feeds)
      next = Math.min(next, this.#get(url).nextPollAt ?? now);
    const sleep = Math.max(0, Math.min(MAX_SLEEP_MS, next - now));
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#cycle = this.pollDue()
        .catch((error: unknown) =>
          this.#options.log.error({ err: error }, 'feed poll cycle failed'),
        )
        .finally(() => this.#schedule());
    }, sleep);
    this.#timer.unref();
  }

  /** The wait before the next poll of a feed: interval, lengthened by hints, backed off. */
  #delay(state: FeedState): number {
    const base = Math.min(MAX_POLL_DELAY_MS, Math.max(this.#interval, state.hintMs ?? 0));
    if (state.failures === 0) return base;
    return Math.min(MAX_POLL_DELAY_MS, this.#interval * 2 ** Math.min(state.failures, 20));
  }

  /**
   * The next poll: the first of the feed's slots (its hash offset within the interval,
   * repeating every interval) at least `delay` after the time this poll was due.
   */
  #nextPoll(url: string, dueAt: number, delay: number, now: number): number {
    const offset = Math.floor(hashFraction(url) * this.#interval);
    const earliest = Math.max(dueAt + delay, now + 1);
    const slots = Math.ceil((earliest - offset) / this.#interval);
    return slots * this.#interval + offset;
  }

  // ------------------------------------------------------------ polling

  /**
   * Runs polls with at most `concurrency` at a time and one per host. Runs queue behind
   * each other (a `pollAll` during a timer cycle waits), so the limits hold overall.
   */
  #run(urls: readonly string[]): Promise<void> {
    const run = this.#runs.then(() => this.#runNow(urls));
    this.#runs = run.catch(() => undefined);
    return run;
  }

  async #runNow(urls: readonly string[]): Promise<void> {
    const limit = Math.max(1, this.#options.concurrency ?? 4);
    const pending = urls.filter(
      (url) => !this.#inFlight.has(url) && !this.#stopping.signal.aborted,
    );
    const busyHosts = new Set<string>();
    const running = new Set<Promise<void>>();
    const start = () => {
      for (let i = 0; i < pending.length && running.size < limit;) {
        const url = pending[i]!;
        const host = hostOf(url);
        if (busyHosts.has(host)) {
          i++;
          continue;
        }
        pending.splice(i, 1);
        busyHosts.add(host);
        const task = this.#pollOne(url).finally(() => {
          busyHosts.delete(host);
          running.delete(task);
          this.#inFlight.delete(url);
        });
        this.#inFlight.set(url, task);
        running.add(task);
      }
    };
    start();
    while (running.size > 0) {
      await Promise.race(running);
      if (!this.#stopping.signal.aborted) start();
    }
  }

  /** Polls one feed; never throws: failures are recorded in its health. */
  async #pollOne(url: string): Promise<void> {
    const { log } = this.#options;
    const state = this.#get(url);
    const dueAt = state.nextPollAt ?? this.#clock();
    const conditional = this.#fetchedThisRun.has(url);
    try {
      const outcome = await fetchFeed(
        url,
        conditional ? { etag: state.etag, lastModified: state.lastModified } : {},
        this.#limits,
        this.#stopping.signal,
      );
      const now = this.#clock();
      if (outcome.status === 'not-modified') {
        state.hintMs = hintOf(null, outcome.maxAgeSeconds) ?? state.hintMs;
        this.#succeeded(url, state, now, dueAt);
        log.debug({ feed: url }, 'feed not modified');
        return;
      }
      const decoded = decodeFeedBytes(outcome.bytes, charsetOf(outcome.contentType));
      const feed = parseFeedText(decoded.text, { url: outcome.url, now });
      const { added, duplicates } = await this.#ingest(url, feed, now);
      state.title = feed.title || state.title;
      state.hintMs = hintOf(feed.ttlMinutes, outcome.maxAgeSeconds);
      if (feed.salvaged !== null) {
        // The good items are in; the feed still counts as failing, and no validators are
        // kept, so the next poll fetches it whole again.
        this.#failed(url, state, now, dueAt, `${feed.salvaged.reason}`, null);
        return;
      }
      state.etag = outcome.etag;
      state.lastModified = outcome.lastModified;
      this.#fetchedThisRun.add(url);
      this.#succeeded(url, state, now, dueAt);
      log.info(
        { feed: url, items: feed.items.length, added, duplicates, encoding: decoded.encoding },
        'feed fetched',
      );
    } catch (error) {
      if (this.#stopping.signal.aborted) return;
      const message =
        error instanceof FetchError || error instanceof FeedFormatError
          ? error.message
          : `unexpected error: ${(error as Error).message}`;
      const retryAfterMs =
        error instanceof FetchError ? (error.details.retryAfterMs ?? null) : null;
      this.#failed(url, state, this.#clock(), dueAt, message, retryAfterMs);
      if (!(error instanceof FetchError || error instanceof FeedFormatError)) {
        log.error({ feed: url, err: error }, 'feed poll failed unexpectedly');
      }
    } finally {
      await this.#save(url, state);
    }
  }

  async #ingest(url: string, feed: ReturnType<typeof parseFeedText>, now: number) {
    const cutoff = now - this.#options.retentionDays * DAY;
    const { articles, duplicates: within } = feedArticles(feed, {
      identity: url,
      fallbackSource: hostOf(url),
      now,
    });
    let duplicates = within;
    const keysOf = new Map<string, readonly string[]>();
    let candidates: Article[] = [];
    for (const { article, keys } of articles) {
      const known = this.#tracked.get(article.id);
      if (known !== undefined && known.feed !== url) {
        duplicates++; // the same guid in another feed: the first feed keeps it
        continue;
      }
      keysOf.set(article.id, keys);
      // An item seen before keeps its first-seen time, so re-polls do not make it new.
      candidates.push(known === undefined ? article : { ...article, seenAt: known.at });
    }
    if (this.#options.firstSeen !== undefined && candidates.length > 0) {
      candidates = await this.#options.firstSeen(candidates, now);
    }
    const fresh: Article[] = [];
    for (const article of candidates) {
      if ((article.publishedAt ?? article.seenAt) < cutoff) continue;
      const verdict = this.#dedup.admit(article, keysOf.get(article.id) ?? []);
      if (typeof verdict === 'object') {
        duplicates++;
        continue;
      }
      fresh.push(article);
      this.#tracked.set(article.id, {
        feed: url,
        at: article.seenAt,
        publishedAt: article.publishedAt,
      });
    }
    if (fresh.length > 0) this.#options.corpus.add(fresh);
    return { added: fresh.length, duplicates };
  }

  #succeeded(url: string, state: FeedState, now: number, dueAt: number): void {
    if (state.failures > 0) {
      this.#options.log.info({ feed: url, after: state.failures }, 'feed recovered');
    }
    state.failures = 0;
    state.lastSuccessAt = now;
    state.nextPollAt = this.#nextPoll(url, dueAt, this.#delay(state), now);
  }

  #failed(
    url: string,
    state: FeedState,
    now: number,
    dueAt: number,
    message: string,
    retryAfterMs: number | null,
  ) {
    state.failures++;
    state.lastError = message;
    state.lastErrorAt = now;
    const delay = Math.min(MAX_POLL_DELAY_MS, Math.max(this.#delay(state), retryAfterMs ?? 0));
    state.nextPollAt = this.#nextPoll(url, dueAt, delay, now);
    this.#options.log.warn(
      {
        feed: url,
        failures: state.failures,
        retryInMinutes: Math.round((state.nextPollAt - now) / MINUTE),
      },
      `feed failed: ${message}`,
    );
  }

  // ------------------------------------------------------------ state

  #get(url: string): FeedState {
    let state = this.#state.get(url);
    if (state === undefined) {
      state = { ...EMPTY_STATE };
      this.#state.set(url, state);
    }
    return state;
  }

  #load(): Promise<void> {
    this.#loaded ??= (async () => {
      for (const { url } of this.#options.feeds) {
        try {
          const stored = await this.#store.get(url);
          if (stored !== undefined && stored !== null && typeof stored === 'object') {
            this.#state.set(url, { ...EMPTY_STATE, ...pickState(stored) });
          }
        } catch (error) {
          this.#options.log.warn(
            { feed: url, err: error },
            'stored feed state could not be read; starting fresh',
          );
        }
      }
    })();
    return this.#loaded;
  }

  async #save(url: string, state: FeedState): Promise<void> {
    try {
      await this.#store.set(url, { ...state });
    } catch (error) {
      this.#options.log.warn({ feed: url, err: error }, 'feed state could not be saved');
    }
  }
}

/** Only known fields, of the right types, come back from the store. */
function pickState(value: object): Partial<FeedState> {
  const stored = value as Record<keyof FeedState, unknown>;
  const out: Partial<FeedState> = {};
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  out.title = text(stored.title);
  out.etag = text(stored.etag);
  out.lastModified = text(stored.lastModified);
  out.lastSuccessAt = num(stored.lastSuccessAt);
  out.lastErrorAt = num(stored.lastErrorAt);
  out.lastError = text(stored.lastError);
  out.failures = num(stored.failures) ?? 0;
  out.nextPollAt = num(stored.nextPollAt);
  out.hintMs = num(stored.hintMs);
  return out;
}

function hintOf(ttlMinutes: number | null, maxAgeSeconds: number | null): number | null {
  const hints = [ttlMinutes === null ? 0 : ttlMinutes * MINUTE, (maxAgeSeconds ?? 0) * 1000];
  const longest = Math.max(...hints);
  return longest > 0 ? Math.min(longest, MAX_POLL_DELAY_MS) : null;
}

/** A stable number in [0, 1) from a URL (FNV-1a), so each feed keeps its slot. */
export function hashFraction(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash / 2 ** 32;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return url;
  }
}

class MemoryStore implements KeyValueStore {
  readonly #map = new Map<string, unknown>();
  get(key: string): Promise<unknown> {
    return Promise.resolve(this.#map.get(key));
  }
  set(key: string, value: unknown): Promise<unknown> {
    this.#map.set(key, value);
    return Promise.resolve(true);
  }
}
