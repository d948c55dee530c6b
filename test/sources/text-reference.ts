/**
 * The plain definitions of `src/sources/text.ts`, as they were before that module was
 * rewritten for speed: tags stripped by a scan, references decoded by a second one,
 * white space normalized by regexes. Tests check the fast module against these on many
 * random inputs; nothing else uses them.
 */
import { NAMED_ENTITIES } from '../../src/sources/entities.ts';
import { WINDOWS_1252_C1 } from '../../src/sources/text.ts';

export function decodeEntities(text: string): string {
  let at = text.indexOf('&');
  if (at < 0) return text;
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
  const code = Number.parseInt(digits, hex ? 16 : 10);
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\uFFFD';
  return String.fromCodePoint(WINDOWS_1252_C1.get(code) ?? code);
}

const BLOCK = new Set(
  (
    'address article aside blockquote br caption center dd details div dl dt fieldset ' +
    'figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main nav ol p pre ' +
    'section summary table tbody td tfoot th thead tr ul'
  ).split(' '),
);
const DROP = new Set(
  'script style noscript template head title iframe object svg math select button canvas'.split(
    ' ',
  ),
);
const INLINE = new Set(
  (
    'a abbr acronym audio b base basefont bdi bdo big blink body cite code col colgroup data ' +
    'del dfn em embed font html i img input ins kbd label legend link map mark meta meter ' +
    'nobr option output param picture progress q rp rt ruby s samp small source span strike ' +
    'strong sub sup time track tt u var video wbr area frame frameset'
  ).split(' '),
);
const SPACED = new Set(['td', 'th', 'img', 'li', 'dd', 'dt']);
const MARKUP_AT = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[([\s\S]*?)(?:\]\]>|$)|<![^>]*>|<\?[\s\S]*?\?>/y;

const isElementName = (name: string) =>
  BLOCK.has(name) || INLINE.has(name) || DROP.has(name) || name.includes(':') || name.includes('-');
const isLetter = (code: number) => (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
const isNameChar = (code: number) =>
  isLetter(code) || (code >= 0x30 && code <= 0x39) || code === 0x3a || code === 0x2d;

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
      return -1;
    }
  }
  return -1;
}

export function htmlToText(html: string): string {
  if (!html.includes('<')) return plainText(decodeEntities(html));
  let out = '';
  let last = 0;
  let skipUntil: string | null = null;
  for (let at = html.indexOf('<'); at >= 0; at = html.indexOf('<', at + 1)) {
    const next = html.charCodeAt(at + 1);
    if (next === 0x21 || next === 0x3f) {
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
    while (i < html.length && isNameChar(html.charCodeAt(i))) i++;
    const name = html.slice(nameStart, i).toLowerCase();
    if (skipUntil !== null ? !(closing && name === skipUntil) : !isElementName(name)) continue;
    const end = tagEnd(html, i);
    if (end < 0) continue;
    if (skipUntil !== null) {
      skipUntil = null;
    } else {
      out += html.slice(last, at);
      if (DROP.has(name) && !closing && html.charCodeAt(end - 1) !== 0x2f) skipUntil = name;
      else if (SPACED.has(name)) out += name === 'li' || name === 'dt' ? '\n' : ' ';
      else if (BLOCK.has(name)) out += '\n';
    }
    last = end + 1;
    at = end;
  }
  if (skipUntil === null) out += html.slice(last);
  return plainText(decodeEntities(out));
}

// eslint-disable-next-line no-control-regex -- control characters are what we remove
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B\uFEFF]/g;

export function plainText(text: string): string {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, '')
    .replace(/[^\S\n]{2,}|[^\S\n ]/g, ' ')
    .split('\n');
  return lines
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n');
}

export function oneLine(text: string): string {
  return text
    .replace(CONTROL, '')
    .replace(/\s{2,}|[^\S ]/g, ' ')
    .trim();
}

export function htmlToLine(html: string): string {
  return oneLine(htmlToText(html));
}
