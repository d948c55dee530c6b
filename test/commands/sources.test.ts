import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NewsIndex } from '../../briefings/index.ts';
import type { CommandRequest } from '../../src/adapter.ts';
import type { CommandContext } from '../../src/commands/command.ts';
import { sourcesCommand } from '../../src/commands/sources.ts';
import { createConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import type { Services } from '../../src/services.ts';
import { FeedService } from '../../src/sources/feed-service.ts';
import { rssDocument, serve, startFeedServer, type FeedServer } from '../sources/feed-server.ts';

const NOW = Date.parse('2025-01-15T12:00:00Z');

const request: CommandRequest = {
  command: 'sources',
  args: '',
  chat: { platform: 'telegram', id: '1', kind: 'private' },
  user: { id: '1' },
  isAdmin: true,
};

function context(services: Services): CommandContext {
  return { request, now: NOW, services, isAdmin: true, isOwner: true };
}

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
  server.route(
    '/ok',
    serve(
      rssDocument('Good Feed', [
        { title: 'Fresh story', guid: 'g1', pubDate: new Date(NOW - 2 * 3600_000).toUTCString() },
      ]),
    ),
  );
  server.route('/down', (_req, res) => res.writeHead(503).end());
});
afterAll(() => server.close());

describe('/sources', () => {
  it('GIVEN no feeds THEN it says so and shows the corpus size', async () => {
    const news = new NewsIndex();
    news.add([
      {
        id: 'a',
        title: 'Local',
        body: '',
        url: null,
        source: 'file',
        publishedAt: null,
        seenAt: NOW,
        categories: [],
      },
    ]);
    const reply = await sourcesCommand.run(
      context({ config: createConfig({}), log: silentLogger, news }),
    );
    expect(reply).toEqual({
      type: 'message',
      title: 'Sources',
      text: 'The corpus holds 1 item, all from local files. No feeds are configured: set NEWS_FEEDS or NEWS_FEEDS_FILE.',
    });
    expect(sourcesCommand.audience).toBe('owners');
  });

  it('GIVEN a working and a failing feed THEN each one’s health, failing first', async () => {
    const news = new NewsIndex();
    const feeds = new FeedService({
      feeds: [{ url: server.url('/ok') }, { url: server.url('/down') }],
      corpus: news,
      log: silentLogger,
      pollMinutes: 15,
      retentionDays: 7,
      clock: () => NOW - 5 * 60_000,
    });
    await feeds.pollAll();
    const reply = await sourcesCommand.run(
      context({ config: createConfig({}), log: silentLogger, news, feeds }),
    );
    expect(reply.type).toBe('message');
    if (reply.type !== 'message') return;
    expect(reply.text).toBe('The corpus holds 1 item, 1 of them from 2 feeds (1 failing).');
    expect(reply.sections?.map((s) => s.heading)).toEqual(['Failing (1)', 'Working (1)']);
    expect(reply.sections?.[0]?.lines[0]).toMatch(
      new RegExp(
        `^✗ ${server.url('/down')}: failing \\(1×\\): HTTP 503 Service Unavailable; never fetched; 0 items kept; next poll in \\d+ min$`,
      ),
    );
    expect(reply.sections?.[1]?.lines[0]).toMatch(
      new RegExp(
        `^✓ Good Feed \\(${server.url('/ok')}\\): 1 item; newest 2 h ago; checked 5 min ago; next poll in \\d+ min$`,
      ),
    );
  });
});
