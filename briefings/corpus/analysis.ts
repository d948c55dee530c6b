/**
 * What the index keeps of one article: its display title, index terms per field (with
 * phrase compounds and topic terms), its headline signature for near-duplicate detection,
 * the places and people it names, and the subjects it counts toward in trending.
 */
import type { Article } from '../types.ts';
import type { Lexicon } from '../lexicon.ts';
import { deriveTitle } from '../summarize/title.ts';
import { cleanText } from '../text/normalize.ts';
import { stem } from '../text/stem.ts';
import { analyze, words } from '../text/tokenize.ts';

/** A subject an article names, for trending. */
export interface SubjectMention {
  /** Identity (`e:trump`, `n:trumprx`). */
  readonly key: string;
  readonly display: string;
}

/** The analysis of one article. */
export interface ArticleAnalysis {
  /** The article's title, or one derived from its text. */
  readonly title: string;
  /** The title's words before stemming (the index caches word → term). */
  readonly titleWords: string[];
  /** The text indexed as the body: the body, else the feed summary. */
  readonly bodyText: string;
  /** Headline concepts compared by near-duplicate detection. */
  readonly signature: string[];
  /** Countries, regions and their countries named in the headline. */
  readonly places: number[];
  /** People named in the headline. */
  readonly persons: number[];
  readonly subjects: SubjectMention[];
}

/** A title longer than this is noise and is cut (hostile input). */
const MAX_TITLE_CHARS = 400;
const CAMEL_CASE = /(?<![\p{L}\p{N}])\p{Lu}\p{Ll}+\p{Lu}[\p{L}\p{N}]*/gu;
// Not a code (`GLP-1`) nor initials before a name (`JD Vance`).
const ACRONYM = /(?<![\p{L}\p{N}])\p{Lu}{2,6}(?![\p{L}\p{N}\-‐‑])(?!\s\p{Lu}\p{Ll})/gu;
const NOT_SUBJECTS = new Set([
  'US',
  'USA',
  'CEO',
  'PM',
  'AM',
  'TV',
  'GDP',
  'UPDATE',
  'LIVE',
  'NEW',
  'VIDEO',
]);
const NAME_RUN = /\p{Lu}[\p{L}’'-]*(?:\s+(?:(?:of|de|da|von|van|bin|al)\s+)?\p{Lu}[\p{L}’'-]*)+/gu;
const OFFICE_WORDS = new Set(
  `prime minister president vice chancellor premier secretary state senator representative governor
  king queen chief executive ceo foreign defense finance mayor judge chairman chairwoman chair
  sir dame mr mrs ms dr general pope crown prince`
    .split(/\s+/)
    .filter((word) => word !== ''),
);
const SENTENCE_STARTERS = new Set(
  'the a an in on at but and this that these those it he she they while after as when if for with from its'.split(
    ' ',
  ),
);
/** Names are looked for in the lead only (where news names its subjects). */
const LEAD_CHARS = 400;

/** Analyzes one article against the engine data. */
export function analyzeArticle(article: Article, lexicon: Lexicon): ArticleAnalysis {
  const rawTitle = cleanText(article.title.slice(0, MAX_TITLE_CHARS)).replace(/\s+/g, ' ').trim();
  const text = article.body.trim() !== '' ? article.body : (article.summary ?? '');
  const title = rawTitle !== '' ? rawTitle : deriveTitle(text);

  const titleWords = words(title);
  const titleBase = titleWords.map(stem);

  const signature: string[] = [];
  const places = new Set<number>();
  const persons = new Set<number>();
  const subjects = new Map<string, string>();
  for (const segment of lexicon.signaturePhrases.segment(titleBase)) {
    const entityIndex = lexicon.entityByTerm.get(segment);
    const entity = entityIndex === undefined ? undefined : lexicon.entities[entityIndex];
    if (entity !== undefined && entityIndex !== undefined) {
      signature.push(`@${entity.id}`);
      subjects.set(`e:${entity.id}`, entity.display);
      if (entity.kind === 'person') persons.add(entityIndex);
      else if (entity.kind === 'country' || entity.kind === 'region') places.add(entityIndex);
      if (entity.country !== undefined) {
        const country = lexicon.entityIndexById(entity.country);
        if (country !== undefined) places.add(country);
      }
      continue;
    }
    if (lexicon.weakTerms.has(segment)) continue;
    signature.push(lexicon.conceptByTerm.get(segment) ?? segment);
  }
  addTitleNames(title, lexicon, subjects);
  addLeadNames(text.slice(0, LEAD_CHARS), lexicon, subjects);

  return {
    title,
    titleWords,
    bodyText: text,
    signature: [...new Set(signature)],
    places: [...places],
    persons: [...persons],
    subjects: [...subjects].map(([key, display]) => ({ key, display })),
  };
}

function addTitleNames(title: string, lexicon: Lexicon, subjects: Map<string, string>): void {
  // In an all-capitals headline every word looks like an acronym.
  const shouting = !/\p{Ll}/u.test(title);
  for (const match of title.matchAll(CAMEL_CASE)) addName(match[0], lexicon, subjects, true);
  if (shouting) return;
  for (const match of title.matchAll(ACRONYM)) {
    if (!NOT_SUBJECTS.has(match[0])) addName(match[0], lexicon, subjects, true);
  }
}

/** Capitalized multi-word names in running text ("Prime Minister Shigeru Ishiba"). */
function addLeadNames(text: string, lexicon: Lexicon, subjects: Map<string, string>): void {
  if (text === '') return;
  const cleaned = cleanText(text);
  for (const match of cleaned.matchAll(NAME_RUN)) {
    let words = match[0].split(/\s+/);
    while (words.length > 0) {
      const first = (words[0] ?? '').toLowerCase();
      if (!OFFICE_WORDS.has(first) && !SENTENCE_STARTERS.has(first)) break;
      words = words.slice(1);
    }
    if (words.length >= 2) addName(words.join(' '), lexicon, subjects, false);
    else if (words.length === 1) addName(words[0] ?? '', lexicon, subjects, false, true);
  }
}

function addName(
  name: string,
  lexicon: Lexicon,
  subjects: Map<string, string>,
  single: boolean,
  entitiesOnly = false,
): void {
  const terms = analyze(name);
  if (terms.length === 0) return;
  const segments = lexicon.phrases.segment(terms);
  // The name is, or ends with, a known entity ("Donald Trump", "Shigeru Ishiba").
  const last = segments[segments.length - 1] ?? '';
  const entityIndex = lexicon.entityByTerm.get(segments.length === 1 ? (segments[0] ?? '') : last);
  const entity = entityIndex === undefined ? undefined : lexicon.entities[entityIndex];
  if (entity !== undefined && (segments.length === 1 || entity.kind === 'person')) {
    subjects.set(`e:${entity.id}`, entity.display);
    return;
  }
  if (entitiesOnly) return;
  if (!single && segments.length < 2) return;
  subjects.set(`n:${terms.join(' ')}`, name.replace(/['’]s$/, ''));
}
