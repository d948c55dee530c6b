/**
 * Multi-word names and aliases ("white house", "trade war", "federal reserve") matched as
 * phrases: a phrase becomes one compound term (its terms joined by a space), so `war`
 * alone never stands in for "trade war".
 */

/** The compound term of a phrase, e.g. `white hous`. */
export function compoundTerm(terms: readonly string[]): string {
  return terms.join(' ');
}

/** A set of phrases (each two or more terms), matched over term sequences. */
export class PhraseSet {
  /** First term → phrases starting with it, longest first. */
  readonly #byFirst = new Map<string, string[][]>();

  /** Adds a phrase given as analyzed terms; single terms are not phrases and are ignored. */
  add(terms: readonly string[]): void {
    if (terms.length < 2) return;
    const first = terms[0] ?? '';
    const list = this.#byFirst.get(first) ?? [];
    if (list.some((existing) => sameTerms(existing, terms))) return;
    list.push([...terms]);
    list.sort((a, b) => b.length - a.length);
    this.#byFirst.set(first, list);
  }

  /** Whether some phrase starts with this term. */
  startsPhrase(term: string): boolean {
    return this.#byFirst.has(term);
  }

  /** The phrases starting with this term, longest first. */
  startingWith(term: string): readonly (readonly string[])[] {
    return this.#byFirst.get(term) ?? [];
  }

  /** Appends to `out` the compound term of every phrase occurring in `terms`. */
  compounds(terms: readonly string[], out: string[]): void {
    for (let i = 0; i < terms.length; i += 1) {
      const list = this.#byFirst.get(terms[i] ?? '');
      if (list === undefined) continue;
      for (const phrase of list) if (matchesAt(terms, i, phrase)) out.push(compoundTerm(phrase));
    }
  }

  /**
   * Splits `terms` into non-overlapping units, longest phrase first: "federal reserve
   * keep" → [`federal reserv`, `keep`]. Used where a phrase must replace its words.
   */
  segment(terms: readonly string[]): string[] {
    const out: string[] = [];
    let i = 0;
    while (i < terms.length) {
      const list = this.#byFirst.get(terms[i] ?? '');
      const phrase = list?.find((candidate) => matchesAt(terms, i, candidate));
      if (phrase === undefined) {
        out.push(terms[i] ?? '');
        i += 1;
      } else {
        out.push(compoundTerm(phrase));
        i += phrase.length;
      }
    }
    return out;
  }
}

function matchesAt(terms: readonly string[], at: number, phrase: readonly string[]): boolean {
  if (at + phrase.length > terms.length) return false;
  for (let j = 1; j < phrase.length; j += 1) if (terms[at + j] !== phrase[j]) return false;
  return true;
}

function sameTerms(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((term, i) => term === b[i]);
}
