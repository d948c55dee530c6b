/**
 * The safe feed fetcher: Node's fetch, wrapped so a hostile or broken server cannot hang
 * Herald, fill its memory, or lead it somewhere it should not go.
 * - One deadline (AbortController) covers connecting, headers, every redirect and the
 *   whole body: idle timeouts do not stop a slow drip.
 * - The byte cap counts bytes after decompression, while streaming: a gzip bomb stops at
 *   the cap (undici's `maxResponseSize` counts compressed bytes).
 * - Redirects are followed by hand: at most 5, and only to http: or https:.
 * - Conditional GET with the validators of the last full response.
 */
/** Limits for one fetch. */
export interface FetchLimits {
  /** Deadline for the whole exchange: connect, redirects, headers and body (ms). */
  readonly timeoutMs: number;
  /** Most bytes accepted, counted after decompression. */
  readonly maxBytes: number;
  readonly maxRedirects: number;
  readonly userAgent: string;
}

export const DEFAULT_FETCH_LIMITS: FetchLimits = Object.freeze({
  timeoutMs: 15_000,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
  userAgent:
    'Herald/0.1 (news-briefing bot; polite feed reader: conditional GET, at most one request per host at a time)',
});

/** Validators from the last full response, for a conditional GET. */
export interface Validators {
  readonly etag?: string | null;
  readonly lastModified?: string | null;
}

interface Caching {
  /** Final URL after redirects. */
  readonly url: string;
  readonly etag: string | null;
  readonly lastModified: string | null;
  /** `Cache-Control: max-age`, in seconds, when given. */
  readonly maxAgeSeconds: number | null;
  readonly redirects: number;
}

export type FetchOutcome =
  | (Caching & {
      readonly status: 'ok';
      readonly httpStatus: number;
      readonly bytes: Uint8Array;
      readonly contentType: string | null;
    })
  | (Caching & { readonly status: 'not-modified' });

export type FetchErrorCode =
  | 'bad-url'
  | 'bad-scheme'
  | 'timeout'
  | 'too-large'
  | 'too-many-redirects'
  | 'http-status'
  | 'network'
  | 'aborted';

/** A failed fetch. The message is safe to log and to show owners: it never holds a body. */
export class FetchError extends Error {
  override readonly name = 'FetchError';
  constructor(
    readonly code: FetchErrorCode,
    message: string,
    readonly details: { readonly httpStatus?: number; readonly retryAfterMs?: number } = {},
  ) {
    super(message);
  }
}

const ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';

/**
 * Fetches a feed document.
 * @param signal aborts the fetch early (shutdown).
 * @throws FetchError for every failure: bad address, timeout, size, redirects, HTTP
 *   status, network.
 */
export async function fetchFeed(
  address: string,
  validators: Validators = {},
  limits: FetchLimits = DEFAULT_FETCH_LIMITS,
  signal?: AbortSignal,
): Promise<FetchOutcome> {
  let url = httpUrl(address, null);
  const controller = new AbortController();
  const seconds = formatSeconds(limits.timeoutMs);
  const timeout = new FetchError('timeout', `no complete response within ${seconds}`);
  const timer = setTimeout(() => controller.abort(timeout), limits.timeoutMs);
  const onAbort = () => controller.abort(new FetchError('aborted', 'fetch cancelled'));
  if (signal?.aborted) onAbort();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (let redirects = 0; ; redirects++) {
      const headers: Record<string, string> = {
        'user-agent': limits.userAgent,
        accept: ACCEPT,
        'accept-encoding': 'gzip, deflate, br',
      };
      if (validators.etag) headers['if-none-match'] = validators.etag;
      if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
      const response = await fetch(url, { redirect: 'manual', headers, signal: controller.signal });
      const caching = (): Caching => ({
        url: url.href,
        etag: response.headers.get('etag'),
        lastModified: response.headers.get('last-modified'),
        maxAgeSeconds: maxAge(response.headers.get('cache-control')),
        redirects,
      });
      if (response.status >= 300 && response.status < 400 && response.status !== 304) {
        await discard(response);
        const location = response.headers.get('location');
        if (location === null) {
          throw new FetchError(
            'http-status',
            `HTTP ${response.status} redirect without a Location`,
            {
              httpStatus: response.status,
            },
          );
        }
        if (redirects + 1 > limits.maxRedirects) {
          throw new FetchError('too-many-redirects', `more than ${limits.maxRedirects} redirects`);
        }
        url = httpUrl(location, url);
        continue;
      }
      if (response.status === 304) {
        await discard(response);
        return { status: 'not-modified', ...caching() };
      }
      if (response.status < 200 || response.status >= 300) {
        await discard(response);
        const retryAfterMs = retryAfter(response.headers.get('retry-after'));
        throw new FetchError(
          'http-status',
          `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
          { httpStatus: response.status, ...(retryAfterMs !== null ? { retryAfterMs } : {}) },
        );
      }
      const declared = Number(response.headers.get('content-length') ?? NaN);
      if (response.headers.get('content-encoding') === null && declared > limits.maxBytes) {
        await discard(response);
        throw tooLarge(limits.maxBytes);
      }
      const bytes = await readCapped(response, limits.maxBytes, controller);
      return {
        status: 'ok',
        httpStatus: response.status,
        bytes,
        contentType: response.headers.get('content-type'),
        ...caching(),
      };
    }
  } catch (error) {
    throw asFetchError(error, controller.signal);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

function httpUrl(address: string, base: URL | null): URL {
  let url: URL;
  try {
    url = base === null ? new URL(address) : new URL(address, base);
  } catch {
    throw new FetchError('bad-url', `'${address.slice(0, 200)}' is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError(
      'bad-scheme',
      `${base === null ? '' : 'redirect to '}${url.protocol} refused: only http: and https: are fetched`,
    );
  }
  return url;
}

async function readCapped(
  response: Response,
  maxBytes: number,
  controller: AbortController,
): Promise<Uint8Array> {
  if (response.body === null) return new Uint8Array(0);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      const error = tooLarge(maxBytes);
      controller.abort(error);
      await reader.cancel().catch(() => undefined);
      throw error;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}

function tooLarge(maxBytes: number): FetchError {
  return new FetchError(
    'too-large',
    `the response is larger than ${formatBytes(maxBytes)} (after decompression)`,
  );
}

function asFetchError(error: unknown, signal: AbortSignal): FetchError {
  if (error instanceof FetchError) return error;
  if (signal.aborted && signal.reason instanceof FetchError) return signal.reason;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message ?? (error as Error).message;
  return new FetchError('network', `network error: ${detail}`);
}

function maxAge(cacheControl: string | null): number | null {
  const m = /(?:^|,)\s*(?:s-)?max-age\s*=\s*"?(\d{1,9})"?/i.exec(cacheControl ?? '');
  return m === null ? null : Number(m[1]);
}

function retryAfter(value: string | null): number | null {
  if (value === null) return null;
  if (/^\d{1,9}$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0
    ? `${bytes / (1024 * 1024)} MB`
    : `${bytes} bytes`;
}
