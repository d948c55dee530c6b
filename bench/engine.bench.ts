/**
 * Engine benchmark: a deterministic synthetic corpus of 100,000 articles (headline and
 * body vocabulary of world news, 14 sources, dates over 7 days, stories reported by
 * several sources with varied wording, a few Japanese items), then:
 * - index build time, heap and RSS after the build;
 * - the full `brief()` path (match + rank + cluster + summarize + compose) over 240
 *   queries: a first (cold) pass reported apart, then two steady passes (480 timings):
 *   median and p99;
 * - the same topic queries on minisearch (title boosted) in the same run, and the ratio.
 * Targets (issue 2): briefing p99 ≤ 5 ms at 100k, build ≤ 8 s, RSS ≤ 300 MB.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import MiniSearch from 'minisearch';
import { NewsIndex, type Article, type BriefingQuery } from '../briefings/index.ts';

const ARTICLES = 100_000;
const QUERY_ROUNDS = 2;
const NOW = Date.parse('2026-11-25T12:00:00.000Z');
const DAY = 86_400_000;

/** Small, fast, seeded PRNG (mulberry32): the same corpus on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const list = (text: string): string[] =>
  text
    .split(',')
    .map((word) => word.trim())
    .filter((word) => word !== '');

const SOURCES =
  list(`Wire Service, Daily Ledger, Morning Post, Evening Standard Times, Global Dispatch,
  Capital Observer, Metro Herald, World Report, The Bulletin, Pacific Review, Atlantic Courier,
  Business Journal, Tech Ledger, Science Weekly`);
const COUNTRIES =
  list(`Japan, China, India, Russia, Ukraine, Germany, France, Britain, Canada, Mexico,
  Brazil, Argentina, South Korea, North Korea, Iran, Israel, Turkey, Egypt, Nigeria, Kenya,
  South Africa, Australia, Indonesia, Vietnam, Pakistan, Saudi Arabia, Poland, Italy, Spain,
  Sweden, Norway, Taiwan, Philippines, Thailand, Colombia, Chile, Peru, Venezuela, Cuba, Greece`);
const LEADERS =
  list(`Trump, Putin, Zelensky, Modi, Macron, Merz, Starmer, Takaichi, Ishiba, Xi Jinping,
  Netanyahu, Erdogan, Lula, Milei, Sheinbaum, Meloni, Albanese, Ramaphosa, Vance, Rubio`);
const COMPANIES =
  list(`Apple, Google, Microsoft, Amazon, Nvidia, Tesla, Toyota, Sony, Samsung, Boeing,
  Airbus, Shell, Exxon, Pfizer, Moderna, Novo Nordisk, OpenAI, Meta, Intel, Alibaba, Huawei,
  Netflix, Disney, Walmart, JPMorgan, Goldman Sachs, BYD, Honda, Siemens, Nestle`);
const ORGS =
  list(`Federal Reserve, European Central Bank, United Nations, NATO, IMF, World Bank, WTO,
  Supreme Court, Congress, Senate, Pentagon, White House, World Health Organization, OPEC, G20`);

interface Theme {
  readonly topic: string;
  readonly subjects: readonly string[];
  readonly verbs: readonly (readonly string[])[];
  readonly objects: readonly string[];
  readonly words: readonly string[];
}

const THEMES: readonly Theme[] = [
  {
    topic: 'economy',
    subjects: [...ORGS.slice(0, 2), ...COUNTRIES.slice(0, 12), 'Trump'],
    verbs: [
      ['Holds', 'Keeps', 'Leaves'],
      ['Raises', 'Hikes', 'Lifts'],
      ['Cuts', 'Lowers', 'Slashes'],
      ['Warns on', 'Flags', 'Cautions on'],
    ],
    objects:
      list(`Interest Rates, Tariffs, Inflation Outlook, Growth Forecast, Trade Deficit, Bond Yields,
      Currency Controls, Import Duties, Export Curbs, Jobs Data, Consumer Prices, Wage Growth`),
    words:
      list(`economy, inflation, prices, tariff, trade, exports, imports, growth, recession, jobs,
      unemployment, wages, central bank, interest rates, bond market, currency, deficit, budget,
      consumers, manufacturing, supply chains, investors, forecast, quarter, percent, economists`),
  },
  {
    topic: 'politics',
    subjects: [...LEADERS, ...COUNTRIES.slice(0, 20)],
    verbs: [
      ['Wins', 'Secures', 'Clinches'],
      ['Calls', 'Announces', 'Sets'],
      ['Faces', 'Confronts', 'Braces for'],
      ['Loses', 'Concedes', 'Drops'],
    ],
    objects:
      list(`Snap Election, Confidence Vote, Coalition Talks, Party Leadership Race, Budget Vote,
      Impeachment Inquiry, Referendum, Cabinet Reshuffle, Primary Contest, Landslide Victory`),
    words:
      list(`election, voters, parliament, party, coalition, opposition, campaign, ballot, polls,
      lawmakers, government, minister, cabinet, president, prime minister, vote, turnout,
      candidates, constitution, governor, senate, reform, legislation`),
  },
  {
    topic: 'world',
    subjects: [...COUNTRIES, ...ORGS.slice(2, 4)],
    verbs: [
      ['Signs', 'Agrees', 'Seals'],
      ['Rejects', 'Dismisses', 'Spurns'],
      ['Hosts', 'Convenes', 'Holds'],
      ['Condemns', 'Denounces', 'Criticizes'],
    ],
    objects: list(`Ceasefire Deal, Peace Talks, Border Agreement, Sanctions Package, Security Pact,
      Humanitarian Corridor, Prisoner Swap, Summit, Aid Package, Naval Exercise, Trade Pact`),
    words: list(`diplomats, ceasefire, troops, border, sanctions, embassy, foreign minister, talks,
      negotiations, refugees, humanitarian aid, summit, security, alliance, treaty, missile,
      drone strike, military, conflict, peace, envoy, delegation, united nations`),
  },
  {
    topic: 'technology',
    subjects: COMPANIES.slice(0, 24),
    verbs: [
      ['Launches', 'Unveils', 'Debuts'],
      ['Recalls', 'Pulls', 'Withdraws'],
      ['Buys', 'Acquires', 'Takes Over'],
      ['Cuts', 'Trims', 'Reduces'],
    ],
    objects:
      list(`AI Model, Smartphone, Chip Plant, Cloud Service, Electric Car, Data Center, Robotaxi Fleet,
      Streaming Service, Satellite Network, Jobs, Startup, Software Update, Security Patch`),
    words: list(`technology, software, artificial intelligence, chips, semiconductors, data, cloud,
      users, privacy, regulators, startup, devices, battery, network, hackers, cybersecurity,
      platform, app, investors, shares, revenue, engineers, model, computing`),
  },
  {
    topic: 'health',
    subjects: [
      ...COMPANIES.slice(13, 16),
      'World Health Organization',
      'FDA',
      ...COUNTRIES.slice(0, 10),
    ],
    verbs: [
      ['Approves', 'Clears', 'Authorizes'],
      ['Warns of', 'Reports', 'Confirms'],
      ['Cuts Price of', 'Discounts', 'Lowers Cost of'],
      ['Expands', 'Extends', 'Widens'],
    ],
    objects:
      list(`Obesity Drug, GLP-1 Treatment, Vaccine, Measles Outbreak, Flu Season, Cancer Therapy,
      Prescription Drugs, Hospital Funding, Medicare Coverage, Bird Flu Cases, Diabetes Pill`),
    words: list(`health, patients, doctors, hospital, drug, vaccine, prescription, medical, disease,
      outbreak, virus, treatment, clinical trial, pharmacy, insurance, medicare, public health,
      researchers, cases, symptoms, infection, nurses, therapy`),
  },
  {
    topic: 'sports',
    subjects:
      list(`Real Madrid, Manchester City, Lakers, Yankees, Brazil, Argentina, Japan, France, Serena
      Williams, LeBron James, Shohei Ohtani, Lionel Messi, Novak Djokovic, Red Sox, Chelsea`),
    verbs: [
      ['Beats', 'Defeats', 'Tops'],
      ['Signs', 'Lands', 'Adds'],
      ['Wins', 'Claims', 'Takes'],
      ['Loses to', 'Falls to', 'Drops Game to'],
    ],
    objects:
      list(`Championship, Title, Final, Playoff Game, World Cup Qualifier, Star Striker, Grand Slam,
      Derby, Series Opener, League Record`),
    words: list(`match, season, coach, goal, league, tournament, fans, stadium, players, victory,
      championship, playoff, injury, transfer, score, team, final, record, striker, pitcher`),
  },
  {
    topic: 'climate',
    subjects: [...COUNTRIES.slice(0, 16), 'European Union', 'California', 'Texas', 'Florida'],
    verbs: [
      ['Battles', 'Fights', 'Struggles With'],
      ['Pledges', 'Promises', 'Commits to'],
      ['Braces for', 'Prepares for', 'Readies for'],
      ['Declares', 'Announces', 'Orders'],
    ],
    objects:
      list(`Wildfires, Heatwave, Floods, Drought, Typhoon, Emissions Cuts, Carbon Tax, Solar Expansion,
      Record Snowfall, Hurricane, Coastal Evacuations`),
    words: list(`climate, emissions, carbon, temperatures, heat, rainfall, drought, wildfire, flood,
      storm, renewable energy, solar, wind power, scientists, warming, environment, evacuation,
      weather, forecasters, pollution, glaciers`),
  },
];

const FILLER =
  list(`officials, said, according, statement, report, week, month, year, Monday, Tuesday,
  Wednesday, Thursday, Friday, plan, expected, likely, analysts, people, familiar, matter, spokesperson,
  decision, government, public, local, national, international, major, recent, latest, early, late,
  local media, sources, news conference, interview, document, record, figures, data, number, rise,
  fall, increase, decrease, significant, concern, support, pressure, response, measures, move, step,
  effort, program, policy, proposal, agreement, dispute, crisis, talks, deal, region, city, capital,
  country, nation, community, residents, workers, companies, industry, market, sector, leaders`);

/** A long tail of proper nouns (places, people), as real news has. */
function syllableNames(random: () => number, count: number): string[] {
  const syllables = list(
    'ka, lo, mi, ra, ten, sa, vor, del, mon, tri, bel, ash, quin, zor, pel, nu, ga, har, wen, dor, fi, lan, mer, os',
  );
  const out: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const length = 2 + Math.floor(random() * 2);
    let name = '';
    for (let j = 0; j < length; j += 1) name += syllables[Math.floor(random() * syllables.length)];
    out.push(name.charAt(0).toUpperCase() + name.slice(1));
  }
  return out;
}

const JAPANESE =
  list(`日本経済が回復基調 日銀は金利を据え置き, 東京株式市場 日経平均が続伸, 日本政府 新たな経済対策を発表,
  高市首相 衆院選で大勝, 大阪で国際会議 日本と米国が協力確認, 日本の輸出 半導体が好調`);

/** The synthetic corpus: stories (events) told by 1–5 sources each, in varied words. */
export function syntheticCorpus(count: number, seed = 20_261_125): Article[] {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const names = syllableNames(random, 6_000);
  const articles: Article[] = [];
  while (articles.length < count) {
    const theme = pick(THEMES);
    const subject = pick(theme.subjects);
    const verbGroup = pick(theme.verbs);
    const object = pick(theme.objects);
    const place = pick(names);
    const person = `${pick(names)} ${pick(names)}`;
    const figure = 2 + Math.floor(random() * 97);
    const eventTime = NOW - Math.floor(random() * 7 * DAY);
    const reports = 1 + Math.floor(random() * random() * 5);
    for (let r = 0; r < reports && articles.length < count; r += 1) {
      const index = articles.length;
      const verb = pick(verbGroup);
      const extra =
        random() < 0.5
          ? ` Amid ${pick(theme.words).replace(/\b\w/g, (c) => c.toUpperCase())}`
          : ` in ${place}`;
      const japanese = random() < 0.003;
      const title = japanese ? pick(JAPANESE) : `${subject} ${verb} ${object}${extra}`;
      const sentences: string[] = [];
      const sentenceCount = random() < 0.3 ? 0 : 3 + Math.floor(random() * 5);
      for (let s = 0; s < sentenceCount; s += 1) {
        const words: string[] = [];
        const length = 10 + Math.floor(random() * 14);
        for (let w = 0; w < length; w += 1) {
          const roll = random();
          words.push(
            roll < 0.35
              ? pick(theme.words)
              : roll < 0.8
                ? pick(FILLER)
                : roll < 0.9
                  ? pick(names)
                  : String(figure),
          );
        }
        const opener =
          s === 0
            ? `${subject} ${verb.toLowerCase()} ${object.toLowerCase()} on ${pick(list('Monday, Tuesday, Wednesday, Thursday, Friday'))}, ${person} said, as`
            : 'The';
        sentences.push(`${opener} ${words.join(' ')}.`);
      }
      const published = eventTime + Math.floor(random() * 6 * 3_600_000);
      articles.push({
        id: `syn-${index}`,
        title: random() < 0.01 ? '' : title,
        body: sentences.join(random() < 0.5 ? ' ' : '\n'),
        url: `https://news.example/${index}`,
        source: pick(SOURCES),
        publishedAt: random() < 0.05 ? null : published,
        seenAt: published + 60_000,
        categories: [theme.topic],
      });
    }
  }
  return articles;
}

const QUERIES: readonly (string | null)[] = [
  ...list(`japan, economy, health, world, technology, politics, sports, climate, business, us, china, india,
    ukraine, russia, europe, middle east, science, law, defense, korea`),
  ...list(`tariffs, inflation, interest rates, election, vaccine, wildfire, drone strike, ceasefire, chips,
    obesity drug, glp-1, trade war, white house, federal reserve, smartphone, measles, heatwave`),
  ...list(`trump tariffs, japan economy, china trade, fed rates, putin ceasefire, modi election,
    nvidia chips, apple ai model, brazil drought, south korea trade deal, pfizer vaccine approval`),
  ...list(`takaichi, zelensky, merz, toyota, openai, netanyahu, lula, starmer, sheinbaum, erdogan`),
  '日本',
  '日本経済',
  '東京',
  null,
  null,
  null,
];

/** The benchmark's queries: topics, words, phrases, names, CJK and top stories, both kinds. */
function benchQueries(): BriefingQuery[] {
  const out: BriefingQuery[] = [];
  for (let round = 0; out.length < 240; round += 1) {
    QUERIES.forEach((topic, i) => {
      const kind = (i + round) % 3 === 0 ? 'headlines' : 'news';
      const query: BriefingQuery = {
        kind,
        topic,
        now: NOW,
        ...(i % 7 === 0 ? { since: NOW - 2 * DAY } : {}),
        ...(i % 11 === 0 ? { mute: ['sports', 'celebrity gossip'] } : {}),
      };
      out.push(query);
    });
  }
  return out.slice(0, 240);
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? 0;
}

const ms = (value: number): string => `${value.toFixed(2)} ms`;
const mb = (bytes: number): string => `${(bytes / 1_048_576).toFixed(0)} MB`;

function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  gc?.();
  gc?.();
}

export async function run(): Promise<void> {
  let started = performance.now();
  const articles = syntheticCorpus(ARTICLES);
  console.log(
    `synthetic corpus: ${articles.length} articles in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  collectGarbage();
  const rssBefore = process.memoryUsage().rss;
  started = performance.now();
  const news = new NewsIndex();
  news.add(articles);
  const build = performance.now() - started;
  collectGarbage();
  const memory = process.memoryUsage();
  console.log(`herald build: ${(build / 1000).toFixed(2)} s (target ≤ 8 s)`);
  console.log(
    `herald memory after build: heap ${mb(memory.heapUsed)}, RSS ${mb(memory.rss)} (target ≤ 300 MB; RSS before index ${mb(rssBefore)}, corpus included)`,
  );

  const queries = benchQueries();
  // A first pass over every query, reported apart: it pays one-time costs (JIT tiers,
  // per-term dense arrays, the first summary of each story) that a running bot pays once.
  const cold = queries.map((query) => {
    const t0 = performance.now();
    news.brief(query);
    return performance.now() - t0;
  });
  cold.sort((a, b) => a - b);
  console.log(
    `herald brief() first pass (cold): ${cold.length} queries, median ${ms(percentile(cold, 0.5))}, p99 ${ms(percentile(cold, 0.99))}, max ${ms(cold[cold.length - 1] ?? 0)}`,
  );
  const times: number[] = [];
  const topicTimes: number[] = [];
  const slowest: { elapsed: number; label: string }[] = [];
  let stories = 0;
  for (let round = 0; round < QUERY_ROUNDS; round += 1) {
    for (const query of queries) {
      const t0 = performance.now();
      const { briefing } = news.brief(query);
      const elapsed = performance.now() - t0;
      times.push(elapsed);
      slowest.push({ elapsed, label: `${query.kind} ${query.topic ?? '(top stories)'}` });
      if (query.topic !== null) topicTimes.push(elapsed);
      stories += briefing.stories.length;
    }
  }
  times.sort((a, b) => a - b);
  topicTimes.sort((a, b) => a - b);
  console.log(
    `herald brief() steady: ${times.length} queries, median ${ms(percentile(times, 0.5))}, p99 ${ms(percentile(times, 0.99))}, max ${ms(times[times.length - 1] ?? 0)} (target p99 ≤ 5 ms); ${(stories / times.length).toFixed(1)} stories/briefing`,
  );
  slowest.sort((a, b) => b.elapsed - a.elapsed);
  console.log(
    `  slowest: ${slowest
      .slice(0, 4)
      .map(({ elapsed, label }) => `${label} ${ms(elapsed)}`)
      .join('; ')}`,
  );
  const trendStart = performance.now();
  const trending = news.trending(NOW, 10);
  console.log(
    `herald trending(): ${ms(performance.now() - trendStart)} → ${trending.map((item) => `${item.subject} ${item.count}`).join(', ')}`,
  );

  started = performance.now();
  const mini = new MiniSearch<{ i: number; title: string; body: string }>({
    fields: ['title', 'body'],
    idField: 'i',
  });
  mini.addAll(articles.map((article, i) => ({ i, title: article.title, body: article.body })));
  const miniBuild = performance.now() - started;
  collectGarbage();
  const miniMemory = process.memoryUsage();
  console.log(
    `minisearch build: ${(miniBuild / 1000).toFixed(2)} s; RSS with both indexes ${mb(miniMemory.rss)} (minisearch ≈ +${mb(miniMemory.rss - memory.rss)})`,
  );
  const miniTimes: number[] = [];
  const topicQueries = queries.filter((query) => query.topic !== null);
  for (const query of topicQueries.slice(0, 20))
    mini.search(query.topic ?? '', { boost: { title: 3 } });
  for (let round = 0; round < QUERY_ROUNDS; round += 1) {
    for (const query of topicQueries) {
      const t0 = performance.now();
      mini.search(query.topic ?? '', { boost: { title: 3 } });
      miniTimes.push(performance.now() - t0);
    }
  }
  miniTimes.sort((a, b) => a - b);
  const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');
  console.log(
    `minisearch search() alone, same ${miniTimes.length} topic queries: median ${ms(percentile(miniTimes, 0.5))}, p99 ${ms(percentile(miniTimes, 0.99))}`,
  );
  console.log(
    `ratio herald full briefing / minisearch search (topic queries): median ${ratio(percentile(topicTimes, 0.5), percentile(miniTimes, 0.5))}, p99 ${ratio(percentile(topicTimes, 0.99), percentile(miniTimes, 0.99))}; build ${ratio(build, miniBuild)}`,
  );
  await Promise.resolve();
}
