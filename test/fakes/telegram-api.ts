/**
 * A loopback fake of the Telegram Bot API (node:http on 127.0.0.1, a random port), so the
 * real grammY client runs over real HTTP in tests and benchmarks.
 *
 * It implements what Herald uses (getMe, deleteWebhook, getUpdates long polling,
 * setMyCommands, sendMessage, editMessageText, editMessageReplyMarkup, answerCallbackQuery,
 * getChat, getChatMember, getChatAdministrators), checks payloads the way Telegram does
 * where a renderer could get it wrong (HTML entities, 4,096 visible characters), records
 * every call, lets tests push updates of every kind, and injects failures: 429 with
 * `retry_after`, 403 blocked/kicked, 400 chat not found, 400 with `migrate_to_chat_id`,
 * 409 conflict, 5xx, and a dropped connection. An optional token bucket enforces a send rate limit.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Telegram's limit on a message's text after entity parsing. */
export const FAKE_MESSAGE_LIMIT = 4096;

export type ChatType = 'private' | 'group' | 'supergroup' | 'channel';
export type MemberStatus =
  'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked';

export interface FakeChat {
  id: number;
  type: ChatType;
  title?: string;
  username?: string;
  first_name?: string;
  is_forum?: boolean;
}

export interface FakeUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  username?: string;
}

/** A failure the fake answers with instead of doing the call. */
export type Failure =
  /** 429 Too Many Requests with `parameters.retry_after` (seconds). */
  | { kind: 'rate-limited'; retryAfter: number }
  /** 403 Forbidden: bot was blocked by the user. */
  | { kind: 'blocked' }
  /** 403 Forbidden: bot was kicked from the group chat. */
  | { kind: 'kicked' }
  /** 400 Bad Request: chat not found. */
  | { kind: 'chat-not-found' }
  /** A 5xx answer (500 by default). */
  | { kind: 'server-error'; status?: number }
  /** The TCP connection is destroyed without an answer. */
  | { kind: 'drop' }
  /** 400 Bad Request: group chat was upgraded to a supergroup chat, with `parameters.migrate_to_chat_id`. */
  | { kind: 'migrated'; to: number }
  /** 409 Conflict: another instance is polling with the same token. */
  | { kind: 'conflict' };

export interface FailureRule {
  /** Only calls of this method (any method when absent). */
  method?: string;
  /** Only calls whose `chat_id` is this (any chat when absent). */
  chatId?: number | string;
  /** How many matching calls fail (default 1; `Infinity` for every one). */
  times?: number;
  /** How many matching calls succeed before the failures start (default 0). */
  after?: number;
  failure: Failure;
}

/** One recorded API call. */
export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
  /** `performance.now()` when the request arrived. */
  at: number;
  /** HTTP status answered (0 for a dropped connection). */
  status: number;
  /** The Bot API `description` of an error answer. */
  error?: string;
}

/** A message the bot sent, in its current (possibly edited) state. */
export interface SentMessage {
  message_id: number;
  chat_id: number;
  text: string;
  parse_mode?: string;
  reply_markup?: InlineKeyboard;
  link_preview_options?: { is_disabled?: boolean };
  message_thread_id?: number;
  reply_to_message_id?: number;
  edits: number;
}

export interface InlineKeyboard {
  inline_keyboard: { text: string; callback_data?: string; url?: string }[][];
}

export interface FakeTelegramOptions {
  token?: string;
  /** The bot's own account; username `HeraldBot` by default. */
  botUsername?: string;
  /**
   * A token bucket on sendMessage and editMessageText across all chats, the way Telegram
   * limits broadcasts: `perSecond` refill, `burst` capacity (default `perSecond`).
   * Calls over it get 429 with `retry_after`.
   */
  rateLimit?: { perSecond: number; burst?: number };
}

interface BotApiAnswer {
  status: number;
  body: Record<string, unknown>;
}

class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
    readonly parameters?: Record<string, unknown>,
  ) {
    super(description);
  }
}

const badRequest = (description: string) => new ApiFailure(400, `Bad Request: ${description}`);

let nextUpdateId = 1;

/** The fake Bot API server. Start with `FakeTelegramApi.start()`, end with `close()`. */
export class FakeTelegramApi {
  readonly token: string;
  readonly bot: FakeUser;
  /** Every API call in arrival order. */
  readonly calls: ApiCall[] = [];
  /** How many calls the rate limit answered with 429. */
  rateLimited = 0;

  readonly #server: Server;
  readonly #chats = new Map<number, FakeChat>();
  readonly #members = new Map<number, Map<number, MemberStatus>>();
  readonly #users = new Map<number, FakeUser>();
  readonly #messages = new Map<number, SentMessage[]>();
  readonly #nextMessageId = new Map<number, number>();
  readonly #failures: (FailureRule & { left: number; pass: number })[] = [];
  readonly #migrated = new Map<number, number>();
  readonly #pending: Record<string, unknown>[] = [];
  #allowedUpdates: string[] | undefined;
  #confirmedUpTo = 0;
  #poller: { wake: () => void; cancel: () => void } | undefined;
  readonly #waiters = new Set<() => void>();
  readonly #rate: { perSecond: number; burst: number; tokens: number; at: number } | undefined;
  #closed = false;
  #baseUrl = '';

  private constructor(options: FakeTelegramOptions) {
    this.token = options.token ?? '123456:TEST-token_abcdefghijklmnopqrstuvwxyz';
    this.bot = {
      id: Number(this.token.split(':')[0]),
      is_bot: true,
      first_name: 'Herald',
      username: options.botUsername ?? 'HeraldBot',
    };
    this.#rate =
      options.rateLimit === undefined
        ? undefined
        : {
            perSecond: options.rateLimit.perSecond,
            burst: options.rateLimit.burst ?? options.rateLimit.perSecond,
            tokens: options.rateLimit.burst ?? options.rateLimit.perSecond,
            at: performance.now(),
          };
    this.#server = createServer((request, response) => {
      void this.#serve(request, response);
    });
    this.#server.keepAliveTimeout = 60_000;
  }

  /** Starts a fake on 127.0.0.1 and a random port. */
  static async start(options: FakeTelegramOptions = {}): Promise<FakeTelegramApi> {
    const fake = new FakeTelegramApi(options);
    fake.#server.listen(0, '127.0.0.1');
    await once(fake.#server, 'listening');
    const { port } = fake.#server.address() as AddressInfo;
    fake.#baseUrl = `http://127.0.0.1:${port}`;
    return fake;
  }

  /** The value for grammY's `client.apiRoot` (and `TELEGRAM_API_ROOT`). */
  get apiRoot(): string {
    return this.#baseUrl;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#poller?.cancel();
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeAllConnections();
    await closed;
  }

  // ---- the world: chats, users, members -------------------------------------------------

  /** Makes a chat known (sends to unknown chats fail with "chat not found"). */
  addChat(chat: FakeChat): FakeChat {
    this.#chats.set(chat.id, chat);
    if (!this.#members.has(chat.id)) this.#members.set(chat.id, new Map());
    return chat;
  }

  /** Sets a user's membership status in a chat (the bot's own too: use `bot.id`). */
  setMember(chatId: number, user: FakeUser, status: MemberStatus): void {
    this.#users.set(user.id, user);
    const members = this.#members.get(chatId) ?? new Map<number, MemberStatus>();
    members.set(user.id, status);
    this.#members.set(chatId, members);
  }

  /** A group chat upgraded to a supergroup: sends to the old id now fail with `migrate_to_chat_id`. */
  migrateChat(fromId: number, to: FakeChat): void {
    this.addChat(to);
    const members = this.#members.get(fromId);
    if (members !== undefined) this.#members.set(to.id, new Map(members));
    this.#migrated.set(fromId, to.id);
  }

  /** Adds a failure rule; rules are matched in the order added. */
  fail(rule: FailureRule): void {
    this.#failures.push({ ...rule, left: rule.times ?? 1, pass: rule.after ?? 0 });
  }

  /** Removes every failure rule not yet used up. */
  clearFailures(): void {
    this.#failures.length = 0;
  }

  // ---- updates --------------------------------------------------------------------------

  /** Queues an update of any kind for getUpdates; returns its update_id. */
  pushUpdate(update: Record<string, unknown>): number {
    const id = nextUpdateId++;
    this.#pending.push({ update_id: id, ...update });
    this.#poller?.wake();
    return id;
  }

  /**
   * A text message from `from` in `chat` (a `channel_post` for channels), with a
   * `bot_command` entity when it starts with `/`. Registers chat and user.
   */
  sendText(options: {
    chat: FakeChat;
    from?: FakeUser;
    text: string;
    /** Sent on behalf of a chat: the group itself for anonymous admins, or a channel. */
    senderChat?: FakeChat;
    threadId?: number;
  }): number {
    const { chat, from, text } = options;
    this.addChat(chat);
    if (from !== undefined) {
      this.#users.set(from.id, from);
      const members = this.#members.get(chat.id);
      if (members !== undefined && !members.has(from.id)) members.set(from.id, 'member');
    }
    const command = /^\/\S+/.exec(text);
    const message: Record<string, unknown> = {
      message_id: this.#nextId(chat.id),
      date: Math.floor(Date.now() / 1000),
      chat,
      text,
      ...(from === undefined ? {} : { from }),
      ...(options.senderChat === undefined ? {} : { sender_chat: options.senderChat }),
      ...(options.threadId === undefined
        ? {}
        : { message_thread_id: options.threadId, is_topic_message: true }),
      ...(command === null
        ? {}
        : { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] }),
    };
    return this.pushUpdate(chat.type === 'channel' ? { channel_post: message } : { message });
  }

  /** The service message a group receives when it becomes a supergroup. */
  pushMigration(fromChat: FakeChat, toId: number, from: FakeUser): number {
    return this.pushUpdate({
      message: {
        message_id: this.#nextId(fromChat.id),
        date: Math.floor(Date.now() / 1000),
        chat: fromChat,
        from,
        migrate_to_chat_id: toId,
      },
    });
  }

  /** A user presses an inline keyboard button under one of the bot's messages. */
  pressButton(options: {
    from: FakeUser;
    chatId: number;
    messageId: number;
    data: string;
  }): number {
    const sent = this.#findMessage(options.chatId, options.messageId);
    const chat = this.#chats.get(options.chatId);
    return this.pushUpdate({
      callback_query: {
        id: `cbq-${nextUpdateId}`,
        from: options.from,
        chat_instance: `ci-${options.chatId}`,
        data: options.data,
        message:
          sent === undefined || chat === undefined
            ? {
                chat: chat ?? { id: options.chatId, type: 'private' },
                message_id: options.messageId,
                date: 0,
              }
            : this.#messageObject(sent, chat),
      },
    });
  }

  /** Resolves once the bot has confirmed (asked past) the update, so its handler has run. */
  waitForConfirmation(updateId: number, timeoutMs = 10_000): Promise<void> {
    return this.waitUntil(
      () => this.#confirmedUpTo >= updateId,
      timeoutMs,
      `update ${updateId} to be confirmed`,
    );
  }

  /** Resolves once `condition` holds (checked after every API call); rejects after a timeout. */
  waitUntil(condition: () => boolean, timeoutMs = 10_000, what = 'a condition'): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!condition()) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`fake Telegram API: timed out waiting for ${what}`));
      }, timeoutMs);
      this.#waiters.add(check);
    });
  }

  /** Waits until `count` calls of `method` have been recorded; returns them. */
  async waitForCalls(method: string, count = 1, timeoutMs = 10_000): Promise<ApiCall[]> {
    await this.waitUntil(
      () => this.callsTo(method).length >= count,
      timeoutMs,
      `${count} × ${method}`,
    );
    return this.callsTo(method);
  }

  // ---- inspection -----------------------------------------------------------------------

  callsTo(method: string): ApiCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** The bot's messages in a chat, oldest first, as they look now (after edits). */
  messagesIn(chatId: number): SentMessage[] {
    return this.#messages.get(chatId) ?? [];
  }

  /** What a user sees of a message: tags removed, entities decoded. */
  static visibleText(message: Pick<SentMessage, 'text' | 'parse_mode'>): string {
    if (message.parse_mode !== 'HTML') return message.text;
    const parsed = parseTelegramHtml(message.text);
    return parsed.ok ? parsed.text : message.text;
  }

  /** Forgets recorded calls and messages (chats and members stay). */
  resetRecords(): void {
    this.calls.length = 0;
    this.#messages.clear();
    this.rateLimited = 0;
  }

  // ---- HTTP -----------------------------------------------------------------------------

  async #serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const at = performance.now();
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(
      new URL(request.url ?? '/', 'http://x').pathname,
    );
    let payload: Record<string, unknown>;
    try {
      payload = await readPayload(request);
    } catch {
      this.#send(response, {
        status: 400,
        body: errorBody(400, 'Bad Request: invalid request body'),
      });
      return;
    }
    const method = match?.[2] ?? '';
    const call: ApiCall = { method, payload, at, status: 200 };
    this.calls.push(call);

    const answer = async (): Promise<BotApiAnswer | 'drop'> => {
      if (match === null || match[1] !== this.token) {
        return { status: 401, body: errorBody(401, 'Unauthorized') };
      }
      const failure = this.#takeFailure(method, payload);
      if (failure === 'drop') return 'drop';
      if (failure !== undefined) return failure;
      try {
        const result = await this.#call(method, payload, response);
        return { status: 200, body: { ok: true, result } };
      } catch (error) {
        if (error instanceof ApiFailure) {
          return {
            status: error.status,
            body: errorBody(error.status, error.description, error.parameters),
          };
        }
        throw error;
      }
    };

    const result = await answer();
    if (result === 'drop') {
      call.status = 0;
      call.error = 'connection dropped';
      request.socket.destroy();
    } else {
      call.status = result.status;
      if (result.body['ok'] === false) call.error = String(result.body['description']);
      this.#send(response, result);
    }
    this.#notify();
  }

  #notify(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }

  #send(response: ServerResponse, answer: BotApiAnswer): void {
    if (response.destroyed || response.writableEnded) return;
    const body = JSON.stringify(answer.body);
    response.writeHead(answer.status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    response.end(body);
  }

  #takeFailure(
    method: string,
    payload: Record<string, unknown>,
  ): BotApiAnswer | 'drop' | undefined {
    const chatId = payload['chat_id'];
    const rule = this.#failures.find(
      (candidate) =>
        candidate.left > 0 &&
        (candidate.method === undefined || candidate.method === method) &&
        (candidate.chatId === undefined || String(candidate.chatId) === String(chatId)),
    );
    if (rule !== undefined && rule.pass > 0) {
      rule.pass -= 1;
    } else if (rule !== undefined) {
      rule.left -= 1;
      return failureAnswer(rule.failure);
    }
    if ((method === 'sendMessage' || method === 'editMessageText') && this.#rate !== undefined) {
      const rate = this.#rate;
      const now = performance.now();
      rate.tokens = Math.min(rate.burst, rate.tokens + ((now - rate.at) / 1000) * rate.perSecond);
      rate.at = now;
      if (rate.tokens < 1) {
        this.rateLimited += 1;
        return failureAnswer({ kind: 'rate-limited', retryAfter: 1 });
      }
      rate.tokens -= 1;
    }
    return undefined;
  }

  async #call(
    method: string,
    payload: Record<string, unknown>,
    response: ServerResponse,
  ): Promise<unknown> {
    switch (method) {
      case 'getMe':
        return {
          ...this.bot,
          can_join_groups: true,
          can_read_all_group_messages: false,
          supports_inline_queries: false,
        };
      case 'deleteWebhook':
      case 'setMyCommands':
      case 'deleteMyCommands':
        return true;
      case 'getUpdates':
        return this.#getUpdates(payload, response);
      case 'sendMessage':
        return this.#sendMessage(payload);
      case 'editMessageText':
        return this.#editMessageText(payload);
      case 'editMessageReplyMarkup':
        return this.#editMessageReplyMarkup(payload);
      case 'answerCallbackQuery':
        if (typeof payload['callback_query_id'] !== 'string')
          throw badRequest('query is too old and response timeout expired or query ID is invalid');
        return true;
      case 'getChat':
        return this.#chatFor(payload['chat_id']);
      case 'getChatMember':
        return this.#getChatMember(payload);
      case 'getChatAdministrators': {
        const chat = this.#chatFor(payload['chat_id']);
        const members = this.#members.get(chat.id) ?? new Map<number, MemberStatus>();
        return [...members]
          .filter(([, status]) => status === 'creator' || status === 'administrator')
          .map(([userId, status]) => this.#memberObject(userId, status));
      }
      default:
        throw new ApiFailure(404, 'Not Found: method not found');
    }
  }

  #getUpdates(payload: Record<string, unknown>, response: ServerResponse): Promise<unknown> {
    const offset = Number(payload['offset'] ?? 0);
    if (offset > 0) {
      // Asking from an offset confirms every update before it, as Telegram does.
      this.#confirmedUpTo = Math.max(this.#confirmedUpTo, offset - 1);
      while (this.#pending.length > 0 && Number(this.#pending[0]?.['update_id']) < offset) {
        this.#pending.shift();
      }
      // The confirming poll may hang for a while: tell the waiters now.
      this.#notify();
    }
    const allowed = payload['allowed_updates'];
    if (Array.isArray(allowed)) {
      this.#allowedUpdates = allowed.length === 0 ? undefined : allowed.map(String);
    }
    const limit = Math.min(100, Math.max(1, Number(payload['limit'] ?? 100)));
    const timeout = Math.max(0, Number(payload['timeout'] ?? 0));
    const ready = this.#takeUpdates(limit);
    if (ready.length > 0 || timeout === 0 || this.#closed) return Promise.resolve(ready);
    // A newer poll supersedes an older one (its client gave up on it).
    this.#poller?.cancel();
    return new Promise((resolve) => {
      let done = false;
      const finish = (updates: Record<string, unknown>[]) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        if (this.#poller === poller) this.#poller = undefined;
        resolve(updates);
      };
      const timer = setTimeout(() => finish([]), timeout * 1000);
      const poller = { wake: () => finish(this.#takeUpdates(limit)), cancel: () => finish([]) };
      this.#poller = poller;
      // The client aborted the long poll (bot.stop()): the updates stay pending.
      response.once('close', () => finish([]));
    });
  }

  #takeUpdates(limit: number): Record<string, unknown>[] {
    const allowed = this.#allowedUpdates;
    const taken: Record<string, unknown>[] = [];
    for (let index = 0; index < this.#pending.length && taken.length < limit;) {
      const update = this.#pending[index];
      if (update === undefined) break;
      const type = Object.keys(update).find((key) => key !== 'update_id') ?? '';
      if (allowed !== undefined && !allowed.includes(type)) {
        // Telegram never delivers types the bot did not ask for.
        this.#pending.splice(index, 1);
        continue;
      }
      taken.push(update);
      index += 1;
    }
    return taken;
  }

  #sendMessage(payload: Record<string, unknown>): unknown {
    const chat = this.#writableChat(payload['chat_id']);
    const text = this.#checkedText(payload);
    const replyTo = payload['reply_parameters'] as { message_id?: number } | undefined;
    const sent: SentMessage = {
      message_id: this.#nextId(chat.id),
      chat_id: chat.id,
      text,
      edits: 0,
      ...optionalFields(payload),
      ...(typeof payload['message_thread_id'] === 'number'
        ? { message_thread_id: payload['message_thread_id'] }
        : {}),
      ...(typeof replyTo?.message_id === 'number'
        ? { reply_to_message_id: replyTo.message_id }
        : {}),
    };
    const list = this.#messages.get(chat.id) ?? [];
    list.push(sent);
    this.#messages.set(chat.id, list);
    return this.#messageObject(sent, chat);
  }

  #editMessageText(payload: Record<string, unknown>): unknown {
    const chat = this.#writableChat(payload['chat_id']);
    const sent = this.#findMessage(chat.id, Number(payload['message_id']));
    if (sent === undefined) throw badRequest('message to edit not found');
    const text = this.#checkedText(payload);
    const fields = optionalFields(payload);
    if (
      sent.text === text &&
      JSON.stringify(sent.reply_markup ?? null) === JSON.stringify(fields.reply_markup ?? null)
    ) {
      throw badRequest(
        'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
      );
    }
    sent.text = text;
    sent.edits += 1;
    delete sent.parse_mode;
    delete sent.reply_markup;
    Object.assign(sent, fields);
    return this.#messageObject(sent, chat);
  }

  #editMessageReplyMarkup(payload: Record<string, unknown>): unknown {
    const chat = this.#writableChat(payload['chat_id']);
    const sent = this.#findMessage(chat.id, Number(payload['message_id']));
    if (sent === undefined) throw badRequest('message to edit not found');
    const markup = payload['reply_markup'] as InlineKeyboard | undefined;
    if (markup === undefined || markup.inline_keyboard.length === 0) delete sent.reply_markup;
    else sent.reply_markup = markup;
    sent.edits += 1;
    return this.#messageObject(sent, chat);
  }

  #getChatMember(payload: Record<string, unknown>): unknown {
    const chat = this.#chatFor(payload['chat_id']);
    const userId = Number(payload['user_id']);
    if (!Number.isSafeInteger(userId)) throw badRequest('invalid user_id specified');
    const status = this.#members.get(chat.id)?.get(userId) ?? 'left';
    return this.#memberObject(userId, status);
  }

  #memberObject(userId: number, status: MemberStatus): unknown {
    const user =
      userId === this.bot.id
        ? this.bot
        : (this.#users.get(userId) ?? { id: userId, is_bot: false, first_name: `User ${userId}` });
    return {
      status,
      user,
      ...(status === 'creator' || status === 'administrator' ? { is_anonymous: false } : {}),
    };
  }

  #chatFor(chatId: unknown): FakeChat {
    if (typeof chatId === 'string' && chatId.startsWith('@')) {
      const name = chatId.slice(1).toLowerCase();
      const chat = [...this.#chats.values()].find(
        (candidate) => candidate.username?.toLowerCase() === name,
      );
      if (chat === undefined) throw badRequest('chat not found');
      return chat;
    }
    const chat = this.#chats.get(Number(chatId));
    if (chat === undefined) throw badRequest('chat not found');
    return chat;
  }

  #writableChat(chatId: unknown): FakeChat {
    const movedTo = this.#migrated.get(Number(chatId));
    if (movedTo !== undefined) {
      throw new ApiFailure(400, 'Bad Request: group chat was upgraded to a supergroup chat', {
        migrate_to_chat_id: movedTo,
      });
    }
    const chat = this.#chatFor(chatId);
    const status = this.#members.get(chat.id)?.get(this.bot.id);
    if (status === 'kicked' || status === 'left') {
      throw new ApiFailure(
        403,
        chat.type === 'private'
          ? 'Forbidden: bot was blocked by the user'
          : 'Forbidden: bot was kicked from the group chat',
      );
    }
    return chat;
  }

  #checkedText(payload: Record<string, unknown>): string {
    const text = payload['text'];
    if (typeof text !== 'string' || text.trim() === '') throw badRequest('message text is empty');
    let visible = text;
    if (payload['parse_mode'] === 'HTML') {
      const parsed = parseTelegramHtml(text);
      if (!parsed.ok) throw badRequest(`can't parse entities: ${parsed.error}`);
      visible = parsed.text;
    } else if (payload['parse_mode'] !== undefined) {
      throw badRequest(
        `unsupported parse_mode ${JSON.stringify(payload['parse_mode'])} in this fake`,
      );
    }
    if (visible.length > FAKE_MESSAGE_LIMIT) throw badRequest('message is too long');
    const markup = payload['reply_markup'] as InlineKeyboard | undefined;
    for (const row of markup?.inline_keyboard ?? []) {
      for (const button of row) {
        if (button.callback_data !== undefined && Buffer.byteLength(button.callback_data) > 64) {
          throw badRequest('BUTTON_DATA_INVALID');
        }
      }
    }
    return text;
  }

  #findMessage(chatId: number, messageId: number): SentMessage | undefined {
    return this.#messages.get(chatId)?.find((message) => message.message_id === messageId);
  }

  #messageObject(sent: SentMessage, chat: FakeChat): Record<string, unknown> {
    return {
      message_id: sent.message_id,
      date: Math.floor(Date.now() / 1000),
      chat,
      ...(chat.type === 'channel' ? { sender_chat: chat } : { from: this.bot }),
      text: FakeTelegramApi.visibleText(sent),
      ...(sent.reply_markup === undefined ? {} : { reply_markup: sent.reply_markup }),
    };
  }

  #nextId(chatId: number): number {
    const id = (this.#nextMessageId.get(chatId) ?? 0) + 1;
    this.#nextMessageId.set(chatId, id);
    return id;
  }
}

function optionalFields(payload: Record<string, unknown>): Partial<SentMessage> {
  return {
    ...(typeof payload['parse_mode'] === 'string' ? { parse_mode: payload['parse_mode'] } : {}),
    ...(payload['reply_markup'] === undefined
      ? {}
      : { reply_markup: payload['reply_markup'] as InlineKeyboard }),
    ...(payload['link_preview_options'] === undefined
      ? {}
      : { link_preview_options: payload['link_preview_options'] as { is_disabled?: boolean } }),
  };
}

function errorBody(code: number, description: string, parameters?: Record<string, unknown>) {
  return {
    ok: false,
    error_code: code,
    description,
    ...(parameters === undefined ? {} : { parameters }),
  };
}

function failureAnswer(failure: Failure): BotApiAnswer | 'drop' {
  switch (failure.kind) {
    case 'rate-limited':
      return {
        status: 429,
        body: errorBody(429, `Too Many Requests: retry after ${failure.retryAfter}`, {
          retry_after: failure.retryAfter,
        }),
      };
    case 'blocked':
      return { status: 403, body: errorBody(403, 'Forbidden: bot was blocked by the user') };
    case 'kicked':
      return { status: 403, body: errorBody(403, 'Forbidden: bot was kicked from the group chat') };
    case 'chat-not-found':
      return { status: 400, body: errorBody(400, 'Bad Request: chat not found') };
    case 'server-error': {
      const status = failure.status ?? 500;
      return {
        status,
        body: errorBody(status, status === 502 ? 'Bad Gateway' : 'Internal Server Error'),
      };
    }
    case 'drop':
      return 'drop';
    case 'conflict':
      return {
        status: 409,
        body: errorBody(
          409,
          'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
        ),
      };
    case 'migrated':
      return {
        status: 400,
        body: errorBody(400, 'Bad Request: group chat was upgraded to a supergroup chat', {
          migrate_to_chat_id: failure.to,
        }),
      };
  }
}

async function readPayload(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  const query = Object.fromEntries(new URL(request.url ?? '/', 'http://x').searchParams);
  if (raw === '') return query;
  const type = request.headers['content-type'] ?? '';
  if (type.includes('application/json'))
    return { ...query, ...(JSON.parse(raw) as Record<string, unknown>) };
  if (type.includes('application/x-www-form-urlencoded')) {
    return { ...query, ...Object.fromEntries(new URLSearchParams(raw)) };
  }
  throw new Error(`unsupported content type ${type}`);
}

const HTML_TAGS = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'a',
  'code',
  'pre',
  'tg-spoiler',
  'span',
  'tg-emoji',
  'blockquote',
]);

/**
 * Parses Telegram's HTML parse mode as strictly as the Bot API: only its tags, properly
 * nested; `<` and `&` must be escaped; only `&lt; &gt; &amp; &quot;` and numeric entities.
 * Returns the visible text.
 */
export function parseTelegramHtml(
  html: string,
): { ok: true; text: string } | { ok: false; error: string } {
  const open: string[] = [];
  let text = '';
  let index = 0;
  while (index < html.length) {
    const char = html[index];
    if (char === '<') {
      const end = html.indexOf('>', index);
      if (end < 0) return { ok: false, error: `Unclosed start tag at byte offset ${index}` };
      const tag = html.slice(index + 1, end);
      const closing = /^\/([a-z-]+)\s*$/i.exec(tag);
      if (closing !== null) {
        const name = (closing[1] ?? '').toLowerCase();
        if (open.pop() !== name)
          return { ok: false, error: `Unexpected end tag at byte offset ${index}` };
      } else {
        const opening = /^([a-z-]+)((?:\s+[a-z-]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))*)\s*$/i.exec(
          tag,
        );
        const name = opening?.[1]?.toLowerCase();
        if (opening === null || name === undefined || !HTML_TAGS.has(name)) {
          return {
            ok: false,
            error: `Unsupported start tag "${tag.split(/\s/)[0] ?? ''}" at byte offset ${index}`,
          };
        }
        if (name === 'a') {
          const href = /href\s*=\s*("([^"]*)"|'([^']*)')/i.exec(opening[2] ?? '');
          const value = href?.[2] ?? href?.[3];
          if (value === undefined)
            return { ok: false, error: `Tag "a" must have an href at byte offset ${index}` };
          const decoded = decodeEntities(value);
          if (decoded === null)
            return { ok: false, error: `Bad entity in href at byte offset ${index}` };
          if (decoded.includes('<'))
            return { ok: false, error: `Bad href at byte offset ${index}` };
        }
        open.push(name);
      }
      index = end + 1;
      continue;
    }
    if (char === '&') {
      const entity = /^&(#\d{1,7}|#x[0-9a-f]{1,6}|lt|gt|amp|quot);/i.exec(
        html.slice(index, index + 12),
      );
      if (entity === null)
        return { ok: false, error: `Unsupported HTML entity or raw "&" at byte offset ${index}` };
      text += decodeEntities(entity[0]) ?? '';
      index += entity[0].length;
      continue;
    }
    text += char;
    index += 1;
  }
  if (open.length > 0)
    return {
      ok: false,
      error: `Can't find end tag corresponding to start tag "${open.at(-1) ?? ''}"`,
    };
  return { ok: true, text };
}

function decodeEntities(value: string): string | null {
  let failed = false;
  const decoded = value.replace(
    /&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]+);|&/gi,
    (whole: string, body?: string) => {
      if (body === undefined) {
        failed = true;
        return whole;
      }
      const lower = body.toLowerCase();
      if (lower === 'lt') return '<';
      if (lower === 'gt') return '>';
      if (lower === 'amp') return '&';
      if (lower === 'quot') return '"';
      if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16));
      if (lower.startsWith('#')) return String.fromCodePoint(parseInt(lower.slice(1), 10));
      failed = true;
      return whole;
    },
  );
  return failed ? null : decoded;
}
