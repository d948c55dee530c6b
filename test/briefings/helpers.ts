/**
 * Builds engine input from the fixture corpora: the bundled sample (one untitled
 * article, then sixteen headlines) parsed by hand, and small JSON corpora.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NewsIndex, type Article } from '../../briefings/index.ts';

/** The clock every engine test runs at. */
export const NOW = Date.parse('2026-11-25T08:00:00.000Z');
export const HOUR = 3_600_000;

const corpora = fileURLToPath(new URL('../fixtures/corpora/', import.meta.url));

/** The sample's items as the local loader would make them (no dates: seen now). */
export function sampleArticles(seenAt = NOW): Article[] {
  const text = readFileSync(`${corpora}sample-000.txt`, 'utf8');
  const [articleBlock = '', headlineBlock = ''] = text
    .split(/\n\s*\n/)
    .filter((block) => block.trim() !== '');
  const base = {
    url: null,
    source: '000_ac34e30a3b4bbd8c.txt',
    publishedAt: null,
    seenAt,
    categories: [],
  };
  const headlines = headlineBlock
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return [
    { ...base, id: 'sample-article', title: '', body: articleBlock.trim() },
    ...headlines.map((title, i) => ({ ...base, id: `sample-headline-${i + 1}`, title, body: '' })),
  ];
}

interface FixtureItem {
  id: string;
  title: string;
  body?: string;
  summary?: string;
  url?: string;
  source: string;
  publishedAt?: string | null;
}

/** A JSON corpus from `test/fixtures/corpora/`. */
export function fixtureArticles(name: string, seenAt = NOW): Article[] {
  const items = JSON.parse(readFileSync(`${corpora}${name}`, 'utf8')) as FixtureItem[];
  return items.map((item) => ({
    id: item.id,
    title: item.title,
    body: item.body ?? '',
    ...(item.summary === undefined ? {} : { summary: item.summary }),
    url: item.url ?? null,
    source: item.source,
    publishedAt: item.publishedAt == null ? null : Date.parse(item.publishedAt),
    seenAt,
    categories: [],
  }));
}

/** A fresh index holding these articles. */
export function indexOf(articles: readonly Article[]): NewsIndex {
  const index = new NewsIndex();
  index.add(articles);
  return index;
}

/** A minimal article. */
export function article(id: string, title: string, extra: Partial<Article> = {}): Article {
  return {
    id,
    title,
    body: '',
    url: null,
    source: 'Test Wire',
    publishedAt: NOW - HOUR,
    seenAt: NOW,
    categories: [],
    ...extra,
  };
}

/** The story titles of a briefing. */
export function titles(
  index: NewsIndex,
  topic: string | null,
  extra: { kind?: 'news' | 'headlines'; limit?: number } = {},
): string[] {
  return index
    .brief({
      kind: extra.kind ?? 'news',
      topic,
      now: NOW,
      ...(extra.limit === undefined ? {} : { limit: extra.limit }),
    })
    .briefing.stories.map((story) => story.title);
}
