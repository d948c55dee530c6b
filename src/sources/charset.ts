/**
 * Bytes to text for feeds. `Response.text()` always assumes UTF-8 and no feed parser
 * reads the XML declaration's encoding, so we decode ourselves, in this order of trust:
 * byte order mark, valid UTF-8, the XML declaration, the HTTP charset, windows-1252.
 */
import iconv from 'iconv-lite';

/** How the text was decoded, for logs and `feeds parse`. */
export interface DecodedText {
  readonly text: string;
  /** The encoding used, lowercase (`utf-8`, `shift_jis`, `windows-1252`…). */
  readonly encoding: string;
  /** Which clue decided it. */
  readonly by: 'bom' | 'utf-8' | 'xml-declaration' | 'http-header' | 'fallback';
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

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
  try {
    return { text: utf8.decode(bytes), encoding: 'utf-8', by: 'utf-8' };
  } catch {
    // Not UTF-8: look for a declared encoding.
  }
  const declared = xmlDeclaredEncoding(bytes);
  if (declared !== null && supported(declared)) {
    return {
      text: decodeWith(bytes, declared),
      encoding: canonical(declared),
      by: 'xml-declaration',
    };
  }
  if (httpCharset && supported(httpCharset)) {
    return {
      text: decodeWith(bytes, httpCharset),
      encoding: canonical(httpCharset),
      by: 'http-header',
    };
  }
  return { text: decodeWith(bytes, 'windows-1252'), encoding: 'windows-1252', by: 'fallback' };
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

function decodeWith(bytes: Uint8Array, label: string): string {
  const name = canonical(label);
  if (name === 'utf-8' || name === 'utf8') return new TextDecoder('utf-8').decode(bytes);
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), name);
}
