import { describe, expect, it } from 'vitest';
import { article, fixtureArticles, HOUR, indexOf, NOW, titles } from './helpers.ts';

describe('topic matching', () => {
  const index = indexOf(fixtureArticles('topics.json'));

  it('GIVEN japan THEN inflections, possessives with both apostrophes, demonyms and cities all match', () => {
    const shown = titles(index, 'japan');
    expect(shown).toEqual(
      expect.arrayContaining([
        'Tokyo Stocks Rally on Weak Yen',
        'Japanese Firms Raise Wages at Fastest Pace in Decades',
        "Japan's Cabinet Approves Stimulus Plan",
        'Japan’s Exports Rise for Third Month',
      ]),
    );
    expect(shown).toHaveLength(4);
  });

  it('GIVEN a topic alias as the query THEN it resolves to that topic (tokyo → japan)', () => {
    expect(titles(index, 'Tokyo')[0]).toBe('Tokyo Stocks Rally on Weak Yen');
    expect(titles(index, 'Tokyo')).toHaveLength(4);
  });

  it('GIVEN a multi-word alias (trade war) THEN it matches as a phrase, not on "war" alone', () => {
    const shown = titles(index, 'trade war');
    expect(shown[0]).toBe('Markets Slide as Trade War Fears Grow');
    expect(shown).not.toContain('Russia-Ukraine War Enters New Phase');
  });

  it('GIVEN white house THEN the White House story matches and the house-prices story does not', () => {
    const shown = titles(index, 'white house');
    expect(shown[0]).toBe('White House Announces New Cabinet Pick');
    expect(shown).not.toContain('House Prices Climb in White Sands Suburbs');
  });

  it('GIVEN ukraine THEN "Russia-Ukraine" matches', () => {
    expect(titles(index, 'ukraine')).toEqual(['Russia-Ukraine War Enters New Phase']);
  });

  it('GIVEN glp-1 THEN the GLP-1 item matches and a bare "1" elsewhere does not', () => {
    const shown = titles(index, 'GLP-1');
    expect(shown[0]).toBe('Insurers Expand Coverage for GLP-1 Weight-Loss Shots');
    expect(shown).not.toContain('Solar Farm Output Hits Record 1 Gigawatt');
  });

  it('GIVEN trump tariffs THEN the item matching both words ranks first, single matches after', () => {
    const shown = titles(index, 'trump tariffs');
    expect(shown[0]).toBe('Trump Threatens New Tariffs on European Cars');
    expect(shown.slice(1)).toEqual(
      expect.arrayContaining([
        'Trump Hosts Governors at Annual Dinner',
        'Canada Weighs Retaliatory Tariffs on Steel',
      ]),
    );
  });

  it('GIVEN the query us THEN the pronoun "us" does not match', () => {
    expect(titles(index, 'us')).not.toContain('Tell Us What You Think About the Local Library');
  });

  it('GIVEN a word that is no topic THEN it is searched as free text in title and body', () => {
    expect(titles(index, 'volcano')).toEqual(['Volcano Erupts on Remote Island']);
    expect(titles(index, 'lava')).toEqual(['Volcano Erupts on Remote Island']);
    expect(titles(index, 'zanzibar')).toEqual([]);
  });

  it('GIVEN a query of stopwords only THEN the briefing is empty, not top stories', () => {
    const { briefing } = index.brief({ kind: 'news', topic: 'the of and', now: NOW });
    expect(briefing.topic).toBe('the of and');
    expect(briefing.stories).toEqual([]);
  });

  it('GIVEN topics() THEN the broad categories and country topics are defined with aliases', () => {
    const names = index.topics().map((topic) => topic.name);
    for (const name of [
      'health',
      'economy',
      'politics',
      'world',
      'technology',
      'science',
      'climate',
      'business',
      'sports',
      'japan',
      'us',
    ]) {
      expect(names).toContain(name);
    }
    const japan = index.topics().find((topic) => topic.name === 'japan');
    expect(japan?.aliases).toEqual(
      expect.arrayContaining(['japanese', 'tokyo', 'osaka', 'ishiba', 'takaichi']),
    );
    const us = index.topics().find((topic) => topic.name === 'us');
    expect(us?.aliases).toEqual(expect.arrayContaining(['u.s.', 'united states', 'america']));
  });
});

describe('ranking', () => {
  it('GIVEN a match in the title and one only in the body THEN the title match ranks first', () => {
    const index = indexOf([
      article('body', 'Markets Close Mixed', {
        body: 'Investors also weighed news about volcano activity.',
      }),
      article('title', 'Volcano Activity Rises'),
    ]);
    expect(titles(index, 'volcano')).toEqual(['Volcano Activity Rises', 'Markets Close Mixed']);
  });

  it('GIVEN two equally relevant items THEN the more recent ranks first', () => {
    const index = indexOf([
      article('old', 'Volcano Museum Opens Its Doors', { publishedAt: NOW - 72 * HOUR }),
      article('new', 'Scientists Map Volcano Vents From Space', { publishedAt: NOW - HOUR }),
    ]);
    expect(titles(index, 'volcano')).toEqual([
      'Scientists Map Volcano Vents From Space',
      'Volcano Museum Opens Its Doors',
    ]);
  });

  it('GIVEN a story covered by three sources and a lone story THEN the covered story rises', () => {
    const index = indexOf([
      article('lone', 'Volcano Erupts on Remote Island', { publishedAt: NOW - HOUR, source: 'A' }),
      article('c1', 'Volcano Ash Cloud Grounds Flights Across Region', {
        publishedAt: NOW - 3 * HOUR,
        source: 'A',
      }),
      article('c2', 'Volcano Ash Cloud Grounds Regional Flights', {
        publishedAt: NOW - 3 * HOUR,
        source: 'B',
      }),
      article('c3', 'Flights Grounded as Volcano Ash Cloud Spreads Across Region', {
        publishedAt: NOW - 3 * HOUR,
        source: 'C',
      }),
    ]);
    const { briefing } = index.brief({ kind: 'news', topic: null, now: NOW });
    expect(briefing.stories[0]?.related).toHaveLength(2);
    expect(briefing.stories).toHaveLength(2);
  });
});
