/**
 * How subscriptions read in replies: shared by /subscribe, /unsubscribe and /subscriptions.
 */
import { describeSchedule } from '../schedule/schedule.ts';
import type { Subscription } from '../store/index.ts';
import { userError, type Reply } from './reply.ts';

/** `japan news every day at 08:00 Asia/Tokyo` */
export function describeSubscription(subscription: Subscription): string {
  return `${subscription.topic} ${subscription.kind} ${describeSchedule(subscription.schedule)}`;
}

/** `japan news` */
export function subscriptionName(subscription: Subscription): string {
  return `${subscription.topic} ${subscription.kind}`;
}

/** The command that resumes a paused subscription: `/subscribe japan` (`… headlines` for digests). */
export function resumeCommand(subscription: Subscription): string {
  return `/subscribe ${subscription.topic}${subscription.kind === 'headlines' ? ' headlines' : ''}`;
}

/** `a`, `a and b`, `a, b and c` */
export function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1) ?? ''}`;
}

/** The reply when this process has no store (the one-shot CLI, or a test without one). */
export function storeUnavailable(): Reply {
  return userError('internal', 'Subscriptions are not available here: no store is open.');
}
