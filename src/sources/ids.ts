/**
 * Stable synthesized ids. A reload of the same file, or a re-poll of the same feed, must
 * give the same ids (the scheduler records delivered ids), so they hash identity and
 * content, never a position in a list.
 */
import { createHash } from 'node:crypto';

/**
 * A short stable id: the first 20 hex digits (80 bits) of SHA-256 over the parts.
 * @example stableId('news/today.txt', 'Fed holds rates') // '3f1c…' (20 hex digits)
 */
export function stableId(...parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 20);
}
