import { describe, expect, it } from 'vitest';
import { attribute, scanXml, type XmlElement } from '../../src/sources/xml-scan.ts';

const scan = (text: string, keepDepth = 8) => scanXml(text, keepDepth);
const root = (text: string, keepDepth = 8): XmlElement => {
  const result = scan(text, keepDepth);
  if (!result.ok) throw new Error(result.reason);
  return result.root;
};
const reason = (text: string) => {
  const result = scan(text);
  return result.ok ? null : result.reason;
};
const inner = (text: string, element: XmlElement | undefined) =>
  element === undefined ? undefined : text.slice(element.start, element.end);

describe('scanXml', () => {
  it('GIVEN well-formed XML THEN names are lowercased, attributes raw and content located', () => {
    const text = `<?xml version="1.0"?>
<!-- a comment -->
<RSS Version='2.0' xmlns:dc="http://purl.org/dc/elements/1.1/">
  <Item a = "x &amp; y" b='>'><title>T &amp; <![CDATA[<b>c</b>]]><!-- n --></title><empty/></Item>
  <?pi data?>
</RSS>
`;
    const rss = root(text);
    expect(rss.name).toBe('rss');
    expect(attribute(rss, 'version')).toBe('2.0');
    const item = rss.children![0]!;
    expect(item.name).toBe('item');
    expect(item.attrs).toEqual(['a', 'x &amp; y', 'b', '>']);
    const [title, empty] = item.children!;
    expect(inner(text, title)).toBe('T &amp; <![CDATA[<b>c</b>]]><!-- n -->');
    expect(title!.markup).toBe(true);
    expect(empty).toMatchObject({ name: 'empty', children: null, markup: false });
    expect(inner(text, empty)).toBe('');
  });

  it('GIVEN a depth to keep THEN deeper elements are checked but not kept', () => {
    const text = '<a><b><c><d/></c></b></a>';
    expect(root(text, 2).children![0]).toMatchObject({ name: 'b', children: null, markup: true });
    expect(reason('<a><b><c></b></c></a>')).toMatch(/expected/);
  });

  it.each([
    ['<a><b></a></b>', /<\/b> expected/],
    ['<a><b>', /not closed/],
    ['<a>', /not closed/],
    ['</a>', /nothing open/],
    ['<!DOCTYPE a><a/>', /DOCTYPE/],
    ['<a b=c/>', /unquoted/],
    ['<a b/>', /without a value/],
    ['<a b="1" b="2"/>', /repeated attribute/],
    ['<a b="1"c="2"/>', /run together/],
    ['<a b="<"/>', /`<` inside an attribute/],
    ['<a b="1/>', /does not close/],
    ['x<a/>', /outside the root/],
    ['<a/>x', /outside the root/],
    ['<a/><b/>', /second root/],
    ['<a><!-- x -- y --></a>', /`--` inside a comment/],
    ['<a><!---></a>-->', /`--` inside a comment/],
    ['<a>< b</a>', /starts no tag/],
    ['<a><b xmlns:x="u"/></a>', /below the root/],
    ['<a><b xmlns="u"/></a>', /below the root/],
    ['<a><?pi a="?>"?></a>', /quotes in a PI/],
    ['<a><?pi xmlns:d="u"?></a>', /namespace in a PI/],
    ['<a><![CDATA[x</a>', /CDATA section does not close/],
    ['<__proto__/>', /reserved element name/],
    ['<a constructor="x"/>', /reserved attribute name/],
    [`${'<a>'.repeat(70)}${'</a>'.repeat(70)}`, /nested too deep/],
    [`<a ${Array.from({ length: 70 }, (_, i) => `x${i}="1"`).join(' ')}/>`, /too many/],
    ['<a>\u00e9<\u00e9/></a>', /starts no tag/],
  ])('GIVEN %s THEN it gives up (%s)', (text, why) => {
    expect(reason(text)).toMatch(why);
  });

  it('GIVEN an item handler THEN items arrive complete, in order, and are not kept', () => {
    const text =
      '<rss><channel><title>c</title><item><title>1</title></item><x><item/></x><item/><item><title>3</title></item></channel></rss>';
    const seen: string[] = [];
    const result = scanXml(text, 4, {
      name: 'item',
      depth: 3,
      parent: 'channel',
      onItem: (item) => seen.push(inner(text, item.children?.[0]) ?? '-'),
    });
    expect(seen).toEqual(['1', '-', '3']);
    const channel = result.ok ? result.root.children![0]! : null;
    expect(channel?.children?.map((c) => c.name)).toEqual(['title', 'x']);
    expect(channel?.children?.[1]?.children?.map((c) => c.name)).toEqual(['item']);
  });

  it('GIVEN an item handler that throws THEN the scan stops with its error', () => {
    expect(() =>
      scanXml('<f><e/><e/></f>', 3, {
        name: 'e',
        depth: 2,
        parent: 'f',
        onItem: () => {
          throw new Error('stop');
        },
      }),
    ).toThrow('stop');
  });
});
