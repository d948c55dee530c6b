/**
 * Structured logs with pino, always on stderr so stdout stays free for the console chat
 * and for `brief --json`. Secrets are redacted by key wherever they appear.
 */
import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

const REDACTED_KEYS = ['token', 'authorization', 'password', 'botToken', 'storeUrl'];

export function createLogger(
  level: string,
  destination: NodeJS.WritableStream | number = 2,
): Logger {
  return pino(
    {
      level,
      base: null,
      redact: {
        paths: [...REDACTED_KEYS, ...REDACTED_KEYS.map((key) => `*.${key}`)],
        censor: '[redacted]',
      },
    },
    typeof destination === 'number'
      ? pino.destination({ fd: destination, sync: true })
      : destination,
  );
}

/** A logger that drops everything, for tests. */
export const silentLogger: Logger = pino({ level: 'silent' });
