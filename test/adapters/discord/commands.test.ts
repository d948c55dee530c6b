import { afterEach, describe, expect, it } from 'vitest';
import { registerCommands, slashCommands } from '../../../adapters/discord/index.ts';
import type { Command } from '../../../src/commands/command.ts';
import { commands } from '../../../src/commands/index.ts';
import { message } from '../../../src/commands/reply.ts';
import { silentLogger } from '../../../src/log.ts';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord-api.ts';

const GUILD = 0;
const BOT_DM = 1;
const GUILD_INSTALL = 0;
const STRING = 3;

function command(overrides: Partial<Command>): Command {
  return {
    name: 'example',
    usage: '',
    description: 'An example',
    audience: 'anyone',
    listed: true,
    options: [],
    run: () => Promise.resolve(message({ text: 'ok' })),
    ...overrides,
  };
}

describe('Discord slash commands', () => {
  let fake: FakeDiscord | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it('GIVEN the registry THEN every listed command is a slash command usable in servers and DMs, and unlisted ones are not', () => {
    const built = slashCommands();
    const listed = commands.filter((entry) => entry.listed).map((entry) => entry.name);
    expect(built.map((entry) => entry.name)).toEqual(listed);
    expect(built.map((entry) => entry.name)).not.toContain('start');
    for (const entry of built) {
      expect(entry.contexts).toEqual([GUILD, BOT_DM]);
      expect(entry.integration_types).toEqual([GUILD_INSTALL]);
      expect(entry.description.length).toBeLessThanOrEqual(100);
    }
    const news = built.find((entry) => entry.name === 'news');
    expect(news?.options).toEqual([
      expect.objectContaining({ type: STRING, name: 'topic', required: false, autocomplete: true }),
    ]);
  });

  it('GIVEN admin and owner commands THEN they carry default member permissions (Manage Channels; administrators only)', () => {
    const built = slashCommands([
      command({ name: 'subscribe', audience: 'admins' }),
      command({ name: 'sources', audience: 'owners' }),
      command({ name: 'help' }),
    ]);
    expect(built.map((entry) => entry.default_member_permissions)).toEqual(['16', '0', undefined]);
  });

  it('GIVEN options declared optional-first, with choices and a long description THEN Discord gets required first, choices, and a description within 100', () => {
    const [built] = slashCommands([
      command({
        name: 'subscribe',
        description: 'x'.repeat(140),
        options: [
          { name: 'days', description: 'Which days', required: false },
          { name: 'topic', description: 'Topic', required: true, autocomplete: true },
          { name: 'kind', description: 'Kind', required: false, choices: ['news', 'headlines'] },
        ],
      }),
    ]);
    expect(built?.description).toHaveLength(100);
    expect(built?.options?.map((option) => option.name)).toEqual(['topic', 'days', 'kind']);
    expect(built?.options?.[2]).toMatchObject({
      choices: [
        { name: 'news', value: 'news' },
        { name: 'headlines', value: 'headlines' },
      ],
    });
  });

  it('GIVEN a guild id THEN registration bulk-overwrites the guild commands, else the global ones', async () => {
    fake = await startFakeDiscord();
    const base = {
      token: fake.token,
      applicationId: fake.applicationId,
      apiBase: fake.apiBase,
      log: silentLogger,
    };

    const guild = await registerCommands({ ...base, guildId: fake.guild.id });
    const global = await registerCommands({ ...base, guildId: null });

    expect(guild.scope).toBe('guild');
    expect(global.scope).toBe('global');
    expect(fake.requests.map((request) => request.route)).toEqual([
      'PUT /applications/:id/guilds/:id/commands',
      'PUT /applications/:id/commands',
    ]);
    expect(fake.requests.every((request) => request.status === 200)).toBe(true);
    expect(fake.commands.get(fake.guild.id)?.map((entry) => entry['name'])).toEqual(guild.names);
    expect(fake.commands.get('global')?.map((entry) => entry['name'])).toEqual(global.names);
  });

  it('GIVEN a wrong token THEN registration fails with the status and without the token', async () => {
    fake = await startFakeDiscord();
    const failure = registerCommands({
      token: 'wrong-secret-token',
      applicationId: fake.applicationId,
      apiBase: fake.apiBase,
      guildId: null,
      log: silentLogger,
    });
    await expect(failure).rejects.toThrow(
      /Discord refused the slash command registration \(global\): 401/,
    );
    await expect(failure).rejects.not.toThrow(/wrong-secret-token/);
  });
});
