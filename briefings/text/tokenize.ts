/**
 * The analyzer: text in, index terms out. The same function serves articles, queries,
 * topic aliases and mute words, so all of them meet on the same terms.
 *
 * - `U.S.`, `US`, `United States` become one term (see {@link canonicalizeUs});
 * - possessives with `'` and `’` are dropped (`Japan’s` → `japan`);
 * - hyphenated words split (`Russia-Ukraine` → `russia`, `ukraine`) except codes such
 *   as `GLP-1` or `COVID-19`, kept whole;
 * - English words are stemmed (Porter2), stopwords left out;
 * - scripts written without spaces (Chinese, Japanese, Korean, Thai, …) become
 *   overlapping character bigrams, so `日本` finds `日本経済`.
 *
 * The scanner walks character codes rather than running a Unicode regex per token: it
 * is the hottest loop of index building.
 */
import { canonicalizeUs, cleanText } from './normalize.ts';
import { stem } from './stem.ts';
import { STOPWORDS } from './stopwords.ts';

const UNSPACED_CLASS =
  '\\u0e00-\\u0eff\\u1000-\\u109f\\u1100-\\u11ff\\u1780-\\u17ff\\u2e80-\\u2fdf\\u3040-\\u30ff\\u3100-\\u318f\\u31f0-\\u31ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uac00-\\ud7af\\uf900-\\ufaff\\u{20000}-\\u{3134f}';
const UNSPACED = new RegExp(`[${UNSPACED_CLASS}]`, 'u');
const UNSPACED_RUNS = new RegExp(`[${UNSPACED_CLASS}]+|[^${UNSPACED_CLASS}]+`, 'gu');
const WORD_CHAR = /^[\p{L}\p{N}\p{M}]$/u;
const CODE = /^[a-z]{1,6}-\d{1,4}[a-z]?$/;
const INITIALS = /^(?:[a-z]\.)+[a-z]$/;
const DECIMAL = /^\d+(?:\.\d+)+$/;
const DOMAIN_SUFFIX = new Set([
  'com',
  'org',
  'net',
  'gov',
  'edu',
  'io',
  'co',
  'ai',
  'app',
  'info',
  'news',
]);
/** Longer "words" are noise (URLs, hashes, hostile input) and are skipped. */
const MAX_WORD = 40;
/** Text beyond this many characters is not analyzed (bounds work on hostile input). */
export const MAX_ANALYZED_CHARS = 20_000;

/** Options of {@link analyze}. */
export interface AnalyzeOptions {
  /**
   * Query mode: the user typed in lowercase, so a bare `us` and a lowercase `u.s.` mean
   * the country, not the pronoun.
   */
  readonly query?: boolean;
}

/**
 * The terms of a text, in order (stopwords removed, stems, CJK bigrams).
 *
 * @example analyze("Japan’s GLP-1 drugs") // ['japan', 'glp-1', 'drug']
 */
export function analyze(text: string, options: AnalyzeOptions = {}): string[] {
  const out = words(text, options);
  for (let i = 0; i < out.length; i += 1) out[i] = stem(out[i] ?? '');
  return out;
}

/**
 * The words of a text before stemming: lowercase, split, stopwords removed, CJK bigrams.
 * `analyze` is `words` then {@link stem}; the index caches the pair itself.
 */
export function words(text: string, options: AnalyzeOptions = {}): string[] {
  const out: string[] = [];
  if (text === '') return out;
  let prepared = cleanText(
    text.length > MAX_ANALYZED_CHARS ? text.slice(0, MAX_ANALYZED_CHARS) : text,
  );
  if (options.query === true) {
    prepared = prepared.replace(/(?<![\p{L}])u\.\s?s\.?(?:\s?a\.?)?(?![\p{L}])/giu, 'USA');
    prepared = prepared.replace(/(?<![\p{L}])us(?![\p{L}])/giu, 'USA');
    prepared = prepared.replace(/\bunited\s+states\b/gi, 'USA');
  }
  scan(canonicalizeUs(prepared).toLowerCase(), out);
  return out;
}

/** Word characters outside ASCII, classified once each (0 unknown, 1 word, 2 not). */
const wideClass = new Uint8Array(65_536);

function isWide(code: number): boolean {
  let known = wideClass[code];
  if (known === 0) {
    // Lone surrogates are not words; pairs are handled by isAstralWord.
    known =
      code < 0xd800 || code > 0xdfff ? (WORD_CHAR.test(String.fromCharCode(code)) ? 1 : 2) : 2;
    wideClass[code] = known;
  }
  return known === 1;
}

const astralClass = new Map<number, boolean>();

/** Characters beyond the BMP: CJK extension B is a word character, an emoji is not. */
function isAstralWord(codePoint: number): boolean {
  let known = astralClass.get(codePoint);
  if (known === undefined) {
    known = WORD_CHAR.test(String.fromCodePoint(codePoint));
    if (astralClass.size < 10_000) astralClass.set(codePoint, known);
  }
  return known;
}

function isWordCode(code: number): boolean {
  if (code >= 0xd800 && code <= 0xdbff) return true;
  if (code < 128)
    return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90);
  return isWide(code);
}

/** Joiners inside a word: . ' ’ - ‐ ‑ & */
function isJoiner(code: number): boolean {
  return (
    code === 46 ||
    code === 39 ||
    code === 0x2019 ||
    code === 45 ||
    code === 0x2010 ||
    code === 0x2011 ||
    code === 38
  );
}

function scan(text: string, out: string[]): void {
  const length = text.length;
  let i = 0;
  while (i < length) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && !isAstralWord(text.codePointAt(i) ?? 0)) {
      i += 2;
      continue;
    }
    if (!isWordCode(code)) {
      i += 1;
      continue;
    }
    const start = i;
    let plain = true;
    while (i < length) {
      code = text.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff) {
        if (!isAstralWord(text.codePointAt(i) ?? 0)) break;
        plain = false;
        i += 2;
      } else if (
        code < 128 ? (code >= 97 && code <= 122) || (code >= 48 && code <= 57) : isWide(code)
      ) {
        if (code >= 128) plain = false;
        i += 1;
      } else if (code >= 65 && code <= 90) {
        i += 1;
      } else if (isJoiner(code) && i + 1 < length && isWordCode(text.charCodeAt(i + 1))) {
        plain = false;
        i += 1;
      } else break;
    }
    const raw = text.slice(start, i);
    if (plain) addWord(raw, out);
    else addRaw(raw, out);
  }
}

function addRaw(raw: string, out: string[]): void {
  if (UNSPACED.test(raw)) {
    for (const part of raw.matchAll(UNSPACED_RUNS)) {
      const text = part[0];
      if (UNSPACED.test(text)) addBigrams(text, out);
      else scan(text, out);
    }
    return;
  }
  let word = raw;
  if (word.includes("'") || word.includes('’')) {
    word = word.replace(/['’]s$/, '').replace(/['’]/g, '');
  }
  if (/[-‐‑.&]/.test(word)) {
    if (CODE.test(word) || DECIMAL.test(word)) return addWord(word, out);
    if (INITIALS.test(word)) return addWord(word.replace(/\./g, ''), out);
    if (word.includes('&') && word.length <= 6 && !word.includes('.') && !word.includes('-')) {
      return addWord(word, out);
    }
    const parts = word.split(/[-‐‑.&]/);
    if (parts.length > 1 && word.includes('.') && DOMAIN_SUFFIX.has(parts[parts.length - 1] ?? ''))
      parts.pop();
    for (const part of parts) addWord(part, out);
    return;
  }
  addWord(word, out);
}

function addWord(word: string, out: string[]): void {
  if (word.length > MAX_WORD || word.length === 0) return;
  if (word.length === 1 && word.charCodeAt(0) < 128) return;
  if (STOPWORDS.has(word)) return;
  out.push(word);
}

function addBigrams(run: string, out: string[]): void {
  const chars = Array.from(run);
  if (chars.length === 1) {
    out.push(run);
    return;
  }
  // Bounded: a hostile run of a million ideographs yields at most this many bigrams.
  const last = Math.min(chars.length - 1, 2_000);
  for (let i = 0; i < last; i += 1) out.push((chars[i] ?? '') + (chars[i + 1] ?? ''));
}
