/**
 * A strict XML scanner for the feed fast path (`fast-feed.ts`). It reads only a plain,
 * well-formed subset of XML — elements, attributes, text, CDATA, comments, processing
 * instructions — and gives up (returns null) on anything else: a DOCTYPE, a tag that does
 * not close or closes in the wrong order, a stray `<`, a namespace declared below the root.
 * Giving up is always safe: the caller then parses with feedsmith as before. So this
 * never has to be lenient, and it never expands or even reads an entity.
 *
 * It jumps from `<` to `<` with `indexOf` and keeps offsets rather than strings: text is
 * sliced only when a field is read. That is what makes it fast — a character-by-character
 * parser touches every byte of every 1 KB item body several times.
 */

/** One element: lowercased name, raw attributes, and where its content lies in the text. */
export interface XmlElement {
  /** Qualified name, lowercased as feedsmith does (`dc:creator`, `pubdate`). */
  readonly name: string;
  /**
   * Attributes as flat `[name, value, name, value…]` pairs: names lowercased, values raw
   * (entities undecoded, as fast-xml-parser hands them to feedsmith); null when none.
   */
  readonly attrs: readonly string[] | null;
  /** Offset of the first character of the content (after the start tag). */
  readonly start: number;
  /** Offset just past the content (where the end tag starts); = start when self-closing. */
  end: number;
  /** Child elements, kept only down to the scan's `keepDepth`; null when none. */
  children: XmlElement[] | null;
  /** True when the content holds any markup: a child element, CDATA, a comment or a PI. */
  markup: boolean;
}

/** What a scan found, or why it gave up. */
export type XmlScan =
  | { readonly ok: true; readonly root: XmlElement }
  | { readonly ok: false; readonly reason: string };

/** fast-xml-parser throws beyond 100 open elements; stay well below and let it decide. */
const MAX_DEPTH = 64;
/** More attributes on one element than any feed uses: leave such documents to feedsmith. */
const MAX_ATTRIBUTES = 64;
/** Names fast-xml-parser refuses (prototype pollution): leave such documents to it. */
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

const fail = (reason: string): XmlScan => ({ ok: false, reason });

function isNameStart(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f;
}

function isNameChar(code: number): boolean {
  return (
    isNameStart(code) ||
    (code >= 0x30 && code <= 0x39) ||
    code === 0x2d ||
    code === 0x2e ||
    code === 0x3a
  );
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d;
}

/**
 * Names seen in one document, so that the few distinct tag and attribute names of a feed
 * are sliced out of the text once, not once per tag: found by a hash of their characters
 * and checked in place.
 */
class Names {
  readonly #byHash = new Map<number, Name[]>();
  #size = 0;
  /** Where the name `read` found last ends. */
  end = 0;

  /**
   * The name starting at `from` (ASCII XML names only), hashed as it is read; null when
   * no name starts there. Sets `end`.
   */
  read(text: string, from: number): Name | null {
    let code = text.charCodeAt(from);
    if (!isNameStart(code)) return null;
    let hash = 0;
    let i = from;
    do {
      hash = (Math.imul(hash, 31) + code) | 0;
      code = text.charCodeAt(++i);
    } while (isNameChar(code));
    this.end = i;
    const bucket = this.#byHash.get(hash);
    if (bucket !== undefined) {
      for (const name of bucket) {
        if (name.raw.length === i - from && text.startsWith(name.raw, from)) return name;
      }
    }
    const raw = text.slice(from, i);
    const lower = raw.toLowerCase();
    const name = { raw, lower, reserved: RESERVED.has(lower) };
    // A hostile document may use endless distinct (or colliding) names: stop
    // remembering, not reading, so a lookup never costs more than a few comparisons.
    if (this.#size < 4096 && (bucket === undefined || bucket.length < 8)) {
      this.#size++;
      if (bucket === undefined) this.#byHash.set(hash, [name]);
      else bucket.push(name);
    }
    return name;
  }
}

interface Name {
  readonly raw: string;
  /** Lowercased, as feedsmith compares names. */
  readonly lower: string;
  /** A name fast-xml-parser refuses. */
  readonly reserved: boolean;
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** Which elements a scan hands over as soon as they close, instead of keeping them. */
export interface ItemHandler {
  /** The (lowercased) name of the items… */
  readonly name: string;
  /** …their depth (the root is depth 1)… */
  readonly depth: number;
  /** …and the name of their parent. */
  readonly parent: string;
  /** Receives each item, complete, in document order; it may throw to stop the scan. */
  onItem(element: XmlElement): void;
}

/**
 * Scans `text` (line endings already normalized to `\n`). Elements deeper than
 * `keepDepth` (the root is depth 1) are checked but not kept. Items (see `ItemHandler`)
 * go to the handler when they close and are not kept either: a 5,000-item feed never
 * holds all its elements at once, which spares the garbage collector most of its work.
 */
export function scanXml(text: string, keepDepth: number, items?: ItemHandler): XmlScan {
  const length = text.length;
  const names = new Names();
  const itemDepth = items?.depth ?? -1;
  /** Whether `element`, at `depth` under `parent`, is an item. */
  const isItem = (element: XmlElement, depth: number, parent: XmlElement) =>
    depth === itemDepth && element.name === items!.name && parent.name === items!.parent;

  const open: XmlElement[] = [];
  const rawNames: string[] = [];
  let root: XmlElement | null = null;
  let at = 0;
  for (;;) {
    const lt = text.indexOf('<', at);
    if (open.length === 0) {
      // Outside the root only whitespace may stand between the markup.
      const gapEnd = lt < 0 ? length : lt;
      for (let i = at; i < gapEnd; i++) {
        if (!isSpace(text.charCodeAt(i))) return fail('text outside the root element');
      }
    }
    if (lt < 0) break;
    const next = text.charCodeAt(lt + 1);
    const parent = open.length > 0 ? open[open.length - 1]! : null;

    if (next === 0x2f) {
      // End tag: must close the innermost open element, by its exact name.
      const raw = rawNames[rawNames.length - 1];
      if (parent === null || raw === undefined) return fail('an end tag with nothing open');
      const after = lt + 2 + raw.length;
      if (!text.startsWith(raw, lt + 2) || isNameChar(text.charCodeAt(after))) {
        return fail(`</${raw}> expected`);
      }
      const gt = skipSpace(text, after);
      if (text.charCodeAt(gt) !== 0x3e) return fail('an end tag does not close');
      parent.end = lt;
      open.pop();
      rawNames.pop();
      at = gt + 1;
      const grandparent = open[open.length - 1];
      if (grandparent !== undefined && isItem(parent, open.length + 1, grandparent)) {
        items!.onItem(parent);
      }
      continue;
    }

    if (next === 0x21) {
      if (text.startsWith('--', lt + 2)) {
        const close = text.indexOf('-->', lt + 4);
        if (close < 0) return fail('a comment does not close');
        // XML forbids `--` inside a comment, and fast-xml-parser looks for the end from
        // two places (`<!--->` ends at once inside a stop node): give up on both shapes.
        const dashes = text.indexOf('--', lt + 4);
        if (dashes !== close || (close > lt + 4 && text.charCodeAt(lt + 4) === 0x2d)) {
          return fail('`--` inside a comment');
        }
        if (parent !== null) parent.markup = true;
        at = close + 3;
        continue;
      }
      if (parent !== null && text.startsWith('[CDATA[', lt + 2)) {
        const close = text.indexOf(']]>', lt + 9);
        if (close < 0) return fail('a CDATA section does not close');
        parent.markup = true;
        at = close + 3;
        continue;
      }
      return fail('a DOCTYPE or other declaration');
    }

    if (next === 0x3f) {
      // Processing instruction: its end is found minding quotes, as fast-xml-parser
      // does; one that declares namespaces would be read by it, so give up on that.
      const close = piEnd(text, lt + 2);
      if (close < 0) return fail('a processing instruction does not close');
      const pi = text.slice(lt, close);
      if (/xmlns/i.test(pi)) return fail('a namespace in a PI');
      if (parent !== null) {
        // Inside an element fast-xml-parser may end it at the first `?>`, quotes or not.
        if (pi.includes('"') || pi.includes("'")) return fail('quotes in a PI');
        parent.markup = true;
      }
      at = close + 2;
      continue;
    }

    // Start tag.
    const tag = names.read(text, lt + 1);
    if (tag === null) return fail('a `<` that starts no tag');
    const nameStop = names.end;
    if (parent === null && root !== null) return fail('a second root element');
    if (open.length >= MAX_DEPTH) return fail('elements nested too deep');
    if (tag.reserved) return fail('a reserved element name');
    const raw = tag.raw;
    const name = tag.lower;

    let attrs: string[] | null = null;
    let i = nameStop;
    let selfClosing = false;
    for (;;) {
      const spaced = i;
      i = skipSpace(text, i);
      const code = text.charCodeAt(i);
      if (code === 0x3e) break;
      if (code === 0x2f) {
        if (text.charCodeAt(i + 1) !== 0x3e) return fail('a `/` inside a tag');
        selfClosing = true;
        i++;
        break;
      }
      if (i === spaced) return fail('attributes run together');
      const attr = names.read(text, i);
      if (attr === null) return fail('a malformed attribute');
      if (attr.reserved) return fail('a reserved attribute name');
      const attrName = attr.lower;
      const attrStop = names.end;
      i = skipSpace(text, attrStop);
      if (text.charCodeAt(i) !== 0x3d) return fail('an attribute without a value');
      i = skipSpace(text, i + 1);
      const quote = text.charCodeAt(i);
      if (quote !== 0x22 && quote !== 0x27) return fail('an unquoted attribute value');
      const close = text.indexOf(quote === 0x22 ? '"' : "'", i + 1);
      if (close < 0) return fail('an attribute value does not close');
      const value = text.slice(i + 1, close);
      if (value.includes('<')) return fail('a `<` inside an attribute value');
      attrs ??= [];
      // Checked pairwise, so their number is capped (feeds use a handful).
      if (attrs.length >= 2 * MAX_ATTRIBUTES) return fail('too many attributes');
      for (let k = 0; k < attrs.length; k += 2) {
        if (attrs[k] === attrName) return fail('a repeated attribute');
      }
      if (
        parent !== null &&
        (attrName === 'xmlns' || attrName.startsWith('xmlns:')) // only the root may declare
      ) {
        return fail('a namespace declared below the root');
      }
      attrs.push(attrName, value);
      i = close + 1;
    }
    const element: XmlElement = {
      name,
      attrs,
      start: i + 1,
      end: i + 1,
      children: null,
      markup: false,
    };
    if (parent === null) {
      root = element;
    } else {
      parent.markup = true;
      if (isItem(element, open.length + 1, parent)) {
        if (selfClosing) items!.onItem(element);
      } else if (open.length < keepDepth) {
        (parent.children ??= []).push(element);
      }
    }
    if (!selfClosing) {
      open.push(element);
      rawNames.push(raw);
    }
    at = i + 1;
  }
  if (open.length > 0) return fail(`<${rawNames[rawNames.length - 1] ?? ''}> is not closed`);
  if (root === null) return fail('no root element');
  return { ok: true, root };
}

/** Index of the `?` of the `?>` ending a processing instruction, minding quotes; -1 if none. */
function piEnd(text: string, from: number): number {
  let quote = 0;
  for (let i = from; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (quote !== 0) {
      if (code === quote) quote = 0;
    } else if (code === 0x22 || code === 0x27) {
      quote = code;
    } else if (code === 0x3f && text.charCodeAt(i + 1) === 0x3e) {
      return i;
    }
  }
  return -1;
}

/** The value of an attribute (lowercased name), raw; undefined when absent. */
export function attribute(element: XmlElement, name: string): string | undefined {
  const attrs = element.attrs;
  if (attrs === null) return undefined;
  for (let k = 0; k < attrs.length; k += 2) {
    if (attrs[k] === name) return attrs[k + 1];
  }
  return undefined;
}
