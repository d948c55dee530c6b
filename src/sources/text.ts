/**
 * Plain text out of whatever a source hands us: HTML fragments from feeds, text with
 * character references, ragged whitespace. No markup ever leaves this module: the
 * renderers escape for their platform, so anything left here would show up literally.
 */
import { NAMED_ENTITIES } from './entities.ts';

/**
 * Windows-1252 meanings of the C1 range: HTML's numeric references `&#150;` etc. mean
 * these (the HTML standard says so), and so do bytes 0x80–0x9F in mislabelled feeds.
 */
export const WINDOWS_1252_C1: ReadonlyMap<number, number> = new Map([
  [0x80, 0x20ac],
  [0x82, 0x201a],
  [0x83, 0x0192],
  [0x84, 0x201e],
  [0x85, 0x2026],
  [0x86, 0x2020],
  [0x87, 0x2021],
  [0x88, 0x02c6],
  [0x89, 0x2030],
  [0x8a, 0x0160],
  [0x8b, 0x2039],
  [0x8c, 0x0152],
  [0x8e, 0x017d],
  [0x91, 0x2018],
  [0x92, 0x2019],
  [0x93, 0x201c],
  [0x94, 0x201d],
  [0x95, 0x2022],
  [0x96, 0x2013],
  [0x97, 0x2014],
  [0x98, 0x02dc],
  [0x99, 0x2122],
  [0x9a, 0x0161],
  [0x9b, 0x203a],
  [0x9c, 0x0153],
  [0x9e, 0x017e],
  [0x9f, 0x0178],
]);

/**
 * Decodes HTML character references (`&amp;`, `&#8220;`, `&#x2014;`, `&eacute;`).
 * Unknown names stay as written, so text is never lost.
 * @example decodeEntities('Caf&eacute; &amp; bar') // 'Café & bar'
 */
export function decodeEntities(text: string): string {
  let at = text.indexOf('&');
  if (at < 0) return text;
  // A hand scan: this runs on every title and body of every feed.
  let out = '';
  let last = 0;
  let semi = -1;
  for (; at >= 0; at = text.indexOf('&', at + 1)) {
    // The first `;` after a `&` is also the first after any later `&` before it: reusing
    // it keeps this linear on `&&&&…;` (searching afresh each time would be quadratic).
    if (semi < at + 2) semi = text.indexOf(';', at + 2);
    if (semi < 0) break;
    if (semi - at > 33) continue;
    const decoded = reference(text.slice(at + 1, semi));
    if (decoded === undefined) continue;
    out += text.slice(last, at) + decoded;
    last = semi + 1;
    at = semi;
  }
  return last === 0 ? text : out + text.slice(last);
}

/** `reference` of `text[from, to)`; the references feeds use most need no slice. */
function referenceAt(text: string, from: number, to: number): string | undefined {
  const length = to - from;
  if (length === 3 && text.startsWith('amp', from)) return '&';
  if (length === 2 && text.charCodeAt(from + 1) === 0x74) {
    const first = text.charCodeAt(from);
    if (first === 0x6c) return '<'; // lt
    if (first === 0x67) return '>'; // gt
  }
  if (length === 4) {
    if (text.startsWith('quot', from)) return '"';
    if (text.startsWith('nbsp', from)) return '\u00a0';
  }
  return reference(text.slice(from, to));
}

function reference(ref: string): string | undefined {
  if (ref.charCodeAt(0) !== 0x23) return NAMED_ENTITIES.get(ref);
  const hex = ref.charCodeAt(1) === 0x78 || ref.charCodeAt(1) === 0x58;
  const digits = ref.slice(hex ? 2 : 1);
  if (hex ? !/^[0-9a-fA-F]{1,7}$/.test(digits) : !/^\d{1,8}$/.test(digits)) return undefined;
  return fromCodePoint(Number.parseInt(digits, hex ? 16 : 10));
}

function fromCodePoint(code: number): string {
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\uFFFD';
  return String.fromCodePoint(WINDOWS_1252_C1.get(code) ?? code);
}

/** Elements that start a new paragraph. */
const BLOCK =
  'address article aside blockquote br caption center dd details div dl dt fieldset ' +
  'figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main nav ol p pre ' +
  'section summary table tbody td tfoot th thead tr ul';
/** Elements dropped with everything inside them: never readable text. */
const DROP =
  'script style noscript template head title iframe object svg math select button canvas';
/** Inline elements: removed, their text kept. */
const INLINE =
  'a abbr acronym audio b base basefont bdi bdo big blink body cite code col colgroup data ' +
  'del dfn em embed font html i img input ins kbd label legend link map mark meta meter ' +
  'nobr option output param picture progress q rp rt ruby s samp small source span strike ' +
  'strong sub sup time track tt u var video wbr area frame frameset';
/** Cell-like elements that need a space between neighbours rather than a new paragraph. */
const SPACED = new Set(['td', 'th', 'img', 'li', 'dd', 'dt']);

/** What an element's tag leaves in the text. */
interface TagKind {
  readonly name: string;
  /** Dropped with its content (`script`, `style`…). */
  readonly drop: boolean;
  /** What replaces the tag: '' (inline), ' ' (cells), '\n' (blocks, list items). */
  readonly separator: string;
}

/** Hash of a tag name, ASCII letters folded to lowercase, so no string is cut out per tag. */
function nameHash(text: string, from: number, to: number): number {
  let hash = to - from;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    hash = (Math.imul(hash, 31) + (code >= 0x41 && code <= 0x5a ? code + 32 : code)) | 0;
  }
  return hash;
}

const TAG_KINDS: ReadonlyMap<number, readonly TagKind[]> = (() => {
  const table = new Map<number, TagKind[]>();
  const add = (names: string, kind: (name: string) => Omit<TagKind, 'name'>) => {
    for (const name of names.split(' ')) {
      const hash = nameHash(name, 0, name.length);
      const entry = { name, ...kind(name) };
      const bucket = table.get(hash);
      if (bucket === undefined) table.set(hash, [entry]);
      else bucket.push(entry);
    }
  };
  const spaced = (name: string) => (name === 'li' || name === 'dt' ? '\n' : ' ');
  add(DROP, () => ({ drop: true, separator: '' }));
  add(BLOCK, (name) => ({ drop: false, separator: SPACED.has(name) ? spaced(name) : '\n' }));
  add(INLINE, (name) => ({ drop: false, separator: SPACED.has(name) ? spaced(name) : '' }));
  return table;
})();

/** The kinds of one- and two-letter elements, by their lowercase char codes. */
const SHORT_TAG_KINDS: ReadonlyMap<number, TagKind> = new Map(
  [...TAG_KINDS.values()]
    .flat()
    .filter((kind) => kind.name.length <= 2)
    .map((kind) => {
      const first = kind.name.charCodeAt(0);
      const key = kind.name.length === 1 ? first : (first << 8) | kind.name.charCodeAt(1);
      return [key, kind] as const;
    }),
);

/** Namespaced (`o:p` from Word) and custom (`my-widget`) elements are markup too. */
const OTHER_ELEMENT: TagKind = { name: '', drop: false, separator: '' };

/** The kind of the element named at `[from, to)` (any letter case); null: not HTML. */
function tagKind(html: string, from: number, to: number): TagKind | null {
  if (to - from <= 2) {
    // `<b>`, `<p>`, `<br>`, `<li>`…: by their letters, no hashing.
    const first = html.charCodeAt(from) | 0x20;
    const key = to - from === 1 ? first : (first << 8) | (html.charCodeAt(from + 1) | 0x20);
    const kind = SHORT_TAG_KINDS.get(key);
    if (kind !== undefined) return kind;
  }
  const bucket = TAG_KINDS.get(nameHash(html, from, to));
  if (bucket !== undefined) {
    for (const kind of bucket) {
      if (kind.name.length !== to - from) continue;
      let same = true;
      for (let i = 0; same && i < kind.name.length; i++) {
        const code = html.charCodeAt(from + i);
        same = (code >= 0x41 && code <= 0x5a ? code + 32 : code) === kind.name.charCodeAt(i);
      }
      if (same) return kind;
    }
  }
  for (let i = from; i < to; i++) {
    const code = html.charCodeAt(i);
    if (code === 0x3a || code === 0x2d) return OTHER_ELEMENT;
  }
  return null;
}

/**
 * Forward-only searches for `>` and `?>`, remembered: a document full of `<!` or `<?`
 * with no end would otherwise be searched to its end once per `<` (quadratic time).
 * Valid while the positions asked for never go back.
 */
class Seek {
  #gt = -1;
  #pi = -1;
  constructor(private readonly text: string) {}

  /** The first `>` at or after `from`, or -1. */
  gt(from: number): number {
    if (this.#gt !== -2 && this.#gt < from) this.#gt = this.text.indexOf('>', from);
    if (this.#gt < 0) this.#gt = -2;
    return this.#gt < 0 ? -1 : this.#gt;
  }

  /** The first `?>` at or after `from`, or -1. */
  pi(from: number): number {
    if (this.#pi !== -2 && this.#pi < from) this.#pi = this.text.indexOf('?>', from);
    if (this.#pi < 0) this.#pi = -2;
    return this.#pi < 0 ? -1 : this.#pi;
  }
}

/** Set by `markupAt` for a CDATA section: where its content ends. */
let cdataContentEnd = -1;

/**
 * The end (exclusive) of the comment (to the end of the text if unclosed), CDATA section
 * (likewise; see `cdataContentEnd`), declaration or processing instruction starting at
 * the `<!` or `<?` at `at`; -1 when none starts there and the `<` is text.
 */
function markupAt(text: string, at: number, seek: Seek): number {
  cdataContentEnd = -1;
  if (text.startsWith('<!--', at)) {
    const close = text.indexOf('-->', at + 4);
    return close < 0 ? text.length : close + 3;
  }
  if (text.startsWith('<![CDATA[', at)) {
    const close = text.indexOf(']]>', at + 9);
    cdataContentEnd = close < 0 ? text.length : close;
    return close < 0 ? text.length : close + 3;
  }
  if (text.charCodeAt(at + 1) === 0x21) {
    const gt = seek.gt(at + 2);
    return gt < 0 ? -1 : gt + 1;
  }
  const end = seek.pi(at + 2);
  return end < 0 ? -1 : end + 2;
}

/**
 * Converts an HTML fragment to plain text: tags stripped, `<script>`/`<style>` and the
 * like dropped with their content, character references decoded, whitespace collapsed,
 * paragraph breaks (`<p>`, `<br>`, `<li>`, headings…) kept as `\n`.
 * Angle-bracketed text that is not an HTML element (`Part A & <Part B> end`) is text
 * and stays.
 * @example htmlToText('<p>Full <b>HTML</b> body</p><p>Two</p>') // 'Full HTML body\nTwo'
 */
export function htmlToText(html: string): string {
  return clean(html, true, true, true) ?? clean(stripTags(html), true, true, false)!;
}

/** A one-line plain-text title from an HTML-or-text title. */
export function htmlToLine(html: string): string {
  return clean(html, false, true, true) ?? clean(stripTags(html), false, true, false)!;
}

/**
 * The text of an HTML fragment with its tags (and dropped elements) removed and block
 * boundaries marked by `\n` or a space; entities and whitespace untouched. This is the
 * definition `clean`'s one-pass HTML mode follows; it runs only where that mode cannot
 * promise the same result (a reference cut by markup, `&am<b></b>p;`).
 */
function stripTags(html: string): string {
  let at = html.indexOf('<');
  if (at < 0) return html;
  const length = html.length;
  const pieces: string[] = [];
  const seek = new Seek(html);
  let last = 0;
  let skipUntil: TagKind | null = null;
  for (; at >= 0; at = html.indexOf('<', at + 1)) {
    const next = html.charCodeAt(at + 1);
    if (next === 0x21 || next === 0x3f) {
      // `<!--`, `<![CDATA[`, `<!DOCTYPE`, `<?…?>`
      const end = markupAt(html, at, seek);
      if (end < 0) continue;
      if (skipUntil === null) {
        const cdata = cdataContentEnd < 0 ? '' : html.slice(at + 9, cdataContentEnd);
        pieces.push(html.slice(last, at), cdata);
        last = end;
      }
      at = end - 1;
      continue;
    }
    const closing = next === 0x2f;
    const nameStart = at + (closing ? 2 : 1);
    if (!isLetter(html.charCodeAt(nameStart))) continue;
    let i = nameStart + 1;
    while (i < length && isNameChar(html.charCodeAt(i))) i++;
    const kind = tagKind(html, nameStart, i);
    if (skipUntil !== null ? !(closing && kind === skipUntil) : kind === null) continue;
    const end = tagEnd(html, i);
    if (end < 0) continue;
    if (skipUntil !== null) {
      skipUntil = null;
    } else {
      pieces.push(html.slice(last, at));
      if (kind!.drop && !closing && html.charCodeAt(end - 1) !== 0x2f) skipUntil = kind;
      else if (!kind!.drop && kind!.separator !== '') pieces.push(kind!.separator);
    }
    last = end + 1;
    at = end;
  }
  if (skipUntil === null) pieces.push(html.slice(last));
  return pieces.join('');
}

/** The kind and closing flag of the tag `tagAt` found last (saves an object per tag). */
let foundKind: TagKind = OTHER_ELEMENT;
let foundClosing = false;

/** The index of the `>` of a tag starting at the `<` at `at` (see `foundKind`), or -1. */
function tagAt(html: string, at: number): number {
  const closing = html.charCodeAt(at + 1) === 0x2f;
  const nameStart = at + (closing ? 2 : 1);
  if (!isLetter(html.charCodeAt(nameStart))) return -1;
  let i = nameStart + 1;
  while (i < html.length && isNameChar(html.charCodeAt(i))) i++;
  const kind = tagKind(html, nameStart, i);
  if (kind === null) return -1;
  foundKind = kind;
  foundClosing = closing;
  return tagEnd(html, i);
}

/**
 * Where the text resumes after a dropped element (`<script>`…) whose start tag ends
 * before `from`: just past its end tag, skipping comments and CDATA on the way as
 * `stripTags` does; -1 when it never closes (the rest is dropped).
 */
function afterDropped(html: string, from: number, kind: TagKind, seek: Seek): number {
  for (let at = html.indexOf('<', from); at >= 0; at = html.indexOf('<', at + 1)) {
    const next = html.charCodeAt(at + 1);
    if (next === 0x21 || next === 0x3f) {
      const end = markupAt(html, at, seek);
      if (end >= 0) at = end - 1;
      continue;
    }
    if (next !== 0x2f) continue;
    const end = tagAt(html, at);
    if (end >= 0 && foundKind === kind) return end + 1;
  }
  return -1;
}

function isLetter(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
}

function isNameChar(code: number): boolean {
  return isLetter(code) || (code >= 0x30 && code <= 0x39) || code === 0x3a || code === 0x2d;
}

/** Index of the `>` closing a tag whose name ends at `from`, minding quoted values; -1 if none. */
function tagEnd(html: string, from: number): number {
  let quote = 0;
  for (let i = from; i < html.length; i++) {
    const code = html.charCodeAt(i);
    if (quote !== 0) {
      if (code === quote) quote = 0;
    } else if (code === 0x22 || code === 0x27) {
      quote = code;
    } else if (code === 0x3e) {
      return i;
    } else if (code === 0x3c) {
      return -1; // `<b <i>`: not a tag after all
    }
  }
  return -1;
}

/** Character classes for `clean`. */
const PLAIN = 0;
const SPACE = 1;
const NEWLINE = 2;
const REMOVED = 3;

/**
 * How `clean` treats a character: line breaks (`\n`, `\r`), white space (what `\s`
 * matches, but for the ones removed), removed (C0 controls but tab and line breaks, DEL,
 * zero-width space, BOM), or plain.
 */
function classOf(code: number): number {
  if (code > 0x20 && code < 0x7f) return PLAIN;
  if (code === 0x20 || code === 0x09) return SPACE;
  if (code === 0x0a || code === 0x0d) return NEWLINE;
  if (code < 0x20 || code === 0x7f) return REMOVED;
  if (code < 0xa0) return PLAIN;
  if (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  ) {
    return SPACE;
  }
  return code === 0x200b || code === 0xfeff ? REMOVED : PLAIN;
}

/** Characters `classOf` calls plain, as a regex class body; `&` and `<` left out. */
const PLAIN_CLASS =
  "!-%'-;=-~\\u0080-\\u009f\\u00a1-\\u167f\\u1681-\\u1fff\\u200c-\\u2027\\u202a-\\u202e" +
  '\\u2030-\\u205e\\u2060-\\u2fff\\u3001-\\ufefe\\uff00-\\uffff';
/** A run of plain characters with single spaces between: `clean` copies it as it is. */
const run = (extra: string) =>
  new RegExp(`[${PLAIN_CLASS}${extra}]+(?: [${PLAIN_CLASS}${extra}]+)*`, 'y');
const RUN_HTML = run('');
const RUN_DECODE = run('<');
const RUN_PLAIN = run('&<');

/**
 * One pass over the text: HTML markup removed (`html`, as `stripTags` defines it),
 * character references decoded (`decode`, as `decodeEntities` does, after the markup
 * is gone), removed characters dropped, every run of white space one space, and either
 * every line trimmed with blank lines dropped (`keepLines`) or line breaks treated as
 * white space too. Text that needs no change is copied in long verbatim stretches
 * (single spaces between words included) and joined once; the text itself comes back
 * when nothing changes.
 *
 * Returns null in HTML mode when a reference candidate spans markup or a CDATA end
 * (`&am<b></b>p;`): decoding after stripping would see other text there, so the caller
 * strips first and calls again without `html`.
 */
/**
 * Where `clean` writes its result, character by character, into reused buffers: one
 * byte a character while every one fits in Latin-1, two after. The result is then made
 * in one step, instead of slicing and joining dozens of pieces per item (the garbage of
 * which cost more than the work itself).
 */
class Output {
  /** Buffers up to this many characters are kept for the next call. */
  static readonly KEEP = 256 * 1024;
  static readonly LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  #narrowKept = Buffer.allocUnsafeSlow(16 * 1024);
  #wideKept: Uint16Array | null = null;
  #narrow = this.#narrowKept;
  #wide: Uint16Array | null = null;
  #isWide = false;
  #length = 0;
  #capacity = 0;

  /** Starts an output of at most `capacity` characters. */
  begin(capacity: number): void {
    this.#length = 0;
    this.#isWide = false;
    this.#capacity = capacity;
    if (capacity <= this.#narrowKept.length) {
      this.#narrow = this.#narrowKept;
    } else {
      this.#narrow = Buffer.allocUnsafeSlow(capacity);
      if (capacity <= Output.KEEP) this.#narrowKept = this.#narrow;
    }
  }

  #widen(): void {
    let wide = this.#wideKept;
    if (wide === null || wide.length < this.#capacity) {
      wide = new Uint16Array(Math.max(this.#capacity, 1024));
      if (wide.length <= Output.KEEP) this.#wideKept = wide;
    }
    for (let i = 0; i < this.#length; i++) wide[i] = this.#narrow[i]!;
    this.#wide = wide;
    this.#isWide = true;
  }

  char(code: number): void {
    if (this.#isWide) {
      this.#wide![this.#length++] = code;
    } else if (code <= 0xff) {
      this.#narrow[this.#length++] = code;
    } else {
      this.#widen();
      this.#wide![this.#length++] = code;
    }
  }

  range(text: string, from: number, to: number): void {
    let i = from;
    if (!this.#isWide) {
      const narrow = this.#narrow;
      let n = this.#length;
      for (; i < to; i++) {
        const code = text.charCodeAt(i);
        if (code > 0xff) break;
        narrow[n++] = code;
      }
      this.#length = n;
      if (i === to) return;
      this.#widen();
    }
    const wide = this.#wide!;
    let n = this.#length;
    for (; i < to; i++) wide[n++] = text.charCodeAt(i);
    this.#length = n;
  }

  string(value: string): void {
    for (let i = 0; i < value.length; i++) this.char(value.charCodeAt(i));
  }

  finish(): string {
    const length = this.#length;
    if (!this.#isWide) return this.#narrow.toString('latin1', 0, length);
    const wide = this.#wide!;
    this.#wide = null;
    if (Output.LITTLE_ENDIAN) {
      return Buffer.from(wide.buffer, wide.byteOffset, length * 2).toString('utf16le');
    }
    let out = '';
    for (let i = 0; i < length; i += 8192) {
      out += String.fromCharCode(...wide.subarray(i, Math.min(length, i + 8192)));
    }
    return out;
  }
}

const OUTPUT = new Output();

function clean(text: string, keepLines: boolean, decode: boolean, html: boolean): string | null {
  const length = text.length;
  const out = OUTPUT;
  out.begin(length + 16);
  let changed = false;
  let segmentStart = -1; // start of the stretch copied verbatim; -1 when none is open
  let spaceAt = -1; // a single space inside that stretch, kept if text follows it
  let lineHasText = false;
  let pendingSpace = false;
  let pendingNewline = false;
  let semi = decode ? -1 : -2; // next `;` for references; -2: none left (or no decoding)
  let nextLt = html ? -1 : length; // a `<` at or after the last `&` looked at
  let cdataEnd = -1; // inside CDATA content ending here (its text is not markup)…
  let cdataResume = -1; // …and the text resumes here, after `]]>`
  let seek: Seek | null = null;

  for (let i = 0; i < length; i++) {
    if (i === cdataEnd) {
      cdataEnd = -1;
      if (segmentStart >= 0) {
        out.range(text, segmentStart, spaceAt >= 0 ? spaceAt : i);
        if (spaceAt >= 0) pendingSpace = true;
        segmentStart = -1;
        spaceAt = -1;
      }
      changed = true;
      i = cdataResume - 1;
      continue;
    }
    let code = text.charCodeAt(i);
    if (
      code > 0x20 &&
      code !== 0x26 &&
      code !== 0x3c &&
      cdataEnd < 0 &&
      (code < 0x7f || (code > 0x7f && classOf(code) === PLAIN))
    ) {
      // The common case: a run of plain text with single spaces, skipped in one match.
      const run = html ? RUN_HTML : decode ? RUN_DECODE : RUN_PLAIN;
      run.lastIndex = i;
      run.test(text);
      if (segmentStart < 0) {
        if (pendingNewline) out.char(0x0a);
        else if (pendingSpace) out.char(0x20);
        pendingNewline = false;
        pendingSpace = false;
        segmentStart = i;
      }
      spaceAt = -1;
      lineHasText = true;
      i = run.lastIndex - 1;
      continue;
    }
    let decoded: string | undefined;
    let separator = '';

    if (code === 0x3c && html && cdataEnd < 0) {
      // Markup: invisible, or a separator for block and cell elements.
      let resume = -1;
      const next = text.charCodeAt(i + 1);
      if (next === 0x21 || next === 0x3f) {
        seek ??= new Seek(text);
        resume = markupAt(text, i, seek);
        if (resume >= 0 && cdataContentEnd >= 0) {
          cdataEnd = cdataContentEnd;
          cdataResume = resume;
          resume = i + 9;
        }
      } else {
        const end = tagAt(text, i);
        if (end >= 0) {
          resume = end + 1;
          if (foundKind.drop && !foundClosing && text.charCodeAt(end - 1) !== 0x2f) {
            seek ??= new Seek(text);
            resume = afterDropped(text, resume, foundKind, seek);
            if (resume < 0) resume = length;
          } else {
            separator = foundKind.separator;
          }
        }
      }
      if (resume >= 0) {
        changed = true;
        if (segmentStart >= 0) {
          out.range(text, segmentStart, spaceAt >= 0 ? spaceAt : i);
          if (spaceAt >= 0) pendingSpace = true;
          segmentStart = -1;
          spaceAt = -1;
        }
        i = resume - 1;
        if (separator === '') continue;
        code = separator.charCodeAt(0);
      }
    } else if (code === 0x26 && semi !== -2) {
      if (semi < i + 2) semi = text.indexOf(';', i + 2);
      if (semi < 0) {
        semi = -2;
      } else {
        if (html) {
          if (nextLt < i) {
            nextLt = text.indexOf('<', i);
            if (nextLt < 0) nextLt = length;
          }
          if (nextLt < semi || (cdataEnd >= 0 && semi >= cdataEnd)) return null;
        }
        if (semi - i <= 33) decoded = referenceAt(text, i + 1, semi);
        if (decoded !== undefined) code = decoded.charCodeAt(0);
      }
    }

    const kind = code > 0x20 && code < 0x7f ? PLAIN : classOf(code);
    if (separator === '' && decoded === undefined) {
      if (kind === PLAIN) {
        if (segmentStart < 0) {
          if (pendingNewline) out.char(0x0a);
          else if (pendingSpace) out.char(0x20);
          pendingNewline = false;
          pendingSpace = false;
          segmentStart = i;
        }
        spaceAt = -1;
        lineHasText = true;
        continue;
      }
      if (code === 0x20 && segmentStart >= 0 && spaceAt < 0) {
        spaceAt = i;
        continue;
      }
    }
    // Anything else ends the verbatim stretch, before its trailing space if any.
    changed = true;
    if (segmentStart >= 0) {
      out.range(text, segmentStart, spaceAt >= 0 ? spaceAt : i);
      if (spaceAt >= 0) pendingSpace = true;
      segmentStart = -1;
      spaceAt = -1;
    }
    if (decoded !== undefined) i = semi; // the reference is consumed
    if (kind === PLAIN) {
      // A decoded character: written out like a verbatim stretch of its own.
      if (pendingNewline) out.char(0x0a);
      else if (pendingSpace) out.char(0x20);
      pendingNewline = false;
      pendingSpace = false;
      out.string(decoded!);
      lineHasText = true;
    } else if (kind === NEWLINE && keepLines) {
      if (lineHasText) pendingNewline = true;
      lineHasText = false;
      pendingSpace = false;
    } else if (kind !== REMOVED && lineHasText && !pendingNewline) {
      pendingSpace = true;
    }
  }
  if (segmentStart >= 0) {
    if (!changed && segmentStart === 0 && spaceAt < 0) return text;
    out.range(text, segmentStart, spaceAt >= 0 ? spaceAt : length);
  }
  return out.finish();
}

/**
 * Normalizes plain text: line endings, non-breaking and other Unicode spaces, control
 * characters; collapses whitespace inside each line and drops blank lines, so
 * paragraphs come out separated by exactly one `\n`.
 */
export function plainText(text: string): string {
  return clean(text, true, false, false)!;
}

/** Collapses all whitespace (newlines included) to single spaces: for titles, names. */
export function oneLine(text: string): string {
  return clean(text, false, false, false)!;
}

/**
 * A readable source name from a file name: extension(s) dropped, `_`/`-` runs as spaces,
 * a leading sort-order number (`000_`, `01-`) removed.
 * @example readableFileName('000_bbc-world.feed.json') // 'bbc world'
 */
export function readableFileName(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '');
  const stem = base.replace(/(\.feed)?\.[A-Za-z0-9]+$/, '');
  const words = stem.split(/[\s_]+|-{1,}/).filter(Boolean);
  if (words.length > 1 && /^\d+$/.test(words[0] ?? '')) words.shift();
  return words.join(' ') || base;
}
