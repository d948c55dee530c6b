/**
 * Scheduled briefings on Telegram: subscriptions made with real commands through the
 * adapter, delivered by the real scheduler (ticked with a controlled clock) through the
 * adapter and grammY to the fake Bot API; refusals pause, migrations are followed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTelegramAdapter, type TelegramAdapter } from '../../../adapters/telegram/index.ts';
import { silentLogger } from '../../../src/log.ts';
import type { Scheduler } from '../../../src/scheduler/index.ts';
import type { Store } from '../../../src/store/index.ts';
import {
  FakeTelegramApi,
  type FakeChat,
  type FakeUser,
  type SentMessage,
} from '../../fakes/telegram-api.ts';
import { makeTestApp, type TestApp } from '../../helpers/app.ts';
import { ALICE, BOB, BOB_DM, FAST_THROTTLE, GROUP, visible } from './harness.ts';

const DAY = 24 * 60 * 60 * 1000;

let test: TestApp;
let store: Store;
let fake: FakeTelegramApi;
let adapter: TelegramAdapter;
let scheduler: Scheduler;
/** 13:00 UTC on the test day (the app's clock starts at 12:00). */
let onePm: number;

beforeEach(async () => {
  // The app as production wires it (store, dispatcher, scheduler), ticked by hand.
  test = await makeTestApp();
  onePm = test.clock.now + 60 * 60 * 1000;
  fake = await FakeTelegramApi.start();
  fake.addChat(GROUP);
  fake.addChat(BOB_DM);
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
  if (test.app.scheduler === undefined || test.app.services.store === undefined) {
    throw new Error('the test app has no store and scheduler');
  }
  scheduler = test.app.scheduler;
  store = test.app.services.store;
  await scheduler.idle();
});

afterEach(async () => {
  try {
    await test.cleanup();
  } finally {
    await fake.close();
  }
});

async function send(chat: FakeChat, from: FakeUser, text: string): Promise<string> {
  const before = fake.messagesIn(chat.id).length;
  await fake.waitForConfirmation(fake.sendText({ chat, from, text }));
  await adapter.idle();
  return visible(fake.messagesIn(chat.id).slice(before));
}

async function tickAt(time: number) {
  test.clock.set(time);
  return scheduler.tick(time);
}

function since(chatId: number, before: number): SentMessage[] {
  return fake.messagesIn(chatId).slice(before);
}

describe('Telegram scheduled briefings', () => {
  it('GIVEN a group subscribed by its admin THEN at the due minute the briefing arrives there as HTML, once', async () => {
    expect(await send(GROUP, ALICE, '/subscribe japan 13:00 UTC')).toMatch(
      /^Subscribed: japan news every day at 13:00 UTC/,
    );
    const before = fake.messagesIn(GROUP.id).length;

    expect(await tickAt(onePm - 60_000)).toMatchObject({ due: 0 });
    expect(await tickAt(onePm + 5_000)).toMatchObject({ due: 1, delivered: 1 });
    expect(await tickAt(onePm + 65_000)).toMatchObject({ due: 0 });

    const delivered = since(GROUP.id, before);
    expect(delivered).toHaveLength(1);
    const [message] = delivered;
    expect(message?.parse_mode).toBe('HTML');
    expect(message?.link_preview_options).toEqual({ is_disabled: true });
    expect(message?.reply_to_message_id).toBeUndefined();
    expect(visible(delivered)).toMatch(/^Your 13:00 briefing on japan\.\nNews: japan — \d+ stor/);
    expect(visible(delivered)).toContain('Japan Election 2026: Sanae Takaichi');
    expect(await send(GROUP, BOB, '/subscriptions')).toContain('Last delivery: Wed 25 Nov, 13:00');
  });

  it('GIVEN a user who blocked the bot (403) THEN three refused deliveries pause the subscription, visible once unblocked', async () => {
    expect(await send(BOB_DM, BOB, '/subscribe japan 13:00 UTC')).toMatch(/^Subscribed/);
    fake.fail({
      method: 'sendMessage',
      chatId: BOB_DM.id,
      times: Infinity,
      failure: { kind: 'blocked' },
    });
    for (let day = 0; day < 3; day++) {
      expect(await tickAt(onePm + day * DAY)).toMatchObject({ due: 1, failed: 1 });
    }
    const [subscription] = await store.subscriptions.forChat('telegram', String(BOB_DM.id));
    expect(subscription).toMatchObject({
      failures: 3,
      paused: { reason: expect.stringMatching(/bot was blocked by the user/) as unknown },
    });
    expect(scheduler.stats.paused).toBe(1);
    expect(await tickAt(onePm + 3 * DAY)).toMatchObject({ due: 0 });

    // Bob unblocks the bot: /subscriptions shows the pause, /subscribe resumes.
    fake.clearFailures();
    expect(await send(BOB_DM, BOB, '/subscriptions')).toMatch(
      /paused since .*bot was blocked by the user/,
    );
    expect(await send(BOB_DM, BOB, '/subscribe japan')).toMatch(/^Resumed: japan news/);
    const before = fake.messagesIn(BOB_DM.id).length;
    expect(await tickAt(onePm + 4 * DAY)).toMatchObject({ due: 1, failed: 0 });
    expect(since(BOB_DM.id, before)).toHaveLength(1);
  });

  it('GIVEN a group upgraded to a supergroup (service message) THEN its subscriptions follow to the new id', async () => {
    const oldGroup: FakeChat = { id: -4242, type: 'group', title: 'Old group' };
    const newGroup: FakeChat = { id: -1004242, type: 'supergroup', title: 'Old group' };
    fake.addChat(oldGroup);
    fake.setMember(oldGroup.id, ALICE, 'creator');
    expect(await send(oldGroup, ALICE, '/subscribe japan 13:00 UTC')).toMatch(/^Subscribed/);

    fake.migrateChat(oldGroup.id, newGroup);
    await fake.waitForConfirmation(fake.pushMigration(oldGroup, newGroup.id, ALICE));
    await adapter.idle();

    expect(await store.subscriptions.forChat('telegram', String(oldGroup.id))).toEqual([]);
    expect(await send(newGroup, BOB, '/subscriptions')).toContain('japan');
    expect(await tickAt(onePm)).toMatchObject({ delivered: 1 });
    expect(visible(fake.messagesIn(newGroup.id))).toContain('Your 13:00 briefing on japan.');
  });

  it('GIVEN a delivery answered with migrate_to_chat_id THEN the briefing follows to the supergroup and so does the subscription', async () => {
    const oldGroup: FakeChat = { id: -5555, type: 'group', title: 'Quiet group' };
    const newGroup: FakeChat = { id: -1005555, type: 'supergroup', title: 'Quiet group' };
    fake.addChat(oldGroup);
    fake.setMember(oldGroup.id, ALICE, 'administrator');
    expect(await send(oldGroup, ALICE, '/subscribe japan 13:00 UTC')).toMatch(/^Subscribed/);
    fake.migrateChat(oldGroup.id, newGroup);

    expect(await tickAt(onePm)).toMatchObject({ delivered: 1 });
    const failed = fake
      .callsTo('sendMessage')
      .find(
        (call) => String(call.payload['chat_id']) === String(oldGroup.id) && call.status === 400,
      );
    expect(failed?.error).toBe('Bad Request: group chat was upgraded to a supergroup chat');
    expect(visible(fake.messagesIn(newGroup.id))).toContain('Your 13:00 briefing on japan.');
    expect(await store.subscriptions.forChat('telegram', String(oldGroup.id))).toEqual([]);
    expect(await store.subscriptions.forChat('telegram', String(newGroup.id))).toHaveLength(1);
  });
});
