// Column names → import targets: what offices call their columns in Czech, English, Hungarian
// and Russian, what Outlook (English and Czech) and Google Contacts write, the synthetic vCard
// columns (vcard.ts), and our own export presets' headers in all four languages (read from
// mailing/headers.ts, plain and Word-safe, so every file we write maps back).
// Names are compared normalised (`normaliseHeader`): no diacritics, no case, no punctuation.
import type { ImportKind, ImportTarget } from '../../../../shared/import-targets.ts';
import type { Locale } from '../../../../shared/types.ts';
import { LOCALES } from '../../../../shared/types.ts';
import { COLUMN_HEADERS } from '../../mailing/headers.ts';
import { wordSafeHeader } from '../../mailing/formats/text.ts';

export type Target = ImportTarget | null;
/** What a rule may look at: the import's kind and what the file's other columns are. */
export interface RuleContext { kind: ImportKind; has: (t: ImportTarget) => boolean }
export type Rule = Target | ((c: RuleContext) => Target);

/** "Příjmení", "PRIJMENI", "prijmeni:" and "Přijmení " are one name; so are "Имя" and "ИМЯ"
 * (NFD takes the breve off й as it takes the háček off č: both sides are normalised alike). */
export function normaliseHeader(h: string): string {
  return h.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** A firm's own value in a firms import, the person's in a people or contacts import. */
export const byKind = (firms: Target, people: Target, contacts: Target = people): Rule =>
  (c) => (c.kind === 'firms' ? firms : c.kind === 'people' ? people : contacts);
const contactsOnly = (t: Target): Rule => byKind(null, null, t);
const NOTE = byKind('firm.note', 'person.note', 'contact.note');
const EMAIL = byKind('firm.email', 'person.email');
const PHONE = byKind('firm.phone', 'person.phone');
const MOBILE = byKind('firm.phone', 'person.mobile');

/** Targets that say a file's rows are people. */
const PERSON_NAME_TARGETS: ImportTarget[] = ['person.lastName', 'person.fullName', 'person.patronymic', 'person.titleBefore', 'person.titleAfter', 'person.jobTitle'];

/**
 * "Jméno", "Name", "Név", "Имя", "Meno" alone: a firms import whose file names no firm and no
 * person otherwise → the firm's name; beside a surname column → the first name; else the whole
 * name ("Jan Novák", split by the pipeline).
 */
const NAME: Rule = (c) => {
  const personColumns = PERSON_NAME_TARGETS.some((t) => c.has(t));
  if (c.kind === 'firms' && !personColumns && !c.has('firm.name')) return 'firm.name';
  return c.has('person.lastName') ? 'person.firstName' : 'person.fullName';
};

/** A whole-name column beside first/last name columns would be split again over them: only
 * where the file has no name parts. */
export const FULL_NAME_UNLESS_PARTS: Rule = (c) => (c.has('person.firstName') || c.has('person.lastName') ? null : 'person.fullName');

function table(entries: [Rule, string[]][]): Map<string, Rule> {
  const m = new Map<string, Rule>();
  for (const [rule, names] of entries) for (const n of names) m.set(normaliseHeader(n), rule);
  return m;
}

/** Generic names, cs / en / hu / ru (and Slovak where it differs). */
export const GENERIC = table([
  [NAME, ['Jméno', 'Name', 'Név', 'Имя', 'Meno']],
  ['firm.name', ['Firma', 'Název firmy', 'Název', 'Název společnosti', 'Společnost', 'Organizace', 'Obchodní firma', 'Obchodní jméno',
    'Company', 'Company name', 'Firm', 'Firm name', 'Organization', 'Organisation', 'Organization name', 'Business name',
    'Cég', 'Cégnév', 'Cég neve', 'Vállalat', 'Vállalkozás', 'Szervezet',
    'Фирма', 'Название фирмы', 'Название', 'Название компании', 'Компания', 'Организация', 'Наименование', 'Názov firmy', 'Spoločnosť']],
  ['firm.ico', ['IČO', 'IČ', 'Identifikační číslo', 'Company ID', 'Company number', 'Registration number', 'Reg. no.', 'CRN',
    'Adószám', 'Cégazonosító', 'ИНН']],
  ['firm.dic', ['DIČ', 'Daňové identifikační číslo', 'VAT', 'VAT ID', 'VAT number', 'Tax ID', 'Cégjegyzékszám', 'ОГРН', 'КПП']],
  ['firm.vatId', ['IČ DPH']],
  ['firm.website', ['Web', 'WWW', 'Webová stránka', 'Webové stránky', 'Website', 'Web site', 'Web page', 'Homepage', 'URL',
    'Weboldal', 'Honlap', 'Weblap', 'Сайт', 'Веб-сайт', 'Вебсайт']],
  ['firm.industry', ['Obor', 'Odvětví', 'Obor činnosti', 'Industry', 'Sector', 'Iparág', 'Ágazat', 'Tevékenység', 'Отрасль', 'Сфера деятельности']],
  ['firm.source', ['Zdroj', 'Source', 'Forrás', 'Источник']],
  ['firm.isCustomer', ['Zákazník', 'Customer', 'Ügyfél', 'Vevő', 'Клиент', 'Покупатель']],
  ['firm.isProspect', ['Zájemce', 'Prospect', 'Potenciális ügyfél', 'Érdeklődő', 'Потенциальный клиент']],
  ['firm.isSupplier', ['Dodavatel', 'Supplier', 'Vendor', 'Beszállító', 'Szállító', 'Поставщик']],
  ['address.street', ['Ulice', 'Ulice a číslo', 'Adresa', 'Sídlo', 'Street', 'Street address', 'Address', 'Address line 1',
    'Utca', 'Utca, házszám', 'Cím', 'Улица', 'Адрес', 'Ulica']],
  ['address.number', ['Číslo popisné', 'Č.p.', 'Čp', 'Číslo domu', 'House number', 'Street number', 'Házszám', 'Дом', 'Номер дома']],
  ['address.city', ['Obec', 'Město', 'Místo', 'City', 'Town', 'Település', 'Város', 'Helység', 'Город', 'Населенный пункт', 'Mesto']],
  ['address.postalCode', ['PSČ', 'Poštovní směrovací číslo', 'Postcode', 'Post code', 'Postal code', 'ZIP', 'ZIP code',
    'Irányítószám', 'Irsz', 'Индекс', 'Почтовый индекс']],
  ['address.country', ['Stát', 'Země', 'Country', 'Ország', 'Страна', 'Krajina']],
  ['person.firstName', ['Křestní jméno', 'First name', 'Firstname', 'Given name', 'Forename', 'Keresztnév', 'Utónév', 'Krstné meno']],
  ['person.lastName', ['Příjmení', 'Last name', 'Lastname', 'Surname', 'Family name', 'Vezetéknév', 'Családnév', 'Фамилия', 'Priezvisko']],
  ['person.patronymic', ['Jméno po otci', 'Patronymic', 'Apai név', 'Отчество']],
  ['person.fullName', ['Celé jméno', 'Jméno a příjmení', 'Příjmení a jméno', 'Kontaktní osoba', 'Full name', 'Contact person', 'Contact name',
    'Teljes név', 'Kapcsolattartó', 'ФИО', 'Полное имя', 'Контактное лицо', 'Meno a priezvisko']],
  ['person.titleBefore', ['Titul', 'Titul před jménem', 'Title', 'Academic title', 'Előtag', 'Titulus', 'Титул']],
  ['person.titleAfter', ['Titul za jménem', 'Title after', 'Utótag', 'Титул после имени']],
  ['person.gender', ['Pohlaví', 'Gender', 'Sex', 'Nem', 'Пол']],
  ['person.jobTitle', ['Funkce', 'Pozice', 'Pracovní pozice', 'Job title', 'Position', 'Beosztás', 'Pozíció', 'Munkakör', 'Должность', 'Funkcia']],
  ['person.role', ['Role', 'Role v rozhodování', 'Szerep', 'Роль']],
  [EMAIL, ['E-mail', 'Email', 'Mail', 'E-mailová adresa', 'Emailová adresa', 'E-mail address', 'Email address', 'E-mail cím', 'E-mail-cím',
    'Электронная почта', 'Эл. почта', 'Почта']],
  [PHONE, ['Telefon', 'Tel', 'Tel.', 'Telefonní číslo', 'Phone', 'Telephone', 'Phone number', 'Telefonszám', 'Телефон', 'Номер телефона', 'Telefónne číslo']],
  [MOBILE, ['Mobil', 'Mobilní telefon', 'Mobile', 'Mobile phone', 'Cell', 'Cell phone', 'Mobiltelefon', 'Mobilszám', 'Мобильный', 'Мобильный телефон', 'Сотовый']],
  ['segment', ['Kategorie', 'Skupina', 'Segment', 'Category', 'Group', 'Kategória', 'Csoport', 'Категория', 'Группа']],
  ['tags', ['Štítky', 'Štítek', 'Tags', 'Tag', 'Labels', 'Címkék', 'Címke', 'Теги', 'Метки', 'Segmenty', 'Segments', 'Szegmensek', 'Сегменты']],
  [contactsOnly('contact.date'), ['Datum', 'Date', 'Dátum', 'Дата', 'Datum kontaktu', 'Contact date', 'Kdy', 'When']],
  [contactsOnly('contact.kind'), ['Typ kontaktu', 'Druh', 'Druh kontaktu', 'Typ', 'Kind', 'Type', 'Contact type', 'Típus', 'Kapcsolat típusa', 'Тип', 'Тип контакта', 'Вид']],
  [contactsOnly('contact.status'), ['Stav', 'Status', 'Állapot', 'Статус']],
  [contactsOnly('contact.summary'), ['Předmět', 'Shrnutí', 'Subject', 'Summary', 'Tárgy', 'Összefoglaló', 'Тема', 'Краткое содержание']],
  [contactsOnly('contact.result'), ['Výsledek', 'Result', 'Outcome', 'Eredmény', 'Результат']],
  [contactsOnly('contact.referent'), ['Referent', 'Zpracoval', 'Vlastník', 'Owner', 'Referens', 'Ügyintéző', 'Felelős', 'Ответственный', 'Исполнитель']],
  [NOTE, ['Poznámka', 'Poznámky', 'Note', 'Notes', 'Comment', 'Comments', 'Megjegyzés', 'Примечание', 'Комментарий', 'Заметка', 'Заметки']],
]);

/** Outlook's CSV export, English and Czech Outlook (which writes Windows-1250 and ';'). Its
 * "Title"/"Oslovení" is the title before the name; the e-mail and phone after the first are
 * the firm's, as our own outlook preset writes them. */
export const OUTLOOK = table([
  ['person.titleBefore', ['Title', 'Oslovení']],
  ['person.firstName', ['First Name', 'Jméno', 'Křestní jméno']],
  [null, ['Middle Name', 'Druhé jméno', 'Department', 'Oddělení', 'Business State', 'Kraj (zaměstnání)', 'Home Phone', 'Telefon domů',
    'Business Fax', 'Fax do zaměstnání', 'E-mail Display Name', 'Zobrazované jméno e-mailu', 'E-mail Type', 'Typ e-mailu', 'Birthday', 'Narozeniny']],
  ['person.lastName', ['Last Name', 'Příjmení']],
  ['person.titleAfter', ['Suffix', 'Titul za jménem']],
  ['firm.name', ['Company', 'Společnost']],
  ['person.jobTitle', ['Job Title', 'Funkce']],
  ['address.street', ['Business Street', 'Ulice (zaměstnání)']],
  ['address.city', ['Business City', 'Město (zaměstnání)']],
  ['address.postalCode', ['Business Postal Code', 'PSČ (zaměstnání)']],
  ['address.country', ['Business Country/Region', 'Země/oblast (zaměstnání)', 'Země (zaměstnání)']],
  [PHONE, ['Business Phone', 'Telefon do zaměstnání']],
  ['firm.phone', ['Company Main Phone', 'Hlavní telefon společnosti', 'Business Phone 2', 'Telefon 2 do zaměstnání']],
  [MOBILE, ['Mobile Phone', 'Mobilní telefon']],
  [EMAIL, ['E-mail Address', 'E-mailová adresa']],
  ['firm.email', ['E-mail 2 Address', 'E-mailová adresa 2']],
  ['firm.website', ['Web Page', 'Webová stránka']],
  [NOTE, ['Notes', 'Poznámky']],
  ['tags', ['Categories', 'Kategorie']],
  ['person.gender', ['Gender', 'Pohlaví']],
]);

/** Google Contacts' CSV: today's names and the older ones ("Given Name", "Organization 1 - Name"). */
export const GOOGLE = table([
  [FULL_NAME_UNLESS_PARTS, ['Name']],
  ['person.firstName', ['First Name', 'Given Name']],
  [null, ['Middle Name', 'Additional Name', 'Nickname', 'Birthday', 'Organization Department', 'Organization 1 - Department',
    'E-mail 1 - Label', 'E-mail 2 - Label', 'E-mail 1 - Type', 'E-mail 2 - Type', 'Phone 1 - Label', 'Phone 2 - Label', 'Phone 1 - Type', 'Phone 2 - Type',
    'Address 1 - Label', 'Address 1 - Type', 'Address 1 - Formatted', 'Address 1 - Region', 'Address 1 - PO Box', 'Address 1 - Extended Address',
    'Website 1 - Label', 'Website 1 - Type', 'Organization 1 - Type']],
  ['person.lastName', ['Last Name', 'Family Name']],
  ['person.titleBefore', ['Name Prefix']],
  ['person.titleAfter', ['Name Suffix']],
  ['firm.name', ['Organization Name', 'Organization 1 - Name']],
  ['person.jobTitle', ['Organization Title', 'Organization 1 - Title']],
  [EMAIL, ['E-mail 1 - Value']],
  ['firm.email', ['E-mail 2 - Value']],
  [PHONE, ['Phone 1 - Value']],
  ['firm.phone', ['Phone 2 - Value']],
  ['address.street', ['Address 1 - Street']],
  ['address.city', ['Address 1 - City']],
  ['address.postalCode', ['Address 1 - Postal Code']],
  ['address.country', ['Address 1 - Country']],
  ['firm.website', ['Website 1 - Value']],
  [NOTE, ['Notes']],
  ['tags', ['Labels', 'Group Membership']],
  ['person.gender', ['Gender']],
]);

/** vCard columns (vcard.ts), by their exact names. FN is the whole name only where N is absent
 * (the pipeline would split it again), and the firm's name of a firm's own card only where ORG
 * is. The second e-mail and phone of a card are the firm's, as our vCard preset writes them. */
export const VCARD = new Map<string, Rule>([
  ['FN', (c) => (c.kind === 'firms' ? (c.has('firm.name') ? null : 'firm.name')
    : (FULL_NAME_UNLESS_PARTS as (c: RuleContext) => Target)(c))],
  ['N.family', 'person.lastName'], ['N.given', 'person.firstName'], ['N.additional', 'person.patronymic'],
  ['N.prefix', 'person.titleBefore'], ['N.suffix', 'person.titleAfter'],
  ['ORG', 'firm.name'], ['ORG.unit', null], ['TITLE', 'person.jobTitle'], ['ROLE', 'person.role'],
  ['EMAIL', EMAIL], ['EMAIL;WORK', EMAIL], ['EMAIL;HOME', byKind(null, 'person.email')],
  ['TEL', PHONE], ['TEL;WORK', PHONE], ['TEL;CELL', MOBILE], ['TEL;HOME', byKind(null, 'person.phone')],
  ['TEL;FAX', null], ['TEL;PAGER', null],
  ['ADR.street', 'address.street'], ['ADR.city', 'address.city'], ['ADR.postalCode', 'address.postalCode'], ['ADR.country', 'address.country'],
  ['URL', 'firm.website'], ['NOTE', NOTE], ['CATEGORIES', 'tags'], ['GENDER', 'person.gender'], ['X-GENDER', 'person.gender'],
]);
/** The second value of a vCard column ('EMAIL;WORK 2'): the firm's. */
export function vcardExtra(base: string): Rule {
  if (base.startsWith('EMAIL')) return byKind(null, 'firm.email');
  if (base === 'TEL' || base === 'TEL;WORK') return byKind(null, 'firm.phone');
  return null;
}

type ExportKey = keyof (typeof COLUMN_HEADERS)['cs'];
/** Where each column of our export presets goes back to. Null: composed or derived (address
 * lines, salutation, counts) or with no target yet (kinds, owner, companyIds). */
export const EXPORT_COLUMN_TARGETS: Record<ExportKey, Rule> = {
  firmName: 'firm.name', ico: 'firm.ico', dic: 'firm.dic', vatId: 'firm.vatId', companyIds: null, kinds: null, owner: contactsOnly('contact.referent'),
  segments: 'tags', website: 'firm.website', firmEmail: 'firm.email', firmPhone: 'firm.phone',
  street: 'address.street', city: 'address.city', postalCode: 'address.postalCode', country: 'address.country',
  address1: null, address2: null, address3: null,
  titleBefore: 'person.titleBefore', firstName: 'person.firstName', patronymic: 'person.patronymic', lastName: 'person.lastName',
  titleAfter: 'person.titleAfter', jobTitle: 'person.jobTitle', role: 'person.role', email: EMAIL, phone: PHONE,
  salutation: null, addressee: null, lastContactAt: null, openOpportunities: null, revenue12m: null, createdAt: null,
};

/** Our export headers in every language, as written and Word-safe (mail-merge names): each
 * normalised name → its column's rule. */
export const KARTOTEKA: Map<string, Rule> = (() => {
  const m = new Map<string, Rule>();
  for (const locale of LOCALES as readonly Locale[]) {
    for (const [key, header] of Object.entries(COLUMN_HEADERS[locale]) as [ExportKey, string][]) {
      m.set(normaliseHeader(header), EXPORT_COLUMN_TARGETS[key]);
      m.set(normaliseHeader(wordSafeHeader(header)), EXPORT_COLUMN_TARGETS[key]);
    }
  }
  return m;
})();

/**
 * A name the tables do not hold, by the words in it: "E-mail (práce)", "Telefon 2", "PSČ sídla".
 * Weaker than a table's match (a table's match elsewhere takes the target first).
 */
export function byWords(norm: string): Rule | undefined {
  const words = norm.split(' ');
  const has = (...ws: string[]) => ws.some((w) => words.includes(w));
  const starts = (...ps: string[]) => words.some((w) => ps.some((p) => w.startsWith(p)));
  if (has('ico', 'инн')) return 'firm.ico';
  if (has('dic')) return 'firm.dic';
  if (has('psc', 'zip', 'irsz', 'индекс', 'iranyitoszam') || (has('postal', 'post') && has('code'))) return 'address.postalCode';
  if (starts('mobil', 'мобил', 'сотов') || has('cell', 'gsm')) return MOBILE;
  if (starts('email', 'e-mail') || (has('e') && has('mail')) || has('mail', 'почта')) return EMAIL;
  if (starts('telefon', 'phone', 'телефон') || has('tel')) return PHONE;
  if (starts('web', 'www', 'сайт') || has('url')) return 'firm.website';
  if (starts('ulice', 'street', 'utca', 'улиц')) return 'address.street';
  if (starts('prijmeni', 'surname', 'фамил', 'vezeteknev')) return 'person.lastName';
  if (starts('poznam', 'note', 'megjegyz', 'примеч', 'коммент')) return NOTE;
  return undefined;
}
