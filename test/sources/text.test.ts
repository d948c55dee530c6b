import { describe, expect, it } from 'vitest';
import { decodeEntities, htmlToText, plainText } from '../../src/sources/text.ts';
import { readableFileName } from '../../src/sources/text.ts';

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
