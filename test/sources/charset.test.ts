import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { charsetOf, decodeFeedBytes } from '../../src/sources/charset.ts';

const xml = (encoding: string | null, body: string) =>
  `<?xml version="1.0"${encoding === null ? '' : ` encoding="${encoding}"`}?><rss><channel><title>${body}</title></channel></rss>`;

describe('decodeFeedBytes', () => {
  it('GIVEN a byte order mark THEN it decides, whatever the labels say', () => {
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(xml('ISO-8859-1', 'Zürich'), 'utf16le'),
    ]);
    expect(decodeFeedBytes(utf16, 'iso-8859-1')).toMatchObject({ encoding: 'utf-16le', by: 'bom' });
    expect(decodeFeedBytes(utf16).text).toContain('Zürich');
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<rss/>')]);
    expect(decodeFeedBytes(utf8).text).toBe('<rss/>');
  });

  it('GIVEN valid UTF-8 under a wrong label THEN UTF-8 wins', () => {
    const decoded = decodeFeedBytes(Buffer.from(xml('ISO-8859-1', 'Café — “ok”')), 'windows-1252');
    expect(decoded).toMatchObject({ encoding: 'utf-8', by: 'utf-8' });
    expect(decoded.text).toContain('Café — “ok”');
  });

  it('GIVEN a Shift_JIS prolog THEN the prolog decides over the HTTP charset', () => {
    const bytes = iconv.encode(xml('Shift_JIS', 'ソフトウェア表示'), 'Shift_JIS');
    expect(decodeFeedBytes(bytes, 'euc-jp')).toMatchObject({
      encoding: 'shift_jis',
      by: 'xml-declaration',
    });
    expect(decodeFeedBytes(bytes).text).toContain('ソフトウェア表示');
  });

  it('GIVEN no usable prolog THEN the HTTP charset decides', () => {
    const bytes = iconv.encode(xml('UTF-8', '東京'), 'EUC-JP');
    expect(decodeFeedBytes(bytes, 'euc-jp')).toMatchObject({
      encoding: 'euc-jp',
      by: 'http-header',
    });
    expect(decodeFeedBytes(bytes, 'euc-jp').text).toContain('東京');
  });

  it('GIVEN no label at all THEN windows-1252, with 0x80–0x9F as smart quotes, € and dashes', () => {
    const bytes = Buffer.from([
      ...Buffer.from('<t>'),
      0x93,
      0x41,
      0x94,
      0x20,
      0x80,
      0x20,
      0x97,
      0x20,
      0xe9,
      ...Buffer.from('</t>'),
    ]);
    expect(decodeFeedBytes(bytes)).toEqual({
      text: '<t>“A” € — é</t>',
      encoding: 'windows-1252',
      by: 'fallback',
    });
    expect(decodeFeedBytes(Buffer.from([0x93, 0x94]), 'iso-8859-1').text).toBe('“”');
  });

  it('GIVEN UTF-8 with one stray byte THEN the good characters survive', () => {
    const bytes = Buffer.concat([
      Buffer.from('日本 — café '),
      Buffer.from([0xff]),
      Buffer.from(' ok'),
    ]);
    const decoded = decodeFeedBytes(bytes);
    expect(decoded.text).toBe('日本 — café \uFFFD ok');
  });
});

describe('decodeFeedBytes on plain ASCII', () => {
  it('GIVEN only ASCII bytes THEN the text reads as UTF-8 would, whatever the labels say', () => {
    const text = xml('Shift_JIS', 'Plain &amp; simple &#8220;news&#8221;');
    const bytes = Buffer.from(text);
    expect(decodeFeedBytes(bytes, 'euc-jp')).toEqual({ text, encoding: 'utf-8', by: 'utf-8' });
    // A view on a larger buffer, not a Buffer itself, decodes the same.
    const larger = new Uint8Array(bytes.length + 4);
    larger.set(bytes, 2);
    expect(decodeFeedBytes(larger.subarray(2, 2 + bytes.length)).text).toBe(text);
    expect(decodeFeedBytes(new Uint8Array([0x3c, 0x61, 0x00, 0x7f, 0x3e])).text).toBe(
      new TextDecoder().decode(new Uint8Array([0x3c, 0x61, 0x00, 0x7f, 0x3e])),
    );
  });
});

describe('charsetOf', () => {
  it('GIVEN Content-Type values THEN the charset parameter comes out', () => {
    expect(charsetOf('text/xml; charset="Shift_JIS"')).toBe('shift_jis');
    expect(charsetOf('application/rss+xml')).toBeNull();
    expect(charsetOf(null)).toBeNull();
  });
});
