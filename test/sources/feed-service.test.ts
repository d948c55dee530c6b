import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import Keyv from 'keyv';
import { afterEach, describe, expect, it } from 'vitest';
import { NewsIndex } from '../../briefings/index.ts';
import type { Article } from '../../briefings/types.ts';
import { silentLogger } from '../../src/log.ts';
import {
  FeedService,
  hashFraction,
  type CorpusSink,
  type FeedServiceOptions,
} from '../../src/sources/feed-service.ts';
import { rssDocument, serve, startFeedServer, type FeedServer } from './feed-server.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const T0 = Date.parse('2025-01-14T12:00:00Z');
const FIXTURES = 'test/fixtures/feeds';

class MemoryCorpus implements CorpusSink {
  readonly articles = new Map<string, Article>();
  add(articles: readonly Article[]): void {
    for (const a of articles) this.articles.set(a.id, a);
  }
  remove(ids: Iterable<string>): number {
    let n = 0;
    for (const id of ids) if (this.articles.delete(id)) n++;
    return n;
  }
  titles(): string[] {
    return [...this.articles.values()].map((a) => a.title).sort();
  }
}

class Clock {
  constructor(public now = T0) {}
  readonly read = () => this.now;
  advance(ms: number) {
    this.now += ms;
  }
}

const servers: FeedServer[] = [];
const services: FeedService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.stop()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(host = '127.0.0.1') {
  const s = await startFeedServer(host);
  servers.push(s);
  return s;
}

function service(urls: string[], overrides: Partial<FeedServiceOptions> = {}) {
  const corpus = (overrides.corpus as MemoryCorpus | undefined) ?? new MemoryCorpus();
  const clock = new Clock();
  const feeds = new FeedService({
    feeds: urls.map((url) => ({ url })),
    corpus,
    log: silentLogger,
    pollMinutes: 15,
    retentionDays: 7,
    clock: clock.read,
    limits: { timeoutMs: 2_000 },
    ...overrides,
  });
  services.push(feeds);
  return { feeds, corpus, clock };
}

const fresh = (minutesAgo: number) => new Date(T0 - minutesAgo * MINUTE).toUTCString();

describe('FeedService polling', () => {
  it('GIVEN one failing feed among others THEN the others load and the failure is reported', async () => {
    const s = await server();
    s.route(
      '/a',
      serve(rssDocument('Alpha', [{ title: 'Alpha one', guid: 'a1', pubDate: fresh(5) }])),
    );
    s.route('/b', (_req, res) => res.writeHead(500).end('oops'));
    s.route(
      '/c',
      serve(rssDocument('Gamma', [{ title: 'Gamma one', guid: 'c1', pubDate: fresh(50) }])),
    );
    const { feeds, corpus } = service([s.url('/a'), s.url('/b'), s.url('/c')]);
    const health = await feeds.pollAll();
    expect(corpus.titles()).toEqual(['Alpha one', 'Gamma one']);
    expect(health.map((h) => [h.title, h.status, h.items, h.lastError])).toEqual([
      ['Alpha', 'ok', 1, null],
      [null, 'failing', 0, 'HTTP 500 Internal Server Error'],
      ['Gamma', 'ok', 1, null],
    ]);
    expect(health[0]?.newestAt).toBe(Date.parse(fresh(5)));
  });

  it('GIVEN hostile and broken feeds THEN each fails with a clear error and a good feed still loads', async () => {
    const s = await server();
    const fixture = (name: string) => readFileSync(`${FIXTURES}/${name}`);
    s.route(
      '/good',
      serve(rssDocument('Good', [{ title: 'Good news', guid: 'g1', pubDate: fresh(1) }])),
    );
    s.route('/laughs', serve(fixture('billion-laughs.xml')));
    s.route('/xxe', serve(fixture('xxe-file.xml')));
    s.route('/html', serve(fixture('html-page.html'), { 'content-type': 'text/html' }));
    s.route('/empty', serve(''));
    s.route('/broken', serve(fixture('invalid-midway.xml')));
    s.route('/slow', () => undefined);
    const paths = ['/good', '/laughs', '/xxe', '/html', '/empty', '/broken', '/slow'];
    const { feeds, corpus } = service(
      paths.map((p) => s.url(p)),
      { limits: { timeoutMs: 300 } },
    );
    const health = await feeds.pollAll();
    const errors: Record<string, string | null> = Object.fromEntries(
      health.map((h, i) => [paths[i]!, h.lastError] as const),
    );
    expect(errors).toEqual({
      '/good': null,
      '/laughs': expect.stringMatching(/declares XML entities/) as string,
      '/xxe': expect.stringMatching(/declares XML entities/) as string,
      '/html': expect.stringMatching(/HTML page, not a feed/) as string,
      '/empty': 'the document is empty',
      '/broken': expect.stringMatching(/not well-formed after item 5/) as string,
      '/slow': 'no complete response within 300 ms',
    });
    // The good feed, plus the five good items before the break of the broken one.
    expect(corpus.titles()).toEqual([
      'Good news',
      'Item 1',
      'Item 2',
      'Item 3',
      'Item 4',
      'Item 5',
    ]);
    expect(health.filter((h) => h.status === 'failing')).toHaveLength(6);
  });

  it('GIVEN missing ids, duplicate guids and odd dates over HTTP THEN stable ids, one copy, strict dates', async () => {
    const s = await server();
    for (const name of ['missing-ids.xml', 'duplicate-guids.xml', 'odd-dates.xml']) {
      s.route(`/${name}`, serve(readFileSync(`${FIXTURES}/${name}`)));
    }
    const urls = ['missing-ids.xml', 'duplicate-guids.xml', 'odd-dates.xml'].map((n) =>
      s.url(`/${n}`),
    );
    const { feeds, corpus, clock } = service(urls, { retentionDays: 365 });
    clock.now = Date.parse('2025-01-15T00:00:00Z');
    const health = await feeds.pollAll();
    expect(health.map((h) => h.status)).toEqual(['ok', 'ok', 'ok']);
    const titles = corpus.titles();
    expect(titles).toEqual(
      expect.arrayContaining(['Only title and description', 'Link but no guid', 'Original']),
    );
    expect(titles).not.toContain('Updated copy, same guid');
    expect(titles).not.toContain('Different guid, same link');
    const ids = [...corpus.articles.keys()];
    const again = service(urls, { retentionDays: 365 });
    again.clock.now = clock.now;
    await again.feeds.pollAll();
    expect([...again.corpus.articles.keys()].sort()).toEqual(ids.sort());
    const byTitle = new Map([...corpus.articles.values()].map((a) => [a.title, a.publishedAt]));
    expect(byTitle.get('d11')).toBeNull(); // 31 Feb
    expect(byTitle.get('d1')).toBe(Date.parse('2025-01-14T14:00:00Z')); // EST
  });

  it('GIVEN an XXE feed pointing at a canary server THEN the canary is never asked', async () => {
    const canary = await server();
    const s = await server();
    const xxe = readFileSync(`${FIXTURES}/xxe-remote.xml`, 'utf8').replaceAll(
      'http://127.0.0.1:18099',
      canary.url(''),
    );
    s.route('/xxe', serve(xxe));
    const { feeds } = service([s.url('/xxe')]);
    const [h] = await feeds.pollAll();
    expect(h?.lastError).toMatch(/declares XML entities/);
    expect(canary.requests).toHaveLength(0);
  });

  it('GIVEN a feed polled again THEN it is a conditional GET, and a 304 keeps its items', async () => {
    const s = await server();
    let version = 'v1';
    s.route('/feed', (req, res) => {
      if (req.headers['if-none-match'] === `"${version}"`) {
        res.writeHead(304).end();
        return;
      }
      res.writeHead(200, { etag: `"${version}"`, 'content-type': 'application/rss+xml' });
      res.end(
        rssDocument('Cond', [{ title: `Story ${version}`, guid: version, pubDate: fresh(1) }]),
      );
    });
    const state = new Keyv();
    const { feeds, corpus, clock } = service([s.url('/feed')], { state });
    await feeds.pollAll();
    expect(s.requests.at(-1)?.headers['if-none-match']).toBeUndefined();
    clock.now = feeds.health()[0]!.nextPollAt!;
    await feeds.pollDue();
    expect(s.requests).toHaveLength(2);
    expect(s.requests.at(-1)?.headers['if-none-match']).toBe('"v1"');
    expect(corpus.titles()).toEqual(['Story v1']);
    expect(feeds.health()[0]).toMatchObject({ status: 'ok', items: 1 });

    version = 'v2';
    clock.now = feeds.health()[0]!.nextPollAt!;
    await feeds.pollDue();
    expect(corpus.titles()).toEqual(['Story v1', 'Story v2']);

    // A restart has an empty corpus: the first fetch must not be conditional.
    const again = service([s.url('/feed')], { state });
    await again.feeds.pollAll();
    expect(s.requests.at(-1)?.headers['if-none-match']).toBeUndefined();
    expect(again.corpus.titles()).toEqual(['Story v2']);
    expect(await state.get(s.url('/feed'))).toMatchObject({ etag: '"v2"', failures: 0 });
  });

  it('GIVEN a feed that keeps failing THEN it backs off doubling to 24 h, and recovers by itself', async () => {
    const s = await server();
    let up = false;
    s.route('/flaky', (_req, res) => {
      if (up)
        serve(rssDocument('Flaky', [{ title: 'Back', guid: 'f1', pubDate: fresh(0) }]))(_req, res);
      else res.writeHead(503).end();
    });
    const { feeds, clock } = service([s.url('/flaky')]);
    const intervals: number[] = [];
    for (let i = 0; i < 8; i++) {
      await feeds.pollDue();
      const [h] = feeds.health();
      expect(h).toMatchObject({
        status: 'failing',
        consecutiveFailures: i + 1,
        lastError: 'HTTP 503 Service Unavailable',
      });
      intervals.push(h!.intervalMinutes);
      clock.advance(h!.intervalMinutes * MINUTE + 15 * MINUTE);
    }
    expect(intervals).toEqual([30, 60, 120, 240, 480, 960, 1440, 1440]);
    up = true;
    const [h] = await feeds.pollDue();
    expect(h).toMatchObject({
      status: 'ok',
      consecutiveFailures: 0,
      intervalMinutes: 15,
      items: 1,
    });
  });

  it('GIVEN a failing feed THEN it is not polled again before its backoff ends', async () => {
    const s = await server();
    s.route('/down', (_req, res) => res.writeHead(500).end());
    const { feeds, clock } = service([s.url('/down')]);
    await feeds.start();
    clock.advance(MINUTE);
    await feeds.pollDue();
    const next = feeds.health()[0]!.nextPollAt!;
    expect(next - clock.now).toBeGreaterThanOrEqual(29 * MINUTE);
    clock.now = next - 1;
    await feeds.pollDue();
    expect(s.requests).toHaveLength(1);
    clock.now = next;
    await feeds.pollDue();
    expect(s.requests).toHaveLength(2);
  });

  it('GIVEN ttl, sy:updatePeriod or max-age THEN the interval lengthens, never below the minimum', async () => {
    const s = await server();
    const item = [{ title: 'x', guid: 'x', pubDate: fresh(0) }];
    s.route('/ttl60', serve(rssDocument('T60', item, '<ttl>60</ttl>')));
    s.route('/ttl5', serve(rssDocument('T5', item, '<ttl>5</ttl>')));
    s.route(
      '/sy',
      serve(
        rssDocument(
          'Sy',
          item,
          '<sy:updatePeriod xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">daily</sy:updatePeriod>',
        ),
      ),
    );
    s.route('/maxage', serve(rssDocument('MaxAge', item), { 'cache-control': 'max-age=7200' }));
    s.route('/week', serve(rssDocument('Week', item, '<ttl>10080</ttl>')));
    const { feeds } = service(['/ttl60', '/ttl5', '/sy', '/maxage', '/week'].map((p) => s.url(p)));
    const health = await feeds.pollAll();
    expect(health.map((h) => h.intervalMinutes)).toEqual([60, 15, 1440, 120, 1440]);
  });

  it('GIVEN feeds THEN each keeps its own slot in the interval, spread by a hash of its URL', async () => {
    const s = await server();
    s.route('/one', serve(rssDocument('One', [{ title: 'o', guid: 'o' }])));
    s.route('/two', serve(rssDocument('Two', [{ title: 't', guid: 't' }])));
    const urls = [s.url('/one'), s.url('/two')];
    const { feeds, clock } = service(urls);
    await feeds.start();
    const started = feeds.health().map((h) => h.nextPollAt! - clock.now);
    // First polls within the first minute, at their hash offsets.
    expect(started).toEqual(urls.map((u) => Math.floor(hashFraction(u) * MINUTE)));
    clock.advance(MINUTE);
    await feeds.pollDue();
    for (const [i, h] of feeds.health().entries()) {
      const offset = Math.floor(hashFraction(urls[i]!) * 15 * MINUTE);
      expect((h.nextPollAt! - offset) % (15 * MINUTE)).toBe(0);
      expect(h.nextPollAt! - clock.now).toBeGreaterThanOrEqual(14 * MINUTE);
    }
    await feeds.stop();
  });
});

describe('FeedService timers', () => {
  it('GIVEN start() THEN the feeds are fetched by themselves, and stop() ends polling', async () => {
    const s = await server();
    s.route('/feed', serve(rssDocument('Timed', [{ title: 'By itself', guid: 't1' }])));
    const corpus = new MemoryCorpus();
    const feeds = new FeedService({
      feeds: [{ url: s.url('/feed') }],
      corpus,
      log: silentLogger,
      pollMinutes: 0.002, // 120 ms, so the real timers run within the test
      retentionDays: 7,
    });
    services.push(feeds);
    await feeds.start();
    for (let i = 0; i < 200 && s.requests.length < 2; i++)
      await new Promise((r) => setTimeout(r, 25));
    expect(s.requests.length).toBeGreaterThanOrEqual(2);
    expect(corpus.titles()).toEqual(['By itself']);
    await feeds.stop();
    const count = s.requests.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(s.requests.length).toBe(count);
  });
});

describe('FeedService corpus', () => {
  it('GIVEN the same story in two feeds THEN it is kept once (guid, then link, then content)', async () => {
    const s = await server();
    s.route(
      '/first',
      serve(
        rssDocument('First', [
          { title: 'Shared guid', guid: 'urn:shared', pubDate: fresh(1) },
          {
            title: 'Shared link',
            guid: 'f-2',
            link: 'https://news.example/story',
            pubDate: fresh(1),
          },
          { title: 'Same words', guid: 'f-3', description: 'Identical text.', pubDate: fresh(1) },
        ]),
      ),
    );
    s.route(
      '/second',
      serve(
        rssDocument('Second', [
          { title: 'Shared guid elsewhere', guid: 'urn:shared', pubDate: fresh(1) },
          {
            title: 'Shared link again',
            guid: 's-2',
            link: 'https://news.example/story?utm_source=rss',
            pubDate: fresh(1),
          },
          { title: 'Same words', guid: 's-3', description: 'Identical text.', pubDate: fresh(1) },
          { title: 'Only here', guid: 's-4', pubDate: fresh(1) },
        ]),
      ),
    );
    const { feeds, corpus } = service([s.url('/first'), s.url('/second')]);
    await feeds.pollAll();
    expect(corpus.titles()).toEqual(['Only here', 'Same words', 'Shared guid', 'Shared link']);
    expect(feeds.health().map((h) => h.items)).toEqual([3, 1]);
  });

  it('GIVEN old items THEN they never enter, and items leave the corpus after the retention window', async () => {
    const s = await server();
    s.route(
      '/feed',
      serve(
        rssDocument('Ret', [
          { title: 'Today', guid: 'r1', pubDate: fresh(10) },
          { title: 'Last month', guid: 'r2', pubDate: fresh(30 * 24 * 60) },
          { title: 'Undated', guid: 'r3' },
        ]),
      ),
    );
    const { feeds, corpus, clock } = service([s.url('/feed')]);
    await feeds.pollAll();
    expect(corpus.titles()).toEqual(['Today', 'Undated']);
    clock.advance(8 * DAY);
    expect(feeds.prune()).toBe(2);
    expect(corpus.articles.size).toBe(0);
    expect(feeds.articleCount).toBe(0);
  });

  it('GIVEN a feed seen again THEN its items keep their first-seen time and ids', async () => {
    const s = await server();
    s.route(
      '/feed',
      serve(rssDocument('Seen', [{ title: 'No date', link: 'https://seen.example/1' }])),
    );
    const { feeds, corpus, clock } = service([s.url('/feed')]);
    await feeds.pollAll();
    const first = [...corpus.articles.values()][0]!;
    clock.advance(30 * MINUTE);
    await feeds.pollAll();
    const second = [...corpus.articles.values()][0]!;
    expect(second.id).toBe(first.id);
    expect(second.seenAt).toBe(T0);
  });

  it('GIVEN a firstSeen stamp THEN undated items get it before entering the corpus', async () => {
    const s = await server();
    s.route('/feed', serve(rssDocument('Stamp', [{ title: 'Undated', guid: 'u1' }])));
    const stamped = T0 - 3 * DAY;
    const { feeds, corpus } = service([s.url('/feed')], {
      firstSeen: (articles) => Promise.resolve(articles.map((a) => ({ ...a, seenAt: stamped }))),
    });
    await feeds.pollAll();
    expect(corpus.articles.get('u1')?.seenAt).toBe(stamped);
  });
});

describe('FeedService with the real corpus', () => {
  it('GIVEN a Japanese feed ingested into NewsIndex THEN a briefing on 東京 finds its story', async () => {
    const s = await server();
    s.route('/sjis', serve(readFileSync(`${FIXTURES}/shift_jis.xml`)));
    const news = new NewsIndex();
    const { feeds } = service([s.url('/sjis')], { corpus: news as unknown as MemoryCorpus });
    await feeds.pollAll();
    expect(news.size).toBe(2);
    const { briefing } = news.brief({ kind: 'headlines', topic: '東京', now: T0 });
    expect(briefing.stories[0]).toMatchObject({
      title: expect.stringMatching(/^速報.東京で桜が開花$/) as string,
      source: '日本語ニュース',
      url: 'https://jp.example/1',
    });
  });
});

describe('FeedService politeness and encodings', () => {
  it('GIVEN many feeds on many hosts THEN at most 4 fetches run at once and 1 per host', async () => {
    const hosts = await Promise.all(
      ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6', '127.0.0.7'].map(server),
    );
    let active = 0;
    let peak = 0;
    const perHost = new Map<string, number>();
    let hostPeak = 0;
    const urls: string[] = [];
    for (const s of hosts) {
      for (const path of ['/x', '/y']) {
        s.route(path, (_req, res) => {
          active++;
          peak = Math.max(peak, active);
          perHost.set(s.host, (perHost.get(s.host) ?? 0) + 1);
          hostPeak = Math.max(hostPeak, perHost.get(s.host)!);
          setTimeout(() => {
            active--;
            perHost.set(s.host, perHost.get(s.host)! - 1);
            serve(
              rssDocument(`${s.host}${path}`, [
                { title: `${s.host}${path}`, guid: `${s.host}${path}` },
              ]),
            )(_req, res);
          }, 20);
        });
        urls.push(s.url(path));
      }
    }
    const { feeds, corpus } = service(urls);
    await feeds.pollAll();
    expect(corpus.articles.size).toBe(12);
    expect(peak).toBeLessThanOrEqual(4);
    expect(hostPeak).toBe(1);
  });

  it('GIVEN Shift_JIS, EUC-JP and ISO-8859-1 feeds, declared in the prolog or only in the header THEN titles read correctly', async () => {
    const s = await server();
    s.route(
      '/sjis',
      serve(readFileSync(`${FIXTURES}/shift_jis.xml`), { 'content-type': 'application/rss+xml' }),
    );
    s.route('/eucjp', serve(readFileSync(`${FIXTURES}/euc-jp.xml`)));
    s.route(
      '/latin',
      serve(readFileSync(`${FIXTURES}/iso-8859-1.xml`), {
        'content-type': 'text/xml; charset=ISO-8859-1',
      }),
    );
    const headerOnly = iconv.encode(
      rssDocument('ヘッダー', [{ title: '東京の天気', guid: 'h1' }]),
      'Shift_JIS',
    );
    s.route(
      '/header-only',
      serve(headerOnly, { 'content-type': 'application/rss+xml; charset=Shift_JIS' }),
    );
    const { feeds, corpus } = service(
      ['/sjis', '/eucjp', '/latin', '/header-only'].map((p) => s.url(p)),
    );
    const health = await feeds.pollAll();
    expect(health.map((h) => h.title)).toEqual([
      '日本語ニュース',
      '日本語ニュース',
      'Noticias en español: año',
      'ヘッダー',
    ]);
    expect(corpus.titles()).toEqual(
      expect.arrayContaining([
        '速報：東京で桜が開花',
        '天気予報：明日は晴れ',
        'Café crème à Zürich für £5',
        '東京の天気',
      ]),
    );
    expect([...corpus.articles.values()].find((a) => a.id === 'latin-1')?.summary).toBe(
      '“smart quotes” from windows-1252 bytes',
    );
  });
});
