import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Briefing, Story } from '../../../briefings/types.ts';
import { DeliveryError, type Dispatcher } from '../../../src/adapter.ts';
import { message, type Reply } from '../../../src/commands/reply.ts';
import { startHarness, visibleText, type Harness } from './harness.ts';

const idle: Dispatcher = {
  handle: () => Promise.resolve(message({ text: 'ok' })),
  suggest: () => Promise.resolve([]),
  moveChat: () => Promise.resolve(),
};

function story(i: number, summaryWords = 20): Story {
  return {
    title: `Story ${i}: @everyone markets <@&123456> move`,
    summary: Array.from({ length: summaryWords }, (_, j) => `word${j}`).join(' '),
    url: `https://example.com/${i}`,
    source: 'Example Wire',
    publishedAt: '2026-11-25T08:00:00.000Z',
    related: [],
  };
}

function briefing(stories: Story[]): Reply {
  const document: Briefing = {
    kind: 'news',
    topic: 'japan',
    generatedAt: '2026-11-25T08:00:00.000Z',
    stories,
  };
  return { type: 'briefing', briefing: document, note: 'Your 08:00 briefing' };
}

async function failure(promise: Promise<unknown>): Promise<DeliveryError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DeliveryError) return error;
    throw error;
  }
  throw new Error('expected a DeliveryError');
}

describe('Discord scheduled delivery', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness(idle);
  });
  afterAll(() => harness.close());

  const posts = (channelId: string) =>
    harness.fake.requests.filter(
      (request) =>
        request.route === 'POST /channels/:id/messages' && request.path.includes(channelId),
    );

  it('GIVEN a briefing THEN it is posted to the channel as embeds that ping nobody', async () => {
    const channel = harness.fake.addTextChannels(1)[0]!;
    await harness.adapter.deliver(channel.id, briefing([story(1), story(2)]));

    const [posted] = harness.fake.channelMessages(channel.id);
    expect(posted?.embeds).toHaveLength(2);
    expect(posted?.allowed_mentions).toEqual({ parse: [] });
    expect(posted?.pings).toEqual({ everyone: false, users: [], roles: [] });
    expect(visibleText(posted!)).toContain('Story 1: @everyone markets <@&123456> move');
    expect(visibleText(posted!)).toContain('Your 08:00 briefing');
    expect(posts(channel.id)[0]?.authorization).toBe(`Bot ${harness.fake.token}`);
  });

  it('GIVEN a briefing too long for one message THEN it goes out as consecutive messages, each within the limits', async () => {
    const channel = harness.fake.addTextChannels(1)[0]!;
    await harness.adapter.deliver(
      channel.id,
      briefing(Array.from({ length: 10 }, (_, i) => story(i, 160))),
    );
    const messages = harness.fake.channelMessages(channel.id);
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.flatMap((entry) => entry.embeds.map((embed) => embed['title']))).toEqual(
      Array.from({ length: 10 }, (_, i) => `Story ${i}: @everyone markets <@&123456> move`),
    );
    // The fake refuses anything past a limit with a 400, so every post was within them.
    expect(posts(channel.id).every((request) => request.status === 200)).toBe(true);
  });

  it('GIVEN a 429 with retry_after THEN the post waits that long and is sent again, once', async () => {
    const channel = harness.fake.addTextChannels(1)[0]!;
    harness.fake.inject({
      method: 'POST',
      path: `/channels/${channel.id}/messages`,
      status: 429,
      retryAfter: 0.3,
    });

    await harness.adapter.deliver(channel.id, briefing([story(1)]));

    const [limited, retried] = posts(channel.id);
    expect(limited?.status).toBe(429);
    expect(retried?.status).toBe(200);
    expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(300);
    expect(harness.fake.channelMessages(channel.id)).toHaveLength(1);
  });

  it('GIVEN a global 429 THEN every request waits for it, and the post goes through after', async () => {
    const channel = harness.fake.addTextChannels(1)[0]!;
    harness.fake.inject({
      method: 'POST',
      path: `/channels/${channel.id}/messages`,
      status: 429,
      retryAfter: 0.2,
      global: true,
    });
    await harness.adapter.deliver(channel.id, briefing([story(1)]));
    expect(posts(channel.id).map((request) => request.status)).toEqual([429, 200]);
  });

  it('GIVEN a channel where the bot lost access (403) or one deleted (404) THEN the failure is permanent', async () => {
    const forbidden = await failure(
      harness.adapter.deliver(harness.fake.channels.forbidden.id, briefing([story(1)])),
    );
    expect(forbidden.failure).toBe('permanent');
    expect(forbidden.message).toMatch(/403 Missing Access/);

    const gone = harness.fake.addTextChannels(1)[0]!;
    harness.fake.setChannelAccess(gone.id, 'deleted');
    const deleted = await failure(harness.adapter.deliver(gone.id, briefing([story(1)])));
    expect(deleted.failure).toBe('permanent');
    expect(deleted.message).toMatch(/404 Unknown Channel/);
  });

  it('GIVEN Discord failing with 5xx past the retries THEN the failure is transient', async () => {
    const channel = harness.fake.addTextChannels(1)[0]!;
    harness.fake.inject({
      method: 'POST',
      path: `/channels/${channel.id}/messages`,
      status: 502,
      times: 5,
    });
    const error = await failure(harness.adapter.deliver(channel.id, briefing([story(1)])));
    expect(error.failure).toBe('transient');
    expect(error.message).toMatch(/502/);
  });

  it('GIVEN a 5xx that clears on retry THEN the briefing is delivered once', async () => {
    const channel = harness.fake.addTextChannels(1)[0]!;
    harness.fake.inject({
      method: 'POST',
      path: `/channels/${channel.id}/messages`,
      status: 500,
      times: 1,
    });
    await harness.adapter.deliver(channel.id, briefing([story(1)]));
    expect(harness.fake.channelMessages(channel.id)).toHaveLength(1);
  });

  it('GIVEN the second page of a long briefing fails THEN the first is not posted again and the delivery counts as done', async () => {
    const channel = harness.fake.addTextChannels(1)[0]!;
    harness.fake.inject({
      method: 'POST',
      path: `/channels/${channel.id}/messages`,
      status: 503,
      after: 1,
      times: 10,
    });

    await harness.adapter.deliver(
      channel.id,
      briefing(Array.from({ length: 10 }, (_, i) => story(i, 160))),
    );

    const [first] = harness.fake.channelMessages(channel.id);
    expect(harness.fake.channelMessages(channel.id)).toHaveLength(1);
    expect(first?.embeds[0]?.['title']).toBe('Story 0: @everyone markets <@&123456> move');
    expect(posts(channel.id).filter((request) => request.status === 200)).toHaveLength(1);
  });

  it('GIVEN a chat id that is not a Discord id THEN the failure is permanent without a request', async () => {
    const before = harness.fake.requests.length;
    const error = await failure(harness.adapter.deliver('telegram-chat', briefing([story(1)])));
    expect(error.failure).toBe('permanent');
    expect(harness.fake.requests.length).toBe(before);
  });
});
