/**
 * Time zone names as people type them: IANA names in any case (`asia/tokyo`), `UTC`, and
 * city names (`tokyo`, `new york`, `mumbai`), with "did you mean" for near misses and
 * suggestions for autocomplete.
 */
import { editDistance } from './edit-distance.ts';

/**
 * Node's ICU reports some zones under their old names; people know the new ones, and both
 * work in `Intl`, so Herald shows the new ones.
 */
const MODERN_NAMES: Readonly<Record<string, string>> = {
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Europe/Kiev': 'Europe/Kyiv',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Pacific/Truk': 'Pacific/Chuuk',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'America/Godthab': 'America/Nuuk',
};

/** Cities people name that are not themselves zone names, kept as data. */
const CITY_ALIASES: Readonly<Record<string, string>> = {
  beijing: 'Asia/Shanghai',
  shenzhen: 'Asia/Shanghai',
  guangzhou: 'Asia/Shanghai',
  'hong kong': 'Asia/Hong_Kong',
  osaka: 'Asia/Tokyo',
  kyoto: 'Asia/Tokyo',
  japan: 'Asia/Tokyo',
  mumbai: 'Asia/Kolkata',
  bombay: 'Asia/Kolkata',
  delhi: 'Asia/Kolkata',
  'new delhi': 'Asia/Kolkata',
  bangalore: 'Asia/Kolkata',
  bengaluru: 'Asia/Kolkata',
  chennai: 'Asia/Kolkata',
  hyderabad: 'Asia/Kolkata',
  'san francisco': 'America/Los_Angeles',
  seattle: 'America/Los_Angeles',
  'las vegas': 'America/Los_Angeles',
  'san diego': 'America/Los_Angeles',
  portland: 'America/Los_Angeles',
  washington: 'America/New_York',
  'washington dc': 'America/New_York',
  boston: 'America/New_York',
  miami: 'America/New_York',
  atlanta: 'America/New_York',
  philadelphia: 'America/New_York',
  houston: 'America/Chicago',
  dallas: 'America/Chicago',
  austin: 'America/Chicago',
  'salt lake city': 'America/Denver',
  montreal: 'America/Toronto',
  ottawa: 'America/Toronto',
  'rio de janeiro': 'America/Sao_Paulo',
  rio: 'America/Sao_Paulo',
  munich: 'Europe/Berlin',
  frankfurt: 'Europe/Berlin',
  hamburg: 'Europe/Berlin',
  milan: 'Europe/Rome',
  barcelona: 'Europe/Madrid',
  geneva: 'Europe/Zurich',
  'st petersburg': 'Europe/Moscow',
  'saint petersburg': 'Europe/Moscow',
  edinburgh: 'Europe/London',
  manchester: 'Europe/London',
  kiev: 'Europe/Kyiv',
  'tel aviv': 'Asia/Jerusalem',
  'abu dhabi': 'Asia/Dubai',
  hanoi: 'Asia/Bangkok',
  saigon: 'Asia/Ho_Chi_Minh',
  canberra: 'Australia/Sydney',
  wellington: 'Pacific/Auckland',
  'cape town': 'Africa/Johannesburg',
};

const UTC_NAMES = new Set(['utc', 'gmt', 'z', 'zulu', 'etc/utc', 'etc/gmt', 'universal', 'uct']);

interface ZoneEntry {
  /** `Asia/Tokyo` */
  zone: string;
  /** `tokyo`, `new york`: how the city is typed. */
  city: string;
}

let catalogue:
  { zones: ZoneEntry[]; byName: Map<string, string>; byCity: Map<string, string> } | undefined;

function zoneCatalogue(): NonNullable<typeof catalogue> {
  if (catalogue !== undefined) return catalogue;
  const zones: ZoneEntry[] = [];
  const byName = new Map<string, string>();
  const byCity = new Map<string, string>();
  const add = (zone: string, city: string) => {
    zones.push({ zone, city });
    if (!byCity.has(city)) byCity.set(city, zone);
  };
  for (const raw of Intl.supportedValuesOf('timeZone')) {
    const zone = MODERN_NAMES[raw] ?? raw;
    byName.set(raw.toLowerCase(), zone);
    byName.set(zone.toLowerCase(), zone);
    if (!zone.includes('/') || zone.startsWith('Etc/')) continue;
    add(zone, cityOf(zone));
    if (raw !== zone) byCity.set(cityOf(raw), zone);
  }
  for (const [city, zone] of Object.entries(CITY_ALIASES)) add(zone, city);
  byName.set('utc', 'UTC');
  catalogue = { zones, byName, byCity };
  return catalogue;
}

function cityOf(zone: string): string {
  return (zone.split('/').pop() ?? zone).replace(/_/g, ' ').toLowerCase();
}

/** The modern spelling of a zone Node reports (`Asia/Calcutta` → `Asia/Kolkata`). */
export function modernZoneName(zone: string): string {
  return MODERN_NAMES[zone] ?? zone;
}

export type ZoneResolution =
  { ok: true; zone: string } | { ok: false; message: string; suggestion: string | null };

/**
 * Resolves what a user typed into an IANA zone.
 * @param options.cities whether city names count (`tokyo`); IANA names and UTC always do.
 * @example resolveTimeZone('tokio') // { ok: false, message: "Unknown time zone 'tokio'. Did you mean Asia/Tokyo?", … }
 */
export function resolveTimeZone(text: string, options: { cities?: boolean } = {}): ZoneResolution {
  const typed = text.trim();
  const key = typed.toLowerCase().replace(/\s+/g, ' ');
  const found = lookUpZone(key, options.cities ?? true);
  if (found !== undefined) return { ok: true, zone: found };
  const suggestion = nearestZone(key);
  const shown = typed.length > 40 ? `${typed.slice(0, 40)}…` : typed;
  return {
    ok: false,
    suggestion,
    message:
      suggestion === null
        ? `Unknown time zone '${shown}'. Use a city such as tokyo, an IANA name such as Europe/London, or UTC.`
        : `Unknown time zone '${shown}'. Did you mean ${suggestion}?`,
  };
}

function lookUpZone(key: string, cities: boolean): string | undefined {
  if (key === '') return undefined;
  if (UTC_NAMES.has(key)) return 'UTC';
  const { byName, byCity } = zoneCatalogue();
  const named = byName.get(key);
  if (named !== undefined) return named;
  if (cities) {
    const city = byCity.get(key.replace(/_/g, ' ').replace(/\./g, ''));
    if (city !== undefined) return city;
  }
  if (key.includes('/')) {
    // Links Intl knows but does not list (US/Eastern, Etc/GMT+5): take Intl's word for it.
    try {
      const resolved = new Intl.DateTimeFormat('en-US', { timeZone: key }).resolvedOptions()
        .timeZone;
      return modernZoneName(resolved);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Whether `key` (lowercased) names a zone without needing city names: `asia/tokyo`, `utc`. */
export function isZoneName(text: string): boolean {
  return lookUpZone(text.trim().toLowerCase(), false) !== undefined;
}

/** Whether `text` is a city Herald knows (`tokyo`, `new york`). */
export function isCityName(text: string): boolean {
  return zoneCatalogue().byCity.has(text.trim().toLowerCase().replace(/\s+/g, ' '));
}

function nearestZone(key: string): string | null {
  if (key.length < 3) return null;
  const { zones } = zoneCatalogue();
  const byFullName = key.includes('/');
  let best: { zone: string; distance: number } | null = null;
  for (const { zone, city } of zones) {
    const target = byFullName ? zone.toLowerCase() : city;
    if (Math.abs(target.length - key.length) > 2) continue;
    const distance = editDistance(key, target);
    if (best === null || distance < best.distance) best = { zone, distance };
  }
  const allowed = key.length <= 5 ? 1 : 2;
  return best !== null && best.distance <= allowed ? best.zone : null;
}

/** A suggestion for a zone being typed. */
export interface ZoneSuggestion {
  /** `Tokyo — Asia/Tokyo` */
  name: string;
  /** `Asia/Tokyo` */
  value: string;
}

/**
 * Up to `limit` zones whose city or name contains what is typed; cities that start with
 * it first. An empty text gives a few common zones.
 */
export function suggestTimeZones(partial: string, limit = 25): ZoneSuggestion[] {
  const typed = partial.trim().toLowerCase().replace(/_/g, ' ');
  const { zones } = zoneCatalogue();
  const scored: { entry: ZoneEntry; score: number }[] = [];
  if (typed === '' || 'utc'.startsWith(typed))
    scored.push({ entry: { zone: 'UTC', city: 'utc' }, score: 0 });
  for (const entry of zones) {
    const name = entry.zone.toLowerCase().replace(/_/g, ' ');
    let score: number;
    if (typed === '')
      score = COMMON_ZONES.has(entry.zone) && entry.city === cityOf(entry.zone) ? 1 : -1;
    else if (entry.city.startsWith(typed)) score = 1;
    else if (name.startsWith(typed)) score = 2;
    else if (entry.city.includes(typed) || name.includes(typed)) score = 3;
    else score = -1;
    if (score >= 0) scored.push({ entry, score });
  }
  scored.sort((a, b) => a.score - b.score || a.entry.city.localeCompare(b.entry.city));
  const seen = new Set<string>();
  const suggestions: ZoneSuggestion[] = [];
  for (const { entry } of scored) {
    const name = entry.zone === 'UTC' ? 'UTC' : `${titleCase(entry.city)} — ${entry.zone}`;
    if (seen.has(name)) continue;
    seen.add(name);
    suggestions.push({ name, value: entry.zone });
    if (suggestions.length >= limit) break;
  }
  return suggestions;
}

const COMMON_ZONES = new Set([
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Europe/London',
  'Europe/Paris',
  'Europe/Berlin',
  'Europe/Moscow',
  'Africa/Lagos',
  'Asia/Dubai',
  'Asia/Kolkata',
  'Asia/Shanghai',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Sydney',
]);

function titleCase(text: string): string {
  return text.replace(
    /(^|[\s-])(\p{L})/gu,
    (_, space: string, letter: string) => space + letter.toUpperCase(),
  );
}
