/**
 * Herald on Telegram end to end: the real app (engine, commands, store on SQLite) behind
 * the real adapter and grammY, against the fake Bot API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramAdapter, type TelegramAdapter } from '../../../adapters/telegram/index.ts';
import { silentLogger } from '../../../src/log.ts';
import {
  FakeTelegramApi,
  type FakeChat,
  type FakeUser,
  type SentMessage,
} from '../../fakes/telegram-api.ts';
import { makeTestApp, type TestApp } from '../../helpers/app.ts';
import {
  ALICE,
  ALICE_DM,
  BOB,
  BOB_DM,
  CHANNEL,
  FAST_THROTTLE,
  GROUP,
  GROUP_ANONYMOUS_BOT,
  visible,
} from './harness.ts';

let test: TestApp;
let fake: FakeTelegramApi;
let adapter: TelegramAdapter;

beforeAll(async () => {
  test = await makeTestApp();
  fake = await FakeTelegramApi.start();
  fake.addChat(ALICE_DM);
  fake.addChat(BOB_DM);
  fake.addChat(GROUP);
  fake.addChat(CHANNEL);
  fake.setMember(CHANNEL.id, ALICE, 'creator');
  fake.setMember(CHANNEL.id, fake.bot, 'administrator');
  fake.setMember(GROUP.id, ALICE, 'administrator');
  fake.setMember(GROUP.id, BOB, 'member');
  fake.setMember(GROUP.id, fake.bot, 'member');
  adapter = createTelegramAdapter({
    token: fake.token,
    apiRoot: fake.apiRoot,
    log: silentLogger,
    clock: () => test.clock.now,
    throttle: FAST_THROTTLE,
  });
  await test.app.start([adapter]);
});

afterAll(async () => {
  await adapter.stop();
  await fake.close();
  await test.cleanup();
});

async function send(
  chat: FakeChat,
  text: string,
  from: FakeUser = chat.type === 'private' ? ALICE : BOB,
  senderChat?: FakeChat,
): Promise<SentMessage[]> {
  const before = fake.messagesIn(chat.id).length;
  const update = fake.sendText({
    chat,
    from,
    text,
    ...(senderChat === undefined ? {} : { senderChat }),
  });
  await fake.waitForConfirmation(update);
  await adapter.idle();
  return fake.messagesIn(chat.id).slice(before);
}

const chats = [
  ['a private chat', ALICE_DM],
  ['a group', GROUP],
] as const;

describe.each(chats)('Telegram commands in %s', (_label, chat) => {
  it('GIVEN /news japan THEN one HTML briefing with bold linked titles, summaries and sources, previews off', async () => {
    const answer = await send(chat, '/news japan');
    expect(answer).toHaveLength(1);
    const [message] = answer;
    expect(message?.parse_mode).toBe('HTML');
    expect(message?.link_preview_options).toEqual({ is_disabled: true });
    expect(message?.text).toMatch(
      /<b>1\. (<a href="[^"]+">)?Japan and US Arranging Ishiba–Trump Meeting/,
    );
    const text = visible(answer);
    expect(text).toMatch(/^News: japan — \d+ stor/);
    expect(text).toContain('Japan Election 2026: Sanae Takaichi');
    expect(text).not.toMatch(/Starbucks|Pentagon/);
  });

  it('GIVEN /headlines THEN a compact digest, with a "More" button for what does not fit one screen', async () => {
    const [message, ...rest] = await send(chat, '/headlines');
    expect(rest).toEqual([]);
    expect(visible([message!])).toMatch(/^Headlines — \d+ stories\n1\. /);
    expect(message?.reply_markup?.inline_keyboard[0]?.[0]?.text).toMatch(/^More \(\d+ left\) »$/);
  });

  it('GIVEN /topics THEN the topics and what is trending', async () => {
    const text = visible(await send(chat, '/topics'));
    expect(text).toMatch(/^Topics\n/);
    expect(text.toLowerCase()).toContain('japan');
    expect(text).toMatch(/Trending now\n• /);
  });

  it('GIVEN /help THEN every listed command is explained', async () => {
    const text = visible(await send(chat, '/help'));
    expect(text).toMatch(/^Herald help\n/);
    for (const command of ['/news', '/headlines', '/topics', '/help'])
      expect(text).toContain(command);
  });

  it('GIVEN /start THEN a greeting with the usage', async () => {
    expect(visible(await send(chat, '/start'))).toMatch(/^Welcome to Herald\n[\s\S]*\/news/);
  });

  it('GIVEN a mistyped command THEN a plain warning points to the right one', async () => {
    const [message] = await send(chat, '/nwes japan');
    expect(message?.parse_mode).toBeUndefined();
    expect(message?.text).toMatch(/^⚠️ Unknown command \/nwes\. Did you mean \/news\?/);
  });

  it('GIVEN a topic with markup THEN it is refused with a specific message', async () => {
    expect(visible(await send(chat, '/news <script>'))).toMatch(
      /^⚠️ A topic can only hold letters/,
    );
  });
});

describe('Telegram commands: details', () => {
  it('GIVEN /news@HeraldBot japan in a group THEN the same briefing as /news japan', async () => {
    const plain = visible(await send(GROUP, '/news japan'));
    const addressed = visible(await send(GROUP, '/news@HeraldBot japan'));
    expect(addressed).toBe(plain);
  });

  it('GIVEN /news@OtherBot japan in a group THEN Herald stays quiet', async () => {
    expect(await send(GROUP, '/news@OtherBot japan')).toEqual([]);
  });

  it('GIVEN hostile headlines THEN Telegram accepts the HTML and shows the text literally, links escaped', async () => {
    const answer = await send(GROUP, '/news markets');
    const raw = answer.map((message) => message.text).join('\n');
    expect(raw).toContain('<script>'.replace('<', '&lt;').replace('>', '&gt;'));
    expect(raw).toContain('href="https://example.com/markets?a=1&amp;b=%222%22"');
    const text = visible(answer);
    expect(text).toContain('@everyone');
    expect(text).toContain('<@&123456>');
    expect(text).toContain('investors cheered <script>alert(1)</script> the news');
  });

  it('GIVEN the "More" button of /headlines THEN the message turns to the next page', async () => {
    const [first] = await send(ALICE_DM, '/headlines');
    const more = first?.reply_markup?.inline_keyboard[0]?.[0];
    await fake.waitForConfirmation(
      fake.pressButton({
        from: ALICE,
        chatId: ALICE_DM.id,
        messageId: first!.message_id,
        data: more!.callback_data!,
      }),
    );
    await adapter.idle();
    const edited = fake
      .messagesIn(ALICE_DM.id)
      .find((message) => message.message_id === first?.message_id);
    expect(visible([edited!])).toMatch(/^Headlines — stories 11–\d+ of \d+\n11\. /);
    expect(edited?.reply_markup?.inline_keyboard[0]?.[0]?.text).toBe('« Back');
  });

  it('GIVEN a member of a group THEN /subscribe is refused; an admin THEN it is accepted', async () => {
    const refused = visible(await send(GROUP, '/subscribe japan 08:00 Asia/Tokyo', BOB));
    expect(refused).toBe('⚠️ Only group admins can change subscriptions.');
    const accepted = visible(await send(GROUP, '/subscribe japan 08:00 Asia/Tokyo', ALICE));
    expect(accepted).toMatch(/Subscribed: japan news every day at 08:00 Asia\/Tokyo/);
    expect(visible(await send(GROUP, '/unsubscribe japan', ALICE))).toMatch(/japan/);
  });

  it('GIVEN an anonymous admin of a group THEN /subscribe is accepted', async () => {
    const accepted = visible(
      await send(GROUP, '/subscribe economy 09:00 UTC', GROUP_ANONYMOUS_BOT, GROUP),
    );
    expect(accepted).toMatch(/Subscribed: economy news every day at 09:00 UTC/);
    expect(visible(await send(GROUP, '/unsubscribe economy', GROUP_ANONYMOUS_BOT, GROUP))).toMatch(
      /economy/,
    );
  });

  it('GIVEN /subscribe posted in a channel THEN it is accepted (only admins post there) and listed there', async () => {
    const accepted = visible(await send(CHANNEL, '/subscribe world 07:00 UTC', undefined, CHANNEL));
    expect(accepted).toMatch(/Subscribed: world news every day at 07:00 UTC/);
    expect(visible(await send(CHANNEL, '/subscriptions', undefined, CHANNEL))).toContain('world');
    expect(visible(await send(CHANNEL, '/unsubscribe world', undefined, CHANNEL))).toMatch(/world/);
  });

  it('GIVEN /subscribe @channel from a private chat THEN its admin subscribes the channel; others are refused', async () => {
    const accepted = visible(
      await send(ALICE_DM, '/subscribe @herald_daily japan 08:00 UTC', ALICE),
    );
    expect(accepted).toMatch(/Subscribed: japan news every day at 08:00 UTC/);
    const store = test.app.services.store;
    const [subscription] =
      (await store?.subscriptions.forChat('telegram', String(CHANNEL.id))) ?? [];
    expect(subscription).toMatchObject({ chatId: String(CHANNEL.id) });
    expect(await store?.subscriptions.forChat('telegram', String(ALICE_DM.id))).toEqual([]);
    expect(visible(await send(ALICE_DM, '/subscriptions @herald_daily', ALICE))).toContain('japan');

    const refused = visible(await send(BOB_DM, '/unsubscribe @herald_daily japan', BOB));
    expect(refused).toBe('⚠️ Only admins of @herald_daily can change its subscriptions.');
    expect(visible(await send(ALICE_DM, '/unsubscribe @herald_daily japan', ALICE))).toMatch(
      /japan/,
    );
  });
});
