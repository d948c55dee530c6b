import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedsToOpml, loadFeedList, parseFeedsFile } from '../../src/sources/feed-list.ts';

const OPML = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>My feeds</title></head><body>
  <outline text="News">
    <outline text="Example" title="Example News" type="rss" xmlUrl="https://news.example.com/rss" htmlUrl="https://news.example.com/"/>
    <outline text="Bad" type="rss" xmlUrl="file:///etc/passwd"/>
  </outline>
  <outline text="Atom" type="rss" xmlUrl="https://atom.example.com/feed.atom"/>
</body></opml>`;

describe('parseFeedsFile', () => {
  it('GIVEN lines with comments THEN URLs come out, and bad entries are named by line', () => {
    const list = parseFeedsFile(
      '# my feeds\nhttps://a.example/rss   # world news\n\nhttps://b.example/feed#frag\nftp://c.example/x\nnot-a-url\n',
      'feeds.txt',
    );
    expect(list.feeds).toEqual([
      { url: 'https://a.example/rss' },
      { url: 'https://b.example/feed#frag' },
    ]);
    expect(list.problems).toEqual([
      "feeds.txt:5: 'ftp://c.example/x' is not an http(s) URL; skipped",
      "feeds.txt:6: 'not-a-url' is not an http(s) URL; skipped",
    ]);
  });

  it('GIVEN an OPML export THEN every xmlUrl comes out with its title, nested ones too', () => {
    const list = parseFeedsFile(OPML, 'feeds.opml');
    expect(list.feeds).toEqual([
      { url: 'https://news.example.com/rss', title: 'Example News' },
      { url: 'https://atom.example.com/feed.atom', title: 'Atom' },
    ]);
    expect(list.problems).toEqual([
      expect.stringMatching(/^feeds\.opml: outline 'Bad' has xmlUrl 'file:\/\/\/etc\/passwd'/),
    ]);
  });

  it('GIVEN an OPML with entities THEN it is refused', () => {
    const list = parseFeedsFile(
      '<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "b">]><opml><body/></opml>',
      'x.opml',
    );
    expect(list).toEqual({
      feeds: [],
      problems: ['x.opml: the OPML declares XML entities; refused'],
    });
  });

  it('GIVEN a feed list THEN the OPML export reads back the same', () => {
    const feeds = [
      { url: 'https://news.example.com/rss', title: 'Example & Co' },
      { url: 'https://b.example/feed' },
    ];
    const opml = feedsToOpml(feeds, Date.parse('2025-01-14T00:00:00Z'));
    expect(opml).toContain('<opml version="2.0">');
    expect(parseFeedsFile(opml, 'export.opml').feeds).toEqual([
      { url: 'https://news.example.com/rss', title: 'Example & Co' },
      { url: 'https://b.example/feed', title: 'https://b.example/feed' },
    ]);
  });
});

describe('loadFeedList', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'herald-feeds-'));
    await writeFile(join(dir, 'feeds.opml'), OPML);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('GIVEN NEWS_FEEDS and NEWS_FEEDS_FILE THEN both, without repeats', async () => {
    const list = await loadFeedList({
      feeds: ['https://news.example.com/rss', 'https://z.example/rss', 'javascript:alert(1)'],
      feedsFile: join(dir, 'feeds.opml'),
    });
    expect(list.feeds).toEqual([
      { url: 'https://news.example.com/rss', title: 'Example News' },
      { url: 'https://z.example/rss' },
      { url: 'https://atom.example.com/feed.atom', title: 'Atom' },
    ]);
    expect(list.problems[0]).toBe(
      "NEWS_FEEDS: 'javascript:alert(1)' is not an http(s) URL; skipped",
    );
  });

  it('GIVEN a missing NEWS_FEEDS_FILE THEN the error names the variable', async () => {
    await expect(loadFeedList({ feeds: [], feedsFile: join(dir, 'nope.txt') })).rejects.toThrow(
      /^NEWS_FEEDS_FILE names '.*nope\.txt', which cannot be read \(ENOENT\)/,
    );
  });
});
