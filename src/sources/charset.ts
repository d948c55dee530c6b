/**
 * Bytes to text for feeds. `Response.text()` always assumes UTF-8 and no feed parser
 * reads the XML declaration's encoding, so we decode ourselves, in this order of trust:
 * byte order mark, valid UTF-8, the XML declaration, the HTTP charset, windows-1252.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

/** How the text was decoded, for logs and `feeds parse`. */
export interface DecodedText {
  readonly text: string;
  /** The encoding used, lowercase (`utf-8`, `shift_jis`, `windows-1252`…). */
  readonly encoding: string;
  /** Which clue decided it. */
  readonly by: 'bom' | 'utf-8' | 'xml-declaration' | 'http-header' | 'fallback';
}

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Decodes a feed's bytes.
 * @param httpCharset the `charset` parameter of the response's Content-Type, if any.
 * @example decodeFeedBytes(shiftJisBytes).text // '<?xml … encoding="Shift_JIS"?>…速報…'
 */
export function decodeFeedBytes(bytes: Uint8Array, httpCharset?: string | null): DecodedText {
  const bom = bomEncoding(bytes);
  if (bom !== null) {
    return {
      text: decodeWith(bytes.subarray(bom.length), bom.encoding),
      encoding: bom.encoding,
      by: 'bom',
    };
  }
  if (isAscii(bytes)) {
    // Plain ASCII (common: English feeds with entities) reads the same in every charset
    // a feed may declare, and Node decodes it about ten times faster than as UTF-8.
    return { text: asBuffer(bytes).toString('latin1'), encoding: 'utf-8', by: 'utf-8' };
  }
  if (isUtf8(bytes)) {
    return { text: utf8.decode(bytes), encoding: 'utf-8', by: 'utf-8' };
  }
  // A label that says UTF-8 is already proven wrong here, so it is skipped: a feed
  // generated from a template often keeps `encoding="UTF-8"` over other bytes.
  const declared = xmlDeclaredEncoding(bytes);
  if (declared !== null && supported(declared) && !isUtf8Label(declared)) {
    return {
      text: decodeWith(bytes, declared),
      encoding: canonical(declared),
      by: 'xml-declaration',
    };
  }
  if (httpCharset && supported(httpCharset) && !isUtf8Label(httpCharset)) {
    return {
      text: decodeWith(bytes, httpCharset),
      encoding: canonical(httpCharset),
      by: 'http-header',
    };
  }
  if (mostlyUtf8(bytes)) {
    // UTF-8 with a stray bad byte: keep the good characters rather than mangle them all.
    return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8', by: 'fallback' };
  }
  return { text: decodeWith(bytes, 'windows-1252'), encoding: 'windows-1252', by: 'fallback' };
}

function isUtf8Label(label: string): boolean {
  return /^utf-?8$/i.test(label.trim());
}

/** More well-formed multi-byte UTF-8 sequences than stray high bytes. */
function mostlyUtf8(bytes: Uint8Array): boolean {
  let good = 0;
  let bad = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x80) continue;
    const length =
      b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let ok = length > 0 && i + length <= bytes.length;
    for (let k = 1; ok && k < length; k++) ok = (bytes[i + k]! & 0xc0) === 0x80;
    if (ok) {
      good++;
      i += length - 1;
    } else {
      bad++;
    }
  }
  return good > bad;
}

/** The `charset` parameter of a Content-Type header value, lowercased; null if absent. */
export function charsetOf(contentType: string | null | undefined): string | null {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return m?.[1]?.toLowerCase() ?? null;
}

function bomEncoding(bytes: Uint8Array): { encoding: string; length: number } | null {
  const [a, b, c] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (a === 0xff && b === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (a === 0xfe && b === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

function xmlDeclaredEncoding(bytes: Uint8Array): string | null {
  // The declaration is ASCII in every encoding a feed may use; latin1 reads it safely.
  const head = Buffer.from(bytes.subarray(0, 512)).toString('latin1');
  const m = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return m?.[1]?.toLowerCase() ?? null;
}

/**
 * WHATWG treats ISO-8859-1 and US-ASCII labels as windows-1252, and so do real feeds:
 * "ISO-8859-1" feeds are full of 0x93/0x94 smart quotes.
 */
function canonical(label: string): string {
  const name = label.toLowerCase();
  if (['iso-8859-1', 'iso8859-1', 'latin1', 'latin-1', 'us-ascii', 'ascii'].includes(name)) {
    return 'windows-1252';
  }
  return name;
}

function supported(label: string): boolean {
  return iconv.encodingExists(canonical(label));
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function decodeWith(bytes: Uint8Array, label: string): string {
  const name = canonical(label);
  if (name === 'utf-8' || name === 'utf8') return new TextDecoder('utf-8').decode(bytes);
  return iconv.decode(asBuffer(bytes), name);
}
