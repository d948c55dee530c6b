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
