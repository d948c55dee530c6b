/**
 * The Telegram adapter: grammY long polling in, rendered HTML messages out.
 *
 * - Commands from private chats, groups, supergroups (forum topics too) and channels
 *   become `CommandRequest`s; `/cmd@OtherBot` is left to the other bot.
 * - The admin fact is decided here, and only for commands that need it: private chat →
 *   yes; channel post → yes (only admins post); group → creator/administrator per
 *   `getChatMember` (cached briefly), or an anonymous admin (`sender_chat` is the group).
 *   `/subscribe @channel …` from a private chat acts on the channel when both the user
 *   and the bot administer it.
 * - Sends are paced by `@grammyjs/transformer-throttler` (30/s overall, 20/min per group,
 *   1/s per chat by default) and 429 answers are retried after `retry_after` by
 *   `@grammyjs/auto-retry`; `deliver` turns what still fails into a `DeliveryError`.
 * - Updates are handled concurrently across chats and in order within a chat, so one
 *   throttled group cannot hold up everyone else's answers.
 */
import { autoRetry } from '@grammyjs/auto-retry';
import { apiThrottler } from '@grammyjs/transformer-throttler';
import { Bot, GrammyError, HttpError, type Context, type Transformer } from 'grammy';
import PQueue from 'p-queue';
import type {
  ChatAdapter,
  ChatRef,
  CommandRequest,
  Dispatcher,
  UserRef,
} from '../../src/adapter.ts';
import { DeliveryError } from '../../src/adapter.ts';
import type { Command } from '../../src/commands/command.ts';
import { commands as registry, editDistance } from '../../src/commands/index.ts';
import { userError, type Reply } from '../../src/commands/reply.ts';
import { parseCommandText } from '../../src/commands/text.ts';
import type { Logger } from '../../src/log.ts';
import { describeError, isChatRejection, toDeliveryError } from './errors.ts';
import {
  CALLBACK_ANSWER_LIMIT,
  CHAT_MESSAGES_PER_SECOND,
  COMMAND_DESCRIPTION_LIMIT,
  COMMAND_LIST_LIMIT,
  COMMAND_NAME_PATTERN,
  GROUP_MESSAGES_PER_MINUTE,
  MESSAGES_PER_SECOND,
} from './limits.ts';
import { PagingStore } from './paging-store.ts';
import {
  cutPlain,
  pageCount,
  parsePagingData,
  renderReply,
  type TelegramMessage,
} from './render.ts';

type Message = NonNullable<Context['msg']>;
type TelegramChat = Message['chat'];
type CallbackQuery = NonNullable<Context['callbackQuery']>;

/** Outgoing message rates (Telegram's defaults; tests raise them). */
export interface ThrottleLimits {
  /** Messages per second across all chats. */
  globalPerSecond: number;
  /** Messages per minute into one group or supergroup. */
  groupPerMinute: number;
  /** Messages per second into one chat. */
  chatPerSecond: number;
}

export interface TelegramAdapterOptions {
  /** The bot token from @BotFather (`TELEGRAM_BOT_TOKEN`). Never logged. */
  token: string;
  /** Bot API root (`TELEGRAM_API_ROOT`), without a trailing slash. */
  apiRoot?: string;
  log: Logger;
  /** The clock for "3 h ago" and cache expiry. */
  clock?: () => number;
  /** Outgoing pacing; `false` turns it off (tests that count calls). */
  throttle?: Partial<ThrottleLimits> | false;
  /** 429 handling: attempts, and the longest `retry_after` waited in place (longer ones fail the send). */
  retry?: { maxAttempts?: number; maxDelaySeconds?: number };
  /** How long a group admin check is trusted (default 60 s). */
  adminCacheMs?: number;
  /** "More" button state. */
  paging?: { ttlMs?: number; maxEntries?: number };
  /** The command registry (its audiences decide the admin checks; listed ones go to the menu). */
  commands?: readonly Command[];
  /** Long-poll timeout in seconds (default 30). */
  pollTimeoutSeconds?: number;
  /** Updates handled at once across chats (default 16). */
  concurrency?: number;
  /** Called when polling ends on an unrecoverable error (revoked token, a second instance). */
  onFatal?: (error: Error) => void;
}

/** The default pacing: Telegram's published limits. */
export const TELEGRAM_THROTTLE: ThrottleLimits = {
  globalPerSecond: MESSAGES_PER_SECOND,
  groupPerMinute: GROUP_MESSAGES_PER_MINUTE,
  chatPerSecond: CHAT_MESSAGES_PER_SECOND,
};

/** Methods that post into a chat and count toward Telegram's message limits. */
const SENDING_METHODS = new Set([
  'sendMessage',
  'editMessageText',
  'editMessageReplyMarkup',
  'copyMessage',
  'forwardMessage',
]);

const ALLOWED_UPDATES = ['message', 'channel_post', 'callback_query'] as const;

/** `@channelname` or a `-100…` id, as typed after `/subscribe` in a private chat. */
const CHANNEL_REF = /^(@[A-Za-z][A-Za-z0-9_]{3,31}|-100\d{5,15})$/;

/** Updates in hand (running or waiting) beyond which polling pauses. */
const MAX_WAITING_UPDATES = 1000;

const EXPIRED_ANSWER = 'This briefing has expired. Send /news or /headlines for a fresh one.';

/** Creates the Telegram adapter; `start` connects. */
export function createTelegramAdapter(options: TelegramAdapterOptions): TelegramAdapter {
  return new TelegramAdapter(options);
}

export class TelegramAdapter implements ChatAdapter {
  readonly platform = 'telegram';
  /** The grammY bot (for tests and diagnostics). */
  readonly bot: Bot;

  readonly #options: TelegramAdapterOptions;
  readonly #log: Logger;
  readonly #clock: () => number;
  readonly #commands: readonly Command[];
  readonly #paging: PagingStore;
  readonly #admins = new Map<string, { isAdmin: boolean; until: number }>();
  readonly #queue: PQueue;
  readonly #chains = new Map<string, Promise<void>>();
  readonly #inFlight = new Set<Promise<void>>();
  #dispatcher: Dispatcher | undefined;
  #polling: Promise<void> | undefined;
  #stopping: Promise<void> | undefined;

  constructor(options: TelegramAdapterOptions) {
    this.#options = options;
    this.#log = options.log.child({ platform: 'telegram' });
    this.#clock = options.clock ?? Date.now;
    this.#commands = options.commands ?? registry;
    this.#paging = new PagingStore({ ...options.paging, clock: this.#clock });
    this.#queue = new PQueue({ concurrency: Math.max(1, options.concurrency ?? 16) });
    this.bot = new Bot(options.token, {
      client: { apiRoot: (options.apiRoot ?? 'https://api.telegram.org').replace(/\/+$/, '') },
    });
    // The throttler goes in first, so it sits inside auto-retry: a retried call is
    // paced again, and a long retry_after wait does not hold a throttler slot.
    if (options.throttle !== false)
      this.bot.api.config.use(selectiveThrottler({ ...TELEGRAM_THROTTLE, ...options.throttle }));
    this.bot.api.config.use(
      autoRetry({
        maxRetryAttempts: options.retry?.maxAttempts ?? 3,
        maxDelaySeconds: options.retry?.maxDelaySeconds ?? 60,
        // 5xx and network failures surface at once: the scheduler retries deliveries
        // with its own backoff, and grammY's polling loop retries getUpdates.
        rethrowInternalServerErrors: true,
        rethrowHttpErrors: true,
      }),
    );
  }

  async start(dispatcher: Dispatcher): Promise<void> {
    if (this.#polling !== undefined) return;
    this.#dispatcher = dispatcher;
    this.bot.botInfo = await this.#getMe();
    this.bot.on('message', (ctx) => this.#enqueue(ctx.message, false));
    this.bot.on('channel_post', (ctx) => this.#enqueue(ctx.channelPost, true));
    this.bot.on('callback_query', (ctx) =>
      this.#schedule(`cb:${ctx.callbackQuery.from.id}`, () => this.#onCallback(ctx.callbackQuery)),
    );
    this.bot.catch((error) => {
      this.#log.error(
        { error: describeError(error.error, this.#options.token) },
        'update handling failed',
      );
    });
    await this.#registerCommands();

    await new Promise<void>((resolve, reject) => {
      let polling = false;
      const running = this.bot.start({
        allowed_updates: [...ALLOWED_UPDATES],
        timeout: this.#options.pollTimeoutSeconds ?? 30,
        onStart: () => {
          polling = true;
          resolve();
        },
      });
      this.#polling = running.then(
        () => undefined,
        (error: unknown) => {
          const reason = new Error(
            `Telegram polling stopped: ${describeError(error, this.#options.token)}`,
          );
          // Before polling began, start() itself reports it; after, only onFatal can.
          if (!polling) return reject(reason);
          this.#log.fatal({ error: reason.message }, 'telegram polling stopped');
          this.#options.onFatal?.(reason);
        },
      );
    });
    this.#log.info({ bot: this.bot.botInfo.username }, 'telegram bot polling');
  }

  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      if (this.bot.isRunning()) {
        try {
          await this.bot.stop();
        } catch (error) {
          this.#log.warn(
            { error: describeError(error, this.#options.token) },
            'telegram stop: offset not confirmed',
          );
        }
      }
      await this.#polling;
      await this.idle();
    })();
    return this.#stopping;
  }

  /** Resolves when every update received so far has been answered (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  async deliver(chatId: string, reply: Reply): Promise<void> {
    if (!/^(-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{3,31})$/.test(chatId)) {
      throw new DeliveryError(`'${chatId}' is not a Telegram chat id`, 'permanent');
    }
    const progress = { sent: 0 };
    try {
      await this.#send(chatId, reply, {}, progress);
    } catch (error) {
      const failure = toDeliveryError(error, chatId, this.#options.token);
      if (progress.sent > 0 && failure.failure !== 'moved') {
        // The chat has the top of the briefing; a retry would post it twice. Drop the
        // lower-ranked rest, as the Discord adapter does.
        this.#log.warn(
          { chat: chatId, sent: progress.sent, error: describeError(error, this.#options.token) },
          'scheduled briefing cut short after its first messages',
        );
        return;
      }
      if (
        error instanceof GrammyError &&
        error.error_code === 400 &&
        !isChatRejection(error) &&
        failure.failure === 'permanent'
      ) {
        this.#log.error(
          { chat: chatId, error: describeError(error, this.#options.token) },
          'Telegram refused a rendered message',
        );
      }
      throw failure;
    }
  }

  // ---- incoming -----------------------------------------------------------------------

  #enqueue(message: Message, channelPost: boolean): Promise<void> {
    return this.#schedule(`chat:${message.chat.id}`, () => this.#onMessage(message, channelPost));
  }

  /**
   * Runs a task after the previous one of the same key (chat), at most `concurrency`
   * at once overall. Returns as soon as it is queued, so polling goes on, unless too
   * many are waiting.
   */
  async #schedule(key: string, task: () => Promise<void>): Promise<void> {
    const previous = this.#chains.get(key) ?? Promise.resolve();
    const run: Promise<void> = previous
      .then(() => this.#queue.add(task))
      .catch((error: unknown) => {
        this.#log.error(
          { error: describeError(error, this.#options.token) },
          'update handling failed',
        );
      })
      .finally(() => {
        if (this.#chains.get(key) === run) this.#chains.delete(key);
        this.#inFlight.delete(run);
      });
    this.#chains.set(key, run);
    this.#inFlight.add(run);
    // Back-pressure: grammY fetches the next batch only when this returns.
    while (this.#inFlight.size > MAX_WAITING_UPDATES) await Promise.race(this.#inFlight);
  }

  async #onMessage(message: Message, channelPost: boolean): Promise<void> {
    const dispatcher = this.#dispatcher;
    if (dispatcher === undefined) return;
    const chat = chatRef(message.chat);
    if (message.migrate_to_chat_id !== undefined) {
      await dispatcher.moveChat(chat, String(message.migrate_to_chat_id));
      return;
    }
    const text = message.text;
    if (text === undefined || !text.startsWith('/')) return;
    const parsed = parseCommandText(text);
    if (parsed === null) return;
    if (
      parsed.botName !== null &&
      parsed.botName.toLowerCase() !== this.bot.botInfo.username.toLowerCase()
    )
      return;
    const command = this.#commands.find((candidate) => candidate.name === parsed.command);
    if (
      command === undefined &&
      chat.kind !== 'private' &&
      parsed.botName === null &&
      !this.#nearCommand(parsed.command)
    ) {
      // Most likely meant for another bot in the group: stay quiet.
      return;
    }

    const user = userRef(message);
    let request: CommandRequest = {
      command: parsed.command,
      args: parsed.args,
      chat,
      user,
      isAdmin: false,
    };
    const targetsChannel =
      chat.kind === 'private' &&
      (command?.audience === 'admins' || command?.name === 'subscriptions');
    const target = targetsChannel
      ? CHANNEL_REF.exec(parsed.args.split(/\s+/)[0] ?? '')?.[0]
      : undefined;

    let reply: Reply;
    if (target !== undefined && message.from !== undefined) {
      const resolved = await this.#channelTarget(target, message.from.id);
      if ('error' in resolved) {
        reply = resolved.error;
      } else {
        request = {
          ...request,
          chat: resolved.chat,
          args: parsed.args.slice(target.length).trim(),
          isAdmin: true,
        };
        reply = await dispatcher.handle(request);
      }
    } else {
      const isAdmin =
        command?.audience === 'admins'
          ? await this.#isAdmin(message, channelPost)
          : this.#knownAdmin(message, channelPost);
      reply = await dispatcher.handle({ ...request, isAdmin });
    }

    const extra: SendExtra = {};
    if (message.is_topic_message === true && message.message_thread_id !== undefined) {
      extra.message_thread_id = message.message_thread_id;
    }
    if (chat.kind === 'group')
      extra.reply_parameters = {
        message_id: message.message_id,
        allow_sending_without_reply: true,
      };
    try {
      await this.#send(String(message.chat.id), reply, extra);
    } catch (error) {
      this.#log.warn(
        { chat: chat.id, error: describeError(error, this.#options.token) },
        'could not answer a command',
      );
    }
  }

  /** A typo of one of our commands (worth a "did you mean"), rather than another bot's. */
  #nearCommand(name: string): boolean {
    return this.#commands.some(
      (command) => command.listed && editDistance(name, command.name) <= 2,
    );
  }

  /** The admin fact without calling Telegram: what the message itself proves, or a cached answer. */
  #knownAdmin(message: Message, channelPost: boolean): boolean {
    if (channelPost || message.chat.type === 'private' || message.chat.type === 'channel')
      return true;
    if (message.sender_chat?.id === message.chat.id) return true;
    if (message.from === undefined) return false;
    const cached = this.#admins.get(`${message.chat.id}:${message.from.id}`);
    return cached !== undefined && cached.until > this.#clock() && cached.isAdmin;
  }

  async #isAdmin(message: Message, channelPost: boolean): Promise<boolean> {
    // Channel posts come from its admins; anonymous group admins post as the group itself.
    if (channelPost || message.chat.type === 'private' || message.chat.type === 'channel')
      return true;
    if (message.sender_chat !== undefined) return message.sender_chat.id === message.chat.id;
    if (message.from === undefined) return false;
    const key = `${message.chat.id}:${message.from.id}`;
    const now = this.#clock();
    const cached = this.#admins.get(key);
    if (cached !== undefined && cached.until > now) return cached.isAdmin;
    try {
      const member = await this.bot.api.getChatMember(message.chat.id, message.from.id);
      const isAdmin = member.status === 'creator' || member.status === 'administrator';
      this.#admins.delete(key);
      this.#admins.set(key, { isAdmin, until: now + (this.#options.adminCacheMs ?? 60_000) });
      if (this.#admins.size > 10_000) {
        const oldest = this.#admins.keys().next().value;
        if (oldest !== undefined) this.#admins.delete(oldest);
      }
      return isAdmin;
    } catch (error) {
      this.#log.warn(
        { chat: String(message.chat.id), error: describeError(error, this.#options.token) },
        'admin check failed',
      );
      return false;
    }
  }

  /** `/subscribe @channel …` from a private chat: the channel, when both the user and the bot administer it. */
  async #channelTarget(ref: string, userId: number): Promise<{ chat: ChatRef } | { error: Reply }> {
    let info;
    try {
      info = await this.bot.api.getChat(ref);
    } catch (error) {
      this.#log.info(
        { ref, error: describeError(error, this.#options.token) },
        'channel lookup failed',
      );
      return {
        error: userError(
          'not-found',
          `I can't find ${ref}. Check the name, and add me to it as an administrator.`,
        ),
      };
    }
    if (info.type === 'private') {
      return { error: userError('bad-input', `${ref} is a person, not a channel or group.`) };
    }
    const name = info.username === undefined ? (info.title ?? ref) : `@${info.username}`;
    let admins;
    try {
      admins = await this.bot.api.getChatAdministrators(info.id);
    } catch (error) {
      this.#log.info(
        { ref, error: describeError(error, this.#options.token) },
        'channel admin list failed',
      );
      return {
        error: userError(
          'not-allowed',
          `Add me to ${name} as an administrator first, so I can post there.`,
        ),
      };
    }
    if (!admins.some((admin) => admin.user.id === this.bot.botInfo.id)) {
      return {
        error: userError(
          'not-allowed',
          `Add me to ${name} as an administrator first, so I can post there.`,
        ),
      };
    }
    if (!admins.some((admin) => admin.user.id === userId)) {
      return {
        error: userError('not-allowed', `Only admins of ${name} can change its subscriptions.`),
      };
    }
    return {
      chat: {
        platform: 'telegram',
        id: String(info.id),
        kind: info.type === 'channel' ? 'channel' : 'group',
        title: name,
      },
    };
  }

  async #onCallback(query: CallbackQuery): Promise<void> {
    const paging = query.data === undefined ? null : parsePagingData(query.data);
    if (paging === null) {
      await this.#answer(query.id);
      return;
    }
    const reply = this.#paging.get(paging.token);
    const message = query.message;
    const accessible = message !== undefined && message.date !== 0 ? message : undefined;
    if (reply === undefined || paging.page >= pageCount(reply.briefing)) {
      await this.#answer(query.id, EXPIRED_ANSWER);
      if (accessible !== undefined) {
        // Take the dead button away so nobody presses it again.
        await this.bot.api
          .editMessageReplyMarkup(accessible.chat.id, accessible.message_id, {
            reply_markup: { inline_keyboard: [] },
          })
          .catch(() => undefined);
      }
      return;
    }
    await this.#answer(query.id);
    if (message === undefined) return;
    const messages = renderReply(reply, { now: this.#clock(), paging });
    const [first, ...rest] = messages;
    if (first === undefined) return;
    const chatId = message.chat.id;
    try {
      if (accessible !== undefined) {
        const { text, ...other } = first;
        await this.bot.api.editMessageText(chatId, accessible.message_id, text, other);
      } else {
        await this.#sendMessages(String(chatId), [first], {});
      }
      await this.#sendMessages(String(chatId), rest, {});
    } catch (error) {
      if (error instanceof GrammyError && /message is not modified/.test(error.description)) return;
      this.#log.warn(
        { chat: String(chatId), error: describeError(error, this.#options.token) },
        'could not show the next page',
      );
    }
  }

  async #answer(id: string, text?: string): Promise<void> {
    try {
      await this.bot.api.answerCallbackQuery(
        id,
        text === undefined ? {} : { text: cutPlain(text, CALLBACK_ANSWER_LIMIT) },
      );
    } catch (error) {
      this.#log.debug(
        { error: describeError(error, this.#options.token) },
        'callback answer failed',
      );
    }
  }

  // ---- outgoing -----------------------------------------------------------------------

  async #send(
    chatId: string,
    reply: Reply,
    extra: SendExtra,
    progress: { sent: number } = { sent: 0 },
  ): Promise<void> {
    const paging =
      reply.type === 'briefing' && pageCount(reply.briefing) > 1
        ? { token: this.#paging.put(reply), page: 0 }
        : undefined;
    const messages = renderReply(reply, {
      now: this.#clock(),
      ...(paging === undefined ? {} : { paging }),
    });
    await this.#sendMessages(chatId, messages, extra, progress);
  }

  /** Sends messages in order; only the first replies to the command. */
  async #sendMessages(
    chatId: string,
    messages: readonly TelegramMessage[],
    extra: SendExtra,
    progress: { sent: number } = { sent: 0 },
  ): Promise<void> {
    for (const { text, ...other } of messages) {
      const first = progress.sent === 0;
      const options = first ? { ...other, ...extra } : { ...other, ...threadOnly(extra) };
      await this.bot.api.sendMessage(chatId, text, options);
      progress.sent++;
    }
  }

  async #getMe(): Promise<Bot['botInfo']> {
    // Bounded retries: a bot that cannot reach Telegram at start says so instead of
    // waiting forever (grammY's own init retries without end).
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.bot.api.getMe();
      } catch (error) {
        if (
          error instanceof GrammyError &&
          (error.error_code === 401 || error.error_code === 404)
        ) {
          throw new Error(
            'Telegram rejected the bot token (401 Unauthorized). Check TELEGRAM_BOT_TOKEN (from @BotFather).',
          );
        }
        if (!(error instanceof HttpError) || attempt >= 3) {
          throw new Error(
            `Cannot reach the Telegram Bot API at ${this.#options.apiRoot ?? 'https://api.telegram.org'}: ${describeError(error, this.#options.token)}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
      }
    }
  }

  /** Puts the listed commands in Telegram's command menu. A failure is logged, not fatal. */
  async #registerCommands(): Promise<void> {
    const list = this.#commands
      .filter((command) => command.listed && COMMAND_NAME_PATTERN.test(command.name))
      .slice(0, COMMAND_LIST_LIMIT)
      .map((command) => ({
        command: command.name,
        description: cutPlain(
          `${command.usage === '' ? '' : `${command.usage} — `}${command.description}`,
          COMMAND_DESCRIPTION_LIMIT,
        ),
      }));
    try {
      await this.bot.api.setMyCommands(list);
    } catch (error) {
      this.#log.warn(
        { error: describeError(error, this.#options.token) },
        'could not register the command menu',
      );
    }
  }
}

interface SendExtra {
  message_thread_id?: number;
  reply_parameters?: { message_id: number; allow_sending_without_reply: boolean };
}

function threadOnly(extra: SendExtra): SendExtra {
  return extra.message_thread_id === undefined
    ? {}
    : { message_thread_id: extra.message_thread_id };
}

function chatRef(chat: TelegramChat): ChatRef {
  const id = String(chat.id);
  switch (chat.type) {
    case 'private':
      return {
        platform: 'telegram',
        id,
        kind: 'private',
        title: chat.username === undefined ? chat.first_name : `@${chat.username}`,
      };
    case 'channel':
      return {
        platform: 'telegram',
        id,
        kind: 'channel',
        title: chat.username === undefined ? chat.title : `@${chat.username}`,
      };
    default:
      return { platform: 'telegram', id, kind: 'group', title: chat.title };
  }
}

function userRef(message: Message): UserRef {
  if (message.from !== undefined && message.sender_chat === undefined) {
    const { from } = message;
    return {
      id: String(from.id),
      name: from.username === undefined ? from.first_name : `@${from.username}`,
    };
  }
  const sender = message.sender_chat ?? message.chat;
  const name = 'title' in sender && sender.title !== undefined ? sender.title : String(sender.id);
  return { id: String(sender.id), name };
}

/** The throttler, applied only to methods that post into chats (admin lookups are not messages). */
function selectiveThrottler(limits: ThrottleLimits): Transformer {
  for (const [name, value] of Object.entries(limits)) {
    if (!(typeof value === 'number' && value > 0)) {
      throw new Error(`Telegram throttle ${name} must be a number above 0 (got ${String(value)})`);
    }
  }
  const perChatMs = Math.ceil(1000 / limits.chatPerSecond);
  const throttle = apiThrottler({
    // Evenly spaced as well as capped per second, so a fixed window never bunches a
    // second's worth of messages against the next second's.
    global: {
      reservoir: limits.globalPerSecond,
      reservoirRefreshAmount: limits.globalPerSecond,
      reservoirRefreshInterval: 1000,
      minTime: 1000 / limits.globalPerSecond,
    },
    group: {
      maxConcurrent: 1,
      minTime: perChatMs,
      reservoir: limits.groupPerMinute,
      reservoirRefreshAmount: limits.groupPerMinute,
      reservoirRefreshInterval: 60_000,
    },
    out: { maxConcurrent: 1, minTime: perChatMs },
  });
  return (prev, method, payload, signal) =>
    SENDING_METHODS.has(method)
      ? throttle(prev, method, payload, signal)
      : prev(method, payload, signal);
}
