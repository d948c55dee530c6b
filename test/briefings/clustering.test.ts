import { describe, expect, it } from 'vitest';
import { fixtureArticles, indexOf, NOW } from './helpers.ts';

describe('near-duplicate clustering', () => {
  const index = indexOf(fixtureArticles('same-stories.json'));
  const top = index.brief({ kind: 'news', topic: null, now: NOW, limit: 20 });
  const storyOf = (id: string): string[] | undefined =>
    top.storyArticleIds.find((ids) => ids.includes(id));

  it('GIVEN "Fed Holds Rates Steady" and "Federal Reserve Keeps Interest Rates Unchanged" THEN they are one story', () => {
    expect(storyOf('fed-1')).toEqual(expect.arrayContaining(['fed-1', 'fed-2', 'fed-3']));
  });

  it('GIVEN a report that the Fed cut rates THEN it is a different story from "holds"', () => {
    expect(storyOf('fed-cut')).toEqual(['fed-cut']);
  });

  it('GIVEN Korea trade assurances and India tariff relief THEN they are different stories', () => {
    expect(storyOf('korea-deal')).toEqual(['korea-deal']);
    expect(storyOf('india-deal')).toEqual(expect.arrayContaining(['india-deal', 'india-deal-2']));
    expect(storyOf('india-deal')).not.toContain('korea-deal');
  });

  it('GIVEN the same earthquake reported three ways THEN one story; a quake elsewhere stays apart', () => {
    expect(storyOf('quake-1')).toEqual(expect.arrayContaining(['quake-1', 'quake-2', 'quake-3']));
    expect(storyOf('quake-peru')).toEqual(['quake-peru']);
  });

  it('GIVEN a cluster THEN the story shows the best report and lists the others as related (title, url, source)', () => {
    const story = top.briefing.stories.find((item) => item.title.startsWith('Fed Holds'));
    expect(story?.url).toBe('https://wire.example/fed');
    expect(story?.related).toEqual(
      expect.arrayContaining([
        {
          title: 'Federal Reserve Keeps Interest Rates Unchanged, Citing Slower Inflation',
          url: 'https://ledger.example/fed',
          source: 'Daily Ledger',
        },
      ]),
    );
    expect(story?.summary).toMatch(
      /^The Federal Reserve left its benchmark interest rate unchanged/,
    );
  });

  it('GIVEN no topic THEN the widest-covered stories lead', () => {
    const leading = top.storyArticleIds.slice(0, 2).map((ids) => ids.length);
    expect(leading).toEqual([3, 3]);
    expect(top.briefing.stories.at(-1)?.related).toEqual([]);
  });
});
