/**
 * Pacing of sends: a rate limiter per platform (p-queue with a sliding window, so no
 * rolling second ever holds more sends than the platform allows), a small window of
 * slots prepared ahead of the limiter, and cancellation for a graceful stop.
 */
import PQueue from 'p-queue';

/**
 * The rolling window is a little longer than a second: the platform counts sends on its
 * own clock, a moment after ours, and without a margin that jitter alone makes it see one
 * send too many in some second (a 429). 2% of throughput buys zero refusals.
 */
const WINDOW_MARGIN_MS = 20;

/** Thrown into work that was waiting when the scheduler stopped. */
export class Cancelled extends Error {
  override readonly name = 'Cancelled';
  constructor() {
    super('the scheduler is stopping');
  }
}

/**
 * At most `perSecond` sends start in any rolling second; `Infinity` means no limit.
 * Waiting sends can be cancelled; started ones always finish.
 */
export class RateLimiter {
  readonly #queue: PQueue;
  readonly #waiting = new Set<(error: Error) => void>();
  #cancelled = false;

  constructor(readonly perSecond: number) {
    const limited = Number.isFinite(perSecond);
    this.#queue = new PQueue({
      // Enough concurrency that slow sends never hold the rate below the limit.
      concurrency: limited ? Math.max(8, Math.ceil(perSecond * 2)) : 64,
      ...(limited
        ? {
            intervalCap: Math.max(1, Math.floor(perSecond)),
            interval: 1000 + WINDOW_MARGIN_MS,
            strict: true,
          }
        : {}),
    });
  }

  /** Runs `send` when the rate allows; rejects with `Cancelled` if cancelled before it starts. */
  run<T>(send: () => Promise<T>): Promise<T> {
    if (this.#cancelled) return Promise.reject(new Cancelled());
    return new Promise<T>((resolve, reject) => {
      this.#waiting.add(reject);
      void this.#queue.add(async () => {
        this.#waiting.delete(reject);
        try {
          resolve(await send());
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
  }

  /** How many sends are waiting for their turn. */
  get waiting(): number {
    return this.#queue.size;
  }

  /** Drops every waiting send (they reject with `Cancelled`), and any later one. */
  cancel(): void {
    this.#cancelled = true;
    this.#queue.clear();
    for (const reject of this.#waiting) reject(new Cancelled());
    this.#waiting.clear();
  }
}

/** A counting semaphore whose waiters can be cancelled. */
export class Window {
  #free: number;
  #cancelled = false;
  readonly #waiters: { resolve: () => void; reject: (error: Error) => void }[] = [];

  constructor(size: number) {
    this.#free = size;
  }

  /** Resolves with a release function (idempotent) once a place is free. */
  async acquire(): Promise<() => void> {
    if (this.#cancelled) throw new Cancelled();
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve, reject) => this.#waiters.push({ resolve, reject }));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiters.shift();
      if (next === undefined) this.#free++;
      else next.resolve();
    };
  }

  /** Rejects every waiter with `Cancelled`, and any later `acquire`. */
  cancel(): void {
    this.#cancelled = true;
    for (const waiter of this.#waiters.splice(0)) waiter.reject(new Cancelled());
  }
}

/** Waits `ms`, or rejects with `Cancelled` as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new Cancelled());
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Cancelled());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
