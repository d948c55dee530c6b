/**
 * The command registry and the dispatcher: the one error boundary between adapters and
 * handlers. Unexpected errors are logged with a short reference and become a polite reply.
 */
import { randomBytes } from 'node:crypto';
import type { CommandRequest, Dispatcher, Suggestion, SuggestRequest } from '../adapter.ts';
import type { Services } from '../services.ts';
import type { Command, CommandContext } from './command.ts';
import { userError, type Reply } from './reply.ts';
import { editDistance } from '../schedule/edit-distance.ts';
import { newsCommand, headlinesCommand } from './news.ts';
import { topicsCommand } from './topics.ts';
import { helpCommand, startCommand } from './help.ts';
import { subscribeCommand } from './subscribe.ts';
import { unsubscribeCommand } from './unsubscribe.ts';
import { subscriptionsCommand } from './subscriptions.ts';
import { sourcesCommand } from './sources.ts';

/** Every command, in help order. Add new commands here. */
export const commands: readonly Command[] = [
  newsCommand,
  headlinesCommand,
  topicsCommand,
  subscribeCommand,
  unsubscribeCommand,
  subscriptionsCommand,
  sourcesCommand,
  helpCommand,
  startCommand,
];

export type Clock = () => number;

export { editDistance };

/** Finds a command by name (case-insensitive). */
export function findCommand(name: string): Command | undefined {
  const wanted = name.toLowerCase();
  return commands.find((command) => command.name === wanted);
}

/** Builds the dispatcher adapters call into. */
export function createDispatcher(services: Services, clock: Clock = Date.now): Dispatcher {
  return {
    async handle(request) {
      const command = findCommand(request.command);
      if (command === undefined) return unknownCommand(request.command);
      const context = contextFor(request, services, clock());
      const refusal = refuse(command, context);
      if (refusal !== undefined) return refusal;
      try {
        return await command.run(context);
      } catch (error) {
        const ref = randomBytes(3).toString('hex');
        services.log.error(
          {
            err: error,
            ref,
            command: command.name,
            platform: request.chat.platform,
            chat: request.chat.id,
          },
          'command failed',
        );
        return userError('internal', `Something went wrong (ref ${ref}). Please try again later.`);
      }
    },

    async suggest(request: SuggestRequest): Promise<Suggestion[]> {
      const command = findCommand(request.command);
      if (command?.suggest === undefined) return [];
      try {
        return (await command.suggest(request, services, clock())).slice(0, 25);
      } catch (error) {
        services.log.warn({ err: error, command: command.name }, 'suggestions failed');
        return [];
      }
    },

    async moveChat(chat, newId) {
      services.log.info({ platform: chat.platform, from: chat.id, to: newId }, 'chat moved');
      try {
        await services.store?.moveChat(chat.platform, chat.id, newId);
      } catch (error) {
        services.log.error(
          { err: error, platform: chat.platform, from: chat.id, to: newId },
          'subscriptions could not follow a moved chat',
        );
      }
    },
  };
}

function contextFor(request: CommandRequest, services: Services, now: number): CommandContext {
  const { platform } = request.chat;
  // Whoever types at the console runs the process: they own this bot.
  const isOwner =
    platform === 'console' || services.config.owners.includes(`${platform}:${request.user.id}`);
  return { request, now, services, isOwner, isAdmin: isOwner || request.isAdmin };
}

function refuse(command: Command, context: CommandContext): Reply | undefined {
  if (command.audience === 'owners' && !context.isOwner) {
    return userError('not-allowed', `/${command.name} is only for the bot's owners.`);
  }
  if (command.audience === 'admins' && !context.isAdmin) {
    return userError(
      'not-allowed',
      context.request.chat.kind === 'private'
        ? `Only admins of this chat can use /${command.name}.`
        : `Only ${context.request.chat.platform === 'telegram' ? 'group' : 'channel'} admins can change subscriptions.`,
    );
  }
  return undefined;
}

function unknownCommand(name: string): Reply {
  const listed = commands.filter((command) => command.listed).map((command) => command.name);
  const nearest = listed
    .map((candidate) => ({ candidate, distance: editDistance(name.toLowerCase(), candidate) }))
    .sort((a, b) => a.distance - b.distance)[0];
  const hint =
    nearest !== undefined && nearest.distance <= 2 ? ` Did you mean /${nearest.candidate}?` : '';
  const shown = name.length > 32 ? `${name.slice(0, 32)}…` : name;
  return userError('unknown-command', `Unknown command /${shown}.${hint} Type /help for the list.`);
}
