/**
 * A loopback fake of Discord for tests and benchmarks: the REST API under `/api/v10` and
 * a WebSocket gateway (the `ws` package) on 127.0.0.1 and a random port, speaking the
 * real protocol so the real discord.js client runs against it unchanged:
 * HELLO → IDENTIFY → READY → GUILD_CREATE, heartbeats and ACKs, and INTERACTION_CREATE
 * dispatches for slash commands, autocomplete and buttons.
 *
 * It keeps a small world (one guild, a few channels and users, DM channels), records
 * every REST request and gateway frame, checks payloads against Discord's limits the way
 * Discord answers them (400 with code 50035), works out who a message would ping from
 * `allowed_mentions`, and can inject 429s (with `retry_after` and rate-limit headers),
 * 403, 404 and 5xx, and enforce a global requests-per-second limit.
 *
 * Protocol numbers are written out here rather than borrowed from discord.js, so the fake
 * checks the client instead of agreeing with it by construction.
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';

/** Gateway opcodes. */
export const OP = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  Resume: 6,
  Reconnect: 7,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
} as const;

/** Interaction types. */
export const INTERACTION = {
  Ping: 1,
  ApplicationCommand: 2,
  MessageComponent: 3,
  Autocomplete: 4,
} as const;

/** Interaction callback types. */
export const CALLBACK = {
  ChannelMessageWithSource: 4,
  DeferredChannelMessageWithSource: 5,
  DeferredUpdateMessage: 6,
  UpdateMessage: 7,
  AutocompleteResult: 8,
  Modal: 9,
} as const;

export const MESSAGE_FLAG = { Ephemeral: 1 << 6, Loading: 1 << 7 } as const;

/** Permission bits. */
export const PERMISSION = {
  Administrator: 1n << 3n,
  ManageChannels: 1n << 4n,
  ManageGuild: 1n << 5n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  EmbedLinks: 1n << 14n,
  ReadMessageHistory: 1n << 16n,
  UseApplicationCommands: 1n << 31n,
} as const;

/** What a plain member may do in a text channel. */
export const MEMBER_PERMISSIONS =
  PERMISSION.ViewChannel |
  PERMISSION.SendMessages |
  PERMISSION.EmbedLinks |
  PERMISSION.ReadMessageHistory |
  PERMISSION.UseApplicationCommands;

/** Intents that need approval in the developer portal (GuildMembers, GuildPresences, MessageContent). */
const PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15);

const DISCORD_EPOCH = 1_420_070_400_000n;
let increment = 0n;

/** A fresh snowflake (18–19 digits, like Discord's: discord.js buckets routes by them). */
export function snowflake(): string {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment).toString();
}

export interface FakeUser {
  id: string;
  username: string;
  global_name: string | null;
  bot?: boolean;
}

export interface FakeChannel {
  id: string;
  /** 0 text, 1 DM, 2 voice, 11 public thread. */
  type: 0 | 1 | 2 | 11;
  name?: string;
  guildId?: string;
  parentId?: string;
  /** DM channels: the user at the other end. */
  recipient?: FakeUser;
  /** `forbidden`: the bot lost access (posts get 403 Missing Access). */
  access: 'ok' | 'forbidden';
}

export interface FakeMessage {
  id: string;
  channel_id: string;
  content: string;
  embeds: Record<string, unknown>[];
  components: Record<string, unknown>[];
  flags: number;
  timestamp: string;
  edited_timestamp: string | null;
  /** The interaction this message answers, if any. */
  interactionId?: string;
  /** How it was created: a channel post, an interaction's original response, or a follow-up. */
  origin: 'channel' | 'original' | 'followup';
  allowed_mentions: unknown;
  /** Who Discord would notify for this message, worked out from `content` and `allowed_mentions`. */
  pings: { everyone: boolean; users: string[]; roles: string[] };
  deleted: boolean;
}

export interface RecordedRequest {
  seq: number;
  method: string;
  /** The path after `/api/v10`, with the query string. */
  path: string;
  /** The route with ids generalized: `POST /channels/:id/messages`. */
  route: string;
  query: Record<string, string>;
  authorization: string | null;
  body: unknown;
  status: number;
  response: unknown;
  /** `performance.now()` when the request arrived. */
  at: number;
  /** Why the fake answered with an error, when it did. */
  failure?: 'injected' | 'global-limit' | 'invalid' | 'forbidden' | 'not-found' | 'unauthorized';
}

export interface GatewayFrame {
  direction: 'in' | 'out';
  op: number;
  t: string | null;
  at: number;
}

export interface InteractionRecord {
  id: string;
  token: string;
  type: number;
  payload: Record<string, unknown>;
  dispatchedAt: number;
  /** `performance.now()` when the first callback arrived. */
  answeredAt: number | null;
  /** The callback types received, in order. */
  callbacks: number[];
  /** The message of the original response (created by type 4 or 5, edited later), or the component's message for types 6/7. */
  original: FakeMessage | null;
  followups: FakeMessage[];
  /** Autocomplete answers. */
  choices: { name: string; value: string | number }[] | null;
}

export interface FailureRule {
  method?: string;
  path: string | RegExp;
  status: number;
  /** How many matching requests fail (default 1). */
  times?: number;
  /** Let this many matching requests through first (default 0). */
  after?: number;
  /** 429 only: seconds to wait, as `retry_after` and `Retry-After` (default 1). */
  retryAfter?: number;
  /** 429 only: a global limit (`X-RateLimit-Global`). */
  global?: boolean;
  /** Discord's JSON error code (defaults by status: 50001 Missing Access, 10003 Unknown Channel, …). */
  code?: number;
  message?: string;
}

export interface FakeDiscordOptions {
  token?: string;
  /** Heartbeat interval sent in HELLO (default 41,250 ms, as Discord). */
  heartbeatIntervalMs?: number;
  /** Enforce a global limit on authenticated requests (interaction callbacks are exempt, as on Discord). */
  globalLimit?: { requests: number; perMs: number } | null;
  /** Refuse dispatching commands that were not registered (default true). */
  strictCommands?: boolean;
}

interface Connection {
  ws: WebSocket;
  seq: number;
  identified: boolean;
  sessionId: string;
}

type Json = Record<string, unknown>;

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: Json,
    readonly kind: NonNullable<RecordedRequest['failure']>,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body['message'] === 'string' ? body['message'] : String(status));
  }
}

/** Starts a fake Discord on 127.0.0.1 and a random port. */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const fake = new FakeDiscord(options);
  await fake.listen();
  return fake;
}

export class FakeDiscord {
  readonly token: string;
  readonly applicationId = snowflake();
  readonly bot: FakeUser = {
    id: this.applicationId,
    username: 'Herald',
    global_name: null,
    bot: true,
  };
  readonly guild: { id: string; name: string; ownerId: string };
  readonly users: { admin: FakeUser; member: FakeUser; serverAdmin: FakeUser };
  readonly channels: {
    general: FakeChannel;
    thread: FakeChannel;
    forbidden: FakeChannel;
    voice: FakeChannel;
  };
  /** Every REST request, in arrival order. */
  readonly requests: RecordedRequest[] = [];
  /** Every gateway frame, both ways. */
  readonly frames: GatewayFrame[] = [];
  readonly messages: FakeMessage[] = [];
  readonly interactions = new Map<string, InteractionRecord>();
  /** Registered commands: `global` or a guild id → command JSON with ids. */
  readonly commands = new Map<string, Json[]>();
  /** IDENTIFY payloads received. */
  readonly identifies: Json[] = [];
  /** Responses that were 429s, by cause. */
  readonly rateLimited = { injected: 0, global: 0 };

  readonly #options: FakeDiscordOptions;
  readonly #events = new EventEmitter();
  readonly #server: Server;
  readonly #wss: WebSocketServer;
  readonly #connections = new Set<Connection>();
  readonly #sockets = new Set<Socket>();
  readonly #channels = new Map<string, FakeChannel>();
  readonly #rules: (FailureRule & { left: number; skip: number })[] = [];
  readonly #globalWindow: number[] = [];
  #globalLimit: { requests: number; perMs: number } | null;
  #port = 0;
  #seq = 0;

  constructor(options: FakeDiscordOptions = {}) {
    this.#options = options;
    this.#events.setMaxListeners(0);
    this.token = options.token ?? 'fake-bot-token';
    this.#globalLimit = options.globalLimit ?? null;
    const guildId = snowflake();
    this.users = {
      admin: { id: snowflake(), username: 'ada', global_name: 'Ada Admin' },
      member: { id: snowflake(), username: 'max', global_name: 'Max Member' },
      serverAdmin: { id: snowflake(), username: 'sam', global_name: 'Sam Server' },
    };
    this.guild = { id: guildId, name: 'Herald Test Guild', ownerId: this.users.serverAdmin.id };
    const general: FakeChannel = {
      id: snowflake(),
      type: 0,
      name: 'general',
      guildId,
      access: 'ok',
    };
    this.channels = {
      general,
      thread: {
        id: snowflake(),
        type: 11,
        name: 'japan-thread',
        guildId,
        parentId: general.id,
        access: 'ok',
      },
      forbidden: { id: snowflake(), type: 0, name: 'mods-only', guildId, access: 'forbidden' },
      voice: { id: snowflake(), type: 2, name: 'voice', guildId, access: 'ok' },
    };
    for (const channel of Object.values(this.channels)) this.#channels.set(channel.id, channel);
    this.#server = createServer((request, response) => void this.#onRequest(request, response));
    this.#server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
    this.#wss = new WebSocketServer({ noServer: true });
    this.#server.on('upgrade', (request, socket, head) => {
      if (!(request.url ?? '').startsWith('/gateway')) {
        socket.destroy();
        return;
      }
      this.#wss.handleUpgrade(request, socket, head, (ws) => this.#onConnection(ws, request));
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.#port = (this.#server.address() as AddressInfo).port;
  }

  /** What to pass as discord.js `rest.api` (`DISCORD_API_BASE`). */
  get apiBase(): string {
    return `http://127.0.0.1:${this.#port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.#port}/gateway`;
  }

  // ── the world ──────────────────────────────────────────────────────────────

  /** Adds text channels to the guild (for fan-out); returns them. */
  addTextChannels(count: number, access: FakeChannel['access'] = 'ok'): FakeChannel[] {
    const added: FakeChannel[] = [];
    for (let i = 0; i < count; i++) {
      const channel: FakeChannel = {
        id: snowflake(),
        type: 0,
        name: `news-${i}`,
        guildId: this.guild.id,
        access,
      };
      this.#channels.set(channel.id, channel);
      added.push(channel);
    }
    // A connected bot with the Guilds intent hears of new channels, as from Discord.
    if ([...this.#connections].some((connection) => connection.identified)) {
      for (const channel of added) this.dispatch('CHANNEL_CREATE', this.#channelJson(channel));
    }
    return added;
  }

  /** The DM channel between the bot and `user` (created on first use). */
  dmChannel(user: FakeUser): FakeChannel {
    for (const channel of this.#channels.values()) {
      if (channel.type === 1 && channel.recipient?.id === user.id) return channel;
    }
    const channel: FakeChannel = { id: snowflake(), type: 1, recipient: user, access: 'ok' };
    this.#channels.set(channel.id, channel);
    return channel;
  }

  /** Makes a channel refuse the bot (403) or disappear (404 on the next request). */
  setChannelAccess(channelId: string, access: FakeChannel['access'] | 'deleted'): void {
    const channel = this.#channels.get(channelId);
    if (channel === undefined) return;
    if (access === 'deleted') this.#channels.delete(channelId);
    else channel.access = access;
  }

  channelMessages(channelId: string): FakeMessage[] {
    return this.messages.filter((message) => message.channel_id === channelId && !message.deleted);
  }

  // ── failures and limits ────────────────────────────────────────────────────

  /** Makes the next `times` requests matching `path` (and `method`) fail with `status`. */
  inject(rule: FailureRule): void {
    this.#rules.push({ ...rule, left: rule.times ?? 1, skip: rule.after ?? 0 });
  }

  setGlobalLimit(limit: { requests: number; perMs: number } | null): void {
    this.#globalLimit = limit;
    this.#globalWindow.length = 0;
  }

  // ── waiting ────────────────────────────────────────────────────────────────

  /** Resolves with the first request (already recorded or still to come) that matches. */
  waitForRequest(
    match: (request: RecordedRequest) => boolean,
    timeoutMs = 10_000,
  ): Promise<RecordedRequest> {
    return this.#waitFor(
      'request',
      () => this.requests.find(match),
      `a request matching ${match.toString()}`,
      timeoutMs,
    );
  }

  /** Resolves once a client has identified and received READY and its guild. */
  waitForReady(timeoutMs = 10_000): Promise<Json> {
    return this.#waitFor(
      'identified',
      () =>
        this.frames.some((frame) => frame.t === 'GUILD_CREATE')
          ? this.identifies.at(-1)
          : undefined,
      'a client to identify',
      timeoutMs,
    );
  }

  /** Resolves when the client has sent `count` heartbeats (all acknowledged). */
  waitForHeartbeats(count: number, timeoutMs = 10_000): Promise<number> {
    return this.#waitFor(
      'frame',
      () => {
        const beats = this.frames.filter(
          (frame) => frame.direction === 'in' && frame.op === OP.Heartbeat,
        ).length;
        return beats >= count ? beats : undefined;
      },
      `${count} heartbeats`,
      timeoutMs,
    );
  }

  /** Resolves with the interaction once it has received a callback (and `until` holds, if given). */
  waitForAnswer(
    interaction: InteractionRecord,
    until: (record: InteractionRecord) => boolean = (record) => record.callbacks.length > 0,
    timeoutMs = 10_000,
  ): Promise<InteractionRecord> {
    return this.#waitFor(
      'request',
      () => (until(interaction) ? interaction : undefined),
      `an answer to interaction ${interaction.id}`,
      timeoutMs,
    );
  }

  #waitFor<T>(
    event: string,
    check: () => T | undefined,
    what: string,
    timeoutMs: number,
  ): Promise<T> {
    const found = check();
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<T>((resolve, reject) => {
      const onEvent = () => {
        const value = check();
        if (value === undefined) return;
        cleanup();
        resolve(value);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`fake Discord: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.#events.off(event, onEvent);
      };
      this.#events.on(event, onEvent);
    });
  }

  // ── interactions ───────────────────────────────────────────────────────────

  /**
   * Dispatches a slash command as `user` in `channel` (a guild channel, or a DM channel).
   * `permissions` are the member's permissions in the channel (guild channels only;
   * default: Manage Channels for `users.admin`, Administrator for `users.serverAdmin`,
   * plain member rights otherwise).
   */
  slashCommand(input: {
    name: string;
    options?: Record<string, string>;
    user?: FakeUser;
    channel?: FakeChannel;
    permissions?: bigint;
    /** Dispatch even if the command is not registered (a stale command Discord still shows). */
    unregistered?: boolean;
  }): InteractionRecord {
    const command = this.#registered(input.name, input.unregistered === true);
    const options = Object.entries(input.options ?? {}).map(([name, value]) => {
      this.#checkOption(command, name);
      return { name, type: 3, value };
    });
    return this.#dispatchInteraction(INTERACTION.ApplicationCommand, input, {
      id: command?.['id'] ?? snowflake(),
      name: input.name,
      type: 1,
      ...(options.length === 0 ? {} : { options }),
    });
  }

  /** Dispatches an autocomplete interaction: the user is typing `focused` of command `name`. */
  autocomplete(input: {
    name: string;
    focused: string;
    value: string;
    options?: Record<string, string>;
    user?: FakeUser;
    channel?: FakeChannel;
    permissions?: bigint;
  }): InteractionRecord {
    const command = this.#registered(input.name, false);
    const spec = this.#checkOption(command, input.focused);
    if (spec !== undefined && spec['autocomplete'] !== true) {
      throw new Error(
        `fake Discord: option ${input.focused} of /${input.name} does not autocomplete`,
      );
    }
    const options = [
      ...Object.entries(input.options ?? {}).map(([name, value]) => ({ name, type: 3, value })),
      { name: input.focused, type: 3, value: input.value, focused: true },
    ];
    return this.#dispatchInteraction(INTERACTION.Autocomplete, input, {
      id: command?.['id'] ?? snowflake(),
      name: input.name,
      type: 1,
      options,
    });
  }

  /** Clicks a button of `message` (by its `custom_id`). */
  clickButton(input: {
    message: FakeMessage;
    customId: string;
    user?: FakeUser;
    permissions?: bigint;
  }): InteractionRecord {
    const button = input.message.components
      .flatMap((row) => (row['components'] as Json[] | undefined) ?? [])
      .find((component) => component['custom_id'] === input.customId);
    if (button === undefined)
      throw new Error(`fake Discord: no button ${input.customId} on message ${input.message.id}`);
    if (button['disabled'] === true)
      throw new Error(`fake Discord: button ${input.customId} is disabled`);
    const channel = this.#channels.get(input.message.channel_id);
    if (channel === undefined) throw new Error('fake Discord: the message channel is gone');
    const record = this.#dispatchInteraction(
      INTERACTION.MessageComponent,
      { ...input, channel },
      { custom_id: input.customId, component_type: 2 },
      input.message,
    );
    return record;
  }

  #registered(name: string, allowMissing: boolean): Json | undefined {
    const found = [
      ...(this.commands.get(this.guild.id) ?? []),
      ...(this.commands.get('global') ?? []),
    ].find((command) => command['name'] === name);
    if (found === undefined && !allowMissing && this.#options.strictCommands !== false) {
      throw new Error(`fake Discord: /${name} is not registered, so Discord would not offer it`);
    }
    return found;
  }

  #checkOption(command: Json | undefined, name: string): Json | undefined {
    if (command === undefined) return undefined;
    const spec = ((command['options'] as Json[] | undefined) ?? []).find(
      (option) => option['name'] === name,
    );
    if (spec === undefined)
      throw new Error(`fake Discord: /${String(command['name'])} has no option ${name}`);
    return spec;
  }

  #dispatchInteraction(
    type: number,
    input: { user?: FakeUser; channel?: FakeChannel; permissions?: bigint },
    data: Json,
    message?: FakeMessage,
  ): InteractionRecord {
    const user = input.user ?? this.users.admin;
    const channel = input.channel ?? this.channels.general;
    const id = snowflake();
    const token = `aW50ZXJhY3Rpb246${id}:${randomBytes(24).toString('base64url')}`;
    const inGuild = channel.type !== 1;
    const permissions = (input.permissions ?? this.#defaultPermissions(user)).toString();
    const payload: Json = {
      id,
      application_id: this.applicationId,
      type,
      data,
      channel_id: channel.id,
      channel: this.#channelJson(channel, inGuild ? permissions : undefined),
      token,
      version: 1,
      app_permissions: (MEMBER_PERMISSIONS | PERMISSION.ManageChannels).toString(),
      locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': inGuild ? this.guild.id : '0' },
      context: inGuild ? 0 : 1,
      attachment_size_limit: 10_485_760,
      ...(inGuild
        ? {
            guild_id: this.guild.id,
            guild: { id: this.guild.id, locale: 'en-US', features: [] },
            guild_locale: 'en-US',
            member: {
              user: this.#userJson(user),
              roles: [],
              premium_since: null,
              permissions,
              pending: false,
              nick: null,
              mute: false,
              deaf: false,
              joined_at: new Date(0).toISOString(),
              flags: 0,
              avatar: null,
              communication_disabled_until: null,
            },
          }
        : { user: this.#userJson(user) }),
      ...(message === undefined ? {} : { message: this.#messageJson(message) }),
    };
    const record: InteractionRecord = {
      id,
      token,
      type,
      payload,
      dispatchedAt: performance.now(),
      answeredAt: null,
      callbacks: [],
      original: type === INTERACTION.MessageComponent ? (message ?? null) : null,
      followups: [],
      choices: null,
    };
    this.interactions.set(id, record);
    this.dispatch('INTERACTION_CREATE', payload);
    return record;
  }

  #defaultPermissions(user: FakeUser): bigint {
    if (user.id === this.users.serverAdmin.id) return MEMBER_PERMISSIONS | PERMISSION.Administrator;
    if (user.id === this.users.admin.id) return MEMBER_PERMISSIONS | PERMISSION.ManageChannels;
    return MEMBER_PERMISSIONS;
  }

  // ── gateway ────────────────────────────────────────────────────────────────

  /** Sends a dispatch event to every identified connection. */
  dispatch(t: string, d: unknown): void {
    const identified = [...this.#connections].filter((connection) => connection.identified);
    if (identified.length === 0)
      throw new Error(`fake Discord: no identified gateway connection for ${t}`);
    for (const connection of identified) this.#send(connection, { op: OP.Dispatch, t, d });
  }

  /** Asks the client for an immediate heartbeat (op 1 from the server). */
  requestHeartbeat(): void {
    for (const connection of this.#connections)
      this.#send(connection, { op: OP.Heartbeat, d: null });
  }

  #onConnection(ws: WebSocket, request: IncomingMessage): void {
    const query = new URL(request.url ?? '/', 'http://fake').searchParams;
    const connection: Connection = {
      ws,
      seq: 0,
      identified: false,
      sessionId: randomBytes(16).toString('hex'),
    };
    this.#connections.add(connection);
    ws.on('close', () => this.#connections.delete(connection));
    if (query.get('v') !== '10' || query.get('encoding') !== 'json') {
      ws.close(4012, 'Invalid API version or encoding');
      return;
    }
    ws.on('message', (raw: RawData, isBinary: boolean) => this.#onFrame(connection, raw, isBinary));
    this.#send(connection, {
      op: OP.Hello,
      d: { heartbeat_interval: this.#options.heartbeatIntervalMs ?? 41_250 },
    });
  }

  #onFrame(connection: Connection, raw: RawData, isBinary: boolean): void {
    let payload: { op?: number; d?: unknown };
    try {
      if (isBinary) throw new Error('binary');
      payload = JSON.parse(rawText(raw)) as { op?: number; d?: unknown };
    } catch {
      connection.ws.close(4002, 'Decode error');
      return;
    }
    this.frames.push({ direction: 'in', op: payload.op ?? -1, t: null, at: performance.now() });
    this.#events.emit('frame');
    switch (payload.op) {
      case OP.Heartbeat:
        this.#send(connection, { op: OP.HeartbeatAck });
        return;
      case OP.Identify:
        this.#identify(connection, (payload.d ?? {}) as Json);
        return;
      case OP.Resume:
        // Sessions are not kept: the client must identify afresh.
        this.#send(connection, { op: OP.InvalidSession, d: false });
        return;
      default:
        if (!connection.identified) connection.ws.close(4003, 'Not authenticated');
    }
  }

  #identify(connection: Connection, data: Json): void {
    if (connection.identified) {
      connection.ws.close(4005, 'Already authenticated');
      return;
    }
    if (data['token'] !== this.token) {
      connection.ws.close(4004, 'Authentication failed');
      return;
    }
    const intents = Number(data['intents']);
    if (!Number.isInteger(intents)) {
      connection.ws.close(4013, 'Invalid intent(s)');
      return;
    }
    if ((intents & PRIVILEGED_INTENTS) !== 0) {
      connection.ws.close(4014, 'Disallowed intent(s)');
      return;
    }
    this.identifies.push(data);
    connection.identified = true;
    this.#send(connection, {
      op: OP.Dispatch,
      t: 'READY',
      d: {
        v: 10,
        user: { ...this.#userJson(this.bot), verified: true, mfa_enabled: false, flags: 0 },
        guilds: [{ id: this.guild.id, unavailable: true }],
        session_id: connection.sessionId,
        resume_gateway_url: this.gatewayUrl,
        shard: [0, 1],
        application: { id: this.applicationId, flags: 0 },
        user_settings: {},
        presences: [],
        private_channels: [],
        relationships: [],
        geo_ordered_rtc_regions: [],
        guild_join_requests: [],
      },
    });
    this.#send(connection, { op: OP.Dispatch, t: 'GUILD_CREATE', d: this.#guildJson() });
    this.#events.emit('identified');
  }

  #send(connection: Connection, payload: { op: number; t?: string; d?: unknown }): void {
    const frame: Json = { op: payload.op, d: payload.d ?? null, s: null, t: null };
    if (payload.op === OP.Dispatch) {
      connection.seq += 1;
      frame['s'] = connection.seq;
      frame['t'] = payload.t ?? null;
    }
    this.frames.push({
      direction: 'out',
      op: payload.op,
      t: payload.t ?? null,
      at: performance.now(),
    });
    if (connection.ws.readyState === connection.ws.OPEN) connection.ws.send(JSON.stringify(frame));
  }

  // ── REST ───────────────────────────────────────────────────────────────────

  async #onRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const at = performance.now();
    const url = new URL(request.url ?? '/', 'http://fake');
    const method = (request.method ?? 'GET').toUpperCase();
    const raw = await readBody(request);
    let body: unknown = null;
    const record: RecordedRequest = {
      seq: ++this.#seq,
      method,
      path: `${url.pathname.replace(/^\/api\/v10/, '')}${url.search}`,
      route: `${method} ${generalize(decodeURIComponent(url.pathname).replace(/^\/api\/v10/, ''))}`,
      query: Object.fromEntries(url.searchParams),
      authorization: request.headers.authorization ?? null,
      body: null,
      status: 0,
      response: null,
      at,
    };
    let status = 200;
    let result: unknown = null;
    let headers: Record<string, string> = {};
    try {
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw) as unknown;
        } catch {
          throw new HttpFailure(400, { message: '400: Bad Request', code: 50109 }, 'invalid');
        }
      }
      record.body = body;
      if (!url.pathname.startsWith('/api/v10/')) {
        throw new HttpFailure(404, { message: '404: Not Found', code: 0 }, 'not-found');
      }
      const path = url.pathname.slice('/api/v10'.length);
      const exempt = /^\/(interactions|webhooks)\//.test(path);
      if (!exempt && record.authorization !== `Bot ${this.token}`) {
        throw new HttpFailure(401, { message: '401: Unauthorized', code: 0 }, 'unauthorized');
      }
      this.#applyInjected(method, path);
      if (!path.startsWith('/interactions/')) this.#applyGlobalLimit();
      ({ status, result } = this.#route(method, path, url.searchParams, body, at));
    } catch (error) {
      if (!(error instanceof HttpFailure)) throw error;
      status = error.status;
      result = error.body;
      headers = error.headers;
      record.failure = error.kind;
    }
    record.status = status;
    record.response = result;
    this.requests.push(record);
    response.writeHead(status, {
      ...headers,
      ...(status === 204 ? {} : { 'content-type': 'application/json' }),
    });
    response.end(status === 204 ? undefined : JSON.stringify(result));
    this.#events.emit('request', record);
  }

  #applyInjected(method: string, path: string): void {
    const rule = this.#rules.find(
      (candidate) =>
        candidate.left > 0 &&
        (candidate.method === undefined || candidate.method.toUpperCase() === method) &&
        (typeof candidate.path === 'string'
          ? path === candidate.path || path.startsWith(`${candidate.path}?`)
          : candidate.path.test(path)),
    );
    if (rule === undefined) return;
    if (rule.skip > 0) {
      rule.skip -= 1;
      return;
    }
    rule.left -= 1;
    if (rule.status === 429) {
      this.rateLimited.injected += 1;
      const retryAfter = rule.retryAfter ?? 1;
      throw new HttpFailure(
        429,
        {
          message: rule.message ?? 'You are being rate limited.',
          retry_after: retryAfter,
          global: rule.global === true,
        },
        'injected',
        rateLimitHeaders(retryAfter, rule.global === true, generalize(path)),
      );
    }
    const defaults: Record<number, [number, string]> = {
      400: [50035, 'Invalid Form Body'],
      401: [0, '401: Unauthorized'],
      403: [50001, 'Missing Access'],
      404: [10003, 'Unknown Channel'],
    };
    const [code, message] = defaults[rule.status] ?? [
      0,
      rule.status >= 500 ? 'Internal Server Error' : 'Error',
    ];
    throw new HttpFailure(
      rule.status,
      { message: rule.message ?? message, code: rule.code ?? code },
      'injected',
    );
  }

  #applyGlobalLimit(): void {
    const limit = this.#globalLimit;
    if (limit === null) return;
    const now = performance.now();
    const window = this.#globalWindow;
    while (window.length > 0 && (window[0] as number) <= now - limit.perMs) window.shift();
    if (window.length >= limit.requests) {
      this.rateLimited.global += 1;
      const retryAfter = Math.max(0.001, ((window[0] as number) + limit.perMs - now) / 1000);
      throw new HttpFailure(
        429,
        {
          message: 'You are being rate limited.',
          retry_after: Number(retryAfter.toFixed(3)),
          global: true,
        },
        'global-limit',
        rateLimitHeaders(Number(retryAfter.toFixed(3)), true, 'global'),
      );
    }
    window.push(now);
  }

  #route(
    method: string,
    path: string,
    query: URLSearchParams,
    body: unknown,
    at: number,
  ): { status: number; result: unknown } {
    const parts = path
      .split('/')
      .filter(Boolean)
      .map((part) => decodeURIComponent(part));
    const [first, second, third, fourth, fifth, sixth] = parts;
    const ok = (result: unknown, status = 200) => ({ status, result });

    if (first === 'gateway' && second === 'bot' && method === 'GET') {
      return ok({
        url: this.gatewayUrl,
        shards: 1,
        session_start_limit: {
          total: 1000,
          remaining: 999,
          reset_after: 14_400_000,
          max_concurrency: 1,
        },
      });
    }
    if (first === 'gateway' && second === undefined && method === 'GET')
      return ok({ url: this.gatewayUrl });
    if (first === 'users' && second === '@me' && method === 'GET')
      return ok(this.#userJson(this.bot));

    if (first === 'applications' && second === this.applicationId) {
      if (third === 'commands' && fourth === undefined)
        return this.#commandsRoute(method, 'global', body);
      if (
        third === 'guilds' &&
        fourth === this.guild.id &&
        fifth === 'commands' &&
        sixth === undefined
      ) {
        return this.#commandsRoute(method, this.guild.id, body);
      }
    }

    if (
      first === 'interactions' &&
      second !== undefined &&
      third !== undefined &&
      fourth === 'callback' &&
      method === 'POST'
    ) {
      return this.#callback(second, third, body as Json, query.get('with_response') === 'true', at);
    }

    if (first === 'webhooks' && second !== undefined && third !== undefined) {
      if (second !== this.applicationId) throw unknown(10015, 'Unknown Webhook');
      const interaction = [...this.interactions.values()].find(
        (candidate) => candidate.token === third,
      );
      if (interaction === undefined) throw unknown(10015, 'Unknown Webhook');
      if (fourth === undefined && method === 'POST')
        return this.#followUp(interaction, body as Json);
      if (fourth === 'messages' && fifth !== undefined)
        return this.#webhookMessage(interaction, method, fifth, body as Json);
    }

    if (first === 'channels' && second !== undefined) {
      const channel = this.#channels.get(second);
      if (channel === undefined) throw unknown(10003, 'Unknown Channel');
      if (third === undefined && method === 'GET') {
        if (channel.access === 'forbidden') throw forbidden();
        return ok(this.#channelJson(channel));
      }
      if (third === 'messages' && fourth === undefined && method === 'POST') {
        if (channel.access === 'forbidden') throw forbidden();
        if (channel.type === 2)
          throw new HttpFailure(
            400,
            { message: 'Cannot send messages in a non-text channel', code: 50008 },
            'invalid',
          );
        const message = this.#createMessage(channel.id, body as Json, 'channel');
        return ok(this.#messageJson(message));
      }
    }
    throw new HttpFailure(404, { message: '404: Not Found', code: 0 }, 'not-found');
  }

  #commandsRoute(
    method: string,
    scope: string,
    body: unknown,
  ): { status: number; result: unknown } {
    if (method === 'GET') return { status: 200, result: this.commands.get(scope) ?? [] };
    if (method !== 'PUT')
      throw new HttpFailure(405, { message: '405: Method Not Allowed', code: 0 }, 'not-found');
    if (!Array.isArray(body)) throw invalid(['body: must be an array of commands']);
    const problems = body.flatMap((command, index) => validateCommand(command as Json, `${index}`));
    if (problems.length > 0) throw invalid(problems);
    const stored = (body as Json[]).map((command) => ({
      ...command,
      id: snowflake(),
      application_id: this.applicationId,
      version: snowflake(),
      ...(scope === 'global' ? {} : { guild_id: scope }),
    }));
    this.commands.set(scope, stored);
    return { status: 200, result: stored };
  }

  #callback(
    id: string,
    token: string,
    body: Json,
    withResponse: boolean,
    at: number,
  ): { status: number; result: unknown } {
    const interaction = this.interactions.get(id);
    if (interaction === undefined || interaction.token !== token)
      throw unknown(10062, 'Unknown interaction');
    if (interaction.callbacks.length > 0) {
      throw new HttpFailure(
        400,
        { message: 'Interaction has already been acknowledged.', code: 40060 },
        'invalid',
      );
    }
    const type = Number(body['type']);
    const allowed: Record<number, number[]> = {
      [INTERACTION.ApplicationCommand]: [
        CALLBACK.ChannelMessageWithSource,
        CALLBACK.DeferredChannelMessageWithSource,
        CALLBACK.Modal,
      ],
      [INTERACTION.MessageComponent]: [
        CALLBACK.ChannelMessageWithSource,
        CALLBACK.DeferredChannelMessageWithSource,
        CALLBACK.DeferredUpdateMessage,
        CALLBACK.UpdateMessage,
        CALLBACK.Modal,
      ],
      [INTERACTION.Autocomplete]: [CALLBACK.AutocompleteResult],
    };
    if (!(allowed[interaction.type] ?? []).includes(type)) {
      throw invalid([
        `type: callback type ${type} is not valid for interaction type ${interaction.type}`,
      ]);
    }
    const data = (body['data'] ?? {}) as Json;
    const channelId = interaction.payload['channel_id'] as string;
    let message: FakeMessage | null = null;
    switch (type) {
      case CALLBACK.AutocompleteResult: {
        const choices = data['choices'];
        if (!Array.isArray(choices)) throw invalid(['data.choices: required']);
        const problems = validateChoices(choices as Json[]);
        if (problems.length > 0) throw invalid(problems);
        interaction.choices = choices as InteractionRecord['choices'];
        break;
      }
      case CALLBACK.ChannelMessageWithSource:
        message = this.#createMessage(channelId, data, 'original', interaction.id);
        if (interaction.type === INTERACTION.ApplicationCommand) interaction.original = message;
        else interaction.followups.push(message);
        break;
      case CALLBACK.DeferredChannelMessageWithSource:
        message = this.#createMessage(
          channelId,
          {
            ...data,
            flags: (Number(data['flags'] ?? 0) & MESSAGE_FLAG.Ephemeral) | MESSAGE_FLAG.Loading,
          },
          'original',
          interaction.id,
          true,
        );
        interaction.original = message;
        break;
      case CALLBACK.UpdateMessage: {
        const target = interaction.original;
        if (target === null) throw unknown(10008, 'Unknown Message');
        this.#editMessage(target, data);
        message = target;
        break;
      }
      default:
        break;
    }
    interaction.callbacks.push(type);
    interaction.answeredAt ??= at;
    if (!withResponse) return { status: 204, result: null };
    return {
      status: 200,
      result: {
        interaction: {
          id: interaction.id,
          type: interaction.type,
          activity_instance_id: null,
          response_message_id: message?.id ?? null,
          response_message_loading: type === CALLBACK.DeferredChannelMessageWithSource,
          response_message_ephemeral:
            message === null ? false : (message.flags & MESSAGE_FLAG.Ephemeral) !== 0,
        },
        resource: message === null ? { type } : { type, message: this.#messageJson(message) },
      },
    };
  }

  #followUp(interaction: InteractionRecord, body: Json): { status: number; result: unknown } {
    if (interaction.callbacks.length === 0) throw unknown(10015, 'Unknown Webhook');
    const message = this.#createMessage(
      interaction.payload['channel_id'] as string,
      body,
      'followup',
      interaction.id,
    );
    interaction.followups.push(message);
    return { status: 200, result: this.#messageJson(message) };
  }

  #webhookMessage(
    interaction: InteractionRecord,
    method: string,
    messageId: string,
    body: Json,
  ): { status: number; result: unknown } {
    const target =
      messageId === '@original'
        ? interaction.original
        : (interaction.followups.find((message) => message.id === messageId) ?? null);
    if (target === null || target.deleted || interaction.callbacks.length === 0)
      throw unknown(10008, 'Unknown Message');
    if (method === 'GET') return { status: 200, result: this.#messageJson(target) };
    if (method === 'PATCH') {
      this.#editMessage(target, body);
      return { status: 200, result: this.#messageJson(target) };
    }
    if (method === 'DELETE') {
      target.deleted = true;
      return { status: 204, result: null };
    }
    throw new HttpFailure(405, { message: '405: Method Not Allowed', code: 0 }, 'not-found');
  }

  #createMessage(
    channelId: string,
    body: Json,
    origin: FakeMessage['origin'],
    interactionId?: string,
    loading = false,
  ): FakeMessage {
    if (!loading) {
      const problems = validateMessage(body, true);
      if (problems.length > 0) throw invalid(problems);
    }
    const content = typeof body['content'] === 'string' ? body['content'] : '';
    const message: FakeMessage = {
      id: snowflake(),
      channel_id: channelId,
      content,
      embeds: (body['embeds'] as Json[] | undefined) ?? [],
      components: (body['components'] as Json[] | undefined) ?? [],
      flags: Number(body['flags'] ?? 0),
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      ...(interactionId === undefined ? {} : { interactionId }),
      origin,
      allowed_mentions: body['allowed_mentions'],
      pings: pings(content, body['allowed_mentions']),
      deleted: false,
    };
    this.messages.push(message);
    return message;
  }

  #editMessage(message: FakeMessage, body: Json): void {
    const next = {
      content: 'content' in body ? body['content'] : message.content,
      embeds: 'embeds' in body ? body['embeds'] : message.embeds,
      components: 'components' in body ? body['components'] : message.components,
    };
    const problems = validateMessage(next, true);
    if (problems.length > 0) throw invalid(problems);
    message.content = typeof next.content === 'string' ? next.content : '';
    message.embeds = (next.embeds as Json[] | null) ?? [];
    message.components = (next.components as Json[] | null) ?? [];
    message.flags &= ~MESSAGE_FLAG.Loading;
    message.edited_timestamp = new Date().toISOString();
    if ('allowed_mentions' in body) message.allowed_mentions = body['allowed_mentions'];
    message.pings = pings(message.content, message.allowed_mentions);
  }

  // ── JSON shapes ────────────────────────────────────────────────────────────

  #userJson(user: FakeUser): Json {
    return {
      id: user.id,
      username: user.username,
      global_name: user.global_name,
      discriminator: '0',
      avatar: null,
      public_flags: 0,
      ...(user.bot === true ? { bot: true } : {}),
    };
  }

  #channelJson(channel: FakeChannel, permissions?: string): Json {
    if (channel.type === 1) {
      return {
        id: channel.id,
        type: 1,
        last_message_id: null,
        flags: 0,
        recipients: channel.recipient === undefined ? [] : [this.#userJson(channel.recipient)],
      };
    }
    return {
      id: channel.id,
      type: channel.type,
      name: channel.name ?? 'channel',
      guild_id: channel.guildId ?? this.guild.id,
      parent_id: channel.parentId ?? null,
      position: 0,
      permission_overwrites: [],
      nsfw: false,
      topic: null,
      last_message_id: null,
      rate_limit_per_user: 0,
      flags: 0,
      ...(channel.type === 11
        ? {
            owner_id: this.users.admin.id,
            message_count: 0,
            member_count: 1,
            thread_metadata: {
              archived: false,
              auto_archive_duration: 1440,
              archive_timestamp: new Date(0).toISOString(),
              locked: false,
            },
          }
        : {}),
      ...(permissions === undefined ? {} : { permissions }),
    };
  }

  #guildJson(): Json {
    const channels = [...this.#channels.values()].filter(
      (channel) => channel.guildId === this.guild.id,
    );
    return {
      id: this.guild.id,
      name: this.guild.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      owner_id: this.guild.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: [
        {
          id: this.guild.id,
          name: '@everyone',
          permissions: MEMBER_PERMISSIONS.toString(),
          position: 0,
          color: 0,
          hoist: false,
          managed: false,
          mentionable: false,
          flags: 0,
        },
      ],
      emojis: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: 'en-US',
      public_updates_channel_id: null,
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      stickers: [],
      joined_at: new Date(0).toISOString(),
      large: false,
      unavailable: false,
      member_count: 4,
      voice_states: [],
      members: [],
      channels: channels
        .filter((channel) => channel.type !== 11)
        .map((channel) => this.#channelJson(channel)),
      threads: channels
        .filter((channel) => channel.type === 11)
        .map((channel) => this.#channelJson(channel)),
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  #messageJson(message: FakeMessage): Json {
    return {
      id: message.id,
      type: message.origin === 'channel' ? 0 : 20,
      channel_id: message.channel_id,
      author: this.#userJson(this.bot),
      content: message.content,
      embeds: message.embeds,
      components: message.components,
      attachments: [],
      mentions: [],
      mention_roles: message.pings.roles,
      mention_everyone: message.pings.everyone,
      pinned: false,
      tts: false,
      timestamp: message.timestamp,
      edited_timestamp: message.edited_timestamp,
      flags: message.flags,
      ...(message.origin === 'channel'
        ? {}
        : { webhook_id: this.applicationId, application_id: this.applicationId }),
    };
  }

  /** Closes every connection and the server. */
  async close(): Promise<void> {
    for (const connection of this.#connections) connection.ws.terminate();
    this.#wss.close();
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

// ── Discord's rules, as the fake enforces them ────────────────────────────────

/** Problems Discord would report for a message body (limits of content, embeds and components). */
export function validateMessage(body: Json, requireSomething: boolean): string[] {
  const problems: string[] = [];
  const content = body['content'];
  if (typeof content === 'string' && content.length > 2000)
    problems.push(`content: ${content.length} > 2000`);
  const embeds = (body['embeds'] as Json[] | null | undefined) ?? [];
  if (embeds.length > 10) problems.push(`embeds: ${embeds.length} > 10`);
  let total = 0;
  embeds.forEach((embed, index) => {
    const at = `embeds.${index}`;
    const check = (value: unknown, limit: number, name: string) => {
      if (value === undefined || value === null) return 0;
      if (typeof value !== 'string') {
        problems.push(`${at}.${name}: not a string`);
        return 0;
      }
      if (value.length > limit) problems.push(`${at}.${name}: ${value.length} > ${limit}`);
      return value.length;
    };
    total += check(embed['title'], 256, 'title');
    total += check(embed['description'], 4096, 'description');
    total += check((embed['footer'] as Json | undefined)?.['text'], 2048, 'footer.text');
    total += check((embed['author'] as Json | undefined)?.['name'], 256, 'author.name');
    const fields = (embed['fields'] as Json[] | undefined) ?? [];
    if (fields.length > 25) problems.push(`${at}.fields: ${fields.length} > 25`);
    fields.forEach((field, fieldIndex) => {
      const name = field['name'];
      const value = field['value'];
      if (typeof name !== 'string' || name.length === 0)
        problems.push(`${at}.fields.${fieldIndex}.name: required`);
      if (typeof value !== 'string' || value.length === 0)
        problems.push(`${at}.fields.${fieldIndex}.value: required`);
      total += check(name, 256, `fields.${fieldIndex}.name`);
      total += check(value, 1024, `fields.${fieldIndex}.value`);
    });
    const url = embed['url'];
    if (
      url !== undefined &&
      (typeof url !== 'string' || !/^https?:\/\/\S+$/.test(url) || url.length > 2048)
    ) {
      problems.push(`${at}.url: not a valid URL`);
    }
    const timestamp = embed['timestamp'];
    if (
      timestamp !== undefined &&
      (typeof timestamp !== 'string' || Number.isNaN(Date.parse(timestamp)))
    ) {
      problems.push(`${at}.timestamp: not ISO 8601`);
    }
  });
  if (total > 6000) problems.push(`embeds: ${total} characters in total > 6000`);
  const rows = (body['components'] as Json[] | null | undefined) ?? [];
  if (rows.length > 5) problems.push(`components: ${rows.length} rows > 5`);
  const ids = new Set<string>();
  for (const row of rows) {
    const children = (row['components'] as Json[] | undefined) ?? [];
    if (row['type'] !== 1 || children.length === 0 || children.length > 5)
      problems.push('components: bad action row');
    for (const child of children) {
      const id = child['custom_id'];
      if (child['type'] === 2 && child['style'] !== 5) {
        if (typeof id !== 'string' || id.length === 0 || id.length > 100)
          problems.push('components: custom_id must be 1-100 characters');
        else if (ids.has(id)) problems.push(`components: duplicate custom_id ${id}`);
        else ids.add(id);
      }
      const label = child['label'];
      if (typeof label === 'string' && label.length > 80) problems.push('components: label > 80');
    }
  }
  if (
    requireSomething &&
    (typeof content !== 'string' || content === '') &&
    embeds.length === 0 &&
    rows.length === 0
  ) {
    problems.push('Cannot send an empty message');
  }
  return problems;
}

function validateChoices(choices: Json[]): string[] {
  const problems: string[] = [];
  if (choices.length > 25) problems.push(`data.choices: ${choices.length} > 25`);
  choices.forEach((choice, index) => {
    const name = choice['name'];
    const value = choice['value'];
    if (typeof name !== 'string' || name.length < 1 || name.length > 100)
      problems.push(`data.choices.${index}.name: must be 1-100 characters`);
    if (typeof value === 'string' && value.length > 100)
      problems.push(`data.choices.${index}.value: > 100`);
    if (typeof value !== 'string' && typeof value !== 'number')
      problems.push(`data.choices.${index}.value: required`);
  });
  return problems;
}

function validateCommand(command: Json, at: string): string[] {
  const problems: string[] = [];
  const name = command['name'];
  if (typeof name !== 'string' || !/^[-_\p{Ll}\p{N}]{1,32}$/u.test(name))
    problems.push(`${at}.name: invalid`);
  const description = command['description'];
  if (typeof description !== 'string' || description.length < 1 || description.length > 100) {
    problems.push(`${at}.description: must be 1-100 characters`);
  }
  const options = (command['options'] as Json[] | undefined) ?? [];
  if (options.length > 25) problems.push(`${at}.options: > 25`);
  let optional = false;
  options.forEach((option, index) => {
    const where = `${at}.options.${index}`;
    if (typeof option['name'] !== 'string' || !/^[-_\p{Ll}\p{N}]{1,32}$/u.test(option['name']))
      problems.push(`${where}.name: invalid`);
    const text = option['description'];
    if (typeof text !== 'string' || text.length < 1 || text.length > 100)
      problems.push(`${where}.description: must be 1-100 characters`);
    if (option['required'] === true && optional)
      problems.push(`${where}: required options must come before optional ones`);
    if (option['required'] !== true) optional = true;
    const choices = (option['choices'] as Json[] | undefined) ?? [];
    if (choices.length > 25) problems.push(`${where}.choices: > 25`);
    if (choices.length > 0 && option['autocomplete'] === true)
      problems.push(`${where}: autocomplete cannot be set with choices`);
  });
  const permissions = command['default_member_permissions'];
  if (
    permissions !== undefined &&
    permissions !== null &&
    (typeof permissions !== 'string' || !/^\d+$/.test(permissions))
  ) {
    problems.push(`${at}.default_member_permissions: must be a string bitfield`);
  }
  return problems;
}

interface AllowedMentions {
  parse?: string[];
  users?: string[];
  roles?: string[];
}

/**
 * Who Discord would notify: mentions are parsed from `content` only (never embeds);
 * without `allowed_mentions` everything in it pings, with it only what it allows.
 */
export function pings(content: string, allowed: unknown): FakeMessage['pings'] {
  const rules: AllowedMentions | null =
    typeof allowed === 'object' && allowed !== null ? allowed : null;
  const parse = rules === null ? ['everyone', 'users', 'roles'] : (rules.parse ?? []);
  const users = [...content.matchAll(/<@!?(\d+)>/g)]
    .map((match) => match[1] as string)
    .filter((id) => parse.includes('users') || (rules?.users ?? []).includes(id));
  const roles = [...content.matchAll(/<@&(\d+)>/g)]
    .map((match) => match[1] as string)
    .filter((id) => parse.includes('roles') || (rules?.roles ?? []).includes(id));
  return {
    everyone: parse.includes('everyone') && /@(everyone|here)\b/.test(content),
    users,
    roles,
  };
}

function rateLimitHeaders(
  retryAfter: number,
  global: boolean,
  bucket: string,
): Record<string, string> {
  const seconds = retryAfter.toFixed(3);
  return {
    'retry-after': seconds,
    'x-ratelimit-scope': global ? 'global' : 'user',
    ...(global
      ? { 'x-ratelimit-global': 'true' }
      : {
          'x-ratelimit-limit': '5',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': ((Date.now() + retryAfter * 1000) / 1000).toFixed(3),
          'x-ratelimit-reset-after': seconds,
          'x-ratelimit-bucket': Buffer.from(bucket).toString('hex').slice(0, 32),
        }),
  };
}

function generalize(path: string): string {
  return path
    .replace(/\/interactions\/\d+\/[^/]+/, '/interactions/:id/:token')
    .replace(/\/webhooks\/\d+\/[^/]+/, '/webhooks/:app/:token')
    .replace(/\/\d{15,21}/g, '/:id')
    .replace(/\?.*$/, '');
}

function unknown(code: number, message: string): HttpFailure {
  return new HttpFailure(404, { message, code }, 'not-found');
}

function forbidden(): HttpFailure {
  return new HttpFailure(403, { message: 'Missing Access', code: 50001 }, 'forbidden');
}

function invalid(problems: string[]): HttpFailure {
  return new HttpFailure(
    400,
    { message: 'Invalid Form Body', code: 50035, errors: problems },
    'invalid',
  );
}

function rawText(raw: RawData): string {
  if (Array.isArray(raw)) return Buffer.concat(raw).toString('utf8');
  if (raw instanceof ArrayBuffer) return Buffer.from(raw).toString('utf8');
  return raw.toString('utf8');
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
