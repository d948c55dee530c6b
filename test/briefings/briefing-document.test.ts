import { describe, expect, it } from 'vitest';
import { article, fixtureArticles, HOUR, indexOf, NOW, sampleArticles, titles } from './helpers.ts';

describe('the Briefing document', () => {
  const index = indexOf([...sampleArticles(), ...fixtureArticles('same-stories.json')]);

  it('GIVEN any briefing THEN it has exactly the fields of DESIGN.md, in JSON-safe values', () => {
    const { briefing } = index.brief({ kind: 'news', topic: '  Fed  ', now: NOW });
    expect(Object.keys(briefing)).toEqual(['kind', 'topic', 'generatedAt', 'stories']);
    expect(briefing.kind).toBe('news');
    expect(briefing.topic).toBe('fed');
    expect(briefing.generatedAt).toBe('2026-11-25T08:00:00.000Z');
    for (const story of briefing.stories) {
      expect(Object.keys(story)).toEqual([
        'title',
        'summary',
        'url',
        'source',
        'publishedAt',
        'related',
      ]);
      for (const related of story.related)
        expect(Object.keys(related)).toEqual(['title', 'url', 'source']);
    }
    expect(JSON.parse(JSON.stringify(briefing))).toEqual(briefing);
  });

  it('GIVEN dated and undated items THEN publishedAt is ISO 8601 or null', () => {
    const dated = index.brief({ kind: 'news', topic: 'fed', now: NOW }).briefing.stories[0];
    expect(dated?.publishedAt).toBe('2026-11-25T06:00:00.000Z');
    const undated = index.brief({ kind: 'news', topic: 'japan', now: NOW }).briefing.stories[0];
    expect(undated?.publishedAt).toBeNull();
  });

  it('GIVEN the headlines kind THEN the same stories come with empty summaries', () => {
    const news = index.brief({ kind: 'news', topic: 'fed', now: NOW });
    const headlines = index.brief({ kind: 'headlines', topic: 'fed', now: NOW });
    expect(headlines.briefing.kind).toBe('headlines');
    expect(headlines.storyArticleIds.map((ids) => [...ids].sort())).toEqual(
      news.storyArticleIds.map((ids) => [...ids].sort()),
    );
    expect(headlines.briefing.stories.every((story) => story.summary === '')).toBe(true);
    expect(news.briefing.stories[0]?.summary).not.toBe('');
  });

  it('GIVEN no limit THEN news holds at most 10 stories and headlines at most 20; a limit is honoured', () => {
    const many = indexOf(
      Array.from({ length: 40 }, (_, i) =>
        article(`v${i}`, `Volcano Number ${i} Erupts in Region ${i}`, { source: `S${i}` }),
      ),
    );
    expect(titles(many, 'volcano')).toHaveLength(10);
    expect(titles(many, 'volcano', { kind: 'headlines' })).toHaveLength(20);
    expect(titles(many, 'volcano', { limit: 3 })).toHaveLength(3);
    expect(titles(many, 'volcano', { limit: 0 })).toHaveLength(1);
  });

  it('GIVEN the same corpus and clock THEN the briefing is identical, whatever was asked before', () => {
    const first = index.brief({ kind: 'news', topic: null, now: NOW });
    index.brief({ kind: 'headlines', topic: 'trump tariffs', now: NOW });
    index.brief({ kind: 'news', topic: 'health', now: NOW, mute: ['drug'] });
    expect(index.brief({ kind: 'news', topic: null, now: NOW })).toEqual(first);
    expect(
      indexOf([...sampleArticles(), ...fixtureArticles('same-stories.json')]).brief({
        kind: 'news',
        topic: null,
        now: NOW,
      }),
    ).toEqual(first);
  });

  it('GIVEN a clock that is not a number THEN brief() refuses it clearly', () => {
    expect(() => index.brief({ kind: 'news', topic: null, now: Number.NaN })).toThrow(/now/);
  });
});

describe('filters', () => {
  const index = indexOf([
    ...sampleArticles(NOW - 2 * HOUR),
    ...fixtureArticles('same-stories.json'),
  ]);

  it('GIVEN a mute word THEN stories matching it (stems included) are dropped', () => {
    const shown = titles(index, 'health');
    expect(shown.join('\n')).toMatch(/TrumpRx/);
    const muted = index
      .brief({ kind: 'news', topic: 'health', now: NOW, mute: ['Drugs'] })
      .briefing.stories.map((story) => story.title);
    expect(muted.join('\n')).not.toMatch(/TrumpRx/);
    expect(muted).toContain('New York Legalizes Medical Aid in Dying for Terminally Ill Patients');
  });

  it('GIVEN a mute phrase THEN only items with the phrase are dropped', () => {
    const muted = index.brief({
      kind: 'headlines',
      topic: null,
      now: NOW,
      limit: 50,
      mute: ['trade deal'],
    });
    const shown = muted.briefing.stories.map((story) => story.title).join('\n');
    expect(shown).not.toMatch(/South Korea Assures/);
    expect(shown).toMatch(/Federal Judge Restores Funding/);
  });

  it('GIVEN a mute word matching one report of a story THEN the whole story is dropped', () => {
    const muted = index.brief({
      kind: 'news',
      topic: 'fed',
      now: NOW,
      mute: ['tsunami', 'borrowing'],
    });
    expect(muted.storyArticleIds.flat()).not.toContain('fed-1');
    expect(muted.storyArticleIds.flat()).not.toContain('fed-3');
  });

  it('GIVEN excludeIds THEN those articles are left out', () => {
    const { storyArticleIds } = index.brief({
      kind: 'news',
      topic: 'japan',
      now: NOW,
      excludeIds: new Set(['sample-article']),
    });
    expect(storyArticleIds).toEqual([['sample-headline-11']]);
  });

  it('GIVEN since THEN only items published (or, undated, first seen) since then remain', () => {
    const recent = index.brief({
      kind: 'headlines',
      topic: null,
      now: NOW,
      limit: 50,
      since: NOW - 3 * HOUR,
    });
    const ids = recent.storyArticleIds.flat();
    expect(ids).toContain('sample-article');
    expect(ids).toContain('fed-1');
    expect(ids).not.toContain('quake-1');
    const later = index.brief({ kind: 'news', topic: 'japan', now: NOW, since: NOW - HOUR });
    expect(later.briefing.stories).toEqual([]);
  });
});
