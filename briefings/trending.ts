/**
 * What the news is talking about: the subjects (places, people, organisations from the
 * gazetteer, names such as `TrumpRx`) named by the most items in a recent window.
 */
import type { Corpus } from './corpus/corpus.ts';

export interface TrendingSubject {
  /** Display form: `Trump`, `Ukraine`, `TrumpRx`. */
  readonly subject: string;
  /** How many stories in the window name it. */
  readonly count: number;
}

/** The window trending looks back over. */
export const TRENDING_WINDOW_MS = 48 * 3_600_000;

/**
 * The `count` subjects named by the most items published in the window before `now`
 * (or, when nothing is that recent, in the window before the newest item).
 */
export function trendingSubjects(corpus: Corpus, now: number, count: number): TrendingSubject[] {
  const wanted = Math.max(0, Math.floor(Number.isFinite(count) ? count : 0));
  if (wanted === 0 || corpus.live === 0) return [];
  const order = corpus.timeOrder();
  const time = corpus.time.data;
  const newest = time[order[0] ?? 0] ?? now;
  const end = newest >= now - TRENDING_WINDOW_MS ? now : newest;
  const start = end - TRENDING_WINDOW_MS;

  const counts = new Int32Array(corpus.subjectDisplay.length);
  const used: number[] = [];
  const subjectStart = corpus.subjectStart.data;
  const pool = corpus.subjectPool.data;
  for (const doc of order) {
    const published = time[doc] ?? 0;
    if (published > end) continue;
    if (published < start) break;
    for (let i = subjectStart[doc] ?? 0; i < (subjectStart[doc + 1] ?? 0); i += 1) {
      const subject = pool[i] ?? 0;
      if (counts[subject] === 0) used.push(subject);
      counts[subject] = (counts[subject] ?? 0) + 1;
    }
  }
  // The n-th highest count, found without sorting every subject (there can be tens of
  // thousands of names in a window); only subjects at or above it are sorted.
  const threshold = nthHighest(
    used.map((subject) => counts[subject] ?? 0),
    wanted,
  );
  return used
    .filter((subject) => (counts[subject] ?? 0) >= threshold)
    .map((subject) => ({
      subject: corpus.subjectDisplay[subject] ?? '',
      count: counts[subject] ?? 0,
    }))
    .sort(
      (a, b) => b.count - a.count || (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0),
    )
    .slice(0, wanted);
}

/** The n-th highest of the values (the lowest when there are fewer than n). */
function nthHighest(values: readonly number[], n: number): number {
  if (values.length <= n)
    return values.reduce((low, value) => Math.min(low, value), Number.POSITIVE_INFINITY);
  // A min-heap of the n highest values seen so far.
  const heap: number[] = [];
  const swap = (a: number, b: number): void => {
    const value = heap[a] as number;
    heap[a] = heap[b] as number;
    heap[b] = value;
  };
  for (const value of values) {
    if (heap.length < n) {
      heap.push(value);
      for (let i = heap.length - 1; i > 0;) {
        const parent = (i - 1) >> 1;
        if ((heap[parent] as number) <= (heap[i] as number)) break;
        swap(i, parent);
        i = parent;
      }
      continue;
    }
    if (value <= (heap[0] as number)) continue;
    heap[0] = value;
    for (let i = 0; ;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < heap.length && (heap[left] as number) < (heap[least] as number)) least = left;
      if (right < heap.length && (heap[right] as number) < (heap[least] as number)) least = right;
      if (least === i) break;
      swap(i, least);
      i = least;
    }
  }
  return heap[0] ?? 0;
}
