/**
 * Words that headline writers use interchangeably, kept as data. Near-duplicate detection
 * maps each to one concept before comparing headlines, so "Fed Holds Rates Steady" and
 * "Federal Reserve Keeps Interest Rates Unchanged" share fed, hold and rate.
 *
 * Each line: `concept: word, word, phrase, …` (matched like any text: stems, phrases).
 */
const SYNONYMS = `
fed: fed, federal reserve, the fed, us central bank
rate: rate, rates, interest rate, interest rates, borrowing costs
hold: hold, holds, keep, keeps, unchanged, steady, maintain, maintains, pause, pauses, leaves
slow: cool, cools, slow, slows, slower, ease, eases, easing, soften, softens, moderate, moderates
rise: rise, rises, rose, climb, climbs, jump, jumps, surge, surges, soar, soars, increase, increases, gain, gains
fall: fall, falls, fell, drop, drops, decline, declines, plunge, plunges, slump, slumps, tumble, tumbles, slide, slides
cut: cut, cuts, lower, lowers, slash, slashes, reduce, reduces, trim, trims
hike: hike, hikes, raise, raises, boost, boosts
launch: launch, launches, unveil, unveils, debut, debuts, introduce, introduces, roll out, rolls out, open, opens
discount: discount, discounts, discounted, cheaper, savings, saving, cut-price, low-cost
drug: drug, drugs, medicine, medicines, pharmaceutical, pharmaceuticals
site: website, site, platform, portal
kill: kill, kills, killed, dead, death, deaths, die, dies, died, fatal
win: win, wins, won, victory, triumph, landslide
election: election, elections, vote, votes, poll, polls, ballot
meet: meet, meets, meeting, summit
attack: attack, attacks, strike, strikes, hit, hits, assault, raid, raids
earthquake: earthquake, earthquakes, quake, quakes, tremor
strong: strong, powerful, major, massive, huge
tariff: tariff, tariffs, duty, duties, levy, levies
ban: ban, bans, prohibit, prohibits, outlaw, outlaws
sue: sue, sues, lawsuit, lawsuits
charge: charge, charges, charged, indict, indicts, indicted, accuse, accused
arrest: arrest, arrests, arrested, detain, detains, detained
resign: resign, resigns, quit, quits, step down, steps down
premier: prime minister, premier, pm
president: president, presidential
economy: economy, economic, economies
deal: deal, deals, agreement, agreements, pact, accord
talk: talk, talks, negotiation, negotiations
`;

/**
 * Words that say nothing about which story a headline tells ("amid", "highlights",
 * "citing"); left out of the comparison.
 */
export const WEAK_HEADLINE_WORDS = `amid underway despite ahead cite citing highlight highlights
report reports new latest live update updates watch video photos breaking exclusive analysis
opinion explainer why what how`;

/** The synonym table: concept → the words and phrases that mean it. */
export const SYNONYM_GROUPS: ReadonlyMap<string, readonly string[]> = new Map(
  SYNONYMS.split('\n')
    .filter((line) => line.includes(':'))
    .map((line) => {
      const [concept = '', words = ''] = line.split(':');
      return [concept.trim(), words.split(',').map((word) => word.trim())] as const;
    }),
);

/**
 * Concepts that contradict each other: headlines sharing every other word but holding
 * one of each ("Fed Holds Rates" / "Fed Cuts Rates") are different stories.
 */
export const OPPOSING_CONCEPTS: readonly (readonly string[])[] = [
  ['hold', 'cut', 'hike'],
  ['rise', 'fall'],
  ['rise', 'cut'],
  ['fall', 'hike'],
  ['win', 'kill'],
];
