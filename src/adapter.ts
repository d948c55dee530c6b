/**
 * The adapter interface every chat platform implements (console, Telegram, Discord),
 * and the values that cross it. Adapters translate platform events into
 * `CommandRequest`s, render `Reply` values, and deliver scheduled replies to chat ids.
 */
import type { Reply } from './commands/reply.ts';

export type Platform = 'console' | 'telegram' | 'discord';

/** The chat a command came from, or a scheduled briefing goes to. */
export interface ChatRef {
  platform: Platform;
  /** The platform's chat/channel id, as a string (Telegram ids exceed 2^31, Discord ids 2^53). */
  id: string;
  /** `private`: a DM or the console; `group`: a group, supergroup, guild channel or thread; `channel`: a broadcast channel. */
  kind: 'private' | 'group' | 'channel';
  /** A human-readable name for listings and logs (`#general`, `@herald_news`). */
  title?: string;
}

/** Who is asking. */
export interface UserRef {
  /** The platform's user id, as a string. */
  id: string;
  name?: string;
}

/** A command as the adapters hand it to the command layer. */
export interface CommandRequest {
  /** The command name without slash or `@BotName` suffix, lowercased: `news`. */
  command: string;
  /** The raw argument text after the command (`japan 08:00 Asia/Tokyo`). */
  args: string;
  /**
   * Structured options, when the platform has them (Discord slash command options).
   * When present they take precedence over parsing `args`.
   */
  options?: Readonly<Record<string, string>>;
  chat: ChatRef;
  user: UserRef;
  /**
   * Whether the user may administer this chat, as the platform decided it
   * (Discord Manage Channels; Telegram creator/administrator; private chats: true).
   * `BOT_OWNERS` are admins everywhere; the command layer adds that itself.
   */
  isAdmin: boolean;
}

/** A value for a Discord autocomplete or a similar suggestion list. */
export interface Suggestion {
  name: string;
  value: string;
}

/** What adapters ask for suggestions: the command, the option being typed, and its text so far. */
export interface SuggestRequest {
  command: string;
  option: string;
  partial: string;
  chat: ChatRef;
}

/** What an adapter calls into: the platform-neutral bot. */
export interface Dispatcher {
  /** Runs a command; never throws (unexpected errors become an error reply with a reference). */
  handle(request: CommandRequest): Promise<Reply>;
  /** Up to 25 suggestions for an option being typed; never throws. */
  suggest(request: SuggestRequest): Promise<Suggestion[]>;
  /**
   * The platform moved a chat to a new id (a Telegram group upgraded to a supergroup):
   * subscriptions follow it. Never throws.
   */
  moveChat(chat: ChatRef, newId: string): Promise<void>;
}

/**
 * Why a delivery failed, in the terms the scheduler acts on.
 * - `permanent`: the chat rejects the bot (blocked, removed, no permission, chat gone);
 *   three in a row pause the subscription.
 * - `transient`: network trouble, 5xx, rate limits that outlasted the adapter's own retries;
 *   retried with backoff.
 * - `moved`: the chat now lives under another id (a Telegram group that became a
 *   supergroup); `movedTo` holds the new id.
 */
export type DeliveryFailure = 'permanent' | 'transient' | 'moved';

export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';

  constructor(
    message: string,
    readonly failure: DeliveryFailure,
    readonly options: { movedTo?: string; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }
}

/**
 * A chat platform. Small on purpose: events in through `start(dispatcher)`,
 * deliveries out through `deliver`.
 */
export interface ChatAdapter {
  readonly platform: Platform;
  /** Connects and starts handing commands to the dispatcher. Resolves once ready. */
  start(dispatcher: Dispatcher): Promise<void>;
  /** Disconnects gracefully; idempotent. */
  stop(): Promise<void>;
  /**
   * Sends a reply to a chat without a command (scheduled briefings).
   * Throws `DeliveryError` on failure, after the adapter's own retries for rate limits.
   */
  deliver(chatId: string, reply: Reply): Promise<void>;
}
