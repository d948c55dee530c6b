/**
 * A headline for an article that came without one, made from its lead sentence the way a
 * sub-editor would: attribution, dates and leading clauses dropped, titled names cut to the
 * surname, "are in the final stages of arranging a meeting between A and B" turned into
 * "Arranging A–B Meeting". Readable, at most {@link MAX_DERIVED_TITLE} characters, no final
 * punctuation.
 */
import { splitSentences } from '../text/sentences.ts';

/** The longest derived title, in characters. */
export const MAX_DERIVED_TITLE = 90;
/** What a text-less, title-less item is called. */
export const UNTITLED = 'Untitled';

const DAYS = 'Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday';
const MONTHS =
  'January|February|March|April|May|June|July|August|September|October|November|December';
const NAME = String.raw`\p{Lu}[\p{L}'’\-]+`;
const OFFICE = String.raw`(?:Prime Minister|Vice President|President|Chancellor|Premier|Secretary of State|Secretary|Senator|Sen\.|Rep\.|Representative|Governor|Gov\.|King|Queen|Chief Executive|CEO|Foreign Minister|Defense Minister|Finance Minister|Minister|Mayor|Judge|Chairman|Chairwoman|Chair)`;

const REWRITES: readonly (readonly [RegExp, string])[] = [
  [/\b(?:the\s+)?United\s+States(?:\s+of\s+America)?\b/g, 'US'],
  [/\b(?:the\s+)?U\.S\.(?:A\.)?(?![A-Za-z])/g, 'US'],
  [/\b(?:the\s+)?United\s+Kingdom\b/g, 'UK'],
  // Attribution tails: ", according to sources cited by …", ", officials said".
  [/,?\s+(?:according\s+to|as\s+reported\s+by|citing)\b.*$/i, ''],
  [/,\s+(?:\p{L}+\s+){0,3}(?:said|says|reported|reports|told|announced)\b.*$/iu, ''],
  // A leading subordinate clause: "While X is Y, Z" → "Z".
  [
    /^(?:While|Although|Though|After|As|Despite|Amid|Following|Earlier|Meanwhile|On \p{Lu}\p{L}+)\b[^,]{0,100},\s+/u,
    '',
  ],
  [new RegExp(String.raw`\b${OFFICE}\s+(?:${NAME}\s+){0,2}(${NAME})`, 'gu'), '$1'],
  [
    /\b(?:a|an|the)\s+(meeting|summit|call|phone call|talks|deal|agreement)\s+between\s+(\p{Lu}[\p{L}-]+)\s+and\s+(\p{Lu}[\p{L}-]+)/gu,
    '$2–$3 $1',
  ],
  [/\b(?:is|are)\s+in\s+the\s+(?:\p{Ll}+\s+)?stages?\s+of\s+(\p{Ll}+ing)\b/gu, '$1'],
  [/\b(?:is|are)\s+(set|expected|poised|likely|due|about)\s+to\b/g, '$1 to'],
  [/\b(?:is|are|was|were)\s+(\p{Ll}+ing)\b/gu, '$1'],
  [/\b(?:has|have)\s+(?:been\s+)?(\p{Ll}+ed)\b/gu, '$1'],
  [new RegExp(String.raw`\s+(?:on|this|last|next)\s+(?:${DAYS})\b`, 'g'), ''],
  [new RegExp(String.raw`\s+on\s+(?:${MONTHS})\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?`, 'g'), ''],
  [/\s+(?:last|this|next)\s+(?:week|month|year)\b/g, ''],
];

const SMALL_WORDS = new Set(
  'a an the and but or nor for of in on at to by up as via with from vs into over per'.split(' '),
);
const CUT_BEFORE =
  /,\s|;\s|\s[—–-]\s|\s(?:while|as|amid|after|which|who|that|because|but|where|when|with|following|despite)\s/g;
const TRAILING_SMALL =
  /(?:\s+(?:a|an|the|and|but|or|of|in|on|at|to|by|as|with|from|for|its|their|his|her))+$/i;
const UNSPACED = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/;

/**
 * A headline derived from an article's text (its body, else its summary).
 *
 * @example deriveTitle('Japan and the United States are arranging a meeting between Prime
 *   Minister Shigeru Ishiba and President Donald Trump, officials said.')
 * // 'Japan and US Arranging Ishiba–Trump Meeting'
 */
export function deriveTitle(text: string): string {
  const lead = splitSentences(text)[0];
  if (lead === undefined) return UNTITLED;
  let title = stripFinal(lead);
  if (UNSPACED.test(title)) return finish(cutUnspaced(title));
  for (const [pattern, replacement] of REWRITES) {
    const next = title.replace(pattern, replacement).replace(/\s+/g, ' ').trim();
    // A rewrite that would leave almost nothing is not an improvement.
    if (next.length >= 12) title = next;
  }
  title = capitalizeFirst(title);
  if (title.length > MAX_DERIVED_TITLE) title = cut(title);
  return finish(titleCase(title));
}

function stripFinal(text: string): string {
  return text.replace(/[\s.!?…。！？:;,'"”’)\]—–-]+$/u, '').replace(/^["“‘']+/, '');
}

function finish(title: string): string {
  const out = stripFinal(title).trim();
  return out === '' ? UNTITLED : out;
}

function capitalizeFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function cut(title: string): string {
  let best = -1;
  for (const match of title.matchAll(CUT_BEFORE)) {
    if (match.index > MAX_DERIVED_TITLE) break;
    if (match.index >= 30) best = match.index;
  }
  let out =
    best > 0 ? title.slice(0, best) : title.slice(0, title.lastIndexOf(' ', MAX_DERIVED_TITLE));
  if (out.length < 12) out = title.slice(0, MAX_DERIVED_TITLE);
  return out.replace(TRAILING_SMALL, '');
}

function cutUnspaced(title: string): string {
  const chars = Array.from(title);
  if (chars.length <= 40) return title;
  const head = chars.slice(0, 40).join('');
  const comma = Math.max(head.lastIndexOf('、'), head.lastIndexOf('，'), head.lastIndexOf(','));
  return comma >= 10 ? head.slice(0, comma) : head;
}

function titleCase(text: string): string {
  return text
    .split(' ')
    .map((word, i) =>
      i > 0 && SMALL_WORDS.has(word)
        ? word
        : word.replace(/^(\p{Ll})/u, (letter) => letter.toUpperCase()),
    )
    .join(' ')
    .replace(/-(\p{Ll})/gu, (_all, letter: string) => `-${letter.toUpperCase()}`);
}
