/**
 * The briefing scheduler. Every minute (node-cron) it finds the subscriptions due in
 * their own time zone, and for each slot (subscription id + local date):
 *   claim the slot in the store (atomic) → compose (shared) → send through the
 *   platform's adapter (rate-limited, retried) → record delivered articles → complete.
 * A slot is therefore sent at most once, also across restarts and processes; the one
 * exception is a crash after a send succeeded and before its completion was stored,
 * which the next start retries (a double, never a loss).
 *
 * At start it looks back over the grace window: slots claimed but never completed are
 * retried, missed ones are delivered late (the latest per subscription), and older ones
 * are skipped and logged. Each send is isolated: one chat's failure never stops the run.
 */
import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import cron, { type ScheduledTask } from 'node-cron';
import type { Briefing } from '../../briefings/types.ts';
import { DeliveryError, type ChatAdapter, type Platform } from '../adapter.ts';
import { message, type Reply } from '../commands/reply.ts';
import type { Logger } from '../log.ts';
import { slotsBetween, type Slot } from '../schedule/schedule.ts';
import { formatMinuteOfDay, HOUR_MS, MINUTE_MS } from '../schedule/zoned-time.ts';
import {
  slotKey,
  type SlotOutcome,
  type SlotRecord,
  type Store,
  type Subscription,
} from '../store/index.ts';
import { KeyedLock } from '../store/lock.ts';
import {
  Compositions,
  compositionKey,
  personalize,
  storyLimit,
  type BriefingSource,
} from './compose.ts';
import { Cancelled, RateLimiter, sleep, Window } from './pacing.ts';

/**
 * Scheduled sends per second per platform: the platforms' published limits. The adapters
 * pace every outgoing message again at the transport (Telegram's throttler counts command
 * replies too; Discord's REST client and spacer stay under the global limit), so the
 * scheduler need not leave headroom of its own and fan-outs use the whole budget.
 */
export const DEFAULT_RATE_LIMITS: Readonly<Record<Platform, number>> = {
  telegram: 30,
  discord: 50,
  console: Number.POSITIVE_INFINITY,
};

/** Consecutive permanent failures that pause a subscription. */
export const PAUSE_AFTER_FAILURES = 3;

const FIRST_BRIEFING_LOOKBACK_MS = 24 * HOUR_MS;
/** How far back start-up looks for missed slots to skip and log (beyond the grace window). */
const SKIP_LOOKBACK_MS = 48 * HOUR_MS;
const SWEEP_EVERY_MS = 24 * HOUR_MS;

export interface RetryPolicy {
  /** Attempts per slot on transient failures, the first included. Default 5. */
  attempts: number;
  /** First backoff; doubled each retry, with jitter. Default 2 s. */
  baseDelayMs: number;
  /** Longest backoff (also caps a platform's retry-after). Default 60 s. */
  maxDelayMs: number;
}

export interface SchedulerOptions {
  store: Store;
  /** The engine (`NewsIndex`). */
  news: BriefingSource;
  /** The started adapters, by platform. Subscriptions of other platforms wait. */
  adapters: ReadonlyMap<Platform, ChatAdapter>;
  log: Logger;
  /** `BRIEFING_GRACE_HOURS`: how late a missed briefing may still go out. */
  graceHours: number;
  /** Epoch ms; tests pass a controllable clock. */
  clock?: () => number;
  /** Sends per second per platform (defaults: `DEFAULT_RATE_LIMITS`). */
  rateLimits?: Partial<Record<Platform, number>>;
  retry?: Partial<RetryPolicy>;
  /** Tick every minute with node-cron (default). Tests turn it off and call `tick(now)`. */
  cron?: boolean;
  /** Names this scheduler in slot claims and logs. Default: random. */
  instanceId?: string;
}

/** What one run did. */
export interface RunReport {
  /** Slots found due (claimed or not). */
  due: number;
  delivered: number;
  nothingNew: number;
  failed: number;
  /** Missed beyond the grace window, superseded, or left because no adapter runs for the platform. */
  skipped: number;
  /** Briefings the engine composed in the run. */
  composed: number;
}

/** Totals since the scheduler was created (the fan-out bench reads them). */
export type SchedulerStats = RunReport & { retries: number; paused: number };

interface DueSlot {
  subscription: Subscription;
  slot: Slot;
  key: string;
  /** The claim found on the slot, never completed: take it over (start-up recovery only). */
  abandoned: SlotRecord | null;
}

type Mode = 'tick' | 'recover';

export class Scheduler {
  readonly #store: Store;
  readonly #news: BriefingSource;
  readonly #adapters: ReadonlyMap<Platform, ChatAdapter>;
  readonly #log: Logger;
  readonly #graceMs: number;
  readonly #clock: () => number;
  readonly #rates: Record<Platform, number>;
  readonly #retry: RetryPolicy;
  readonly #useCron: boolean;
  readonly #id: string;
  readonly #limiters = new Map<Platform, RateLimiter>();
  readonly #windows = new Map<Platform, Window>();
  readonly #inflight = new Set<Promise<unknown>>();
  /** Two runs (start-up recovery and the first tick) may share a chat: one send at a time per chat. */
  readonly #chats = new KeyedLock();
  readonly #abort = new AbortController();
  #task: ScheduledTask | undefined;
  #coveredUntil: number | undefined;
  #lastSweep = Number.NEGATIVE_INFINITY;
  #started = false;
  #stopping: Promise<void> | undefined;
  readonly #stats: SchedulerStats = {
    due: 0,
    delivered: 0,
    nothingNew: 0,
    failed: 0,
    skipped: 0,
    composed: 0,
    retries: 0,
    paused: 0,
  };

  constructor(options: SchedulerOptions) {
    this.#store = options.store;
    this.#news = options.news;
    this.#adapters = options.adapters;
    this.#log = options.log;
    this.#graceMs = options.graceHours * HOUR_MS;
    this.#clock = options.clock ?? Date.now;
    this.#rates = { ...DEFAULT_RATE_LIMITS, ...options.rateLimits };
    this.#retry = { attempts: 5, baseDelayMs: 2_000, maxDelayMs: 60_000, ...options.retry };
    this.#useCron = options.cron ?? true;
    this.#id = options.instanceId ?? randomBytes(4).toString('hex');
    // Every send waiting out a backoff listens for the stop: there may be thousands.
    setMaxListeners(0, this.#abort.signal);
  }

  /** Totals since creation. */
  get stats(): Readonly<SchedulerStats> {
    return { ...this.#stats };
  }

  /**
   * Recovers what the last run left (in the background) and starts ticking every minute.
   * Call it after the adapters have started.
   */
  start(): Promise<void> {
    if (this.#started) return Promise.resolve();
    this.#started = true;
    const now = this.#clock();
    const minute = floorMinute(now);
    this.#coveredUntil = minute;
    void this.#track(
      this.#runWindow(now - this.#graceMs - SKIP_LOOKBACK_MS, minute, now, 'recover'),
    );
    this.#maybeSweep(now);
    if (this.#useCron) {
      this.#task = cron.schedule(
        '* * * * *',
        () => {
          // The tick catches its own errors; nothing escapes into node-cron.
          void this.tick(this.#clock());
        },
        { name: 'herald-briefings', logger: cronLogger(this.#log) },
      );
    }
    this.#log.info(
      { instance: this.#id, graceHours: this.#graceMs / HOUR_MS },
      'scheduler started',
    );
    return Promise.resolve();
  }

  /**
   * Delivers every slot due since the last tick, up to the minute of `now`. Resolves
   * when this tick's deliveries are finished (or abandoned by `stop`). Never rejects.
   */
  tick(now: number = this.#clock()): Promise<RunReport> {
    const minute = floorMinute(now);
    const after = this.#coveredUntil ?? minute - MINUTE_MS;
    if (this.#stopping !== undefined || minute <= after) return Promise.resolve(emptyReport());
    this.#coveredUntil = minute;
    this.#maybeSweep(now);
    return this.#track(this.#runWindow(after, minute, now, 'tick'));
  }

  /** Resolves when every run started so far has finished. */
  async idle(): Promise<void> {
    while (this.#inflight.size > 0) await Promise.allSettled([...this.#inflight]);
  }

  /**
   * Stops ticking, drops sends that have not started (their slots are retried at the next
   * start), and waits for the sends in flight and their records. Idempotent.
   */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      await this.#task?.destroy();
      this.#abort.abort();
      for (const window of this.#windows.values()) window.cancel();
      for (const limiter of this.#limiters.values()) limiter.cancel();
      await this.idle();
      this.#log.info({ instance: this.#id }, 'scheduler stopped');
    })();
    return this.#stopping;
  }

  #track<T>(work: Promise<T>): Promise<T> {
    this.#inflight.add(work);
    void work.finally(() => this.#inflight.delete(work)).catch(() => undefined);
    return work;
  }

  #maybeSweep(now: number): void {
    if (now - this.#lastSweep < SWEEP_EVERY_MS) return;
    this.#lastSweep = now;
    void this.#track(
      this.#store.sweep().then(
        (removed) => this.#log.debug({ removed }, 'expired store records swept'),
        (error: unknown) => this.#log.warn({ err: error }, 'store sweep failed'),
      ),
    );
  }

  async #runWindow(after: number, until: number, now: number, mode: Mode): Promise<RunReport> {
    const report = emptyReport();
    try {
      const { due, stale, orphaned } = await this.#collect(after, until, now, mode);
      report.due = due.length;
      report.skipped += orphaned;
      report.skipped += await this.#skipStale(stale, now);
      if (due.length > 0) {
        const compositions = new Compositions(this.#news, now, groupSince(due, now));
        await Promise.all(
          groupByChat(due).map((slots) => this.#deliverChat(slots, compositions, report, mode)),
        );
        report.composed = compositions.count;
      }
    } catch (error) {
      this.#log.error({ err: error, mode }, 'scheduler run failed');
    }
    for (const key of [
      'due',
      'delivered',
      'nothingNew',
      'failed',
      'skipped',
      'composed',
    ] as const) {
      this.#stats[key] += report[key];
    }
    if (report.due > 0 || report.skipped > 0)
      this.#log.info({ mode, ...report }, 'briefing run finished');
    return report;
  }

  /** Finds slots in (after, until]: due ones, and stale ones (missed beyond the grace window). */
  async #collect(
    after: number,
    until: number,
    now: number,
    mode: Mode,
  ): Promise<{ due: DueSlot[]; stale: { slot: DueSlot; reason: string }[]; orphaned: number }> {
    const subscriptions = await this.#store.subscriptions.all();
    const candidates: DueSlot[] = [];
    const stale: { slot: DueSlot; reason: string }[] = [];
    const missingAdapters = new Map<Platform, number>();
    const minute = floorMinute(now);
    for (const subscription of subscriptions) {
      if (subscription.paused !== null) continue;
      const slots = slotsBetween(
        subscription.schedule,
        Math.max(after, subscription.scheduleFrom),
        until,
      );
      if (slots.length === 0) continue;
      if (!this.#adapters.has(subscription.platform)) {
        missingAdapters.set(
          subscription.platform,
          (missingAdapters.get(subscription.platform) ?? 0) + 1,
        );
        continue;
      }
      const inGrace = slots.filter((slot) => minute - slot.at <= this.#graceMs);
      const late = slots.filter((slot) => minute - slot.at > this.#graceMs);
      const toSlot = (slot: Slot): DueSlot => ({
        subscription,
        slot,
        key: slotKey(subscription.id, slot.date),
        abandoned: null,
      });
      for (const slot of late)
        stale.push({ slot: toSlot(slot), reason: 'missed by more than the grace window' });
      // Several missed slots of one subscription: one late briefing covers them all.
      for (const slot of inGrace.slice(0, -1))
        stale.push({ slot: toSlot(slot), reason: 'superseded by a later slot' });
      const last = inGrace.at(-1);
      if (last !== undefined) candidates.push(toSlot(last));
    }
    let orphaned = 0;
    for (const [platform, count] of missingAdapters) {
      orphaned += count;
      this.#log.warn(
        { platform, count },
        'briefings due on a platform that is not running; not sent',
      );
    }
    // A one-minute tick simply tries to claim; a longer window looks first, so that
    // completed slots are not claimed again and abandoned claims can be taken over.
    if (mode === 'tick' && until - after <= MINUTE_MS) return { due: candidates, stale, orphaned };
    const records = await this.#store.slots.getMany(candidates.map((c) => c.key));
    const due: DueSlot[] = [];
    for (const [i, candidate] of candidates.entries()) {
      const record = records[i];
      if (record === undefined) due.push(candidate);
      else if (record.state === 'claimed' && mode === 'recover')
        due.push({ ...candidate, abandoned: record });
    }
    return { due, stale, orphaned };
  }

  async #skipStale(
    stale: readonly { slot: DueSlot; reason: string }[],
    now: number,
  ): Promise<number> {
    if (stale.length === 0) return 0;
    const records = await this.#store.slots.getMany(stale.map((s) => s.slot.key));
    const skipped = new Map<
      string,
      { subscription: Subscription; dates: string[]; reason: string }
    >();
    for (const [i, { slot, reason }] of stale.entries()) {
      if (records[i]?.state === 'done') continue;
      if (!(await this.#store.slots.skip(slot.key, this.#id, now, reason))) continue;
      const entry = skipped.get(slot.subscription.id) ?? {
        subscription: slot.subscription,
        dates: [],
        reason,
      };
      entry.dates.push(slot.slot.date);
      skipped.set(slot.subscription.id, entry);
    }
    let count = 0;
    for (const { subscription, dates, reason } of skipped.values()) {
      count += dates.length;
      this.#log.warn(
        { ...describe(subscription), dates, reason, graceHours: this.#graceMs / HOUR_MS },
        'missed briefings skipped',
      );
    }
    return count;
  }

  /** One chat's slots in order, so that two briefings to one chat never share a story. */
  async #deliverChat(
    slots: DueSlot[],
    compositions: Compositions,
    report: RunReport,
    mode: Mode,
  ): Promise<void> {
    for (const due of slots) {
      if (this.#stopping !== undefined) return;
      try {
        const chat = `${due.subscription.platform}:${due.subscription.chatId}`;
        const outcome = await this.#chats.run(chat, () =>
          this.#deliverSlot(due, compositions, mode),
        );
        if (outcome === 'delivered') report.delivered++;
        else if (outcome === 'nothing-new') report.nothingNew++;
        else if (outcome === 'failed') report.failed++;
        else if (outcome === 'skipped') report.skipped++;
      } catch (error) {
        if (error instanceof Cancelled) return;
        // Isolated: log and go on with the next slot and every other chat.
        this.#log.error(
          { err: error, ...describe(due.subscription), slot: due.key },
          'scheduled delivery failed',
        );
      }
    }
  }

  /** Claims, composes, sends and records one slot. Resolves with its outcome, or null when another scheduler has it. */
  async #deliverSlot(
    due: DueSlot,
    compositions: Compositions,
    mode: Mode,
  ): Promise<SlotOutcome | null> {
    const { key } = due;
    const platform = due.subscription.platform;
    const adapter = this.#adapters.get(platform);
    if (adapter === undefined) return null;
    // Claim only shortly before the rate limiter can take the send, so a stop leaves few
    // claimed-but-unsent slots behind (those are retried at the next start).
    const release = await this.#window(platform).acquire();
    try {
      const now = this.#clock();
      const won =
        mode === 'recover' && due.abandoned !== null
          ? await this.#store.slots.takeOver(key, due.abandoned, this.#id, now)
          : await this.#store.slots.claim(key, this.#id, now);
      if (!won) return null;
      // The subscription may have changed since the run began (unsubscribed, paused, moved).
      const subscription = await this.#current(due.subscription);
      if (subscription === undefined || subscription.paused !== null) {
        await this.#store.slots.complete(
          key,
          this.#id,
          now,
          'skipped',
          'unsubscribed or paused meanwhile',
        );
        return 'skipped';
      }
      const since = sinceFor(subscription, compositions.now);
      const delivered = await this.#store.deliveries.delivered(
        platform,
        subscription.chatId,
        compositions.now,
      );
      const personal = personalize(compositions.candidates(subscription), this.#news, {
        delivered,
        since,
        limit: storyLimit(subscription.kind),
      });
      const reply = replyFor(subscription, personal.briefing, due.slot, compositions.now);
      const result = await this.#send(adapter, subscription, reply, release);
      const done = this.#clock();
      if (result.ok) {
        await this.#store.deliveries.record(platform, result.chatId, personal.articleIds, done);
        const outcome: SlotOutcome =
          personal.briefing.stories.length > 0 ? 'delivered' : 'nothing-new';
        await this.#store.slots.complete(key, this.#id, done, outcome);
        await this.#store.subscriptions.update({ ...subscription, chatId: result.chatId }, (s) => ({
          ...s,
          lastDelivery: {
            at: done,
            date: due.slot.date,
            stories: personal.briefing.stories.length,
          },
          lastBriefingAt: compositions.now,
          failures: 0,
        }));
        return outcome;
      }
      await this.#store.slots.complete(key, this.#id, done, 'failed', result.reason);
      if (result.permanent)
        await this.#countFailure({ ...subscription, chatId: result.chatId }, result.reason, done);
      return 'failed';
    } finally {
      release();
    }
  }

  async #current(subscription: Subscription): Promise<Subscription | undefined> {
    const list = await this.#store.subscriptions.forChat(
      subscription.platform,
      subscription.chatId,
    );
    return list.find((s) => s.id === subscription.id);
  }

  /**
   * Sends with retries: transient failures back off and retry, a moved chat is followed.
   * Resolves with where it went, or why it failed. Rejects only with `Cancelled`.
   */
  async #send(
    adapter: ChatAdapter,
    subscription: Subscription,
    reply: Reply,
    release: () => void,
  ): Promise<
    { ok: true; chatId: string } | { ok: false; chatId: string; permanent: boolean; reason: string }
  > {
    let chatId = subscription.chatId;
    let moves = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#limiter(subscription.platform).run(() => {
          release();
          return adapter.deliver(chatId, reply);
        });
        return { ok: true, chatId };
      } catch (error) {
        if (error instanceof Cancelled) throw error;
        const failure = error instanceof DeliveryError ? error.failure : 'transient';
        const reason = reasonOf(error);
        const context = { ...describe(subscription), chat: chatId, attempt, reason };
        if (
          failure === 'moved' &&
          error instanceof DeliveryError &&
          error.options.movedTo !== undefined &&
          moves < 3
        ) {
          moves++;
          const movedTo = error.options.movedTo;
          await this.#store.moveChat(subscription.platform, chatId, movedTo);
          this.#log.info({ ...context, movedTo }, 'chat moved; following it');
          chatId = movedTo;
          attempt--;
          continue;
        }
        if (failure === 'permanent') {
          this.#log.warn(context, 'chat refused the briefing');
          return { ok: false, chatId, permanent: true, reason };
        }
        if (attempt >= this.#retry.attempts) {
          this.#log.error(
            context,
            'briefing not delivered: transient failures outlasted every retry',
          );
          return { ok: false, chatId, permanent: false, reason };
        }
        this.#stats.retries++;
        const retryAfter = error instanceof DeliveryError ? error.options.retryAfterMs : undefined;
        const delay = backoff(attempt, retryAfter, this.#retry);
        this.#log.warn({ ...context, retryInMs: delay }, 'briefing delivery failed; retrying');
        await sleep(delay, this.#abort.signal);
      }
    }
  }

  async #countFailure(subscription: Subscription, reason: string, now: number): Promise<void> {
    const updated = await this.#store.subscriptions.update(subscription, (s) => {
      const failures = s.failures + 1;
      return {
        ...s,
        failures,
        paused: s.paused ?? (failures >= PAUSE_AFTER_FAILURES ? { at: now, reason } : null),
      };
    });
    if (updated?.paused !== null && updated?.paused.at === now) {
      this.#stats.paused++;
      this.#log.warn(
        { ...describe(updated), failures: updated.failures, reason },
        'subscription paused after repeated permanent failures',
      );
    }
  }

  #limiter(platform: Platform): RateLimiter {
    let limiter = this.#limiters.get(platform);
    if (limiter === undefined) {
      limiter = new RateLimiter(this.#rates[platform]);
      if (this.#stopping !== undefined) limiter.cancel();
      this.#limiters.set(platform, limiter);
    }
    return limiter;
  }

  #window(platform: Platform): Window {
    let window = this.#windows.get(platform);
    if (window === undefined) {
      const rate = this.#rates[platform];
      window = new Window(Number.isFinite(rate) ? Math.max(4, Math.ceil(rate)) : 64);
      if (this.#stopping !== undefined) window.cancel();
      this.#windows.set(platform, window);
    }
    return window;
  }
}

function emptyReport(): RunReport {
  return { due: 0, delivered: 0, nothingNew: 0, failed: 0, skipped: 0, composed: 0 };
}

function floorMinute(instant: number): number {
  return Math.floor(instant / MINUTE_MS) * MINUTE_MS;
}

/** News since the last briefing this subscription got; the first one covers a day. */
function sinceFor(subscription: Subscription, now: number): number {
  return subscription.lastBriefingAt ?? now - FIRST_BRIEFING_LOOKBACK_MS;
}

function groupSince(due: readonly DueSlot[], now: number): Map<string, number> {
  const since = new Map<string, number>();
  for (const { subscription } of due) {
    const key = compositionKey(subscription);
    since.set(
      key,
      Math.min(since.get(key) ?? Number.POSITIVE_INFINITY, sinceFor(subscription, now)),
    );
  }
  return since;
}

function groupByChat(due: readonly DueSlot[]): DueSlot[][] {
  const chats = new Map<string, DueSlot[]>();
  for (const slot of due) {
    const key = `${slot.subscription.platform}:${slot.subscription.chatId}`;
    const list = chats.get(key) ?? [];
    list.push(slot);
    chats.set(key, list);
  }
  return [...chats.values()].map((list) => list.sort((a, b) => a.slot.at - b.slot.at));
}

function replyFor(subscription: Subscription, briefing: Briefing, slot: Slot, now: number): Reply {
  const time = formatMinuteOfDay(subscription.schedule.minuteOfDay);
  if (briefing.stories.length === 0) {
    return message({
      text:
        subscription.lastBriefingAt === null
          ? `Nothing about ${subscription.topic} in the last 24 hours. Your next ${time} briefing will have what is new by then.`
          : `Nothing new about ${subscription.topic} since your last briefing.`,
    });
  }
  const late = floorMinute(now) - slot.at >= MINUTE_MS;
  const note = late
    ? `Your ${time} briefing on ${subscription.topic}, sent late: Herald was not running at ${time}.`
    : `Your ${time} briefing on ${subscription.topic}.`;
  return { type: 'briefing', briefing, note };
}

function backoff(attempt: number, retryAfterMs: number | undefined, policy: RetryPolicy): number {
  const exponential = policy.baseDelayMs * 2 ** (attempt - 1);
  const jittered = exponential * (0.75 + Math.random() * 0.5);
  return Math.min(policy.maxDelayMs, Math.max(retryAfterMs ?? 0, jittered));
}

function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function describe(subscription: Subscription): Record<string, string> {
  return {
    subscription: subscription.id,
    topic: subscription.topic,
    platform: subscription.platform,
    chat: subscription.chatId,
  };
}

function cronLogger(log: Logger) {
  return {
    info: (text: string) => log.debug({ source: 'node-cron' }, text),
    warn: (text: string) => log.warn({ source: 'node-cron' }, text),
    error: (text: string | Error, err?: Error) =>
      log.error({ source: 'node-cron', err: err ?? text }, 'cron error'),
    debug: (text: string | Error) => log.debug({ source: 'node-cron' }, String(text)),
  };
}
