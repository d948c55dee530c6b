import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDate, publicationDate } from '../../src/sources/dates.ts';

interface Expected {
  'odd-dates.xml': { dates: Array<{ raw: string; iso: string | null }> };
}
const expected = JSON.parse(readFileSync('test/fixtures/feeds/expected.json', 'utf8')) as Expected;

describe('parseDate', () => {
  const cases = expected['odd-dates.xml'].dates
    .filter((d) => !d.raw.startsWith('dc:date'))
    // The fixture leaves this one open ("anything but a crash"); issue 6 says zone-less is UTC.
    .map((d) => (d.raw === '2025-01-14 09:00:00' ? { ...d, iso: '2025-01-14T09:00:00.000Z' } : d));

  it.each(cases)('GIVEN "$raw" THEN $iso', ({ raw, iso }) => {
    const ms = parseDate(raw);
    expect(ms === null ? null : new Date(ms).toISOString()).toBe(iso);
  });

  it('GIVEN impossible or foreign dates THEN null, never a rolled-over guess', () => {
    for (const raw of [
      '2025-02-29',
      '2025-13-01',
      '2025-01-14T25:00:00Z',
      'Mon, 14 Foo 2025 09:00:00 GMT',
      'soon',
      '1736845200',
    ]) {
      expect(parseDate(raw)).toBeNull();
    }
    expect(parseDate('2024-02-29')).toBe(Date.parse('2024-02-29T00:00:00Z'));
  });

  it('GIVEN zone-less ISO dates THEN they are read as UTC whatever the host zone', () => {
    expect(parseDate('2025-01-14T09:00:00')).toBe(Date.parse('2025-01-14T09:00:00Z'));
    expect(parseDate('2025-01-14T09:00:00.250+01:00')).toBe(Date.parse('2025-01-14T08:00:00.250Z'));
  });

  it('GIVEN a date more than 48 hours ahead THEN it is not a publication date', () => {
    const now = Date.parse('2025-01-14T00:00:00Z');
    expect(publicationDate('2025-01-15T23:00:00Z', now)).toBe(Date.parse('2025-01-15T23:00:00Z'));
    expect(publicationDate('2025-01-16T01:00:00Z', now)).toBeNull();
  });
});

describe('parseDate on the common shapes', () => {
  // `2025-01-14T09:00:00Z` and `Tue, 14 Jan 2025 09:00:00 GMT` are read by a quick path;
  // a leading space sends the same text down the general path, which must agree.
  const iso = (y: string, mo: string, d: string, t: string, frac: string, zone: string) =>
    `${y}-${mo}-${d}T${t}${frac}${zone}`;
  const rfc = (wd: string, d: string, mon: string, y: string, t: string, zone: string) =>
    `${wd}, ${d} ${mon} ${y} ${t} ${zone}`;
  const years = ['2025', '2024', '1900', '1899', '2100', '3000'];
  const days = ['01', '1', '7', '28', '29', '30', '31', '32', '00'];
  const times = ['00:00:00', '09:30:15', '23:59:60', '24:00:00', '24:00:01', '12:60:00'];
  const zones = ['Z', 'GMT', 'UT', 'UTC', '+0000', '-0500', '+09:00', '+0930', '+1500'];
  const named = ['JST', 'PST', 'AKST', 'CEST', 'AMT', 'PMT', 'XYZ', 'gmt', ''];

  it('GIVEN ISO 8601 dates THEN the quick reading equals the general one', () => {
    const mismatches: string[] = [];
    for (const y of years)
      for (const mo of ['01', '02', '12', '13'])
        for (const d of days)
          for (const t of times)
            for (const frac of ['', '.5', '.250', '.1234567'])
              for (const zone of zones) {
                const text = iso(y, mo, d, t, frac, zone);
                if (parseDate(text) !== parseDate(` ${text}`)) mismatches.push(text);
              }
    expect(mismatches).toEqual([]);
  });

  it('GIVEN RFC 822 dates THEN the quick reading equals the general one', () => {
    const mismatches: string[] = [];
    for (const wd of ['Tue', 'Sun', 'tue', 'Xyz'])
      for (const d of days)
        for (const mon of ['Jan', 'Feb', 'jan', 'Foo'])
          for (const y of years)
            for (const t of times)
              for (const zone of [...zones, ...named]) {
                const text = rfc(wd, d, mon, y, t, zone);
                if (parseDate(text) !== parseDate(` ${text}`)) mismatches.push(text);
              }
    expect(mismatches).toEqual([]);
    expect(parseDate('Tue, 14 Jan 2025 09:00:00 JST')).toBe(Date.parse('2025-01-14T00:00:00Z'));
    expect(parseDate('Sat, 29 Feb 2025 09:00:00 GMT')).toBeNull();
    expect(parseDate('Thu, 29 Feb 2024 09:00:00 GMT')).toBe(Date.parse('2024-02-29T09:00:00Z'));
  });
});
