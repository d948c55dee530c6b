/**
 * Runs the real Telegram adapter (real grammY over HTTP) against the loopback fake Bot
 * API, with helpers to play users in chats and read what the bot sent.
 */
import type { CommandRequest, Dispatcher, ChatRef } from '../../../src/adapter.ts';
import type { Reply } from '../../../src/commands/reply.ts';
import { silentLogger } from '../../../src/log.ts';
import {
  createTelegramAdapter,
  type TelegramAdapter,
  type TelegramAdapterOptions,
} from '../../../adapters/telegram/index.ts';
import {
  FakeTelegramApi,
  type FakeChat,
  type FakeTelegramOptions,
  type FakeUser,
  type SentMessage,
} from '../../fakes/telegram-api.ts';

export const ALICE: FakeUser = { id: 1001, is_bot: false, first_name: 'Alice', username: 'alice' };
export const BOB: FakeUser = { id: 1002, is_bot: false, first_name: 'Bob' };
export const ALICE_DM: FakeChat = {
  id: 1001,
  type: 'private',
  first_name: 'Alice',
  username: 'alice',
};
export const BOB_DM: FakeChat = { id: 1002, type: 'private', first_name: 'Bob' };
export const GROUP: FakeChat = {
  id: -1001234567890,
  type: 'supergroup',
  title: 'News <fans> & co',
};
export const CHANNEL: FakeChat = {
  id: -1009876543210,
  type: 'channel',
  title: 'Herald Daily',
  username: 'herald_daily',
};
/** Telegram's account behind anonymous group admins. */
export const GROUP_ANONYMOUS_BOT: FakeUser = {
  id: 1087968824,
  is_bot: true,
  first_name: 'Group',
  username: 'GroupAnonymousBot',
};

/** Throttle limits high enough that tests never wait on pacing. */
export const FAST_THROTTLE = {
  globalPerSecond: 10_000,
  groupPerMinute: 100_000,
  chatPerSecond: 10_000,
};

export interface Harness {
  fake: FakeTelegramApi;
  adapter: TelegramAdapter;
  /** A user writes in a chat; resolves with the bot's new messages in `answerIn` (default: that chat) once handled. */
  send(options: {
    chat: FakeChat;
    from?: FakeUser;
    text: string;
    senderChat?: FakeChat;
    threadId?: number;
    answerIn?: number;
  }): Promise<SentMessage[]>;
  /** Pushes any update and waits until it is handled. */
  push(update: Record<string, unknown>): Promise<void>;
  /** A user presses a button; resolves once handled. */
  press(options: {
    from: FakeUser;
    chatId: number;
    messageId: number;
    data: string;
  }): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(
  dispatcher: Dispatcher,
  options: Partial<TelegramAdapterOptions> & { fake?: FakeTelegramOptions } = {},
): Promise<Harness> {
  const { fake: fakeOptions, ...adapterOptions } = options;
  const fake = await FakeTelegramApi.start(fakeOptions);
  fake.addChat(ALICE_DM);
  fake.addChat(BOB_DM);
  fake.addChat(GROUP);
  fake.addChat(CHANNEL);
  fake.setMember(GROUP.id, ALICE, 'administrator');
  fake.setMember(GROUP.id, BOB, 'member');
  fake.setMember(GROUP.id, fake.bot, 'member');
  fake.setMember(CHANNEL.id, ALICE, 'creator');
  fake.setMember(CHANNEL.id, fake.bot, 'administrator');
  const adapter = createTelegramAdapter({
    token: fake.token,
    apiRoot: fake.apiRoot,
    log: silentLogger,
    throttle: FAST_THROTTLE,
    ...adapterOptions,
  });
  await adapter.start(dispatcher);

  const settle = async (updateId: number) => {
    await fake.waitForConfirmation(updateId);
    await adapter.idle();
  };
  return {
    fake,
    adapter,
    async send({ answerIn, ...message }) {
      const chatId = answerIn ?? message.chat.id;
      const before = fake.messagesIn(chatId).length;
      await settle(fake.sendText(message));
      return fake.messagesIn(chatId).slice(before);
    },
    async push(update) {
      await settle(fake.pushUpdate(update));
    },
    async press(press) {
      await settle(fake.pressButton(press));
    },
    async close() {
      await adapter.stop();
      await fake.close();
    },
  };
}

/** A dispatcher double: records requests and moves, answers with `answer`. */
export interface StubDispatcher extends Dispatcher {
  requests: CommandRequest[];
  moves: { chat: ChatRef; newId: string }[];
}

export function stubDispatcher(answer: (request: CommandRequest) => Reply): StubDispatcher {
  const requests: CommandRequest[] = [];
  const moves: { chat: ChatRef; newId: string }[] = [];
  return {
    requests,
    moves,
    handle(request) {
      requests.push(request);
      return Promise.resolve(answer(request));
    },
    suggest() {
      return Promise.resolve([]);
    },
    moveChat(chat, newId) {
      moves.push({ chat, newId });
      return Promise.resolve();
    },
  };
}

/** What a user sees of messages: markup removed, entities decoded. */
export function visible(messages: readonly SentMessage[]): string {
  return messages.map((message) => FakeTelegramApi.visibleText(message)).join('\n');
}
