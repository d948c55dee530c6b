import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { localFormat, parseNewsFile } from '../../src/sources/local-formats.ts';

const NOW = Date.parse('2025-01-15T00:00:00Z');
const parse = (file: string, text: string | Buffer) =>
  parseNewsFile(file, typeof text === 'string' ? Buffer.from(text) : text, { now: NOW });

describe('.txt blocks', () => {
  it('GIVEN a block of headlines, one ending in a question mark THEN still one headline a line', () => {
    const { articles } = parse(
      'h.txt',
      'Fed Holds Rates\nIs the Rally Over?\nOil Slips After Meeting\n',
    );
    expect(articles.map((a) => [a.title, a.body])).toEqual([
      ['Fed Holds Rates', ''],
      ['Is the Rally Over?', ''],
      ['Oil Slips After Meeting', ''],
    ]);
  });

  it('GIVEN a title line and one sentence THEN one titled article', () => {
    const { articles } = parse('t.txt', 'Fed Holds Rates\nThe Fed held rates on Wednesday.\n');
    expect(articles).toEqual([
      expect.objectContaining({
        title: 'Fed Holds Rates',
        body: 'The Fed held rates on Wednesday.',
      }),
    ]);
  });

  it('GIVEN a long unpunctuated line THEN it is prose, not a headline', () => {
    const long = `${'word '.repeat(60)}end`;
    const { articles } = parse('l.txt', `${long}\n`);
    expect(articles).toEqual([expect.objectContaining({ title: '', body: long })]);
  });

  it('GIVEN an empty or blank file THEN no articles and no problems', () => {
    expect(parse('e.txt', '\n \n\t\n')).toEqual({ articles: [], problems: [] });
  });
});

describe('.json with a JSON Feed inside', () => {
  it('GIVEN a JSON Feed saved as .json THEN it is read as a feed', () => {
    const { articles } = parse('saved.json', readFileSync('test/fixtures/feeds/jsonfeed.json'));
    expect(articles.map((a) => a.id)).toEqual(['j1', 'j2']);
    expect(articles[0]?.source).toBe('Example JSON Feed');
  });

  it('GIVEN JSON that is neither a list nor a feed THEN a problem naming the file', () => {
    expect(parse('odd.json', '{"hello": 1}').problems).toEqual([
      {
        file: 'odd.json',
        line: 1,
        message: 'expected an array of articles or { "articles": [...] }',
      },
    ]);
  });
});

describe('.md', () => {
  it('GIVEN front matter that is not a mapping THEN a problem', () => {
    const { problems } = parse('x.md', '---\n- a\n- b\n---\nBody.\n');
    expect(problems[0]).toMatchObject({ file: 'x.md', line: 2 });
  });

  it('GIVEN a front matter date in the future THEN kept without a date, with a warning', () => {
    const { articles, problems } = parse(
      'f.md',
      '---\ntitle: Later\npublished: 2030-01-01\n---\nText.\n',
    );
    expect(articles[0]?.publishedAt).toBeNull();
    expect(problems[0]?.message).toMatch(/lies in the future/);
  });
});

describe('localFormat', () => {
  it('GIVEN file names THEN their format or null', () => {
    expect(
      [
        'a.txt',
        'b.MD',
        'c.json',
        'd.jsonl',
        'e.feed.json',
        'f.rss',
        'g.atom',
        'h.xml',
        'i.csv',
        'README',
      ].map(localFormat),
    ).toEqual(['txt', 'md', 'json', 'jsonl', 'feed', 'feed', 'feed', 'feed', null, null]);
  });
});
