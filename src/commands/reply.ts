/**
 * Reply values: what command handlers return and adapters render. Never formatted for
 * one platform: all text here is plain (no markup), and every renderer escapes it for
 * its target format.
 */
import type { Briefing } from '../../briefings/types.ts';

/** A titled group of lines, rendered as a heading with a list (or an embed field). */
export interface Section {
  heading?: string;
  lines: string[];
}

export type Reply =
  /** A news briefing or headline digest. `note` is an optional line shown above it (e.g. "Your 08:00 briefing"). */
  | { type: 'briefing'; briefing: Briefing; note?: string }
  /** An informational answer: help, topics, subscriptions, confirmations. */
  | { type: 'message'; title?: string; text?: string; sections?: Section[] }
  /**
   * An expected failure the user can act on: bad input, not allowed, nothing found.
   * Discord shows these ephemerally. `code` is stable for tests and logs.
   */
  | { type: 'error'; code: ErrorCode; message: string };

export type ErrorCode =
  'unknown-command' | 'bad-input' | 'not-allowed' | 'not-found' | 'limit-reached' | 'internal';

export const message = (fields: Omit<Extract<Reply, { type: 'message' }>, 'type'>): Reply => ({
  type: 'message',
  ...fields,
});

export const userError = (code: ErrorCode, text: string): Reply => ({
  type: 'error',
  code,
  message: text,
});
