// Demo data for a Central European sales office: Czech (~60 %), Hungarian (~20 %) and Russian
// (~20 %) firms with their people, addresses, channels and a three-year contact history.
// Deterministic for a seed and `now` (mulberry32, never Math.random) — only the ids are random,
// as ids must be. Built for volume (the benchmark loads 100k firms, 300k people, 2M contacts): raw
// better-sqlite3 prepared statements, one transaction per batch of firms, and the search index
// filled once per firm instead of once per child row (see `searchIndex`).
import { randomFillSync } from 'node:crypto';
import type SQLite from 'better-sqlite3';
import type { OpenDb } from '../db/open.ts';

/** Bump when the generated data changes: cached benchmark datasets carry it in their name. */
export const DEMO_GENERATOR_VERSION = 1;

export interface DemoOptions {
  firms: number;
  seed?: number;
  onProgress?: (done: number, total: number) => void;
  /** "Now" for the data: history ends here, planned contacts start after it (default Date.now()). */
  now?: number;
  /**
   * How the search index is kept while loading. 'bulk' (default): per batch, the AFTER INSERT
   * search triggers of firms/people/addresses/channels are dropped, and after the batch's rows
   * are in, `UPDATE firms SET name = name` fires firms_au — the same reindex body — once per
   * firm; the triggers are then re-created from their own text in sqlite_master, all inside the
   * batch's transaction. 'triggers': leave every trigger in place (slow; the reference).
   * 'bulk' falls back to 'triggers' if the schema's triggers are not the ones it knows.
   */
  searchIndex?: 'bulk' | 'triggers';
  /** Firms per transaction (default 1000). */
  batchSize?: number;
}

export interface DemoCounts {
  firms: number;
  people: number;
  contacts: number;
  /** Salespeople added (existing demo salespeople are reused on a second run). */
  users: number;
}

// ---- randomness --------------------------------------------------------------------------

class Rng {
  private a: number;
  constructor(seed: number) { this.a = seed >>> 0; }
  /** mulberry32: a float in [0, 1). */
  next(): number {
    this.a = (this.a + 0x6d2b79f5) | 0;
    let t = Math.imul(this.a ^ (this.a >>> 15), 1 | this.a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number { return lo + Math.floor(this.next() * (hi - lo + 1)); }
  chance(p: number): boolean { return this.next() < p; }
  pick<T>(list: readonly T[]): T { return list[Math.floor(this.next() * list.length)]!; }
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(this.next() * 10);
    return s;
  }
}

class Weighted<T> {
  readonly items: T[];
  private readonly cum: number[];
  constructor(entries: readonly (readonly [T, number])[]) {
    this.items = entries.map((e) => e[0]);
    let total = 0;
    this.cum = entries.map((e) => (total += e[1]));
    this.cum = this.cum.map((c) => c / total);
  }
  pick(rng: Rng): T {
    const r = rng.next();
    for (let i = 0; i < this.cum.length; i++) if (r < this.cum[i]!) return this.items[i]!;
    return this.items[this.items.length - 1]!;
  }
}

// UUIDv7 (same layout as util/ids.ts), minted in load order from the wall clock, like an import
// would: ids say when the row was written, created_at the story's time. Two reasons: rows whose
// ids ascend are appended to the id indexes instead of scattered over them (a 100k-firm load
// twice as fast, and the gap grows with size), and the random bits still come from crypto —
// pooled, one call per 6,500 ids — so two laptops loading the same seed never share an id.
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const idPool = Buffer.alloc(8 * 6500);
let idPos = idPool.length;
let idMs = 0;
let idSeq = 0;
function newId(): string {
  const wall = Date.now();
  if (wall > idMs) { idMs = wall; idSeq = 0; }
  else if (++idSeq > 0xfff) { idMs += 1; idSeq = 0; } // more than 4096 in a millisecond: borrow the next one
  if (idPos + 8 > idPool.length) { randomFillSync(idPool); idPos = 0; }
  const b = idPool;
  const p = idPos;
  idPos += 8;
  const hi = Math.floor(idMs / 2 ** 32);
  const lo = idMs >>> 0;
  return HEX[(hi >>> 8) & 0xff]! + HEX[hi & 0xff]! + HEX[lo >>> 24]! + HEX[(lo >>> 16) & 0xff]! + '-'
    + HEX[(lo >>> 8) & 0xff]! + HEX[lo & 0xff]! + '-'
    + HEX[0x70 | (idSeq >>> 8)]! + HEX[idSeq & 0xff]! + '-'
    + HEX[0x80 | (b[p]! & 0x3f)]! + HEX[b[p + 1]!]! + '-'
    + HEX[b[p + 2]!]! + HEX[b[p + 3]!]! + HEX[b[p + 4]!]! + HEX[b[p + 5]!]! + HEX[b[p + 6]!]! + HEX[b[p + 7]!]!;
}

// ---- text helpers ------------------------------------------------------------------------

const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l',
  м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh',
  щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};
/** Lower-case ASCII for e-mail addresses and domains: diacritics dropped, Cyrillic transliterated. */
function ascii(s: string): string {
  const folded = s.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
  let out = '';
  for (const ch of folded) out += CYRILLIC[ch] ?? ch;
  return out;
}
function slug(s: string, max = 28): string {
  const x = ascii(s).replace(/&/g, ' ').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return x.length <= max ? x : x.slice(0, max).replace(/-+$/, '');
}
const fill = (template: string, vars: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? '');

// ---- the office's languages -------------------------------------------------------------

type LangCode = 'cs' | 'hu' | 'ru';

interface City {
  name: string;
  postal: string[];
  /** National dialling prefix of the city's landlines, without the country code. */
  area: string;
  /** Hungarian adjective form (Debrecen → Debreceni), for firm names. */
  adj?: string;
}

interface Job { m: string; f: string; role: string; boss?: boolean }

interface Template { kind: string; text: string; results: (string | null)[] }

interface Lang {
  code: LangCode;
  country: string;
  tld: string;
  cities: Weighted<City>;
  streets: string[];
  maleFirst: string[];
  femaleFirst: string[];
  /** [male, female] forms. */
  surnames: [string, string][];
  titlesBefore: Weighted<string>;
  jobs: Job[];
  products: string[];
  fairs: string[];
  templates: Template[];
  planned: string[];
  notes: string[];
  personNotes: string[];
  phoneLabels: string[];
  mobileLabel: string;
  eshopLabel: string;
  freemail: string[];
  infoMailbox: string[];
}

const cz = (name: string, postal: string | string[], area: string): [City, number] => [{ name, postal: Array.isArray(postal) ? postal : [postal], area }, 1];

const CS: Lang = {
  code: 'cs', country: 'CZ', tld: 'cz',
  cities: new Weighted<City>([
    [{ name: 'Praha', postal: ['110 00', '120 00', '130 00', '140 00', '150 00', '160 00', '170 00', '180 00', '190 00', '100 00'], area: '2' }, 22],
    [{ name: 'Brno', postal: ['602 00', '612 00', '615 00', '616 00', '617 00', '618 00', '619 00', '621 00', '623 00', '625 00', '628 00', '635 00'], area: '54' }, 8],
    [{ name: 'Ostrava', postal: ['702 00', '703 00', '709 00', '710 00', '712 00', '721 00'], area: '59' }, 5],
    [{ name: 'Plzeň', postal: ['301 00', '312 00', '318 00', '323 00', '326 00'], area: '37' }, 4],
    [{ name: 'Olomouc', postal: ['779 00', '772 00'], area: '58' }, 3],
    [{ name: 'Liberec', postal: ['460 01', '460 07'], area: '48' }, 2.5],
    [{ name: 'České Budějovice', postal: ['370 01', '370 04', '370 05'], area: '38' }, 2.5],
    [{ name: 'Hradec Králové', postal: ['500 02', '500 03', '500 09'], area: '49' }, 2.5],
    [{ name: 'Ústí nad Labem', postal: ['400 01', '400 03'], area: '47' }, 2],
    [{ name: 'Pardubice', postal: ['530 02', '530 03'], area: '46' }, 2],
    [{ name: 'Zlín', postal: ['760 01', '760 05'], area: '57' }, 2],
    [{ name: 'Jihlava', postal: ['586 01'], area: '56' }, 1.5],
    [{ name: 'Chomutov', postal: ['430 01', '430 03'], area: '47' }, 1],
    [{ name: 'Hořice', postal: ['508 01'], area: '49' }, 0.5],
    ...[
      cz('Kladno', '272 01', '31'), cz('Most', '434 01', '47'), cz('Opava', '746 01', '55'), cz('Frýdek-Místek', '738 01', '55'),
      cz('Karviná', '733 01', '59'), cz('Teplice', '415 01', '41'), cz('Děčín', '405 02', '41'), cz('Karlovy Vary', '360 01', '35'),
      cz('Třebíč', '674 01', '56'), cz('Znojmo', '669 02', '51'), cz('Příbram', '261 01', '31'), cz('Kolín', '280 02', '32'),
      cz('Tábor', '390 02', '38'), cz('Písek', '397 01', '38'), cz('Kroměříž', '767 01', '57'), cz('Šumperk', '787 01', '58'),
      cz('Vsetín', '755 01', '57'), cz('Uherské Hradiště', '686 01', '57'), cz('Prostějov', '796 01', '58'), cz('Přerov', '750 02', '58'),
      cz('Mladá Boleslav', '293 01', '32'), cz('Trutnov', '541 01', '49'), cz('Náchod', '547 01', '49'), cz('Žďár nad Sázavou', '591 01', '56'),
      cz('Havlíčkův Brod', '580 01', '56'), cz('Beroun', '266 01', '31'), cz('Kutná Hora', '284 01', '32'), cz('Nový Jičín', '741 01', '55'),
      cz('Břeclav', '690 02', '51'), cz('Hodonín', '695 01', '51'), cz('Vyškov', '682 01', '51'), cz('Blansko', '678 01', '51'),
      cz('Cheb', '350 02', '35'), cz('Sokolov', '356 01', '35'), cz('Klatovy', '339 01', '37'), cz('Domažlice', '344 01', '37'),
      cz('Strakonice', '386 01', '38'), cz('Jindřichův Hradec', '377 01', '38'), cz('Rychnov nad Kněžnou', '516 01', '49'),
      cz('Jičín', '506 01', '49'), cz('Semily', '513 01', '48'), cz('Česká Lípa', '470 01', '48'), cz('Litoměřice', '412 01', '41'),
      cz('Louny', '440 01', '41'), cz('Benešov', '256 01', '31'), cz('Mělník', '276 01', '31'), cz('Nymburk', '288 02', '32'),
    ],
  ]),
  streets: ['Masarykova', 'Husova', 'Palackého', 'Nádražní', 'Školní', 'Komenského', 'Tyršova', 'Riegrova', 'Jiráskova',
    'Havlíčkova', 'Smetanova', 'Dukelská', 'Průmyslová', 'Lidická', 'Žižkova', 'Sokolská', 'Na Příkopě', 'Vinohradská',
    'Národní', 'Pražská', 'Brněnská', 'U Nádraží', 'Zahradní', 'Polní', 'Luční', 'Krátká', 'Dlouhá', 'Nová', 'K Lesu',
    '5. května', '28. října', 'Táborská', 'Chodská', 'Korunní', 'Křižíkova', 'Štefánikova', 'Čechova', 'Nerudova',
    'Bezručova', 'Kounicova', 'Purkyňova', 'Třída Tomáše Bati', 'Hlavní', 'Revoluční', 'Svatopluka Čecha', 'V Olšinách',
    'Českomoravská', 'Plzeňská', 'Ostravská', 'Kpt. Jaroše'],
  maleFirst: ['Jan', 'Petr', 'Jiří', 'Tomáš', 'Martin', 'Pavel', 'Jaroslav', 'Josef', 'Miroslav', 'Lukáš', 'Jakub', 'Ondřej',
    'Michal', 'David', 'Zdeněk', 'Václav', 'Karel', 'Milan', 'Vojtěch', 'Radek', 'Stanislav', 'František', 'Aleš', 'Vladimír', 'Libor'],
  femaleFirst: ['Eva', 'Jana', 'Lucie', 'Marie', 'Hana', 'Anna', 'Lenka', 'Kateřina', 'Věra', 'Alena', 'Petra', 'Veronika',
    'Martina', 'Jaroslava', 'Tereza', 'Michaela', 'Zuzana', 'Ivana', 'Monika', 'Markéta', 'Dagmar', 'Šárka', 'Barbora', 'Zdeňka', 'Kristýna'],
  surnames: ([
    'Novák|Nováková', 'Svoboda|Svobodová', 'Novotný|Novotná', 'Dvořák|Dvořáková', 'Černý|Černá', 'Procházka|Procházková',
    'Kučera|Kučerová', 'Veselý|Veselá', 'Horák|Horáková', 'Němec|Němcová', 'Pokorný|Pokorná', 'Marek|Marková',
    'Pospíšil|Pospíšilová', 'Hájek|Hájková', 'Jelínek|Jelínková', 'Král|Králová', 'Růžička|Růžičková', 'Beneš|Benešová',
    'Fiala|Fialová', 'Sedláček|Sedláčková', 'Doležal|Doležalová', 'Zeman|Zemanová', 'Kolář|Kolářová', 'Navrátil|Navrátilová',
    'Čermák|Čermáková', 'Urban|Urbanová', 'Vaněk|Vaňková', 'Blažek|Blažková', 'Kříž|Křížová', 'Kovář|Kovářová',
    'Šťastný|Šťastná', 'Chalupa|Chalupová', 'Hrubý|Hrubá', 'Bartoš|Bartošová', 'Vlček|Vlčková', 'Polák|Poláková',
    'Kopecký|Kopecká', 'Musil|Musilová', 'Šimek|Šimková', 'Konečný|Konečná', 'Malý|Malá', 'Holub|Holubová',
    'Štěpánek|Štěpánková', 'Kadlec|Kadlecová', 'Dostál|Dostálová', 'Soukup|Soukupová', 'Šebesta|Šebestová', 'Tichý|Tichá',
    'Žák|Žáková', 'Říha|Říhová', 'Ševčík|Ševčíková', 'Bureš|Burešová', 'Vávra|Vávrová', 'Janda|Jandová',
    'Matějka|Matějková', 'Kratochvíl|Kratochvílová', 'Sýkora|Sýkorová', 'Hořejší|Hořejší', 'Čech|Čechová', 'Mareš|Marešová',
  ] as const).map((s) => s.split('|') as [string, string]),
  titlesBefore: new Weighted([['', 56], ['Ing.', 24], ['Mgr.', 8], ['Bc.', 6], ['JUDr.', 1.5], ['MUDr.', 1], ['PhDr.', 1], ['RNDr.', 1], ['Ing. arch.', 0.5], ['Dr.', 1]]),
  jobs: [
    { m: 'jednatel', f: 'jednatelka', role: 'decision_maker', boss: true },
    { m: 'ředitel', f: 'ředitelka', role: 'decision_maker', boss: true },
    { m: 'obchodní ředitel', f: 'obchodní ředitelka', role: 'decision_maker', boss: true },
    { m: 'vedoucí nákupu', f: 'vedoucí nákupu', role: 'decision_maker', boss: true },
    { m: 'nákupčí', f: 'nákupčí', role: 'influencer' },
    { m: 'vedoucí výroby', f: 'vedoucí výroby', role: 'influencer' },
    { m: 'technolog', f: 'technoložka', role: 'user' },
    { m: 'projektový manažer', f: 'projektová manažerka', role: 'influencer' },
    { m: 'mistr', f: 'mistrová', role: 'user' },
    { m: 'skladník', f: 'skladnice', role: 'user' },
    { m: 'účetní', f: 'účetní', role: 'other' },
    { m: 'asistent', f: 'asistentka', role: 'gatekeeper' },
    { m: 'recepční', f: 'recepční', role: 'gatekeeper' },
    { m: 'IT správce', f: 'IT správkyně', role: 'user' },
  ],
  products: ['ložiska', 'čerpadla', 'hydraulické válce', 'kancelářský papír', 'ochranné pomůcky', 'skladový software',
    'europalety', 'svářecí dráty', 'průmyslové barvy', 'LED osvětlení', 'pneumatiky', 'filtry', 'spojovací materiál',
    'elektromotory', 'obalové materiály'],
  fairs: ['MSV Brno', 'Amper', 'For Arch', 'Salima', 'Techagro', 'Embax', 'Stavotech'],
  templates: [
    { kind: 'call', text: 'Telefonát: zájem o {product}, poslat nabídku', results: ['follow_up', 'offer_sent'] },
    { kind: 'call', text: 'Nedovolali jsme se, zkusit znovu zítra', results: ['no_answer'] },
    { kind: 'call', text: 'Ověření termínu dodávky – {product}', results: ['info_given'] },
    { kind: 'call', text: 'Dotaz na ceny pro rok {year} – {product}', results: ['info_given', 'follow_up'] },
    { kind: 'call', text: 'Telefonicky domluvena schůzka, {city}', results: ['follow_up'] },
    { kind: 'call', text: 'Nemají zájem, mají smluvního dodavatele', results: ['not_interested'] },
    { kind: 'call', text: 'Reklamace dodávky – {product}, řešíme s výrobou', results: ['follow_up'] },
    { kind: 'meeting', text: 'Schůzka – {city}: prezentace nové řady, {product}', results: ['follow_up', 'offer_sent'] },
    { kind: 'meeting', text: 'Jednání o rámcové smlouvě na rok {year}', results: ['contract_signed', 'follow_up'] },
    { kind: 'meeting', text: 'Osobní návštěva, prohlídka provozu', results: ['info_given', null] },
    { kind: 'email', text: 'Zaslána cenová nabídka: {product}, {n} ks', results: ['offer_sent'] },
    { kind: 'email', text: 'E-mail s technickou dokumentací – {product}', results: ['info_given'] },
    { kind: 'email', text: 'Poptávka z webu – {product}, {n} ks', results: ['follow_up'] },
    { kind: 'letter', text: 'Dopis s novým ceníkem na rok {year}', results: ['info_given'] },
    { kind: 'letter', text: 'Upomínka splatné faktury č. {invoice}', results: ['follow_up'] },
    { kind: 'event', text: 'Setkání na veletrhu {fair}', results: ['follow_up', 'info_given'] },
    { kind: 'task', text: 'Připravit podklady pro nabídku – {product}', results: [null] },
    { kind: 'task', text: 'Zkontrolovat platby za {quarter}. čtvrtletí', results: [null] },
  ],
  planned: ['Zavolat kvůli nabídce – {product}', 'Schůzka: podpis smlouvy', 'Poslat katalog {year}',
    'Ověřit spokojenost s dodávkou', 'Připomenout platbu faktury č. {invoice}', 'Předvést vzorky – {product}'],
  notes: [
    'Pan ředitel potvrdil, že rozpočet na příští rok bude schválen do konce měsíce.',
    'Požadují dodání ve dvou etapách, první polovinu do konce čtvrtletí.',
    'Cenu považují za vyšší než u konkurence, ale oceňují rychlost servisu.',
    'Zmínili, že zvažují rozšíření výroby do nové haly v příštím roce.',
    'Platební morálka je v pořádku, poslední faktury uhradili včas.',
    'Je potřeba připravit referenční seznam podobných zakázek.',
    'Kontaktní osoba bude od příštího měsíce na mateřské dovolené, převezme to kolega z nákupu.',
    'Dohodli jsme zkušební dodávku za zvýhodněnou cenu.',
    'Chtějí konsignační sklad přímo u sebe ve výrobě.',
    'Na schůzce byl přítomen i technický ředitel, který má rozhodující slovo.',
  ],
  personNotes: ['Preferuje e-mail.', 'Nevolat před devátou.', 'Rozhoduje o všech nákupech nad 100 tisíc.', 'Mluví německy.'],
  phoneLabels: ['ústředna', 'obchod', 'sklad', ''],
  mobileLabel: 'mobil',
  eshopLabel: 'e-shop',
  freemail: ['seznam.cz', 'email.cz', 'gmail.com'],
  infoMailbox: ['info', 'info', 'obchod', 'kancelar'],
};

const hu = (name: string, postal: string | string[], area: string, adj: string, weight = 1): [City, number] =>
  [{ name, postal: Array.isArray(postal) ? postal : [postal], area, adj }, weight];

const HU: Lang = {
  code: 'hu', country: 'HU', tld: 'hu',
  cities: new Weighted<City>([
    hu('Budapest', ['1011', '1051', '1054', '1062', '1074', '1085', '1095', '1106', '1117', '1134', '1139', '1146', '1183', '1211'], '1', 'Budapesti', 30),
    hu('Debrecen', ['4024', '4025', '4026', '4031'], '52', 'Debreceni', 4), hu('Szeged', ['6720', '6721', '6724'], '62', 'Szegedi', 4),
    hu('Miskolc', ['3525', '3530', '3527'], '46', 'Miskolci', 3), hu('Pécs', ['7621', '7622', '7624'], '72', 'Pécsi', 3),
    hu('Győr', ['9021', '9022', '9024'], '96', 'Győri', 3), hu('Nyíregyháza', '4400', '42', 'Nyíregyházi', 2),
    hu('Kecskemét', '6000', '76', 'Kecskeméti', 2), hu('Székesfehérvár', '8000', '22', 'Székesfehérvári', 2),
    hu('Szombathely', '9700', '94', 'Szombathelyi'), hu('Szolnok', '5000', '56', 'Szolnoki'), hu('Tatabánya', '2800', '34', 'Tatabányai'),
    hu('Kaposvár', '7400', '82', 'Kaposvári'), hu('Veszprém', '8200', '88', 'Veszprémi'), hu('Békéscsaba', '5600', '66', 'Békéscsabai'),
    hu('Zalaegerszeg', '8900', '92', 'Zalaegerszegi'), hu('Sopron', '9400', '99', 'Soproni'), hu('Eger', '3300', '36', 'Egri'),
    hu('Dunaújváros', '2400', '25', 'Dunaújvárosi'), hu('Esztergom', '2500', '33', 'Esztergomi'), hu('Gödöllő', '2100', '28', 'Gödöllői'),
  ]),
  streets: ['Kossuth Lajos utca', 'Petőfi Sándor utca', 'Rákóczi út', 'Széchenyi István tér', 'Ady Endre utca', 'Dózsa György út',
    'Fő utca', 'Váci út', 'Andrássy út', 'Bajcsy-Zsilinszky út', 'Arany János utca', 'Jókai Mór utca', 'Deák Ferenc tér',
    'Hunyadi János utca', 'Szent István körút', 'Thököly út', 'Üllői út', 'Árpád fejedelem útja', 'Béke utca', 'Ipari park utca'],
  maleFirst: ['László', 'István', 'József', 'János', 'Zoltán', 'Sándor', 'Gábor', 'Ferenc', 'Attila', 'Péter', 'Tamás', 'Zsolt',
    'Tibor', 'András', 'Csaba', 'Imre', 'Lajos', 'György', 'Balázs', 'Gyula', 'Mihály', 'Róbert', 'Norbert', 'Dávid', 'Ádám'],
  femaleFirst: ['Mária', 'Erzsébet', 'Katalin', 'Ilona', 'Éva', 'Anna', 'Zsuzsanna', 'Margit', 'Judit', 'Ágnes', 'Andrea', 'Erika',
    'Krisztina', 'Ildikó', 'Eszter', 'Tímea', 'Viktória', 'Nikolett', 'Anita', 'Gabriella', 'Edit', 'Réka', 'Dóra', 'Orsolya', 'Boglárka'],
  surnames: ['Nagy', 'Kovács', 'Tóth', 'Szabó', 'Horváth', 'Varga', 'Kiss', 'Molnár', 'Németh', 'Farkas', 'Balogh', 'Papp', 'Takács',
    'Juhász', 'Lakatos', 'Mészáros', 'Oláh', 'Simon', 'Rácz', 'Fekete', 'Szilágyi', 'Török', 'Fehér', 'Balázs', 'Gál', 'Kis', 'Szűcs',
    'Kocsis', 'Pintér', 'Fodor', 'Szalai', 'Sipos', 'Magyar', 'Lukács', 'Gulyás', 'Bíró', 'Király', 'Katona', 'László', 'Jakab',
    'Győri', 'Sándor', 'Boros', 'Fazekas', 'Kelemen', 'Antal', 'Orbán', 'Somogyi', 'Vörös', 'Fülöp'].map((s) => [s, s] as [string, string]),
  titlesBefore: new Weighted([['', 93], ['dr.', 6], ['Dr.', 1]]),
  jobs: [
    { m: 'ügyvezető igazgató', f: 'ügyvezető igazgató', role: 'decision_maker', boss: true },
    { m: 'kereskedelmi igazgató', f: 'kereskedelmi igazgató', role: 'decision_maker', boss: true },
    { m: 'beszerzési vezető', f: 'beszerzési vezető', role: 'decision_maker', boss: true },
    { m: 'beszerző', f: 'beszerző', role: 'influencer' },
    { m: 'termelésvezető', f: 'termelésvezető', role: 'influencer' },
    { m: 'műszaki vezető', f: 'műszaki vezető', role: 'influencer' },
    { m: 'projektmenedzser', f: 'projektmenedzser', role: 'influencer' },
    { m: 'raktárvezető', f: 'raktárvezető', role: 'user' },
    { m: 'mérnök', f: 'mérnök', role: 'user' },
    { m: 'könyvelő', f: 'könyvelő', role: 'other' },
    { m: 'titkár', f: 'titkárnő', role: 'gatekeeper' },
    { m: 'irodavezető', f: 'irodavezető', role: 'gatekeeper' },
  ],
  products: ['csapágyak', 'szivattyúk', 'hidraulikus hengerek', 'irodai papír', 'védőfelszerelés', 'raktárkezelő szoftver',
    'raklapok', 'hegesztőhuzal', 'ipari festékek', 'LED világítás', 'gumiabroncsok', 'szűrők', 'kötőelemek', 'villanymotorok', 'csomagolóanyag'],
  fairs: ['Construma', 'Industry Days', 'Agrárgépshow', 'Foodapest', 'Autotechnika'],
  templates: [
    { kind: 'call', text: 'Telefon: érdeklődés – {product}, ajánlatot küldünk', results: ['follow_up', 'offer_sent'] },
    { kind: 'call', text: 'Nem vették fel, holnap újra próbálni', results: ['no_answer'] },
    { kind: 'call', text: 'Szállítási határidő egyeztetése – {product}', results: ['info_given'] },
    { kind: 'call', text: 'Árak a {year}. évre – {product}', results: ['info_given', 'follow_up'] },
    { kind: 'call', text: 'Telefonon időpont egyeztetve, {city}', results: ['follow_up'] },
    { kind: 'call', text: 'Nem érdeklődnek, van szerződött beszállítójuk', results: ['not_interested'] },
    { kind: 'call', text: 'Reklamáció – {product}, a gyártással egyeztetünk', results: ['follow_up'] },
    { kind: 'meeting', text: 'Személyes találkozó, {city}: új termékek bemutatása – {product}', results: ['follow_up', 'offer_sent'] },
    { kind: 'meeting', text: 'Tárgyalás a {year}. évi keretszerződésről', results: ['contract_signed', 'follow_up'] },
    { kind: 'meeting', text: 'Üzemlátogatás az ügyfélnél', results: ['info_given', null] },
    { kind: 'email', text: 'Árajánlat elküldve: {product}, {n} db', results: ['offer_sent'] },
    { kind: 'email', text: 'Műszaki dokumentáció elküldve – {product}', results: ['info_given'] },
    { kind: 'email', text: 'Webes ajánlatkérés – {product}, {n} db', results: ['follow_up'] },
    { kind: 'letter', text: 'Levél az új, {year}. évi árlistával', results: ['info_given'] },
    { kind: 'letter', text: 'Fizetési felszólítás, számla: {invoice}', results: ['follow_up'] },
    { kind: 'event', text: 'Találkozó a(z) {fair} kiállításon', results: ['follow_up', 'info_given'] },
    { kind: 'task', text: 'Ajánlat előkészítése – {product}', results: [null] },
    { kind: 'task', text: 'Befizetések ellenőrzése, {quarter}. negyedév', results: [null] },
  ],
  planned: ['Visszahívni az ajánlat miatt – {product}', 'Találkozó: szerződés aláírása', 'Katalógus küldése ({year})',
    'Elégedettség ellenőrzése a szállítás után', 'Emlékeztető a számla kifizetésére: {invoice}', 'Minták bemutatása – {product}'],
  notes: [
    'Az ügyvezető megerősítette, hogy a jövő évi költségvetést a hónap végéig jóváhagyják.',
    'Két ütemben kérik a szállítást, az első felét a negyedév végéig.',
    'Az árat magasabbnak tartják a versenytársakénál, de értékelik a gyors szervizt.',
    'Említették, hogy jövőre új csarnokkal bővítik a termelést.',
    'A fizetési fegyelem rendben van, az utolsó számlákat időben kiegyenlítették.',
    'Referencialistát kell készíteni hasonló megrendelésekről.',
    'Próbaszállításban állapodtunk meg kedvezményes áron.',
    'A megbeszélésen a műszaki igazgató is jelen volt, övé a döntő szó.',
  ],
  personNotes: ['E-mailt preferál.', 'Kilenc előtt ne hívjuk.', 'Németül is beszél.'],
  phoneLabels: ['központ', 'iroda', 'raktár', ''],
  mobileLabel: 'mobil',
  eshopLabel: 'webshop',
  freemail: ['freemail.hu', 'gmail.com', 'citromail.hu'],
  infoMailbox: ['info', 'info', 'iroda', 'ertekesites'],
};

const ru = (name: string, postal: string[], area: string, weight = 1): [City, number] => [{ name, postal, area }, weight];

const RU: Lang = {
  code: 'ru', country: 'RU', tld: 'ru',
  cities: new Weighted<City>([
    ru('Москва', ['101000', '105005', '109240', '115054', '117997', '119019', '123100', '125009', '127006', '129090'], '495', 30),
    ru('Санкт-Петербург', ['190000', '191186', '195009', '196084', '197101', '199034'], '812', 12),
    ru('Новосибирск', ['630099', '630005', '630007'], '383', 4), ru('Екатеринбург', ['620014', '620075', '620026'], '343', 4),
    ru('Казань', ['420111', '420015', '420021'], '843', 4), ru('Нижний Новгород', ['603005', '603950'], '831', 3),
    ru('Челябинск', ['454091', '454080'], '351', 2), ru('Самара', ['443099', '443010'], '846', 2),
    ru('Ростов-на-Дону', ['344002', '344010'], '863', 2), ru('Уфа', ['450077', '450008'], '347', 2),
    ru('Красноярск', ['660049', '660017'], '391', 2), ru('Пермь', ['614000', '614990'], '342', 2),
    ru('Воронеж', ['394036', '394018'], '473', 2), ru('Волгоград', ['400066', '400131'], '844', 1),
    ru('Краснодар', ['350000', '350063'], '861', 2), ru('Саратов', ['410012', '410031'], '845', 1),
    ru('Тюмень', ['625000', '625003'], '345', 1), ru('Калининград', ['236022', '236006'], '401', 1),
    ru('Ярославль', ['150000', '150003'], '485', 1),
  ]),
  streets: ['ул. Ленина', 'ул. Пушкина', 'пр. Мира', 'ул. Гагарина', 'ул. Советская', 'Тверская ул.', 'Невский пр.', 'ул. Садовая',
    'ул. Мира', 'ул. Лесная', 'Набережная ул.', 'ул. Московская', 'ул. Кирова', 'ул. Чехова', 'Ленинградский пр.',
    'ул. Большая Покровская', 'ул. Профсоюзная', 'ул. Заводская', 'Промышленная ул.', 'ул. Энтузиастов'],
  maleFirst: ['Александр', 'Алексей', 'Андрей', 'Дмитрий', 'Сергей', 'Иван', 'Михаил', 'Николай', 'Владимир', 'Евгений',
    'Максим', 'Павел', 'Игорь', 'Олег', 'Юрий', 'Артём', 'Роман', 'Виктор', 'Константин', 'Денис'],
  femaleFirst: ['Ольга', 'Наталья', 'Елена', 'Татьяна', 'Ирина', 'Светлана', 'Анна', 'Мария', 'Екатерина', 'Юлия', 'Марина',
    'Людмила', 'Анастасия', 'Галина', 'Надежда', 'Валентина', 'Оксана', 'Дарья', 'Ксения', 'Вера'],
  surnames: ['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров',
    'Морозов', 'Волков', 'Алексеев', 'Лебедев', 'Семёнов', 'Егоров', 'Павлов', 'Козлов', 'Степанов', 'Николаев', 'Орлов',
    'Андреев', 'Макаров', 'Никитин', 'Захаров', 'Зайцев', 'Соловьёв', 'Борисов', 'Яковлев', 'Григорьев', 'Романов',
    'Сергеев', 'Кузьмин', 'Фролов', 'Александров', 'Дмитриев', 'Королёв', 'Гусев', 'Ильин', 'Максимов', 'Поляков',
    'Сорокин', 'Виноградов', 'Ковалёв', 'Белов', 'Медведев', 'Антонов', 'Тарасов', 'Жуков', 'Баранов'].map((s) => [s, `${s}а`] as [string, string]),
  titlesBefore: new Weighted([['', 1]]),
  jobs: [
    { m: 'генеральный директор', f: 'генеральный директор', role: 'decision_maker', boss: true },
    { m: 'коммерческий директор', f: 'коммерческий директор', role: 'decision_maker', boss: true },
    { m: 'начальник отдела закупок', f: 'начальник отдела закупок', role: 'decision_maker', boss: true },
    { m: 'менеджер по закупкам', f: 'менеджер по закупкам', role: 'influencer' },
    { m: 'главный инженер', f: 'главный инженер', role: 'influencer' },
    { m: 'технический директор', f: 'технический директор', role: 'influencer' },
    { m: 'инженер', f: 'инженер', role: 'user' },
    { m: 'заведующий складом', f: 'заведующая складом', role: 'user' },
    { m: 'главный бухгалтер', f: 'главный бухгалтер', role: 'other' },
    { m: 'бухгалтер', f: 'бухгалтер', role: 'other' },
    { m: 'секретарь', f: 'секретарь', role: 'gatekeeper' },
    { m: 'офис-менеджер', f: 'офис-менеджер', role: 'gatekeeper' },
  ],
  products: ['подшипники', 'насосы', 'гидроцилиндры', 'офисная бумага', 'средства защиты', 'складское ПО', 'поддоны',
    'сварочная проволока', 'промышленные краски', 'светодиодное освещение', 'шины', 'фильтры', 'крепёж', 'электродвигатели', 'упаковка'],
  fairs: ['Иннопром', 'Металлообработка', 'ПродЭкспо', 'Строительная неделя', 'Агросалон'],
  templates: [
    { kind: 'call', text: 'Звонок: запрос цен – {product}, отправить КП', results: ['follow_up', 'offer_sent'] },
    { kind: 'call', text: 'Не дозвонились, перезвонить завтра', results: ['no_answer'] },
    { kind: 'call', text: 'Уточнили сроки поставки – {product}', results: ['info_given'] },
    { kind: 'call', text: 'Клиент спрашивал цены на {year} год – {product}', results: ['info_given', 'follow_up'] },
    { kind: 'call', text: 'По телефону договорились о встрече, {city}', results: ['follow_up'] },
    { kind: 'call', text: 'Не заинтересованы, работают с другим поставщиком', results: ['not_interested'] },
    { kind: 'call', text: 'Рекламация по поставке – {product}, решаем с производством', results: ['follow_up'] },
    { kind: 'meeting', text: 'Встреча у клиента ({city}): презентация – {product}', results: ['follow_up', 'offer_sent'] },
    { kind: 'meeting', text: 'Переговоры о рамочном договоре на {year} год', results: ['contract_signed', 'follow_up'] },
    { kind: 'meeting', text: 'Визит на производство клиента', results: ['info_given', null] },
    { kind: 'email', text: 'Отправлено коммерческое предложение: {product}, {n} шт.', results: ['offer_sent'] },
    { kind: 'email', text: 'Письмо с технической документацией – {product}', results: ['info_given'] },
    { kind: 'email', text: 'Заявка с сайта – {product}, {n} шт.', results: ['follow_up'] },
    { kind: 'letter', text: 'Письмо с новым прайс-листом на {year} год', results: ['info_given'] },
    { kind: 'letter', text: 'Напоминание об оплате счёта № {invoice}', results: ['follow_up'] },
    { kind: 'event', text: 'Встреча на выставке «{fair}»', results: ['follow_up', 'info_given'] },
    { kind: 'task', text: 'Подготовить материалы для КП – {product}', results: [null] },
    { kind: 'task', text: 'Проверить оплаты за {quarter} квартал', results: [null] },
  ],
  planned: ['Перезвонить по КП – {product}', 'Встреча: подписание договора', 'Отправить каталог на {year} год',
    'Узнать, довольны ли поставкой', 'Напомнить об оплате счёта № {invoice}', 'Показать образцы – {product}'],
  notes: [
    'Директор подтвердил, что бюджет на следующий год утвердят до конца месяца.',
    'Просят поставку в два этапа, первую половину до конца квартала.',
    'Считают цену выше, чем у конкурентов, но ценят быстрый сервис.',
    'Упомянули, что в следующем году планируют расширить производство.',
    'С оплатой проблем нет, последние счета оплачены вовремя.',
    'Нужно подготовить список аналогичных проектов для референций.',
    'Договорились о пробной поставке по льготной цене.',
    'На встрече присутствовал технический директор, за ним решающее слово.',
  ],
  personNotes: ['Предпочитает e-mail.', 'Не звонить до девяти.', 'Говорит по-английски.'],
  phoneLabels: ['приёмная', 'отдел продаж', 'склад', ''],
  mobileLabel: 'мобильный',
  eshopLabel: 'интернет-магазин',
  freemail: ['mail.ru', 'yandex.ru', 'gmail.com'],
  infoMailbox: ['info', 'info', 'office', 'sales'],
};

interface Industry { cs: string; hu: string; ru: string; csWords: string[]; huWords: string[]; ruRoots: string[]; csTrade: string }

const INDUSTRIES = new Weighted<Industry>([
  [{ cs: 'strojírenství', hu: 'gépgyártás', ru: 'машиностроение', csWords: ['Strojírny', 'Kovovýroba', 'Strojservis'], huWords: ['Gépgyártó', 'Fémipari', 'Gépészeti'], ruRoots: ['Маш', 'Мет', 'Пром'], csTrade: 'Zámečnictví' }, 14],
  [{ cs: 'stavebnictví', hu: 'építőipar', ru: 'строительство', csWords: ['Stavby', 'Stavební firma', 'Stavitelství'], huWords: ['Építő', 'Építőipari', 'Épker'], ruRoots: ['Строй', 'Монтаж'], csTrade: 'Zednictví' }, 12],
  [{ cs: 'IT služby', hu: 'informatika', ru: 'ИТ-услуги', csWords: ['Software', 'Data', 'Systémy'], huWords: ['Informatikai', 'Szoftver', 'Rendszerház'], ruRoots: ['Инфо', 'Софт', 'Дата'], csTrade: 'IT servis' }, 8],
  [{ cs: 'potravinářství', hu: 'élelmiszeripar', ru: 'пищевая промышленность', csWords: ['Pekárna', 'Mlékárna', 'Masna', 'Pivovar'], huWords: ['Pékség', 'Tejüzem', 'Élelmiszer', 'Húsüzem'], ruRoots: ['Продукт', 'Хлеб', 'Мясо'], csTrade: 'Pekařství' }, 9],
  [{ cs: 'doprava a logistika', hu: 'logisztika', ru: 'логистика', csWords: ['Autodoprava', 'Spedice', 'Logistika'], huWords: ['Fuvarozó', 'Szállítmányozási', 'Logisztikai'], ruRoots: ['Транс', 'Логистик'], csTrade: 'Autodoprava' }, 9],
  [{ cs: 'velkoobchod', hu: 'nagykereskedelem', ru: 'оптовая торговля', csWords: ['Velkoobchod', 'Distribuce', 'Obchodní dům'], huWords: ['Kereskedelmi', 'Nagyker', 'Trade'], ruRoots: ['Торг', 'Снаб', 'Опт'], csTrade: 'Obchod' }, 12],
  [{ cs: 'energetika', hu: 'energetika', ru: 'энергетика', csWords: ['Elektro', 'Energo', 'Elektromontáže'], huWords: ['Villamossági', 'Energia', 'Szolár'], ruRoots: ['Энерго', 'Электро'], csTrade: 'Elektroinstalace' }, 7],
  [{ cs: 'chemický průmysl', hu: 'vegyipar', ru: 'химическая промышленность', csWords: ['Chemie', 'Plasty', 'Barvy laky'], huWords: ['Vegyipari', 'Műanyag', 'Festék'], ruRoots: ['Хим', 'Пласт'], csTrade: 'Lakýrnictví' }, 5],
  [{ cs: 'zemědělství', hu: 'mezőgazdaság', ru: 'сельское хозяйство', csWords: ['Agro', 'Farma', 'Statek'], huWords: ['Agro', 'Mezőgazdasági', 'Gazda'], ruRoots: ['Агро', 'Зерно'], csTrade: 'Farma' }, 6],
  [{ cs: 'textilní průmysl', hu: 'textilipar', ru: 'текстильная промышленность', csWords: ['Textil', 'Oděvy', 'Pletárna'], huWords: ['Textil', 'Ruházati'], ruRoots: ['Текстиль', 'Трикотаж'], csTrade: 'Krejčovství' }, 4],
  [{ cs: 'dřevozpracující průmysl', hu: 'faipar', ru: 'деревообработка', csWords: ['Dřevovýroba', 'Pila', 'Truhlárna'], huWords: ['Faipari', 'Asztalos'], ruRoots: ['Лес', 'Древ'], csTrade: 'Truhlářství' }, 5],
  [{ cs: 'zdravotnictví', hu: 'egészségügy', ru: 'здравоохранение', csWords: ['Medical', 'Zdravotnické potřeby', 'Lékárna'], huWords: ['Medical', 'Gyógyászati'], ruRoots: ['Мед', 'Фарм'], csTrade: 'Optika' }, 4],
  [{ cs: 'tisk a reklama', hu: 'nyomdaipar', ru: 'полиграфия', csWords: ['Tiskárna', 'Reklama', 'Print'], huWords: ['Nyomda', 'Reklám', 'Print'], ruRoots: ['Принт', 'Полиграф'], csTrade: 'Reklamní studio' }, 5],
]);

const CS_BRAND_A = ['Agro', 'Auto', 'Bio', 'Eko', 'Elektro', 'Energo', 'Geo', 'Info', 'Kovo', 'Stavo', 'Tech', 'Trans', 'Hydro', 'Termo', 'Plast', 'Chemo', 'Metal', 'Servis'];
const CS_BRAND_B = ['mont', 'servis', 'plast', 'stav', 'tex', 'trans', 'soft', 'com', 'pharm', 'data', 'tech', 'flex', 'therm', 'print', 'metal'];
const CS_REGIONS = ['Moravia', 'Bohemia', 'Morava', 'Vysočina', 'Šumava', 'Krkonoše', 'Polabí', 'Haná', 'Slezsko', 'Podřipsko', 'Valašsko', 'Labe'];
const CS_REGION_B = ['Servis', 'Trans', 'Steel', 'Trade', 'Invest', 'Plast', 'Agro', 'Energo', 'Bau', 'Print'];
const CS_FORMS = new Weighted([[' s.r.o.', 58], [', spol. s r.o.', 12], [' a.s.', 10], [', a.s.', 6], [' v.o.s.', 5], [' k.s.', 2], [', s.r.o.', 7]]);
const HU_REGIONS = ['Pannon', 'Duna', 'Tisza', 'Mátra', 'Bakony', 'Balaton', 'Alföld', 'Hungaro', 'Dráva', 'Rába', 'Zemplén', 'Körös'];
const HU_BRAND_A = ['Hungaro', 'Inter', 'Euro', 'Multi', 'Pro', 'Neo', 'Bio', 'Öko', 'Agro', 'Tech', 'Mega', 'Delta'];
const HU_BRAND_B = ['tech', 'trade', 'plast', 'log', 'med', 'soft', 'bau', 'term', 'color', 'fa', 'com', 'gép'];
const HU_FORMS = new Weighted([[' Kft.', 65], [' Bt.', 15], [' Zrt.', 15], [' Nyrt.', 5]]);
const RU_SUFFIXES = ['Сервис', 'Снаб', 'Торг', 'Инвест', 'Строй', 'Трейд', 'Групп', 'Мастер', 'Комплект', 'Ресурс', 'Альянс', 'Системы', 'Проект'];
const RU_CLASSIC = ['Ромашка', 'Вектор', 'Меридиан', 'Прогресс', 'Альфа', 'Гранит', 'Восток', 'Рассвет', 'Импульс', 'Орбита', 'Кристалл', 'Атлант', 'Сфера', 'Горизонт', 'Север'];
const RU_ADJ = ['Северный', 'Уральский', 'Сибирский', 'Волжский', 'Балтийский', 'Дальневосточный', 'Центральный', 'Столичный', 'Невский', 'Южный'];
const RU_NOUNS = ['завод', 'комбинат', 'терминал', 'холдинг', 'альянс', 'торговый дом', 'механический завод', 'производственный комплекс'];

const SOURCES = new Weighted([['referral', 25], ['web', 25], ['fair', 15], ['cold_call', 15], ['campaign', 10], ['other', 5], [null, 5]] as const);
const CONTACT_KINDS = new Weighted([['call', 40], ['email', 22], ['meeting', 14], ['task', 10], ['letter', 6], ['event', 4]] as const);
const PLANNED_KINDS = new Weighted([['call', 50], ['meeting', 25], ['task', 15], ['email', 10]] as const);

const SALESPEOPLE = [
  ['Petra Svobodová', 'petra.svobodova'], ['Martin Král', 'martin.kral'], ['Lukáš Zeman', 'lukas.zeman'],
  ['Kateřina Benešová', 'katerina.benesova'], ['Tomáš Fiala', 'tomas.fiala'], ['Zsófia Varga', 'zsofia.varga'],
  ['Dmitrij Orlov', 'dmitrij.orlov'],
] as const;
const OFFICE_DOMAIN = 'obchod-demo.cz';
/** Which colleague (index in SALESPEOPLE) looks after the Hungarian and the Russian firms. */
const SPEAKS = { hu: SALESPEOPLE.findIndex((s) => s[1] === 'zsofia.varga'), ru: SALESPEOPLE.findIndex((s) => s[1] === 'dmitrij.orlov') };

// ---- time --------------------------------------------------------------------------------

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

/** The moment moved onto a working day (Mon–Fri) between 7:00 and 16:45 UTC. */
function workTime(rng: Rng, t: number, forward: boolean): number {
  let day = Math.floor(t / DAY);
  const dow = (day + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  if (dow === 6) day += forward ? 2 : -1;
  else if (dow === 0) day += forward ? 1 : -2;
  return day * DAY + 7 * HOUR + rng.int(0, 39) * 15 * MIN;
}

// ---- the generator -----------------------------------------------------------------------

interface Ctx {
  rng: Rng;
  now: number;
  codes: (list: string, code: string) => string;
  users: string[];
  /** Owner preferred for firms of each language (the colleague who speaks it). */
  speaker: Record<LangCode, string | null>;
  icos: Set<string>;
}

interface PersonRef { id: string; main: boolean }

const SEARCH_TRIGGERS = ['firms_ai', 'people_ai', 'addresses_ai', 'channels_ai'] as const;

export async function generateDemo(open: OpenDb, opts: DemoOptions): Promise<DemoCounts> {
  const total = opts.firms;
  if (!Number.isInteger(total) || total < 0) throw new Error(`firms must be a whole number, not ${total}`);
  const sqlite = open.sqlite;
  const rng = new Rng(opts.seed ?? 1);
  const now = opts.now ?? Date.now();
  const batchSize = Math.max(1, opts.batchSize ?? 1000);

  const codeStmt = sqlite.prepare('SELECT id FROM codes WHERE list = ? AND code = ? AND deleted_at IS NULL');
  const codeCache = new Map<string, string>();
  const codes = (list: string, code: string): string => {
    const key = `${list}.${code}`;
    let id = codeCache.get(key);
    if (!id) {
      const row = codeStmt.get(list, code) as { id: string } | undefined;
      if (!row) throw new Error(`The code list entry ${key} is missing`);
      id = row.id;
      codeCache.set(key, id);
    }
    return id;
  };

  // Salespeople: the local user plus seven colleagues, reused when demo data is added again.
  let usersAdded = 0;
  const users: string[] = [open.localUserId];
  const findUser = sqlite.prepare('SELECT id FROM users WHERE email = ? AND deleted_at IS NULL');
  const addUser = sqlite.prepare('INSERT INTO users (id, name, email, is_local, created_at, updated_at, deleted_at) VALUES (?, ?, ?, 0, ?, ?, NULL)');
  sqlite.transaction(() => {
    for (const [name, mailbox] of SALESPEOPLE) {
      const email = `${mailbox}@${OFFICE_DOMAIN}`;
      const row = findUser.get(email) as { id: string } | undefined;
      if (row) { users.push(row.id); continue; }
      const created = now - 4 * YEAR + rng.int(0, 3 * 365) * DAY;
      const id = newId();
      addUser.run(id, name, email, created, created);
      users.push(id);
      usersAdded += 1;
    }
  })();
  const ctx: Ctx = {
    rng, now, codes, users, speaker: { cs: null, hu: users[1 + SPEAKS.hu]!, ru: users[1 + SPEAKS.ru]! },
    icos: new Set((sqlite.prepare('SELECT ico FROM firms WHERE ico IS NOT NULL').pluck().all() as string[])),
  };

  const insert = {
    firm: sqlite.prepare(`INSERT INTO firms (id, name, is_customer, is_prospect, is_supplier, ico, dic, website, industry,
      source_id, owner_id, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`),
    address: sqlite.prepare(`INSERT INTO addresses (id, firm_id, kind, street, number, city, postal_code, country, sort,
      created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`),
    channel: sqlite.prepare(`INSERT INTO channels (id, firm_id, person_id, kind, value, label, sort, created_at, updated_at,
      deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`),
    person: sqlite.prepare(`INSERT INTO people (id, firm_id, title_before, first_name, last_name, title_after, gender,
      job_title, role_id, note, is_main, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`),
    contact: sqlite.prepare(`INSERT INTO contacts (id, firm_id, person_id, status, at, kind_id, referent_id, result_id,
      summary, note, follows_id, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`),
  };

  // The search triggers to lift during a batch, read back so they are re-created verbatim.
  const bulk = (opts.searchIndex ?? 'bulk') === 'bulk' ? searchTriggers(sqlite) : null;
  const reindex = sqlite.prepare('UPDATE firms SET name = name WHERE rid BETWEEN ? AND ?');
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

  const counts: DemoCounts = { firms: 0, people: 0, contacts: 0, users: usersAdded };
  const gen = new FirmGenerator(ctx, insert, counts);
  const runBatch = sqlite.transaction((n: number) => {
    if (bulk) for (const t of bulk) sqlite.exec(`DROP TRIGGER ${quote(t.name)}`);
    let first = Infinity;
    let last = -Infinity;
    for (let i = 0; i < n; i++) {
      const rid = gen.firm();
      if (rid < first) first = rid;
      if (rid > last) last = rid;
    }
    if (bulk) {
      reindex.run(first, last); // fires firms_au: the search row of each firm, once, complete
      for (const t of bulk) sqlite.exec(t.sql);
    }
  });

  // A bigger page cache while loading (the (status, at) contact index and the search index take
  // inserts all over), restored afterwards.
  const cacheSize = sqlite.pragma('cache_size', { simple: true }) as number;
  sqlite.pragma('cache_size = -262144');
  try {
    let done = 0;
    while (done < total) {
      const n = Math.min(batchSize, total - done);
      runBatch(n);
      done += n;
      opts.onProgress?.(done, total);
      if (done < total) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    sqlite.pragma(`cache_size = ${cacheSize}`);
  }
  return counts;
}

/**
 * The AFTER INSERT search triggers, if they are the ones this generator knows: each re-indexes
 * one firm with the same body firms_au has, and nothing else fires on UPDATE firms. Otherwise
 * null, and the load keeps every trigger (slower, still right).
 */
function searchTriggers(sqlite: SQLite.Database): { name: string; sql: string }[] | null {
  const rows = sqlite.prepare(`SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'`).all() as { name: string; tbl_name: string; sql: string }[];
  const byName = new Map(rows.map((r) => [r.name, r]));
  const onFirms = rows.filter((r) => r.tbl_name === 'firms').map((r) => r.name).sort();
  if (onFirms.join() !== 'firms_ad,firms_ai,firms_au') return null;
  const body = (name: string) => {
    const sql = byName.get(name)?.sql;
    return sql ? sql.slice(sql.indexOf(' BEGIN ')).replaceAll('NEW.firm_id', 'NEW.id') : null;
  };
  const reference = body('firms_au');
  if (!reference) return null;
  for (const name of SEARCH_TRIGGERS) if (body(name) !== reference) return null;
  return SEARCH_TRIGGERS.map((name) => ({ name, sql: byName.get(name)!.sql }));
}

type Statement = SQLite.Statement<unknown[]>;

const LANGS = new Weighted<Lang>([[CS, 60], [HU, 20], [RU, 20]]);

class FirmGenerator {
  private readonly c: Ctx;
  private readonly s: Record<'firm' | 'address' | 'channel' | 'person' | 'contact', Statement>;
  private readonly counts: DemoCounts;

  constructor(c: Ctx, s: FirmGenerator['s'], counts: DemoCounts) {
    this.c = c;
    this.s = s;
    this.counts = counts;
  }

  /** One firm with everything that belongs to it; returns its rid. */
  firm(): number {
    const { rng, now, codes } = this.c;
    const lang = LANGS.pick(rng);
    const industry = INDUSTRIES.pick(rng);
    const city = lang.cities.pick(rng);

    // Kinds: mostly customers and prospects, some suppliers, a few firms both.
    const k = rng.next();
    const isCustomer = k < 0.58 ? 1 : 0;
    const isSupplier = k >= 0.88 || (k >= 0.50 && k < 0.58) ? 1 : 0;
    const isProspect = k >= 0.58 && k < 0.88 ? 1 : 0;

    // A family firm carries its founder's name; the founder is then usually the main person.
    const founderFemale = rng.chance(0.25);
    const founder = { first: rng.pick(founderFemale ? lang.femaleFirst : lang.maleFirst), surname: rng.pick(lang.surnames), female: founderFemale };
    const { name, core, usesFounder } = firmName(rng, lang, industry, city, founder);

    const created = now - 30 * DAY - Math.floor(rng.next() * 6 * YEAR);
    const updated = rng.chance(0.5) ? created + Math.floor(rng.next() * (now - created)) : created;
    const id = newId();

    let ico: string | null = null;
    let dic: string | null = null;
    if (lang.code === 'cs' && rng.chance(0.97)) {
      ico = this.ico();
      if (rng.chance(0.85)) dic = `CZ${ico}`;
    } else if (lang.code === 'hu' && rng.chance(0.7)) {
      dic = `HU${rng.int(1, 9)}${rng.digits(7)}`;
    }
    const domain = `${slug(core) || 'firma'}.${lang.tld}`;
    const website = rng.chance(0.75) ? `www.${domain}` : null;
    const source = SOURCES.pick(rng);
    const owner = this.owner(lang);
    const rid = Number(this.s.firm.run(id, name, isCustomer, isProspect, isSupplier, ico, dic, website,
      lang.code === 'cs' ? industry.cs : lang.code === 'hu' ? industry.hu : industry.ru,
      source ? codes('firm_source', source) : null, owner, created, updated).lastInsertRowid);
    this.counts.firms += 1;

    // Addresses: the registered seat, sometimes a branch, warehouse or billing address.
    this.address(id, lang, city, 'registered', 0, created);
    if (rng.chance(0.25)) {
      const kind = rng.pick(['delivery', 'delivery', 'billing', 'postal'] as const);
      this.address(id, lang, rng.chance(0.5) ? city : lang.cities.pick(rng), kind, 1, created);
    }

    // Firm channels: a landline, info@, sometimes a second line and an e-shop.
    let sort = 0;
    this.channel(id, null, 'phone', landline(rng, lang, city), rng.pick(lang.phoneLabels), sort++, created);
    if (rng.chance(0.2)) this.channel(id, null, 'phone', mobile(rng, lang), lang.phoneLabels[1]!, sort++, created);
    if (rng.chance(0.9)) this.channel(id, null, 'email', `${rng.pick(lang.infoMailbox)}@${domain}`, '', sort++, created);
    if (rng.chance(0.15)) this.channel(id, null, 'web', `https://eshop.${domain}`, lang.eshopLabel, sort++, created);

    // People: 1–6 (about 3), the first is the main contact.
    const nPeople = PEOPLE_COUNT.pick(rng);
    const people: PersonRef[] = [];
    for (let i = 0; i < nPeople; i++) {
      const useFounder = i === 0 && usesFounder && rng.chance(0.7);
      people.push(this.person(id, lang, domain, i === 0, useFounder ? founder : null, created));
    }

    this.contacts(id, lang, city, people, owner, created, isCustomer, isSupplier);
    return rid;
  }

  private ico(): string {
    const { rng, icos } = this.c;
    for (;;) {
      const base = rng.pick(ICO_PREFIXES) + rng.digits(5);
      let sum = 0;
      for (let i = 0; i < 7; i++) sum += Number(base[i]) * (8 - i);
      const ico = base + ((11 - (sum % 11)) % 10);
      if (!icos.has(ico)) { icos.add(ico); return ico; }
    }
  }

  private owner(lang: Lang): string {
    const { rng, users, speaker } = this.c;
    const preferred = speaker[lang.code];
    if (preferred && rng.chance(0.5)) return preferred;
    return rng.pick(users);
  }

  private address(firmId: string, lang: Lang, city: City, kind: string, sort: number, created: number): void {
    const { rng } = this.c;
    const street = rng.pick(lang.streets);
    let number: string;
    if (lang.code === 'cs') number = rng.chance(0.45) ? `${rng.int(1, 2999)}/${rng.int(1, 80)}` : String(rng.int(1, 180));
    else if (lang.code === 'hu') number = rng.chance(0.1) ? `${rng.int(1, 120)}/${rng.pick(['A', 'B', 'C'])}` : String(rng.int(1, 150));
    else number = rng.chance(0.2) ? `${rng.int(1, 120)}к${rng.int(1, 5)}` : rng.chance(0.15) ? `${rng.int(1, 90)}, стр. ${rng.int(1, 9)}` : String(rng.int(1, 150));
    this.s.address.run(newId(), firmId, kind, street, number, city.name, rng.pick(city.postal), lang.country, sort, created, created);
  }

  private channel(firmId: string, personId: string | null, kind: string, value: string, label: string, sort: number, created: number): void {
    this.s.channel.run(newId(), firmId, personId, kind, value, label, sort, created, created);
  }

  private person(firmId: string, lang: Lang, domain: string, main: boolean, founder: { first: string; surname: [string, string]; female: boolean } | null, firmCreated: number): PersonRef {
    const { rng, now, codes } = this.c;
    const female = founder ? founder.female : rng.chance(0.45);
    const first = founder ? founder.first : rng.pick(female ? lang.femaleFirst : lang.maleFirst);
    const last = (founder ? founder.surname : rng.pick(lang.surnames))[female ? 1 : 0];
    const titleBefore = lang.titlesBefore.pick(rng);
    let titleAfter = '';
    if (lang.code === 'cs') {
      if (/^(Ing\.|Mgr\.|RNDr\.|PhDr\.)$/.test(titleBefore) && rng.chance(0.12)) titleAfter = rng.pick(['Ph.D.', 'Ph.D.', 'Ph.D.', 'CSc.', 'MBA']);
      else if (titleBefore === '' && rng.chance(0.03)) titleAfter = rng.pick(['DiS.', 'MBA']);
    } else if (lang.code === 'hu' && titleBefore && rng.chance(0.2)) titleAfter = 'PhD';
    const jobs = main ? lang.jobs.filter((j) => j.boss) : lang.jobs;
    const job = rng.pick(jobs);
    const created = firmCreated + Math.floor(rng.next() * (now - firmCreated) * 0.4);
    const id = newId();
    const note = rng.chance(0.04) ? rng.pick(lang.personNotes) : '';
    this.s.person.run(id, firmId, titleBefore, first, last, titleAfter, female ? 'female' : 'male', female ? job.f : job.m,
      codes('person_role', job.role), note, main ? 1 : 0, created, created);
    this.counts.people += 1;

    let sort = 0;
    if (rng.chance(0.8)) {
      const local = lang.code === 'hu' ? `${ascii(last)}.${ascii(first)}` : lang.code === 'ru' ? `${ascii(first)[0]}.${ascii(last)}` : `${ascii(first)}.${ascii(last)}`;
      const email = rng.chance(0.1) ? `${local.replace(/[^a-z0-9.]/g, '')}${rng.int(1, 99)}@${rng.pick(lang.freemail)}` : `${local.replace(/[^a-z0-9.]/g, '')}@${domain}`;
      this.channel(firmId, id, 'email', email, '', sort++, created);
    }
    if (rng.chance(0.6)) this.channel(firmId, id, 'phone', mobile(rng, lang), lang.mobileLabel, sort++, created);
    if (rng.chance(0.15)) this.channel(firmId, id, 'phone', landline(rng, lang, lang.cities.pick(rng)), '', sort++, created);
    return { id, main };
  }

  private contacts(firmId: string, lang: Lang, city: City, people: PersonRef[], owner: string, firmCreated: number, isCustomer: number, isSupplier: number): void {
    const { rng, now, codes, users } = this.c;
    const mean = isCustomer ? 26 : isSupplier ? 12 : 6;
    const n = Math.round(mean * (0.15 + 1.7 * rng.next()) * (rng.chance(0.04) ? 2.5 : 1));
    const from = Math.max(firmCreated, now - 3 * YEAR);
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      let at = workTime(rng, from + rng.next() * (now - from), false);
      while (at > now) at = workTime(rng, at - DAY, false);
      times.push(at);
    }
    times.sort((a, b) => a - b);
    const main = people[0]!;
    const pickPerson = (kind: string): string | null => {
      if (rng.chance(kind === 'task' ? 0.5 : 0.12)) return null;
      return rng.chance(0.45) ? main.id : rng.pick(people).id;
    };
    const referent = () => (rng.chance(0.7) ? owner : rng.pick(users));
    let lastId: string | null = null;
    let lastAt = 0;
    for (const at of times) {
      const kind = CONTACT_KINDS.pick(rng);
      const template = this.template(lang, kind);
      const result = rng.pick(template.results);
      const summary = fill(template.text, this.vars(lang, city, at));
      const note = rng.chance(0.05) ? this.note(lang) : '';
      const follows = lastId && at - lastAt < 30 * DAY && rng.chance(0.15) ? lastId : null;
      const created = Math.min(now, at + rng.int(1, 240) * MIN);
      const id = newId();
      this.s.contact.run(id, firmId, pickPerson(kind), 'done', at, codes('contact_kind', kind), referent(),
        result ? codes('contact_result', result) : null, summary, note, follows, created, created);
      lastId = id;
      lastAt = at;
    }
    this.counts.contacts += n;

    // Planned: what comes next in the coming weeks, often following the last contact.
    const planned = isCustomer ? rng.int(0, 2) : rng.chance(0.3) ? 1 : 0;
    for (let i = 0; i < planned; i++) {
      const kind = PLANNED_KINDS.pick(rng);
      let at = workTime(rng, now + HOUR + rng.next() * 6 * 7 * DAY, true);
      while (at <= now) at = workTime(rng, at + DAY, true);
      const follows = lastId && rng.chance(0.6) ? lastId : null;
      const created = follows ? Math.min(now, lastAt + rng.int(5, 120) * MIN) : now - rng.int(1, 20) * DAY;
      const summary = fill(rng.pick(lang.planned), this.vars(lang, city, at));
      this.s.contact.run(newId(), firmId, pickPerson(kind), 'planned', at, codes('contact_kind', kind), referent(),
        null, summary, '', follows, created, created);
    }
    this.counts.contacts += planned;
  }

  private readonly byKind = new Map<string, Template[]>();
  private template(lang: Lang, kind: string): Template {
    const key = `${lang.code}.${kind}`;
    let list = this.byKind.get(key);
    if (!list) {
      list = lang.templates.filter((t) => t.kind === kind);
      this.byKind.set(key, list);
    }
    return this.c.rng.pick(list);
  }

  private vars(lang: Lang, city: City, at: number): Record<string, string> {
    const { rng } = this.c;
    const d = new Date(at);
    return {
      product: rng.pick(lang.products), city: city.name, fair: rng.pick(lang.fairs),
      year: String(d.getUTCFullYear() + (d.getUTCMonth() >= 9 ? 1 : 0)),
      n: String(rng.pick([5, 10, 20, 25, 50, 100, 200, 250, 500, 1000])),
      invoice: `${d.getUTCFullYear()}${rng.digits(4)}`, quarter: String(Math.floor(d.getUTCMonth() / 3) + 1),
    };
  }

  private note(lang: Lang): string {
    const { rng } = this.c;
    const n = rng.int(2, 5);
    const parts: string[] = [];
    for (let i = 0; i < n; i++) {
      const s = rng.pick(lang.notes);
      if (!parts.includes(s)) parts.push(s);
    }
    return parts.join(' ');
  }
}

const PEOPLE_COUNT = new Weighted([[1, 15], [2, 25], [3, 25], [4, 17], [5, 11], [6, 7]]);
const ICO_PREFIXES = ['25', '26', '27', '28', '29', '45', '46', '47', '48', '49', '60', '61', '62', '63', '64',
  '00', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '14', '17', '19', '24'];

function firmName(rng: Rng, lang: Lang, industry: Industry, city: City, founder: { first: string; surname: [string, string]; female: boolean }):
  { name: string; core: string; usesFounder: boolean } {
  const r = rng.next();
  const surname = founder.surname[0];
  if (lang.code === 'cs') {
    const form = CS_FORMS.pick(rng);
    let core: string;
    let usesFounder = false;
    if (r < 0.28) { core = `${rng.pick(industry.csWords)} ${surname}`; usesFounder = true; }
    else if (r < 0.38) { core = rng.chance(0.6) ? `${surname} a syn` : `${surname} & partneři`; usesFounder = true; }
    else if (r < 0.58) {
      core = rng.pick(CS_BRAND_A) + rng.pick(CS_BRAND_B);
      if (rng.chance(0.2)) core = core.toUpperCase();
      if (rng.chance(0.25)) core += ' CZ';
    } else if (r < 0.76) core = `${rng.pick(industry.csWords)} ${city.name}`;
    else if (r < 0.92) core = `${rng.pick(CS_REGIONS)} ${rng.pick(CS_REGION_B)}`;
    else {
      // A sole trader: no legal form, the person's name and trade.
      const name = `${founder.first} ${founder.surname[founder.female ? 1 : 0]} – ${industry.csTrade}`;
      return { name, core: `${industry.csTrade} ${surname}`, usesFounder: true };
    }
    return { name: core + form, core, usesFounder };
  }
  if (lang.code === 'hu') {
    const form = HU_FORMS.pick(rng);
    let core: string;
    let usesFounder = false;
    if (r < 0.12) { core = `${surname} és Társa`; usesFounder = true; }
    else if (r < 0.32) { core = `${surname} ${rng.pick(industry.huWords)}`; usesFounder = true; }
    else if (r < 0.57) core = `${rng.pick(HU_REGIONS)} ${rng.pick(industry.huWords)}`;
    else if (r < 0.77) core = `${city.adj ?? city.name} ${rng.pick(industry.huWords)}`;
    else core = rng.pick(HU_BRAND_A) + rng.pick(HU_BRAND_B);
    return { name: core + form, core, usesFounder };
  }
  if (r < 0.15) {
    // ИП: a sole trader under their own name, with initials.
    const patronymic = rng.pick(['А', 'В', 'Н', 'С', 'И', 'П', 'М', 'Ю']);
    return { name: `ИП ${founder.surname[founder.female ? 1 : 0]} ${founder.first[0]}. ${patronymic}.`, core: surname, usesFounder: true };
  }
  let core: string;
  if (r < 0.60) core = rng.pick(industry.ruRoots) + rng.pick(RU_SUFFIXES);
  else if (r < 0.80) core = rng.pick(RU_CLASSIC);
  else core = `${rng.pick(RU_ADJ)} ${rng.pick(RU_NOUNS)}`;
  const form = rng.chance(0.8) ? 'ООО' : rng.chance(0.85) ? 'АО' : 'ПАО';
  return { name: `${form} «${core}»`, core, usesFounder: false };
}

function group3(s: string): string {
  return s.replace(/(\d{3})(?=\d)/g, '$1 ');
}

function landline(rng: Rng, lang: Lang, city: City): string {
  const lead = String(rng.int(2, 9)); // subscriber numbers do not start with 0 or 1
  if (lang.code === 'cs') return `+420 ${group3(city.area + lead + rng.digits(8 - city.area.length))}`;
  if (lang.code === 'hu') {
    return city.area === '1' ? `+36 1 ${lead}${rng.digits(2)} ${rng.digits(4)}` : `+36 ${city.area} ${lead}${rng.digits(2)} ${rng.digits(3)}`;
  }
  const area = city.area === '495' && rng.chance(0.3) ? '499' : city.area;
  return `+7 ${area} ${lead}${rng.digits(2)}-${rng.digits(2)}-${rng.digits(2)}`;
}

const CS_MOBILE = ['602', '603', '604', '605', '606', '607', '608', '720', '721', '722', '723', '724', '725', '728', '730', '731',
  '732', '733', '734', '736', '737', '739', '770', '773', '774', '775', '776', '777'];
const RU_MOBILE = ['903', '905', '906', '909', '911', '916', '921', '925', '926', '965', '977', '985', '999'];

function mobile(rng: Rng, lang: Lang): string {
  if (lang.code === 'cs') return `+420 ${rng.pick(CS_MOBILE)} ${rng.digits(3)} ${rng.digits(3)}`;
  if (lang.code === 'hu') return `+36 ${rng.pick(['20', '30', '70'])} ${rng.int(2, 9)}${rng.digits(2)} ${rng.digits(4)}`;
  return `+7 ${rng.pick(RU_MOBILE)} ${rng.digits(3)}-${rng.digits(2)}-${rng.digits(2)}`;
}
