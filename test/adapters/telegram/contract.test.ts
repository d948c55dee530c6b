/**
 * The shared adapter contract, played on Telegram: a supergroup with an administrator
 * and a plain member, the real app, the real grammY client, the fake Bot API.
 */
import { createTelegramAdapter } from '../../../adapters/telegram/index.ts';
import { silentLogger } from '../../../src/log.ts';
import { adapterContract } from '../../contract/adapter-contract.ts';
import { FakeTelegramApi } from '../../fakes/telegram-api.ts';
import { ALICE, BOB, FAST_THROTTLE, GROUP, visible } from './harness.ts';

adapterContract('telegram', async (app) => {
  const fake = await FakeTelegramApi.start();
  fake.addChat(GROUP);
  fake.setMember(GROUP.id, ALICE, 'administrator');
  fake.setMember(GROUP.id, BOB, 'member');
  fake.setMember(GROUP.id, fake.bot, 'member');
  const adapter = createTelegramAdapter({
    token: fake.token,
    apiRoot: fake.apiRoot,
    log: silentLogger,
    throttle: FAST_THROTTLE,
  });
  await app.start([adapter]);

  const newMessages = async (action: () => Promise<void>) => {
    const before = fake.messagesIn(GROUP.id).length;
    await action();
    return visible(fake.messagesIn(GROUP.id).slice(before));
  };

  return {
    hasNonAdmins: true,
    send: (text, as) =>
      newMessages(async () => {
        await fake.waitForConfirmation(
          fake.sendText({ chat: GROUP, from: as?.admin === true ? ALICE : BOB, text }),
        );
        await adapter.idle();
      }),
    deliver: (reply) => newMessages(() => adapter.deliver(String(GROUP.id), reply)),
    async close() {
      await adapter.stop();
      await fake.close();
    },
  };
});
