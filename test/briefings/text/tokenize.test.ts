import { describe, expect, it } from 'vitest';
import { analyze } from '../../../briefings/text/tokenize.ts';

describe('analyze', () => {
  it('GIVEN U.S., US, USA and United States THEN all become one term, and the pronoun us is dropped', () => {
    expect(
      analyze('U.S. and US and USA and United States and the United States of America'),
    ).toEqual(['usa', 'usa', 'usa', 'usa', 'usa']);
    expect(analyze('TRUMP WARNS US TO WAIT')).toEqual(['trump', 'warn', 'wait']);
    expect(analyze('Tell us what you think')).toEqual(['tell', 'think']);
    expect(analyze('Japan-U.S. alliance')).toEqual(['japan', 'usa', 'allianc']);
  });

  it('GIVEN a query THEN lowercase us and u.s. mean the country', () => {
    expect(analyze('us tariffs', { query: true })).toEqual(['usa', 'tariff']);
    expect(analyze('u.s. trade', { query: true })).toEqual(['usa', 'trade']);
  });

  it("GIVEN possessives with ' and ’ THEN they are dropped", () => {
    expect(analyze("Japan's Japan’s voters’ Japan")).toEqual(['japan', 'japan', 'voter', 'japan']);
  });

  it('GIVEN hyphenated words THEN they split, but codes like GLP-1 and COVID-19 stay whole', () => {
    expect(analyze('Russia-Ukraine cost-of-living GLP-1 COVID-19 F-35')).toEqual([
      'russia',
      'ukrain',
      'cost',
      'live',
      'glp-1',
      'covid-19',
      'f-35',
    ]);
  });

  it('GIVEN inflections THEN they share a stem', () => {
    expect(analyze('tariffs tariff')).toEqual(['tariff', 'tariff']);
    expect(analyze('elections election')).toEqual(['elect', 'elect']);
    expect(analyze('news')).toEqual(['news']);
  });

  it('GIVEN domains, initials and decimals THEN they become sensible terms', () => {
    expect(analyze('TrumpRx.gov U.K. 3.5% AT&T')).toEqual(['trumprx', 'uk', '3.5', 'at&t']);
  });

  it('GIVEN Chinese, Japanese, Korean or Thai text THEN it becomes overlapping bigrams', () => {
    expect(analyze('日本経済')).toEqual(['日本', '本経', '経済']);
    expect(analyze('東京 Tokyo')).toEqual(['東京', 'tokyo']);
    expect(analyze('米')).toEqual(['米']);
    expect(analyze('ไทย')).toEqual(['ไท', 'ทย']);
  });

  it('GIVEN full-width letters, accents and emoji THEN letters are folded and emoji ignored', () => {
    expect(analyze('ＡＢＣ café 😀 naïve')).toEqual(['abc', 'cafe', 'naiv']);
  });
});
