/**
 * Matching and first-stage ranking: BM25F over the inverted index (title weighted above
 * body), a recency multiplier, and a tier for how many query units an item satisfies.
 * Only the best few hundred candidates leave this stage; clustering and summaries work
 * on those alone.
 */
import {
  BM25,
  BODY_MASK,
  type Corpus,
  DOC_SHIFT,
  TITLE_MASK,
  TITLE_SHIFT,
} from '../corpus/corpus.ts';
import { analyze } from '../text/tokenize.ts';
import type { MuteRule, QueryPlan, QueryUnit } from './query.ts';

/** A candidate item with its first-stage rank. */
export interface Candidate {
  readonly doc: number;
  /** Units satisfied (with partial credit for topic-only hits); compared first. */
  readonly tier: number;
  /** Relevance × recency (or recency alone for top stories). */
  readonly score: number;
}

/** Filters every query applies. */
export interface Filters {
  readonly now: number;
  readonly since: number | undefined;
  readonly excluded: ReadonlySet<number>;
}

const HOUR = 3_600_000;
/** Recency halves a day after publication: 1 / (1 + age / day). */
const RECENCY_SCALE = 24 * HOUR;
/** A match only in the body counts for less than one in the headline. */
const BODY_ONLY = 0.6;

/** The recency factor of an item published `age` ms ago (future items count as new). */
export function recency(age: number): number {
  return 1 / (1 + Math.max(0, age) / RECENCY_SCALE);
}

/** Reusable per-document scratch, sized to the corpus. */
class Scratch {
  scores = new Float64Array(0);
  masks = new Int32Array(0);
  titleHits = new Uint8Array(0);
  touched = new Int32Array(0);

  ensure(size: number): void {
    if (this.scores.length >= size) return;
    const capacity = Math.max(size, this.scores.length * 2, 1024);
    this.scores = new Float64Array(capacity);
    this.masks = new Int32Array(capacity);
    this.titleHits = new Uint8Array(capacity);
    this.touched = new Int32Array(capacity);
  }
}

const scratch = new Scratch();

/** A query term matching more than this share of the corpus is "broad". */
const BROAD_SHARE = 1 / 8;

/** The best `pool` items matching a query, best first. */
export function matchQuery(
  corpus: Corpus,
  plan: QueryPlan,
  filters: Filters,
  pool: number,
): Candidate[] {
  if (plan.bits.length === 1 && plan.units.length === 1 && plan.units[0]?.need === 1) {
    const broad = (plan.bits[0] ?? []).some(
      ({ term }) => (corpus.postingsOf(term)?.count ?? 0) > corpus.live * BROAD_SHARE,
    );
    if (broad) return matchBroad(corpus, plan, filters, pool);
  }
  const n = corpus.docCount;
  scratch.ensure(n);
  const { scores, masks, titleHits, touched } = scratch;
  const norms = corpus.norms();
  const normTitle = norms.title;
  const normBody = norms.body;
  const live = Math.max(1, corpus.live);
  const { k1, titleWeight, bodyWeight } = BM25;
  let touchedCount = 0;

  // Bits that find items first, then bits that only support items already found.
  const bitOrder = plan.bits.map((_bit, bit) => bit);
  bitOrder.sort((a, b) => ((plan.supportMask >>> a) & 1) - ((plan.supportMask >>> b) & 1) || a - b);
  for (const bit of bitOrder) {
    const flag = 1 << bit;
    const support = (plan.supportMask & flag) !== 0;
    for (const { term, weight } of plan.bits[bit] ?? []) {
      const entry = corpus.postingsOf(term);
      if (entry === undefined) continue;
      const list = entry.list;
      const count = entry.count;
      const idf = Math.log(1 + (live - count + 0.5) / (count + 0.5));
      const factor = weight * idf * (k1 + 1);
      // A supporting term much more common than the items found: look those items up
      // in it rather than walking all its postings.
      const dense = support && count > touchedCount * 4 ? corpus.densePostings(term) : undefined;
      if (dense !== undefined) {
        for (let i = 0; i < touchedCount; i += 1) {
          const doc = touched[i] as number;
          const packed = dense[doc] as number;
          if (packed === 0) continue;
          const inTitle = (packed >>> TITLE_SHIFT) & TITLE_MASK;
          const tf =
            titleWeight * inTitle * (normTitle[doc] as number) +
            bodyWeight * (packed & BODY_MASK) * (normBody[doc] as number);
          masks[doc] = (masks[doc] as number) | flag;
          scores[doc] = (scores[doc] as number) + (factor * tf) / (k1 + tf);
          if (inTitle > 0) titleHits[doc] = 1;
        }
        continue;
      }
      for (let i = 0; i < count; i += 1) {
        const packed = list[i] as number;
        const doc = packed >>> DOC_SHIFT;
        const inTitle = (packed >>> TITLE_SHIFT) & TITLE_MASK;
        const tf =
          titleWeight * inTitle * (normTitle[doc] as number) +
          bodyWeight * (packed & BODY_MASK) * (normBody[doc] as number);
        const mask = masks[doc] as number;
        if (mask === 0) {
          if (support) continue;
          touched[touchedCount++] = doc;
        }
        masks[doc] = mask | flag;
        scores[doc] = (scores[doc] as number) + (factor * tf) / (k1 + tf);
        if (inTitle > 0) titleHits[doc] = 1;
      }
    }
  }

  const heap = new TopK(pool);
  const time = corpus.time.data;
  const deleted = corpus.deleted.data;
  const { now, since, excluded } = filters;
  const sinceTime = since ?? -Infinity;
  const checkExcluded = excluded.size > 0;
  const units = plan.units;
  const unitCount = units.length;
  const literalMasks = new Int32Array(unitCount);
  const needs = new Int32Array(unitCount);
  const topicMasks = new Int32Array(unitCount);
  const topicCredits = new Float64Array(unitCount);
  for (let u = 0; u < unitCount; u += 1) {
    const unit = units[u] as QueryUnit;
    literalMasks[u] = unit.literalMask;
    needs[u] = unit.need;
    topicMasks[u] = unit.topicMask;
    topicCredits[u] = unit.topicCredit;
  }
  for (let i = 0; i < touchedCount; i += 1) {
    const doc = touched[i] as number;
    const mask = masks[doc] as number;
    let score = scores[doc] as number;
    const hitTitle = titleHits[doc] === 1;
    masks[doc] = 0;
    scores[doc] = 0;
    titleHits[doc] = 0;
    if (deleted[doc] === 1) continue;
    const published = time[doc] as number;
    if (published < sinceTime) continue;
    if (checkExcluded && excluded.has(doc)) continue;
    let tier = 0;
    for (let u = 0; u < unitCount; u += 1) {
      const literal = mask & (literalMasks[u] as number);
      if (literal !== 0 && popcount(literal) >= (needs[u] as number)) tier += 1;
      else if ((mask & (topicMasks[u] as number)) !== 0) tier += topicCredits[u] as number;
    }
    if (tier === 0) continue;
    if (!hitTitle) score *= BODY_ONLY;
    const age = now - published;
    score *= 0.5 + 0.5 / (1 + (age > 0 ? age : 0) / RECENCY_SCALE);
    heap.offer(doc, tier, score);
  }
  return heap.sorted();
}

/**
 * A one-unit query naming a large part of the corpus (`world`, `business`): documents
 * holding the unit's narrow terms are scored first from their postings; then documents
 * are visited newest first for the broad terms, and the visit stops once even a perfect
 * broad match that old could not displace the worst kept candidate. Same ranking as the
 * general path, a fraction of the work.
 */
function matchBroad(corpus: Corpus, plan: QueryPlan, filters: Filters, pool: number): Candidate[] {
  scratch.ensure(corpus.docCount);
  const { scores, masks, titleHits, touched } = scratch;
  const norms = corpus.norms();
  const normTitle = norms.title;
  const normBody = norms.body;
  const live = Math.max(1, corpus.live);
  const { k1, titleWeight, bodyWeight } = BM25;
  const broad: { dense: Uint16Array; factor: number }[] = [];
  const narrow: { list: Uint32Array; count: number; factor: number }[] = [];
  for (const { term, weight } of plan.bits[0] ?? []) {
    const entry = corpus.postingsOf(term);
    if (entry === undefined) continue;
    const idf = Math.log(1 + (live - entry.count + 0.5) / (entry.count + 0.5));
    const factor = weight * idf * (k1 + 1);
    const dense = entry.count > live * BROAD_SHARE ? corpus.densePostings(term) : undefined;
    if (dense === undefined) narrow.push({ list: entry.list, count: entry.count, factor });
    else broad.push({ dense, factor });
  }
  let bound = 0;
  for (const { factor } of broad) bound += factor;

  const heap = new TopK(pool);
  const time = corpus.time.data;
  const deleted = corpus.deleted.data;
  const { now, since, excluded } = filters;
  const sinceTime = since ?? -Infinity;
  const checkExcluded = excluded.size > 0;
  const contribution = (packed: number, doc: number, factor: number): number => {
    const tf =
      titleWeight * ((packed >>> TITLE_SHIFT) & TITLE_MASK) * (normTitle[doc] as number) +
      bodyWeight * (packed & BODY_MASK) * (normBody[doc] as number);
    return (factor * tf) / (k1 + tf);
  };
  const finish = (doc: number, score: number, hitTitle: boolean): void => {
    const published = time[doc] as number;
    if (deleted[doc] === 1 || published < sinceTime) return;
    if (checkExcluded && excluded.has(doc)) return;
    const age = now - published;
    const fresh = 0.5 + 0.5 / (1 + (age > 0 ? age : 0) / RECENCY_SCALE);
    heap.offer(doc, 1, (hitTitle ? score : score * BODY_ONLY) * fresh);
  };

  // Narrow terms: from their postings, with the broad terms added from the dense arrays.
  let touchedCount = 0;
  for (const { list, count, factor } of narrow) {
    for (let i = 0; i < count; i += 1) {
      const packed = list[i] as number;
      const doc = packed >>> DOC_SHIFT;
      if (masks[doc] === 0) touched[touchedCount++] = doc;
      masks[doc] = 1;
      scores[doc] = (scores[doc] as number) + contribution(packed, doc, factor);
      if ((packed >>> TITLE_SHIFT) & TITLE_MASK) titleHits[doc] = 1;
    }
  }
  for (let i = 0; i < touchedCount; i += 1) {
    const doc = touched[i] as number;
    let score = scores[doc] as number;
    let hitTitle = titleHits[doc] === 1;
    for (const { dense, factor } of broad) {
      const packed = dense[doc] as number;
      if (packed === 0) continue;
      score += contribution(packed, doc, factor);
      if ((packed >>> TITLE_SHIFT) & TITLE_MASK) hitTitle = true;
    }
    scores[doc] = 0;
    titleHits[doc] = 0;
    finish(doc, score, hitTitle);
  }

  // Broad terms: newest first, until age rules out the rest.
  const order = corpus.timeOrder();
  for (let i = 0; i < order.length; i += 1) {
    const doc = order[i] as number;
    const published = time[doc] as number;
    if (published < sinceTime) break;
    const age = now - published;
    const fresh = 0.5 + 0.5 / (1 + (age > 0 ? age : 0) / RECENCY_SCALE);
    if (heap.full() && bound * fresh < heap.worstScore()) break;
    if (masks[doc] !== 0) continue;
    let score = 0;
    let hitTitle = false;
    for (const { dense, factor } of broad) {
      const packed = dense[doc] as number;
      if (packed === 0) continue;
      score += contribution(packed, doc, factor);
      if ((packed >>> TITLE_SHIFT) & TITLE_MASK) hitTitle = true;
    }
    if (score > 0) finish(doc, score, hitTitle);
  }
  for (let i = 0; i < touchedCount; i += 1) masks[touched[i] as number] = 0;
  return heap.sorted();
}

/** The newest `pool` items for top stories, best first (recency, a little for text). */
export function recentCandidates(corpus: Corpus, filters: Filters, pool: number): Candidate[] {
  const order = corpus.timeOrder();
  const time = corpus.time.data;
  const hasText = corpus.hasText.data;
  const { now, since, excluded } = filters;
  const out: Candidate[] = [];
  for (let i = 0; i < order.length && out.length < pool; i += 1) {
    const doc = order[i] ?? 0;
    const published = time[doc] ?? 0;
    if (since !== undefined && published < since) break;
    if (excluded.size > 0 && excluded.has(doc)) continue;
    const score = recency(now - published) * (hasText[doc] !== 0 ? 1.1 : 1);
    out.push({ doc, tier: 1, score });
  }
  out.sort((a, b) => b.score - a.score || a.doc - b.doc);
  return out;
}

/** Whether a document matches any mute rule (title or body). */
export function isMuted(corpus: Corpus, doc: number, rules: readonly MuteRule[]): boolean {
  for (const rule of rules) {
    if (rule.term !== undefined && corpus.contains(rule.term, doc)) return true;
    if (rule.phrase !== undefined && rule.phrase.every((term) => corpus.contains(term, doc))) {
      const article = corpus.articles[doc];
      if (article === undefined) continue;
      const fields = [
        corpus.titles[doc] ?? '',
        article.body !== '' ? article.body : (article.summary ?? ''),
      ];
      if (fields.some((text) => containsSequence(analyze(text), rule.phrase ?? []))) return true;
    }
  }
  return false;
}

function containsSequence(terms: readonly string[], phrase: readonly string[]): boolean {
  outer: for (let i = 0; i + phrase.length <= terms.length; i += 1) {
    for (let j = 0; j < phrase.length; j += 1) if (terms[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
}

function popcount(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** A bounded min-heap keeping the best candidates (tier, then score, then lower doc). */
class TopK {
  private readonly docs_: Int32Array;
  private readonly tiers_: Float64Array;
  private readonly scores_: Float64Array;
  private size_ = 0;

  constructor(readonly capacity: number) {
    this.docs_ = new Int32Array(capacity);
    this.tiers_ = new Float64Array(capacity);
    this.scores_ = new Float64Array(capacity);
  }

  full(): boolean {
    return this.size_ === this.capacity;
  }

  /** The score of the worst kept candidate (meaningful when full). */
  worstScore(): number {
    return this.scores_[0] ?? 0;
  }

  offer(doc: number, tier: number, score: number): void {
    if (this.capacity === 0) return;
    if (this.size_ < this.capacity) {
      let i = this.size_++;
      this.#set(i, doc, tier, score);
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.#worse(i, parent)) break;
        this.#swap(i, parent);
        i = parent;
      }
      return;
    }
    // Worse than the worst kept: ignore.
    const tier0 = this.tiers_[0] ?? 0;
    const score0 = this.scores_[0] ?? 0;
    if (
      tier < tier0 ||
      (tier === tier0 && (score < score0 || (score === score0 && doc > (this.docs_[0] ?? 0))))
    )
      return;
    this.#set(0, doc, tier, score);
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < this.size_ && this.#worse(left, worst)) worst = left;
      if (right < this.size_ && this.#worse(right, worst)) worst = right;
      if (worst === i) break;
      this.#swap(i, worst);
      i = worst;
    }
  }

  sorted(): Candidate[] {
    const out: Candidate[] = [];
    for (let i = 0; i < this.size_; i += 1) {
      out.push({ doc: this.docs_[i] ?? 0, tier: this.tiers_[i] ?? 0, score: this.scores_[i] ?? 0 });
    }
    out.sort((a, b) => b.tier - a.tier || b.score - a.score || a.doc - b.doc);
    return out;
  }

  #worse(a: number, b: number): boolean {
    const tierA = this.tiers_[a] ?? 0;
    const tierB = this.tiers_[b] ?? 0;
    if (tierA !== tierB) return tierA < tierB;
    const scoreA = this.scores_[a] ?? 0;
    const scoreB = this.scores_[b] ?? 0;
    if (scoreA !== scoreB) return scoreA < scoreB;
    return (this.docs_[a] ?? 0) > (this.docs_[b] ?? 0);
  }

  #set(i: number, doc: number, tier: number, score: number): void {
    this.docs_[i] = doc;
    this.tiers_[i] = tier;
    this.scores_[i] = score;
  }

  #swap(a: number, b: number): void {
    const doc = this.docs_[a] ?? 0;
    const tier = this.tiers_[a] ?? 0;
    const score = this.scores_[a] ?? 0;
    this.#set(a, this.docs_[b] ?? 0, this.tiers_[b] ?? 0, this.scores_[b] ?? 0);
    this.#set(b, doc, tier, score);
  }
}
