import { describe, expect, it } from 'vitest';
import type { Article } from '../../briefings/index.ts';
import { article, fixtureArticles, indexOf, NOW, titles } from './helpers.ts';

describe('hostile input', () => {
  const huge: Article[] = [
    article('megabody', 'Tariff Report', { body: 'Tariff talks continue. '.repeat(40_000) }),
    article('megaword', 'z'.repeat(100_000)),
    article('megacjk', '関税'.repeat(50_000)),
  ];
  const index = indexOf([...fixtureArticles('hostile.json'), ...huge]);

  it('GIVEN markup, controls, giant tokens, emoji and empty items THEN indexing and briefing do not fail', () => {
    expect(index.size).toBe(13);
    for (const topic of [null, 'tariff', '日本', '🔥', '(.*)', 'script', '']) {
      for (const kind of ['news', 'headlines'] as const) {
        const { briefing } = index.brief({ kind, topic, now: NOW });
        expect(Array.isArray(briefing.stories)).toBe(true);
      }
    }
  });

  it('GIVEN hostile text THEN titles and summaries stay within their budgets', () => {
    const { briefing } = index.brief({ kind: 'news', topic: null, now: NOW, limit: 100 });
    for (const story of briefing.stories) expect(story.summary.length).toBeLessThanOrEqual(321);
    const derived = briefing.stories.find((story) => story.title.startsWith('Sentence Number'));
    expect(derived?.title.length).toBeLessThanOrEqual(90);
  });

  it('GIVEN zero-width and bidi controls inside words THEN the words still match', () => {
    expect(titles(index, 'zerowidth')).toHaveLength(1);
    expect(titles(index, 'rtl')).toHaveLength(1);
    expect(titles(index, 'controls')[0]).toMatch(/Controls in Tariff Headline/);
  });

  it('GIVEN regex metacharacters in a query THEN they are plain text', () => {
    expect(titles(index, 'prices (.*)')[0]).toMatch(/^Prices/);
  });

  it('GIVEN an item with no title and no text THEN it is shown as Untitled rather than dropped or crashing', () => {
    const { briefing } = index.brief({ kind: 'headlines', topic: null, now: NOW, limit: 100 });
    expect(briefing.stories.some((story) => story.title === 'Untitled')).toBe(true);
  });

  it('GIVEN items with fields of the wrong type THEN they are repaired or skipped, never thrown on', () => {
    const broken = [
      {
        id: 'no-body',
        title: 'Volcano Erupts',
        source: 'X',
        url: null,
        publishedAt: 'yesterday',
        seenAt: NOW,
        categories: null,
      },
      {
        id: '',
        title: 'No id',
        body: '',
        source: 'X',
        url: null,
        publishedAt: null,
        seenAt: NOW,
        categories: [],
      },
      {
        id: 'nan-time',
        title: 'Volcano Sleeps',
        body: 42,
        source: 7,
        url: 3,
        publishedAt: Number.NaN,
        seenAt: Number.NaN,
        categories: [],
      },
    ] as unknown as Article[];
    const repaired = indexOf(broken);
    expect(repaired.size).toBe(2);
    expect(titles(repaired, 'volcano').sort()).toEqual(['Volcano Erupts', 'Volcano Sleeps']);
    expect(
      repaired
        .brief({ kind: 'news', topic: 'volcano', now: NOW })
        .briefing.stories.every((story) => story.publishedAt === null),
    ).toBe(true);
  });
});

describe('hostile queries', () => {
  const index = indexOf(fixtureArticles('same-stories.json'));

  it('GIVEN mute words or a topic of the wrong type (from untyped callers) THEN they are ignored', () => {
    const loose = {
      kind: 'bogus',
      topic: 42,
      now: NOW,
      mute: [null, 7, 'garden'],
      excludeIds: ['quake-1'],
    } as unknown as Parameters<typeof index.brief>[0];
    const { briefing, storyArticleIds } = index.brief(loose);
    expect(briefing.kind).toBe('news');
    expect(briefing.topic).toBeNull();
    expect(storyArticleIds.flat()).not.toContain('garden');
    expect(storyArticleIds.flat()).not.toContain('quake-1');
  });

  it('GIVEN a very long query THEN it is planned within bounds', () => {
    const { briefing } = index.brief({ kind: 'news', topic: 'fed '.repeat(500), now: NOW });
    expect(briefing.stories.length).toBeGreaterThan(0);
  });
});
