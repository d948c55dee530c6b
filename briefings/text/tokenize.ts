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
 */
import { canonicalizeUs, cleanText } from './normalize.ts';
import { stem } from './stem.ts';
import { STOPWORDS } from './stopwords.ts';

const RAW_TOKEN = /[\p{L}\p{N}\p{M}]+(?:[.'’\-‐‑&][\p{L}\p{N}\p{M}]+)*/gu;
const UNSPACED =
  /[\u0e00-\u0eff\u1000-\u109f\u1100-\u11ff\u1780-\u17ff\u2e80-\u2fdf\u3040-\u30ff\u3100-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\u{20000}-\u{3134f}]/u;
const UNSPACED_RUNS =
  /[\u0e00-\u0eff\u1000-\u109f\u1100-\u11ff\u1780-\u17ff\u2e80-\u2fdf\u3040-\u30ff\u3100-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\u{20000}-\u{3134f}]+|[^\u0e00-\u0eff\u1000-\u109f\u1100-\u11ff\u1780-\u17ff\u2e80-\u2fdf\u3040-\u30ff\u3100-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\u{20000}-\u{3134f}]+/gu;
const CODE = /^[a-z]{1,6}-\d{1,4}[a-z]?$/;
const INITIALS = /^(?:[a-z]\.)+[a-z]$/;
const DECIMAL = /^\d+(?:\.\d+)+$/;
const DOMAIN_SUFFIX = new Set(['com', 'org', 'net', 'gov', 'edu', 'io', 'co', 'ai', 'app', 'info', 'news']);
const SEPARATORS = /[-‐‑.&]/;
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
  const out: string[] = [];
  if (text === '') return out;
  let prepared = cleanText(text.length > MAX_ANALYZED_CHARS ? text.slice(0, MAX_ANALYZED_CHARS) : text);
  if (options.query === true) {
    prepared = prepared.replace(/(?<![\p{L}])u\.\s?s\.?(?:\s?a\.?)?(?![\p{L}])/giu, 'USA');
    prepared = prepared.replace(/(?<![\p{L}])us(?![\p{L}])/giu, 'USA');
    prepared = prepared.replace(/\bunited\s+states\b/gi, 'USA');
  }
  prepared = canonicalizeUs(prepared).toLowerCase();
  for (const match of prepared.matchAll(RAW_TOKEN)) addRaw(match[0], out);
  return out;
}

function addRaw(raw: string, out: string[]): void {
  if (UNSPACED.test(raw)) {
    for (const part of raw.matchAll(UNSPACED_RUNS)) {
      const text = part[0];
      if (UNSPACED.test(text)) addBigrams(text, out);
      else for (const word of text.matchAll(RAW_TOKEN)) addRaw(word[0], out);
    }
    return;
  }
  let word = raw;
  if (word.includes("'") || word.includes('’')) {
    word = word.replace(/['’]s$/, '').replace(/['’]/g, '');
  }
  if (SEPARATORS.test(word)) {
    if (CODE.test(word) || DECIMAL.test(word)) return addWord(word, out);
    if (INITIALS.test(word)) return addWord(word.replace(/\./g, ''), out);
    const parts = word.split(/[-‐‑.&]/);
    if (parts.length > 1 && word.includes('.') && DOMAIN_SUFFIX.has(parts[parts.length - 1] ?? '')) parts.pop();
    if (word.includes('&') && word.length <= 6 && !word.includes('.') && !word.includes('-')) {
      return addWord(word, out);
    }
    for (const part of parts) addWord(part, out);
    return;
  }
  addWord(word, out);
}

function addWord(word: string, out: string[]): void {
  if (word.length > MAX_WORD || word.length === 0) return;
  if (word.length === 1 && word < '\u0080') return;
  if (STOPWORDS.has(word)) return;
  out.push(stem(word));
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
