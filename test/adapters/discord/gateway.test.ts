import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../../adapters/discord/index.ts';
import type { Dispatcher } from '../../../src/adapter.ts';
import { message } from '../../../src/commands/reply.ts';
import { silentLogger } from '../../../src/log.ts';
import { OP, startFakeDiscord, type FakeDiscord } from '../../fakes/discord-api.ts';
import { startHarness, type Harness } from './harness.ts';

const GUILDS_INTENT = 1;

const echo: Dispatcher = {
  handle: () => Promise.resolve(message({ text: 'ok' })),
  suggest: () => Promise.resolve([]),
  moveChat: () => Promise.resolve(),
};

describe('Discord gateway session', () => {
  let harness: Harness | undefined;
  let fake: FakeDiscord | undefined;
  afterEach(async () => {
    await harness?.close();
    await fake?.close();
    harness = undefined;
    fake = undefined;
  });

  it('GIVEN the adapter starts THEN it fetches the gateway URL, identifies with the Guilds intent only and registers its commands in the guild', async () => {
    harness = await startHarness(echo);
    const [identify] = harness.fake.identifies;
    expect(identify?.['intents']).toBe(GUILDS_INTENT);
    expect(identify?.['token']).toBe(harness.fake.token);
    expect(harness.fake.requests.map((request) => request.route)).toEqual([
      'GET /gateway/bot',
      'PUT /applications/:id/guilds/:id/commands',
    ]);
    expect(harness.fake.requests[0]?.authorization).toBe(`Bot ${harness.fake.token}`);
    expect(
      harness.fake.frames
        .filter((frame) => frame.direction === 'out')
        .map((frame) => frame.t ?? frame.op),
    ).toEqual([OP.Hello, 'READY', 'GUILD_CREATE']);
  });

  it('GIVEN a short heartbeat interval THEN the client heartbeats and every beat is acknowledged', async () => {
    harness = await startHarness(echo, { fake: { heartbeatIntervalMs: 100 } });
    await harness.fake.waitForHeartbeats(3);
    const beats = harness.fake.frames.filter(
      (frame) => frame.direction === 'in' && frame.op === OP.Heartbeat,
    );
    const acks = harness.fake.frames.filter(
      (frame) => frame.direction === 'out' && frame.op === OP.HeartbeatAck,
    );
    expect(beats.length).toBeGreaterThanOrEqual(3);
    expect(acks).toHaveLength(beats.length);
    // Acknowledged beats keep the connection alive: no reconnect happened.
    expect(harness.fake.identifies).toHaveLength(1);
  });

  it('GIVEN the gateway asks for a heartbeat THEN the client sends one at once', async () => {
    harness = await startHarness(echo);
    harness.fake.requestHeartbeat();
    await harness.fake.waitForHeartbeats(1);
  });

  it('GIVEN a wrong token THEN start fails naming DISCORD_TOKEN, without showing the token', async () => {
    fake = await startFakeDiscord();
    const adapter = createDiscordAdapter({
      token: 'not-the-real-secret',
      applicationId: fake.applicationId,
      apiBase: fake.apiBase,
      guildId: null,
      log: silentLogger,
    });
    const started = adapter.start(echo);
    await expect(started).rejects.toThrow(/Discord rejected DISCORD_TOKEN \(401 Unauthorized\)/);
    await expect(started).rejects.not.toThrow(/not-the-real-secret/);
    await adapter.stop();
  });

  it('GIVEN stop THEN the client disconnects, and a second stop does nothing', async () => {
    harness = await startHarness(echo);
    await harness.adapter.stop();
    await harness.adapter.stop();
    expect(harness.adapter.client.isReady()).toBe(false);
  });
});
