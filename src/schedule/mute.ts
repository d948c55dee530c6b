/**
 * Mute words: stories matching any of them are left out of a subscription's briefings.
 */
import { z } from 'zod';

export const MAX_MUTE_WORDS = 10;
export const MAX_MUTE_WORD_LENGTH = 40;

const muteWordSchema = z
  .string()
  .transform((text) => text.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase())
  .pipe(
    z
      .string()
      .min(1)
      .max(MAX_MUTE_WORD_LENGTH, {
        error: `A mute word can be at most ${MAX_MUTE_WORD_LENGTH} characters.`,
      })
      .regex(/^[\p{L}\p{M}\p{N} .'’&+\-#]+$/u, {
        error: (issue) =>
          `The mute word '${String(issue.input)}' can only hold letters, digits, spaces and . ' & + - #.`,
      }),
  );

/** A comma-separated list of mute words, deduplicated, in the order given. */
export const muteListSchema = z
  .string()
  .transform((text) => text.split(',').filter((word) => word.trim() !== ''))
  .pipe(
    z
      .array(muteWordSchema)
      .min(1, { error: 'Name at least one word to mute, for example: -mute sports,celebrity' })
      .max(MAX_MUTE_WORDS, { error: `At most ${MAX_MUTE_WORDS} mute words, please.` }),
  )
  .transform((words) => [...new Set(words)]);

export type MuteResult = { ok: true; words: string[] } | { ok: false; message: string };

/**
 * Parses `sports,celebrity` into mute words; `none` (or `-`) clears them.
 * @example parseMuteWords('Sports, celebrity') // { ok: true, words: ['sports', 'celebrity'] }
 */
export function parseMuteWords(text: string): MuteResult {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === 'none' || trimmed === '-' || trimmed === 'off') return { ok: true, words: [] };
  const parsed = muteListSchema.safeParse(text);
  if (!parsed.success)
    return { ok: false, message: parsed.error.issues[0]?.message ?? 'Invalid mute words.' };
  return { ok: true, words: parsed.data };
}
