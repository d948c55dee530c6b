/**
 * Even spacing of scheduled posts. discord.js holds requests to Discord's global limit
 * (50 requests/s) in fixed one-second windows: a fan-out then leaves in bursts of 50, and
 * a burst that takes longer than discord.js's 50 ms margin to arrive overlaps the next in
 * Discord's count, which answers 429. Posts spaced evenly a little under the limit never
 * crowd a rolling second, and keep over 90 % of the limit.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export class Spacer {
  readonly #intervalMs: number;
  #next = 0;

  /** @param perSecond Requests per second; `Infinity` for no spacing. */
  constructor(perSecond: number) {
    this.#intervalMs = Number.isFinite(perSecond) && perSecond > 0 ? 1000 / perSecond : 0;
  }

  /** Resolves at the caller's turn: one turn per interval, in call order. */
  async turn(): Promise<void> {
    if (this.#intervalMs === 0) return;
    const now = performance.now();
    const at = Math.max(now, this.#next);
    this.#next = at + this.#intervalMs;
    if (at > now) await sleep(at - now);
  }
}
