/**
 * The topics users can ask for by name, kept as data: each name expands to its aliases
 * (demonyms, cities, leaders, keywords). Aliases are matched like any text (stems, so
 * plurals and possessives match; several words are a phrase).
 */
import { COUNTRY_ENTITIES, ENTITIES } from './gazetteer.ts';

/** A topic defined as data: a name, its aliases and keywords. */
export interface TopicDefinition {
  readonly name: string;
  readonly description: string;
  /** Words and phrases that mean the topic (demonyms, cities, leaders, keywords). */
  readonly aliases: readonly string[];
}

const words = (text: string): string[] =>
  text
    .split(',')
    .map((word) => word.trim().replace(/\s+/g, ' '))
    .filter((word) => word !== '');

const nonUsCountryNames = COUNTRY_ENTITIES.filter((entity) => entity.id !== 'usa').flatMap(
  (entity) => entity.names,
);

const usStateNames = ENTITIES.filter((entity) => entity.kind === 'region' && entity.country === 'usa').flatMap(
  (entity) => entity.names,
);

/** The defined topics, in display order. */
export const TOPICS: readonly TopicDefinition[] = [
  {
    name: 'world',
    description: 'International news: diplomacy, conflicts and countries beyond the US',
    aliases: [
      ...words(`international, global, foreign affairs, foreign minister, foreign ministry, diplomacy,
        diplomat, diplomatic, embassy, ambassador, united nations, nato, european union, summit,
        ceasefire, peace talks, peace deal, refugee, refugees, humanitarian, sanctions, war,
        invasion, coup`),
      ...nonUsCountryNames,
    ],
  },
  {
    name: 'us',
    description: 'The United States: federal government, states and national affairs',
    aliases: [
      ...words(`u.s., united states, usa, america, american, americans, washington, white house,
        congress, senate, house of representatives, capitol hill, supreme court, pentagon, federal
        government, federal judge, governor`),
      ...usStateNames,
    ],
  },
  {
    name: 'politics',
    description: 'Elections, governments, parties, parliaments and political leaders',
    aliases: words(`political, politician, politicians, election, elections, vote, voters, voting,
      ballot, campaign, candidate, party, parliament, congress, senate, senator, lawmaker,
      lawmakers, legislature, legislation, bill, president, presidential, prime minister,
      government, governor, cabinet, minister, opposition, referendum, impeachment, white house,
      democrat, democrats, republican, republicans, gop, coalition, landslide`),
  },
  {
    name: 'economy',
    description: 'Inflation, interest rates, jobs, trade and growth',
    aliases: words(`economic, economies, inflation, interest rates, federal reserve, fed, central
      bank, recession, gdp, growth, unemployment, jobs report, jobs, wages, cost of living,
      prices, consumer prices, tariff, tariffs, trade, trade war, trade deal, exports, imports,
      deficit, debt, budget, taxes, stimulus, currency, dollar, yen, euro, bond, bonds, yields`),
  },
  {
    name: 'business',
    description: 'Companies, markets, deals and earnings',
    aliases: words(`company, companies, corporate, market, markets, stock, stocks, shares, investors,
      earnings, profit, revenue, merger, acquisition, ipo, startup, ceo, industry, retail,
      bank, banks, wall street, nasdaq, dow jones, s&p 500, nikkei, oil, energy`),
  },
  {
    name: 'technology',
    description: 'Tech companies, software, AI, chips, the internet and gadgets',
    aliases: words(`tech, artificial intelligence, ai, software, hardware, chip, chips,
      semiconductor, semiconductors, internet, online, app, apps, website, smartphone, iphone,
      android, apple, google, microsoft, amazon, meta, nvidia, openai, tesla, cyber, cybersecurity,
      hackers, hacking, data breach, robot, robotics, startup, silicon valley, social media,
      crypto, bitcoin`),
  },
  {
    name: 'science',
    description: 'Research, space and discoveries',
    aliases: words(`scientist, scientists, scientific, research, researchers, study, space, nasa,
      rocket, satellite, moon, mars, astronomers, physics, biology, chemistry, discovery, fossil,
      genome, species, laboratory`),
  },
  {
    name: 'health',
    description: 'Medicine, drugs, public health and health care',
    aliases: words(`medical, medicine, medicines, drug, drugs, prescription, prescriptions,
      pharmaceutical, pharmacy, glp-1, ozempic, wegovy, obesity, diabetes, vaccine, vaccines,
      disease, virus, outbreak, pandemic, covid, covid-19, flu, measles, hospital, hospitals,
      patient, patients, doctor, doctors, nurse, cancer, healthcare, health care, medicare,
      medicaid, fda, cdc, mental health, terminally ill, aid in dying, assisted dying, abortion`),
  },
  {
    name: 'climate',
    description: 'Climate change, weather extremes and the environment',
    aliases: words(`climate change, global warming, emissions, carbon, greenhouse, environment,
      environmental, renewable, renewables, solar, wind power, fossil fuels, heatwave, heat wave,
      drought, wildfire, wildfires, flood, floods, flooding, hurricane, typhoon, storm, snowfall,
      blizzard, cop30, paris agreement, pollution`),
  },
  {
    name: 'sports',
    description: 'Matches, tournaments and athletes',
    aliases: words(`sport, football, soccer, basketball, baseball, tennis, golf, cricket, rugby,
      olympics, olympic, world cup, championship, tournament, league, nba, nfl, mlb, nhl, fifa,
      coach, athlete, athletes, match, playoff, playoffs, super bowl, grand slam`),
  },
  {
    name: 'entertainment',
    description: 'Film, music, television and celebrities',
    aliases: words(`film, movie, movies, cinema, hollywood, box office, music, album, singer, concert,
      television, tv series, netflix, streaming, celebrity, actor, actress, oscars, grammys,
      festival, anime`),
  },
  {
    name: 'law',
    description: 'Courts, crime, lawsuits and justice',
    aliases: words(`court, courts, judge, judges, justice, lawsuit, lawsuits, sue, sues, trial,
      verdict, ruling, indicted, indictment, charged, charges, prosecutor, prosecutors, police,
      arrest, arrested, crime, criminal, probe, investigation, corruption, fraud, supreme court,
      attorney general`),
  },
  {
    name: 'defense',
    description: 'Armed forces, wars and security',
    aliases: words(`military, army, navy, air force, troops, soldiers, pentagon, defense, defence,
      weapons, missile, missiles, drone, drones, nuclear, war, invasion, nato, security`),
  },
  {
    name: 'education',
    description: 'Schools, universities and students',
    aliases: words(`school, schools, university, universities, college, students, teachers,
      education, campus, harvard, exam, tuition`),
  },
  {
    name: 'japan',
    description: 'Japan: politics, economy and society',
    aliases: words(`japanese, tokyo, osaka, kyoto, okinawa, hokkaido, fukushima, ishiba, takaichi,
      kishida, shinzo abe, koizumi, yen, nikkei, bank of japan, toyota, sony, nintendo, softbank,
      日本, 東京`),
  },
  {
    name: 'china',
    description: 'China, Hong Kong and Taiwan relations',
    aliases: words(`chinese, beijing, shanghai, hong kong, xi jinping, xi, li qiang, yuan, huawei,
      alibaba, tencent, taiwan strait, 中国, 北京`),
  },
  {
    name: 'korea',
    description: 'South and North Korea',
    aliases: words(`south korea, north korea, korean, koreans, seoul, pyongyang, lee jae-myung, yoon,
      kim jong un, samsung, hyundai, 한국`),
  },
  {
    name: 'india',
    description: 'India',
    aliases: words(`indian, indians, new delhi, delhi, mumbai, modi, narendra modi, rupee, bjp`),
  },
  {
    name: 'russia',
    description: 'Russia and the Kremlin',
    aliases: words(`russian, russians, moscow, kremlin, putin, vladimir putin, lavrov`),
  },
  {
    name: 'ukraine',
    description: 'Ukraine and the war',
    aliases: words(`ukrainian, ukrainians, kyiv, kiev, kharkiv, odesa, donbas, crimea, zelensky,
      zelenskyy`),
  },
  {
    name: 'europe',
    description: 'The European Union and European countries',
    aliases: words(`european, european union, eu, brussels, european commission, eurozone, euro,
      germany, german, france, french, italy, italian, spain, spanish, poland, polish, netherlands,
      dutch, belgium, sweden, norway, denmark, finland, greece, austria, hungary, ecb`),
  },
  {
    name: 'uk',
    description: 'The United Kingdom',
    aliases: words(`united kingdom, britain, great britain, british, england, scotland, wales,
      northern ireland, london, downing street, westminster, starmer, keir starmer`),
  },
  {
    name: 'middle east',
    description: 'Israel, Gaza, Iran and the Gulf',
    aliases: words(`middle east, israel, israeli, israelis, gaza, west bank, palestinian,
      palestinians, hamas, hezbollah, lebanon, iran, iranian, syria, syrian, iraq, iraqi, saudi
      arabia, saudi, yemen, houthi, houthis, qatar, uae, netanyahu, tehran, jerusalem`),
  },
  {
    name: 'canada',
    description: 'Canada',
    aliases: words(`canadian, canadians, ottawa, toronto, vancouver, montreal, quebec, trudeau,
      mark carney`),
  },
  {
    name: 'latin america',
    description: 'Mexico, Central and South America and the Caribbean',
    aliases: words(`latin american, mexico, mexican, brazil, brazilian, argentina, argentine,
      colombia, venezuela, venezuelan, chile, peru, cuba, cuban, haiti, caribbean, sheinbaum, lula,
      milei, maduro`),
  },
  {
    name: 'africa',
    description: 'African countries',
    aliases: words(`african, nigeria, nigerian, kenya, kenyan, south africa, ethiopia, egypt, sudan,
      congo, ghana, somalia, sahel, african union`),
  },
];
