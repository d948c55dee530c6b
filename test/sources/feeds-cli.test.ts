import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { runFeedsCommand, type ParsedItemJson } from '../../src/sources/feeds-cli.ts';
import { rssDocument, serve, startFeedServer, type FeedServer } from './feed-server.ts';

const NOW = Date.parse('2025-01-15T00:00:00Z');

class Buffered {
  text = '';
  write(chunk: string) {
    this.text += chunk;
    return true;
  }
}

async function run(argv: string[], env: Record<string, string> = {}) {
  const stdout = new Buffered();
  const stderr = new Buffered();
  const code = await runFeedsCommand(argv, {
    config: createConfig({ NEWS_DATA_DIR: 'test/fixtures/news/mixed', ...env }),
    log: silentLogger,
    stdout,
    stderr,
    now: () => NOW,
    limits: { timeoutMs: 2_000 },
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
  server.route('/rss', serve(readFileSync('test/fixtures/feeds/rss2.xml')));
  server.route(
    '/fresh',
    serve(
      rssDocument('Fresh', [
        { title: 'New', guid: 'n1', pubDate: new Date(NOW - 3 * 3600_000).toUTCString() },
      ]),
    ),
  );
  server.route(
    '/html',
    serve(readFileSync('test/fixtures/feeds/html-page.html'), { 'content-type': 'text/html' }),
  );
});
afterAll(() => server.close());

describe('feeds parse', () => {
  it('GIVEN a saved feed and --json THEN only the normalized items go to stdout', async () => {
    const { code, stdout, stderr } = await run(['parse', 'test/fixtures/feeds/rss2.xml', '--json']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const items = JSON.parse(stdout) as ParsedItemJson[];
    expect(items).toEqual([
      {
        title: 'First headline & more',
        url: 'https://news.example.com/a/1',
        id: 'urn:example:1',
        publishedAt: '2025-01-14T09:00:00.000Z',
        summary: 'Short summary of first story.',
        categories: ['World', 'Politics'],
        author: 'Jane Doe',
      },
      {
        title: 'Second headline',
        url: 'https://news.example.com/a/2',
        id: 'https://news.example.com/a/2',
        publishedAt: '2025-01-13T17:15:00.000Z',
        summary: 'Second summary',
        categories: ['Tech'],
        author: 'John Smith',
      },
    ]);
  });

  it('GIVEN a URL THEN it is fetched and printed readably', async () => {
    const { code, stdout } = await run(['parse', server.url('/rss')]);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^Example News — RSS, 2 items, utf-8 \(by utf-8\)\n\n1\. First headline & more\n {3}id: +urn:example:1\n/,
    );
    expect(stdout).toContain('   categories: World, Politics\n');
  });

  it('GIVEN a file in the news folder THEN ids match what the loader gives', async () => {
    const { stdout } = await run(['parse', 'test/fixtures/news/mixed/briefs.txt', '--json']);
    const items = JSON.parse(stdout) as ParsedItemJson[];
    expect(items.map((i) => i.title)).toContain('Fed Holds Rates Steady as Inflation Cools');
    expect(items.every((i) => /^[0-9a-f]{20}$/.test(i.id))).toBe(true);
  });

  it('GIVEN something that is not a feed THEN a clear error and status 1', async () => {
    const page = await run(['parse', server.url('/html')]);
    expect(page).toMatchObject({ code: 1, stdout: '' });
    expect(page.stderr).toBe(
      `${server.url('/html')}: this is an HTML page, not a feed (the page names a feed at /feed.xml)\n`,
    );
    const bomb = await run(['parse', 'test/fixtures/feeds/billion-laughs.xml']);
    expect(bomb.stderr).toMatch(/declares XML entities/);
    const missing = await run(['parse', 'test/fixtures/feeds/none.xml']);
    expect(missing.stderr).toBe('test/fixtures/feeds/none.xml: cannot be read (ENOENT)\n');
    const broken = await run(['parse', 'test/fixtures/feeds/truncated.xml', '--json']);
    expect(broken.code).toBe(1);
    expect((JSON.parse(broken.stdout) as unknown[]).length).toBe(3);
    expect(broken.stderr).toMatch(/^warning: the XML is not well-formed after item 3/);
  });
});

describe('feeds check and export', () => {
  it('GIVEN configured feeds THEN check prints URL, status, items, newest age and error', async () => {
    const { code, stdout } = await run(['check'], {
      NEWS_FEEDS: `${server.url('/fresh')}, ${server.url('/html')}`,
    });
    expect(code).toBe(1);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^URL +STATUS +ITEMS +NEWEST +ERROR$/);
    expect(lines[1]).toMatch(new RegExp(`^${server.url('/fresh')} +ok +1 +3 h$`));
    expect(lines[2]).toMatch(/failing +0 +- +this is an HTML page, not a feed/);
    expect(stdout).toContain('2 feeds, 1 failing.');
  });

  it('GIVEN check --json THEN the health as JSON', async () => {
    const { code, stdout } = await run(['check', '--json'], { NEWS_FEEDS: server.url('/fresh') });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([
      expect.objectContaining({
        url: server.url('/fresh'),
        title: 'Fresh',
        status: 'ok',
        items: 1,
        error: null,
      }),
    ]);
  });

  it('GIVEN no feeds THEN check says how to configure them', async () => {
    const { code, stderr } = await run(['check']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/No feeds configured: set NEWS_FEEDS/);
  });

  it('GIVEN feeds THEN export prints OPML', async () => {
    const { code, stdout } = await run(['export'], {
      NEWS_FEEDS: 'https://a.example/rss https://b.example/atom',
    });
    expect(code).toBe(0);
    expect(stdout).toContain('xmlUrl="https://a.example/rss"');
    expect(stdout).toContain('xmlUrl="https://b.example/atom"');
  });

  it('GIVEN a wrong command THEN usage and status 2', async () => {
    expect(await run(['frobnicate'])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^Unknown command 'frobnicate'\.\nUsage:/) as string,
    });
    expect((await run(['parse'])).code).toBe(2);
    expect((await run(['check', '--verbose'])).code).toBe(2);
  });
});
