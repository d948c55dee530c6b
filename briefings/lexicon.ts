/**
 * The compiled form of the engine's data (topics, gazetteer, synonyms): every alias
 * analyzed once into the terms the index uses, and every multi-word alias registered as
 * a phrase so that it is indexed as one compound term.
 */
import { ENTITIES, type Entity } from './data/gazetteer.ts';
import { SYNONYM_GROUPS, WEAK_HEADLINE_WORDS } from './data/synonyms.ts';
import { TOPICS, type TopicDefinition } from './data/topics.ts';
import { normalizeQueryText } from './text/normalize.ts';
import { compoundTerm, PhraseSet } from './text/phrases.ts';
import { analyze } from './text/tokenize.ts';

/** A topic ready for matching. */
export interface CompiledTopic {
  readonly definition: TopicDefinition;
  /** The synthetic index term every article naming the topic carries (`#japan`). */
  readonly term: string;
  /** The alias terms (single terms and compounds), the name's own first. */
  readonly terms: readonly string[];
}

/** The analyzed engine data. Built once per process; immutable. */
export class Lexicon {
  readonly phrases = new PhraseSet();
  /** Only the phrases that name one thing (entities, synonyms), for headline signatures. */
  readonly signaturePhrases = new PhraseSet();
  readonly topics: readonly CompiledTopic[];
  readonly entities: readonly Entity[];
  /** Index term (single or compound) → the topics it names. */
  readonly topicsByTerm = new Map<string, number[]>();
  /** Index term → the entity it names (longest phrase wins at extraction). */
  readonly entityByTerm = new Map<string, number>();
  /** Index term → the concept near-duplicate detection compares. */
  readonly conceptByTerm = new Map<string, string>();
  /** Terms ignored when comparing headlines. */
  readonly weakTerms: ReadonlySet<string>;
  /** Normalized query text → topic index, for topic names and aliases. */
  readonly #topicByText = new Map<string, number>();
  /** Analyzed query key (terms joined) → topic index. */
  readonly #topicByTerms = new Map<string, number>();
  readonly #entityById = new Map<string, number>();

  constructor(
    topics: readonly TopicDefinition[],
    entities: readonly Entity[],
    synonyms: ReadonlyMap<string, readonly string[]>,
  ) {
    this.entities = entities;
    // Phrases first: every later lookup works on compound terms.
    const aliasTerms = (text: string): string[] => {
      const terms = analyze(text);
      this.phrases.add(terms);
      return terms;
    };

    entities.forEach((entity, index) => {
      this.#entityById.set(entity.id, index);
      for (const name of entity.names) {
        const terms = aliasTerms(name);
        this.signaturePhrases.add(terms);
        if (terms.length > 0 && !this.entityByTerm.has(termsKey(terms)))
          this.entityByTerm.set(termsKey(terms), index);
      }
    });
    for (const [concept, words] of synonyms) {
      for (const word of words) {
        const terms = aliasTerms(word);
        this.signaturePhrases.add(terms);
        if (terms.length > 0) this.conceptByTerm.set(termsKey(terms), `~${concept}`);
      }
    }
    this.weakTerms = new Set(analyze(WEAK_HEADLINE_WORDS));

    // Ambiguous aliases resolve to the most specific topic: the one with fewest aliases.
    const order = topics
      .map((_topic, index) => index)
      .sort((a, b) => {
        const sizeA = topics[a]?.aliases.length ?? 0;
        const sizeB = topics[b]?.aliases.length ?? 0;
        return sizeA - sizeB || a - b;
      });
    const compiled: CompiledTopic[] = topics.map((definition) => ({
      definition,
      term: `#${normalizeQueryText(definition.name)}`,
      terms: [],
    }));
    topics.forEach((definition, index) => {
      const terms = new Set<string>();
      for (const text of [definition.name, ...definition.aliases]) {
        const analyzed = aliasTerms(text);
        if (analyzed.length === 0) continue;
        terms.add(termsKey(analyzed));
      }
      (compiled[index]?.terms as string[]).push(...terms);
      for (const term of terms) {
        const list = this.topicsByTerm.get(term) ?? [];
        list.push(index);
        this.topicsByTerm.set(term, list);
      }
    });
    for (const index of order) {
      const definition = topics[index];
      if (definition === undefined) continue;
      for (const text of definition.aliases) {
        const normalized = normalizeQueryText(text);
        if (!this.#topicByText.has(normalized)) this.#topicByText.set(normalized, index);
        const terms = analyze(text);
        if (terms.length > 0 && !this.#topicByTerms.has(termsKey(terms)))
          this.#topicByTerms.set(termsKey(terms), index);
      }
    }
    // A topic's own name always wins over another topic's alias.
    topics.forEach((definition, index) => {
      this.#topicByText.set(normalizeQueryText(definition.name), index);
      const terms = analyze(definition.name, { query: true });
      if (terms.length > 0) this.#topicByTerms.set(termsKey(terms), index);
    });
    this.topics = compiled;
  }

  /**
   * The topic a whole query names, by its name or one of its aliases, case-insensitive
   * and tolerant of inflection (`Japan's`, `japanese`, `U.S.`).
   */
  resolveTopic(query: string): { topic: number; byName: boolean } | undefined {
    const normalized = normalizeQueryText(query);
    const byText = this.#topicByText.get(normalized);
    const terms = analyze(query, { query: true });
    const index =
      byText ?? (terms.length > 0 ? this.#topicByTerms.get(termsKey(terms)) : undefined);
    if (index === undefined) return undefined;
    const topic = this.topics[index];
    if (topic === undefined) return undefined;
    return { topic: index, byName: normalizeQueryText(topic.definition.name) === normalized };
  }

  /** The index of an entity by its id (`usa`, `trump`). */
  entityIndexById(id: string): number | undefined {
    return this.#entityById.get(id);
  }

  /** The topic named exactly by these query words (`japan`, `middle east`), if any. */
  topicByName(words: string): number | undefined {
    const normalized = normalizeQueryText(words);
    const index = this.topics.findIndex(
      (topic) => normalizeQueryText(topic.definition.name) === normalized,
    );
    return index < 0 ? undefined : index;
  }
}

/** The index term of an analyzed alias: the term itself, or the phrase's compound. */
function termsKey(terms: readonly string[]): string {
  return terms.length === 1 ? (terms[0] ?? '') : compoundTerm(terms);
}

/** The engine's data, compiled. */
export const LEXICON = new Lexicon(TOPICS, ENTITIES, SYNONYM_GROUPS);
