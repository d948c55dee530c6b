/**
 * The fast path for RSS 2.0 and Atom: reads a feed with the strict scanner of
 * `xml-scan.ts` and builds exactly the feedsmith objects that Herald's mapping reads
 * (same fields, same values), several times faster than fast-xml-parser + feedsmith.
 *
 * "Exactly" is the contract: for every document this accepts, the result equals what
 * feedsmith 3 returns for the fields `feed-parser.ts` uses (a differential test checks it
 * on every fixture, on odd values of each such field in every place, and on a thousand
 * randomly mutated feeds). Whatever it cannot match for
 * certain — a DOCTYPE, XML that is not well-formed, a namespace prefix feedsmith would
 * rename, XHTML text, an item with none of the fields Herald reads — it declines (returns
 * null) and the caller parses with feedsmith as before. So errors, salvage of broken
 * feeds and the refusal of entity declarations stay exactly where they were.
 *
 * The value helpers below restate feedsmith 3.0.1's own (MIT, src/common/utils.ts and
 * src/feeds/rss/parse/utils.ts) so that text decodes identically.
 */
import { decodeHTML } from 'entities';
import type { AnyFeed, AtomFeed, RssFeed } from 'feedsmith';
import { attribute, scanXml, type XmlElement } from './xml-scan.ts';

// ---------------------------------------------------------------- feedsmith's values

/** A `&` that does not start one of XML's five predefined references. */
const OTHER_REFERENCE = /&(?!(?:lt|gt|amp|quot|apos);)/;

/**
 * `decodeHTML` of the entities package (what feedsmith uses), with a shortcut for the
 * common case where every `&` starts `&lt;`, `&gt;`, `&amp;`, `&quot;` or `&apos;`:
 * those five decode alike everywhere, and native replacement is several times faster
 * than the full HTML decoder on escaped HTML bodies. `&amp;` goes last, so `&amp;lt;`
 * decodes once, to `&lt;`.
 */
export function decodeHtml(text: string): string {
  if (OTHER_REFERENCE.test(text)) return decodeHTML(text);
  let out = text.replaceAll('&lt;', '<').replaceAll('&gt;', '>');
  if (out.includes('&quot;')) out = out.replaceAll('&quot;', '"');
  if (out.includes('&apos;')) out = out.replaceAll('&apos;', "'");
  return out.replaceAll('&amp;', '&');
}

function hasEntities(text: string): boolean {
  const amp = text.indexOf('&');
  return amp !== -1 && text.indexOf(';', amp) !== -1;
}

function stripComments(text: string): string {
  let current = text.indexOf('<!--');
  if (current === -1) return text;
  let result = '';
  let last = 0;
  while (current !== -1) {
    result += text.slice(last, current);
    const end = text.indexOf('-->', current + 4);
    if (end === -1) return text;
    last = end + 3;
    current = text.indexOf('<!--', last);
  }
  return result + text.slice(last);
}

function decodeWithCdata(text: string): string {
  let current = text.indexOf('<![CDATA[');
  if (current === -1) return hasEntities(text) ? decodeHtml(text) : text;
  let result = '';
  let last = 0;
  while (current !== -1) {
    const before = text.slice(last, current);
    result += hasEntities(before) ? decodeHtml(before) : before;
    const end = text.indexOf(']]>', current + 9);
    if (end === -1) return hasEntities(text) ? decodeHtml(text) : text;
    result += text.slice(current + 9, end);
    last = end + 3;
    current = text.indexOf('<![CDATA[', last);
  }
  const after = text.slice(last);
  return result + (hasEntities(after) ? decodeHtml(after) : after);
}

/**
 * feedsmith's `parseString` of an element's raw content or an attribute's raw value:
 * comments dropped, CDATA unwrapped, HTML entities outside CDATA decoded, trimmed.
 */
export function feedString(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  return decodeWithCdata(stripComments(raw)).trim() || undefined;
}

const WHITESPACE_ONLY = /^\p{White_Space}*$/u;
function isNonEmptyString(value: string | undefined): value is string {
  if (value === undefined || value === '') return false;
  const code = value.charCodeAt(0);
  if (code > 32 && code < 127) return true;
  return !WHITESPACE_ONLY.test(value);
}

/** feedsmith's `parseNumber` of raw text: `+raw`, undefined for blank or NaN. */
function feedNumber(raw: string | undefined): number | undefined {
  if (!isNonEmptyString(raw)) return undefined;
  const n = +raw;
  return Number.isNaN(n) ? undefined : n;
}

const TRUE = /^\p{White_Space}*true\p{White_Space}*$/iu;
const FALSE = /^\p{White_Space}*false\p{White_Space}*$/iu;
function feedBoolean(raw: string | undefined): boolean | undefined {
  if (!isNonEmptyString(raw)) return undefined;
  if (TRUE.test(raw)) return true;
  if (FALSE.test(raw)) return false;
  return undefined;
}

// ---------------------------------------------------------------- RSS persons (feedsmith)

interface RssPerson {
  name?: string;
  email?: string;
  link?: string;
}

const EMAIL = /^[^\s@()<>[\]]+@[^\s@()<>[\]]+\.[^\s@()<>[\]]+$/;
const URL_LIKE = /^(?:https?:\/\/|www\.)[^\s]+\.[^\s]+$/;
const MAILTO = /^mailto:/i;
const HAS_BRACKETS = /[<[(]/;
const SEPARATORS = /^[\s,\-|/:;]+|[\s,\-|/:;]+$/g;

function stripMailto(value: string): string {
  const stripped = value.replace(MAILTO, '');
  return stripped !== value ? stripped.replace(/\?.*$/, '') : stripped;
}

/** An object literal whose optional fields may still hold `undefined`. */
type Loose<T> = { -readonly [K in keyof T]?: T[K] | undefined };

/**
 * feedsmith's `trimObject` without the copy: the object when any field is set, else
 * undefined. Unset fields stay as `undefined`, which Herald's mapping reads like absent
 * ones (`?.`, `??`); deleting them would only slow every later access.
 */
function some<T extends object>(object: Loose<T>): T | undefined {
  for (const key in object) {
    if ((object as Record<string, unknown>)[key] !== undefined) return object as T;
  }
  return undefined;
}

function unbracketedPerson(raw: string): RssPerson | undefined {
  if (!raw.includes('@') && !raw.includes('://') && !raw.includes('www.')) return { name: raw };
  const nameParts: string[] = [];
  let email: string | undefined;
  let link: string | undefined;
  for (const word of raw.split(/\s+/)) {
    const stripped = stripMailto(word);
    if (URL_LIKE.test(word) && !link) link = word;
    else if (EMAIL.test(stripped) && !email) email = stripped;
    else nameParts.push(word);
  }
  if (!email && !link) return { name: raw };
  return some<RssPerson>({
    name: feedString(nameParts.join(' ').replace(SEPARATORS, '')),
    email,
    link,
  });
}

function bracketedPerson(raw: string): RssPerson | undefined {
  const person: RssPerson = {};
  const nameParts: string[] = [];
  const length = raw.length;
  let unbracketedName = false;
  let i = 0;
  while (i < length) {
    let chunk: string | undefined;
    let bracketed = false;
    let openBracket = '';
    let closeBracket = '';
    const char = raw[i];
    if (char === '<' || char === '(' || char === '[') {
      openBracket = char;
      closeBracket = char === '<' ? '>' : char === '(' ? ')' : ']';
      const start = i + 1;
      let depth = 1;
      let end = start;
      while (end < length && depth > 0) {
        if (raw[end] === openBracket) depth++;
        else if (raw[end] === closeBracket) depth--;
        end++;
      }
      if (depth === 0) {
        bracketed = true;
        chunk = feedString(raw.slice(start, end - 1));
        i = end;
      } else {
        const literalStart = i;
        i = start;
        while (i < length && raw[i] !== '<' && raw[i] !== '(' && raw[i] !== '[') i++;
        chunk = feedString(raw.slice(literalStart, i));
      }
    } else {
      const start = i;
      while (i < length && raw[i] !== '<' && raw[i] !== '(' && raw[i] !== '[') i++;
      chunk = feedString(raw.slice(start, i));
    }
    if (!chunk) continue;
    const strippedChunk = stripMailto(chunk);
    if (URL_LIKE.test(chunk) && !person.link) person.link = chunk;
    else if (EMAIL.test(strippedChunk) && !person.email) person.email = strippedChunk;
    else if (bracketed) {
      nameParts.push(unbracketedName ? `${openBracket}${chunk}${closeBracket}` : chunk);
    } else {
      unbracketedName = true;
      nameParts.push(chunk);
    }
  }
  const name = feedString(nameParts.join(' '));
  if (name !== undefined) person.name = name;
  return some<RssPerson>(person);
}

/** feedsmith's RSS `parsePerson` of `<author>`'s text: `Name (mail@x)`, `mail@x (Name)`… */
function rssPerson(raw: string | undefined): RssPerson | undefined {
  const text = feedString(raw);
  if (!text) return undefined;
  const stripped = stripMailto(text);
  if (URL_LIKE.test(stripped)) return { link: stripped };
  if (EMAIL.test(stripped)) return { email: stripped };
  return HAS_BRACKETS.test(text) ? bracketedPerson(text) : unbracketedPerson(text);
}

// ---------------------------------------------------------------- namespaces

/**
 * The namespaces Herald reads, with every URI feedsmith 3 knows for each (a test checks
 * this against feedsmith's own table). feedsmith renames a prefix bound to a URI it
 * knows to its canonical prefix; this path only runs when no such renaming can touch a
 * field Herald reads.
 */
export const NAMESPACE_URIS: Readonly<Record<string, readonly string[]>> = {
  atom: [
    'http://www.w3.org/2005/Atom',
    'https://www.w3.org/2005/Atom',
    'http://www.w3.org/2005/Atom/',
    'https://www.w3.org/2005/Atom/',
    'http://purl.org/atom/ns#',
    'https://purl.org/atom/ns#',
  ],
  dc: [
    'http://purl.org/dc/elements/1.1/',
    'https://purl.org/dc/elements/1.1/',
    'http://purl.org/dc/elements/1.1',
    'https://purl.org/dc/elements/1.1',
    'http://dublincore.org/documents/dcmi-namespace/',
    'https://dublincore.org/documents/dcmi-namespace/',
    'http://dublincore.org/documents/dcmi-namespace',
    'https://dublincore.org/documents/dcmi-namespace',
    'http://purl.org/dc/elements/1.0/',
    'https://purl.org/dc/elements/1.0/',
    'http://purl.org/dc/elements/1.0',
    'https://purl.org/dc/elements/1.0',
  ],
  dcterms: [
    'http://purl.org/dc/terms/',
    'https://purl.org/dc/terms/',
    'http://purl.org/dc/terms',
    'https://purl.org/dc/terms',
    'http://dublincore.org/documents/dcmi-terms/',
    'https://dublincore.org/documents/dcmi-terms/',
    'http://dublincore.org/documents/dcmi-terms',
    'https://dublincore.org/documents/dcmi-terms',
    'http://dublincore.org/specifications/dublin-core/dcmi-terms/',
    'https://dublincore.org/specifications/dublin-core/dcmi-terms/',
    'http://dublincore.org/specifications/dublin-core/dcmi-terms',
    'https://dublincore.org/specifications/dublin-core/dcmi-terms',
  ],
  content: [
    'http://purl.org/rss/1.0/modules/content/',
    'https://purl.org/rss/1.0/modules/content/',
    'http://purl.org/rss/1.0/modules/content',
    'https://purl.org/rss/1.0/modules/content',
  ],
  sy: [
    'http://purl.org/rss/1.0/modules/syndication/',
    'https://purl.org/rss/1.0/modules/syndication/',
    'http://purl.org/rss/1.0/modules/syndication',
    'https://purl.org/rss/1.0/modules/syndication',
  ],
  itunes: [
    'http://www.itunes.com/dtds/podcast-1.0.dtd',
    'https://www.itunes.com/dtds/podcast-1.0.dtd',
  ],
};

const URI_OWNER: ReadonlyMap<string, string> = new Map(
  Object.entries(NAMESPACE_URIS).flatMap(([prefix, uris]) =>
    uris.map((uri) => [uri.toLowerCase(), prefix] as const),
  ),
);

type Format = 'rss' | 'atom';

/** Whether feedsmith would leave a `prefix` → `uri` binding harmless to what Herald reads. */
function bindingIsSafe(prefix: string, uri: string, format: Format): boolean {
  if (prefix === 'xml' || prefix === 'xmlns') return true; // feedsmith never renames these
  const owner = URI_OWNER.get(uri.trim().toLowerCase());
  if (format === 'atom' && owner === 'atom') return false; // Atom's own prefix is dropped
  return Object.hasOwn(NAMESPACE_URIS, prefix) ? owner === prefix : owner === undefined;
}

/** feedsmith's `findRootIndex`, for its namespace seeding below. */
function findRootIndex(doc: string): number {
  let index = doc.indexOf('<');
  while (index !== -1) {
    const marker = doc.charCodeAt(index + 1);
    if (marker !== 63 && marker !== 33) return index;
    const end = doc.startsWith('<!--', index) ? doc.indexOf('-->', index) : doc.indexOf('>', index);
    if (end === -1) return -1;
    index = doc.indexOf('<', end);
  }
  return -1;
}

/**
 * feedsmith seeds its prefix map from every `xmlns:p="…"` in the first 64 KB after the
 * root's start (text included), then from the declarations it parses. Here all of them,
 * and the root's, must be harmless; the scanner already refused declarations below it.
 */
function namespacesAreSafe(doc: string, root: XmlElement, format: Format): boolean {
  const head = doc.length > 65536 ? doc.slice(0, 65536) : doc;
  const declaration = /([\w.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;
  let index = head.indexOf('xmlns:', findRootIndex(head));
  while (index !== -1) {
    declaration.lastIndex = index + 6;
    const match = declaration.exec(head);
    if (match !== null) {
      const uri = match[2] ?? match[3] ?? '';
      if (!bindingIsSafe(match[1]!.toLowerCase(), uri, format)) return false;
    }
    index = head.indexOf('xmlns:', match !== null ? declaration.lastIndex : index + 6);
  }
  const attrs = root.attrs ?? [];
  for (let k = 0; k < attrs.length; k += 2) {
    const name = attrs[k]!;
    const value = attrs[k + 1]!;
    if (name === 'xmlns') {
      // A default namespace feedsmith knows renames every unprefixed element, except
      // Atom's own in an Atom feed.
      if (format === 'rss' || URI_OWNER.get(value.trim().toLowerCase()) !== 'atom') return false;
    } else if (name.startsWith('xmlns:') && !bindingIsSafe(name.slice(6), value, format)) {
      return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------- detection (feedsmith)

const RSS_ELEMENT = /(?:^|[\s>])<(?:\w+:)?rss[\s>]/im;
const VERSION_ATTRIBUTE = /version\s*=\s*["'][^"']*["']/i;
const RSS_ELEMENTS = /(<(channel|item|title|link|description|pubDate|guid)[\s>])/i;
const FEED_ELEMENT = /(?:^|[\s>])<(?:\w+:)?feed[\s>]/im;
const ATOM_ELEMENTS = /(<(?:\w+:)?(entry|title|link|id|updated|summary)[\s>])/i;

function detected(doc: string, format: Format): boolean {
  if (format === 'rss') {
    return RSS_ELEMENT.test(doc) && (VERSION_ATTRIBUTE.test(doc) || RSS_ELEMENTS.test(doc));
  }
  return (
    FEED_ELEMENT.test(doc) &&
    (NAMESPACE_URIS.atom!.some((uri) => doc.includes(uri)) || ATOM_ELEMENTS.test(doc))
  );
}

// ---------------------------------------------------------------- reading elements

/** Thrown inside the builders to decline the whole document; never escapes this module. */
class Decline extends Error {}

const NONE: readonly XmlElement[] = [];

class Reader {
  constructor(readonly text: string) {}

  raw(element: XmlElement): string {
    return element.start === element.end ? '' : this.text.slice(element.start, element.end);
  }

  /** feedsmith's value of a stop node (raw content kept verbatim by fast-xml-parser). */
  string(element: XmlElement | undefined): string | undefined {
    return element === undefined ? undefined : feedString(this.raw(element));
  }

  strings(elements: readonly XmlElement[] | undefined): string[] | undefined {
    if (elements === undefined) return undefined;
    const out: string[] = [];
    for (const element of elements) {
      const value = this.string(element);
      if (value !== undefined) out.push(value);
    }
    return out.length > 0 ? out : undefined;
  }

  /** feedsmith's Atom `parseLink`: only an element with attributes is a link. */
  link(element: XmlElement): AtomFeed.Link<string> | undefined {
    const attrs = element.attrs;
    if (attrs === null) return undefined;
    for (let k = 0; k < attrs.length; k += 2) {
      if (attrs[k]!.startsWith('thr:')) throw new Decline(); // feedsmith adds `link.thr`
    }
    return some<AtomFeed.Link<string>>({
      href: feedString(attribute(element, 'href')) ?? this.string(element),
      rel: feedString(attribute(element, 'rel')),
      type: feedString(attribute(element, 'type')),
      hreflang: feedString(attribute(element, 'hreflang')),
      title: feedString(attribute(element, 'title')),
      length: feedNumber(attribute(element, 'length')),
    });
  }

  links(elements: readonly XmlElement[] | undefined): AtomFeed.Link<string>[] | undefined {
    if (elements === undefined) return undefined;
    const out: AtomFeed.Link<string>[] = [];
    for (const element of elements) {
      const link = this.link(element);
      if (link !== undefined) out.push(link);
    }
    return out.length > 0 ? out : undefined;
  }

  /** feedsmith's Atom text construct; XHTML is left to feedsmith. */
  atomText(element: XmlElement | undefined): AtomFeed.Text | undefined {
    if (element === undefined) return undefined;
    if (element.attrs === null) {
      const value = this.string(element);
      return value ? { value } : undefined;
    }
    const type = feedString(attribute(element, 'type'));
    if (type === 'xhtml' || type === 'application/xhtml+xml') throw new Decline();
    const value = this.string(element);
    if (!value) return undefined;
    return type === undefined ? { value } : { value, type };
  }

  atomContent(element: XmlElement | undefined): AtomFeed.Content | undefined {
    if (element === undefined) return undefined;
    if (element.attrs === null) {
      const value = this.string(element);
      return value ? { value } : undefined;
    }
    const type = feedString(attribute(element, 'type'));
    if (type === 'xhtml' || type === 'application/xhtml+xml') throw new Decline();
    return some<AtomFeed.Content>({
      value: this.string(element),
      type,
      src: feedString(attribute(element, 'src')),
    });
  }

  /** feedsmith's Atom `parsePerson`: an element with children or attributes. */
  atomPeople(elements: readonly XmlElement[] | undefined): AtomFeed.Person[] | undefined {
    if (elements === undefined) return undefined;
    const out: AtomFeed.Person[] = [];
    for (const element of elements) {
      if (element.attrs === null && element.children === null) continue;
      let name: XmlElement | undefined;
      let uri: XmlElement | undefined;
      let url: XmlElement | undefined;
      let email: XmlElement | undefined;
      for (const child of element.children ?? NONE) {
        if (child.name === 'name') name ??= child;
        else if (child.name === 'uri') uri ??= child;
        else if (child.name === 'url') url ??= child;
        else if (child.name === 'email') email ??= child;
      }
      const person = some<AtomFeed.Person>({
        name: this.string(name),
        uri: this.string(uri) || this.string(url),
        email: this.string(email),
      });
      if (person !== undefined) out.push(person);
    }
    return out.length > 0 ? out : undefined;
  }

  /** `@xml:base`, as feedsmith's `xml` namespace object (the only field Herald reads). */
  xml(element: XmlElement): { base: string } | undefined {
    const base = feedString(attribute(element, 'xml:base'));
    return base === undefined ? undefined : { base };
  }

  sy(fields: Fields): { updatePeriod?: string; updateFrequency?: number } | undefined {
    const period = fields.get('sy:updateperiod');
    const frequency = fields.get('sy:updatefrequency');
    if (period === undefined && frequency === undefined) return undefined;
    return some<{ updatePeriod?: string; updateFrequency?: number }>({
      updatePeriod: this.string(period),
      updateFrequency: frequency === undefined ? undefined : feedNumber(this.raw(frequency)),
    });
  }
}

/** The children of a channel or feed element grouped by name, in document order. */
class Fields {
  readonly #all = new Map<string, XmlElement[]>();

  constructor(element: XmlElement) {
    for (const child of element.children ?? NONE) {
      const list = this.#all.get(child.name);
      if (list === undefined) this.#all.set(child.name, [child]);
      else list.push(child);
    }
  }

  /** The first such child: feedsmith reads a singular field from the first occurrence. */
  get(name: string): XmlElement | undefined {
    return this.#all.get(name)?.[0];
  }

  all(name: string): readonly XmlElement[] | undefined {
    return this.#all.get(name);
  }
}

// ---------------------------------------------------------------- RSS

/** One pass over an item's children: first of each singular field, all of each list. */
function rssItem(r: Reader, element: XmlElement): RssFeed.Item<string> {
  let title: XmlElement | undefined,
    link: XmlElement | undefined,
    description: XmlElement | undefined,
    guid: XmlElement | undefined,
    pubDate: XmlElement | undefined,
    encoded: XmlElement | undefined,
    itunesAuthor: XmlElement | undefined;
  let published: XmlElement | undefined,
    issued: XmlElement | undefined,
    created: XmlElement | undefined,
    updated: XmlElement | undefined,
    modified: XmlElement | undefined;
  let atomLinks: XmlElement[] | undefined,
    dcTitles: XmlElement[] | undefined,
    dcCreators: XmlElement[] | undefined,
    dcSubjects: XmlElement[] | undefined,
    dcDescriptions: XmlElement[] | undefined,
    dcDates: XmlElement[] | undefined;
  let termsIssued: XmlElement[] | undefined, termsCreated: XmlElement[] | undefined;
  let authors: RssPerson[] | undefined;
  let categories: RssFeed.Category[] | undefined;
  for (const child of element.children ?? NONE) {
    switch (child.name) {
      case 'title':
        title ??= child;
        break;
      case 'link':
        link ??= child;
        break;
      case 'description':
        description ??= child;
        break;
      case 'guid':
        guid ??= child;
        break;
      case 'pubdate':
        pubDate ??= child;
        break;
      case 'content:encoded':
        encoded ??= child;
        break;
      case 'itunes:author':
        itunesAuthor ??= child;
        break;
      case 'author': {
        // Not a stop node in feedsmith: its text equals the raw content only when there is
        // no markup inside.
        if (child.markup) throw new Decline();
        const person = rssPerson(r.raw(child));
        if (person !== undefined) (authors ??= []).push(person);
        break;
      }
      case 'category': {
        const category = some<RssFeed.Category>({
          name: r.string(child),
          domain: feedString(attribute(child, 'domain')),
        });
        if (category !== undefined) (categories ??= []).push(category);
        break;
      }
      case 'atom:link':
        (atomLinks ??= []).push(child);
        break;
      case 'atom:published':
        published ??= child;
        break;
      case 'atom:issued':
        issued ??= child;
        break;
      case 'atom:created':
        created ??= child;
        break;
      case 'atom:updated':
        updated ??= child;
        break;
      case 'atom:modified':
        modified ??= child;
        break;
      case 'dc:title':
        (dcTitles ??= []).push(child);
        break;
      case 'dc:creator':
        (dcCreators ??= []).push(child);
        break;
      case 'dc:subject':
        (dcSubjects ??= []).push(child);
        break;
      case 'dc:description':
        (dcDescriptions ??= []).push(child);
        break;
      case 'dc:date':
        (dcDates ??= []).push(child);
        break;
      case 'dcterms:issued':
        (termsIssued ??= []).push(child);
        break;
      case 'dcterms:created':
        (termsCreated ??= []).push(child);
        break;
    }
  }
  const encodedText = r.string(encoded);
  const itunesText = r.string(itunesAuthor);
  const item = {
    title: r.string(title),
    link: r.string(link),
    description: r.string(description),
    authors,
    categories,
    guid:
      guid === undefined
        ? undefined
        : some<RssFeed.Guid>({
            value: r.string(guid),
            isPermaLink: feedBoolean(attribute(guid, 'ispermalink')),
          }),
    pubDate: r.string(pubDate),
    atom: some<{ links?: AtomFeed.Link<string>[]; published?: string; updated?: string }>({
      links: r.links(atomLinks),
      published: r.string(published) || r.string(issued) || r.string(created),
      updated: r.string(updated) || r.string(modified),
    }),
    dc: some<{
      titles?: string[];
      creators?: string[];
      subjects?: string[];
      descriptions?: string[];
      dates?: string[];
    }>({
      titles: r.strings(dcTitles),
      creators: r.strings(dcCreators),
      subjects: r.strings(dcSubjects),
      descriptions: r.strings(dcDescriptions),
      dates: r.strings(dcDates),
    }),
    dcterms: some<{ issued?: string[]; created?: string[] }>({
      issued: r.strings(termsIssued),
      created: r.strings(termsCreated),
    }),
    content: encodedText === undefined ? undefined : { encoded: encodedText },
    itunes: itunesText === undefined ? undefined : { author: itunesText },
    xml: r.xml(element),
  };
  // feedsmith drops an item with no fields at all; one with only fields Herald does not
  // read would be kept there and dropped here, so leave such a feed to feedsmith.
  const kept = some(item);
  if (kept === undefined) throw new Decline();
  return kept;
}

function rssFeed(r: Reader, root: XmlElement, items: RssFeed.Item<string>[]): RssFeed.Feed<string> {
  let channel: XmlElement | undefined;
  for (const child of root.children ?? NONE) {
    if (child.name === 'channel') {
      if (channel !== undefined) throw new Decline(); // feedsmith reads the first only
      channel = child;
    } else if (child.name === 'item') {
      throw new Decline(); // RSS 0.9x items outside the channel
    }
  }
  if (channel === undefined) throw new Decline();
  const f = new Fields(channel);
  const ttl = f.get('ttl');
  const feed = some({
    title: r.string(f.get('title')),
    link: r.string(f.get('link')),
    ttl: ttl === undefined ? undefined : feedNumber(r.raw(ttl)),
    items: items.length > 0 ? items : undefined,
    atom: some<{ links?: AtomFeed.Link<string>[] }>({ links: r.links(f.all('atom:link')) }),
    dc: some<{ titles?: string[] }>({ titles: r.strings(f.all('dc:title')) }),
    sy: r.sy(f),
    xml: r.xml(root),
  });
  if (feed === undefined) throw new Decline();
  return feed;
}

// ---------------------------------------------------------------- Atom

function atomEntry(r: Reader, element: XmlElement): AtomFeed.Entry<string> {
  let content: XmlElement | undefined,
    id: XmlElement | undefined,
    published: XmlElement | undefined,
    issued: XmlElement | undefined,
    created: XmlElement | undefined,
    source: XmlElement | undefined,
    summary: XmlElement | undefined,
    title: XmlElement | undefined;
  let updated: XmlElement | undefined, modified: XmlElement | undefined;
  let authors: XmlElement[] | undefined,
    links: XmlElement[] | undefined,
    dcDates: XmlElement[] | undefined,
    dcCreators: XmlElement[] | undefined;
  let categories: AtomFeed.Category[] | undefined;
  for (const child of element.children ?? NONE) {
    switch (child.name) {
      case 'author':
        (authors ??= []).push(child);
        break;
      case 'category': {
        if (child.attrs === null) break;
        const category = some<AtomFeed.Category>({
          term: feedString(attribute(child, 'term')),
          scheme: feedString(attribute(child, 'scheme')),
          label: feedString(attribute(child, 'label')),
        });
        if (category !== undefined) (categories ??= []).push(category);
        break;
      }
      case 'content':
        content ??= child;
        break;
      case 'id':
        id ??= child;
        break;
      case 'link':
        (links ??= []).push(child);
        break;
      case 'published':
        published ??= child;
        break;
      case 'issued':
        issued ??= child;
        break;
      case 'created':
        created ??= child;
        break;
      case 'source':
        source ??= child;
        break;
      case 'summary':
        summary ??= child;
        break;
      case 'title':
        title ??= child;
        break;
      case 'updated':
        updated ??= child;
        break;
      case 'modified':
        modified ??= child;
        break;
      case 'dc:date':
        (dcDates ??= []).push(child);
        break;
      case 'dc:creator':
        (dcCreators ??= []).push(child);
        break;
    }
  }
  const sourceAuthors =
    source === undefined ? undefined : r.atomPeople(new Fields(source).all('author'));
  const entry = some({
    authors: r.atomPeople(authors),
    categories,
    content: r.atomContent(content),
    id: r.string(id),
    links: r.links(links),
    published: r.string(published) || r.string(issued) || r.string(created),
    source: sourceAuthors === undefined ? undefined : { authors: sourceAuthors },
    summary: r.atomText(summary),
    title: r.atomText(title),
    updated: r.string(updated) || r.string(modified),
    dc: some<{ dates?: string[]; creators?: string[] }>({
      dates: r.strings(dcDates),
      creators: r.strings(dcCreators),
    }),
    xml: r.xml(element),
  });
  if (entry === undefined) throw new Decline();
  return entry;
}

function atomFeed(
  r: Reader,
  root: XmlElement,
  entries: AtomFeed.Entry<string>[],
): AtomFeed.Feed<string> {
  const f = new Fields(root);
  const feed = some({
    authors: r.atomPeople(f.all('author')),
    links: r.links(f.all('link')),
    title: r.atomText(f.get('title')),
    entries: entries.length > 0 ? entries : undefined,
    sy: r.sy(f),
    xml: r.xml(root),
  });
  if (feed === undefined) throw new Decline();
  return feed;
}

// ---------------------------------------------------------------- entry point

/**
 * Reads an RSS 2.0 (`root` `rss`) or Atom (`feed`) document into the feedsmith objects
 * Herald maps, or returns null when this path cannot promise feedsmith's exact result:
 * the caller must then use feedsmith.
 * @param doc the document as feedsmith would get it (BOM and leading space removed).
 */
export function fastParseFeed(doc: string, root: string): AnyFeed<string> | null {
  const name = root.toLowerCase();
  const format: Format | null = name === 'rss' ? 'rss' : name === 'feed' ? 'atom' : null;
  if (format === null || !detected(doc, format)) return null;
  // fast-xml-parser normalizes line endings before it reads anything.
  const text = doc.includes('\r') ? doc.replace(/\r\n?/g, '\n') : doc;
  const reader = new Reader(text);
  try {
    // Items are built as each one closes (see `scanXml`); the rest is read at the end.
    if (format === 'rss') {
      const items: RssFeed.Item<string>[] = [];
      const scan = scanXml(text, 4, {
        name: 'item',
        depth: 3,
        parent: 'channel',
        onItem: (item) => items.push(rssItem(reader, item)),
      });
      if (!scan.ok || scan.root.name !== name) return null;
      if (!namespacesAreSafe(doc, scan.root, format)) return null;
      return { format, feed: rssFeed(reader, scan.root, items) };
    }
    const entries: AtomFeed.Entry<string>[] = [];
    const scan = scanXml(text, 5, {
      name: 'entry',
      depth: 2,
      parent: 'feed',
      onItem: (entry) => entries.push(atomEntry(reader, entry)),
    });
    if (!scan.ok || scan.root.name !== name) return null;
    if (!namespacesAreSafe(doc, scan.root, format)) return null;
    return { format, feed: atomFeed(reader, scan.root, entries) };
  } catch (error) {
    if (error instanceof Decline) return null;
    throw error;
  }
}
