import { describe, expect, it } from 'vitest';
import { fixtureArticles, indexOf, titles } from './helpers.ts';

describe('scripts without spaces', () => {
  const index = indexOf(fixtureArticles('multilingual.json'));

  it('GIVEN the query 日本 THEN the item whose title contains 日本 is found (and the English Japan item, by topic)', () => {
    const shown = titles(index, '日本');
    expect(shown).toContain('日本経済が回復基調、日銀は金利を据え置き');
    expect(shown).toContain('Japan Unveils Budget for Next Year');
  });

  it('GIVEN a longer query 日本経済 THEN the item containing it is found, and only it', () => {
    expect(titles(index, '日本経済')).toEqual(['日本経済が回復基調、日銀は金利を据え置き']);
  });

  it('GIVEN a query found only in a body (政策金利) THEN the item is found', () => {
    expect(titles(index, '政策金利')).toEqual(['日本経済が回復基調、日銀は金利を据え置き']);
  });

  it('GIVEN Chinese, Korean, French and Russian queries THEN each finds its item', () => {
    expect(titles(index, '经济')).toEqual(['中国经济保持稳定增长']);
    expect(titles(index, '경제')).toEqual(['한국 경제 성장률 전망 상향']);
    expect(titles(index, 'sommet')).toEqual(['Paris accueille un sommet sur le climat']);
    expect(titles(index, 'émissions')).toEqual(['Paris accueille un sommet sur le climat']);
    expect(titles(index, 'выставка')).toEqual(['В Москве открылась выставка']);
  });

  it('GIVEN a Japanese article THEN its summary is cut on Japanese sentence ends', () => {
    const { briefing } = index.brief({
      kind: 'news',
      topic: '日銀',
      now: Date.parse('2026-11-25T08:00:00Z'),
    });
    expect(briefing.stories[0]?.summary).toMatch(
      /^日本銀行は金曜日、政策金利を据え置くと発表した。/,
    );
    expect(briefing.stories[0]?.summary.length).toBeLessThanOrEqual(320);
  });
});
