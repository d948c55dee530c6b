import { readFileSync } from 'node:fs';
import { brotliCompressSync, createGzip, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_FETCH_LIMITS,
  FetchError,
  fetchFeed,
  type FetchLimits,
} from '../../src/sources/fetcher.ts';
import { serve, startFeedServer, type FeedServer } from './feed-server.ts';

const RSS = readFileSync('test/fixtures/feeds/rss2.xml');
const limits = (overrides: Partial<FetchLimits> = {}): FetchLimits => ({
  ...DEFAULT_FETCH_LIMITS,
  timeoutMs: 1_000,
  ...overrides,
});

async function failure(promise: Promise<unknown>): Promise<FetchError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(FetchError);
    return error as FetchError;
  }
  throw new Error('the fetch succeeded');
}

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
  server.route(
    '/rss',
    serve(RSS, {
      etag: '"v1"',
      'last-modified': 'Tue, 14 Jan 2025 09:30:00 GMT',
      'cache-control': 'public, max-age=600',
    }),
  );
  server.route('/conditional', (req, res) => {
    if (req.headers['if-none-match'] === '"v1"') {
      res.writeHead(304).end();
      return;
    }
    res.writeHead(200, { etag: '"v1"' }).end(RSS);
  });
  server.route('/never-answers', () => undefined);
  server.route('/slow-drip', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.write('<?xml version="1.0"?><rss version="2.0"><channel>');
    const timer = setInterval(() => res.write(' '), 50);
    res.on('close', () => clearInterval(timer));
  });
  server.route('/endless', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (res.write(chunk)) {
        /* fill the socket */
      }
    };
    res.on('drain', pump);
    pump();
  });
  server.route('/declared-huge', (_req, res) => {
    res.writeHead(200, { 'content-length': String(50 * 1024 * 1024) });
    res.write('<rss>');
  });
  server.route('/gzip-bomb', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' });
    const gzip = createGzip({ level: 9 });
    gzip.pipe(res);
    gzip.write('<?xml version="1.0"?><rss version="2.0"><channel><title>bomb</title><item><title>');
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    let written = 0;
    const pump = () => {
      // 1 GiB inflated, about 1 MB on the wire; stops when the client goes away.
      while (written < 1024 && !res.destroyed) {
        written++;
        if (!gzip.write(chunk)) return;
      }
      if (written >= 1024) gzip.end('</title></item></channel></rss>');
    };
    gzip.on('drain', pump);
    res.on('close', () => gzip.destroy());
    pump();
  });
  server.route('/gzip', serve(gzipSync(RSS), { 'content-encoding': 'gzip' }));
  server.route('/br', serve(brotliCompressSync(RSS), { 'content-encoding': 'br' }));
  for (let i = 1; i <= 7; i++) {
    server.route(`/hop${i}`, (_req, res) =>
      res.writeHead(302, { location: i === 7 ? '/rss' : `/hop${i + 1}` }).end(),
    );
  }
  server.route('/to-file', (_req, res) =>
    res.writeHead(301, { location: 'file:///etc/passwd' }).end(),
  );
  server.route('/to-ftp', (_req, res) =>
    res.writeHead(307, { location: 'ftp://127.0.0.1/feed' }).end(),
  );
  server.route('/gone', (_req, res) =>
    res.writeHead(410, { 'content-type': 'text/html' }).end('<h1>Gone</h1>'),
  );
  server.route('/busy', (_req, res) => res.writeHead(503, { 'retry-after': '120' }).end());
});
afterAll(() => server.close());

describe('fetchFeed', () => {
  it('GIVEN a feed THEN bytes, validators and max-age come back, with a User-Agent sent', async () => {
    const outcome = await fetchFeed(server.url('/rss'), {}, limits());
    expect(outcome).toMatchObject({
      status: 'ok',
      httpStatus: 200,
      etag: '"v1"',
      lastModified: 'Tue, 14 Jan 2025 09:30:00 GMT',
      maxAgeSeconds: 600,
      contentType: 'application/rss+xml',
    });
    expect(outcome.status === 'ok' && Buffer.from(outcome.bytes).equals(RSS)).toBe(true);
    const sent = server.requests.at(-1)?.headers;
    expect(sent?.['user-agent']).toMatch(/^Herald\//);
    expect(sent?.['accept-encoding']).toMatch(/gzip/);
    expect(sent?.['accept-encoding']).toMatch(/br/);
  });

  it('GIVEN the validators of the last response THEN the server can answer 304', async () => {
    const outcome = await fetchFeed(server.url('/conditional'), { etag: '"v1"' }, limits());
    expect(outcome.status).toBe('not-modified');
    expect(server.requests.at(-1)?.headers['if-none-match']).toBe('"v1"');
    const fresh = await fetchFeed(server.url('/conditional'), {}, limits());
    expect(fresh.status).toBe('ok');
  });

  it('GIVEN gzip and brotli bodies THEN they are decompressed', async () => {
    for (const path of ['/gzip', '/br']) {
      const outcome = await fetchFeed(server.url(path), {}, limits());
      expect(outcome.status === 'ok' && Buffer.from(outcome.bytes).equals(RSS)).toBe(true);
    }
  });

  it('GIVEN a server that never answers THEN the deadline ends it', async () => {
    const error = await failure(
      fetchFeed(server.url('/never-answers'), {}, limits({ timeoutMs: 300 })),
    );
    expect(error.code).toBe('timeout');
    expect(error.message).toBe('no complete response within 300 ms');
  });

  it('GIVEN a slow drip that never finishes THEN the same deadline ends it', async () => {
    const error = await failure(
      fetchFeed(server.url('/slow-drip'), {}, limits({ timeoutMs: 400 })),
    );
    expect(error.code).toBe('timeout');
  });

  it('GIVEN an endless body THEN the byte cap stops it while streaming', async () => {
    const error = await failure(
      fetchFeed(server.url('/endless'), {}, limits({ maxBytes: 1024 * 1024, timeoutMs: 10_000 })),
    );
    expect(error.code).toBe('too-large');
    expect(error.message).toBe('the response is larger than 1 MB (after decompression)');
  });

  it('GIVEN a declared length over the cap THEN it is refused before reading', async () => {
    const error = await failure(fetchFeed(server.url('/declared-huge'), {}, limits()));
    expect(error.code).toBe('too-large');
  });

  it('GIVEN a gzip bomb THEN decompressed bytes are counted and it stops at the cap', async () => {
    const before = process.memoryUsage().rss;
    const error = await failure(
      fetchFeed(server.url('/gzip-bomb'), {}, limits({ timeoutMs: 10_000 })),
    );
    expect(error.code).toBe('too-large');
    expect(error.message).toMatch(/larger than 5 MB/);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('GIVEN five redirects THEN they are followed; six are refused', async () => {
    const ok = await fetchFeed(server.url('/hop3'), {}, limits());
    expect(ok).toMatchObject({ status: 'ok', redirects: 5, url: server.url('/rss') });
    const error = await failure(fetchFeed(server.url('/hop2'), {}, limits()));
    expect(error.code).toBe('too-many-redirects');
    expect(error.message).toBe('more than 5 redirects');
  });

  it('GIVEN a redirect to file: or ftp: THEN it is refused', async () => {
    const file = await failure(fetchFeed(server.url('/to-file'), {}, limits()));
    expect(file.code).toBe('bad-scheme');
    expect(file.message).toBe('redirect to file: refused: only http: and https: are fetched');
    expect((await failure(fetchFeed(server.url('/to-ftp'), {}, limits()))).code).toBe('bad-scheme');
  });

  it('GIVEN a non-http address THEN nothing is fetched', async () => {
    expect((await failure(fetchFeed('file:///etc/passwd'))).code).toBe('bad-scheme');
    expect((await failure(fetchFeed('not a url'))).code).toBe('bad-url');
  });

  it('GIVEN HTTP errors THEN the status (and Retry-After) come back', async () => {
    const gone = await failure(fetchFeed(server.url('/gone'), {}, limits()));
    expect(gone).toMatchObject({
      code: 'http-status',
      message: 'HTTP 410 Gone',
      details: { httpStatus: 410 },
    });
    const busy = await failure(fetchFeed(server.url('/busy'), {}, limits()));
    expect(busy.details).toEqual({ httpStatus: 503, retryAfterMs: 120_000 });
  });

  it('GIVEN a closed port THEN a network error', async () => {
    const closed = await startFeedServer();
    const url = closed.url('/rss');
    await closed.close();
    const error = await failure(fetchFeed(url, {}, limits()));
    expect(error.code).toBe('network');
    expect(error.message).toMatch(/ECONNREFUSED/);
  });

  it('GIVEN a caller abort THEN the fetch stops at once', async () => {
    const controller = new AbortController();
    const pending = fetchFeed(
      server.url('/never-answers'),
      {},
      limits({ timeoutMs: 10_000 }),
      controller.signal,
    );
    setTimeout(() => controller.abort(), 20);
    expect((await failure(pending)).code).toBe('aborted');
  });
});
