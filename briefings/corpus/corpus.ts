/**
 * The in-memory corpus: articles, their analysis, and an inverted index over typed
 * arrays. Each term's postings are one `Uint32Array` of packed entries
 * `doc << 10 | min(titleTf, 7) << 7 | min(bodyTf, 127)`, in increasing document order.
 * Removal marks a document deleted; compaction renumbers once a quarter is dead.
 */
import type { Article } from '../types.ts';
import type { Lexicon } from '../lexicon.ts';
import { compoundTerm } from '../text/phrases.ts';
import { stem } from '../text/stem.ts';
import { words } from '../text/tokenize.ts';
import { analyzeArticle } from './analysis.ts';
import {
  GrowableFloat64,
  GrowableInt32,
  GrowableUint16,
  GrowableUint32,
  GrowableUint8,
} from './growable.ts';

/** Packing of one posting entry. */
export const DOC_SHIFT = 10;
export const TITLE_SHIFT = 7;
export const TITLE_MASK = 7;
export const BODY_MASK = 127;
/** Document numbers must fit in the 22 bits left by the packing. */
const MAX_DOCS = (1 << (32 - DOC_SHIFT)) - 1;
const DOC_SPACE = 2 ** (32 - DOC_SHIFT);
/** Batches at least this large are indexed through {@link Corpus.addMany}'s buffer. */
const BATCH_MIN = 1_000;

/** `hasText` values: what an item has to summarize. */
export const TEXT_BODY = 2;
export const TEXT_SUMMARY = 1;

/** BM25F parameters: the title weighs three times the body. */
export const BM25 = { k1: 1.2, titleWeight: 3, bodyWeight: 1, titleB: 0.5, bodyB: 0.75 } as const;

/** The corpus state. Internal to the engine: `NewsIndex` is the public face. */
export class Corpus {
  readonly lexicon: Lexicon;

  // Terms.
  termIds = new Map<string, number>();
  postings: Uint32Array[] = [];
  postingCounts = new GrowableInt32();
  /** Per term: its string, the topic terms it adds, whether a phrase may start with it. */
  termStrings: string[] = [];
  termTopics: (readonly number[] | undefined)[] = [];
  termStartsPhrase: boolean[] = [];
  /** Unstemmed word → term id: one lookup per word while indexing. */
  wordIds = new Map<string, number>();

  // Documents, by internal number.
  articles: (Article | undefined)[] = [];
  titles: string[] = [];
  readonly idToDoc = new Map<string, number>();
  time = new GrowableFloat64();
  titleLength = new GrowableUint16();
  bodyLength = new GrowableInt32();
  deleted = new GrowableUint8();
  /** {@link TEXT_BODY}, {@link TEXT_SUMMARY} or 0 for a bare headline. */
  hasText = new GrowableUint8();
  sourceIds = new GrowableInt32();
  /** Headline concepts, places/persons and subjects, each a pool with start offsets. */
  signatureStart = new GrowableInt32();
  signaturePool = new GrowableInt32();
  entityStart = new GrowableInt32();
  entityPool = new GrowableInt32();
  subjectStart = new GrowableInt32();
  subjectPool = new GrowableInt32();

  readonly conceptIds = new Map<string, number>();
  conceptDf = new GrowableInt32();
  readonly subjectIds = new Map<string, number>();
  readonly subjectDisplay: string[] = [];
  readonly sourceNames = new Map<string, number>();

  live = 0;
  deadCount = 0;
  sumTitleLength = 0;
  sumBodyLength = 0;
  bodyDocs = 0;
  /** Bumped on every change; derived arrays are rebuilt when stale. */
  version = 0;

  #normsVersion = -1;
  #normTitle = new Float32Array(0);
  #normBody = new Float32Array(0);
  #orderVersion = -1;
  readonly #dense = new Map<string, { version: number; array: Uint16Array }>();
  #denseVersion = -1;
  #timeOrder = new Int32Array(0);
  /** Sort keys of the documents below {@link #orderedDocs}, ascending. */
  #orderKeys = new Float64Array(0);
  #orderedDocs = 0;

  // Scratch for counting term frequencies of one document.
  #tfTitle = new Int32Array(1024);
  #tfBody = new Int32Array(1024);
  #touched: number[] = [];
  /** During {@link addMany}: postings waiting as (term, entry) pairs. */
  #pending: GrowableUint32 | undefined;

  constructor(lexicon: Lexicon) {
    this.lexicon = lexicon;
    // Topic terms first: creating an alias term refers to them.
    for (const topic of lexicon.topics) this.#termId(topic.term);
    this.signatureStart.push(0);
    this.entityStart.push(0);
    this.subjectStart.push(0);
  }

  get docCount(): number {
    return this.articles.length;
  }

  /** Adds one article, replacing any article with the same id. */
  add(article: Article): void {
    const previous = this.idToDoc.get(article.id);
    if (previous !== undefined) this.removeDoc(previous);
    if (this.articles.length >= MAX_DOCS) this.compact();
    if (this.articles.length >= MAX_DOCS) {
      throw new RangeError(
        `The news index holds at most ${MAX_DOCS} articles; prune old news first.`,
      );
    }

    const analysis = analyzeArticle(article, this.lexicon);
    const doc = this.articles.length;
    this.articles.push(article);
    this.titles.push(analysis.title);
    this.idToDoc.set(article.id, doc);
    this.time.push(article.publishedAt ?? article.seenAt);
    const titleIds = this.#wordsToIds(analysis.titleWords);
    const bodyIds = this.#wordsToIds(words(analysis.bodyText));
    this.titleLength.push(Math.min(titleIds.length, 65_535));
    this.bodyLength.push(bodyIds.length);
    this.deleted.push(0);
    this.hasText.push(
      article.body.trim() !== ''
        ? TEXT_BODY
        : (article.summary ?? '').trim() !== ''
          ? TEXT_SUMMARY
          : 0,
    );
    this.sourceIds.push(this.#sourceId(article.source));

    this.#index(doc, titleIds, bodyIds);

    for (const concept of analysis.signature) {
      let id = this.conceptIds.get(concept);
      if (id === undefined) {
        id = this.conceptIds.size;
        this.conceptIds.set(concept, id);
        this.conceptDf.push(0);
      }
      this.conceptDf.data[id] = (this.conceptDf.data[id] ?? 0) + 1;
      this.signaturePool.push(id);
    }
    this.signatureStart.push(this.signaturePool.length);

    this.entityPool.push(analysis.places.length);
    for (const place of analysis.places) this.entityPool.push(place);
    this.entityPool.push(analysis.persons.length);
    for (const person of analysis.persons) this.entityPool.push(person);
    this.entityStart.push(this.entityPool.length);

    for (const subject of analysis.subjects) {
      let id = this.subjectIds.get(subject.key);
      if (id === undefined) {
        id = this.subjectDisplay.length;
        this.subjectIds.set(subject.key, id);
        this.subjectDisplay.push(subject.display);
      }
      this.subjectPool.push(id);
    }
    this.subjectStart.push(this.subjectPool.length);

    this.live += 1;
    this.sumTitleLength += titleIds.length;
    this.sumBodyLength += bodyIds.length;
    if (bodyIds.length > 0) this.bodyDocs += 1;
    this.version += 1;
  }

  /** Marks a document deleted. */
  removeDoc(doc: number): void {
    const article = this.articles[doc];
    if (article === undefined) return;
    this.articles[doc] = undefined;
    this.idToDoc.delete(article.id);
    this.deleted.data[doc] = 1;
    this.live -= 1;
    this.deadCount += 1;
    this.sumTitleLength -= this.titleLength.data[doc] ?? 0;
    const bodyLength = this.bodyLength.data[doc] ?? 0;
    this.sumBodyLength -= bodyLength;
    if (bodyLength > 0) this.bodyDocs -= 1;
    const start = this.signatureStart.data[doc] ?? 0;
    const end = this.signatureStart.data[doc + 1] ?? 0;
    for (let i = start; i < end; i += 1) {
      const concept = this.signaturePool.data[i] ?? 0;
      this.conceptDf.data[concept] = Math.max(0, (this.conceptDf.data[concept] ?? 0) - 1);
    }
    this.version += 1;
  }

  /** Compacts when a quarter of the documents are dead. */
  maybeCompact(): void {
    if (this.deadCount > 0 && this.deadCount * 4 >= this.articles.length) this.compact();
  }

  /** Per-document BM25 length normalizers, recomputed when the corpus changed. */
  norms(): { title: Float32Array; body: Float32Array } {
    if (this.#normsVersion !== this.version) {
      const n = this.articles.length;
      if (this.#normTitle.length < n) {
        this.#normTitle = new Float32Array(Math.max(n, this.#normTitle.length * 2));
        this.#normBody = new Float32Array(this.#normTitle.length);
      }
      const averageTitle = this.live > 0 ? Math.max(1, this.sumTitleLength / this.live) : 1;
      const averageBody = this.bodyDocs > 0 ? Math.max(1, this.sumBodyLength / this.bodyDocs) : 1;
      const titleLength = this.titleLength.data;
      const bodyLength = this.bodyLength.data;
      const { titleB, bodyB } = BM25;
      for (let d = 0; d < n; d += 1) {
        this.#normTitle[d] = 1 / (1 - titleB + (titleB * (titleLength[d] ?? 0)) / averageTitle);
        this.#normBody[d] = 1 / (1 - bodyB + (bodyB * (bodyLength[d] ?? 0)) / averageBody);
      }
      this.#normsVersion = this.version;
    }
    return { title: this.#normTitle, body: this.#normBody };
  }

  /** Live documents, newest first (to the second; ties: first added first), recomputed when stale. */
  timeOrder(): Int32Array {
    if (this.#orderVersion === this.version) return this.#timeOrder;
    // Sorting numbers natively is far faster than with a comparator: each key packs the
    // time in seconds above the (inverted) document number; both fit in 53 bits. Keys
    // of documents already ordered are kept, so an update sorts only the new ones and
    // merges.
    const deleted = this.deleted.data;
    const time = this.time.data;
    const fresh = new Float64Array(Math.max(0, this.articles.length - this.#orderedDocs));
    let added = 0;
    for (let d = this.#orderedDocs; d < this.articles.length; d += 1) {
      if (deleted[d] !== 0) continue;
      const seconds = Math.max(0, Math.min(2 ** 31 - 1, Math.floor((time[d] ?? 0) / 1000)));
      fresh[added++] = seconds * DOC_SPACE + (DOC_SPACE - 1 - d);
    }
    const newKeys = fresh.subarray(0, added).sort();
    const old = this.#orderKeys;
    const keys = new Float64Array(this.live);
    let k = 0;
    let i = 0;
    let j = 0;
    while (i < old.length || j < newKeys.length) {
      const a = i < old.length ? (old[i] as number) : Infinity;
      const b = j < newKeys.length ? (newKeys[j] as number) : Infinity;
      if (a <= b) {
        i += 1;
        if (deleted[DOC_SPACE - 1 - (a % DOC_SPACE)] === 0) keys[k++] = a;
      } else {
        j += 1;
        keys[k++] = b;
      }
    }
    const order = new Int32Array(k);
    for (let n = 0; n < k; n += 1)
      order[n] = DOC_SPACE - 1 - ((keys[k - 1 - n] as number) % DOC_SPACE);
    this.#orderKeys = keys.subarray(0, k);
    this.#orderedDocs = this.articles.length;
    this.#timeOrder = order;
    this.#orderVersion = this.version;
    return order;
  }

  /** The postings of a term (or undefined), with their count. */
  postingsOf(term: string): { list: Uint32Array; count: number } | undefined {
    const id = this.termIds.get(term);
    if (id === undefined) return undefined;
    const list = this.postings[id];
    const count = this.postingCounts.data[id] ?? 0;
    return list === undefined || count === 0 ? undefined : { list, count };
  }

  /**
   * A term's postings as one packed tf per document (0: absent), for broad terms visited
   * in time order. Cached until the corpus changes.
   */
  densePostings(term: string): Uint16Array | undefined {
    const cached = this.#dense.get(term);
    if (cached !== undefined && cached.version === this.version) return cached.array;
    const entry = this.postingsOf(term);
    if (entry === undefined) return undefined;
    if (this.#denseVersion !== this.version) {
      this.#dense.clear();
      this.#denseVersion = this.version;
    }
    const array = new Uint16Array(this.articles.length);
    const { list, count } = entry;
    for (let i = 0; i < count; i += 1) {
      const packed = list[i] as number;
      array[packed >>> DOC_SHIFT] = packed & ((1 << DOC_SHIFT) - 1);
    }
    this.#dense.set(term, { version: this.version, array });
    return array;
  }

  /** Whether a document contains a term (binary search in the term's postings). */
  contains(term: string, doc: number): boolean {
    const entry = this.postingsOf(term);
    if (entry === undefined) return false;
    let low = 0;
    let high = entry.count - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const found = (entry.list[mid] ?? 0) >>> DOC_SHIFT;
      if (found === doc) return true;
      if (found < doc) low = mid + 1;
      else high = mid - 1;
    }
    return false;
  }

  #sourceId(source: string): number {
    let id = this.sourceNames.get(source);
    if (id === undefined) {
      id = this.sourceNames.size;
      this.sourceNames.set(source, id);
    }
    return id;
  }

  #termId(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.postings.length;
      this.termIds.set(term, id);
      this.postings.push(new Uint32Array(2));
      this.postingCounts.push(0);
      this.termStrings.push(term);
      this.termStartsPhrase.push(this.lexicon.phrases.startsPhrase(term));
      const topics = this.lexicon.topicsByTerm.get(term);
      this.termTopics.push(
        topics?.map((topic) => this.#termId(this.lexicon.topics[topic]?.term ?? '')),
      );
    }
    return id;
  }

  #wordsToIds(list: readonly string[]): Int32Array {
    const ids = new Int32Array(list.length);
    for (let i = 0; i < list.length; i += 1) {
      const word = list[i] ?? '';
      let id = this.wordIds.get(word);
      if (id === undefined) {
        id = this.#termId(stem(word));
        // A hostile stream of unique words must not grow the cache without bound.
        if (this.wordIds.size > 500_000) this.wordIds.clear();
        this.wordIds.set(word, id);
      }
      ids[i] = id;
    }
    return ids;
  }

  /** The ids of the phrase compounds occurring in a field (creating their terms). */
  #compounds(ids: Int32Array): number[] {
    const out: number[] = [];
    for (let i = 0; i < ids.length; i += 1) {
      const id = ids[i] ?? 0;
      if (this.termStartsPhrase[id] !== true) continue;
      for (const phrase of this.lexicon.phrases.startingWith(this.termStrings[id] ?? '')) {
        if (i + phrase.length > ids.length) continue;
        let matched = true;
        for (let j = 1; j < phrase.length && matched; j += 1) {
          matched = this.termStrings[ids[i + j] ?? 0] === phrase[j];
        }
        if (matched) out.push(this.#termId(compoundTerm(phrase)));
      }
    }
    return out;
  }

  /** Counts a field's terms, compounds and topic terms into `tf`. */
  #count(ids: Int32Array, compounds: readonly number[], tf: Int32Array, other: Int32Array): void {
    for (let i = 0; i < ids.length; i += 1) this.#bump(ids[i] as number, tf, other);
    for (const id of compounds) this.#bump(id, tf, other);
  }

  #bump(id: number, tf: Int32Array, other: Int32Array): void {
    if (tf[id] === 0 && other[id] === 0) this.#touched.push(id);
    tf[id] = (tf[id] as number) + 1;
    const topics = this.termTopics[id];
    if (topics === undefined) return;
    for (const topic of topics) {
      if (tf[topic] === 0 && other[topic] === 0) this.#touched.push(topic);
      tf[topic] = (tf[topic] as number) + 1;
    }
  }

  #index(doc: number, titleIds: Int32Array, bodyIds: Int32Array): void {
    this.#touched.length = 0;
    const titleCompounds = this.#compounds(titleIds);
    const bodyCompounds = this.#compounds(bodyIds);
    this.#ensureScratch(this.postings.length);
    this.#count(titleIds, titleCompounds, this.#tfTitle, this.#tfBody);
    this.#count(bodyIds, bodyCompounds, this.#tfBody, this.#tfTitle);
    const counts = this.postingCounts.data;
    const pending = this.#pending;
    for (const id of this.#touched) {
      const title = Math.min(this.#tfTitle[id] ?? 0, TITLE_MASK);
      const body = Math.min(this.#tfBody[id] ?? 0, BODY_MASK);
      this.#tfTitle[id] = 0;
      this.#tfBody[id] = 0;
      const entry = ((doc << DOC_SHIFT) | (title << TITLE_SHIFT) | body) >>> 0;
      if (pending !== undefined) {
        pending.push(id);
        pending.push(entry);
        continue;
      }
      let list = this.postings[id] ?? new Uint32Array(2);
      const count = counts[id] ?? 0;
      if (count === list.length) {
        const grown = new Uint32Array(list.length * 2);
        grown.set(list);
        list = grown;
        this.postings[id] = list;
      }
      list[count] = entry;
      counts[id] = count + 1;
    }
  }

  /**
   * Adds many articles at once. Postings are first collected in one flat buffer, then
   * each term's array is allocated once at its final size: growing thousands of small
   * arrays by doubling would leave the allocator fragmented (resident memory well above
   * what the index holds).
   */
  addMany(articles: readonly Article[]): void {
    // Compaction renumbers documents, which the buffered postings could not follow.
    if (this.articles.length + articles.length >= MAX_DOCS) this.compact();
    if (articles.length < BATCH_MIN || this.articles.length + articles.length >= MAX_DOCS) {
      for (const article of articles) this.add(article);
      return;
    }
    const pending = new GrowableUint32(1 << 16);
    this.#pending = pending;
    try {
      for (const article of articles) this.add(article);
    } finally {
      this.#pending = undefined;
    }
    const added = new Int32Array(this.postings.length);
    const data = pending.data;
    for (let i = 0; i < pending.length; i += 2)
      added[data[i] as number] = (added[data[i] as number] as number) + 1;
    const counts = this.postingCounts.data;
    for (let id = 0; id < added.length; id += 1) {
      const extra = added[id] as number;
      if (extra === 0) continue;
      const count = counts[id] ?? 0;
      const old = this.postings[id] ?? new Uint32Array(0);
      if (count + extra <= old.length) continue;
      const list = new Uint32Array(count + extra);
      list.set(old.subarray(0, count));
      this.postings[id] = list;
    }
    for (let i = 0; i < pending.length; i += 2) {
      const id = data[i] as number;
      const list = this.postings[id] as Uint32Array;
      const count = counts[id] as number;
      list[count] = data[i + 1] as number;
      counts[id] = count + 1;
    }
    // A big batch is a (re)load: order it now rather than on the first briefing.
    this.timeOrder();
    this.norms();
  }

  #ensureScratch(size: number): void {
    if (size <= this.#tfTitle.length) return;
    const capacity = Math.max(size, this.#tfTitle.length * 2);
    const title = new Int32Array(capacity);
    title.set(this.#tfTitle);
    this.#tfTitle = title;
    const body = new Int32Array(capacity);
    body.set(this.#tfBody);
    this.#tfBody = body;
  }

  /** Drops dead documents and unused terms, renumbering documents in order. */
  compact(): void {
    const n = this.articles.length;
    const remap = new Int32Array(n).fill(-1);
    let next = 0;
    for (let d = 0; d < n; d += 1) if (this.deleted.data[d] === 0) remap[d] = next++;

    const topicTerms = new Set(this.lexicon.topics.map((topic) => topic.term));
    const termIds = new Map<string, number>();
    const postings: Uint32Array[] = [];
    const counts = new GrowableInt32(Math.max(16, this.termIds.size));
    for (const [term, id] of this.termIds) {
      const list = this.postings[id];
      const count = this.postingCounts.data[id] ?? 0;
      if (list === undefined) continue;
      let kept = 0;
      for (let i = 0; i < count; i += 1) {
        const entry = list[i] ?? 0;
        const doc = remap[entry >>> DOC_SHIFT] ?? -1;
        if (doc < 0) continue;
        list[kept++] = ((doc << DOC_SHIFT) | (entry & ((1 << DOC_SHIFT) - 1))) >>> 0;
      }
      // Unused terms go, except topic terms (their ids are referred to by alias terms).
      if (kept === 0 && !topicTerms.has(term)) continue;
      termIds.set(term, postings.length);
      postings.push(kept * 2 < list.length ? list.slice(0, Math.max(2, kept)) : list);
      counts.push(kept);
    }
    this.termIds = termIds;
    this.postings = postings;
    this.postingCounts = counts;
    this.termStrings = [...termIds.keys()];
    this.termStartsPhrase = this.termStrings.map((term) => this.lexicon.phrases.startsPhrase(term));
    this.termTopics = this.termStrings.map((term) =>
      this.lexicon.topicsByTerm
        .get(term)
        ?.map((topic) => termIds.get(this.lexicon.topics[topic]?.term ?? '') ?? 0),
    );
    this.wordIds = new Map();
    this.#tfTitle = new Int32Array(Math.max(1024, postings.length * 2));
    this.#tfBody = new Int32Array(this.#tfTitle.length);

    const articles: (Article | undefined)[] = [];
    const titles: string[] = [];
    // Columns and pools shrink in place: a document's new place is never after its old.
    const keep = (column: { data: { [index: number]: number }; length: number }): void => {
      for (let d = 0; d < n; d += 1) {
        const to = remap[d] ?? -1;
        if (to >= 0) column.data[to] = column.data[d] ?? 0;
      }
      column.length = next;
    };
    const keepPool = (start: GrowableInt32, pool: GrowableInt32): void => {
      let write = 0;
      let from = start.data[0] ?? 0;
      for (let d = 0; d < n; d += 1) {
        const end = start.data[d + 1] ?? 0;
        const to = remap[d] ?? -1;
        if (to >= 0) {
          for (let i = from; i < end; i += 1) pool.data[write++] = pool.data[i] ?? 0;
          start.data[to + 1] = write;
        }
        from = end;
      }
      start.data[0] = 0;
      start.length = next + 1;
      pool.length = write;
    };
    for (let d = 0; d < n; d += 1) {
      if ((remap[d] ?? -1) < 0) continue;
      articles.push(this.articles[d]);
      titles.push(this.titles[d] ?? '');
    }
    keep(this.time);
    keep(this.titleLength);
    keep(this.bodyLength);
    keep(this.hasText);
    keep(this.sourceIds);
    this.deleted.data.fill(0);
    this.deleted.length = next;
    keepPool(this.signatureStart, this.signaturePool);
    keepPool(this.entityStart, this.entityPool);
    keepPool(this.subjectStart, this.subjectPool);
    this.articles = articles;
    this.titles = titles;
    this.idToDoc.clear();
    articles.forEach((article, doc) => {
      if (article !== undefined) this.idToDoc.set(article.id, doc);
    });
    this.deadCount = 0;
    this.#orderKeys = new Float64Array(0);
    this.#orderedDocs = 0;
    this.version += 1;
  }
}
