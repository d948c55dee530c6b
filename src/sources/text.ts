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
  for (; at >= 0; at = text.indexOf('&', at + 1)) {
    const semi = text.indexOf(';', at + 2);
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

/** Namespaced (`o:p` from Word) and custom (`my-widget`) elements are markup too. */
const OTHER_ELEMENT: TagKind = { name: '', drop: false, separator: '' };

/** The kind of the element named at `[from, to)` (any letter case); null: not HTML. */
function tagKind(html: string, from: number, to: number): TagKind | null {
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

/** Comment, CDATA, declaration or processing instruction at a `<`. */
const MARKUP_AT = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[([\s\S]*?)(?:\]\]>|$)|<![^>]*>|<\?[\s\S]*?\?>/y;

/**
 * Converts an HTML fragment to plain text: tags stripped, `<script>`/`<style>` and the
 * like dropped with their content, character references decoded, whitespace collapsed,
 * paragraph breaks (`<p>`, `<br>`, `<li>`, headings…) kept as `\n`.
 * Angle-bracketed text that is not an HTML element (`Part A & <Part B> end`) is text
 * and stays.
 * @example htmlToText('<p>Full <b>HTML</b> body</p><p>Two</p>') // 'Full HTML body\nTwo'
 */
export function htmlToText(html: string): string {
  if (!html.includes('<')) return plainText(decodeEntities(html));
  // Tags come out first and references are decoded last, once: `&lt;b&gt;` is text.
  // Scanned by hand: one regex over every `<` of a long body is the slow part.
  const length = html.length;
  let out = '';
  let last = 0;
  let skipUntil: TagKind | null = null;
  for (let at = html.indexOf('<'); at >= 0; at = html.indexOf('<', at + 1)) {
    const next = html.charCodeAt(at + 1);
    if (next === 0x21 || next === 0x3f) {
      // `<!--`, `<![CDATA[`, `<!DOCTYPE`, `<?…?>`: rare, so a regex is fine here.
      MARKUP_AT.lastIndex = at;
      const match = MARKUP_AT.exec(html);
      if (match === null) continue;
      if (skipUntil === null) {
        out += html.slice(last, at) + (match[1] ?? '');
        last = at + match[0].length;
      }
      at += match[0].length - 1;
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
      out += html.slice(last, at);
      if (kind!.drop && !closing && html.charCodeAt(end - 1) !== 0x2f) skipUntil = kind;
      else if (!kind!.drop) out += kind!.separator;
    }
    last = end + 1;
    at = end;
  }
  if (skipUntil === null) out += html.slice(last);
  return plainText(decodeEntities(out));
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

/** Character classes for `collapse`. */
const PLAIN = 0;
const SPACE = 1;
const NEWLINE = 2;
const REMOVED = 3;

/**
 * How `collapse` treats a character: line breaks (`\n`, `\r`), white space (what `\s`
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

/**
 * One pass over the text: removed characters dropped, every run of white space one
 * space, and either every line trimmed with blank lines dropped (`keepLines`) or line
 * breaks treated as white space too. Text that needs no change is copied in long
 * verbatim stretches (single spaces between words included), and returned as is when
 * nothing changes at all.
 */
function collapse(text: string, keepLines: boolean): string {
  let out = '';
  let changed = false;
  let segmentStart = -1; // start of the stretch copied verbatim; -1 when none is open
  let spaceAt = -1; // a single space inside that stretch, kept if text follows it
  let lineHasText = false;
  let pendingSpace = false;
  let pendingNewline = false;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    const kind = code > 0x20 && code < 0x7f ? PLAIN : classOf(code);
    if (kind === PLAIN) {
      if (segmentStart < 0) {
        if (pendingNewline) out += '\n';
        else if (pendingSpace) out += ' ';
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
    // Anything else ends the verbatim stretch, before its trailing space if any.
    changed = true;
    if (segmentStart >= 0) {
      out += text.slice(segmentStart, spaceAt >= 0 ? spaceAt : i);
      if (spaceAt >= 0) pendingSpace = true;
      segmentStart = -1;
      spaceAt = -1;
    }
    if (kind === NEWLINE && keepLines) {
      if (lineHasText) pendingNewline = true;
      lineHasText = false;
      pendingSpace = false;
    } else if (kind !== REMOVED && lineHasText && !pendingNewline) {
      pendingSpace = true;
    }
  }
  if (segmentStart >= 0) {
    if (spaceAt >= 0) return out + text.slice(segmentStart, spaceAt);
    if (!changed && segmentStart === 0) return text;
    return out + text.slice(segmentStart);
  }
  return out;
}

/**
 * Normalizes plain text: line endings, non-breaking and other Unicode spaces, control
 * characters; collapses whitespace inside each line and drops blank lines, so
 * paragraphs come out separated by exactly one `\n`.
 */
export function plainText(text: string): string {
  return collapse(text, true);
}

/** Collapses all whitespace (newlines included) to single spaces: for titles, names. */
export function oneLine(text: string): string {
  return collapse(text, false);
}

/** A one-line plain-text title from an HTML-or-text title. */
export function htmlToLine(html: string): string {
  return oneLine(htmlToText(html));
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
