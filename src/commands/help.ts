/**
 * `/help` (and `/start`, the greeting platforms send first): the usage of every command,
 * built from the registry so it never drifts from the commands.
 */
import type { Command } from './command.ts';
// A cycle with the registry, safe because `commands` is only read when a command runs.
import { commands } from './index.ts';
import { message, type Reply } from './reply.ts';

const AUDIENCE_NOTE = { anyone: '', admins: ' (chat admins)', owners: ' (bot owners)' } as const;

function helpReply(title: string, text: string): Promise<Reply> {
  const lines = commands
    .filter((command) => command.listed)
    .map(
      (command) =>
        `/${command.name}${command.usage === '' ? '' : ` ${command.usage}`} — ${command.description}${AUDIENCE_NOTE[command.audience]}`,
    );
  return Promise.resolve(message({ title, text, sections: [{ heading: 'Commands', lines }] }));
}

export const helpCommand: Command = {
  name: 'help',
  usage: '',
  description: 'How to use Herald',
  audience: 'anyone',
  listed: true,
  options: [],
  run: () =>
    helpReply(
      'Herald help',
      'Herald briefs you on the news: ranked stories, duplicates merged, each with a short summary and its source. Examples: /news japan, /headlines economy, /news 日本.',
    ),
};

export const startCommand: Command = {
  name: 'start',
  usage: '',
  description: 'Greeting and usage',
  audience: 'anyone',
  listed: false,
  options: [],
  run: () =>
    helpReply(
      'Welcome to Herald',
      'I brief you on the news. Try /news japan for a briefing or /headlines for a quick digest.',
    ),
};
