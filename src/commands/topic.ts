/**
 * Validation of the topic text users type, shared by /news, /headlines and /subscribe.
 */
import { z } from 'zod';

export const MAX_TOPIC_LENGTH = 80;

/**
 * A topic: words in any script, digits, spaces and a little punctuation (`u.s.`, `glp-1`,
 * `at&t`, `o'neill`). Control characters, markup and mentions are refused.
 */
export const topicSchema = z
  .string()
  .transform((text) => text.normalize('NFKC').replace(/\s+/g, ' ').trim())
  .pipe(
    z
      .string()
      .max(MAX_TOPIC_LENGTH, { error: `A topic can be at most ${MAX_TOPIC_LENGTH} characters.` })
      .regex(/^[\p{L}\p{M}\p{N} .,'’&+\-#]*$/u, {
        error:
          "A topic can only hold letters, digits, spaces and . , ' & + - #. Try a plain word, for example: japan",
      }),
  );

/** Parses topic text; empty text gives null (top stories). */
export function parseTopic(
  text: string,
): { ok: true; topic: string | null } | { ok: false; message: string } {
  const result = topicSchema.safeParse(text);
  if (!result.success)
    return { ok: false, message: result.error.issues[0]?.message ?? 'Invalid topic.' };
  return { ok: true, topic: result.data === '' ? null : result.data };
}
