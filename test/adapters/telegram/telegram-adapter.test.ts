/**
 * The adapter's own decisions, observed over real HTTP: which messages become which
 * requests, the admin fact, paging, and how Telegram failures map to delivery errors.
 * The dispatcher here is a recording double, so each request can be inspected exactly;
 * `telegram-app.test.ts` runs the same paths through the real application.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CommandRequest } from '../../../src/adapter.ts';
import { DeliveryError } from '../../../src/adapter.ts';
import { createTelegramAdapter } from '../../../adapters/telegram/index.ts';
import { silentLogger } from '../../../src/log.ts';
import { FakeTelegramApi } from '../../fakes/telegram-api.ts';
import type { Reply } from '../../../src/commands/reply.ts';
import type { Story } from '../../../briefings/types.ts';
import {
  ALICE,
  ALICE_DM,
  BOB,
  CHANNEL,
  GROUP,
  GROUP_ANONYMOUS_BOT,
  startHarness,
  stubDispatcher,
  visible,
  type Harness,
} from './harness.ts';

const NOW = Date.parse('2026-11-25T12:00:00Z');

const echo = (request: CommandRequest): Reply => ({
  type: 'message',
  text: `${request.command}|${request.args}|${request.chat.id}|${String(request.isAdmin)}`,
});

function briefingReply(count: number): Reply {
  const stories: Story[] = Array.from({ length: count }, (_, index) => ({
    title: `Story ${index + 1}`,
    summary: `Summary ${index + 1}.`,
    url: `https://example.com/${index + 1}`,
    source: 'Wire',
    publishedAt: '2026-11-25T10:00:00Z',
    related: [],
  }));
  return {
    type: 'briefing',
    briefing: { kind: 'news', topic: 'japan', generatedAt: new Date(NOW).toISOString(), stories },
  };
}

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function withEcho(options: Parameters<typeof startHarness>[1] = {}) {
  const dispatcher = stubDispatcher(echo);
  harness = await startHarness(dispatcher, { clock: () => NOW, ...options });
  return { dispatcher, harness };
}

describe('Telegram adapter: start', () => {
  it('GIVEN the bot starts THEN it registers the listed commands in the menu and polls', async () => {
    const { harness } = await withEcho();
    const [setMyCommands] = harness.fake.callsTo('setMyCommands');
    const names = (
      setMyCommands?.payload['commands'] as { command: string; description: string }[]
    ).map((c) => c.command);
    expect(names).toContain('news');
    expect(names).toContain('help');
    expect(names).not.toContain('start');
    for (const entry of setMyCommands?.payload['commands'] as { description: string }[]) {
      expect(entry.description.length).toBeLessThanOrEqual(256);
    }
    expect(harness.fake.callsTo('deleteWebhook')).toHaveLength(1);
    await harness.fake.waitForCalls('getUpdates');
  });

  it('GIVEN a wrong token THEN start fails with a clear message', async () => {
    const fake = await FakeTelegramApi.start();
    try {
      const adapter = createTelegramAdapter({
        token: '999:wrong',
        apiRoot: fake.apiRoot,
        log: silentLogger,
      });
      await expect(adapter.start(stubDispatcher(echo))).rejects.toThrow(
        /rejected the bot token.*TELEGRAM_BOT_TOKEN/,
      );
      await adapter.stop();
    } finally {
      await fake.close();
    }
  });

  it('GIVEN another instance takes over polling (409) THEN onFatal hears why', async () => {
    let fatal: Error | undefined;
    const { harness } = await withEcho({ onFatal: (error) => (fatal = error) });
    harness.fake.fail({ method: 'getUpdates', failure: { kind: 'conflict' } });
    // Wake the pending long poll so the next getUpdates meets the conflict.
    harness.fake.sendText({ chat: ALICE_DM, from: ALICE, text: '/help' });
    await vi.waitFor(() => expect(fatal).toBeDefined(), { timeout: 10_000 });
    expect(fatal?.message).toMatch(/409 Conflict: terminated by other getUpdates request/);
  });
});

describe('Telegram adapter: commands in', () => {
  it('GIVEN /news japan in a private chat THEN the request names the command, args, chat and user, and the user is admin', async () => {
    const { dispatcher, harness } = await withEcho();
    const answer = await harness.send({ chat: ALICE_DM, from: ALICE, text: '/news japan' });
    expect(dispatcher.requests[0]).toEqual({
      command: 'news',
      args: 'japan',
      chat: { platform: 'telegram', id: String(ALICE_DM.id), kind: 'private', title: '@alice' },
      user: { id: String(ALICE.id), name: '@alice' },
      isAdmin: true,
    });
    expect(visible(answer)).toBe(`news|japan|${ALICE_DM.id}|true`);
    expect(answer[0]?.parse_mode).toBe('HTML');
    expect(answer[0]?.link_preview_options).toEqual({ is_disabled: true });
  });

  it('GIVEN /NEWS@HeraldBot in a group THEN the suffix is dropped, the name lowercased, and the answer replies to the command', async () => {
    const { dispatcher, harness } = await withEcho();
    const answer = await harness.send({
      chat: GROUP,
      from: BOB,
      text: '/NEWS@heraldbot  japan  economy ',
    });
    expect(dispatcher.requests[0]).toMatchObject({
      command: 'news',
      args: 'japan  economy',
      chat: { id: String(GROUP.id), kind: 'group', title: 'News <fans> & co' },
      isAdmin: false,
    });
    expect(answer).toHaveLength(1);
    expect(answer[0]?.reply_to_message_id).toBeDefined();
  });

  it('GIVEN /news@OtherBot THEN Herald stays quiet', async () => {
    const { dispatcher, harness } = await withEcho();
    const answer = await harness.send({ chat: GROUP, from: BOB, text: '/news@OtherBot japan' });
    expect(answer).toEqual([]);
    expect(dispatcher.requests).toEqual([]);
  });

  it("GIVEN another bot's command without suffix in a group THEN Herald stays quiet, but a typo of its own is answered", async () => {
    const { dispatcher, harness } = await withEcho();
    expect(await harness.send({ chat: GROUP, from: BOB, text: '/ban spammer' })).toEqual([]);
    expect(await harness.send({ chat: GROUP, from: BOB, text: '/nwes japan' })).toHaveLength(1);
    expect(dispatcher.requests.map((request) => request.command)).toEqual(['nwes']);
  });

  it('GIVEN plain text or a non-command THEN nothing is dispatched', async () => {
    const { dispatcher, harness } = await withEcho();
    expect(await harness.send({ chat: ALICE_DM, from: ALICE, text: 'hello there' })).toEqual([]);
    expect(dispatcher.requests).toEqual([]);
  });

  it('GIVEN a command in a forum topic THEN the answer goes to the same topic', async () => {
    const { harness } = await withEcho();
    const answer = await harness.send({
      chat: { ...GROUP, is_forum: true },
      from: BOB,
      text: '/news',
      threadId: 77,
    });
    expect(answer[0]?.message_thread_id).toBe(77);
  });
});

describe('Telegram adapter: who is an admin', () => {
  it('GIVEN /news in a group THEN no admin lookup is made', async () => {
    const { harness } = await withEcho();
    await harness.send({ chat: GROUP, from: BOB, text: '/news japan' });
    expect(harness.fake.callsTo('getChatMember')).toEqual([]);
  });

  it('GIVEN /subscribe from a member THEN getChatMember says no; from an administrator THEN yes, and the answer is cached', async () => {
    const { dispatcher, harness } = await withEcho();
    await harness.send({ chat: GROUP, from: BOB, text: '/subscribe japan 08:00' });
    await harness.send({ chat: GROUP, from: ALICE, text: '/subscribe japan 08:00' });
    await harness.send({ chat: GROUP, from: ALICE, text: '/unsubscribe japan' });
    expect(dispatcher.requests.map((request) => request.isAdmin)).toEqual([false, true, true]);
    expect(harness.fake.callsTo('getChatMember').map((call) => call.payload['user_id'])).toEqual([
      BOB.id,
      ALICE.id,
    ]);
  });

  it('GIVEN an anonymous admin (sender_chat is the group) THEN they are admin without a lookup', async () => {
    const { dispatcher, harness } = await withEcho();
    await harness.send({
      chat: GROUP,
      from: GROUP_ANONYMOUS_BOT,
      senderChat: GROUP,
      text: '/subscribe japan',
    });
    expect(dispatcher.requests[0]?.isAdmin).toBe(true);
    expect(dispatcher.requests[0]?.user.id).toBe(String(GROUP.id));
    expect(harness.fake.callsTo('getChatMember')).toEqual([]);
  });

  it('GIVEN a message sent on behalf of some channel in a group THEN it is not an admin', async () => {
    const { dispatcher, harness } = await withEcho();
    await harness.send({ chat: GROUP, from: BOB, senderChat: CHANNEL, text: '/subscribe japan' });
    expect(dispatcher.requests[0]?.isAdmin).toBe(false);
  });

  it('GIVEN a command posted in a channel THEN it comes from its admins', async () => {
    const { dispatcher, harness } = await withEcho();
    const answer = await harness.send({
      chat: CHANNEL,
      senderChat: CHANNEL,
      text: '/subscribe japan 08:00',
    });
    expect(dispatcher.requests[0]).toMatchObject({
      chat: { id: String(CHANNEL.id), kind: 'channel', title: '@herald_daily' },
      isAdmin: true,
    });
    expect(answer).toHaveLength(1);
  });

  it('GIVEN /subscribe @channel from a private chat by an admin of it THEN the request is for the channel', async () => {
    const { dispatcher, harness } = await withEcho();
    const answer = await harness.send({
      chat: ALICE_DM,
      from: ALICE,
      text: '/subscribe @herald_daily japan 08:00',
    });
    expect(dispatcher.requests[0]).toMatchObject({
      command: 'subscribe',
      args: 'japan 08:00',
      chat: { id: String(CHANNEL.id), kind: 'channel', title: '@herald_daily' },
      isAdmin: true,
    });
    expect(visible(answer)).toContain(String(CHANNEL.id));
  });

  it('GIVEN /subscribe @channel by someone who is not its admin THEN it is refused', async () => {
    const { dispatcher, harness } = await withEcho();
    const answer = await harness.send({
      chat: { id: BOB.id, type: 'private', first_name: 'Bob' },
      from: BOB,
      text: '/subscribe @herald_daily japan',
    });
    expect(dispatcher.requests).toEqual([]);
    expect(visible(answer)).toBe('⚠️ Only admins of @herald_daily can change its subscriptions.');
  });

  it('GIVEN /subscribe @channel where the bot is not an admin THEN the user is told to add it', async () => {
    const { harness } = await withEcho();
    harness.fake.setMember(CHANNEL.id, harness.fake.bot, 'member');
    const answer = await harness.send({
      chat: ALICE_DM,
      from: ALICE,
      text: '/subscribe @herald_daily japan',
    });
    expect(visible(answer)).toBe(
      '⚠️ Add me to @herald_daily as an administrator first, so I can post there.',
    );
  });

  it('GIVEN /subscribe @unknown THEN the user hears it cannot be found', async () => {
    const { harness } = await withEcho();
    const answer = await harness.send({
      chat: ALICE_DM,
      from: ALICE,
      text: '/subscribe @nosuchchannel japan',
    });
    expect(visible(answer)).toMatch(/^⚠️ I can't find @nosuchchannel/);
  });
});

describe('Telegram adapter: group migration', () => {
  it('GIVEN a group becomes a supergroup THEN the dispatcher moves its chat to the new id', async () => {
    const { dispatcher, harness } = await withEcho();
    const oldGroup = harness.fake.addChat({ id: -4242, type: 'group', title: 'Old group' });
    harness.fake.migrateChat(oldGroup.id, { id: -1004242, type: 'supergroup', title: 'Old group' });
    await harness.push({
      message: {
        message_id: 9,
        date: 0,
        chat: oldGroup,
        from: ALICE,
        migrate_to_chat_id: -1004242,
      },
    });
    expect(dispatcher.moves).toEqual([
      {
        chat: { platform: 'telegram', id: '-4242', kind: 'group', title: 'Old group' },
        newId: '-1004242',
      },
    ]);
  });
});

describe('Telegram adapter: paging', () => {
  it('GIVEN a long briefing THEN "More" edits the message to the next page and answers the button', async () => {
    const dispatcher = stubDispatcher(() => briefingReply(12));
    harness = await startHarness(dispatcher, { clock: () => NOW });
    const [first] = await harness.send({ chat: GROUP, from: BOB, text: '/news japan' });
    expect(visible([first!])).toContain('5. Story 5');
    const more = first?.reply_markup?.inline_keyboard[0]?.[0];
    expect(more?.text).toBe('More (7 left) »');

    await harness.press({
      from: BOB,
      chatId: GROUP.id,
      messageId: first!.message_id,
      data: more!.callback_data!,
    });
    expect(harness.fake.callsTo('answerCallbackQuery')).toHaveLength(1);
    const [edited] = harness.fake
      .messagesIn(GROUP.id)
      .filter((message) => message.message_id === first?.message_id);
    expect(edited?.edits).toBe(1);
    expect(visible([edited!])).toContain('6. Story 6');
    expect(visible([edited!])).not.toContain('5. Story 5');
    expect(edited?.reply_markup?.inline_keyboard[0]?.map((button) => button.text)).toEqual([
      '« Back',
      'More (2 left) »',
    ]);
  });

  it('GIVEN an expired "More" token THEN the button is answered politely and removed', async () => {
    let now = NOW;
    const dispatcher = stubDispatcher(() => briefingReply(8));
    harness = await startHarness(dispatcher, { clock: () => now, paging: { ttlMs: 60_000 } });
    const [first] = await harness.send({ chat: ALICE_DM, from: ALICE, text: '/news japan' });
    now += 61_000;
    await harness.press({
      from: ALICE,
      chatId: ALICE_DM.id,
      messageId: first!.message_id,
      data: first!.reply_markup!.inline_keyboard[0]![0]!.callback_data!,
    });
    const [answer] = harness.fake.callsTo('answerCallbackQuery');
    expect(answer?.payload['text']).toMatch(/expired.*\/news/);
    expect(
      harness.fake
        .messagesIn(ALICE_DM.id)
        .find((message) => message.message_id === first?.message_id)?.reply_markup,
    ).toBeUndefined();
  });

  it('GIVEN an unknown button THEN it is just answered', async () => {
    const { harness } = await withEcho();
    harness.fake.addChat(ALICE_DM);
    await harness.press({
      from: ALICE,
      chatId: ALICE_DM.id,
      messageId: 99,
      data: 'something-else',
    });
    expect(harness.fake.callsTo('answerCallbackQuery')).toHaveLength(1);
    expect(harness.fake.callsTo('editMessageText')).toEqual([]);
  });
});

describe('Telegram adapter: deliver', () => {
  const hello: Reply = { type: 'message', text: 'Your briefing' };

  async function deliverError(
    setup: (h: Harness) => void,
    chatId: string = String(GROUP.id),
  ): Promise<DeliveryError> {
    const { harness } = await withEcho({ retry: { maxAttempts: 2, maxDelaySeconds: 5 } });
    setup(harness);
    const error = await harness.adapter.deliver(chatId, hello).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(DeliveryError);
    return error as DeliveryError;
  }

  it('GIVEN a chat THEN deliver sends the rendered reply without replying to anything', async () => {
    const { harness } = await withEcho();
    await harness.adapter.deliver(String(GROUP.id), briefingReply(3));
    const [message] = harness.fake.messagesIn(GROUP.id);
    expect(visible([message!])).toContain('3. Story 3');
    expect(message?.reply_to_message_id).toBeUndefined();
  });

  it('GIVEN a briefing over 4,096 characters THEN Telegram receives several valid messages, in story order', async () => {
    const { harness } = await withEcho();
    const big = briefingReply(5);
    if (big.type !== 'briefing') throw new Error('unreachable');
    for (const story of big.briefing.stories)
      story.summary = `${'A long & <detailed> account. '.repeat(60)}(end of ${story.title})`;
    await harness.adapter.deliver(String(GROUP.id), big);
    const messages = harness.fake.messagesIn(GROUP.id);
    expect(messages.length).toBeGreaterThan(1);
    // The fake refuses invalid HTML and anything over 4,096 visible characters: all were accepted.
    expect(harness.fake.callsTo('sendMessage').every((call) => call.status === 200)).toBe(true);
    const text = visible(messages);
    const order = [1, 2, 3, 4, 5].map((n) => text.indexOf(`${n}. Story ${n}\n`));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    for (let n = 1; n <= 5; n++) expect(text).toContain(`(end of Story ${n})`);
  });

  it('GIVEN a split briefing whose second message fails THEN deliver keeps what was sent and does not fail (a retry would repeat it)', async () => {
    const { harness } = await withEcho();
    const big = briefingReply(5);
    if (big.type !== 'briefing') throw new Error('unreachable');
    for (const story of big.briefing.stories) story.summary = 'A long account. '.repeat(150);
    harness.fake.fail({ method: 'sendMessage', after: 1, failure: { kind: 'server-error' } });
    await harness.adapter.deliver(String(GROUP.id), big);
    const calls = harness.fake.callsTo('sendMessage');
    expect(calls.map((call) => call.status)).toEqual([200, 500]);
    const messages = harness.fake.messagesIn(GROUP.id);
    expect(messages).toHaveLength(1);
    expect(visible(messages)).toContain('1. Story 1');
  });

  it('GIVEN a briefing whose first message fails THEN deliver fails, so the scheduler retries it', async () => {
    const { harness } = await withEcho();
    harness.fake.fail({ method: 'sendMessage', failure: { kind: 'server-error' } });
    const error = await harness.adapter.deliver(String(GROUP.id), briefingReply(3)).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).failure).toBe('transient');
  });

  it('GIVEN pacing of 5 messages/s per chat THEN messages to one chat go out at least ~200 ms apart', async () => {
    const { harness } = await withEcho({
      throttle: { globalPerSecond: 1000, groupPerMinute: 1000, chatPerSecond: 5 },
    });
    await Promise.all(
      [1, 2, 3].map((n) =>
        harness.adapter.deliver(String(GROUP.id), { type: 'message', text: `m${n}` }),
      ),
    );
    const times = harness.fake.callsTo('sendMessage').map((call) => call.at);
    expect(times).toHaveLength(3);
    // A lower bound only (the throttler guarantees it), with slack for transit jitter.
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(150);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(150);
  });

  it('GIVEN a 429 with retry_after 1 THEN the send is retried after it and succeeds', async () => {
    const { harness } = await withEcho();
    harness.fake.fail({ method: 'sendMessage', failure: { kind: 'rate-limited', retryAfter: 1 } });
    await harness.adapter.deliver(String(GROUP.id), hello);
    const sends = harness.fake.callsTo('sendMessage');
    expect(sends.map((call) => call.status)).toEqual([429, 200]);
    // The retry came no sooner than retry_after said (a lower bound, so not timing-flaky).
    expect(sends[1]!.at - sends[0]!.at).toBeGreaterThanOrEqual(990);
    expect(harness.fake.messagesIn(GROUP.id)).toHaveLength(1);
  });

  it('GIVEN a retry_after longer than the adapter waits THEN deliver fails as transient with the wait', async () => {
    const error = await deliverError((h) =>
      h.fake.fail({ method: 'sendMessage', failure: { kind: 'rate-limited', retryAfter: 600 } }),
    );
    expect(error.failure).toBe('transient');
    expect(error.options.retryAfterMs).toBe(600_000);
  });

  it('GIVEN the user blocked the bot (403) THEN deliver fails as permanent', async () => {
    const error = await deliverError((h) =>
      h.fake.fail({ method: 'sendMessage', failure: { kind: 'blocked' } }),
    );
    expect(error.failure).toBe('permanent');
    expect(error.message).toMatch(/403 Forbidden: bot was blocked by the user/);
  });

  it('GIVEN the bot was kicked (403) THEN deliver fails as permanent', async () => {
    const error = await deliverError((h) =>
      h.fake.fail({ method: 'sendMessage', failure: { kind: 'kicked' } }),
    );
    expect(error.failure).toBe('permanent');
  });

  it('GIVEN the chat is gone (400 chat not found) THEN deliver fails as permanent', async () => {
    const error = await deliverError(() => undefined, '-100555');
    expect(error.failure).toBe('permanent');
    expect(error.message).toMatch(/chat not found/);
  });

  it('GIVEN the group became a supergroup THEN deliver fails as moved, naming the new id', async () => {
    const error = await deliverError((h) =>
      h.fake.fail({ method: 'sendMessage', failure: { kind: 'migrated', to: -100777 } }),
    );
    expect(error.failure).toBe('moved');
    expect(error.options.movedTo).toBe('-100777');
  });

  it('GIVEN a 5xx THEN deliver fails as transient at once', async () => {
    const error = await deliverError((h) =>
      h.fake.fail({ method: 'sendMessage', failure: { kind: 'server-error', status: 502 } }),
    );
    expect(error.failure).toBe('transient');
  });

  it('GIVEN a dropped connection THEN deliver fails as transient and the token is not in the error', async () => {
    const error = await deliverError((h) =>
      h.fake.fail({ method: 'sendMessage', failure: { kind: 'drop' } }),
    );
    expect(error.failure).toBe('transient');
    const everything = `${error.message} ${String((error.cause as Error | undefined)?.message)} ${JSON.stringify(error)}`;
    expect(everything).not.toContain(harness!.fake.token);
    expect(everything).not.toContain(harness!.fake.token.split(':')[1]);
  });

  it('GIVEN a chat id that is not Telegram’s THEN deliver fails as permanent without a call', async () => {
    const { harness } = await withEcho();
    await expect(harness.adapter.deliver('console', hello)).rejects.toMatchObject({
      failure: 'permanent',
    });
    expect(harness.fake.callsTo('sendMessage')).toEqual([]);
  });
});
