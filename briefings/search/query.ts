/**
 * Query planning: the user's words become units to match. A query naming a topic (by
 * name or alias) expands to the topic; otherwise each word is a unit, topic names inside
 * it expand, other aliases match literally first and through their topic at half credit,
 * and items are tiered by how many units they satisfy ("trump tariffs": both words first).
 */
import type { Lexicon } from '../lexicon.ts';
import { normalizeQueryText } from '../text/normalize.ts';
import { analyze } from '../text/tokenize.ts';

/** One index term to look up and how much a hit counts. */
export interface WeightedTerm {
  readonly term: string;
  readonly weight: number;
}

/** One thing the query asks for, satisfied by bits (hits on alternatives). */
export interface QueryUnit {
  /** Bits of the literal alternatives; `need` of them must hit. */
  readonly literalMask: number;
  readonly need: number;
  /** Bit of the topic alternative (0 when none) and what a topic-only hit is worth. */
  readonly topicMask: number;
  readonly topicCredit: number;
}

/** A compiled query. */
export interface QueryPlan {
  /** The normalized query text (the briefing's `topic`). */
  readonly text: string;
  /** For each bit, the terms whose postings set it. */
  readonly bits: readonly (readonly WeightedTerm[])[];
  /**
   * Bits that only add to items other bits found (an alias's topic inside a longer
   * query): "trump tariffs" does not list every economy story.
   */
  readonly supportMask: number;
  readonly units: readonly QueryUnit[];
}

/** At most this many units and bits (a bit mask is 32 bits wide). */
const MAX_UNITS = 8;
const MAX_BITS = 30;
const MAX_BIGRAMS_PER_WORD = 8;
const UNSPACED =
  /[\u0e00-\u0eff\u1000-\u109f\u1100-\u11ff\u1780-\u17ff\u2e80-\u2fdf\u3040-\u30ff\u3100-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/u;
/** An alias matched through its topic, inside a longer query, counts half. */
const ALIAS_TOPIC_CREDIT = 0.5;
const ALIAS_TOPIC_WEIGHT = 0.5;

/**
 * Plans a query, or returns null for an empty one (top stories).
 *
 * @example planQuery('trump tariffs', LEXICON).units.length // 2
 */
export function planQuery(query: string | null, lexicon: Lexicon): QueryPlan | null {
  const text = typeof query === 'string' ? normalizeQueryText(query) : '';
  if (text === '') return null;
  const bits: WeightedTerm[][] = [];
  const units: QueryUnit[] = [];
  let supportMask = 0;
  const literalTerms = (words: string): string[] =>
    lexicon.phrases.segment(analyze(words, { query: true }));

  const whole = lexicon.resolveTopic(text);
  if (whole !== undefined) {
    const topic = lexicon.topics[whole.topic];
    const alternatives: WeightedTerm[] = [{ term: topic?.term ?? '', weight: 1 }];
    if (!whole.byName)
      for (const term of literalTerms(text)) alternatives.push({ term, weight: 1 });
    bits.push(alternatives);
    units.push({ literalMask: 1, need: 1, topicMask: 0, topicCredit: 0 });
    return { text, bits, units, supportMask: 0 };
  }

  // A word repeated in the query counts once.
  const words = [...new Set(text.split(' '))];
  let i = 0;
  while (i < words.length && units.length < MAX_UNITS && bits.length < MAX_BITS) {
    let consumed = 0;
    for (let length = Math.min(3, words.length - i); length >= 1 && consumed === 0; length -= 1) {
      const span = words.slice(i, i + length).join(' ');
      const byName = lexicon.topicByName(span);
      if (byName !== undefined) {
        bits.push([{ term: lexicon.topics[byName]?.term ?? '', weight: 1 }]);
        units.push({ literalMask: 1 << (bits.length - 1), need: 1, topicMask: 0, topicCredit: 0 });
        consumed = length;
        continue;
      }
      const alias = lexicon.resolveTopic(span);
      const terms = literalTerms(span);
      if (alias !== undefined && terms.length === 1 && bits.length + 2 <= MAX_BITS) {
        bits.push([{ term: terms[0] ?? '', weight: 1 }]);
        const literalMask = 1 << (bits.length - 1);
        bits.push([{ term: lexicon.topics[alias.topic]?.term ?? '', weight: ALIAS_TOPIC_WEIGHT }]);
        units.push({
          literalMask,
          need: 1,
          topicMask: 1 << (bits.length - 1),
          topicCredit: ALIAS_TOPIC_CREDIT,
        });
        supportMask |= 1 << (bits.length - 1);
        consumed = length;
      }
    }
    if (consumed > 0) {
      i += consumed;
      continue;
    }
    const word = words[i] ?? '';
    i += 1;
    const terms = literalTerms(word);
    if (UNSPACED.test(word) && terms.length > 1) {
      // Bigrams of one unspaced word: most of them must hit (particles may differ).
      let mask = 0;
      const bigrams = terms.slice(0, Math.min(MAX_BIGRAMS_PER_WORD, MAX_BITS - bits.length));
      for (const term of bigrams) {
        bits.push([{ term, weight: 1 / Math.sqrt(bigrams.length) }]);
        mask |= 1 << (bits.length - 1);
      }
      units.push({
        literalMask: mask,
        need: Math.max(1, Math.ceil((bigrams.length * 2) / 3)),
        topicMask: 0,
        topicCredit: 0,
      });
      continue;
    }
    for (const term of terms) {
      if (units.length >= MAX_UNITS || bits.length >= MAX_BITS) break;
      bits.push([{ term, weight: 1 }]);
      units.push({ literalMask: 1 << (bits.length - 1), need: 1, topicMask: 0, topicCredit: 0 });
    }
  }
  return { text, bits, units, supportMask };
}

/** A mute word or phrase, analyzed like the text it is checked against. */
export interface MuteRule {
  /** A single index term (a word's stem or a known phrase's compound). */
  readonly term?: string;
  /** The terms of an unknown phrase, which must appear in this order. */
  readonly phrase?: readonly string[];
}

/** Compiles mute words; words that analyze to nothing (stopwords) are ignored. */
export function compileMutes(mutes: readonly string[] | undefined, lexicon: Lexicon): MuteRule[] {
  const rules: MuteRule[] = [];
  for (const mute of mutes ?? []) {
    if (typeof mute !== 'string') continue;
    const terms = analyze(mute, { query: true });
    if (terms.length === 0) continue;
    const segments = lexicon.phrases.segment(terms);
    if (segments.length === 1) rules.push({ term: segments[0] ?? '' });
    else rules.push({ phrase: terms });
  }
  return rules;
}
