// Every file our export presets write, in every export language, maps back: each column to the
// target it came from (or to nothing, for columns the import cannot take back: address lines,
// salutations, counts). The files are written by the real writers and read by readSource.
import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { writeExport, type Cell, type ColumnSpec } from '../../mailing/formats/index.ts';
import { COLUMN_HEADERS } from '../../mailing/headers.ts';
import { EXPORT_COLUMNS, EXPORT_FORMATS, LOCALES, type ExportFormat, type Locale } from '../../../../shared/types.ts';
import type { ImportKind, ImportMapping } from '../../../../shared/import-targets.ts';
import { readSource, suggestMapping } from './index.ts';

type Key = (typeof EXPORT_COLUMNS)[number];

/** Where each export column belongs in a people import (firms: see FIRMS_DIFF). */
const PEOPLE: Record<Key, string | null> = {
  firmName: 'firm.name', ico: 'firm.ico', dic: 'firm.dic', vatId: 'firm.vatId', companyIds: null, kinds: null, owner: null,
  segments: 'tags', website: 'firm.website', firmEmail: 'firm.email', firmPhone: 'firm.phone',
  street: 'address.street', city: 'address.city', postalCode: 'address.postalCode', country: 'address.country',
  address1: null, address2: null, address3: null,
  titleBefore: 'person.titleBefore', firstName: 'person.firstName', patronymic: 'person.patronymic', lastName: 'person.lastName',
  titleAfter: 'person.titleAfter', jobTitle: 'person.jobTitle', role: 'person.role',
  email: 'person.email', phone: 'person.phone',
  salutation: null, addressee: null, lastContactAt: null, openOpportunities: null, revenue12m: null, createdAt: null,
};
/** A firms import: a firm row's "E-mail"/"Phone" is the firm's own, already taken by the firm
 * columns before them. */
const FIRMS: Record<Key, string | null> = { ...PEOPLE, email: null, phone: null };

const FIELD = { id: 'f_cust_no', name: 'Číslo zákazníka' };
const COLUMNS: ColumnSpec[] = [
  ...EXPORT_COLUMNS.map((key, i): ColumnSpec => ({ key, header: `h${i}`, type: 'text' })),
  { key: `field:${FIELD.id}`, header: FIELD.name, type: 'text' },
];

function rowFor(kind: ImportKind): Cell[] {
  const person = kind !== 'firms';
  return COLUMNS.map((c) => {
    const personal = ['titleBefore', 'firstName', 'patronymic', 'lastName', 'titleAfter', 'jobTitle', 'role', 'salutation'].includes(c.key);
    if (personal && !person) return null;
    if (c.key === 'email') return person ? 'jana@firma.cz' : 'info@firma.cz';
    if (c.key === 'firmEmail') return 'info@firma.cz';
    if (c.key === 'phone') return person ? '+420 777 000 111' : '+420 222 000 111';
    if (c.key === 'firmPhone') return '+420 222 000 111';
    if (c.key === 'website') return 'www.firma.cz';
    return `${c.key} value`;
  });
}

async function exported(format: ExportFormat, locale: Locale, mergeNames: boolean, kind: ImportKind): Promise<Uint8Array> {
  const columns = COLUMNS.map((c) => (c.key.startsWith('field:') ? c : { ...c, header: COLUMN_HEADERS[locale][c.key as Key] }));
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const { extension } = await writeExport({ format, columns, rows: [rowFor(kind)], mergeNames, locale }, out);
  await new Promise((resolve) => setImmediate(resolve));
  expect(extension).toBeTruthy();
  return Buffer.concat(chunks);
}

const OUTLOOK_PEOPLE: Record<string, string | null> = {
  'Title': 'person.titleBefore', 'First Name': 'person.firstName', 'Last Name': 'person.lastName', 'Suffix': 'person.titleAfter',
  'Company': 'firm.name', 'Job Title': 'person.jobTitle', 'Business Street': 'address.street', 'Business City': 'address.city',
  'Business Postal Code': 'address.postalCode', 'Business Country/Region': 'address.country', 'Business Phone': 'person.phone',
  'Company Main Phone': 'firm.phone', 'E-mail Address': 'person.email', 'E-mail 2 Address': 'firm.email', 'Web Page': 'firm.website',
};
const OUTLOOK_FIRMS = { ...OUTLOOK_PEOPLE, 'Business Phone': 'firm.phone', 'Company Main Phone': null, 'E-mail Address': 'firm.email', 'E-mail 2 Address': null };
const GOOGLE_PEOPLE: Record<string, string | null> = {
  'First Name': 'person.firstName', 'Middle Name': null, 'Last Name': 'person.lastName', 'Name Prefix': 'person.titleBefore',
  'Name Suffix': 'person.titleAfter', 'Organization Name': 'firm.name', 'Organization Title': 'person.jobTitle',
  'E-mail 1 - Label': null, 'E-mail 1 - Value': 'person.email', 'E-mail 2 - Label': null, 'E-mail 2 - Value': 'firm.email',
  'Phone 1 - Label': null, 'Phone 1 - Value': 'person.phone', 'Phone 2 - Label': null, 'Phone 2 - Value': 'firm.phone',
  'Address 1 - Label': null, 'Address 1 - Street': 'address.street', 'Address 1 - City': 'address.city',
  'Address 1 - Postal Code': 'address.postalCode', 'Address 1 - Country': 'address.country', 'Website 1 - Label': null, 'Website 1 - Value': 'firm.website',
};
const GOOGLE_FIRMS = { ...GOOGLE_PEOPLE, 'E-mail 1 - Value': 'firm.email', 'E-mail 2 - Value': null, 'Phone 1 - Value': 'firm.phone', 'Phone 2 - Value': null };
const VCARD_PEOPLE: Record<string, string | null> = {
  'FN': null, 'N.family': 'person.lastName', 'N.given': 'person.firstName', 'N.prefix': 'person.titleBefore', 'N.suffix': 'person.titleAfter',
  'ORG': 'firm.name', 'TITLE': 'person.jobTitle', 'EMAIL;WORK': 'person.email', 'EMAIL;WORK 2': 'firm.email',
  'TEL;WORK': 'person.phone', 'TEL;WORK 2': 'firm.phone', 'ADR.street': 'address.street', 'ADR.city': 'address.city',
  'ADR.postalCode': 'address.postalCode', 'ADR.country': 'address.country', 'URL': 'firm.website',
};
const VCARD_FIRMS: Record<string, string | null> = {
  'FN': null, 'ORG': 'firm.name', 'EMAIL;WORK': 'firm.email', 'TEL;WORK': 'firm.phone', 'ADR.street': 'address.street',
  'ADR.city': 'address.city', 'ADR.postalCode': 'address.postalCode', 'ADR.country': 'address.country', 'URL': 'firm.website', 'KIND': null,
};

function byHeader(headers: string[], mapping: ImportMapping): Record<string, string | null> {
  return Object.fromEntries(headers.map((h, i) => [h, mapping[i] ?? null]));
}

describe('suggestMapping maps our own export presets back', () => {
  for (const format of EXPORT_FORMATS) {
    for (const locale of LOCALES) {
      for (const kind of ['people', 'firms'] as const) {
        const mergeOptions = ['excel-cz', 'excel-utf8', 'csv', 'xlsx'].includes(format) ? [false, true] : [false];
        for (const mergeNames of mergeOptions) {
          it(`${format} ${locale} ${kind}${mergeNames ? ' (Word-safe headers)' : ''}`, async () => {
            const bytes = await exported(format, locale, mergeNames, kind);
            const table = await readSource(bytes, `export.${format.startsWith('vcard') ? 'vcf' : format === 'xlsx' ? 'xlsx' : 'csv'}`);
            const mapping = suggestMapping(table, kind, [FIELD]);
            const got = byHeader(table.headers, mapping);
            if (format === 'outlook' || format === 'google') {
              expect(table.flavor).toBe(format);
              const want = format === 'outlook' ? (kind === 'people' ? OUTLOOK_PEOPLE : OUTLOOK_FIRMS) : (kind === 'people' ? GOOGLE_PEOPLE : GOOGLE_FIRMS);
              expect(got).toEqual(want);
            } else if (format === 'vcard3' || format === 'vcard4') {
              const want = kind === 'people' ? VCARD_PEOPLE : VCARD_FIRMS;
              // 3.0 has no KIND; a firm's 4.0 card says KIND:org.
              const expected = Object.fromEntries(Object.entries(want).filter(([h]) => h !== 'KIND' || format === 'vcard4'));
              expect(got).toEqual(expected);
            } else {
              expect(table.flavor).toBe('kartoteka');
              const want = kind === 'people' ? PEOPLE : FIRMS;
              expect(table.headers).toHaveLength(COLUMNS.length);
              const expected = [...COLUMNS.map((c) => (c.key.startsWith('field:') ? `field:${FIELD.id}` : want[c.key as Key]))];
              expect(table.headers.map((_, i) => mapping[i] ?? null), table.headers.join(' | ')).toEqual(expected);
            }
          });
        }
      }
    }
  }
});

const map = (headers: string[], kind: ImportKind, flavor: 'generic' | 'outlook' | 'google' | 'kartoteka' = 'generic', fields: { id: string; name: string }[] = []) =>
  byHeader(headers, suggestMapping({ headers, flavor }, kind, fields));

describe('suggestMapping by names in four languages', () => {
  it('knows each name on its own, with or without diacritics', () => {
    const ALONE: [string, ImportKind, string][] = [
      ['Křestní jméno', 'people', 'person.firstName'], ['First name', 'people', 'person.firstName'], ['Keresztnév', 'people', 'person.firstName'],
      ['Utónév', 'people', 'person.firstName'], ['Фамилия', 'people', 'person.lastName'], ['Отчество', 'people', 'person.patronymic'],
      ['IČO', 'firms', 'firm.ico'], ['ICO', 'firms', 'firm.ico'], ['IČ', 'firms', 'firm.ico'], ['Adószám', 'firms', 'firm.ico'], ['ИНН', 'firms', 'firm.ico'],
      ['DIČ', 'firms', 'firm.dic'], ['ОГРН', 'firms', 'firm.dic'], ['Ulice', 'firms', 'address.street'], ['Utca', 'firms', 'address.street'],
      ['Улица', 'firms', 'address.street'], ['PSČ', 'firms', 'address.postalCode'], ['PSC', 'firms', 'address.postalCode'],
      ['Irányítószám', 'firms', 'address.postalCode'], ['Iranyitoszam', 'firms', 'address.postalCode'], ['Индекс', 'firms', 'address.postalCode'],
      ['E-mail', 'people', 'person.email'], ['Telefon', 'people', 'person.phone'], ['Mobil', 'people', 'person.mobile'],
      ['Мобильный', 'people', 'person.mobile'], ['Štítky', 'firms', 'tags'], ['Stitky', 'firms', 'tags'], ['Címkék', 'firms', 'tags'], ['Теги', 'firms', 'tags'],
      ['Město', 'firms', 'address.city'], ['Település', 'firms', 'address.city'], ['Город', 'firms', 'address.city'],
      ['Funkce', 'people', 'person.jobTitle'], ['Beosztás', 'people', 'person.jobTitle'], ['Должность', 'people', 'person.jobTitle'],
      ['ФИО', 'people', 'person.fullName'], ['Web', 'firms', 'firm.website'], ['Сайт', 'firms', 'firm.website'],
      ['Telefon (práce)', 'people', 'person.phone'], ['PSČ sídla', 'firms', 'address.postalCode'], ['Mobilní tel.', 'people', 'person.mobile'],
    ];
    for (const [header, kind, target] of ALONE) expect(map([header], kind)[header], header).toBe(target);
  });

  it('knows people columns with and without diacritics, in any case and punctuation', () => {
    expect(map(['Křestní jméno', 'PRIJMENI', 'Jméno po otci', 'e-mail:', 'Telefon', 'Mobil'], 'people')).toEqual({
      'Křestní jméno': 'person.firstName', 'PRIJMENI': 'person.lastName', 'Jméno po otci': 'person.patronymic',
      'e-mail:': 'person.email', 'Telefon': 'person.phone', 'Mobil': 'person.mobile',
    });
    expect(map(['Keresztnév', 'Vezetéknév', 'Utónév'], 'people')).toEqual({ 'Keresztnév': 'person.firstName', 'Vezetéknév': 'person.lastName', 'Utónév': null });
    expect(map(['Имя', 'Фамилия', 'Отчество', 'Мобильный', 'ИНН', 'Улица', 'Индекс', 'Теги'], 'people')).toEqual({
      'Имя': 'person.firstName', 'Фамилия': 'person.lastName', 'Отчество': 'person.patronymic', 'Мобильный': 'person.mobile',
      'ИНН': 'firm.ico', 'Улица': 'address.street', 'Индекс': 'address.postalCode', 'Теги': 'tags',
    });
  });

  it('knows firm and address columns', () => {
    expect(map(['IČO', 'IČ', 'Adószám', 'Ulice', 'Utca', 'PSČ', 'Irányítószám', 'Štítky', 'Címkék'], 'firms')).toEqual({
      'IČO': 'firm.ico', 'IČ': null, 'Adószám': null, 'Ulice': 'address.street', 'Utca': null, 'PSČ': 'address.postalCode',
      'Irányítószám': null, 'Štítky': 'tags', 'Címkék': 'tags', // tags take several columns
    });
    expect(map(['IC', 'psc', 'E-mail', 'Telefon'], 'firms')).toEqual({ 'IC': 'firm.ico', 'psc': 'address.postalCode', 'E-mail': 'firm.email', 'Telefon': 'firm.phone' });
  });

  it('reads a "Name" column by the kind and the other columns', () => {
    // Firms, nothing else naming a firm or a person: the firm's name.
    expect(map(['Jméno', 'IČO', 'Ulice'], 'firms')['Jméno']).toBe('firm.name');
    expect(map(['Name', 'City'], 'firms')['Name']).toBe('firm.name');
    // Beside a surname: the first name, whatever the kind.
    expect(map(['Jméno', 'Příjmení', 'Firma'], 'people')['Jméno']).toBe('person.firstName');
    expect(map(['Jméno', 'Příjmení', 'IČO'], 'firms')['Jméno']).toBe('person.firstName');
    expect(map(['Имя', 'Фамилия'], 'people')['Имя']).toBe('person.firstName');
    // People without a surname column: the whole name, split by the pipeline.
    expect(map(['Név', 'Cég', 'Telefon'], 'people')['Név']).toBe('person.fullName');
    // A firms file that names its firm elsewhere: "Name" is the contact person.
    expect(map(['Firma', 'Jméno'], 'firms')['Jméno']).toBe('person.fullName');
  });

  it('never maps two columns to one single-valued target: the first wins', () => {
    const m = map(['E-mail', 'Email', 'E-mail 2', 'Telefon', 'Tel.'], 'people');
    expect(m).toEqual({ 'E-mail': 'person.email', 'Email': null, 'E-mail 2': null, 'Telefon': 'person.phone', 'Tel.': null });
  });

  it('prefers an exact name to a word inside another column’s name', () => {
    // "E-mail (soukromý)" would be an e-mail by its words; the plain "E-mail" after it wins.
    expect(map(['E-mail (soukromý)', 'E-mail'], 'people')).toEqual({ 'E-mail (soukromý)': null, 'E-mail': 'person.email' });
  });

  it('maps user fields by their names, before any built-in meaning', () => {
    const m = map(['Firma', 'Obor', 'Číslo zákazníka'], 'firms', 'generic', [{ id: 'ind', name: 'obor' }, { id: 'cno', name: 'Číslo Zákazníka' }]);
    expect(m).toEqual({ 'Firma': 'firm.name', 'Obor': 'field:ind', 'Číslo zákazníka': 'field:cno' });
  });

  it('maps contact columns only in a contacts import', () => {
    const headers = ['Firma', 'Datum', 'Typ', 'Předmět', 'Výsledek', 'Poznámka'];
    expect(map(headers, 'contacts')).toEqual({
      'Firma': 'firm.name', 'Datum': 'contact.date', 'Typ': 'contact.kind', 'Předmět': 'contact.summary', 'Výsledek': 'contact.result', 'Poznámka': 'contact.note',
    });
    expect(map(headers, 'firms')).toEqual({ 'Firma': 'firm.name', 'Datum': null, 'Typ': null, 'Předmět': null, 'Výsledek': null, 'Poznámka': 'firm.note' });
  });

  it('reads Outlook\'s "Title" as the title before the name, and Czech Outlook\'s "Oslovení"', () => {
    expect(map(['Oslovení', 'Jméno', 'Příjmení', 'Společnost', 'E-mailová adresa'], 'people', 'outlook')).toEqual({
      'Oslovení': 'person.titleBefore', 'Jméno': 'person.firstName', 'Příjmení': 'person.lastName', 'Společnost': 'firm.name', 'E-mailová adresa': 'person.email',
    });
    // Elsewhere "Oslovení" is a salutation, which the import does not take.
    expect(map(['Oslovení', 'Příjmení'], 'people')['Oslovení']).toBeNull();
  });

  it('reads Google\'s older column names (its "Name" only where no name parts are)', () => {
    expect(map(['Name', 'E-mail 1 - Value'], 'people', 'google')['Name']).toBe('person.fullName');
    expect(map(['Name', 'Given Name', 'Family Name', 'Organization 1 - Name', 'Organization 1 - Title', 'E-mail 1 - Value', 'Group Membership'], 'people', 'google')).toEqual({
      'Name': null, 'Given Name': 'person.firstName', 'Family Name': 'person.lastName', 'Organization 1 - Name': 'firm.name',
      'Organization 1 - Title': 'person.jobTitle', 'E-mail 1 - Value': 'person.email', 'Group Membership': 'tags',
    });
  });
});
