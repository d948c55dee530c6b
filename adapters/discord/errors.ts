/**
 * Discord failures in Herald's terms: a loggable description without tokens (interaction
 * and webhook URLs carry a token in their path, and discord.js errors carry the URL and
 * the request body), and the `DeliveryError` the scheduler acts on.
 */
import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { DeliveryError } from '../../src/adapter.ts';

/** A Discord failure, safe to log. */
export interface DescribedError {
  /** `api` (Discord answered 4xx), `server` (5xx after retries), `rate-limit`, `network`, `other`. */
  kind: 'api' | 'server' | 'rate-limit' | 'network' | 'other';
  status?: number;
  /** Discord's JSON error code (50001 Missing Access, 10003 Unknown Channel, …). */
  code?: number | string;
  method?: string;
  /** The API path with tokens replaced by `:token`. */
  path?: string;
  /** One line for logs and error messages. */
  summary: string;
}

/** Describes any error thrown by discord.js or its REST client, without secrets. */
export function describeDiscordError(error: unknown): DescribedError {
  if (error instanceof DiscordAPIError) {
    const path = redactPath(error.url);
    return {
      kind: 'api',
      status: error.status,
      code: error.code,
      method: error.method.toUpperCase(),
      path,
      summary: `${error.status} ${error.message} (code ${String(error.code)}, ${error.method.toUpperCase()} ${path})`,
    };
  }
  if (error instanceof HTTPError) {
    const path = redactPath(error.url);
    return {
      kind: 'server',
      status: error.status,
      method: error.method.toUpperCase(),
      path,
      summary: `${error.status} ${error.message} (${error.method.toUpperCase()} ${path})`,
    };
  }
  if (error instanceof RateLimitError) {
    const path = redactPath(error.url);
    return {
      kind: 'rate-limit',
      status: 429,
      method: error.method.toUpperCase(),
      path,
      summary: `rate limited for ${error.retryAfter} ms (${error.global ? 'global' : error.route})`,
    };
  }
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? error.cause : undefined;
    const code =
      (cause as NodeJS.ErrnoException | undefined)?.code ?? (error as NodeJS.ErrnoException).code;
    const network =
      error.name === 'AbortError' ||
      error.name === 'TimeoutError' ||
      (error instanceof TypeError && error.message === 'fetch failed') ||
      (typeof code === 'string' && /^(E[A-Z]+|UND_ERR_\w+)$/.test(code));
    const detail = cause === undefined ? error.message : `${error.message}: ${cause.message}`;
    return {
      kind: network ? 'network' : 'other',
      ...(code === undefined ? {} : { code }),
      summary: redactText(detail),
    };
  }
  return { kind: 'other', summary: String(error) };
}

/**
 * Maps a failed post to a chat into the scheduler's terms:
 * - 403 (no access, no permission, DMs closed), 404 (channel gone) and other 4xx that
 *   can never succeed as sent → `permanent` (three in a row pause the subscription);
 * - 401 (the bot's token, not the chat) → `transient`, so a token problem never pauses
 *   every subscription;
 * - 5xx after discord.js's retries, network errors, timeouts, rate limits → `transient`.
 */
export function toDeliveryError(error: unknown, chatId: string): DeliveryError {
  const described = describeDiscordError(error);
  const message = `Discord delivery to channel ${chatId} failed: ${described.summary}`;
  if (described.kind === 'api' && described.status !== 401 && described.status !== 429) {
    return new DeliveryError(message, 'permanent', { cause: error });
  }
  if (error instanceof RateLimitError) {
    return new DeliveryError(message, 'transient', {
      cause: error,
      retryAfterMs: error.retryAfter,
    });
  }
  return new DeliveryError(message, 'transient', { cause: error });
}

/** The API path of a URL, without the version prefix, with interaction and webhook tokens hidden. */
export function redactPath(url: string): string {
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    // Not absolute: already a path.
  }
  return redactText(path.replace(/^.*?\/api(?:\/v\d+)?(?=\/)/, ''));
}

function redactText(text: string): string {
  return text
    .replace(/(\/interactions\/\d+\/)[^/\s?]+/g, '$1:token')
    .replace(/(\/webhooks\/\d+\/)[^/\s?]+/g, '$1:token');
}
