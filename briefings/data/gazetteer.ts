/**
 * Named places, people and organisations, kept as data. The engine uses them to tell
 * stories apart (two headlines naming different countries are different stories), to
 * expand the `world` topic, and to name what is trending.
 *
 * Each line: `id|Display|alias, alias, …` (aliases are matched like any text: stems,
 * phrases). People and organisations carry the country they belong to after a second `|`.
 */

/** What kind of name an entry is; places and people take part in the conflict check. */
export type EntityKind = 'country' | 'region' | 'city' | 'person' | 'organization';

/** One named thing the engine recognises. */
export interface Entity {
  readonly id: string;
  readonly kind: EntityKind;
  /** How it is shown in `/topics` trending lists. */
  readonly display: string;
  /** Every way news text names it, display name included. */
  readonly names: readonly string[];
  /** The country it belongs to (a city's, a leader's), for the conflict check. */
  readonly country?: string;
}

const COUNTRIES = `
usa|US|usa, u.s., united states, america, american, americans
canada|Canada|canada, canadian, canadians
mexico|Mexico|mexico, mexican, mexicans
brazil|Brazil|brazil, brazilian, brazilians
argentina|Argentina|argentina, argentine, argentinian
chile|Chile|chile, chilean
colombia|Colombia|colombia, colombian
peru|Peru|peru, peruvian
venezuela|Venezuela|venezuela, venezuelan
ecuador|Ecuador|ecuador, ecuadorian
bolivia|Bolivia|bolivia, bolivian
cuba|Cuba|cuba, cuban, cubans
haiti|Haiti|haiti, haitian
panama|Panama|panama, panamanian
guatemala|Guatemala|guatemala, guatemalan
honduras|Honduras|honduras, honduran
el-salvador|El Salvador|el salvador, salvadoran
nicaragua|Nicaragua|nicaragua, nicaraguan
uk|UK|uk, united kingdom, britain, great britain, british, england, english, scotland, scottish, wales, welsh
ireland|Ireland|ireland, irish
france|France|france, french
germany|Germany|germany, german, germans
italy|Italy|italy, italian, italians
spain|Spain|spain, spanish
portugal|Portugal|portugal, portuguese
netherlands|Netherlands|netherlands, dutch, holland
belgium|Belgium|belgium, belgian
switzerland|Switzerland|switzerland, swiss
austria|Austria|austria, austrian
denmark|Denmark|denmark, danish
norway|Norway|norway, norwegian
sweden|Sweden|sweden, swedish
finland|Finland|finland, finnish
iceland|Iceland|iceland, icelandic
poland|Poland|poland, polish
czechia|Czech Republic|czech republic, czechia, czech
slovakia|Slovakia|slovakia, slovak
hungary|Hungary|hungary, hungarian
romania|Romania|romania, romanian
bulgaria|Bulgaria|bulgaria, bulgarian
greece|Greece|greece, greek
serbia|Serbia|serbia, serbian
croatia|Croatia|croatia, croatian
bosnia|Bosnia|bosnia, bosnian
kosovo|Kosovo|kosovo
albania|Albania|albania, albanian
moldova|Moldova|moldova, moldovan
belarus|Belarus|belarus, belarusian
ukraine|Ukraine|ukraine, ukrainian, ukrainians
russia|Russia|russia, russian, russians
georgia-country|Georgia (country)|tbilisi
armenia|Armenia|armenia, armenian
azerbaijan|Azerbaijan|azerbaijan, azerbaijani
estonia|Estonia|estonia, estonian
latvia|Latvia|latvia, latvian
lithuania|Lithuania|lithuania, lithuanian
turkey|Turkey|turkey, turkiye, turkish
cyprus|Cyprus|cyprus, cypriot
israel|Israel|israel, israeli, israelis
palestine|Palestine|palestine, palestinian, palestinians, gaza, west bank, hamas
lebanon|Lebanon|lebanon, lebanese, hezbollah
syria|Syria|syria, syrian
jordan|Jordan|jordan, jordanian
iraq|Iraq|iraq, iraqi
iran|Iran|iran, iranian, iranians
saudi-arabia|Saudi Arabia|saudi arabia, saudi, saudis
uae|UAE|uae, united arab emirates, emirati, emirates
qatar|Qatar|qatar, qatari
kuwait|Kuwait|kuwait, kuwaiti
oman|Oman|oman, omani
yemen|Yemen|yemen, yemeni, houthi, houthis
egypt|Egypt|egypt, egyptian
libya|Libya|libya, libyan
tunisia|Tunisia|tunisia, tunisian
algeria|Algeria|algeria, algerian
morocco|Morocco|morocco, moroccan
sudan|Sudan|sudan, sudanese
south-sudan|South Sudan|south sudan
ethiopia|Ethiopia|ethiopia, ethiopian
somalia|Somalia|somalia, somali
kenya|Kenya|kenya, kenyan
uganda|Uganda|uganda, ugandan
tanzania|Tanzania|tanzania, tanzanian
rwanda|Rwanda|rwanda, rwandan
congo|Congo|congo, congolese
nigeria|Nigeria|nigeria, nigerian
ghana|Ghana|ghana, ghanaian
senegal|Senegal|senegal, senegalese
mali|Mali|mali, malian
niger|Niger|niger
south-africa|South Africa|south africa, south african
zimbabwe|Zimbabwe|zimbabwe, zimbabwean
mozambique|Mozambique|mozambique
angola|Angola|angola, angolan
afghanistan|Afghanistan|afghanistan, afghan, taliban
pakistan|Pakistan|pakistan, pakistani
india|India|india, indian, indians
bangladesh|Bangladesh|bangladesh, bangladeshi
sri-lanka|Sri Lanka|sri lanka, sri lankan
nepal|Nepal|nepal, nepali, nepalese
china|China|china, chinese, 中国
taiwan|Taiwan|taiwan, taiwanese
japan|Japan|japan, japanese, 日本
south-korea|South Korea|south korea, korea, korean, koreans, 한국
north-korea|North Korea|north korea, pyongyang, north korean
mongolia|Mongolia|mongolia, mongolian
vietnam|Vietnam|vietnam, vietnamese
thailand|Thailand|thailand, thai
cambodia|Cambodia|cambodia, cambodian
laos|Laos|laos, laotian
myanmar|Myanmar|myanmar, burma, burmese
malaysia|Malaysia|malaysia, malaysian
singapore|Singapore|singapore, singaporean
indonesia|Indonesia|indonesia, indonesian
philippines|Philippines|philippines, philippine, filipino
australia|Australia|australia, australian, australians
new-zealand|New Zealand|new zealand
kazakhstan|Kazakhstan|kazakhstan, kazakh
uzbekistan|Uzbekistan|uzbekistan, uzbek
greenland|Greenland|greenland, greenlandic
`;

const US_STATES = `alabama, alaska, arizona, arkansas, california, colorado, connecticut, delaware,
florida, georgia, hawaii, idaho, illinois, indiana, iowa, kansas, kentucky, louisiana, maine,
maryland, massachusetts, michigan, minnesota, mississippi, missouri, montana, nebraska, nevada,
new hampshire, new jersey, new mexico, new york, north carolina, north dakota, ohio, oklahoma,
oregon, pennsylvania, rhode island, south carolina, south dakota, tennessee, texas, utah,
vermont, virginia, west virginia, wisconsin, wyoming, puerto rico`;

const CITIES = `
washington|Washington|washington, washington dc|usa
tokyo|Tokyo|tokyo, 東京|japan
osaka|Osaka|osaka|japan
kyoto|Kyoto|kyoto|japan
okinawa|Okinawa|okinawa|japan
beijing|Beijing|beijing, 北京|china
shanghai|Shanghai|shanghai|china
hong-kong|Hong Kong|hong kong|china
taipei|Taipei|taipei|taiwan
seoul|Seoul|seoul|south-korea
moscow|Moscow|moscow, kremlin|russia
kyiv|Kyiv|kyiv, kiev, kharkiv, odesa, odessa, donbas, crimea|ukraine
london|London|london, downing street|uk
paris|Paris|paris|france
berlin|Berlin|berlin|germany
rome|Rome|rome|italy
madrid|Madrid|madrid|spain
brussels|Brussels|brussels|belgium
new-delhi|New Delhi|new delhi, delhi, mumbai|india
islamabad|Islamabad|islamabad, karachi|pakistan
tehran|Tehran|tehran|iran
jerusalem|Jerusalem|jerusalem, tel aviv|israel
cairo|Cairo|cairo|egypt
riyadh|Riyadh|riyadh|saudi-arabia
dubai|Dubai|dubai, abu dhabi|uae
ankara|Ankara|ankara, istanbul|turkey
ottawa|Ottawa|ottawa, toronto, vancouver, montreal|canada
mexico-city|Mexico City|mexico city|mexico
brasilia|Brasilia|brasilia, sao paulo, rio de janeiro|brazil
buenos-aires|Buenos Aires|buenos aires|argentina
sydney|Sydney|sydney, canberra, melbourne|australia
nairobi|Nairobi|nairobi|kenya
lagos|Lagos|lagos, abuja|nigeria
johannesburg|Johannesburg|johannesburg, pretoria, cape town|south-africa
havana|Havana|havana|cuba
caracas|Caracas|caracas|venezuela
kabul|Kabul|kabul|afghanistan
baghdad|Baghdad|baghdad|iraq
damascus|Damascus|damascus|syria
beirut|Beirut|beirut|lebanon
manila|Manila|manila|philippines
jakarta|Jakarta|jakarta|indonesia
hanoi|Hanoi|hanoi|vietnam
bangkok|Bangkok|bangkok|thailand
warsaw|Warsaw|warsaw|poland
oslo|Oslo|oslo|norway
stockholm|Stockholm|stockholm|sweden
`;

const PEOPLE = `
trump|Trump|trump, donald trump|usa
vance|Vance|vance, jd vance|usa
biden|Biden|biden, joe biden|usa
harris|Kamala Harris|kamala harris|usa
rubio|Rubio|marco rubio, rubio|usa
hegseth|Hegseth|hegseth, pete hegseth|usa
powell|Jerome Powell|jerome powell|usa
musk|Musk|musk, elon musk|usa
ishiba|Ishiba|ishiba, shigeru ishiba|japan
takaichi|Takaichi|takaichi, sanae takaichi|japan
kishida|Kishida|kishida, fumio kishida|japan
xi|Xi Jinping|xi jinping, xi|china
putin|Putin|putin, vladimir putin|russia
zelensky|Zelensky|zelensky, zelenskyy, volodymyr zelensky, volodymyr zelenskyy|ukraine
modi|Modi|modi, narendra modi|india
lee-jae-myung|Lee Jae-myung|lee jae-myung, lee jae myung|south-korea
yoon|Yoon Suk Yeol|yoon suk yeol, yoon|south-korea
kim-jong-un|Kim Jong Un|kim jong un, kim jong-un|north-korea
starmer|Starmer|starmer, keir starmer|uk
macron|Macron|macron, emmanuel macron|france
merz|Merz|merz, friedrich merz|germany
scholz|Scholz|scholz, olaf scholz|germany
meloni|Meloni|meloni, giorgia meloni|italy
carney|Mark Carney|mark carney|canada
trudeau|Trudeau|trudeau, justin trudeau|canada
sheinbaum|Sheinbaum|sheinbaum, claudia sheinbaum|mexico
lula|Lula|lula, lula da silva|brazil
milei|Milei|milei, javier milei|argentina
albanese|Albanese|anthony albanese|australia
erdogan|Erdogan|erdogan, recep tayyip erdogan|turkey
netanyahu|Netanyahu|netanyahu, benjamin netanyahu|israel
khamenei|Khamenei|khamenei, ali khamenei|iran
mbs|Mohammed bin Salman|mohammed bin salman, crown prince mohammed|saudi-arabia
ramaphosa|Ramaphosa|ramaphosa, cyril ramaphosa|south-africa
orban|Orban|orban, viktor orban|hungary
tusk|Tusk|donald tusk|poland
sanchez|Pedro Sanchez|pedro sanchez|spain
jagland|Jagland|jagland, thorbjoern jagland, thorbjorn jagland|norway
guterres|Guterres|guterres, antonio guterres
rutte|Rutte|rutte, mark rutte
von-der-leyen|von der Leyen|von der leyen, ursula von der leyen
pope-leo|Pope Leo|pope leo, pope leo xiv
`;

const ORGANIZATIONS = `
un|UN|un, united nations, security council
nato|NATO|nato
eu|EU|eu, european union, european commission
fed|Fed|fed, federal reserve|usa
white-house|White House|white house|usa
pentagon|Pentagon|pentagon|usa
congress|Congress|congress, senate, house of representatives|usa
supreme-court|Supreme Court|supreme court
imf|IMF|imf, international monetary fund
world-bank|World Bank|world bank
opec|OPEC|opec
wto|WTO|wto, world trade organization
ecb|ECB|ecb, european central bank
boj|Bank of Japan|bank of japan, boj|japan
g7|G7|g7, g-7
g20|G20|g20, g-20
`;

function parse(kind: EntityKind, text: string): Entity[] {
  const out: Entity[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const [id = '', display = '', names = '', country] = line.split('|');
    const entity: Entity = {
      id,
      kind,
      display,
      names: names.split(',').map((name) => name.trim()),
      ...(country === undefined ? {} : { country }),
    };
    out.push(entity);
  }
  return out;
}

const states: Entity[] = US_STATES.split(',')
  .map((name) => name.trim())
  .map((name) => ({
    id: `us-${name.replace(/ /g, '-')}`,
    kind: 'region',
    display: name.replace(/\b[a-z]/g, (letter) => letter.toUpperCase()),
    names: [name],
    country: 'usa',
  }));

/** Every entity, countries first. */
export const ENTITIES: readonly Entity[] = [
  ...parse('country', COUNTRIES),
  ...states,
  ...parse('city', CITIES),
  ...parse('person', PEOPLE),
  ...parse('organization', ORGANIZATIONS),
];

/** Countries only, for the `world` topic. */
export const COUNTRY_ENTITIES: readonly Entity[] = ENTITIES.filter((entity) => entity.kind === 'country');
