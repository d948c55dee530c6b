/**
 * Near-duplicate clustering of the first-stage candidates: two items are one story when
 * their headline concepts (synonyms mapped, weighted by rarity) overlap enough, they were
 * published within a few days of each other, and nothing contradicts: no country or person
 * named by each that the other lacks, no opposing actions ("holds" / "cuts").
 *
 * A candidate is compared only with the few clusters sharing the most concept weight with
 * it, so the cost stays near linear in the number of candidates.
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

interface Profile {
  readonly concepts: Int32Array;
  readonly weights: Float64Array;
  readonly total: number;
  readonly places: Int32Array;
  readonly persons: Int32Array;
  readonly time: number;
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
  const opposing = opposingConceptIds(corpus);
  const live = Math.max(1, corpus.live);

  for (const candidate of candidates) {
    const profile = profileOf(corpus, candidate.doc, live);
    touched.length = 0;
    for (let c = 0; c < profile.concepts.length; c += 1) {
      const list = byConcept.get(profile.concepts[c] as number);
      if (list === undefined) continue;
      const weight = profile.weights[c] as number;
      for (const index of list) {
        if (sharedCount[index] === 0) touched.push(index);
        sharedCount[index] = (sharedCount[index] as number) + 1;
        sharedWeight[index] = (sharedWeight[index] as number) + weight;
      }
    }
    // Only clusters sharing enough concepts are worth comparing, the closest first.
    const worth = touched.filter((index) => (sharedCount[index] as number) >= MIN_SHARED);
    worth.sort((a, b) => (sharedWeight[b] as number) - (sharedWeight[a] as number) || a - b);
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
        if (conflicts(profile, other, opposing)) {
          conflict = true;
          break;
        }
        similarity = Math.max(similarity, similarityOf(profile, other));
      }
      if (!conflict && similarity > bestSimilarity) {
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
    for (const concept of profile.concepts) {
      const list = byConcept.get(concept);
      if (list === undefined) byConcept.set(concept, [best]);
      else if (!list.includes(best)) list.push(best);
    }
  }
  return members.map((list) => ({ members: list }));
}

function profileOf(corpus: Corpus, doc: number, live: number): Profile {
  const start = corpus.signatureStart.data[doc] ?? 0;
  const end = corpus.signatureStart.data[doc + 1] ?? 0;
  const concepts = corpus.signaturePool.data.subarray(start, end);
  const weights = new Float64Array(concepts.length);
  let total = 0;
  for (let i = 0; i < concepts.length; i += 1) {
    const df = Math.max(1, corpus.conceptDf.data[concepts[i] ?? 0] ?? 1);
    const weight = Math.log(1 + (live - df + 0.5) / (df + 0.5));
    weights[i] = weight;
    total += weight;
  }
  const entityStart = corpus.entityStart.data[doc] ?? 0;
  const pool = corpus.entityPool.data;
  const placeCount = pool[entityStart] ?? 0;
  const places = pool.subarray(entityStart + 1, entityStart + 1 + placeCount);
  const personCount = pool[entityStart + 1 + placeCount] ?? 0;
  const persons = pool.subarray(entityStart + 2 + placeCount, entityStart + 2 + placeCount + personCount);
  return { concepts, weights, total, places, persons, time: corpus.time.data[doc] ?? 0 };
}

function similarityOf(a: Profile, b: Profile): number {
  let shared = 0;
  let sharedCount = 0;
  for (let i = 0; i < a.concepts.length; i += 1) {
    if (b.concepts.includes(a.concepts[i] ?? -1)) {
      shared += a.weights[i] ?? 0;
      sharedCount += 1;
    }
  }
  if (sharedCount < MIN_SHARED || a.total === 0 || b.total === 0) return 0;
  const containment = shared / Math.min(a.total, b.total);
  const dice = (2 * shared) / (a.total + b.total);
  return containment >= MIN_CONTAINMENT && dice >= MIN_DICE ? dice : 0;
}

function conflicts(a: Profile, b: Profile, opposing: readonly (readonly number[])[]): boolean {
  if (Math.abs(a.time - b.time) > MAX_APART) return true;
  if (eachHasOwn(a.places, b.places) || eachHasOwn(a.persons, b.persons)) return true;
  for (const group of opposing) {
    let inA = -1;
    let inB = -1;
    let common = false;
    for (const concept of group) {
      const hasA = a.concepts.includes(concept);
      const hasB = b.concepts.includes(concept);
      if (hasA) inA = concept;
      if (hasB) inB = concept;
      if (hasA && hasB) common = true;
    }
    if (inA >= 0 && inB >= 0 && !common) return true;
  }
  return false;
}

/** True when each set names something the other does not. */
function eachHasOwn(a: Int32Array, b: Int32Array): boolean {
  if (a.length === 0 || b.length === 0) return false;
  return a.some((x) => !b.includes(x)) && b.some((x) => !a.includes(x));
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
