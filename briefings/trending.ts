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
  return used
    .map((subject) => ({
      subject: corpus.subjectDisplay[subject] ?? '',
      count: counts[subject] ?? 0,
    }))
    .sort((a, b) => b.count - a.count || a.subject.localeCompare(b.subject, 'en'))
    .slice(0, wanted);
}
