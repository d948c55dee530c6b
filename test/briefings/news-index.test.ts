import { describe, expect, it } from 'vitest';
import { NewsIndex } from '../../briefings/index.ts';
import { article, HOUR, indexOf, NOW, sampleArticles, titles } from './helpers.ts';

describe('NewsIndex lifecycle', () => {
  it('GIVEN articles added THEN size and get reflect them; adding the same id replaces it', () => {
    const index = indexOf([article('a', 'Volcano Erupts'), article('b', 'Markets Rally')]);
    expect(index.size).toBe(2);
    expect(index.get('a')?.title).toBe('Volcano Erupts');
    index.add([article('a', 'Glacier Melts Faster')]);
    expect(index.size).toBe(2);
    expect(index.get('a')?.title).toBe('Glacier Melts Faster');
    expect(titles(index, 'volcano')).toEqual([]);
    expect(titles(index, 'glacier')).toEqual(['Glacier Melts Faster']);
    expect(index.get('missing')).toBeUndefined();
  });

  it('GIVEN an untitled article THEN displayTitle gives the derived title', () => {
    const index = indexOf(sampleArticles());
    expect(index.displayTitle('sample-article')).toBe(
      'Japan and US Arranging Ishiba–Trump Meeting in Washington',
    );
    expect(index.displayTitle('sample-headline-1')).toMatch(/^Norway/);
  });

  it('GIVEN ids removed THEN they no longer match and the count of removed ids is returned', () => {
    const index = indexOf([article('a', 'Volcano Erupts'), article('b', 'Volcano Sleeps')]);
    expect(index.remove(['a', 'nope'])).toBe(1);
    expect(index.size).toBe(1);
    expect(titles(index, 'volcano')).toEqual(['Volcano Sleeps']);
  });

  it('GIVEN prune(before) THEN items published (or, undated, seen) before it go', () => {
    const index = indexOf([
      article('old', 'Volcano Erupts', { publishedAt: NOW - 10 * 24 * HOUR }),
      article('undated-old', 'Volcano Rumbles', { publishedAt: null, seenAt: NOW - 9 * 24 * HOUR }),
      article('new', 'Volcano Sleeps', { publishedAt: NOW - HOUR }),
    ]);
    expect(index.prune(NOW - 7 * 24 * HOUR)).toBe(2);
    expect(index.size).toBe(1);
    expect(titles(index, 'volcano')).toEqual(['Volcano Sleeps']);
  });

  it('GIVEN most articles removed (compaction) THEN the rest are still found, ranked and clustered as before', () => {
    const keep = sampleArticles();
    const filler = Array.from({ length: 3_000 }, (_, i) =>
      article(`f${i}`, `Filler Story ${i} About Gardens`, { source: `S${i % 7}` }),
    );
    const index = new NewsIndex();
    index.add(filler.slice(0, 1_500));
    index.add(keep);
    index.add(filler.slice(1_500));
    const before = index.brief({ kind: 'news', topic: 'japan', now: NOW });
    const topBefore = index.brief({ kind: 'headlines', topic: 'trumprx', now: NOW });
    expect(index.remove(filler.map((item) => item.id))).toBe(3_000);
    expect(index.size).toBe(keep.length);
    expect(index.brief({ kind: 'news', topic: 'japan', now: NOW })).toEqual(before);
    expect(index.brief({ kind: 'headlines', topic: 'trumprx', now: NOW })).toEqual(topBefore);
    expect(titles(index, 'gardens')).toEqual([]);
    index.add([article('late', 'Japan Wins Gardening Prize')]);
    expect(titles(index, 'japan')).toContain('Japan Wins Gardening Prize');
  });

  it('GIVEN the same articles added in one batch or one by one THEN briefings are identical', () => {
    const items = sampleArticles();
    const batch = new NewsIndex();
    batch.add([
      ...items,
      ...Array.from({ length: 1_200 }, (_, i) => article(`f${i}`, `Filler ${i}`)),
    ]);
    const single = new NewsIndex();
    for (const item of [
      ...items,
      ...Array.from({ length: 1_200 }, (_, i) => article(`f${i}`, `Filler ${i}`)),
    ])
      single.add([item]);
    for (const topic of ['japan', 'health', null, 'trump tariffs']) {
      expect(batch.brief({ kind: 'news', topic, now: NOW })).toEqual(
        single.brief({ kind: 'news', topic, now: NOW }),
      );
    }
  });
});

describe('trending', () => {
  it('GIVEN recent news THEN the subjects named most often lead, with counts, ties by name', () => {
    const index = indexOf([
      article('1', 'Putin Meets Modi in Moscow'),
      article('2', 'Modi Visits Tokyo for Trade Talks'),
      article('3', 'Putin Signs Decree on Grain Exports'),
      article('4', 'Modi Says India Will Grow Faster'),
      article('5', 'OpenAI Unveils New Model'),
      article('old', 'Putin Putin Putin', { publishedAt: NOW - 10 * 24 * HOUR }),
    ]);
    const trending = index.trending(NOW, 3);
    expect(trending).toHaveLength(3);
    expect(trending[0]).toEqual({ subject: 'Modi', count: 3 });
    expect(trending[1]).toEqual({ subject: 'Putin', count: 2 });
    expect(trending[2]?.count).toBe(1);
    expect(index.trending(NOW, 50).map((item) => item.subject)).toContain('OpenAI');
    expect(index.trending(NOW, 0)).toEqual([]);
  });

  it('GIVEN an empty index THEN nothing trends', () => {
    expect(new NewsIndex().trending(NOW, 10)).toEqual([]);
  });
});

describe('incremental updates', () => {
  it('GIVEN batches added and removed over time THEN top stories equal those of an index built afresh', () => {
    const items = Array.from({ length: 60 }, (_, i) =>
      article(`i${i}`, `Story ${i} About Region ${i % 9} Harbour`, {
        publishedAt: NOW - ((i * 37) % 50) * HOUR,
        source: `S${i % 5}`,
      }),
    );
    const index = new NewsIndex();
    index.add(items.slice(0, 20));
    index.brief({ kind: 'headlines', topic: null, now: NOW });
    index.add(items.slice(20, 40));
    index.remove(['i3', 'i25']);
    index.brief({ kind: 'headlines', topic: null, now: NOW });
    index.add(items.slice(40));
    const kept = items.filter((item) => item.id !== 'i3' && item.id !== 'i25');
    const fresh = indexOf(kept);
    for (const since of [undefined, NOW - 20 * HOUR]) {
      const query = {
        kind: 'headlines' as const,
        topic: null,
        now: NOW,
        limit: 100,
        ...(since === undefined ? {} : { since }),
      };
      expect(index.brief(query)).toEqual(fresh.brief(query));
    }
  });
});
