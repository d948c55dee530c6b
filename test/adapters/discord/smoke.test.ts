import { expect, it } from 'vitest';
import { createDiscordAdapter } from '../../../adapters/discord/index.ts';
import { createLogger } from '../../../src/log.ts';
import type { Dispatcher } from '../../../src/adapter.ts';
import { startFakeDiscord } from '../../fakes/discord-api.ts';

it('smoke', async () => {
  const fake = await startFakeDiscord();
  const log = createLogger('debug');
  const adapter = createDiscordAdapter({ token: fake.token, applicationId: fake.applicationId, apiBase: fake.apiBase, guildId: fake.guild.id, log });
  const dispatcher: Dispatcher = {
    handle: (r) => Promise.resolve({ type: 'message', title: 'Hi', text: `you said ${r.args} admin=${r.isAdmin} chat=${r.chat.kind} ${r.chat.title}` }),
    suggest: () => Promise.resolve([{ name: 'Japan', value: 'japan' }]),
    moveChat: () => Promise.resolve(),
  };
  await adapter.start(dispatcher);
  console.log(fake.identifies[0]?.['intents'], fake.requests.map((r) => `${r.route} ${r.status}`));
  const i = fake.slashCommand({ name: 'news', options: { topic: 'japan' } });
  await fake.waitForAnswer(i);
  console.log(JSON.stringify(i.original), i.token, fake.requests.at(-1)?.path);
  const dm = fake.slashCommand({ name: 'news', options: { topic: 'x' }, channel: fake.dmChannel(fake.users.member), user: fake.users.member });
  await fake.waitForAnswer(dm);
  console.log(JSON.stringify(dm.original?.embeds));
  const ac = fake.autocomplete({ name: 'news', focused: 'topic', value: 'ja' });
  await fake.waitForAnswer(ac);
  console.log(ac.choices);
  await adapter.stop();
  await fake.close();
  expect(1).toBe(1);
});
