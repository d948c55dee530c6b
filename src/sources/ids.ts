/**
 * Stable synthesized ids. A reload of the same file, or a re-poll of the same feed, must
 * give the same ids (the scheduler records delivered ids), so they hash identity and
 * content, never a position in a list.
 */
import * as crypto from 'node:crypto';

/** Node ≥ 20.12's one-shot hash skips the Hash object; older 20.x builds fall back. */
const oneShot = typeof crypto.hash === 'function' ? crypto.hash : null;

/**
 * A short stable id: the first 20 hex digits (80 bits) of SHA-256 over the parts.
 * @example stableId('news/today.txt', 'Fed holds rates') // '3f1c…' (20 hex digits)
 */
export function stableId(...parts: readonly string[]): string {
  const data = parts.join('\u0000');
  const hex =
    oneShot !== null
      ? oneShot('sha256', data, 'hex')
      : crypto.createHash('sha256').update(data).digest('hex');
  return hex.slice(0, 20);
}
