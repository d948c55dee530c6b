import { describe, expect, it } from 'vitest';
import { indexOf, NOW, sampleArticles, titles } from './helpers.ts';

const ELECTION =
  'Japan Election 2026: Sanae Takaichi Poised for Landslide Win Despite Record Snowfall';

describe('the bundled sample', () => {
  const index = indexOf(sampleArticles());

  it('GIVEN the query japan THEN the Ishiba–Trump meeting article leads, the Takaichi headline follows, and nothing else', () => {
    const { briefing, storyArticleIds } = index.brief({ kind: 'news', topic: 'japan', now: NOW });
    expect(briefing.stories).toHaveLength(2);
    const [meeting, election] = briefing.stories;
    expect(meeting?.title).toMatch(/Ishiba/);
    expect(meeting?.title).toMatch(/Trump/);
    expect(meeting?.title.length).toBeLessThanOrEqual(90);
    expect(meeting?.title).not.toMatch(/[.,;:!?]$/);
    expect(meeting?.summary).toMatch(
      /^Japan and the United States are in the final stages of arranging a meeting/,
    );
    expect(meeting?.summary.length).toBeLessThanOrEqual(320);
    expect(election?.title).toBe(ELECTION);
    expect(election?.summary).toBe('');
    expect(storyArticleIds).toEqual([['sample-article'], ['sample-headline-11']]);
  });

  it('GIVEN the untitled sample article THEN its derived title reads like a headline', () => {
    const [story] = index.brief({ kind: 'news', topic: 'japan', now: NOW }).briefing.stories;
    expect(story?.title).toBe('Japan and US Arranging Ishiba–Trump Meeting in Washington');
  });

  it.each(['Japan', 'JAPAN', ' japan ', "Japan's", 'Japan’s', 'japanese'])(
    'GIVEN the query %j THEN it resolves to the japan topic',
    (query) => {
      expect(titles(index, query)[1]).toBe(ELECTION);
      expect(titles(index, query)).toHaveLength(2);
    },
  );

  it('GIVEN the query japan THEN no US, Korea or Ukraine headline is matched by "U.S." or "US"', () => {
    const shown = titles(index, 'japan').join('\n');
    expect(shown).not.toMatch(/Korea|Ukraine|Cuba|Pentagon|TrumpRx/);
  });

  it('GIVEN the query health THEN the TrumpRx story (both headlines) and the medical-aid headline match', () => {
    const { briefing } = index.brief({ kind: 'news', topic: 'health', now: NOW });
    const shown = briefing.stories.map((story) => story.title);
    expect(shown).toHaveLength(2);
    expect(shown.join('\n')).toMatch(/TrumpRx/);
    expect(shown).toContain('New York Legalizes Medical Aid in Dying for Terminally Ill Patients');
  });

  it('GIVEN the two TrumpRx headlines THEN they are one story with the other under related', () => {
    const { briefing, storyArticleIds } = index.brief({ kind: 'news', topic: 'trumprx', now: NOW });
    expect(briefing.stories).toHaveLength(1);
    expect(briefing.stories[0]?.related).toEqual([
      {
        title:
          'TrumpRx Website Launches to Offer Discounted Prescription Drugs for Cash-Paying Americans',
        url: null,
        source: '000_ac34e30a3b4bbd8c.txt',
      },
    ]);
    expect(storyArticleIds[0]).toHaveLength(2);
  });

  it('GIVEN the Takaichi election headline and the Ishiba meeting article THEN they stay two stories', () => {
    const { storyArticleIds } = index.brief({ kind: 'news', topic: 'japan', now: NOW });
    expect(storyArticleIds).toHaveLength(2);
  });

  it('GIVEN the Korea trade headline and the India tariff headline THEN they stay two stories', () => {
    const { briefing } = index.brief({ kind: 'headlines', topic: 'trade deal', now: NOW });
    const korea = briefing.stories.find((story) => story.title.startsWith('South Korea'));
    const india = briefing.stories.find((story) => story.title.startsWith('Trump Lifts'));
    expect(korea).toBeDefined();
    expect(india).toBeDefined();
    expect(korea?.related).toEqual([]);
    expect(india?.related).toEqual([]);
  });

  it('GIVEN no topic THEN the top stories lead with the story two reports cover, and every item appears once', () => {
    const { briefing, storyArticleIds } = index.brief({ kind: 'headlines', topic: null, now: NOW });
    expect(briefing.topic).toBeNull();
    expect(briefing.stories[0]?.title).toMatch(/^TrumpRx/);
    expect(storyArticleIds.flat().sort()).toEqual(
      sampleArticles()
        .map((item) => item.id)
        .sort(),
    );
    expect(briefing.stories).toHaveLength(16);
  });

  it('GIVEN the sample THEN trending names the subjects most headlines name', () => {
    const trending = index.trending(NOW, 5);
    expect(trending[0]).toEqual({ subject: 'US', count: expect.any(Number) as number });
    expect(trending.map((item) => item.subject)).toContain('Trump');
    expect(trending.map((item) => item.subject)).toContain('TrumpRx');
  });
});
