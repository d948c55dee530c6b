/**
 * Extractive summaries: the 1–3 sentences of an article that best carry it, within a
 * character budget, in their original order. News leads carry the story, so position
 * weighs most; sentences that share the headline's and the article's recurring words
 * come next; a sentence opening on a pronoun ("He will also…") is poor on its own.
 */
import { splitSentences } from '../text/sentences.ts';
import { analyze } from '../text/tokenize.ts';

/** The summary budget of a news briefing story, in characters. */
export const NEWS_SUMMARY_BUDGET = 320;
/** At most this many sentences make a summary. */
export const MAX_SUMMARY_SENTENCES = 3;
/** Only the first sentences compete (leads carry news; bounds the work). */
const CONSIDERED_SENTENCES = 15;

const DANGLING_OPENER =
  /^(?:he|she|it|they|this|these|that|those|his|her|their|its|but|and|also|however|meanwhile|so|then|there)\b/i;

/** What a summary is made from. */
export interface SummarySource {
  readonly title: string;
  readonly body: string;
  readonly summary?: string;
}

/**
 * The summary of an article: extractive from the body; else the feed-provided summary
 * (itself cut to the budget); empty for a bare headline, or when the feed summary only
 * repeats the title.
 */
export function summarize(source: SummarySource, budget: number = NEWS_SUMMARY_BUDGET): string {
  if (source.body.trim() !== '') return extract(source.body, source.title, budget);
  const provided = source.summary?.trim() ?? '';
  if (provided === '' || sameText(provided, source.title)) return '';
  return extract(provided, source.title, budget);
}

function extract(text: string, title: string, budget: number): string {
  const sentences = splitSentences(text).slice(0, CONSIDERED_SENTENCES);
  if (sentences.length === 0) return '';
  const first = sentences[0] ?? '';
  if (sentences.length === 1) return fit(first, budget);

  const termsOf = sentences.map((sentence) => new Set(analyze(sentence)));
  const counts = new Map<string, number>();
  for (const terms of termsOf)
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  const titleTerms = new Set(analyze(title));

  const scored = sentences.map((sentence, index) => {
    const terms = termsOf[index] ?? new Set<string>();
    let shared = 0;
    let recurring = 0;
    for (const term of terms) {
      if (titleTerms.has(term)) shared += 1;
      if ((counts.get(term) ?? 0) > 1) recurring += 1;
    }
    let score = index === 0 ? 1 : 0.55 / (1 + 0.35 * index);
    if (titleTerms.size > 0) score += (0.4 * shared) / titleTerms.size;
    if (terms.size > 0) score += (0.3 * recurring) / terms.size;
    if (DANGLING_OPENER.test(sentence)) score -= 0.35;
    if (sentence.length < 40) score -= 0.25;
    return { index, sentence, score };
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);

  const best = scored[0];
  if (best === undefined) return '';
  if (best.sentence.length >= budget) return fit(best.sentence, budget);
  const chosen = [best];
  let length = best.sentence.length;
  for (const candidate of scored.slice(1)) {
    if (chosen.length >= MAX_SUMMARY_SENTENCES) break;
    if (candidate.score <= 0) continue;
    if (length + 1 + candidate.sentence.length > budget) continue;
    chosen.push(candidate);
    length += 1 + candidate.sentence.length;
  }
  chosen.sort((a, b) => a.index - b.index);
  return chosen.map((item) => item.sentence).join(' ');
}

/** A sentence cut to the budget at a word boundary, marked with an ellipsis. */
function fit(sentence: string, budget: number): string {
  if (sentence.length <= budget) return sentence;
  const space = sentence.lastIndexOf(' ', budget - 1);
  const head = space > budget / 2 ? sentence.slice(0, space) : sentence.slice(0, budget - 1);
  return `${head.replace(/[\s,;:—–-]+$/, '')}…`;
}

function sameText(a: string, b: string): boolean {
  const norm = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  return norm(a) === norm(b);
}
