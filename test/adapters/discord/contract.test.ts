import { createDiscordAdapter, slashCommands } from '../../../adapters/discord/index.ts';
import { parseCommandText } from '../../../src/commands/text.ts';
import { silentLogger } from '../../../src/log.ts';
import { adapterContract } from '../../contract/adapter-contract.ts';
import { MEMBER_PERMISSIONS, PERMISSION, startFakeDiscord } from '../../fakes/discord-api.ts';
import { answers, visibleText } from './harness.ts';

/**
 * Drives the real Discord adapter through the fake Discord: a command line becomes the
 * slash command a user would fill in (words go to the options in Discord's order, the
 * last option taking the rest; `-name value` fills a named option), sent by an admin
 * (Manage Channels) or a plain member of the guild channel.
 */
adapterContract('discord', async (app) => {
  const fake = await startFakeDiscord();
  const adapter = createDiscordAdapter({
    token: fake.token,
    applicationId: fake.applicationId,
    apiBase: fake.apiBase,
    guildId: fake.guild.id,
    log: silentLogger,
  });
  await app.start([adapter]);
  const definitions = new Map(slashCommands().map((command) => [command.name, command]));

  function toOptions(name: string, args: string): Record<string, string> {
    const names = (definitions.get(name)?.options ?? []).map((option) => option.name);
    const options: Record<string, string> = {};
    const words = args.split(/\s+/).filter(Boolean);
    const positional: string[] = [];
    for (let i = 0; i < words.length; i++) {
      const flag = /^-(\w+)$/.exec(words[i] ?? '');
      if (flag !== null && names.includes(flag[1] ?? '') && i + 1 < words.length) {
        options[flag[1] as string] = words[++i] as string;
      } else {
        positional.push(words[i] as string);
      }
    }
    const free = names.filter((option) => !(option in options));
    free.forEach((option, index) => {
      const value =
        index === free.length - 1 ? positional.slice(index).join(' ') : positional[index];
      if (value !== undefined && value !== '') options[option] = value;
    });
    return options;
  }

  return {
    hasNonAdmins: true,
    async send(text, as = { admin: false }) {
      const parsed = parseCommandText(text);
      if (parsed === null) throw new Error(`not a command: ${text}`);
      const interaction = fake.slashCommand({
        name: parsed.command,
        options: toOptions(parsed.command, parsed.args),
        user: as.admin ? fake.users.admin : fake.users.member,
        permissions: as.admin ? MEMBER_PERMISSIONS | PERMISSION.ManageChannels : MEMBER_PERMISSIONS,
        // A command Discord does not offer can still arrive from a stale registration.
        unregistered: !definitions.has(parsed.command),
      });
      await fake.waitForAnswer(interaction);
      await adapter.idle();
      return answers(interaction).map(visibleText).join('\n');
    },
    async deliver(reply) {
      const channel = fake.addTextChannels(1)[0]!;
      await adapter.deliver(channel.id, reply);
      return fake.channelMessages(channel.id).map(visibleText).join('\n');
    },
    async close() {
      await adapter.stop();
      await fake.close();
    },
  };
});
