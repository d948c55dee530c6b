/**
 * Subscriptions, kept per chat: one record per chat holding its (at most 25)
 * subscriptions, so a change to a chat is one write, plus an index record listing the
 * chats, because keyv cannot list keys on every backend.
 *
 * Writes happen in the order that keeps the index safe: a new chat's record is written
 * before the index names it, and a chat leaves the index before its record is deleted.
 * An index entry without a record is skipped when read. Changes run one at a time per
 * chat within the process; subscriptions are changed by the one bot process that owns
 * the platform connections, so that is enough (the scheduler's slot claims, which several
 * processes may race for, are atomic in the store itself: see `slots.ts`).
 */
import type Keyv from 'keyv';
import { z } from 'zod';
import type { Platform } from '../adapter.ts';
import type { BriefingKind } from '../../briefings/types.ts';
import type { Logger } from '../log.ts';
import type { Schedule } from '../schedule/schedule.ts';
import { KeyedLock } from './lock.ts';

/** Most subscriptions one chat may hold. */
export const MAX_SUBSCRIPTIONS_PER_CHAT = 25;

/** A chat's daily briefing on a topic. Plain data, stored as JSON. */
export interface Subscription {
  /** Short, random, unique: `k3x9a2pq`. Names the subscription in /unsubscribe and in slot keys. */
  readonly id: string;
  readonly platform: Platform;
  readonly chatId: string;
  readonly chatKind: 'private' | 'group' | 'channel';
  readonly chatTitle: string | null;
  /** Normalized, lowercased topic text. */
  readonly topic: string;
  readonly kind: BriefingKind;
  readonly schedule: Schedule;
  /** Stories matching any of these words are left out. */
  readonly mute: readonly string[];
  readonly createdAt: number;
  /** Platform user id of whoever subscribed. */
  readonly createdBy: string;
  /**
   * Slots at or before this instant are never delivered: set when the subscription is
   * created, its schedule changes, or it resumes, so none of those sends a late briefing
   * for a time that had already passed.
   */
  readonly scheduleFrom: number;
  readonly lastDelivery: {
    readonly at: number;
    readonly date: string;
    readonly stories: number;
  } | null;
  /** When the last delivered briefing was composed: the next one has news since then. */
  readonly lastBriefingAt: number | null;
  /** Consecutive permanent delivery failures; 3 pause the subscription. */
  readonly failures: number;
  readonly paused: { readonly at: number; readonly reason: string } | null;
}

const subscriptionSchema = z.object({
  id: z.string().min(1),
  platform: z.enum(['console', 'telegram', 'discord']),
  chatId: z.string().min(1),
  chatKind: z.enum(['private', 'group', 'channel']),
  chatTitle: z.string().nullable(),
  topic: z.string().min(1),
  kind: z.enum(['news', 'headlines']),
  schedule: z.object({
    minuteOfDay: z.number().int().min(0).max(1439),
    timeZone: z.string().min(1),
    days: z.array(z.number().int().min(0).max(6)).min(1),
  }),
  mute: z.array(z.string()),
  createdAt: z.number(),
  createdBy: z.string(),
  scheduleFrom: z.number(),
  lastDelivery: z.object({ at: z.number(), date: z.string(), stories: z.number() }).nullable(),
  lastBriefingAt: z.number().nullable(),
  failures: z.number().int().min(0),
  paused: z.object({ at: z.number(), reason: z.string() }).nullable(),
});

const chatRecordSchema = z.object({ subscriptions: z.array(z.unknown()) });

const INDEX_KEY = 'index';

/** The key of a chat's record. */
export function chatKey(platform: Platform, chatId: string): string {
  return `chat:${platform}:${chatId}`;
}

/** The outcome of an edit: the chat's new list, and whatever the caller wants back. */
export interface ChatEdit<T> {
  next: readonly Subscription[];
  result: T;
}

export class SubscriptionStore {
  readonly #keyv: Keyv;
  readonly #log: Logger;
  readonly #lock = new KeyedLock();
  /** The chat keys as of the last index read or write. */
  #listed: Set<string> | undefined;
  readonly #indexEdits: {
    edit: (keys: string[]) => string[];
    resolve: () => void;
    reject: (error: Error) => void;
  }[] = [];

  constructor(keyv: Keyv, log: Logger) {
    this.#keyv = keyv;
    this.#log = log;
  }

  /** This chat's subscriptions, oldest first. */
  async forChat(platform: Platform, chatId: string): Promise<Subscription[]> {
    return this.#read(chatKey(platform, chatId));
  }

  /** Every subscription of every chat. */
  async all(): Promise<Subscription[]> {
    // Under the index lock so that this read never leaves a stale view of the index behind.
    const keys = await this.#lock.run(INDEX_KEY, () => this.#index());
    if (keys.length === 0) return [];
    const records: unknown[] = await this.#keyv.getMany<unknown>(keys);
    return records.flatMap((record, i) => this.#parse(record, keys[i] ?? '?'));
  }

  /**
   * Reads, edits and writes one chat's subscriptions as one step (edits of a chat never
   * interleave). The write is awaited: when this resolves, the change is stored.
   */
  change<T>(
    platform: Platform,
    chatId: string,
    edit: (current: Subscription[]) => ChatEdit<T>,
  ): Promise<T> {
    const key = chatKey(platform, chatId);
    return this.#lock.run(key, async () => {
      const current = await this.#read(key);
      const { next, result } = edit(current);
      if (next !== current) await this.#write(key, next);
      return result;
    });
  }

  /** Edits one subscription by id; resolves with the stored result, or undefined when it is gone. */
  async update(
    where: Pick<Subscription, 'platform' | 'chatId' | 'id'>,
    edit: (subscription: Subscription) => Subscription,
  ): Promise<Subscription | undefined> {
    return this.change(where.platform, where.chatId, (current) => {
      const index = current.findIndex((subscription) => subscription.id === where.id);
      const found = current[index];
      if (found === undefined) return { next: current, result: undefined };
      const edited = edit(found);
      const next = [...current];
      next[index] = edited;
      return { next, result: edited };
    });
  }

  /**
   * A chat moved to a new id (a Telegram group became a supergroup): its subscriptions
   * follow. Subscriptions the new chat already has (same topic and kind) win.
   * Resolves with how many moved.
   */
  async moveChat(platform: Platform, fromId: string, toId: string): Promise<number> {
    if (fromId === toId) return 0;
    const from = chatKey(platform, fromId);
    const to = chatKey(platform, toId);
    const [first, second] = [from, to].sort() as [string, string];
    return this.#lock.run(first, () =>
      this.#lock.run(second, async () => {
        const moving = await this.#read(from);
        if (moving.length === 0) return 0;
        const existing = await this.#read(to);
        const taken = new Set(existing.map((s) => `${s.topic}\u0000${s.kind}`));
        const moved = moving
          .filter((s) => !taken.has(`${s.topic}\u0000${s.kind}`))
          .map((s) => ({ ...s, chatId: toId }));
        const merged = [...existing, ...moved].slice(0, MAX_SUBSCRIPTIONS_PER_CHAT);
        await this.#write(to, merged);
        await this.#write(from, []);
        this.#log.info(
          { platform, from: fromId, to: toId, moved: moved.length },
          'subscriptions followed a moved chat',
        );
        return moved.length;
      }),
    );
  }

  async #read(key: string): Promise<Subscription[]> {
    const record: unknown = await this.#keyv.get<unknown>(key);
    return this.#parse(record, key);
  }

  #parse(record: unknown, key: string): Subscription[] {
    if (record === undefined || record === null) return [];
    const parsed = chatRecordSchema.safeParse(record);
    if (!parsed.success) {
      this.#log.warn({ key }, 'unreadable subscription record skipped');
      return [];
    }
    return parsed.data.subscriptions.flatMap((entry) => {
      const subscription = subscriptionSchema.safeParse(entry);
      if (subscription.success) return [subscription.data];
      this.#log.warn(
        { key, problem: subscription.error.issues[0]?.message },
        'unreadable subscription skipped',
      );
      return [];
    });
  }

  async #write(key: string, next: readonly Subscription[]): Promise<void> {
    if (next.length > 0) {
      await this.#keyv.set(key, { subscriptions: next });
      // Checked against the last index read rather than a flag, so a record whose index
      // entry was lost (a crash between the two writes) is listed again on its next change.
      if (this.#listed?.has(key) !== true) {
        await this.#editIndex((keys) => (keys.includes(key) ? keys : [...keys, key]));
      }
    } else {
      await this.#editIndex((keys) => keys.filter((k) => k !== key));
      await this.#keyv.delete(key);
    }
  }

  async #index(): Promise<string[]> {
    const stored: unknown = await this.#keyv.get<unknown>(INDEX_KEY);
    const keys = Array.isArray(stored)
      ? stored.filter((k): k is string => typeof k === 'string')
      : [];
    this.#listed = new Set(keys);
    return keys;
  }

  /**
   * Queues an edit of the index. Edits that arrive while one is being written are applied
   * together in the next write, so a burst of new chats costs a few writes, not one each.
   */
  #editIndex(edit: (keys: string[]) => string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#indexEdits.push({ edit, resolve, reject });
      if (this.#indexEdits.length === 1) void this.#lock.run(INDEX_KEY, () => this.#flushIndex());
    });
  }

  async #flushIndex(): Promise<void> {
    const batch = this.#indexEdits.splice(0);
    try {
      const keys = await this.#index();
      let next = keys;
      for (const { edit } of batch) next = edit(next);
      if (next !== keys) {
        await this.#keyv.set(INDEX_KEY, next);
        this.#listed = new Set(next);
      }
      for (const { resolve } of batch) resolve();
    } catch (error) {
      for (const { reject } of batch)
        reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
}
