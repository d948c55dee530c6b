import { describe, expect, it } from 'vitest';
import {
  decodeEntities,
  htmlToLine,
  htmlToText,
  oneLine,
  plainText,
  readableFileName,
} from '../../src/sources/text.ts';
import * as reference from './text-reference.ts';

describe('htmlToText', () => {
  it('GIVEN paragraphs and inline markup THEN paragraphs become lines and tags vanish', () => {
    expect(htmlToText('<p>Full <b>HTML</b> body</p><p>Second<br/>line</p>')).toBe(
      'Full HTML body\nSecond\nline',
    );
  });

  it('GIVEN scripts, styles, images and comments THEN nothing of them passes on', () => {
    const text = htmlToText(
      '<p>Para</p><script>alert(1)</script><style>p{}</style><img src=x onerror="alert(2)"><!-- note -->',
    );
    expect(text).toBe('Para');
  });

  it('GIVEN entities, named and numeric THEN they are decoded once the tags are gone', () => {
    expect(
      htmlToText('Caf&eacute;&nbsp;society &mdash; &#8220;quoted&#8221; &#x2014; &lt;b&gt;'),
    ).toBe('Café society — “quoted” — <b>');
    expect(decodeEntities('&#150; &#0; &bogus; &amp;')).toBe('– \uFFFD &bogus; &');
  });

  it('GIVEN angle brackets that are not HTML THEN they stay as text', () => {
    expect(htmlToText('Part A & <Part B> end')).toBe('Part A & <Part B> end');
    expect(htmlToText('if a < b and c > d')).toBe('if a < b and c > d');
  });

  it('GIVEN ragged whitespace THEN lines are trimmed and blank lines dropped', () => {
    expect(plainText('  one \r\n\r\n\t two  three \u00a0\n\n')).toBe('one\ntwo three');
  });

  it('GIVEN list items and table cells THEN they stay apart', () => {
    expect(
      htmlToText('<ul><li>one</li><li>two</li></ul><table><tr><td>a</td><td>b</td></tr></table>'),
    ).toBe('one\ntwo\na b');
  });
});

describe('readableFileName', () => {
  it('GIVEN file names THEN a readable source name comes out', () => {
    expect(readableFileName('000_ac34e30a3b4bbd8c.txt')).toBe('ac34e30a3b4bbd8c');
    expect(readableFileName('sub/bbc-world.feed.json')).toBe('bbc world');
    expect(readableFileName('briefs.txt')).toBe('briefs');
  });
});

describe('the one-pass text clean-up', () => {
  /** Deterministic pseudo-random numbers, so a failure can be replayed. */
  const random = (seed: number) => () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const atoms = [
    'a',
    'Zz',
    'word',
    ' ',
    '  ',
    '\t',
    '\n',
    '\r\n',
    '\r',
    '\u00a0',
    '\u2028',
    '\u3000',
    '\u200b',
    '\ufeff',
    '\u0000',
    '\u000b',
    '\u007f',
    '\u0085',
    'é',
    '日本',
    '“q”',
    '😀',
    '<p>',
    '</p>',
    '<b>',
    '</B>',
    '<br/>',
    '<li>',
    '</li>',
    '<td a="1">',
    '<dt>',
    '<img src="x>y">',
    '<o:p>',
    '<my-widget>',
    '<Part B>',
    '<script>x</script>',
    '<SCRIPT>',
    '</script>',
    '<style',
    '<svg/>',
    '<Title>t</title>',
    '<',
    '>',
    '/',
    '"',
    "'",
    "<a href='x'>",
    '<!-- c -->',
    '<!--',
    '-->',
    '<!---->',
    '<![CDATA[<i>x</i> &amp;]]>',
    '<![CDATA[',
    ']]>',
    '<!DOCTYPE x>',
    '<!',
    '<!x',
    '<?pi?>',
    '<?',
    '?>',
    '&amp;',
    '&lt;b&gt;',
    '&#150;',
    '&nbsp;',
    '&#10;',
    '&#13;',
    '&#32;',
    '&#9;',
    '&#x200B;',
    '&#xFEFF;',
    '&#11;',
    '&#0;',
    '&#x1F600;',
    '&ensp;',
    '&bogus;',
    '&',
    ';',
    '&#',
    'amp;',
    '&am',
    'p;',
    '&#x4',
    '1;',
    'x'.repeat(40),
  ];
  const functions = [
    ['htmlToText', htmlToText, reference.htmlToText],
    ['htmlToLine', htmlToLine, reference.htmlToLine],
    ['plainText', plainText, reference.plainText],
    ['oneLine', oneLine, reference.oneLine],
    ['decodeEntities', decodeEntities, reference.decodeEntities],
  ] as const;

  it('GIVEN random mixes of markup, references and white space THEN the results equal the plain definitions', () => {
    const next = random(20250115);
    for (let k = 0; k < 20_000; k++) {
      let text = '';
      const count = Math.floor(next() * 16);
      for (let i = 0; i < count; i++) text += atoms[Math.floor(next() * atoms.length)];
      for (const [name, fast, plain] of functions) {
        const want = plain(text);
        if (fast(text) !== want)
          expect({ name, text, got: fast(text) }).toEqual({ name, text, got: want });
      }
    }
  });

  it('GIVEN a reference cut by markup THEN it is decoded as after stripping the tags', () => {
    expect(htmlToText('&am<b></b>p; x')).toBe('& x');
    expect(htmlToText('a <![CDATA[&am]]>p; b')).toBe('a & b');
    expect(htmlToLine('<p>Caf&eacute;</p> &amp <i>x</i>;')).toBe(
      reference.htmlToLine('<p>Caf&eacute;</p> &amp <i>x</i>;'),
    );
  });

  it('GIVEN text beyond Latin-1 and long plain runs THEN every character survives', () => {
    const long = 'Breaking news paragraph with <b>markup</b> &amp; entities. '.repeat(200);
    expect(htmlToText(`<p>${long}</p>`)).toBe(reference.htmlToText(`<p>${long}</p>`));
    expect(htmlToText('日本 “quotes” <b>x</b> — 😀 &#x1F600;')).toBe('日本 “quotes” x — 😀 😀');
    expect(plainText('already clean text')).toBe('already clean text');
  });

  it('GIVEN endless `<!`, `<?` or `&` without their end THEN they stay text', () => {
    expect(htmlToText(`x${'<!'.repeat(5000)}`)).toBe(`x${'<!'.repeat(5000)}`);
    expect(htmlToText(`x ${'<?'.repeat(5000)}`)).toBe(`x ${'<?'.repeat(5000)}`);
    expect(decodeEntities(`${'&'.repeat(5000)};`)).toBe(`${'&'.repeat(5000)};`);
  });
});
