import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  decodeFeedBytes,
  feedArticles,
  FeedFormatError,
  parseFeedText,
  type ParsedFeed,
} from '../../src/sources/index.ts';

const NOW = Date.parse('2025-01-15T00:00:00Z');
const DIR = 'test/fixtures/feeds';

type Pattern = string | { re: string };
interface ExpectedItem {
  title?: Pattern;
  link?: string;
  id?: string;
  published?: string;
  summary?: Pattern;
  content?: Pattern;
  categories?: string[];
  author?: Pattern;
}
const expected = JSON.parse(readFileSync(`${DIR}/expected.json`, 'utf8')) as Record<
  string,
  { title?: string; items?: ExpectedItem[] }
>;

function parseFixture(name: string, url: string | null = null): ParsedFeed {
  const { text } = decodeFeedBytes(readFileSync(`${DIR}/${name}`));
  return parseFeedText(text, { url, now: NOW });
}

/** expected.json describes raw parser output; Herald's is plain text, so drop the tags. */
function plain(pattern: Pattern): RegExp | string {
  if (typeof pattern === 'string') return pattern;
  return new RegExp(pattern.re.replace(/\(<\\?\/?\w+>\)\?|<\\?\/?\w+>/g, ''));
}

function check(actual: string | null | undefined, pattern: Pattern) {
  const want = plain(pattern);
  if (typeof want === 'string') expect(actual).toBe(want);
  else expect(actual).toMatch(want);
}

describe('parseFeedText on the valid fixtures', () => {
  const names = [
    'rss2.xml',
    'atom.xml',
    'rdf.xml',
    'jsonfeed.json',
    'shift_jis.xml',
    'euc-jp.xml',
    'iso-8859-1.xml',
    'bom-whitespace.xml',
    'missing-ids.xml',
  ];
  it.each(names)('GIVEN %s THEN every expected field comes out as plain text', (name) => {
    const feed = parseFixture(name);
    const want = expected[name]!;
    if (want.title !== undefined) expect(feed.title).toBe(want.title);
    want.items?.forEach((item, index) => {
      const got = feed.items[index]!;
      if (item.title !== undefined) check(got.title, item.title);
      if (item.link !== undefined) expect(got.link).toBe(item.link);
      if (item.id !== undefined) expect(got.guid ?? got.link).toBe(item.id);
      if (item.published !== undefined) {
        expect(got.publishedAt === null ? null : new Date(got.publishedAt).toISOString()).toBe(
          item.published,
        );
      }
      if (item.summary !== undefined) check(got.summary || got.content, item.summary);
      if (item.content !== undefined) check(got.content, item.content);
      if (item.categories !== undefined) expect(got.categories).toEqual(item.categories);
      if (item.author !== undefined) check(got.author, item.author);
    });
  });

  it('GIVEN a Shift_JIS feed THEN the Japanese titles read correctly', () => {
    const feed = parseFixture('shift_jis.xml');
    expect(feed.title).toBe('日本語ニュース');
    expect(feed.items.map((i) => i.title)).toEqual([
      '速報：東京で桜が開花',
      '天気予報：明日は晴れ',
    ]);
    expect(feed.items[0]?.summary).toBe('ソフトウェア表示の不具合を修正しました。');
  });

  it('GIVEN an Atom entry without author THEN it inherits the feed author', () => {
    expect(parseFixture('atom.xml').items[1]?.author).toBe('Feed Author');
  });

  it('GIVEN an RSS feed with ttl or sy:updatePeriod THEN the poll hint is read', () => {
    const rss = (extra: string) =>
      parseFeedText(
        `<rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel><title>x</title>${extra}</channel></rss>`,
        { now: NOW },
      ).ttlMinutes;
    expect(rss('<ttl>90</ttl>')).toBe(90);
    expect(
      rss('<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency>'),
    ).toBe(30);
    expect(rss('<sy:updatePeriod>daily</sy:updatePeriod>')).toBe(1440);
    expect(rss('')).toBeNull();
  });
});

describe('parseFeedText on markup and entities', () => {
  it('GIVEN HTML in CDATA, escaped HTML and raw brackets THEN no markup passes on', () => {
    const feed = parseFixture('cdata-html.xml');
    expect(feed.items.map((i) => i.title)).toEqual([
      'Breaking: Markets & "quotes" rally',
      'Escaped HTML & double-escaped',
      'Part A & <Part B> end',
      'Whitespace padded title',
    ]);
    expect(feed.items[0]?.summary).toBe('Para');
    expect(feed.items[3]).toMatchObject({ link: 'https://c.example/4', guid: 'c-4' });
  });

  it('GIVEN HTML entities undeclared in XML THEN they are decoded', () => {
    const feed = parseFixture('html-entities.xml');
    expect(feed.items[0]?.title).toBe('Café society — “quoted” — &');
    expect(feed.items[0]?.summary).toBe('© 2025');
  });

  it('GIVEN an Atom type="text" title with brackets THEN it stays literal', () => {
    const feed = parseFeedText(
      '<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><id>1</id><title type="text">a &lt;b&gt; c</title><updated>2025-01-01T00:00:00Z</updated></entry></feed>',
      { now: NOW },
    );
    expect(feed.items[0]?.title).toBe('a <b> c');
  });
});

describe('parseFeedText resolves links', () => {
  it('GIVEN relative links with xml:base THEN every URL is absolute', () => {
    const atom = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://ex.com/blog/">
      <title>T</title><link href="/"/>
      <entry xml:base="posts/"><title>A</title><link href="one.html"/><id>1</id><updated>2025-01-01T00:00:00Z</updated></entry>
      <entry><title>B</title><link href="two.html"/><id>2</id><updated>2025-01-01T00:00:00Z</updated></entry>
      <entry><title>C</title><link href="javascript:alert(1)"/><id>3</id><updated>2025-01-01T00:00:00Z</updated></entry></feed>`;
    const feed = parseFeedText(atom, { url: 'https://feeds.ex.com/atom', now: NOW });
    expect(feed.link).toBe('https://ex.com/');
    expect(feed.items.map((i) => i.link)).toEqual([
      'https://ex.com/blog/posts/one.html',
      'https://ex.com/blog/two.html',
      null,
    ]);
  });

  it('GIVEN RSS items without a link THEN only a permalink guid that is a URL stands in', () => {
    const rss = (guid: string) =>
      parseFeedText(
        `<rss version="2.0"><channel><title>x</title><item><title>a</title>${guid}</item></channel></rss>`,
        { now: NOW },
      ).items[0]?.link;
    expect(rss('<guid>https://g.example/1</guid>')).toBe('https://g.example/1');
    expect(rss('<guid isPermaLink="false">https://g.example/1</guid>')).toBeNull();
    expect(rss('<guid>g-1</guid>')).toBeNull();
    expect(rss('<guid>urn:uuid:1</guid>')).toBeNull();
  });

  it('GIVEN an RSS item with a relative link THEN it resolves against the channel link', () => {
    const rss =
      '<rss version="2.0"><channel><title>x</title><link>https://r.example/news/</link><item><title>a</title><link>a/1</link></item></channel></rss>';
    expect(
      parseFeedText(rss, { url: 'https://feeds.r.example/rss', now: NOW }).items[0]?.link,
    ).toBe('https://r.example/news/a/1');
  });
});

describe('parseFeedText refuses what is not a safe feed', () => {
  const refused = (name: string) => {
    try {
      parseFixture(name);
    } catch (error) {
      return error as FeedFormatError;
    }
    throw new Error(`${name} parsed`);
  };

  it.each(['billion-laughs.xml', 'quadratic-blowup.xml', 'xxe-file.xml', 'xxe-remote.xml'])(
    'GIVEN %s THEN it is refused before parsing',
    (name) => {
      const error = refused(name);
      expect(error).toBeInstanceOf(FeedFormatError);
      expect(error.code).toBe('unsafe-xml');
      expect(error.message).toMatch(/declares XML entities/);
    },
  );

  it('GIVEN an HTML page THEN the error says so and names the feed the page links to', () => {
    const error = refused('html-page.html');
    expect(error.code).toBe('not-a-feed');
    expect(error.message).toBe(
      'this is an HTML page, not a feed (the page names a feed at /feed.xml)',
    );
  });

  it('GIVEN an empty body, plain text, or XML that is no feed THEN a clear error', () => {
    const parse = (text: string) => () => parseFeedText(text, { now: NOW });
    expect(parse('  \n')).toThrow(/the document is empty/);
    expect(parse('hello')).toThrow(/neither XML nor JSON/);
    expect(parse('<?xml version="1.0"?><note><to>x</to></note>')).toThrow(
      /root element <note> is not RSS, RDF or Atom/,
    );
    expect(parse('{"hello": 1}')).toThrow(/not a JSON Feed/);
    expect(parse('{"items": [')).toThrow(/JSON is not valid/);
  });

  it('GIVEN XML broken mid-way THEN the items before the break are kept and the break is reported', () => {
    const feed = parseFixture('invalid-midway.xml');
    expect(feed.items.map((i) => i.guid)).toEqual(['m-1', 'm-2', 'm-3', 'm-4', 'm-5']);
    expect(feed.salvaged).toMatchObject({ kept: 5, line: 13 });
    const cut = parseFixture('truncated.xml');
    expect(cut.items.map((i) => i.guid)).toEqual(['m-1', 'm-2', 'm-3']);
  });

  it('GIVEN XML broken before any item THEN it is malformed', () => {
    expect(() => parseFeedText('<rss version="2.0"><channel><title>x</ti', { now: NOW })).toThrow(
      expect.objectContaining({ code: 'malformed' }) as Error,
    );
  });
});

describe('feedArticles', () => {
  const options = {
    identity: 'https://news.example.com/rss',
    fallbackSource: 'news.example.com',
    now: NOW,
  };

  it('GIVEN duplicate guids and a tracking-parameter copy THEN one article remains', () => {
    const { articles, duplicates } = feedArticles(parseFixture('duplicate-guids.xml'), options);
    expect(articles.map((a) => a.article.title)).toEqual(['Original']);
    expect(duplicates).toBe(3);
  });

  it('GIVEN items without guid or link THEN ids are stable hashes, not positions', () => {
    const first = feedArticles(parseFixture('missing-ids.xml'), options).articles.map(
      (a) => a.article,
    );
    expect(first.map((a) => a.id)).toEqual([
      expect.stringMatching(/^[0-9a-f]{20}$/),
      expect.stringMatching(/^[0-9a-f]{20}$/),
      'https://mi.example/3',
      expect.stringMatching(/^[0-9a-f]{20}$/),
    ]);
    // Reversed order gives the same ids.
    const feed = parseFixture('missing-ids.xml');
    const reversed = feedArticles({ ...feed, items: [...feed.items].reverse() }, options).articles;
    expect(reversed.map((a) => a.article.id).reverse()).toEqual(first.map((a) => a.id));
    expect(first[3]).toMatchObject({ title: '', body: 'Description only, no title' });
  });

  it('GIVEN a feed without title THEN the fallback names the source', () => {
    const feed = parseFeedText(
      '<rss version="2.0"><channel><item><title>a</title></item></channel></rss>',
      { now: NOW },
    );
    expect(feedArticles(feed, options).articles[0]?.article.source).toBe('news.example.com');
  });

  it('GIVEN odd and future dates THEN strict dates, and a future one is dropped', () => {
    const { articles } = feedArticles(parseFixture('odd-dates.xml'), options);
    const byTitle = new Map(articles.map((a) => [a.article.title, a.article.publishedAt]));
    expect(byTitle.get('d11')).toBeNull(); // 31 Feb
    expect(byTitle.get('d7')).toBe(Date.parse('2025-01-14T00:00:00Z')); // JST
    expect(byTitle.get('dc-only')).toBe(Date.parse('2025-01-14T09:00:00Z'));
    const future = parseFeedText(
      '<rss version="2.0"><channel><title>f</title><item><title>later</title><pubDate>Sat, 01 Jan 2030 00:00:00 GMT</pubDate></item></channel></rss>',
      { now: NOW },
    );
    expect(future.items[0]?.publishedAt).toBeNull();
  });
});

describe('hostile person fields', () => {
  it('GIVEN an <author> of 200,000 unmatched brackets THEN the feed is refused at once as unsafe', () => {
    const feed = `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>a</title><author>${'('.repeat(200_000)}</author></item></channel></rss>`;
    expect(() => parseFeedText(feed, { now: 0 })).toThrow(/<author> field is 200000 characters/);
  });

  it('GIVEN an ordinary author THEN the feed parses', () => {
    const feed = `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>a</title><author>jo@example.com (Jo)</author></item></channel></rss>`;
    expect(parseFeedText(feed, { now: 0 }).items).toHaveLength(1);
  });
});
