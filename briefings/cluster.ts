/**
 * Near-duplicate clustering of the first-stage candidates: two items are one story when
 * their headline concepts (synonyms mapped, weighted by rarity) overlap enough, they were
 * published within a few days of each other, and nothing contradicts: no country or person
 * named by each that the other lacks, no opposing actions ("holds" / "cuts").
 *
 * A candidate is compared only with the few clusters sharing the most concept weight with
 * it, so the cost stays near linear in the number of candidates. Profiles are offsets into
 * the corpus pools (no per-candidate objects beyond one small record).
 */
import type { Corpus } from './corpus/corpus.ts';
import { OPPOSING_CONCEPTS } from './data/synonyms.ts';
import type { Candidate } from './search/match.ts';

/** A story: candidates in rank order, the first being the best. */
export interface Cluster {
  readonly members: Candidate[];
}

/** Share of the smaller headline's weight the two must have in common. */
const MIN_CONTAINMENT = 0.5;
/** Share of both headlines' weight in common (Dice). */
const MIN_DICE = 0.3;
/** Shared concepts needed (one shared country is not a story). */
const MIN_SHARED = 2;
const MAX_APART = 3 * 24 * 3_600_000;
/** Members compared against, per cluster (bounds the work on big clusters). */
const COMPARED_MEMBERS = 6;
/** Clusters compared against, per candidate: those sharing the most weight. */
const COMPARED_CLUSTERS = 8;

/** Where a candidate's headline concepts and entities sit in the corpus pools. */
interface Profile {
  /** Range in the signature pool (and in the call's weight array). */
  readonly start: number;
  readonly end: number;
  readonly total: number;
  /** Ranges in the entity pool. */
  readonly placeStart: number;
  readonly placeEnd: number;
  readonly personStart: number;
  readonly personEnd: number;
  readonly time: number;
}

/** One clustering call's view of the corpus. */
interface Context {
  readonly concepts: Int32Array;
  readonly entities: Int32Array;
  /** Concept weight by signature-pool position (only candidates' ranges filled). */
  readonly weights: Map<number, number>;
  readonly opposing: readonly (readonly number[])[];
}

/** Groups candidates (best first) into stories, keeping rank order. */
export function clusterCandidates(corpus: Corpus, candidates: readonly Candidate[]): Cluster[] {
  const members: Candidate[][] = [];
  const profiles: Profile[][] = [];
  /** Concept → clusters naming it (each cluster once). */
  const byConcept = new Map<number, number[]>();
  const sharedCount = new Int32Array(candidates.length);
  const sharedWeight = new Float64Array(candidates.length);
  const touched: number[] = [];
  const context: Context = {
    concepts: corpus.signaturePool.data,
    entities: corpus.entityPool.data,
    weights: new Map(),
    opposing: opposingConceptIds(corpus),
  };
  const { concepts } = context;
  const live = Math.max(1, corpus.live);
  const idf = (concept: number): number => {
    const df = Math.max(1, corpus.conceptDf.data[concept] ?? 1);
    return Math.log(1 + (live - df + 0.5) / (df + 0.5));
  };

  for (const candidate of candidates) {
    const profile = profileOf(corpus, candidate.doc, context, idf);
    touched.length = 0;
    for (let c = profile.start; c < profile.end; c += 1) {
      const list = byConcept.get(concepts[c] as number);
      if (list === undefined) continue;
      const weight = context.weights.get(concepts[c] as number) ?? 0;
      for (const index of list) {
        if (sharedCount[index] === 0) touched.push(index);
        sharedCount[index] = (sharedCount[index] as number) + 1;
        sharedWeight[index] = (sharedWeight[index] as number) + weight;
      }
    }
    // Only clusters sharing enough concepts are worth comparing, the closest first.
    const worth = touched.filter((index) => (sharedCount[index] as number) >= MIN_SHARED);
    if (worth.length > COMPARED_CLUSTERS) {
      worth.sort((a, b) => (sharedWeight[b] as number) - (sharedWeight[a] as number) || a - b);
    }
    for (const index of touched) {
      sharedCount[index] = 0;
      sharedWeight[index] = 0;
    }
    let best = -1;
    let bestSimilarity = 0;
    for (let k = 0; k < worth.length && k < COMPARED_CLUSTERS; k += 1) {
      const index = worth[k] as number;
      const group = profiles[index] ?? [];
      let similarity = 0;
      let conflict = false;
      for (let m = 0; m < group.length && m < COMPARED_MEMBERS; m += 1) {
        const other = group[m] as Profile;
        if (conflicts(profile, other, context)) {
          conflict = true;
          break;
        }
        similarity = Math.max(similarity, similarityOf(profile, other, context));
      }
      if (
        !conflict &&
        (similarity > bestSimilarity ||
          (similarity === bestSimilarity && similarity > 0 && index < best))
      ) {
        best = index;
        bestSimilarity = similarity;
      }
    }
    if (best >= 0) {
      members[best]?.push(candidate);
      profiles[best]?.push(profile);
    } else {
      best = members.length;
      members.push([candidate]);
      profiles.push([profile]);
    }
    for (let c = profile.start; c < profile.end; c += 1) {
      const concept = concepts[c] as number;
      const list = byConcept.get(concept);
      if (list === undefined) byConcept.set(concept, [best]);
      else if (!list.includes(best)) list.push(best);
    }
  }
  return members.map((list) => ({ members: list }));
}

function profileOf(
  corpus: Corpus,
  doc: number,
  context: Context,
  idf: (concept: number) => number,
): Profile {
  const start = corpus.signatureStart.data[doc] ?? 0;
  const end = corpus.signatureStart.data[doc + 1] ?? 0;
  let total = 0;
  for (let c = start; c < end; c += 1) {
    const concept = context.concepts[c] as number;
    let weight = context.weights.get(concept);
    if (weight === undefined) {
      weight = idf(concept);
      context.weights.set(concept, weight);
    }
    total += weight;
  }
  const entityStart = corpus.entityStart.data[doc] ?? 0;
  const placeCount = context.entities[entityStart] ?? 0;
  const personCount = context.entities[entityStart + 1 + placeCount] ?? 0;
  return {
    start,
    end,
    total,
    placeStart: entityStart + 1,
    placeEnd: entityStart + 1 + placeCount,
    personStart: entityStart + 2 + placeCount,
    personEnd: entityStart + 2 + placeCount + personCount,
    time: corpus.time.data[doc] ?? 0,
  };
}

function has(pool: Int32Array, start: number, end: number, value: number): boolean {
  for (let i = start; i < end; i += 1) if (pool[i] === value) return true;
  return false;
}

function similarityOf(a: Profile, b: Profile, context: Context): number {
  const { concepts, weights } = context;
  let shared = 0;
  let sharedCount = 0;
  for (let i = a.start; i < a.end; i += 1) {
    const concept = concepts[i] as number;
    if (has(concepts, b.start, b.end, concept)) {
      shared += weights.get(concept) ?? 0;
      sharedCount += 1;
    }
  }
  if (sharedCount < MIN_SHARED || a.total === 0 || b.total === 0) return 0;
  const containment = shared / Math.min(a.total, b.total);
  const dice = (2 * shared) / (a.total + b.total);
  return containment >= MIN_CONTAINMENT && dice >= MIN_DICE ? dice : 0;
}

function conflicts(a: Profile, b: Profile, context: Context): boolean {
  if (Math.abs(a.time - b.time) > MAX_APART) return true;
  const { entities, concepts } = context;
  if (eachHasOwn(entities, a.placeStart, a.placeEnd, b.placeStart, b.placeEnd)) return true;
  if (eachHasOwn(entities, a.personStart, a.personEnd, b.personStart, b.personEnd)) return true;
  for (const group of context.opposing) {
    let inA = false;
    let inB = false;
    let common = false;
    for (const concept of group) {
      const hasA = has(concepts, a.start, a.end, concept);
      const hasB = has(concepts, b.start, b.end, concept);
      inA ||= hasA;
      inB ||= hasB;
      common ||= hasA && hasB;
    }
    if (inA && inB && !common) return true;
  }
  return false;
}

/** True when each range names something the other does not. */
function eachHasOwn(
  pool: Int32Array,
  aStart: number,
  aEnd: number,
  bStart: number,
  bEnd: number,
): boolean {
  if (aStart === aEnd || bStart === bEnd) return false;
  let aOwn = false;
  for (let i = aStart; i < aEnd && !aOwn; i += 1)
    aOwn = !has(pool, bStart, bEnd, pool[i] as number);
  if (!aOwn) return false;
  for (let i = bStart; i < bEnd; i += 1)
    if (!has(pool, aStart, aEnd, pool[i] as number)) return true;
  return false;
}

const opposingCache = new WeakMap<Corpus, { size: number; ids: number[][] }>();

function opposingConceptIds(corpus: Corpus): readonly (readonly number[])[] {
  const cached = opposingCache.get(corpus);
  if (cached?.size === corpus.conceptIds.size) return cached.ids;
  const ids = OPPOSING_CONCEPTS.map((group) =>
    group.map((concept) => corpus.conceptIds.get(`~${concept}`)).filter((id) => id !== undefined),
  ).filter((group) => group.length > 1);
  opposingCache.set(corpus, { size: corpus.conceptIds.size, ids });
  return ids;
}
