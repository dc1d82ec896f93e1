// Demo data for a Central European sales office: Czech (~60 %), Hungarian (~20 %) and Russian
// (~20 %) firms with their people, addresses, channels and a three-year contact history — and
// the whole firm card: categories, groups (some headed by a holding) and tags, user-defined
// fields, who reports to whom, notes (mostly private), tasks (some overdue), attachments, the
// history of key-field changes, leads, and a few deliberate duplicates for the duplicate screen.
// Deterministic for a seed and `now` (mulberry32, never Math.random) — only the ids are random,
// as ids must be. Built for volume (the benchmark loads 100k firms, 300k people, 2M contacts): raw
// better-sqlite3 prepared statements, one transaction per batch of firms, and the search index
// filled once per firm instead of once per child row (see `searchIndex`).
import { searchTriggers } from '../firms/search-triggers.ts';
import { createHash, randomFillSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type SQLite from 'better-sqlite3';
import type { OpenDb } from '../db/open.ts';
import { withoutCapture } from '../sync/capture.ts';
import { principalIdKey } from '../../../shared/company-ids.ts';

/** Bump when the generated data changes: cached benchmark datasets carry it in their name. */
export const DEMO_GENERATOR_VERSION = 4;

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
  /**
   * The attachments folder (`files/` beside the database): when given, each attachment's small
   * generated file (a PDF, CSV or text) is written there under its SHA-256, so the demo's files
   * open. Without it only the rows are made and the files read as missing (the benchmark).
   */
  filesDir?: string;
  /** Told of every deliberate duplicate firm, so a check can see whether the scan finds it. */
  onDuplicate?: (d: PlantedDuplicate) => void;
}

export interface DemoCounts {
  /** Firms in the firm list (deliberate duplicates included, leads not). */
  firms: number;
  people: number;
  contacts: number;
  /** Salespeople added (existing demo salespeople are reused on a second run). */
  users: number;
  /** Firm rows with is_lead = 1, on top of `firms`. */
  leads: number;
  /** Deliberate duplicates among `firms`. */
  duplicates: number;
  /** Segments added (categories, tags and fixed groups are reused on a second run). */
  segments: number;
  segmentMembers: number;
  fieldValues: number;
  notes: number;
  tasks: number;
  attachments: number;
  /** Attachment files written to `filesDir`. */
  files: number;
  changes: number;
  /** Opportunities of every stage, open ones among them. */
  opportunities: number;
  openOpportunities: number;
  /** Revenue rows: invoice lines "imported" from accounting and the sales of won deals. */
  sales: number;
  /** Reminders of planned contacts and of offer-deadline watches. */
  reminders: number;
  /** Contact-frequency rules added (reused on a second run). */
  rules: number;
  /** Newsletter subscriptions of people and leads (opted-out ones included). */
  subscriptions: number;
}

/** A firm entered twice: the same IČO, the same name typed differently, or the same e-mail. */
export interface PlantedDuplicate {
  reason: 'ico' | 'name' | 'email';
  originalId: string;
  duplicateId: string;
}

/** Labels of the demo's user-defined fields (the office is Czech, so are its own field names). */
export const DEMO_FIELDS = {
  territory: 'Oblast', nace: 'Obor (CZ-NACE)', headcount: 'Počet zaměstnanců', since: 'Spolupráce od',
  competitor: 'Konkurence', contract: 'Číslo rámcové smlouvy', birthday: 'Narozeniny',
} as const;
export type DemoFieldKey = keyof typeof DEMO_FIELDS;

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
/** A domain label (63 characters at most, as DNS allows): long names keep their tail, which tells them apart. */
function slug(s: string, max = 63): string {
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
const CS_REGIONS = ['Moravia', 'Bohemia', 'Morava', 'Vysočina', 'Šumava', 'Krkonoše', 'Polabí', 'Haná', 'Slezsko', 'Podřipsko', 'Valašsko', 'Labe',
  'Beskydy', 'Jeseníky', 'Podyjí', 'Posázaví', 'Povltaví', 'Chodsko', 'Slovácko', 'Horácko', 'Brdy', 'Pošumaví', 'Podkrkonoší', 'Kladensko'];
const CS_REGION_B = ['Servis', 'Trans', 'Steel', 'Trade', 'Invest', 'Plast', 'Agro', 'Energo', 'Bau', 'Print', 'Metal', 'Mont', 'Logistic',
  'Food', 'Wood', 'Textil', 'Elektro', 'Chemie', 'Stav', 'Tech'];
/** Family firms: "Novák a syn" and the like (the masculine surname, as the register writes it). */
const CS_FAMILY = ['a syn', 'a syn', '& partneři', 'a synové', 'a dcera', '& spol.'];
const HU_FAMILY = ['és Társa', 'és Társa', 'és Fia', 'és Fiai', 'Testvérek', '& Partner'];
const CS_FORMS = new Weighted([[' s.r.o.', 58], [', spol. s r.o.', 12], [' a.s.', 10], [', a.s.', 6], [' v.o.s.', 5], [' k.s.', 2], [', s.r.o.', 7]]);
const HU_REGIONS = ['Pannon', 'Duna', 'Tisza', 'Mátra', 'Bakony', 'Balaton', 'Alföld', 'Hungaro', 'Dráva', 'Rába', 'Zemplén', 'Körös'];
const HU_BRAND_A = ['Hungaro', 'Inter', 'Euro', 'Multi', 'Pro', 'Neo', 'Bio', 'Öko', 'Agro', 'Tech', 'Mega', 'Delta'];
const HU_BRAND_B = ['tech', 'trade', 'plast', 'log', 'med', 'soft', 'bau', 'term', 'color', 'fa', 'com', 'gép'];
const HU_FORMS = new Weighted([[' Kft.', 65], [' Bt.', 15], [' Zrt.', 15], [' Nyrt.', 5]]);
const RU_SUFFIXES = ['Сервис', 'Снаб', 'Торг', 'Инвест', 'Строй', 'Трейд', 'Групп', 'Мастер', 'Комплект', 'Ресурс', 'Альянс', 'Системы', 'Проект'];
const RU_CLASSIC = ['Ромашка', 'Вектор', 'Меридиан', 'Прогресс', 'Альфа', 'Гранит', 'Восток', 'Рассвет', 'Импульс', 'Орбита', 'Кристалл', 'Атлант', 'Сфера', 'Горизонт', 'Север',
  'Авангард', 'Альтаир', 'Байкал', 'Вертикаль', 'Гарант', 'Дельта', 'Заря', 'Зенит', 'Исток', 'Континент', 'Магистраль', 'Монолит', 'Норд', 'Олимп',
  'Парус', 'Пульсар', 'Радуга', 'Спектр', 'Старт', 'Титан', 'Фаворит', 'Феникс', 'Эталон'];
const RU_ADJ = ['Северный', 'Уральский', 'Сибирский', 'Волжский', 'Балтийский', 'Дальневосточный', 'Центральный', 'Столичный', 'Невский', 'Южный',
  'Приволжский', 'Кубанский', 'Донской', 'Окский', 'Камский', 'Западный'];
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

// ---- the firm card: segments, user fields, notes, tasks, files ---------------------------

interface CardText {
  noteTitles: string[];
  taskTitles: string[];
  taskNotes: string[];
  /** {product} {date} {year} {invoice} are filled in; kind decides the file's content. */
  files: { name: string; folder: string; kind: 'pdf' | 'csv' | 'txt' }[];
  csvHead: string;
  /** The first contact of a lead: how the inquiry came in. */
  leadContact: string;
  /** A lead's follow-up call. */
  leadPlanned: string;
  /** A holding's group, named after the firm at its head. */
  holding: (core: string) => string;
}

const CARD_TEXT: Record<LangCode, CardText> = {
  cs: {
    noteTitles: ['Poznámka ze schůzky', 'Shrnutí jednání', 'Situace u zákazníka', 'Rozpočet na příští rok', 'Konkurence',
      'Platební morálka', 'Plány rozšíření výroby', 'Interně: jak s nimi jednat', 'Kdo rozhoduje o nákupu', 'Požadavky na dodávky'],
    taskTitles: ['Poslat cenovou nabídku – {product}', 'Zavolat kvůli reklamaci', 'Připravit rámcovou smlouvu na rok {year}',
      'Ověřit úhradu faktury č. {invoice}', 'Domluvit schůzku s vedoucím nákupu', 'Poslat vzorky – {product}',
      'Aktualizovat kontakty na nákup', 'Pozvat na veletrh {fair}', 'Zjistit spokojenost s dodávkou', 'Poslat katalog {year}'],
    taskNotes: ['Chtějí to do pátku.', 'Viz poslední e-mail.', 'Domluvit i dopravu.', 'Cenu konzultovat s vedoucím.', 'Poslat v kopii i účtárně.'],
    files: [
      { name: 'Nabídka – {product} {date}.pdf', folder: 'Nabídky', kind: 'pdf' },
      { name: 'Rámcová smlouva {year}.pdf', folder: 'Smlouvy', kind: 'pdf' },
      { name: 'Objednávka č. {invoice}.pdf', folder: 'Objednávky', kind: 'pdf' },
      { name: 'Ceník {year}.csv', folder: '', kind: 'csv' },
      { name: 'Zápis ze schůzky {date}.txt', folder: '', kind: 'txt' },
    ],
    csvHead: 'Položka;Množství;Cena za kus (Kč)',
    leadContact: 'Poptávka z webu – {product}, {n} ks',
    leadPlanned: 'Zavolat kvůli poptávce – {product}',
    holding: (core) => `Skupina ${core}`,
  },
  hu: {
    noteTitles: ['Megbeszélés jegyzete', 'Tárgyalás összefoglalója', 'Helyzet az ügyfélnél', 'Jövő évi költségvetés', 'Versenytársak',
      'Fizetési fegyelem', 'Bővítési tervek', 'Belső: hogyan tárgyaljunk velük', 'Ki dönt a beszerzésről'],
    taskTitles: ['Árajánlat küldése – {product}', 'Visszahívni a reklamáció miatt', 'Keretszerződés előkészítése ({year})',
      'Számla kifizetésének ellenőrzése: {invoice}', 'Időpont egyeztetése a beszerzési vezetővel', 'Minták küldése – {product}',
      'Meghívó a(z) {fair} kiállításra', 'Katalógus küldése ({year})'],
    taskNotes: ['Péntekig kérik.', 'Lásd az utolsó e-mailt.', 'A szállítást is egyeztetni kell.', 'Az árat egyeztetni a vezetővel.'],
    files: [
      { name: 'Árajánlat – {product} {date}.pdf', folder: 'Ajánlatok', kind: 'pdf' },
      { name: 'Keretszerződés {year}.pdf', folder: 'Szerződések', kind: 'pdf' },
      { name: 'Megrendelés {invoice}.pdf', folder: 'Megrendelések', kind: 'pdf' },
      { name: 'Árlista {year}.csv', folder: '', kind: 'csv' },
      { name: 'Emlékeztető {date}.txt', folder: '', kind: 'txt' },
    ],
    csvHead: 'Tétel;Mennyiség;Egységár (Ft)',
    leadContact: 'Webes ajánlatkérés – {product}, {n} db',
    leadPlanned: 'Visszahívni az ajánlatkérés miatt – {product}',
    holding: (core) => `${core} Csoport`,
  },
  ru: {
    noteTitles: ['Заметка со встречи', 'Итоги переговоров', 'Ситуация у клиента', 'Бюджет на следующий год', 'Конкуренты',
      'Платёжная дисциплина', 'Планы расширения', 'Для своих: как с ними работать', 'Кто принимает решение о закупках'],
    taskTitles: ['Отправить КП – {product}', 'Перезвонить по рекламации', 'Подготовить рамочный договор на {year} год',
      'Проверить оплату счёта № {invoice}', 'Договориться о встрече с начальником закупок', 'Отправить образцы – {product}',
      'Пригласить на выставку «{fair}»', 'Отправить каталог на {year} год'],
    taskNotes: ['Просят до пятницы.', 'См. последнее письмо.', 'Согласовать и доставку.', 'Цену согласовать с руководителем.'],
    files: [
      { name: 'КП – {product} {date}.pdf', folder: 'Предложения', kind: 'pdf' },
      { name: 'Рамочный договор {year}.pdf', folder: 'Договоры', kind: 'pdf' },
      { name: 'Заказ № {invoice}.pdf', folder: 'Заказы', kind: 'pdf' },
      { name: 'Прайс-лист {year}.csv', folder: '', kind: 'csv' },
      { name: 'Протокол встречи {date}.txt', folder: '', kind: 'txt' },
    ],
    csvHead: 'Позиция;Количество;Цена за шт. (руб.)',
    leadContact: 'Заявка с сайта – {product}, {n} шт.',
    leadPlanned: 'Перезвонить по заявке – {product}',
    holding: (core) => `ГК «${core}»`,
  },
};

/** Categories: how the office ranks its firms (each firm in at most a couple). */
const CATEGORIES = [
  ['A – klíčoví zákazníci', '#e03131'], ['B – stálí zákazníci', '#f08c00'], ['C – příležitostní zákazníci', '#66a80f'],
  ['Distributoři', '#1971c2'], ['Servisní partneři', '#7048e8'], ['Dodavatelé', '#0c8599'], ['Perspektivní', '#e8590c'],
  ['Veřejný sektor', '#495057'],
] as const;
const CAT = { A: 0, B: 1, C: 2, distributor: 3, service: 4, supplier: 5, prospect: 6, public: 7 } as const;

/** Tags, with how often each is put on a tagged firm. */
const TAGS = new Weighted<string>([
  ['Newsletter', 20], ['MSV 2025', 10], ['Rámcová smlouva', 9], ['Vánoční dárek', 8], ['Platí pozdě', 6], ['VIP', 3],
  ['Dotace', 5], ['ISO 9001', 7], ['Zahraniční vlastník', 4], ['Konsignační sklad', 3], ['E-shop', 6], ['Reference', 4],
  ['Nový kontakt 2026', 8], ['Nevolat', 2], ['Pilotní projekt', 3],
]);

/** Groups: a holding's firms (named after the firm at its head, once it exists) or an alliance. */
const GROUPS: { lang: LangCode; name: string | null; note: string }[] = [
  ...Array.from({ length: 7 }, () => ({ lang: 'cs' as const, name: null, note: 'Nákup řídí centrála skupiny.' })),
  { lang: 'cs', name: 'Nákupní aliance Haná', note: '' }, { lang: 'cs', name: 'Klastr strojírenství Vysočina', note: '' },
  { lang: 'cs', name: 'Sdružení pekařů Polabí', note: '' }, { lang: 'cs', name: 'Síť autoservisů Morava', note: '' },
  { lang: 'cs', name: 'Stavební družstvo Jih', note: '' },
  { lang: 'hu', name: null, note: 'A beszerzést a központ irányítja.' }, { lang: 'hu', name: null, note: '' },
  { lang: 'hu', name: 'Pannon Gépipari Klaszter', note: '' }, { lang: 'hu', name: 'Alföldi Beszerzési Szövetség', note: '' },
  { lang: 'ru', name: null, note: 'Закупки ведёт головная компания.' }, { lang: 'ru', name: null, note: '' }, { lang: 'ru', name: null, note: '' },
  { lang: 'ru', name: 'Ассоциация поставщиков Урала', note: '' },
];
const GROUP_LANG_SHARE: Record<LangCode, number> = { cs: 0.6, hu: 0.2, ru: 0.2 };

/** The office's sales territories: Czech regions by the city's dialling area, then abroad. */
const TERRITORIES = ['Praha', 'Střední Čechy', 'Jižní Čechy', 'Západní Čechy', 'Severní Čechy', 'Východní Čechy', 'Vysočina',
  'Jižní Morava', 'Střední Morava', 'Severní Morava a Slezsko', 'Maďarsko – Budapešť', 'Maďarsko – ostatní', 'Rusko – Moskva',
  'Rusko – regiony'];
const CS_AREA_TERRITORY: Record<string, string> = {
  2: 'Praha', 31: 'Střední Čechy', 32: 'Střední Čechy', 38: 'Jižní Čechy', 35: 'Západní Čechy', 37: 'Západní Čechy',
  41: 'Severní Čechy', 47: 'Severní Čechy', 48: 'Severní Čechy', 46: 'Východní Čechy', 49: 'Východní Čechy', 56: 'Vysočina',
  51: 'Jižní Morava', 54: 'Jižní Morava', 57: 'Střední Morava', 58: 'Střední Morava', 55: 'Severní Morava a Slezsko',
  59: 'Severní Morava a Slezsko',
};
function territory(lang: Lang, city: City): string {
  if (lang.code === 'hu') return city.area === '1' ? 'Maďarsko – Budapešť' : 'Maďarsko – ostatní';
  if (lang.code === 'ru') return city.area === '495' ? 'Rusko – Moskva' : 'Rusko – regiony';
  return CS_AREA_TERRITORY[city.area] ?? 'Střední Čechy';
}

/** CZ-NACE divisions, finer than the firm's own industry, by that industry. */
const NACE: Record<string, string[]> = {
  'strojírenství': ['25 Kovodělné výrobky', '28 Stroje a zařízení', '29 Motorová vozidla a díly'],
  'stavebnictví': ['41 Výstavba budov', '42 Inženýrské stavitelství', '43 Specializované stavební činnosti'],
  'IT služby': ['62 Programování a poradenství v IT', '63 Informační činnosti'],
  'potravinářství': ['10 Výroba potravin', '11 Výroba nápojů'],
  'doprava a logistika': ['49 Pozemní doprava', '52 Skladování a činnosti v dopravě'],
  'velkoobchod': ['46 Velkoobchod', '47 Maloobchod'],
  'energetika': ['35 Výroba a rozvod elektřiny a plynu', '27 Elektrická zařízení'],
  'chemický průmysl': ['20 Chemické látky a přípravky', '22 Pryžové a plastové výrobky'],
  'zemědělství': ['01 Rostlinná a živočišná výroba'],
  'textilní průmysl': ['13 Textilie', '14 Oděvy'],
  'dřevozpracující průmysl': ['16 Zpracování dřeva', '31 Výroba nábytku'],
  'zdravotnictví': ['86 Zdravotní péče', '21 Farmaceutické výrobky'],
  'tisk a reklama': ['18 Tisk a rozmnožování nosičů', '73 Reklama a průzkum trhu'],
};
const NACE_OPTIONS = Object.values(NACE).flat().sort();

const COMPETITORS = new Weighted<string>([
  ['Technoservis Praha', 14], ['Ložiska Plus', 10], ['Hydrotrade CZ', 8], ['Euromateriál', 9], ['Dodavatel z Německa', 12],
  ['Dodavatel z Polska', 8], ['Dodavatel z Číny', 10], ['Vlastní dovoz', 5], ['Nevíme', 14],
]);

const HEADCOUNT = new Weighted<[number, number]>([[[1, 9], 30], [[10, 49], 35], [[50, 249], 24], [[250, 999], 8], [[1000, 5000], 3]]);

interface FieldSpec { key: DemoFieldKey; entity: 'firm' | 'person'; type: 'text' | 'number' | 'date'; options: readonly string[] | null }
const FIELD_SPECS: FieldSpec[] = [
  { key: 'territory', entity: 'firm', type: 'text', options: TERRITORIES },
  { key: 'nace', entity: 'firm', type: 'text', options: NACE_OPTIONS },
  { key: 'headcount', entity: 'firm', type: 'number', options: null },
  { key: 'since', entity: 'firm', type: 'date', options: null },
  { key: 'competitor', entity: 'firm', type: 'text', options: COMPETITORS.items },
  { key: 'contract', entity: 'firm', type: 'text', options: null },
  { key: 'birthday', entity: 'person', type: 'date', options: null },
];

const STANDALONE_TASKS = ['Vyúčtovat cestovní náhrady', 'Připravit podklady na poradu obchodu', 'Aktualizovat ceník na webu',
  'Objednat katalogy na veletrh', 'Projít otevřené nabídky za měsíc', 'Naplánovat cesty na příští týden'];

/** Every this many firms, one is a deliberate duplicate of a recent firm (0.5 %). */
const DUP_EVERY = 200;
const DUP_AT = 60;
const LEAD_RATE = 0.02;

const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Printable ASCII, case kept (diacritics dropped, Cyrillic transliterated): the PDF's base font has no Czech letters. */
function latin(s: string): string {
  let out = '';
  for (const ch of s.normalize('NFD').replace(/\p{M}/gu, '')) {
    const lower = ch.toLowerCase();
    const t = CYRILLIC[lower];
    if (t === undefined) out += ch;
    else out += ch === lower || t === '' ? t : t[0]!.toUpperCase() + t.slice(1);
  }
  return out.replace(/[–—]/g, '-').replace(/[«»„“”]/g, '"').replace(/№/g, 'No.').replace(/[^\x20-\x7e]/g, '?');
}

/** A one-page PDF of these lines (the first as a heading), valid enough for any viewer. */
function pdf(lines: string[]): Buffer {
  const esc = (s: string) => latin(s).replace(/[\\()]/g, '\\$&');
  const text = lines.map((l, i) => `BT /F1 ${i === 0 ? 15 : 11} Tf 56 ${780 - i * 20} Td (${esc(l)}) Tj ET`).join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => { offsets.push(out.length); out += `${i + 1} 0 obj\n${o}\nendobj\n`; });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** What tells a firm from an older one of the same name: "Agro Praha Plus", «Вектор-М». */
const QUALIFIERS: Record<LangCode, string[]> = {
  cs: ['CZ', 'Plus', 'Group', 'Trade', 'Servis', 'Bohemia', 'Morava', 'Invest', 'Systems', 'Team', 'Partner', 'Centrum', 'Export', 'Technik',
    'Pro', 'Holding', 'Industry', 'Logistik', 'Consult', 'Real', 'Metal', 'Mont', 'Kombi', 'Profi', 'Eko'],
  hu: ['Plusz', 'Hungary', 'Trade', 'Szerviz', 'Pro', 'Invest', 'Team', 'Partner', 'Center', 'Export', 'Technik', 'Kelet', 'Nyugat', 'Dél',
    'Észak', 'Holding', 'Logisztika', 'Consult', 'Profi', 'Metál'],
  ru: ['М', 'Т', 'С', 'К', 'Н', 'Д', 'Р', 'Плюс', 'Групп', 'Трейд', 'Сервис', 'Инвест', 'Про', 'Центр', 'Урал', 'Сибирь', 'Юг', 'Запад',
    'Регион', 'Холдинг', '2000', '21', '24', '77', '78', '96'],
};

/** A firm's name as a duplicate check compares it: no case, diacritics, punctuation or legal form. */
function nameKey(name: string): string {
  return ascii(name).replace(/[^a-z0-9]+/g, ' ').trim()
    .replace(/^(ooo|ao|pao|ip) /, '')
    .replace(/ (spol s r o|s r o|a s|v o s|k s|kft|zrt|bt|nyrt|akciova spolecnost|verejna obchodni spolecnost|komanditni spolecnost)$/, '');
}

/** The same firm typed by someone else: another spelling of the legal form, capitals without diacritics. */
function nameVariant(name: string, lang: LangCode, strong: boolean): string {
  if (lang === 'ru') {
    const m = /^(ООО|АО|ПАО) «(.*)»$/.exec(name);
    if (m) return strong ? `${m[1]} "${m[2]!.toUpperCase()}"` : `${m[2]}, ${m[1]}`;
    return name.toUpperCase();
  }
  if (lang === 'hu') {
    const m = / (Kft|Zrt|Bt|Nyrt)\.$/.exec(name);
    const core = m ? name.slice(0, m.index) : name;
    const form = m ? m[0] : '';
    return strong ? `${ascii(core).toUpperCase()}${form}` : `${core.replace(/ és /g, ' & ')}${form}`;
  }
  const forms: [RegExp, string, string][] = [
    [/,? spol\. s r\.o\.$/, ' spol. s r. o.', ', s.r.o.'], [/,? s\.r\.o\.$/, ', s. r. o.', ', spol. s r.o.'],
    [/,? a\.s\.$/, ', a. s.', ' akciová společnost'], [/,? v\.o\.s\.$/, ', v. o. s.', ' veřejná obchodní společnost'],
    [/,? k\.s\.$/, ', k. s.', ' komanditní společnost'],
  ];
  for (const [re, strongForm, mildForm] of forms) {
    const m = re.exec(name);
    if (m) {
      const core = name.slice(0, m.index);
      return strong ? `${ascii(core).toUpperCase()}${strongForm}` : `${core}${mildForm}`;
    }
  }
  return strong ? ascii(name).toUpperCase() : name.replace(' – ', ', ');
}

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

interface GroupState { lang: LangCode; id: string | null; name: string; note: string; target: number; members: number }

interface Ctx {
  rng: Rng;
  now: number;
  codes: (list: string, code: string) => string;
  /** The industry code list entry of this name (made on first use, as a user would). */
  industry: (label: string) => string;
  users: string[];
  userName: Map<string, string>;
  /** Owner preferred for firms of each language (the colleague who speaks it). */
  speaker: Record<LangCode, string | null>;
  /** Principal company ids taken, in their country's namespace (principalIdKey): "CZ:25596641". */
  icos: Set<string>;
  /** Digits of every phone number: no two are alike but the planted ones. */
  phones: Set<string>;
  /** nameKey of every firm's name: fresh firms never repeat one. */
  names: Set<string>;
  /** Firms this run makes: groups fill up over them. */
  total: number;
  /** Category ids in the order of CATEGORIES. */
  categories: string[];
  tags: Map<string, string>;
  groups: GroupState[];
  fields: Record<DemoFieldKey, { id: string; options: Map<string, string> }>;
  filesDir: string | null;
  onDuplicate: ((d: PlantedDuplicate) => void) | null;
  /** Domains of firm e-mails and websites made so far. */
  domains: Set<string>;
  /** Built-in pipeline stages by code. */
  stageIds: Map<string, string>;
  /** Newsletter topic ids. */
  topics: string[];
  /** The next accounting document number. */
  docSeq: number;
}

interface PersonRef { id: string; main: boolean; first: string; last: string; female: boolean }
interface ContactRef { id: string; at: number; personId: string | null }
type Founder = { first: string; surname: [string, string]; female: boolean };

/** A fresh firm as its card's extras and a later duplicate need it. */
interface FirmInfo {
  id: string;
  name: string;
  core: string;
  lang: Lang;
  industry: Industry;
  city: City;
  isCustomer: number;
  isProspect: number;
  isSupplier: number;
  ico: string | null;
  dic: string | null;
  email: string | null;
  phone: string;
  owner: string;
  created: number;
  seat: string;
  people: PersonRef[];
  contacts: ContactRef[];
}

const CONSENT_SOURCES = ['webový formulář', 'veletrh', 'obchodník', 'objednávka', 'import'];
const TOPICS = ['Ceník', 'Akce a veletrhy', 'Novinky'];
const OPEN_STAGES = new Weighted([['lead', 30], ['rfi', 20], ['offer', 25], ['negotiation', 25]] as const);
const STAGE_PROBABILITY: Record<string, number> = { lead: 10, rfi: 20, offer: 40, negotiation: 70 };
const LOST_REASONS = ['price', 'competitor', 'no_budget', 'no_decision', 'timing', 'other'] as const;
/** Products (name, group, unit price in whole units of the language's currency), deal titles and lost notes. */
const SELLING: Record<LangCode, { currency: 'CZK' | 'HUF' | 'RUB'; products: [string, string, number][]; titles: string[]; lostNotes: string[] }> = {
  cs: {
    currency: 'CZK',
    products: [['Ložiska SKF 6205', 'Ložiska', 185], ['Kuličková ložiska 6308', 'Ložiska', 420], ['Řemen SPZ 1250', 'Pohony', 310],
      ['Převodovka KR-40', 'Pohony', 18_900], ['Hydraulický válec HV-63', 'Hydraulika', 7_450], ['Servisní prohlídka', 'Servis', 4_800],
      ['Roční servisní smlouva', 'Servis', 36_000], ['Frekvenční měnič 4 kW', 'Elektro', 12_600], ['Čidlo tlaku PS-10', 'Elektro', 2_350]],
    titles: ['Dodávka – {group} {year}', 'Rámcová smlouva {group}', 'Poptávka {group}', 'Rozšíření dodávek: {group}'],
    lostNotes: ['Konkurence nabídla o 8 % méně.', 'Rozpočet přesunut na příští rok.', 'Rozhodli se pro domácího dodavatele.'],
  },
  hu: {
    currency: 'HUF',
    products: [['Csapágy 6205', 'Csapágyak', 2_300], ['Ékszíj SPZ 1250', 'Hajtások', 3_900], ['Hajtómű KR-40', 'Hajtások', 235_000],
      ['Hidraulikus henger', 'Hidraulika', 92_000], ['Éves szervizszerződés', 'Szerviz', 450_000], ['Frekvenciaváltó 4 kW', 'Elektro', 158_000]],
    titles: ['Szállítás – {group} {year}', 'Keretszerződés: {group}', 'Ajánlatkérés – {group}'],
    lostNotes: ['A versenytárs olcsóbb volt.', 'A költségvetést jövőre halasztották.'],
  },
  ru: {
    currency: 'RUB',
    products: [['Подшипник 6205', 'Подшипники', 620], ['Ремень SPZ 1250', 'Приводы', 1_050], ['Редуктор КР-40', 'Приводы', 64_000],
      ['Гидроцилиндр ГЦ-63', 'Гидравлика', 25_000], ['Сервисный договор на год', 'Сервис', 120_000], ['Преобразователь частоты 4 кВт', 'Электрика', 42_000]],
    titles: ['Поставка – {group} {year}', 'Рамочный договор: {group}', 'Запрос – {group}'],
    lostNotes: ['Конкурент дал цену ниже на 10 %.', 'Бюджет перенесён на следующий год.'],
  },
};

export async function generateDemo(open: OpenDb, opts: DemoOptions): Promise<DemoCounts> {
  // Sample data is nobody's edit: it is not captured for sync (0015), and its hundreds of
  // thousands of rows would otherwise fill the outbox and slow the load.
  return withoutCapture(open.sqlite, () => generate(open, opts));
}

async function generate(open: OpenDb, opts: DemoOptions): Promise<DemoCounts> {
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

  // Industries are the office's own code list: each name the demo uses becomes an entry once.
  const findIndustry = sqlite.prepare(`SELECT id FROM codes WHERE list = 'industry' AND label = ? AND deleted_at IS NULL`).pluck();
  const addIndustry = sqlite.prepare(`INSERT INTO codes (id, list, code, label, built_in, sort, created_at, updated_at, deleted_at)
    VALUES (?, 'industry', ?, ?, 0, (SELECT coalesce(max(sort), -1) + 1 FROM codes WHERE list = 'industry'), ?, ?, NULL)`);
  const industryCache = new Map<string, string>();
  const industry = (label: string): string => {
    let id = industryCache.get(label) ?? (findIndustry.get(label) as string | undefined);
    if (!id) {
      id = newId();
      addIndustry.run(id, `user_${id.slice(-12)}`, label, now, now);
    }
    industryCache.set(label, id);
    return id;
  };

  const counts: DemoCounts = {
    firms: 0, people: 0, contacts: 0, users: 0, leads: 0, duplicates: 0, segments: 0, segmentMembers: 0, fieldValues: 0,
    notes: 0, tasks: 0, attachments: 0, files: 0, changes: 0, opportunities: 0, openOpportunities: 0, sales: 0, reminders: 0, rules: 0, subscriptions: 0,
  };

  // Salespeople: the local user plus seven colleagues, reused when demo data is added again;
  // then the office's categories, tags, groups and user fields (reused likewise, by name).
  const users: string[] = [open.localUserId];
  const findUser = sqlite.prepare('SELECT id FROM users WHERE email = ? AND deleted_at IS NULL');
  const addUser = sqlite.prepare('INSERT INTO users (id, name, email, is_local, created_at, updated_at, deleted_at) VALUES (?, ?, ?, 0, ?, ?, NULL)');
  const card = sqlite.transaction(() => {
    for (const [name, mailbox] of SALESPEOPLE) {
      const email = `${mailbox}@${OFFICE_DOMAIN}`;
      const row = findUser.get(email) as { id: string } | undefined;
      if (row) { users.push(row.id); continue; }
      const created = now - 4 * YEAR + rng.int(0, 3 * 365) * DAY;
      const id = newId();
      addUser.run(id, name, email, created, created);
      users.push(id);
      counts.users += 1;
    }
    const setup = setupCard(sqlite, rng, now, counts);
    setupRules(sqlite, now, setup.categories, codes, counts);
    // The demo office's letterhead, so letters and envelopes print with a sender at once
    // (kept when demo data is added again, or when the user has set their own).
    sqlite.prepare(`INSERT OR IGNORE INTO settings (key, value, updated_at) VALUES ('letterhead', ?, ?)`).run(JSON.stringify({
      companyName: 'Kartoteka Demo s.r.o.', logoDataUrl: '', street: 'Vinohradská', number: '1511/230', city: 'Praha',
      postalCode: '10000', country: 'CZ', phone: '+420 222 333 444', email: `obchod@${OFFICE_DOMAIN}`, web: `www.${OFFICE_DOMAIN}`,
      ico: '27074358', dic: 'CZ27074358', bankName: 'Komerční banka', bankAccount: '123456789/0100', iban: 'CZ65 0100 0000 0001 2345 6789',
      footerNote: 'Zapsáno v obchodním rejstříku u Městského soudu v Praze, oddíl C, vložka 99999',
      signatureName: users.length ? (sqlite.prepare('SELECT name FROM users WHERE id = ?').pluck().get(open.localUserId) as string) : '',
      signatureTitle: 'obchodní ředitel',
    }), now);
    return { ...setup, topics: setupTopics(sqlite, now) };
  })();
  const stageIds = new Map((sqlite.prepare('SELECT code, id FROM pipeline_stages WHERE code IS NOT NULL AND deleted_at IS NULL').all() as
    { code: string; id: string }[]).map((r) => [r.code, r.id]));
  // Document numbers go on from what an earlier run left (they are unique in the sales table).
  const docSeq = (sqlite.prepare(`SELECT count(*) FROM sales WHERE document_no LIKE 'FV-%'`).pluck().get() as number) + 1;
  const nameOf = sqlite.prepare('SELECT name FROM users WHERE id = ?').pluck();
  const ctx: Ctx = {
    rng, now, codes, industry, users, userName: new Map(users.map((u) => [u, nameOf.get(u) as string])),
    speaker: { cs: null, hu: users[1 + SPEAKS.hu]!, ru: users[1 + SPEAKS.ru]! },
    icos: new Set((sqlite.prepare('SELECT country, ico FROM firms WHERE ico IS NOT NULL').all() as { country: string; ico: string }[])
      .map((f) => principalIdKey(f.country, f.ico)!)),
    names: new Set((sqlite.prepare('SELECT name FROM firms').pluck().all() as string[]).map(nameKey)),
    domains: new Set((sqlite.prepare(`SELECT value FROM channels WHERE kind = 'email' AND person_id IS NULL`).pluck().all() as string[])
      .map((e) => e.slice(e.indexOf('@') + 1))),
    phones: new Set((sqlite.prepare(`SELECT value FROM channels WHERE kind = 'phone'`).pluck().all() as string[]).map((v) => v.replace(/\D+/g, ''))),
    total, ...card, filesDir: opts.filesDir ?? null, onDuplicate: opts.onDuplicate ?? null, stageIds, docSeq,
  };

  const insert: Statements = {
    firm: sqlite.prepare(`INSERT INTO firms (id, name, is_customer, is_prospect, is_supplier, country, ico, dic, website, industry_id,
      source_id, owner_id, is_lead, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`),
    address: sqlite.prepare(`INSERT INTO addresses (id, firm_id, kind, street, number, city, postal_code, country, sort,
      created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`),
    channel: sqlite.prepare(`INSERT INTO channels (id, firm_id, person_id, kind, value, label, sort, created_at, updated_at,
      deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`),
    person: sqlite.prepare(`INSERT INTO people (id, firm_id, title_before, first_name, patronymic, last_name, title_after, gender,
      job_title, role_id, note, is_main, reports_to_id, created_at, updated_at, deleted_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`),
    contact: sqlite.prepare(`INSERT INTO contacts (id, firm_id, person_id, status, at, kind_id, referent_id, result_id,
      summary, note, follows_id, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`),
    segment: sqlite.prepare(`INSERT INTO segments (id, kind, name, parent_firm_id, color, note, created_at, updated_at, deleted_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)`),
    member: sqlite.prepare(`INSERT INTO segment_members (id, segment_id, firm_id, created_at, updated_at, deleted_at)
      VALUES (?, ?, ?, ?, ?, NULL)`),
    fieldValue: sqlite.prepare(`INSERT INTO field_values (id, field_id, entity_id, value_text, value_num, option_id,
      created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)`),
    note: sqlite.prepare(`INSERT INTO notes (id, firm_id, person_id, contact_id, title, body, at, author_id, visibility,
      created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`),
    noteShare: sqlite.prepare(`INSERT INTO note_shares (id, note_id, user_id, created_at, updated_at, deleted_at)
      VALUES (?, ?, ?, ?, ?, NULL)`),
    task: sqlite.prepare(`INSERT INTO tasks (id, firm_id, person_id, contact_id, title, note, due_date, assignee_id, author_id,
      priority, done_at, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`),
    attachment: sqlite.prepare(`INSERT INTO attachments (id, firm_id, person_id, contact_id, folder, name, mime, size, sha256,
      author_id, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`),
    change: sqlite.prepare(`INSERT INTO changes (id, firm_id, user_id, at, field, old_value, new_value, created_at, updated_at,
      deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`),
    opportunity: sqlite.prepare(`INSERT INTO opportunities (id, firm_id, title, stage_id, probability, amount, currency, close_date,
      deadline_at, watch_days, owner_id, note, lost_reason_id, lost_note, closed_at, stage_changed_at, created_at, updated_at, deleted_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, NULL)`),
    opportunityUser: sqlite.prepare(`INSERT INTO opportunity_users (id, opportunity_id, user_id, role, created_at, updated_at, deleted_at)
      VALUES (?, ?, ?, ?, ?, ?, NULL)`),
    opportunityLine: sqlite.prepare(`INSERT INTO opportunity_lines (id, opportunity_id, product, product_group, quantity, unit_price, sort,
      created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`),
    sale: sqlite.prepare(`INSERT INTO sales (id, firm_id, kind, source, date, amount, currency, product, document_no, opportunity_id,
      import_id, note, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, '', ?, ?, NULL)`),
    subscription: sqlite.prepare(`INSERT INTO subscriptions (id, topic_id, person_id, firm_id, subscribed_at, source, unsubscribed_at,
      created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`),
    reminder: sqlite.prepare(`INSERT INTO reminders (id, user_id, kind, contact_id, task_id, opportunity_id, at, snoozed_until, shown_at,
      dismissed_at, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, NULL, ?, ?, NULL, NULL, NULL, ?, ?, NULL)`),
  };

  // The search triggers to lift during a batch, read back so they are re-created verbatim.
  const bulk = (opts.searchIndex ?? 'bulk') === 'bulk' ? searchTriggers(sqlite) : null;
  const reindex = sqlite.prepare('UPDATE firms SET name = name WHERE rid BETWEEN ? AND ?');
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

  // Change capture's triggers (0015) are off for the demo (`withoutCapture`), but a trigger told
  // not to run still costs every row its frame (+70 % CPU for the whole load): they are lifted
  // per batch too, and re-created from their own text before the batch commits — never missing
  // for any other writer, and back even if the load dies halfway.
  const capture = sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync\\_%' ESCAPE '\\'`)
    .all() as { name: string; sql: string }[];

  const gen = new FirmGenerator(ctx, insert, counts);
  const runBatch = sqlite.transaction((n: number) => {
    for (const t of capture) sqlite.exec(`DROP TRIGGER ${quote(t.name)}`);
    if (bulk) for (const t of bulk) sqlite.exec(`DROP TRIGGER ${quote(t.name)}`);
    gen.firstRid = Infinity;
    gen.lastRid = -Infinity;
    for (let i = 0; i < n; i++) gen.next();
    if (bulk) {
      reindex.run(gen.firstRid, gen.lastRid); // fires firms_au: the search row of each firm (and lead), once, complete
      for (const t of bulk) sqlite.exec(t.sql);
    }
    for (const t of capture) sqlite.exec(t.sql);
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

/** The office's categories, tags, fixed groups and user fields: found by name, made if missing. */
function setupCard(sqlite: SQLite.Database, rng: Rng, now: number, counts: DemoCounts): Pick<Ctx, 'categories' | 'tags' | 'groups' | 'fields'> {
  const created = now - 3 * YEAR;
  const findSegment = sqlite.prepare('SELECT id FROM segments WHERE kind = ? AND name = ? AND deleted_at IS NULL ORDER BY id LIMIT 1').pluck();
  const addSegment = sqlite.prepare(`INSERT INTO segments (id, kind, name, parent_firm_id, color, note, created_at, updated_at, deleted_at)
    VALUES (?, ?, ?, NULL, ?, ?, ?, ?, NULL)`);
  const segment = (kind: string, name: string, color: string, note = ''): string => {
    const found = findSegment.get(kind, name) as string | undefined;
    if (found) return found;
    const id = newId();
    addSegment.run(id, kind, name, color, note, created, created);
    counts.segments += 1;
    return id;
  };
  const categories = CATEGORIES.map(([name, color]) => segment('category', name, color));
  const tags = new Map(TAGS.items.map((name) => [name, segment('tag', name, '')]));
  // A holding's group is made when the firm at its head is (it is named after it).
  const groups = GROUPS.map((g): GroupState => ({
    lang: g.lang, name: g.name ?? '', note: g.note, id: g.name ? segment('group', g.name, '', g.note) : null,
    target: rng.int(3, 30), members: 0,
  }));

  const findField = sqlite.prepare(`SELECT id FROM field_defs WHERE entity = ? AND label = ? AND type = ? AND has_options = ?
    AND deleted_at IS NULL ORDER BY id LIMIT 1`).pluck();
  const nextSort = sqlite.prepare('SELECT coalesce(max(sort), -1) + 1 FROM field_defs').pluck();
  const addField = sqlite.prepare(`INSERT INTO field_defs (id, entity, label, type, has_options, sort, created_at, updated_at,
    deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)`);
  const findOption = sqlite.prepare('SELECT id FROM field_options WHERE field_id = ? AND label = ? AND deleted_at IS NULL ORDER BY id LIMIT 1').pluck();
  const addOption = sqlite.prepare(`INSERT INTO field_options (id, field_id, label, sort, created_at, updated_at, deleted_at)
    VALUES (?, ?, ?, ?, ?, ?, NULL)`);
  const fields = {} as Ctx['fields'];
  for (const spec of FIELD_SPECS) {
    const label = DEMO_FIELDS[spec.key];
    const hasOptions = spec.options ? 1 : 0;
    let id = findField.get(spec.entity, label, spec.type, hasOptions) as string | undefined;
    if (!id) {
      id = newId();
      addField.run(id, spec.entity, label, spec.type, hasOptions, nextSort.get() as number, created, created);
    }
    const options = new Map<string, string>();
    (spec.options ?? []).forEach((option, sort) => {
      let optionId = findOption.get(id, option) as string | undefined;
      if (!optionId) {
        optionId = newId();
        addOption.run(optionId, id, option, sort, created, created);
      }
      options.set(option, optionId);
    });
    fields[spec.key] = { id, options };
  }
  return { categories, tags, groups, fields };
}

/** The office's newsletter topics (found by name, made if missing). */
function setupTopics(sqlite: SQLite.Database, now: number): string[] {
  const find = sqlite.prepare('SELECT id FROM topics WHERE name = ? AND deleted_at IS NULL').pluck();
  const add = sqlite.prepare(`INSERT INTO topics (id, name, note, created_at, updated_at, deleted_at) VALUES (?, ?, '', ?, ?, NULL)`);
  return TOPICS.map((name) => {
    const found = find.get(name) as string | undefined;
    if (found) return found;
    const id = newId();
    add.run(id, name, now - 2 * YEAR, now - 2 * YEAR);
    return id;
  });
}

/** The office's contact-frequency rules: A customers every 30 days by meeting or call, B every
 * 60 days by any contact, C every 120 days (found by segment, made if missing). */
function setupRules(sqlite: SQLite.Database, now: number, categories: string[], codes: (list: string, code: string) => string, counts: DemoCounts): void {
  const find = sqlite.prepare('SELECT id FROM contact_rules WHERE segment_id = ? AND deleted_at IS NULL').pluck();
  const add = sqlite.prepare(`INSERT INTO contact_rules (id, segment_id, days, kind_ids, created_at, updated_at, deleted_at)
    VALUES (?, ?, ?, ?, ?, ?, NULL)`);
  const rules: [keyof typeof CAT, number, string[]][] = [['A', 30, ['meeting', 'call']], ['B', 60, []], ['C', 120, []]];
  for (const [cat, days, kinds] of rules) {
    const segmentId = categories[CAT[cat]]!;
    if (find.get(segmentId)) continue;
    add.run(newId(), segmentId, days, JSON.stringify(kinds.map((k) => codes('contact_kind', k))), now - YEAR, now - YEAR);
    counts.rules += 1;
  }
}

type Statement = SQLite.Statement<unknown[]>;
type Statements = Record<'firm' | 'subscription' | 'opportunity' | 'opportunityUser' | 'opportunityLine' | 'sale' | 'reminder' | 'address' | 'channel' | 'person' | 'contact' | 'segment' | 'member' | 'fieldValue' | 'note'
  | 'noteShare' | 'task' | 'attachment' | 'change', Statement>;

const LANGS = new Weighted<Lang>([[CS, 60], [HU, 20], [RU, 20]]);
/** Tax regions of Russian firms outside Moscow (77) and St Petersburg (78). */
const RU_REGIONS = ['50', '52', '54', '61', '63', '66', '16', '23', '24', '02'] as const;
const RU_PATRONYMICS: readonly (readonly [string, string])[] = [
  ['Александрович', 'Александровна'], ['Сергеевич', 'Сергеевна'], ['Владимирович', 'Владимировна'], ['Петрович', 'Петровна'],
  ['Николаевич', 'Николаевна'], ['Иванович', 'Ивановна'], ['Андреевич', 'Андреевна'], ['Михайлович', 'Михайловна'],
  ['Юрьевич', 'Юрьевна'], ['Викторович', 'Викторовна'], ['Дмитриевич', 'Дмитриевна'], ['Ильич', 'Ильинична'],
];
const NOTE_COUNT = new Weighted([[0, 62], [1, 25], [2, 9], [3, 4]]);
const TASK_COUNT = new Weighted([[0, 60], [1, 27], [2, 9], [3, 4]]);
const PRIORITY = new Weighted([['normal', 65], ['low', 20], ['high', 15]] as const);
const LEAD_SOURCES = new Weighted([['web', 45], ['fair', 20], ['campaign', 20], ['referral', 10], ['other', 5]] as const);
const RECENT = 400;

class FirmGenerator {
  private readonly c: Ctx;
  private readonly s: Statements;
  private readonly counts: DemoCounts;
  /** Firms made so far in this run (fresh and duplicates; leads not). */
  private index = 0;
  /** The last few hundred fresh firms: where duplicates and leads of known firms come from. */
  private readonly recent: FirmInfo[] = [];
  private dupSeq = 0;
  /** Russian firms made so far: their ids are numbered (ruIds). */
  private ruSeq = 0;
  /** People of Russian firms made so far: their patronymics take turns (patronymicOf). */
  private ruPeople = 0;
  private readonly madeDirs = new Set<string>();
  /** The rids written in the current batch (the search index is rebuilt over them). */
  firstRid = Infinity;
  lastRid = -Infinity;

  constructor(c: Ctx, s: Statements, counts: DemoCounts) {
    this.c = c;
    this.s = s;
    this.counts = counts;
  }

  /** One firm of the list (now and then a duplicate of a recent one), sometimes a lead beside it. */
  next(): void {
    const { rng } = this.c;
    const i = this.index++;
    const source = i % DUP_EVERY === DUP_AT ? this.duplicateSource() : null;
    if (source) this.duplicate(source.firm, source.reason);
    else {
      const f = this.firm();
      this.recent.push(f);
      if (this.recent.length > RECENT) this.recent.shift();
    }
    if (i % 250 === 125) this.standaloneTask();
    if (rng.chance(LEAD_RATE)) this.lead();
  }

  private insertFirm(id: string, name: string, kinds: [number, number, number], country: string, ico: string | null, dic: string | null,
    website: string | null, industry: string | null, sourceId: string | null, owner: string | null, isLead: number,
    created: number, updated: number): void {
    const industryId = industry === null ? null : this.c.industry(industry);
    const rid = Number(this.s.firm.run(id, name, kinds[0], kinds[1], kinds[2], country, ico, dic, website, industryId, sourceId, owner,
      isLead, created, updated).lastInsertRowid);
    if (rid < this.firstRid) this.firstRid = rid;
    if (rid > this.lastRid) this.lastRid = rid;
  }

  /** A fresh firm with everything that belongs to it. */
  private firm(): FirmInfo {
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
    const founder: Founder = { first: rng.pick(founderFemale ? lang.femaleFirst : lang.maleFirst), surname: rng.pick(lang.surnames), female: founderFemale };
    const { name, core, usesFounder } = this.uniqueName(lang, industry, city, founder);

    const created = now - 30 * DAY - Math.floor(rng.next() * 6 * YEAR);
    const updated = rng.chance(0.5) ? created + Math.floor(rng.next() * (now - created)) : created;
    const id = newId();

    let ico: string | null = null;
    let dic: string | null = null;
    if (lang.code === 'cs' && rng.chance(0.97)) {
      ico = this.ico();
      if (rng.chance(0.85)) dic = `CZ${ico}`;
    } else if (lang.code === 'hu' && rng.chance(0.7)) {
      [ico, dic] = this.huIds(String(rng.int(1, 9)) + rng.digits(7), name, city);
    } else if (lang.code === 'ru') {
      [ico, dic] = this.ruIds(name, city);
    }
    // Two names can slug alike ("Agro-Tech" and "Agrotech"): a taken domain gets a number, so
    // firm e-mails are shared only by the deliberate duplicates.
    let domain = `${slug(core) || 'firma'}.${lang.tld}`;
    for (let n = 2; this.c.domains.has(domain); n++) domain = `${slug(core) || 'firma'}${n}.${lang.tld}`;
    this.c.domains.add(domain);
    const website = rng.chance(0.75) ? `www.${domain}` : null;
    const source = SOURCES.pick(rng);
    const owner = this.owner(lang);
    this.insertFirm(id, name, [isCustomer, isProspect, isSupplier], lang.country, ico, dic, website,
      lang.code === 'cs' ? industry.cs : lang.code === 'hu' ? industry.hu : industry.ru,
      source ? codes('firm_source', source) : null, owner, 0, created, updated);
    this.counts.firms += 1;

    // Addresses: the registered seat, sometimes a branch, warehouse or billing address.
    const seat = this.address(id, lang, city, 'registered', 0, created);
    if (rng.chance(0.25)) {
      const kind = rng.pick(['delivery', 'delivery', 'billing', 'postal'] as const);
      this.address(id, lang, rng.chance(0.5) ? city : lang.cities.pick(rng), kind, 1, created);
    }

    // Firm channels: a landline, info@, sometimes a second line and an e-shop.
    let sort = 0;
    const phone = this.unique(() => landline(rng, lang, city));
    this.channel(id, null, 'phone', phone, rng.pick(lang.phoneLabels), sort++, created);
    if (rng.chance(0.2)) this.channel(id, null, 'phone', this.unique(() => mobile(rng, lang)), lang.phoneLabels[1]!, sort++, created);
    let email: string | null = null;
    if (rng.chance(0.9)) {
      email = `${rng.pick(lang.infoMailbox)}@${domain}`;
      this.channel(id, null, 'email', email, '', sort++, created);
    }
    if (rng.chance(0.15)) this.channel(id, null, 'web', `https://eshop.${domain}`, lang.eshopLabel, sort++, created);

    // People: 1–6 (about 3), the first is the main contact; most report to someone above them.
    const nPeople = PEOPLE_COUNT.pick(rng);
    const people: PersonRef[] = [];
    for (let i = 0; i < nPeople; i++) {
      const useFounder = i === 0 && usesFounder && rng.chance(0.7);
      people.push(this.person(id, lang, domain, i === 0, useFounder ? founder : null, created, this.reportsTo(people)));
    }

    const contacts = this.contacts(id, lang, city, people, owner, created, isCustomer, isSupplier);
    const f: FirmInfo = {
      id, name, core, lang, industry, city, isCustomer, isProspect, isSupplier, ico, dic, email, phone, owner, created, seat, people, contacts,
    };
    this.card(f);
    return f;
  }

  /**
   * A name no other firm has (legal form, case and diacritics aside): the commercial register
   * refuses a name it cannot tell from another, so equal names in the demo would be false
   * duplicates — the only duplicates are the deliberate ones. A few fresh draws, then a
   * qualifier or the city, as real firms do ("Agro Praha" is taken: "Agro Praha Plus").
   */
  private uniqueName(lang: Lang, industry: Industry, city: City, founder: Founder): { name: string; core: string; usesFounder: boolean } {
    const { rng, names } = this.c;
    let named = firmName(rng, lang, industry, city, founder);
    for (let i = 0; i < 3 && names.has(nameKey(named.name)); i++) named = firmName(rng, lang, industry, city, founder);
    if (!names.has(nameKey(named.name))) { names.add(nameKey(named.name)); return named; }
    const base = named;
    const at = base.name.startsWith('ИП ') ? -1 : base.name.indexOf(base.core);
    // Russian one-word names take a hyphenated suffix («Вектор-М»), the rest a word after a space.
    const joiner = lang.code === 'ru' && !base.core.includes(' ') ? '-' : ' ';
    const qualify = (q: string) => (at < 0
      ? { ...base, name: `${base.name} (${q})`, core: `${base.core} ${q}` }
      : { ...base, name: base.name.slice(0, at) + `${base.core}${joiner}${q}` + base.name.slice(at + base.core.length), core: `${base.core}${joiner}${q}` });
    // Sole traders are told apart by their town; firms by a qualifier, the town, or both.
    const qs = [...QUALIFIERS[lang.code]];
    for (let i = qs.length - 1; i > 0; i--) { const j = rng.int(0, i); [qs[i], qs[j]] = [qs[j]!, qs[i]!]; }
    const candidates = at < 0 ? [city.name] : [...qs, city.name, ...qs.map((q) => `${q} ${city.name}`)];
    for (let i = 0; names.has(nameKey(named.name)); i++) {
      named = qualify(i < candidates.length ? candidates[i]! : `${at < 0 ? `${city.name} ` : ''}${i - candidates.length + 2}`);
    }
    names.add(nameKey(named.name));
    return named;
  }

  /** The decision hierarchy: the main person heads it; others report to them, or to the
   * second person (a middle manager), or to no one recorded. */
  private reportsTo(people: PersonRef[]): string | null {
    const { rng } = this.c;
    if (people.length === 0) return null;
    if (people.length >= 2 && rng.chance(0.3)) return people[1]!.id;
    return rng.chance(0.7) ? people[0]!.id : null;
  }

  /** The firm card beyond contacts: segments, user fields, notes, tasks, files, changes. */
  private card(f: FirmInfo): void {
    const { rng, now, users } = this.c;
    const since = () => f.created + Math.floor(rng.next() * (now - f.created) * 0.9);
    const joined: { name: string; at: number }[] = [];
    const join = (segmentId: string, name: string) => {
      const at = since();
      this.s.member.run(newId(), segmentId, f.id, at, at);
      this.counts.segmentMembers += 1;
      joined.push({ name, at });
    };
    const category = (k: keyof typeof CAT) => join(this.c.categories[CAT[k]]!, CATEGORIES[CAT[k]][0]);

    // Categories: customers ranked A/B/C, suppliers and partners, promising prospects.
    if (f.isCustomer) {
      if (rng.chance(0.92)) { const r = rng.next(); category(r < 0.12 ? 'A' : r < 0.5 ? 'B' : 'C'); }
      if (rng.chance(f.industry.cs === 'velkoobchod' ? 0.5 : 0.05)) category('distributor');
    }
    if (f.isSupplier) {
      if (rng.chance(0.85)) category('supplier');
      if (rng.chance(0.2)) category('service');
    }
    if (f.isProspect && rng.chance(0.3)) category('prospect');
    if (rng.chance(0.03)) category('public');
    // Tags on about a third of the firms, one to three each.
    if (rng.chance(0.3)) {
      const n = rng.chance(0.65) ? 1 : rng.chance(0.7) ? 2 : 3;
      const picked = new Set<string>();
      for (let i = 0; i < n; i++) picked.add(TAGS.pick(rng));
      for (const tag of picked) join(this.c.tags.get(tag)!, tag);
    }
    this.joinGroup(f, join);

    // User fields: filled in for most firms, not all (so "is empty" finds something).
    const field = (key: DemoFieldKey, text: string | null, num: number | null, option: string | null, at: number) => {
      const def = this.c.fields[key];
      this.s.fieldValue.run(newId(), def.id, f.id, text, num, option === null ? null : def.options.get(option)!, at, at);
      this.counts.fieldValues += 1;
    };
    const at = f.created;
    if (rng.chance(0.88)) field('territory', null, null, territory(f.lang, f.city), at);
    if (rng.chance(0.85)) field('nace', null, null, rng.pick(NACE[f.industry.cs] ?? NACE_OPTIONS), at);
    if (rng.chance(0.78)) {
      const [lo, hi] = HEADCOUNT.pick(rng);
      field('headcount', null, lo + Math.floor((hi - lo + 1) * rng.next() ** 2), null, at);
    }
    let contractYear = 2019 + rng.int(0, 7);
    if (rng.chance(f.isCustomer ? 0.85 : f.isSupplier ? 0.7 : 0)) {
      const start = f.created + Math.floor(rng.next() * (now - 30 * DAY - f.created));
      contractYear = new Date(start).getUTCFullYear();
      field('since', isoDay(start), null, null, at);
    }
    if ((f.isCustomer || f.isProspect) && rng.chance(0.4)) field('competitor', null, null, COMPETITORS.pick(rng), at);
    if (f.isCustomer && rng.chance(0.25)) field('contract', `RS-${contractYear}-${rng.digits(4)}`, null, null, at);

    this.notes(f);
    this.tasks(f);
    this.selling(f);
    for (const p of f.people) this.consent(p.id, null, f.created);
    if (rng.chance(0.08)) {
      const n = rng.chance(0.7) ? 1 : 2;
      for (let i = 0; i < n; i++) this.attachment(f);
    }

    // History of key fields: handovers between salespeople (the last one names today's owner),
    // joining categories and tags, a move, a renamed firm.
    const change = (field: string, oldValue: string, newValue: string, when: number, by: string) => {
      this.s.change.run(newId(), f.id, by, when, field, oldValue, newValue, when, when);
      this.counts.changes += 1;
    };
    const r = rng.next();
    const handovers = r < 0.15 ? 2 : r < 0.45 ? 1 : 0;
    if (handovers > 0) {
      const owners = [f.owner];
      for (let i = 0; i < handovers; i++) {
        let prev = rng.pick(users);
        while (prev === owners[0]) prev = rng.pick(users);
        owners.unshift(prev);
      }
      const times = Array.from({ length: handovers }, since).sort((a, b) => a - b);
      times.forEach((t, i) => change('owner', this.c.userName.get(owners[i]!)!, this.c.userName.get(owners[i + 1]!)!, t,
        rng.chance(0.5) ? users[0]! : owners[i + 1]!));
    }
    for (const j of joined) if (rng.chance(0.6)) change('segment', '', j.name, j.at, rng.chance(0.7) ? f.owner : rng.pick(users));
    if (rng.chance(0.06)) {
      const old = `${rng.pick(f.lang.streets)} ${rng.int(1, 120)}, ${rng.pick(f.city.postal)} ${f.city.name}`;
      change('address', old, f.seat, since(), rng.chance(0.7) ? f.owner : rng.pick(users));
    }
    if (rng.chance(0.03)) change('name', nameVariant(f.name, f.lang.code, false), f.name, since(), rng.pick(users));
  }

  /** Groups fill up over the run: a firm joins one of its language's groups that still has room
   * (a holding's group is made by the first firm that joins it, which heads it). */
  private joinGroup(f: FirmInfo, join: (segmentId: string, name: string) => void): void {
    const { rng } = this.c;
    const lang = f.lang.code;
    const canHead = !f.name.startsWith('ИП ') && !f.name.includes(' – ');
    const open = this.c.groups.filter((g) => g.lang === lang && g.members < g.target && (g.id !== null || canHead));
    if (open.length === 0) return;
    const slots = open.reduce((n, g) => n + g.target - g.members, 0);
    const left = Math.max(1, (this.c.total - this.index) * GROUP_LANG_SHARE[lang]);
    if (!rng.chance(Math.min(0.3, slots / left))) return;
    const g = rng.pick(open);
    if (g.id === null) {
      g.id = newId();
      g.name = CARD_TEXT[lang].holding(f.core);
      this.s.segment.run(g.id, 'group', g.name, f.id, '', g.note, f.created, f.created);
      this.counts.segments += 1;
    }
    g.members += 1;
    join(g.id, g.name);
  }

  /** A past moment in the firm's life (working hours), at most `now`. */
  private past(f: { created: number }): number {
    const { rng, now } = this.c;
    const from = Math.max(f.created, now - 3 * YEAR);
    return Math.max(f.created, Math.min(now, workTime(rng, from + rng.next() * (now - from), false)));
  }

  /**
   * Opportunities and revenue: about a fifth of the firms have an open deal (dataset L: ~20k, the
   * board's target), customers have won and lost ones and invoice lines from accounting over the
   * last three years. Amounts are the lines' sums in the firm's currency (minor units).
   */
  private selling(f: FirmInfo): void {
    const { rng, now, users, codes, stageIds } = this.c;
    const sell = SELLING[f.lang.code];
    const currency = f.lang.code === 'cs' && rng.chance(0.1) ? 'EUR' : sell.currency;
    const rate = currency === 'EUR' ? 1 / 25 : 1;
    const lines = (): { product: string; group: string; quantity: number; unitPrice: number }[] => {
      const n = rng.chance(0.5) ? 1 : rng.chance(0.6) ? 2 : 3;
      return Array.from({ length: n }, () => {
        const [product, group, price] = rng.pick(sell.products);
        return { product, group, quantity: rng.int(1, 40), unitPrice: Math.round(price * rate * (0.8 + 0.4 * rng.next())) * 100 };
      });
    };
    const opportunity = (outcome: 'open' | 'won' | 'lost'): void => {
      const id = newId();
      const ls = lines();
      const amount = ls.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);
      const title = fill(rng.pick(sell.titles), { group: ls[0]!.group, year: String(new Date(now).getUTCFullYear() + (outcome === 'open' ? 0 : -rng.int(0, 2))) });
      const owner = rng.chance(0.8) ? f.owner : rng.pick(users);
      const created = Math.max(f.created, now - rng.int(10, outcome === 'open' ? 200 : 900) * DAY);
      let stage: string;
      let probability: number;
      let closeDate: string;
      let closedAt: number | null = null;
      let deadline: number | null = null;
      let watchDays: number | null = null;
      let lostReason: string | null = null;
      let lostNote = '';
      if (outcome === 'open') {
        const code = OPEN_STAGES.pick(rng);
        stage = stageIds.get(code)!;
        probability = Math.min(95, Math.max(5, STAGE_PROBABILITY[code] + rng.int(-2, 2) * 5));
        closeDate = isoDay(now + rng.int(7, 150) * DAY);
        if ((code === 'rfi' || code === 'offer') && rng.chance(0.5)) {
          deadline = Math.floor((now + rng.int(2, 40) * DAY) / DAY) * DAY + 10 * HOUR;
          watchDays = rng.pick([1, 3, 3, 5, 7]);
        }
      } else {
        closedAt = Math.min(now - HOUR, created + rng.int(5, 120) * DAY);
        closeDate = isoDay(closedAt);
        stage = stageIds.get(outcome)!;
        probability = outcome === 'won' ? 100 : 0;
        if (outcome === 'lost') {
          lostReason = codes('lost_reason', rng.pick(LOST_REASONS));
          lostNote = rng.chance(0.4) ? rng.pick(sell.lostNotes) : '';
        }
      }
      const updated = closedAt ?? created;
      this.s.opportunity.run(id, f.id, title, stage, probability, amount, currency, closeDate, deadline, watchDays, owner,
        lostReason, lostNote, closedAt, closedAt ?? created, created, updated);
      this.counts.opportunities += 1;
      if (outcome === 'open') this.counts.openOpportunities += 1;
      this.s.opportunityUser.run(newId(), id, owner, 'sales', created, created);
      if (rng.chance(0.15)) {
        const other = rng.pick(users);
        if (other !== owner) this.s.opportunityUser.run(newId(), id, other, 'sales', created, created);
      }
      ls.forEach((l, i) => this.s.opportunityLine.run(newId(), id, l.product, l.group, l.quantity, l.unitPrice, i, created, created));
      if (deadline !== null && watchDays !== null) {
        const watchers = new Set([owner]);
        if (rng.chance(0.3)) watchers.add(rng.pick(users));
        for (const u of watchers) {
          this.s.opportunityUser.run(newId(), id, u, 'watch', created, created);
          this.s.reminder.run(newId(), u, 'deadline', null, id, deadline - watchDays * DAY, created, created);
          this.counts.reminders += 1;
        }
      }
      if (outcome === 'won') {
        this.s.sale.run(newId(), f.id, rng.chance(0.7) ? 'order' : 'contract', 'opportunity', closeDate, amount, currency, ls[0]!.product,
          null, id, closedAt, closedAt);
        this.counts.sales += 1;
      }
    };
    const customer = f.isCustomer === 1;
    if (customer ? rng.chance(0.25) : f.isProspect ? rng.chance(0.22) : rng.chance(0.03)) opportunity('open');
    if (customer && rng.chance(0.3)) opportunity('won');
    if ((customer || f.isProspect) && rng.chance(0.08)) opportunity('lost');

    // Invoice lines from accounting: a few a year for most customers.
    if (customer && rng.chance(0.8)) {
      const n = rng.int(1, 12);
      const from = Math.max(f.created, now - 3 * YEAR);
      for (let i = 0; i < n; i++) {
        const at = from + Math.floor(rng.next() * (now - from));
        const [product, , price] = rng.pick(sell.products);
        const amount = Math.round(price * rate * rng.int(1, 20) * (0.8 + 0.4 * rng.next())) * 100;
        const no = `FV-${new Date(at).getUTCFullYear()}-${String(this.c.docSeq++).padStart(7, '0')}`;
        this.s.sale.run(newId(), f.id, 'invoice', 'import', isoDay(at), amount, currency, product, no, null, at, at);
        this.counts.sales += 1;
      }
    }
  }

  /** Newsletter consent: about a third of people (and leads) subscribed to a topic or two, some
   * of them since opted out — the record of consent a selection honours. */
  private consent(personId: string | null, firmId: string | null, since: number): void {
    const { rng, now, topics } = this.c;
    if (topics.length === 0 || !rng.chance(0.35)) return;
    const picked = new Set([rng.pick(topics)]);
    if (rng.chance(0.3)) picked.add(rng.pick(topics));
    for (const topic of picked) {
      const at = since + Math.floor(rng.next() * (now - since));
      const out = rng.chance(0.12) ? at + Math.floor(rng.next() * (now - at)) : null;
      this.s.subscription.run(newId(), topic, personId, firmId, at, rng.pick(CONSENT_SOURCES), out, at, out ?? at);
      this.counts.subscriptions += 1;
    }
  }

  private notes(f: FirmInfo): void {
    const { rng, users } = this.c;
    const text = CARD_TEXT[f.lang.code];
    const n = NOTE_COUNT.pick(rng);
    for (let i = 0; i < n; i++) {
      const contact = f.contacts.length > 0 && rng.chance(0.3) ? rng.pick(f.contacts) : null;
      const at = contact ? Math.min(this.c.now, contact.at + rng.int(5, 180) * MIN) : this.past(f);
      const author = rng.chance(0.6) ? f.owner : rng.pick(users);
      const v = rng.next();
      const visibility = v < 0.55 ? 'private' : v < 0.88 ? 'everyone' : 'named';
      const personId = contact?.personId ?? (rng.chance(0.3) ? rng.pick(f.people).id : null);
      const id = newId();
      this.s.note.run(id, f.id, personId, contact?.id ?? null, rng.pick(text.noteTitles), this.note(f.lang), at, author, visibility, at, at);
      this.counts.notes += 1;
      if (visibility === 'named') {
        const shared = new Set<string>();
        const k = rng.chance(0.7) ? 1 : 2;
        while (shared.size < k) { const u = rng.pick(users); if (u !== author) shared.add(u); }
        for (const u of shared) this.s.noteShare.run(newId(), id, u, at, at);
      }
    }
  }

  private tasks(f: FirmInfo): void {
    const { rng, now, users } = this.c;
    const text = CARD_TEXT[f.lang.code];
    const today = Math.floor(now / DAY) * DAY;
    const n = TASK_COUNT.pick(rng);
    for (let i = 0; i < n; i++) {
      const assignee = rng.chance(0.75) ? f.owner : rng.pick(users);
      const author = rng.chance(0.6) ? assignee : rng.pick(users);
      const contact = f.contacts.length > 0 && rng.chance(0.25) ? rng.pick(f.contacts) : null;
      const personId = contact?.personId ?? (rng.chance(0.3) ? rng.pick(f.people).id : null);
      const r = rng.next();
      let due: number | null;
      let doneAt: number | null = null;
      let created: number;
      if (r < 0.45) {
        // Done: due some time ago, ticked off around then.
        due = Math.min(today - DAY, contact ? contact.at + rng.int(1, 14) * DAY : this.past(f));
        created = Math.max(f.created, contact ? contact.at + rng.int(5, 120) * MIN : due - rng.int(1, 21) * DAY);
        doneAt = Math.max(created + HOUR, Math.min(now - HOUR, workTime(rng, due + rng.int(-3, 2) * DAY, true)));
        if (rng.chance(0.1)) due = null;
      } else if (r < 0.65) {
        // Open and overdue.
        due = today - rng.int(1, 60) * DAY;
        created = Math.max(f.created, contact ? Math.min(due, contact.at + rng.int(5, 120) * MIN) : due - rng.int(1, 30) * DAY);
      } else if (r < 0.95) {
        due = today + rng.int(0, 45) * DAY;
        created = Math.max(f.created, contact ? contact.at + rng.int(5, 120) * MIN : now - rng.int(0, 30) * DAY);
      } else {
        due = null;
        created = Math.max(f.created, now - rng.int(0, 60) * DAY);
      }
      created = Math.min(created, now);
      const title = fill(rng.pick(text.taskTitles), this.vars(f.lang, f.city, due ?? created));
      const note = rng.chance(0.2) ? rng.pick(text.taskNotes) : '';
      this.s.task.run(newId(), f.id, personId, contact?.id ?? null, title, note, due === null ? null : isoDay(due), assignee, author,
        PRIORITY.pick(rng), doneAt, created, doneAt ?? created);
      this.counts.tasks += 1;
    }
  }

  /** A to-do of a salesperson's own, tied to no firm. */
  private standaloneTask(): void {
    const { rng, now, users } = this.c;
    const today = Math.floor(now / DAY) * DAY;
    const due = today + rng.int(-10, 30) * DAY;
    const created = Math.min(now, due - rng.int(1, 20) * DAY);
    const doneAt = due < today && rng.chance(0.5) ? Math.min(now, due + rng.int(7, 16) * HOUR) : null;
    const assignee = rng.pick(users);
    this.s.task.run(newId(), null, null, null, rng.pick(STANDALONE_TASKS), '', isoDay(due), assignee, assignee,
      PRIORITY.pick(rng), doneAt, created, doneAt ?? created);
    this.counts.tasks += 1;
  }

  private attachment(f: FirmInfo): void {
    const { rng, users } = this.c;
    const spec = rng.pick(CARD_TEXT[f.lang.code].files);
    const contact = f.contacts.length > 0 && rng.chance(0.3) ? rng.pick(f.contacts) : null;
    const at = contact ? Math.min(this.c.now, contact.at + rng.int(5, 240) * MIN) : this.past(f);
    const author = rng.chance(0.7) ? f.owner : rng.pick(users);
    const vars = { ...this.vars(f.lang, f.city, at), date: isoDay(at) };
    const name = fill(spec.name, vars);
    const content = this.fileContent(spec.kind, f, name, vars, this.c.userName.get(author)!);
    const sha = createHash('sha256').update(content).digest('hex');
    const mime = spec.kind === 'pdf' ? 'application/pdf' : spec.kind === 'csv' ? 'text/csv' : 'text/plain';
    this.s.attachment.run(newId(), f.id, contact?.personId ?? null, contact?.id ?? null, spec.folder, name, mime, content.length, sha,
      author, at, at);
    this.counts.attachments += 1;
    if (this.c.filesDir) {
      // Content-addressed like attachments.add: files/<sha[0:2]>/<sha256>.
      const dir = path.join(this.c.filesDir, sha.slice(0, 2));
      if (!this.madeDirs.has(dir)) { fs.mkdirSync(dir, { recursive: true }); this.madeDirs.add(dir); }
      const file = path.join(dir, sha);
      if (!fs.existsSync(file)) { fs.writeFileSync(file, content); this.counts.files += 1; }
    }
  }

  /** A small file that reads like its name says: an offer or contract (PDF), a price list, minutes. */
  private fileContent(kind: 'pdf' | 'csv' | 'txt', f: FirmInfo, name: string, vars: Record<string, string>, author: string): Buffer {
    const { rng } = this.c;
    const title = name.replace(/\.[a-z]+$/, '');
    const lines = () => {
      const n = rng.int(2, 6);
      const out: string[] = [];
      for (let i = 0; i < n; i++) out.push(`${rng.pick(f.lang.products)};${rng.pick([5, 10, 20, 50, 100, 250, 500])};${rng.int(12, 9800)},${rng.digits(2)}`);
      return out;
    };
    if (kind === 'csv') return Buffer.from(`\ufeff${[CARD_TEXT[f.lang.code].csvHead, ...lines()].join('\r\n')}\r\n`, 'utf8');
    if (kind === 'txt') return Buffer.from(`${title}\n${f.name}\n${vars.date}\n\n${this.note(f.lang)}\n\n${author}\n`, 'utf8');
    return pdf([title, f.name, vars.date!, '', ...lines().map((l) => l.replaceAll(';', '   ')), '', author]);
  }

  /** A firm entered a second time, by a colleague who did not find the first. */
  private duplicateSource(): { firm: FirmInfo; reason: PlantedDuplicate['reason'] } | null {
    const { rng } = this.c;
    const kinds = ['ico', 'name', 'email'] as const;
    let reason: PlantedDuplicate['reason'] = kinds[this.dupSeq++ % kinds.length]!;
    // (Czech ids only, as before Hungarian and Russian firms had ids: the same draws, the same demo.)
    let candidates = this.recent.filter((f) => (reason === 'ico' ? f.ico !== null && f.lang.code === 'cs' : reason === 'email' ? f.email !== null : true));
    if (candidates.length === 0) { reason = 'name'; candidates = this.recent; }
    if (candidates.length === 0) return null;
    const firm = rng.pick(candidates);
    this.recent.splice(this.recent.indexOf(firm), 1); // one duplicate per original
    return { firm, reason };
  }

  private duplicate(o: FirmInfo, reason: PlantedDuplicate['reason']): void {
    const { rng, now, users, codes } = this.c;
    const { lang, city } = o;
    const name = reason === 'ico' ? nameVariant(o.name, lang.code, rng.chance(0.3))
      : reason === 'name' ? nameVariant(o.name, lang.code, true)
      : lang.code === 'ru' ? `${o.core} (${city.name})` : `${o.core}, ${city.name}`;
    const created = o.created + Math.floor(rng.next() * (now - 7 * DAY - o.created));
    let owner = rng.pick(users);
    while (owner === o.owner) owner = rng.pick(users);
    const isCustomer = rng.chance(0.3) ? 1 : 0;
    const id = newId();
    this.insertFirm(id, name, [isCustomer, 1 - isCustomer, 0], lang.country, reason === 'ico' ? o.ico : null,
      reason === 'ico' && o.dic && rng.chance(0.5) ? o.dic : null, null, null,
      codes('firm_source', rng.pick(['cold_call', 'fair', 'web'])), owner, 0, created, created);
    this.counts.firms += 1;
    this.counts.duplicates += 1;
    this.address(id, lang, city, 'registered', 0, created);
    this.channel(id, null, 'phone', reason === 'name' && rng.chance(0.5) ? o.phone : this.unique(() => landline(rng, lang, city)), '', 0, created);
    if (reason === 'email') this.channel(id, null, 'email', o.email!, '', 1, created);
    const domain = `${slug(o.core) || 'firma'}.${lang.tld}`;
    const main = o.people[0]!;
    const same: Founder = { first: main.first, surname: [main.last, main.last], female: main.female };
    const people = [this.person(id, lang, domain, true, rng.chance(0.6) ? same : null, created, null)];
    if (rng.chance(0.4)) people.push(this.person(id, lang, domain, false, null, created, people[0]!.id));
    this.contacts(id, lang, city, people, owner, created, isCustomer, 0);
    this.c.onDuplicate?.({ reason, originalId: o.id, duplicateId: id });
  }

  /** A lead: a name and a way to reach them, kept out of the firm list until converted. Now
   * and then it is a firm already in the list (same IČO or a variant of its name). */
  private lead(): void {
    const { rng, now, codes, users } = this.c;
    const known = this.recent.length > 0 && rng.chance(0.08) ? rng.pick(this.recent) : null;
    const lang = known ? known.lang : LANGS.pick(rng);
    const industry = known ? known.industry : INDUSTRIES.pick(rng);
    const city = known ? known.city : lang.cities.pick(rng);
    const female = rng.chance(0.4);
    const first = rng.pick(female ? lang.femaleFirst : lang.maleFirst);
    const surname = rng.pick(lang.surnames);
    const last = surname[female ? 1 : 0];
    const company = rng.chance(0.75);
    const generated = company && !known ? this.uniqueName(lang, industry, city, { first, surname, female }) : firmName(rng, lang, industry, city, { first, surname, female });
    const name = known ? nameVariant(known.name, lang.code, false) : company ? generated.name : `${first} ${last}`;
    const ico = known ? known.ico : lang.code === 'cs' && company && rng.chance(0.3) ? this.ico() : null;
    const created = now - rng.int(1, 120) * DAY - rng.int(0, 600) * MIN;
    const source = LEAD_SOURCES.pick(rng);
    const owner = rng.chance(0.65) ? this.owner(lang) : null;
    const id = newId();
    this.insertFirm(id, name, [0, 0, 0], lang.country, ico, null, null, rng.chance(0.5) ? industry[lang.code] : null,
      codes('firm_source', source), owner, 1, created, created);
    this.consent(null, id, created);
    this.counts.leads += 1;

    const personId = newId();
    const job = rng.chance(0.5) ? rng.pick(lang.jobs) : null;
    this.s.person.run(personId, id, '', first, this.patronymicOf(lang, female), last, '', female ? 'female' : 'male', job ? (female ? job.f : job.m) : '',
      job ? codes('person_role', job.role) : null, '', 1, null, created, created);
    this.counts.people += 1;
    const local = lang.code === 'hu' ? `${ascii(last)}.${ascii(first)}` : `${ascii(first)}.${ascii(last)}`;
    const mailbox = local.replace(/[^a-z0-9.]/g, '');
    const domain = known?.email ? known.email.slice(known.email.indexOf('@') + 1)
      : company ? `${slug(generated.core) || 'firma'}.${lang.tld}` : rng.pick(lang.freemail);
    const hasEmail = rng.chance(0.85);
    let sort = 0;
    if (hasEmail) this.channel(id, personId, 'email', `${mailbox}@${domain}`, '', sort++, created);
    if (!hasEmail || rng.chance(0.6)) this.channel(id, personId, 'phone', this.unique(() => mobile(rng, lang)), lang.mobileLabel, sort++, created);

    // How it came in, and the call that should follow.
    const referent = owner ?? users[0]!;
    const text = CARD_TEXT[lang.code];
    if (rng.chance(0.6)) {
      const at = Math.min(now, created + rng.int(1, 30) * MIN);
      const kind = source === 'web' || source === 'campaign' ? 'email' : source === 'fair' ? 'event' : 'call';
      this.s.contact.run(newId(), id, personId, 'done', at, codes('contact_kind', kind), referent, codes('contact_result', 'follow_up'),
        fill(text.leadContact, this.vars(lang, city, at)), '', null, at, at);
      this.counts.contacts += 1;
    }
    if (rng.chance(0.3)) {
      const at = workTime(rng, now + HOUR + rng.next() * 14 * DAY, true);
      this.s.contact.run(newId(), id, personId, 'planned', at, codes('contact_kind', 'call'), referent, null,
        fill(text.leadPlanned, this.vars(lang, city, at)), '', null, created, created);
      this.counts.contacts += 1;
    }
  }

  /** A phone number nobody else has: random numbers would now and then repeat (a few hundred in
   * 600k), and a shared number is a duplicate signal the scan should find only where planted. */
  private unique(draw: () => string): string {
    for (;;) {
      const number = draw();
      const key = number.replace(/\D+/g, '');
      if (!this.c.phones.has(key)) { this.c.phones.add(key); return number; }
    }
  }

  /** A Hungarian adószám (and, for most, a cégjegyzékszám) from eight random digits already
   * drawn: the check digit, VAT status and county derived from them, so the random stream — and
   * with it every other demo record — stays what it was before firms had these ids. */
  private huIds(digits8: string, name: string, city: City): [string, string | null] {
    const { icos } = this.c;
    let base = digits8.slice(0, 7);
    let key = '';
    for (;;) {
      let sum = 0;
      for (let i = 0; i < 7; i++) sum += Number(base[i]) * [9, 7, 3, 1, 9, 7, 3][i]!;
      key = `HU:${base}${(10 - (sum % 10)) % 10}`;
      if (!icos.has(key)) break;
      base = String((Number(base) + 1) % 10_000_000).padStart(7, '0');
    }
    icos.add(key);
    const törzsszám = key.slice(3);
    const seed = Number(digits8.slice(1));
    const county = city.area === '1' ? String(41 + (seed % 4)) : String(2 + (seed % 19)).padStart(2, '0');
    const vat = 1 + (seed % 3); // most firms pay VAT (2), some are exempt (1) or group members (3)
    const form = / Kft\.$/.test(name) ? '09' : / (Zrt|Nyrt)\.$/.test(name) ? '10' : / Bt\.$/.test(name) ? '06' : null;
    const court = city.area === '1' ? '01' : String(2 + (seed % 19)).padStart(2, '0');
    return [`${törzsszám}-${vat}-${county}`, form ? `${court}-${form}-${String(seed % 1_000_000).padStart(6, '0')}` : null];
  }

  /** A Russian firm's ИНН and ОГРН (a sole trader's 12-digit ИНН and ОГРНИП), made from a running
   * number rather than the random stream (see huIds): unique, and with their check digits. */
  private ruIds(name: string, city: City): [string | null, string | null] {
    // Demo data added to a database that has some: the next numbers, until one is free.
    for (;;) {
      const n = ++this.ruSeq;
      if (n % 20 === 0) return [null, null]; // a few without: completeness has something to show
      const ids = this.ruIdsOf(n, name, city);
      if (this.c.icos.has(`RU:${ids[0]}`)) continue;
      this.c.icos.add(`RU:${ids[0]}`);
      return ids;
    }
  }

  private ruIdsOf(n: number, name: string, city: City): [string, string | null] {
    const region = city.area === '495' ? '77' : city.area === '812' ? '78' : RU_REGIONS[n % RU_REGIONS.length]!;
    const office = String(1 + (Math.floor(n / 97) % 40)).padStart(2, '0');
    const serial = (n * 7919) % 100_000;
    const year = String(2 + (n % 22)).padStart(2, '0');
    const weighted = (d: string, w: number[]) => w.reduce((s, x, i) => s + x * Number(d[i]), 0) % 11 % 10;
    const mod = (d: string, m: number) => [...d].reduce((r, c) => (r * 10 + Number(c)) % m, 0);
    if (name.startsWith('ИП ')) {
      const base = `${region}${office}${String(serial).padStart(6, '0')}`;
      const c1 = weighted(base, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]);
      const c2 = weighted(`${base}${c1}`, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]);
      const ogrnip = `3${year}${region}${String(n).padStart(9, '0').slice(-9)}`;
      return [`${base}${c1}${c2}`, `${ogrnip}${mod(ogrnip, 13) % 10}`];
    }
    const base = `${region}${office}${String(serial).padStart(5, '0')}`;
    const ogrn = `1${year}${region}${office}${String(serial).padStart(5, '0')}`;
    return [`${base}${weighted(base, [2, 4, 10, 3, 5, 9, 4, 6, 8])}`, n % 3 === 0 ? null : `${ogrn}${mod(ogrn, 11) % 10}`];
  }

  /** A Russian's patronymic (most have one on file), in turn rather than drawn (see huIds). */
  private patronymicOf(lang: Lang, female: boolean): string {
    if (lang.code !== 'ru') return '';
    const n = this.ruPeople++;
    return n % 10 === 9 ? '' : RU_PATRONYMICS[n % RU_PATRONYMICS.length]![female ? 1 : 0];
  }

  private ico(): string {
    const { rng, icos } = this.c;
    for (;;) {
      const base = rng.pick(ICO_PREFIXES) + rng.digits(5);
      let sum = 0;
      for (let i = 0; i < 7; i++) sum += Number(base[i]) * (8 - i);
      const ico = base + ((11 - (sum % 11)) % 10);
      if (!icos.has(`CZ:${ico}`)) { icos.add(`CZ:${ico}`); return ico; }
    }
  }

  private owner(lang: Lang): string {
    const { rng, users, speaker } = this.c;
    const preferred = speaker[lang.code];
    if (preferred && rng.chance(0.5)) return preferred;
    return rng.pick(users);
  }

  /** Inserts the address; returns it as one line (for the history of moves). */
  private address(firmId: string, lang: Lang, city: City, kind: string, sort: number, created: number): string {
    const { rng } = this.c;
    const street = rng.pick(lang.streets);
    let number: string;
    if (lang.code === 'cs') number = rng.chance(0.45) ? `${rng.int(1, 2999)}/${rng.int(1, 80)}` : String(rng.int(1, 180));
    else if (lang.code === 'hu') number = rng.chance(0.1) ? `${rng.int(1, 120)}/${rng.pick(['A', 'B', 'C'])}` : String(rng.int(1, 150));
    else number = rng.chance(0.2) ? `${rng.int(1, 120)}к${rng.int(1, 5)}` : rng.chance(0.15) ? `${rng.int(1, 90)}, стр. ${rng.int(1, 9)}` : String(rng.int(1, 150));
    const postal = rng.pick(city.postal);
    this.s.address.run(newId(), firmId, kind, street, number, city.name, postal, lang.country, sort, created, created);
    return `${street} ${number}, ${postal} ${city.name}`;
  }

  private channel(firmId: string, personId: string | null, kind: string, value: string, label: string, sort: number, created: number): void {
    this.s.channel.run(newId(), firmId, personId, kind, value, label, sort, created, created);
  }

  private person(firmId: string, lang: Lang, domain: string, main: boolean, founder: Founder | null, firmCreated: number,
    reportsTo: string | null): PersonRef {
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
    this.s.person.run(id, firmId, titleBefore, first, this.patronymicOf(lang, female), last, titleAfter, female ? 'female' : 'male', female ? job.f : job.m,
      codes('person_role', job.role), note, main ? 1 : 0, reportsTo, created, created);
    this.counts.people += 1;

    let sort = 0;
    if (rng.chance(0.8)) {
      const local = lang.code === 'hu' ? `${ascii(last)}.${ascii(first)}` : lang.code === 'ru' ? `${ascii(first)[0]}.${ascii(last)}` : `${ascii(first)}.${ascii(last)}`;
      // A private mailbox carries a number (the plain name is long taken), so two people of the
      // same name at different firms rarely share one — a shared address is a duplicate signal.
      const email = rng.chance(0.1) ? `${local.replace(/[^a-z0-9.]/g, '')}${rng.pick(['', '.'])}${rng.int(1, 999)}@${rng.pick(lang.freemail)}` : `${local.replace(/[^a-z0-9.]/g, '')}@${domain}`;
      this.channel(firmId, id, 'email', email, '', sort++, created);
    }
    if (rng.chance(0.6)) this.channel(firmId, id, 'phone', this.unique(() => mobile(rng, lang)), lang.mobileLabel, sort++, created);
    if (rng.chance(0.15)) { const city = lang.cities.pick(rng); this.channel(firmId, id, 'phone', this.unique(() => landline(rng, lang, city)), '', sort++, created); }
    // A birthday for about a quarter of the people (a user field of people).
    if (rng.chance(0.25)) {
      const born = Date.UTC(rng.int(1958, 2001), 0, 1) + rng.int(0, 364) * DAY;
      this.s.fieldValue.run(newId(), this.c.fields.birthday.id, id, isoDay(born), null, null, created, created);
      this.counts.fieldValues += 1;
    }
    return { id, main, first, last, female };
  }

  /** The firm's contact history and what is planned next; returns the done contacts. */
  private contacts(firmId: string, lang: Lang, city: City, people: PersonRef[], owner: string, firmCreated: number, isCustomer: number, isSupplier: number): ContactRef[] {
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
    const done: ContactRef[] = [];
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
      const personId = pickPerson(kind);
      this.s.contact.run(id, firmId, personId, 'done', at, codes('contact_kind', kind), referent(),
        result ? codes('contact_result', result) : null, summary, note, follows, created, created);
      done.push({ id, at, personId });
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
      const id = newId();
      const who = referent();
      this.s.contact.run(id, firmId, pickPerson(kind), 'planned', at, codes('contact_kind', kind), who,
        null, summary, '', follows, created, created);
      // About a third carry a reminder, mostly a quarter of an hour or a day before.
      if (rng.chance(0.35)) {
        const before = rng.pick([15 * MIN, 15 * MIN, 30 * MIN, HOUR, DAY]);
        this.s.reminder.run(newId(), who, 'contact', id, null, at - before, created, created);
        this.counts.reminders += 1;
      }
    }
    this.counts.contacts += planned;
    return done;
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
    else if (r < 0.38) { core = `${surname} ${rng.pick(CS_FAMILY)}`; usesFounder = true; }
    else if (r < 0.58) {
      core = rng.pick(CS_BRAND_A) + rng.pick(CS_BRAND_B);
      if (rng.chance(0.2)) core = core.toUpperCase();
      if (rng.chance(0.25)) core += ' CZ';
    } else if (r < 0.76) core = `${rng.pick(industry.csWords)} ${city.name}`;
    else if (r < 0.92) core = `${rng.pick(CS_REGIONS)} ${rng.pick(CS_REGION_B)}`;
    else {
      // A sole trader: no legal form, the person's name and trade.
      const name = `${founder.first} ${founder.surname[founder.female ? 1 : 0]} – ${industry.csTrade}`;
      return { name, core: `${industry.csTrade} ${founder.first} ${surname}`, usesFounder: true };
    }
    return { name: core + form, core, usesFounder };
  }
  if (lang.code === 'hu') {
    const form = HU_FORMS.pick(rng);
    let core: string;
    let usesFounder = false;
    if (r < 0.12) { core = `${surname} ${rng.pick(HU_FAMILY)}`; usesFounder = true; }
    else if (r < 0.32) { core = `${surname} ${rng.pick(industry.huWords)}`; usesFounder = true; }
    else if (r < 0.57) core = `${rng.pick(HU_REGIONS)} ${rng.pick(industry.huWords)}`;
    else if (r < 0.77) core = `${city.adj ?? city.name} ${rng.pick(industry.huWords)}`;
    else core = rng.pick(HU_BRAND_A) + rng.pick(HU_BRAND_B);
    return { name: core + form, core, usesFounder };
  }
  if (r < 0.15) {
    // ИП: a sole trader under their own name, with initials.
    const patronymic = rng.pick(['А', 'В', 'Н', 'С', 'И', 'П', 'М', 'Ю']);
    const last = founder.surname[founder.female ? 1 : 0];
    return { name: `ИП ${last} ${founder.first[0]}. ${patronymic}.`, core: `${last} ${founder.first} ${patronymic}`, usesFounder: true };
  }
  let core: string;
  if (r < 0.62) core = rng.pick(industry.ruRoots) + rng.pick(RU_SUFFIXES);
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
