import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger, silentLogger } from '../../src/log.ts';
import { loadNewsDir, NewsDirError, describeProblem } from '../../src/sources/index.ts';

const NOW = Date.parse('2025-01-15T00:00:00Z');
const MIXED = 'test/fixtures/news/mixed';

function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { log: createLogger('debug', sink), lines };
}

describe('loadNewsDir', () => {
  it('GIVEN the bundled sample THEN it loads as one untitled article and sixteen headlines', async () => {
    const { articles, problems, files } = await loadNewsDir('data/news', {
      now: NOW,
      log: silentLogger,
    });
    expect(files).toBe(1);
    expect(problems).toEqual([]);
    expect(articles).toHaveLength(17);
    const [article, ...headlines] = articles;
    expect(article?.title).toBe('');
    expect(article?.body.split('\n')).toHaveLength(5);
    expect(article?.body).toMatch(/^Japan and the United States are in the final stages/);
    expect(headlines.every((h) => h.body === '' && h.title !== '')).toBe(true);
    expect(headlines[0]?.title).toBe(
      'Norway Opens Corruption Probe Into Former PM and Nobel Committee Chair Thorbjoern Jagland Over Epstein Links',
    );
    // trailing whitespace of the last line is not part of the headline
    expect(headlines.at(-1)?.title).toBe(
      'Ohio Man Indicted for Alleged Threat Against Vice President JD Vance, Faces Additional Federal Charges',
    );
    expect(new Set(articles.map((a) => a.id)).size).toBe(17);
    expect(
      articles.every((a) => a.seenAt === NOW && a.publishedAt === null && a.url === null),
    ).toBe(true);
  });

  it('GIVEN the same folder loaded twice THEN every id is the same', async () => {
    const first = await loadNewsDir(MIXED, { now: NOW, log: silentLogger });
    const second = await loadNewsDir(MIXED, { now: NOW + 60_000, log: silentLogger });
    expect(second.articles.map((a) => a.id)).toEqual(first.articles.map((a) => a.id));
  });

  it('GIVEN a folder of every format with broken files THEN the good ones load and each problem names file and line', async () => {
    const { log, lines } = capturingLogger();
    const { articles, problems, files } = await loadNewsDir(MIXED, { now: NOW, log });
    const titles = articles.map((a) => a.title);
    // .txt, .md, .json, .jsonl, saved RSS/Atom/JSON Feed, a sub-folder, a windows-1252 file
    expect(titles).toEqual(
      expect.arrayContaining([
        'Fed Holds Rates Steady as Inflation Cools',
        'Tokyo Opens New Waterfront Park',
        'Heading Becomes The Title',
        'Ukraine Talks Resume in Geneva',
        'Wrapped Article',
        'JSONL One',
        'JSONL Three',
        'First headline & more',
        'Atom entry one',
        'JSON item one',
        'Café Owners Protest New Rules',
        'Item 5',
      ]),
    );
    expect(titles).not.toContain('Item 7'); // after the break in broken-feed.xml
    expect(titles).not.toContain('Broken');
    expect(titles).not.toContain('never read');
    expect(files).toBe(13);

    const described = problems.map(describeProblem);
    expect(described).toEqual([
      expect.stringMatching(/^articles\.json:10: article 2 skipped: title: title must be a string/),
      expect.stringMatching(/^broken-feed\.xml:13: the XML is not well-formed after item 5/),
      expect.stringMatching(/^broken-front-matter\.md:4: front matter is not valid YAML/),
      expect.stringMatching(/^broken\.json:3: not valid JSON/),
      expect.stringMatching(/^items\.jsonl:2: line skipped: not valid JSON/),
      expect.stringMatching(/^items\.jsonl:3: line skipped: title: title is required/),
      expect.stringMatching(
        /^items\.jsonl:4: line skipped: url: url must be an absolute http\(s\) URL/,
      ),
      expect.stringMatching(/^items\.jsonl:6: date '31 Feb 2025 10:00 GMT' is not a date/),
    ]);
    const warnings = lines.filter((l) => l.level === 40);
    expect(warnings).toHaveLength(problems.length);
    expect(warnings[0]).toMatchObject({ file: 'articles.json', line: 10 });

    const ignored = lines.filter((l) => l.msg === 'not a news file; ignored').map((l) => l.file);
    expect(ignored.sort()).toEqual(['README.md', 'notes.csv', 'page.html']);
    expect(JSON.stringify(lines)).not.toContain('.hidden');
    expect(JSON.stringify(lines)).not.toContain('.drafts');
  });

  it('GIVEN files of each format THEN the articles carry their fields', async () => {
    const { articles } = await loadNewsDir(MIXED, { now: NOW, log: silentLogger });
    const byTitle = new Map(articles.map((a) => [a.title, a]));
    expect(byTitle.get('Tokyo Opens New Waterfront Park')).toEqual({
      id: expect.any(String) as string,
      title: 'Tokyo Opens New Waterfront Park',
      body:
        'The city of Tokyo opened a new waterfront park on Tuesday, with gardens along the bay.\n' +
        'Crowds\nThousands visited on the first day.\nOfficials expect more at the weekend & holidays.',
      url: 'https://tokyo.example/parks/waterfront',
      source: 'Tokyo Weekly',
      publishedAt: Date.parse('2025-01-14T00:00:00Z'),
      seenAt: NOW,
      categories: ['japan', 'cities'],
      author: 'Hanako Sato',
    });
    expect(byTitle.get('Ukraine Talks Resume in Geneva')).toMatchObject({
      body: 'Negotiators met again on Monday.\nBoth sides called the talks constructive.',
      url: 'https://wire.example/ukraine-talks',
      source: 'Wire Service',
      publishedAt: Date.parse('2025-01-13T08:00:00Z'),
    });
    expect(byTitle.get('Fed Holds Rates Steady as Inflation Cools')).toMatchObject({
      body: 'The Federal Reserve left its key rate unchanged on Wednesday.\nOfficials said inflation is easing but remains above target.',
      source: 'briefs',
    });
    const quoted = articles.find((a) => a.body.startsWith('A single untitled paragraph'));
    expect(quoted?.title).toBe('');
    // a headline repeated in one file still gets two distinct ids
    const repeated = articles.filter((a) => a.title === 'Markets Rally on Tech Earnings');
    expect(repeated).toHaveLength(2);
    expect(repeated[0]?.id).not.toBe(repeated[1]?.id);
    expect(byTitle.get('Café Owners Protest New Rules')?.body).toBe(
      'Paris café owners marched on Monday “peacefully”.',
    );
    expect(byTitle.get('First headline & more')).toMatchObject({
      id: 'urn:example:1',
      source: 'Example News',
      body: 'Full HTML body 1',
      summary: 'Short summary of first story.',
    });
    expect(byTitle.get('JSONL Three')?.publishedAt).toBeNull();
    expect(byTitle.get('Wrapped Article')?.source).toBe('wrapped');
  });

  it('GIVEN a missing folder THEN the error names NEWS_DATA_DIR', async () => {
    await expect(
      loadNewsDir('test/fixtures/news/no-such-folder', { now: NOW, log: silentLogger }),
    ).rejects.toThrow(NewsDirError);
    await expect(
      loadNewsDir('test/fixtures/news/no-such-folder', { now: NOW, log: silentLogger }),
    ).rejects.toThrow(
      /NEWS_DATA_DIR names 'test\/fixtures\/news\/no-such-folder', which does not exist/,
    );
    await expect(loadNewsDir('package.json', { now: NOW, log: silentLogger })).rejects.toThrow(
      /NEWS_DATA_DIR names 'package.json', which is not a folder/,
    );
  });

  describe('with a large folder', () => {
    let dir = '';
    afterAll(async () => {
      if (dir !== '') await rm(dir, { recursive: true, force: true });
    });

    it('GIVEN 600 files in nested folders THEN all load, in path order', async () => {
      dir = await mkdtemp(join(tmpdir(), 'herald-news-'));
      await mkdir(join(dir, 'b'));
      const writes: Promise<void>[] = [];
      for (let i = 0; i < 300; i++) {
        const n = String(i).padStart(3, '0');
        writes.push(writeFile(join(dir, `a${n}.txt`), `Headline A${n}\n`));
        writes.push(writeFile(join(dir, 'b', `${n}.jsonl`), `{"title":"Headline B${n}"}\n`));
      }
      await Promise.all(writes);
      const { articles, problems } = await loadNewsDir(dir, { now: NOW, log: silentLogger });
      expect(problems).toEqual([]);
      expect(articles).toHaveLength(600);
      expect(articles[0]?.title).toBe('Headline A000');
      expect(articles[299]?.title).toBe('Headline A299');
      expect(articles[300]?.title).toBe('Headline B000');
    });
  });
});
