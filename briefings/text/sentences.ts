/**
 * Sentence splitting for summaries and derived titles. A period ends a sentence only when
 * what follows looks like a new sentence, and never after an abbreviation: `Japan-U.S.
 * alliance`, `Mr. Ishiba`, `Donald J. Trump`, `3.5%` stay whole.
 */
import { cleanText } from './normalize.ts';

/** Titles and other abbreviations that a period does not end. */
const ABBREVIATIONS = new Set(
  `mr mrs ms dr prof gen sen rep gov lt col sgt capt cmdr adm maj st jr sr inc corp ltd co no
  vs etc al fig jan feb mar apr jun jul aug sep sept oct nov dec mt ft rev hon pres supt dept
  est approx`
    .split(/\s+/)
    .filter((word) => word !== ''),
);

/** Words that plausibly open a sentence after `U.S.` (else the period is the abbreviation's). */
const SENTENCE_OPENERS = new Set(
  `the a an he she it they we i in on at but and this that these those its their his her there
  however meanwhile also after before when while if as for yet so officials critics`
    .split(/\s+/)
    .filter((word) => word !== ''),
);

const BOUNDARY = /([.!?…]+)(["'”’)\]]*)(\s+)|([。！？]+[」』”）]*)/g;
const DOTTED_ABBREVIATION = /(?:^|[^\p{L}])(?:\p{L}\.)+$/u;
const PREVIOUS_WORD = /([\p{L}\p{N}]+)$/u;
const NEXT_START = /^["'“‘([]?(\p{Lu}|\p{N}|\p{Lo})/u;
const NEXT_WORD = /^["'“‘([]?([\p{L}]+)/u;

/** Text beyond this many characters is not split (bounds work on hostile input). */
export const MAX_SPLIT_CHARS = 8_000;

/**
 * The sentences of a text, in order; paragraphs (lines) always end a sentence.
 *
 * @example splitSentences('Ties with the U.S. grow. Mr. Ishiba said so.')
 * // ['Ties with the U.S. grow.', 'Mr. Ishiba said so.']
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  const cleaned = cleanText(text.length > MAX_SPLIT_CHARS ? text.slice(0, MAX_SPLIT_CHARS) : text);
  for (const paragraph of cleaned.split('\n')) {
    const line = paragraph.replace(/\s+/g, ' ').trim();
    if (line !== '') splitParagraph(line, out);
  }
  return out;
}

function splitParagraph(line: string, out: string[]): void {
  let start = 0;
  for (const match of line.matchAll(BOUNDARY)) {
    const at = match.index;
    const end = at + match[0].length;
    if (match[4] === undefined) {
      const before = line.slice(start, at);
      const after = line.slice(end);
      if (!endsSentence(before, match[1] ?? '', after)) continue;
    }
    const sentence = line.slice(start, end).trim();
    if (sentence !== '') out.push(sentence);
    start = end;
  }
  const rest = line.slice(start).trim();
  if (rest !== '') out.push(rest);
}

function endsSentence(before: string, punctuation: string, after: string): boolean {
  if (!NEXT_START.test(after)) return false;
  if (punctuation !== '.') return true;
  const word = PREVIOUS_WORD.exec(before)?.[1] ?? '';
  if (ABBREVIATIONS.has(word.toLowerCase())) return false;
  if (DOTTED_ABBREVIATION.test(`${before}.`) && word.length === 1 && /\.\p{L}$/u.test(before)) {
    const next = (NEXT_WORD.exec(after)?.[1] ?? '').toLowerCase();
    return SENTENCE_OPENERS.has(next);
  }
  // A single capital initial: "Donald J. Trump".
  return !/^\p{Lu}$/u.test(word);
}
