/**
 * Herald on Discord with discord.js: slash commands in, embeds out, scheduled briefings
 * posted through the REST API. Gateway intent `Guilds` only (interactions need no
 * privileged intent). One discord.js REST client serves interactions and deliveries, so
 * its per-route queues and the 50 requests/s global limit see every request.
 */
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  Client,
  Events,
  GatewayIntentBits,
  Options,
  PermissionFlagsBits,
  Routes,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
  type InteractionUpdateOptions,
  type RateLimitData,
} from 'discord.js';
import {
  DeliveryError,
  type ChatAdapter,
  type ChatRef,
  type CommandRequest,
  type Dispatcher,
} from '../../src/adapter.ts';
import { findCommand } from '../../src/commands/index.ts';
import type { Reply } from '../../src/commands/reply.ts';
import type { Logger } from '../../src/log.ts';
import { registerCommands } from './commands.ts';
import { describeDiscordError, toDeliveryError } from './errors.ts';
import { PageStore } from './pager.ts';
import { Spacer } from './spacing.ts';
import {
  pagerRow,
  parsePagerId,
  renderChoices,
  renderError,
  renderReply,
  type DiscordMessage,
} from './render.ts';

/**
 * Answer directly when the command finishes within this time, else defer (the user sees
 * "Herald is thinking…") and edit the answer in when ready. Half of Discord's 3-second
 * window, leaving the other half for the callback's own round trip on a slow network.
 */
export const DEFER_AFTER_MS = 1_500;
/**
 * Scheduled posts per second, spaced evenly: under Discord's global 50/s with room for
 * arrival jitter (see `spacing.ts`), and for the interaction replies that share the limit.
 */
export const DELIVERIES_PER_SECOND = 47;
/** A rate limit that would hold a request longer than this rejects it instead (deliveries are retried later). */
export const MAX_RATE_LIMIT_WAIT_MS = 30_000;
/** How long `stop()` waits for interactions being answered. */
const STOP_GRACE_MS = 3_000;

export interface DiscordAdapterOptions {
  /** The bot token (`DISCORD_TOKEN`). Never logged. */
  token: string;
  /** `DISCORD_APPLICATION_ID`. */
  applicationId: string;
  /** REST base, `DISCORD_API_BASE` (`https://discord.com/api`, a REST proxy, or a test fake). */
  apiBase: string;
  /** Register the slash commands in this guild (instant; development), else globally. */
  guildId: string | null;
  log: Logger;
  /** Register the slash commands when starting (default true). */
  registerOnStart?: boolean;
  /** See `DEFER_AFTER_MS`. */
  deferAfterMs?: number;
  /** Scheduled posts per second (default `DELIVERIES_PER_SECOND`). */
  deliveriesPerSecond?: number;
  /** Longest rate-limit wait before a request is rejected (default `MAX_RATE_LIMIT_WAIT_MS`). */
  maxRateLimitWaitMs?: number;
  /** How long a paged briefing's buttons keep working (default 1 hour) and how many are kept (default 500). */
  pages?: { ttlMs?: number; maxEntries?: number };
  /** How long `start()` waits for the gateway to become ready (default 60 s). */
  readyTimeoutMs?: number;
  /** discord.js REST tuning (tests: fewer retries, shorter timeouts). */
  rest?: { retries?: number; timeout?: number; globalRequestsPerSecond?: number };
}

/** The Discord adapter, with what tests and benchmarks need beyond `ChatAdapter`. */
export interface DiscordAdapter extends ChatAdapter {
  readonly platform: 'discord';
  /** The discord.js client (available before `start`; its REST client already holds the token). */
  readonly client: Client;
  /** Resolves when no interaction is being answered (tests, and shutdown). */
  idle(): Promise<void>;
}

/**
 * Creates the Discord adapter. Nothing connects until `start`.
 * @example
 * const discord = createDiscordAdapter({ ...config.discord, log });
 * await app.start([discord]);
 */
export function createDiscordAdapter(options: DiscordAdapterOptions): DiscordAdapter {
  const log = options.log.child({ platform: 'discord' });
  const deferAfterMs = options.deferAfterMs ?? DEFER_AFTER_MS;
  const maxWait = options.maxRateLimitWaitMs ?? MAX_RATE_LIMIT_WAIT_MS;
  const pages = new PageStore(options.pages);
  const spacer = new Spacer(options.deliveriesPerSecond ?? DELIVERIES_PER_SECOND);
  const inFlight = new Set<Promise<void>>();
  let dispatcher: Dispatcher | undefined;
  let state: 'idle' | 'starting' | 'running' | 'stopped' = 'idle';

  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    // Belt and braces: every payload Herald builds already says this.
    allowedMentions: { parse: [] },
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      PresenceManager: 0,
      ReactionManager: 0,
    }),
    rest: {
      api: options.apiBase,
      rejectOnRateLimit: (data: RateLimitData) => data.timeToReset > maxWait,
      ...options.rest,
    },
  });
  // Deliveries may run before the gateway is up (a scheduler catching up at start).
  client.rest.setToken(options.token);

  client.on(Events.Error, (error) =>
    log.error({ error: describeDiscordError(error) }, 'discord client error'),
  );
  client.on(Events.ShardError, (error, shard) =>
    log.warn({ error: describeDiscordError(error), shard }, 'discord gateway connection error'),
  );
  client.on(Events.ShardReconnecting, (shard) => {
    if (state === 'running') log.info({ shard }, 'discord gateway reconnecting');
  });
  client.on(Events.Warn, (message) => log.warn({ message }, 'discord warning'));
  client.on(Events.InteractionCreate, (interaction) => {
    const task = answer(interaction).finally(() => inFlight.delete(task));
    inFlight.add(task);
  });

  async function answer(interaction: Interaction): Promise<void> {
    if (dispatcher === undefined) return;
    try {
      if (interaction.isAutocomplete()) await answerAutocomplete(interaction, dispatcher);
      else if (interaction.isChatInputCommand()) await answerCommand(interaction, dispatcher);
      else if (interaction.isButton()) await answerButton(interaction);
    } catch (error) {
      log.error(
        {
          error: describeDiscordError(error),
          interaction: interaction.id,
          command:
            interaction.isCommand() || interaction.isAutocomplete()
              ? interaction.commandName
              : undefined,
          channel: interaction.channelId,
        },
        'discord interaction could not be answered',
      );
    }
  }

  async function answerCommand(
    interaction: ChatInputCommandInteraction,
    bot: Dispatcher,
  ): Promise<void> {
    const request = commandRequest(interaction);
    const work = bot.handle(request);
    const early = await settledWithin(work, deferAfterMs);
    if (early !== undefined) {
      await respond(interaction, early, false);
    } else {
      await interaction.deferReply();
      await respond(interaction, await work, true);
    }
    log.debug(
      { command: request.command, channel: request.chat.id, deferred: early === undefined },
      'discord command answered',
    );
  }

  async function respond(
    interaction: ChatInputCommandInteraction,
    reply: Reply,
    deferred: boolean,
  ): Promise<void> {
    const messages = renderReply(reply);
    const [first, ...rest] = messages;
    if (first === undefined) return;
    if (reply.type === 'error') {
      // A deferred answer's visibility was fixed when it was deferred: replace it with an
      // ephemeral follow-up so refusals stay private.
      if (deferred) {
        await interaction
          .deleteReply()
          .catch((error: unknown) =>
            log.warn(
              { error: describeDiscordError(error) },
              'deferred answer could not be removed',
            ),
          );
        await interaction.followUp(replyOptions(first));
      } else {
        await interaction.reply(replyOptions(first));
      }
      return;
    }
    if (reply.type === 'briefing' && messages.length > 1) {
      const token = pages.put(messages);
      const page = withPager(first, token, 0, messages.length);
      if (deferred) await interaction.editReply(editOptions(page));
      else await interaction.reply(replyOptions(page));
      return;
    }
    if (deferred) await interaction.editReply(editOptions(first));
    else await interaction.reply(replyOptions(first));
    for (const message of rest) await interaction.followUp(replyOptions(message));
  }

  async function answerButton(interaction: ButtonInteraction): Promise<void> {
    const target = parsePagerId(interaction.customId);
    const stored = target === null ? undefined : pages.get(target.token);
    const page = target === null ? undefined : stored?.[target.page];
    if (target === null || stored === undefined || page === undefined) {
      await interaction.reply(
        replyOptions(
          renderError('This briefing has expired. Run the command again for the latest stories.'),
        ),
      );
      return;
    }
    await interaction.update(
      updateOptions(withPager(page, target.token, target.page, stored.length)),
    );
  }

  async function answerAutocomplete(
    interaction: AutocompleteInteraction,
    bot: Dispatcher,
  ): Promise<void> {
    const focused = interaction.options.getFocused(true);
    const suggestions = await bot.suggest({
      command: interaction.commandName,
      option: focused.name,
      partial: String(focused.value),
      chat: chatOf(interaction),
    });
    await interaction.respond(renderChoices(suggestions));
  }

  function commandRequest(interaction: ChatInputCommandInteraction): CommandRequest {
    const values: Record<string, string> = {};
    for (const option of interaction.options.data) {
      if (option.value !== undefined && option.value !== null)
        values[option.name] = String(option.value);
    }
    // The text form, in the command's declared option order, for logs and text fallbacks.
    const declared =
      findCommand(interaction.commandName)?.options.map((option) => option.name) ?? [];
    const order = [...declared, ...Object.keys(values).filter((name) => !declared.includes(name))];
    const args = order
      .map((name) => values[name])
      .filter((value): value is string => value !== undefined && value !== '')
      .join(' ');
    return {
      command: interaction.commandName.toLowerCase(),
      args,
      options: values,
      chat: chatOf(interaction),
      user: {
        id: interaction.user.id,
        name: interaction.user.globalName ?? interaction.user.username,
      },
      isAdmin: isChannelAdmin(interaction),
    };
  }

  async function idle(): Promise<void> {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  }

  return {
    platform: 'discord',
    client,
    idle,

    async start(bot) {
      if (state !== 'idle') throw new Error(`The Discord adapter cannot start: it is ${state}.`);
      state = 'starting';
      dispatcher = bot;
      const controller = new AbortController();
      const timeout = options.readyTimeoutMs ?? 60_000;
      try {
        const ready = once(client, Events.ClientReady, { signal: controller.signal });
        // Aborted when login fails before it is awaited: not an error of its own.
        ready.catch(() => undefined);
        const refused = once(client, Events.ShardDisconnect, { signal: controller.signal }).then(
          ([event]) => {
            const code = (event as { code?: number }).code;
            throw new Error(
              `Discord closed the gateway connection (close code ${String(code)}${closeHint(code)}).`,
            );
          },
        );
        const late = sleep(timeout, undefined, { signal: controller.signal }).then(() => {
          throw new Error(`The Discord gateway was not ready within ${timeout / 1000} s.`);
        });
        await Promise.race([client.login(options.token).then(() => ready), refused, late]);
      } catch (error) {
        state = 'stopped';
        await client.destroy().catch(() => undefined);
        throw new Error(`Discord login failed: ${loginProblem(error)}`, { cause: error });
      } finally {
        controller.abort();
      }
      state = 'running';
      log.info(
        { user: client.user?.tag, guilds: client.guilds.cache.size },
        'discord gateway ready',
      );
      if (options.registerOnStart ?? true) {
        try {
          await registerCommands({
            token: options.token,
            applicationId: options.applicationId,
            apiBase: options.apiBase,
            guildId: options.guildId,
            log,
            rest: client.rest,
          });
        } catch (error) {
          // Registered commands persist on Discord: the previous set keeps working.
          const cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
          log.error(
            { error: describeDiscordError(cause) },
            error instanceof Error ? error.message : 'registration failed',
          );
        }
      }
    },

    async stop() {
      if (state === 'stopped') return;
      state = 'stopped';
      if (inFlight.size > 0) {
        const grace = new AbortController();
        await Promise.race([
          idle(),
          sleep(STOP_GRACE_MS, undefined, { signal: grace.signal }).catch(() => undefined),
        ]);
        grace.abort();
      }
      dispatcher = undefined;
      pages.clear();
      await client.destroy();
      log.info('discord client stopped');
    },

    async deliver(chatId, reply) {
      if (!/^\d{15,21}$/.test(chatId)) {
        throw new DeliveryError(`'${chatId}' is not a Discord channel id.`, 'permanent');
      }
      if (state === 'stopped') {
        throw new DeliveryError('The Discord adapter is stopped.', 'transient');
      }
      const messages = renderReply(reply).map(channelMessage);
      let posted = 0;
      for (const body of messages) {
        try {
          await spacer.turn();
          await client.rest.post(Routes.channelMessages(chatId), { body });
          posted += 1;
        } catch (error) {
          const failure = toDeliveryError(error, chatId);
          if (posted === 0 || failure.failure === 'permanent') throw failure;
          // A retry would post the first pages twice; the lower-ranked rest is dropped instead.
          log.warn(
            { channel: chatId, posted, pages: messages.length, error: describeDiscordError(error) },
            'discord briefing delivered in part',
          );
          return;
        }
      }
    },
  };
}

/**
 * Whether the member may administer Herald in this channel: Manage Channels or Manage
 * Server in the channel (Discord sends the member's permissions with overwrites applied;
 * Administrator implies both). In a DM, the user is the admin of their DM.
 */
export function isChannelAdmin(interaction: Interaction): boolean {
  if (!interaction.inGuild()) return true;
  const permissions = interaction.memberPermissions;
  return permissions.any([PermissionFlagsBits.ManageChannels, PermissionFlagsBits.ManageGuild]);
}

function chatOf(interaction: ChatInputCommandInteraction | AutocompleteInteraction): ChatRef {
  const channel = interaction.channel;
  const name =
    channel !== null && 'name' in channel && typeof channel.name === 'string' ? channel.name : null;
  const title = interaction.inGuild()
    ? name === null
      ? undefined
      : `#${name}`
    : `@${interaction.user.username}`;
  return {
    platform: 'discord',
    id: interaction.channelId ?? '',
    kind: interaction.inGuild() ? 'group' : 'private',
    ...(title === undefined ? {} : { title }),
  };
}

function withPager(
  message: DiscordMessage,
  token: string,
  page: number,
  count: number,
): DiscordMessage {
  return { ...message, components: [pagerRow(token, page, count)] };
}

/** A scheduled post: no ephemeral flag (channels have no such thing) and no pager. */
function channelMessage(message: DiscordMessage): DiscordMessage {
  return {
    ...(message.content === undefined ? {} : { content: message.content }),
    embeds: message.embeds,
    allowed_mentions: message.allowed_mentions,
  };
}

function replyOptions(message: DiscordMessage): InteractionReplyOptions {
  return {
    ...(message.content === undefined ? {} : { content: message.content }),
    embeds: message.embeds,
    components: message.components ?? [],
    allowedMentions: { parse: [] },
    ...(message.flags === undefined ? {} : { flags: message.flags }),
  };
}

function editOptions(message: DiscordMessage): InteractionEditReplyOptions {
  return {
    content: message.content ?? '',
    embeds: message.embeds,
    components: message.components ?? [],
    allowedMentions: { parse: [] },
  };
}

function updateOptions(message: DiscordMessage): InteractionUpdateOptions {
  return {
    content: message.content ?? '',
    embeds: message.embeds,
    components: message.components ?? [],
    allowedMentions: { parse: [] },
  };
}

/** Resolves with the promise's value if it settles within `ms`, else with undefined (the timer is cleared either way). */
async function settledWithin<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  const controller = new AbortController();
  try {
    return await Promise.race([
      work,
      sleep(ms, undefined, { signal: controller.signal }).catch(() => undefined),
    ]);
  } finally {
    controller.abort();
  }
}

function loginProblem(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'TokenInvalid' || (error as { status?: unknown } | null)?.status === 401) {
    return 'Discord rejected DISCORD_TOKEN (401 Unauthorized). Copy the bot token again from the Bot page of your app in the Discord developer portal.';
  }
  return error instanceof Error && error.message.startsWith('Discord')
    ? error.message
    : describeDiscordError(error).summary;
}

function closeHint(code: number | undefined): string {
  switch (code) {
    case 4004:
      return ': the token was rejected';
    case 4013:
    case 4014:
      return ': the gateway intents were refused';
    default:
      return '';
  }
}
