// The address block of a letter, laid out as the post of the destination country expects it:
// the order of the lines and of the postal code and the city differ, and the country line is
// added only for mail abroad (in the sender's language, in capitals, as the UPU recommends).
import type { Address, Locale, Person } from './types.ts';

export type PostalPerson = Pick<Person, 'titleBefore' | 'firstName' | 'lastName' | 'titleAfter'> & Partial<Pick<Person, 'patronymic'>>;
export type PostalAddress = Pick<Address, 'street' | 'number' | 'city' | 'postalCode' | 'country'>;

export interface PostalInput {
  /** The addressee; none to address the firm itself. */
  person?: PostalPerson | null;
  /** The name line as the letter prints it (shared/salutation.ts personAddressee: stored or
   * suggested, e.g. the Russian dative); when given it replaces the line computed from `person`. */
  addressee?: string;
  firmName?: string | null;
  address: PostalAddress;
  /** The sender's language: the country line is written in it. */
  locale: Locale;
  /** Where the sender posts from; letters to it carry no country line. Defaults by language
   * (hu → HU, ru → RU, otherwise CZ: the office this application was made for). */
  homeCountry?: string;
}

const HOME_BY_LOCALE: Record<Locale, string> = { cs: 'CZ', en: 'CZ', hu: 'HU', ru: 'RU' };

/** Countries whose post writes a person family name first in their own language: Hungary, and
 * Russia and its neighbours ("фамилия, имя, отчество", the Russian postal rules). */
const FAMILY_FIRST: Record<string, Locale> = { HU: 'hu', RU: 'ru', BY: 'ru', KZ: 'ru' };

/** Countries where the house number comes before the street ("10 Downing Street"). */
const NUMBER_FIRST = new Set(['GB', 'IE', 'US', 'CA', 'AU', 'NZ', 'FR', 'BE', 'LU']);

const clean = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

/** "Ing. Jana Nováková, Ph.D."; with `familyFirst` (Hungarian and Russian order) "Dr. Kovács
 * János", "Петров Алексей Петрович". The patronymic follows the given name either way. */
export function postalName(p: PostalPerson, familyFirst = false): string {
  const names = familyFirst ? [p.lastName, p.firstName, p.patronymic ?? ''] : [p.firstName, p.patronymic ?? '', p.lastName];
  const core = [p.titleBefore, ...names].map(clean).filter(Boolean).join(' ');
  const after = clean(p.titleAfter);
  return after ? `${core}, ${after}` : core;
}

/** Polish postal codes are written "00-950". */
function plPostal(code: string): string {
  const digits = code.replace(/[\s-]+/g, '');
  return /^\d{5}$/.test(digits) ? `${digits.slice(0, 2)}-${digits.slice(2)}` : clean(code);
}

/** Czech and Slovak postal codes are written "110 00". */
function czPostal(code: string): string {
  const digits = code.replace(/\s+/g, '');
  return /^\d{5}$/.test(digits) ? `${digits.slice(0, 3)} ${digits.slice(3)}` : clean(code);
}

function countryName(code: string, locale: Locale): string {
  try {
    const name = new Intl.DisplayNames([locale], { type: 'region' }).of(code);
    if (name && name !== code) return name.toLocaleUpperCase(locale);
  } catch { /* an unknown code: print it as it is */ }
  return code;
}

// Cyrillic in Latin letters by ICAO Doc 9303 (the passports' table, which foreign post offices
// and sorting machines read): Russian, Belarusian and Ukrainian letters.
const ICAO: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'i', к: 'k', л: 'l', м: 'm', н: 'n',
  о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: 'ie', ы: 'y',
  ь: '', э: 'e', ю: 'iu', я: 'ia', і: 'i', ї: 'i', є: 'ie', ґ: 'g', ў: 'u',
};
const CYRILLIC = /\p{Script=Cyrillic}/u;

/** "Нижний Новгород" → "NIZHNII NOVGOROD". */
export function latinCapitals(s: string): string {
  return [...s.toLocaleLowerCase('ru')].map((ch) => ICAO[ch] ?? ch).join('').toUpperCase();
}

/** The address block, one line per line of the envelope; empty parts leave no empty lines. */
export function formatPostalBlock({ person, addressee, firmName, address, locale, homeCountry }: PostalInput): string {
  const country = clean(address.country).toUpperCase() || 'CZ';
  const home = (homeCountry ?? HOME_BY_LOCALE[locale]).toUpperCase();
  const street = clean(address.street);
  const number = clean(address.number);
  const city = clean(address.city);
  const postal = clean(address.postalCode);
  // Hungarians and Russians write their own names family name first; we do so on their mail
  // written in their language, where both sides expect it.
  const name = clean(addressee) || (person ? postalName(person, FAMILY_FIRST[country] === locale) : '');
  const firm = clean(firmName);

  let lines: string[];
  switch (country) {
    case 'CZ':
    case 'SK':
      lines = [name, firm, [street, number].filter(Boolean).join(' '), [czPostal(postal), city].filter(Boolean).join(' ')];
      break;
    case 'HU':
      // Budapest / Fő utca 12. / 1052: the city above the street, the postal code last.
      lines = [name, firm, city, [street, number].filter(Boolean).join(' '), postal];
      break;
    case 'RU':
    case 'BY':
    case 'UA':
    case 'KZ':
      // Street and house, then the city, then the index on its own line. Sent from abroad, the
      // town is in Latin letters as well: the sending post and its machines read the Latin.
      lines = [name, firm, [street, number].filter(Boolean).join(', '),
        country !== home && CYRILLIC.test(city) ? `${city} (${latinCapitals(city)})` : city, postal];
      break;
    case 'GB':
    case 'IE':
      lines = [name, firm, [number, street].filter(Boolean).join(' '), city.toLocaleUpperCase('en'), postal.toUpperCase()];
      break;
    case 'US':
    case 'CA':
    case 'AU':
      lines = [name, firm, [number, street].filter(Boolean).join(' '), [city, postal].filter(Boolean).join(' ')];
      break;
    case 'PL':
      // "ul. Marszałkowska 1" / "00-950 Warszawa".
      lines = [name, firm, [street, number].filter(Boolean).join(' '), [plPostal(postal), city].filter(Boolean).join(' ')];
      break;
    default:
      // DE, AT, CH, FR, IT, …: "PLZ Ort" after the street.
      lines = [
        name, firm,
        (NUMBER_FIRST.has(country) ? [number, street] : [street, number]).filter(Boolean).join(' '),
        [postal, city].filter(Boolean).join(' '),
      ];
  }
  if (country !== home) {
    // The country in the letter's language — and in English capitals when that is not in Latin
    // letters ("РОССИЯ / RUSSIA"): the countries it passes through must read it too.
    const own = countryName(country, locale);
    lines.push(CYRILLIC.test(own) ? `${own} / ${countryName(country, 'en')}` : own);
  }
  return lines.filter(Boolean).join('\n');
}
