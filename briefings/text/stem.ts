/**
 * Porter2 stemming with a cache: news vocabulary repeats, so each distinct word is
 * stemmed once per process.
 */
import porter2 from 'wink-porter2-stemmer';

const cache = new Map<string, string>();
const CACHE_LIMIT = 200_000;
const ENGLISH_WORD = /^[a-z]+$/;

/**
 * The stem of a lowercase word. Only plain English letters are stemmed; numbers, codes
 * (`glp-1`) and other scripts pass through unchanged.
 */
export function stem(word: string): string {
  const cached = cache.get(word);
  if (cached !== undefined) return cached;
  const out = word.length > 3 && ENGLISH_WORD.test(word) ? porter2(word) : word;
  // A hostile stream of unique words must not grow the cache without bound.
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(word, out);
  return out;
}
