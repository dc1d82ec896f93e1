// Writes the sample files the reading tests use, byte for byte as the programs that make them
// would: Czech Excel's Windows-1250 CSV with ';' and CRLF (line breaks inside a cell are a bare
// LF, as Alt+Enter types them), Hungarian and Russian code pages, Outlook's and Google's contact
// exports, vCards 2.1 / 3.0 / 4.0 and a workbook. The files are committed; run this again only
// to change them:   node main/core/import/read/samples/make-samples.ts
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';

const dir = path.dirname(fileURLToPath(import.meta.url));
const write = (name: string, bytes: Uint8Array | string) => fs.writeFileSync(path.join(dir, name), bytes);

/** A CSV line as Excel writes it: a cell is quoted only when it holds the delimiter, a quote or
 * a line break. */
function excelLine(cells: string[], d: string): string {
  return cells.map((c) => (c.includes(d) || /["\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(d);
}
/** Outlook quotes every cell. */
const outlookLine = (cells: string[], d: string) => cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(d);

// ---- Czech Excel: Windows-1250, ';', CRLF -------------------------------------------------------
export const CZECH_ROWS = [
  ['Firma', 'IČ', 'Ulice', 'Město', 'PSČ', 'Křestní jméno', 'Příjmení', 'E-mail', 'Telefon', 'Poznámka'],
  ['Šťastný & syn s.r.o.', '25596641', 'Náměstí Míru 12', 'Praha 2', '120 00', 'Jiří', 'Šťastný', 'jiri@stastny.cz', '+420 602 123 456', 'Volat ráno'],
  ['Žluťoučký kůň; a.s.', '45274649', 'Údolní 5', 'Brno', '602 00', 'Věra', 'Řeháková', 'vera.rehakova@kun.cz', '545 111 222', 'Schůzka v úterý\nv 10:00 u nich; parkování ve dvoře'],
  ['Pekárna "U Čápa"', '', 'Dlouhá 1', 'České Budějovice', '370 01', 'Ludmila', 'Čápová', '', '', ''],
  ['Ďábelské Ťuky, v.o.s.', '12345678', 'Ústecká 8', 'Ústí nad Labem', '400 01', 'Ondřej', 'Ďurďa', 'ondrej@tuky.cz', '', ''],
];

// ---- Hungarian, ISO-8859-2 (a Komárno firm: Slovak letters too) ---------------------------------
export const HUNGARIAN_ROWS = [
  ['Cég neve', 'Adószám', 'Cím', 'Város', 'Irsz', 'Vezetéknév', 'Keresztnév', 'E-mail', 'Mobil'],
  ['Kovács és Társa Kft.', '12345678-2-41', 'Fő utca 12.', 'Győr', '9021', 'Kovács', 'Ödön', 'odon@kovacs.hu', '+36 96 123 456'],
  ['Szőlőskert Bt.', '87654321-1-13', 'Árpád út 3.', 'Szentendre', '2000', 'Szűcs', 'Erzsébet', '', ''],
  ['Štúr Építő s.r.o.', '', 'Štúrova 9', 'Komárno', '945 01', 'Šándor', 'Ľudmila', 'ludmila@stur.sk', ''],
];

// ---- Russian, Windows-1251 and KOI8-R ------------------------------------------------------------
export const RUSSIAN_ROWS = [
  ['Организация', 'ИНН', 'Адрес', 'Город', 'Индекс', 'Фамилия', 'Имя', 'Отчество', 'Телефон', 'Теги'],
  ['ООО "Ромашка"', '7707083893', 'ул. Тверская, д. 7', 'Москва', '125009', 'Иванов', 'Пётр', 'Сергеевич', '+7 495 123-45-67', 'опт; ключевой'],
  ['АО Северный ветер', '7801234567', 'Невский проспект, 28', 'Санкт-Петербург', '191186', 'Щукина', 'Юлия', 'Эдуардовна', '', ''],
  ['ИП Жуков', '', 'ул. Ленина, 1', 'Екатеринбург', '620014', 'Жуков', 'Фёдор', 'Ильич', '', 'новый'],
];

// ---- Outlook (English): UTF-8, ',', every cell quoted ---------------------------------------------
export const OUTLOOK_EN_ROWS = [
  ['Title', 'First Name', 'Middle Name', 'Last Name', 'Suffix', 'Company', 'Department', 'Job Title', 'Business Street', 'Business City',
    'Business State', 'Business Postal Code', 'Business Country/Region', 'Business Phone', 'Mobile Phone', 'E-mail Address', 'E-mail Display Name', 'Notes'],
  ['Ing.', 'Jana', '', 'Nováková', 'Ph.D.', 'Nováková Consulting s.r.o.', 'Sales', 'Sales Director', 'Vinohradská 10', 'Praha',
    '', '120 00', 'Czechia', '+420 222 333 444', '+420 777 888 999', 'jana@novakova.cz', 'Jana Nováková (jana@novakova.cz)', 'Met at the fair,\r\nwants a quote'],
  ['', 'John', 'P.', 'Smith', '', 'Acme Ltd', '', 'Buyer', '1 High Street', 'London', '', 'SW1A 1AA', 'United Kingdom', '', '', 'john@acme.co.uk', '', ''],
];

// ---- Outlook (Czech): Windows-1250, ';' ----------------------------------------------------------
export const OUTLOOK_CS_ROWS = [
  ['Oslovení', 'Jméno', 'Druhé jméno', 'Příjmení', 'Titul za jménem', 'Společnost', 'Oddělení', 'Funkce', 'Ulice (zaměstnání)',
    'Město (zaměstnání)', 'PSČ (zaměstnání)', 'Země/oblast (zaměstnání)', 'Telefon do zaměstnání', 'Mobilní telefon', 'E-mailová adresa', 'Poznámky', 'Kategorie'],
  ['Mgr.', 'Tomáš', '', 'Dvořák', '', 'Dvořák a spol.', '', 'jednatel', 'Husova 3', 'Plzeň', '301 00', 'Česká republika', '377 123 456',
    '603 111 222', 'tomas@dvorak.cz', 'Chce slevu; ozvat se v září', 'Zákazníci'],
  ['', 'Eliška', '', 'Kůrková', '', 'Kůrka s.r.o.', 'Nákup', 'nákupčí', 'Jiráskova 44', 'Hradec Králové', '500 02', 'Česká republika', '',
    '', 'eliska@kurka.cz', '', ''],
];

// ---- Google Contacts: UTF-8, ',', today's columns -------------------------------------------------
export const GOOGLE_ROWS = [
  ['First Name', 'Middle Name', 'Last Name', 'Phonetic First Name', 'Phonetic Middle Name', 'Phonetic Last Name', 'Name Prefix', 'Name Suffix',
    'Nickname', 'File As', 'Organization Name', 'Organization Title', 'Organization Department', 'Birthday', 'Notes', 'Photo', 'Labels',
    'E-mail 1 - Label', 'E-mail 1 - Value', 'Phone 1 - Label', 'Phone 1 - Value', 'Phone 2 - Label', 'Phone 2 - Value',
    'Address 1 - Label', 'Address 1 - Formatted', 'Address 1 - Street', 'Address 1 - City', 'Address 1 - PO Box', 'Address 1 - Region',
    'Address 1 - Postal Code', 'Address 1 - Country', 'Address 1 - Extended Address'],
  ['Petr', '', 'Černý', '', '', '', 'Ing.', '', '', '', 'Černý Stavby s.r.o.', 'stavbyvedoucí', '', '1975-04-12', '', '', 'Dodavatelé ::: * myContacts',
    '* Work', 'petr@cernystavby.cz', 'Mobile', '+420 731 000 111', 'Work', '+420 235 000 111',
    'Work', 'Na Příkopě 1\nPraha 1 110 00\nCZ', 'Na Příkopě 1', 'Praha 1', '', '', '110 00', 'CZ', ''],
  ['Анна', '', 'Смирнова', '', '', '', '', '', '', '', 'ООО «Вектор»', 'бухгалтер', '', '', '', '', '* myContacts',
    'Work', 'anna@vektor.ru', '', '', '', '', '', '', '', '', '', '', '', '', ''],
];

// ---- Google Contacts' older "Google CSV": UTF-16 LE with a BOM, ',' ----------------------------------
export const GOOGLE_LEGACY_ROWS = [
  ['Name', 'Given Name', 'Additional Name', 'Family Name', 'Name Prefix', 'Name Suffix', 'Group Membership',
    'E-mail 1 - Type', 'E-mail 1 - Value', 'Phone 1 - Type', 'Phone 1 - Value', 'Organization 1 - Type', 'Organization 1 - Name', 'Organization 1 - Title'],
  ['Zsófia Tóth', 'Zsófia', '', 'Tóth', '', '', '* My Contacts', '* Work', 'zsofia@toth.hu', 'Mobile', '+36 30 123 4567', '', 'Tóth és Fia Kft.', 'ügyvezető'],
  ['Дмитрий Орлов', 'Дмитрий', '', 'Орлов', '', '', '* My Contacts ::: Поставщики', '* Work', 'orlov@sever.ru', '', '', '', 'ЗАО «Север»', ''],
];

/** The text samples by file name (the workbook is written apart: exceljs stamps it with the time). */
export function textSamples(): Record<string, Uint8Array> {
  const crlf = (rows: string[][], d: string, line = excelLine) => rows.map((r) => line(r, d)).join('\r\n') + '\r\n';
  const utf8 = (s: string) => Buffer.from(s, 'utf8');
  return {
    'excel-cz-1250.csv': iconv.encode(crlf(CZECH_ROWS, ';'), 'win1250'),
    'hungarian-8859-2.csv': iconv.encode(crlf(HUNGARIAN_ROWS, ';'), 'iso-8859-2'),
    'russian-1251.csv': iconv.encode(crlf(RUSSIAN_ROWS, ';'), 'win1251'),
    'russian-koi8r.csv': iconv.encode(crlf(RUSSIAN_ROWS, ';'), 'koi8-r'),
    'outlook-en.csv': utf8(crlf(OUTLOOK_EN_ROWS, ',', outlookLine)),
    'outlook-cs-1250.csv': iconv.encode(crlf(OUTLOOK_CS_ROWS, ';', outlookLine), 'win1250'),
    // Google writes LF line ends and no BOM.
    'google.csv': utf8(GOOGLE_ROWS.map((r) => excelLine(r, ',')).join('\n') + '\n'),
    'google-legacy-utf16.csv': iconv.encode(`\uFEFF${crlf(GOOGLE_LEGACY_ROWS, ',')}`, 'utf-16le'),
    'contacts-3.0.vcf': utf8(VCARD_30),
    'outlook-2.1.vcf': utf8(VCARD_21),
    'contacts-4.0.vcf': utf8(VCARD_40),
  };
}

// vCard 3.0 as Apple/Google write it: folded lines, grouped properties, a PHOTO.
const photo = Buffer.alloc(300, 7).toString('base64');
const fold = (line: string) => line.match(/.{1,74}/g)!.join('\r\n ');
export const VCARD_30 = [
  'BEGIN:VCARD', 'VERSION:3.0', 'PRODID:-//Apple Inc.//macOS 14.0//EN',
  'N:Procházková;Kateřina;;Ing.;', 'FN:Ing. Kateřina Procházková',
  'ORG:Procházka & Partneři\\, s.r.o.;Obchod', 'TITLE:obchodní ředitelka',
  'item1.EMAIL;type=INTERNET;type=pref:katerina@prochazka.cz', 'item1.X-ABLabel:_$!<Other>!$_',
  'EMAIL;TYPE=INTERNET,WORK:obchod@prochazka.cz',
  'EMAIL;TYPE=INTERNET,WORK:info@prochazka.cz',
  'TEL;TYPE=CELL,VOICE:+420 777 123 456', 'TEL;TYPE=WORK,VOICE:+420 222 111 000',
  fold('ADR;TYPE=WORK:;;Karlovo náměstí 7;Praha 2;;120 00;Česká republika'),
  fold('NOTE:Dlouhá poznámka\\, která se nevejde na jeden řádek a musí být zalomená podle RFC 2426\\; pokračuje mezerou.\\nDruhý řádek.'),
  'CATEGORIES:VIP,Praha\\, centrum',
  fold(`PHOTO;ENCODING=b;TYPE=JPEG:${photo}`),
  'END:VCARD',
  'BEGIN:VCARD', 'VERSION:3.0', 'N:Horváth;Zoltán;;;', 'FN:Horváth Zoltán', 'ORG:Tisza Trade Kft.',
  'TEL;TYPE=WORK:+36 1 234 5678', 'END:VCARD',
  'BEGIN:VCARD', 'VERSION:3.0', 'ORG:Bez jména s.r.o.', 'EMAIL:info@bezjmena.cz', 'END:VCARD',
].join('\r\n') + '\r\n';

// vCard 2.1 as Outlook writes it: quoted-printable in the named charset, '=' soft line breaks.
const qp = (s: string, charset: string) => [...iconv.encode(s, charset)].map((b) => (b >= 33 && b <= 126 && b !== 61 ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
/** Soft line breaks every ~60 characters, never inside an =XX. */
function qpSoft(s: string): string {
  const lines: string[] = [];
  let line = '';
  for (const token of s.match(/=[0-9A-F]{2}|[^=]/g)!) {
    if (line.length + token.length > 60) { lines.push(line); line = ''; }
    line += token;
  }
  return [...lines, line].join('=\r\n');
}
export const VCARD_21 = [
  'BEGIN:VCARD', 'VERSION:2.1',
  `N;CHARSET=windows-1250;ENCODING=QUOTED-PRINTABLE:${qp('Růžička;Přemysl', 'win1250')}`,
  `FN;CHARSET=windows-1250;ENCODING=QUOTED-PRINTABLE:${qp('Přemysl Růžička', 'win1250')}`,
  `ORG;CHARSET=utf-8;ENCODING=QUOTED-PRINTABLE:${qp('Růžička – zahradnictví', 'utf8')};`,
  `TITLE;CHARSET=utf-8;QUOTED-PRINTABLE:${qp('majitel', 'utf8')}`,
  'TEL;WORK;VOICE:+420 465 123 456', 'TEL;CELL;VOICE:+420 608 765 432',
  `ADR;WORK;CHARSET=utf-8;ENCODING=QUOTED-PRINTABLE:${qpSoft(qp(';;Třebovská 1234/56;Česká Třebová;;560 02;Česká republika', 'utf8'))}`,
  `NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=utf-8:${qpSoft(qp('Objednává sazenice každé jaro.\r\nPlatí včas.', 'utf8'))}`,
  'EMAIL;PREF;INTERNET:premysl@ruzicka.cz',
  'X-MS-OL-DEFAULT-POSTAL-ADDRESS:2',
  'PHOTO;TYPE=JPEG;ENCODING=BASE64:', ` ${photo.slice(0, 70)}`, ` ${photo.slice(70, 140)}`, '',
  'END:VCARD',
].join('\r\n') + '\r\n';

// vCard 4.0: lower-case quoted TYPE lists, PREF, tel: URIs, KIND:org.
export const VCARD_40 = [
  'BEGIN:VCARD', 'VERSION:4.0', 'KIND:individual', 'FN:Ольга Николаевна Кузнецова', 'N:Кузнецова;Ольга;Николаевна;;',
  'ORG:ООО «Берёзка»', 'TITLE:директор', 'EMAIL;TYPE=work;PREF=1:olga@berezka.ru',
  'TEL;VALUE=uri;TYPE="work,voice";PREF=1:tel:+7-812-555-1234', 'TEL;VALUE=uri;TYPE="cell":tel:+7-921-000-0000',
  'ADR;TYPE=work;LABEL="Санкт-Петербург":;;Садовая ул.\\, 5;Санкт-Петербург;;190000;Россия',
  'GENDER:F',
  'END:VCARD',
  'BEGIN:VCARD', 'VERSION:4.0', 'KIND:org', 'FN:Берёзка', 'ORG:ООО «Берёзка»', 'URL:https://berezka.ru', 'END:VCARD',
].join('\r\n') + '\r\n';

/** The workbook: dates, numbers, rich text, a formula, a hyperlink, an empty row. */
export async function makeWorkbook(): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Firmy');
  ws.addRow(['Název firmy', 'IČO', 'Založeno', 'Obrat', 'Sleva', 'Poznámka', 'Web']);
  ws.addRow(['Šťastný & syn s.r.o.', 25596641, new Date(Date.UTC(2019, 2, 15)), 1234567.5, 0.1 + 0.2,
    { richText: [{ text: 'Dobrý ', font: { bold: true } }, { text: 'zákazník' }] }, { text: 'stastny.cz', hyperlink: 'https://stastny.cz' }]);
  ws.addRow([]);
  ws.addRow(['Žluťoučký kůň, a.s.', '00012345', new Date(Date.UTC(2001, 11, 31, 14, 30)), { formula: 'D2*2', result: 2469135 }, 1e21, 'řádek 1\nřádek 2', null]);
  const people = wb.addWorksheet('Lidé');
  people.addRow(['Jméno', 'Příjmení']);
  people.addRow(['Věra', 'Nová']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  for (const [name, bytes] of Object.entries(textSamples())) write(name, bytes);
  write('workbook.xlsx', await makeWorkbook());
}
