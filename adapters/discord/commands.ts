/**
 * Slash command definitions, built from the command registry so Discord's menu never
 * drifts from the handlers, and their registration (a bulk overwrite, to one guild for
 * development or globally).
 */
import {
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  REST,
  Routes,
  SlashCommandBuilder,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Command } from '../../src/commands/command.ts';
import { commands as registry } from '../../src/commands/index.ts';
import type { Logger } from '../../src/log.ts';
import { describeDiscordError } from './errors.ts';
import { COMMAND_DESCRIPTION_LIMIT, COMMAND_OPTIONS_LIMIT } from './limits.ts';

/**
 * Members who may use admin commands unless a server overrides it in its Integrations
 * settings. The adapter checks Manage Channels (or Manage Server) again at run time,
 * so an override cannot let a non-admin change subscriptions.
 */
export const ADMIN_COMMAND_PERMISSIONS = PermissionFlagsBits.ManageChannels;

/**
 * The slash commands for the listed commands of the registry: string options with
 * autocomplete or choices as the command declares; usable in servers and in DMs with
 * the bot; admin commands hidden from members without Manage Channels by default,
 * owner commands from everyone but server administrators (`"0"`).
 * @throws Error when a command's name or options break Discord's rules (a registry bug).
 */
export function slashCommands(
  commands: readonly Command[] = registry,
): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return commands.filter((command) => command.listed).map(slashCommand);
}

function slashCommand(command: Command): RESTPostAPIChatInputApplicationCommandsJSONBody {
  if (command.options.length > COMMAND_OPTIONS_LIMIT) {
    throw new Error(
      `/${command.name} has ${command.options.length} options; Discord allows ${COMMAND_OPTIONS_LIMIT}`,
    );
  }
  const builder = new SlashCommandBuilder()
    .setName(command.name)
    .setDescription(describe(command.description))
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall);
  if (command.audience === 'admins') builder.setDefaultMemberPermissions(ADMIN_COMMAND_PERMISSIONS);
  if (command.audience === 'owners') builder.setDefaultMemberPermissions(0n);
  // Discord requires required options before optional ones; the registry's order is kept otherwise.
  const ordered = [...command.options].sort((a, b) => Number(b.required) - Number(a.required));
  for (const option of ordered) {
    builder.addStringOption((string) => {
      string
        .setName(option.name)
        .setDescription(describe(option.description))
        .setRequired(option.required);
      if (option.choices !== undefined && option.choices.length > 0) {
        string.addChoices(...option.choices.map((choice) => ({ name: choice, value: choice })));
      } else if (option.autocomplete === true) {
        string.setAutocomplete(true);
      }
      return string;
    });
  }
  return builder.toJSON();
}

function describe(text: string): string {
  const trimmed = text.trim() === '' ? 'No description' : text.trim();
  return trimmed.length <= COMMAND_DESCRIPTION_LIMIT
    ? trimmed
    : `${trimmed.slice(0, COMMAND_DESCRIPTION_LIMIT - 1).trimEnd()}…`;
}

export interface RegisterOptions {
  token: string;
  applicationId: string;
  /** REST base, as `DISCORD_API_BASE` (`https://discord.com/api`); the version is added. */
  apiBase: string;
  /** Register in this guild only (instant; for development), else globally. */
  guildId: string | null;
  log: Logger;
  /** An existing REST client to share its rate limits (the adapter passes its own). */
  rest?: REST;
}

/** What `registerCommands` did. */
export interface Registration {
  scope: 'guild' | 'global';
  names: string[];
}

/**
 * Registers Herald's slash commands with one bulk overwrite (`PUT`), replacing whatever
 * was registered before, so removed commands disappear.
 * @throws Error with the HTTP status and Discord's message (never the token) when Discord refuses.
 * @example await registerCommands({ token, applicationId, apiBase, guildId: null, log })
 */
export async function registerCommands(options: RegisterOptions): Promise<Registration> {
  const rest = options.rest ?? new REST({ api: options.apiBase }).setToken(options.token);
  const body = slashCommands();
  const route =
    options.guildId === null
      ? Routes.applicationCommands(options.applicationId)
      : Routes.applicationGuildCommands(options.applicationId, options.guildId);
  const scope = options.guildId === null ? 'global' : 'guild';
  try {
    await rest.put(route, { body });
  } catch (error) {
    const described = describeDiscordError(error);
    throw new Error(
      `Discord refused the slash command registration (${scope}): ${described.summary}`,
      { cause: error },
    );
  }
  const names = body.map((command) => command.name);
  options.log.info(
    { scope, guild: options.guildId ?? undefined, commands: names },
    'discord slash commands registered',
  );
  return { scope, names };
}
