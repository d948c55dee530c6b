/**
 * Text clean-up shared by indexing, queries and summaries: Unicode normalization,
 * invisible characters, and the one token English news spells five ways (the United States).
 */

/** The single term every spelling of the United States becomes (`U.S.`, `US`, `USA`, …). */
export const US_TERM = 'usa';

// Zero-width and bidi controls, C0/C1 controls except tab and newline.
const INVISIBLE = new RegExp(
  // Matching control characters is the point here.
  // eslint-disable-next-line no-control-regex
  '[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u00ad\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064\\ufeff]',
  'g',
);
const NON_ASCII = /[\u0080-\uffff]/;
const NEEDS_CLEANING = /[^\t\n\x20-\x7e]/;
const LATIN_DIACRITIC = /([A-Za-z])[\u0300-\u036f]+/g;

/**
 * NFKC (full-width letters become ASCII), invisible characters removed, diacritics folded
 * on Latin letters only (so Devanagari or Cyrillic marks are left alone), `\r` unified.
 */
export function cleanText(text: string): string {
  // Printable ASCII with tabs and newlines (most English news) needs nothing.
  if (!NEEDS_CLEANING.test(text)) return text;
  let out = text.replace(INVISIBLE, '');
  if (NON_ASCII.test(out)) {
    out = out.normalize('NFKC');
    if (/[\u0300-\u036f]/.test(out.normalize('NFD'))) {
      out = out.normalize('NFD').replace(LATIN_DIACRITIC, '$1').normalize('NFC');
    }
  }
  return out.includes('\r') ? out.replace(/\r\n?/g, '\n') : out;
}

const US_DOTTED = /(?<![A-Za-z])U\.\s?S\.(?:\s?A\.)?(?![A-Za-z])/g;
const US_NAME = /\b(?:the\s+)?United\s+States(?:\s+of\s+America)?\b/gi;
const USA_WORD = /\bUSA\b/g;
const US_CAPS = /\bUS\b/g;
const ANY_LOWER = /[a-z]/;

/**
 * Rewrites every spelling of the United States to one marker word, before lowercasing
 * destroys the difference between `US` and the pronoun `us`. Bare `US` is only trusted
 * when the text is not written in capitals throughout.
 *
 * @example canonicalizeUs('Japan-U.S. alliance') // 'Japan-USA alliance'
 */
export function canonicalizeUs(text: string): string {
  if (!/U|nited/.test(text)) return text;
  let out = text.replace(US_DOTTED, 'USA').replace(US_NAME, 'USA').replace(USA_WORD, 'USA');
  if (ANY_LOWER.test(out)) out = out.replace(US_CAPS, 'USA');
  return out;
}

/** The form a user's query is compared in: trimmed, single spaces, lowercase. */
export function normalizeQueryText(text: string): string {
  return cleanText(text).replace(/\s+/g, ' ').trim().toLowerCase();
}
