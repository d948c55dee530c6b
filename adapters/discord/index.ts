/**
 * The Discord adapter's public face, for the composition roots (`src/main.ts`, `src/cli.ts`).
 */
export {
  createDiscordAdapter,
  isChannelAdmin,
  DEFER_AFTER_MS,
  DELIVERIES_PER_SECOND,
  type DiscordAdapter,
  type DiscordAdapterOptions,
} from './discord-adapter.ts';
export {
  registerCommands,
  slashCommands,
  type RegisterOptions,
  type Registration,
} from './commands.ts';
