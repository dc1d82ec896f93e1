import { describe, expect, it } from 'vitest';
import { formatPostalBlock, latinCapitals, postalName } from './postal.ts';
import { personAddressee } from './salutation.ts';

const jana = { titleBefore: 'Ing.', firstName: 'Jana', lastName: 'Nováková', titleAfter: 'Ph.D.' };
const addr = (country: string, over: Partial<Record<'street' | 'number' | 'city' | 'postalCode', string>> = {}) =>
  ({ street: 'Husova', number: '3', city: 'Praha 1', postalCode: '11000', country, ...over });

describe('formatPostalBlock', () => {
  it('lays out a Czech letter: titles, firm, street and number, "110 00 Praha 1", no country at home', () => {
    expect(formatPostalBlock({ person: jana, firmName: 'Strojírny Dvořák s.r.o.', address: addr('CZ'), locale: 'cs' }))
      .toBe('Ing. Jana Nováková, Ph.D.\nStrojírny Dvořák s.r.o.\nHusova 3\n110 00 Praha 1');
  });

  it('adds the country in capitals, in the sender\'s language, for mail abroad', () => {
    const sk = formatPostalBlock({ person: jana, firmName: 'Alfa a.s.', address: addr('SK', { city: 'Bratislava', postalCode: '811 01' }), locale: 'cs' });
    expect(sk).toBe('Ing. Jana Nováková, Ph.D.\nAlfa a.s.\nHusova 3\n811 01 Bratislava\nSLOVENSKO');
    const fromHu = formatPostalBlock({ person: null, firmName: 'Alfa s.r.o.', address: addr('CZ'), locale: 'hu' });
    expect(fromHu.split('\n').at(-1)).toBe('CSEHORSZÁG');
  });

  it('puts "PLZ Ort" after the street for Germany and Austria', () => {
    const de = formatPostalBlock({ person: jana, firmName: 'Müller GmbH', address: addr('DE', { street: 'Hauptstraße', number: '5', postalCode: '80331', city: 'München' }), locale: 'en' });
    expect(de).toBe('Ing. Jana Nováková, Ph.D.\nMüller GmbH\nHauptstraße 5\n80331 München\nGERMANY');
    const at = formatPostalBlock({ address: addr('AT', { street: 'Ring', number: '1', postalCode: '1010', city: 'Wien' }), firmName: 'X', locale: 'cs' });
    expect(at).toBe('X\nRing 1\n1010 Wien\nRAKOUSKO');
  });

  it('writes Hungarian mail with the city above the street and the postal code last, names family first in Hungarian', () => {
    const kovacs = { titleBefore: 'Dr.', firstName: 'János', lastName: 'Kovács', titleAfter: '' };
    const hu = formatPostalBlock({ person: kovacs, firmName: 'Példa Kft.', address: addr('HU', { street: 'Fő utca', number: '12.', city: 'Budapest', postalCode: '1052' }), locale: 'hu' });
    expect(hu).toBe('Dr. Kovács János\nPélda Kft.\nBudapest\nFő utca 12.\n1052');
    // The same letter written from a Czech office keeps the given name first and names the country.
    const fromCz = formatPostalBlock({ person: kovacs, firmName: 'Példa Kft.', address: addr('HU', { street: 'Fő utca', number: '12.', city: 'Budapest', postalCode: '1052' }), locale: 'cs' });
    expect(fromCz).toBe('Dr. János Kovács\nPélda Kft.\nBudapest\nFő utca 12.\n1052\nMAĎARSKO');
  });

  it('writes Russian mail as street, city, then the index; the name as the Russian post has it: фамилия, имя, отчество', () => {
    const ru = formatPostalBlock({
      person: { titleBefore: '', firstName: 'Алексей', patronymic: 'Петрович', lastName: 'Петров', titleAfter: '' }, firmName: 'ООО «Ромашка»',
      address: addr('RU', { street: 'ул. Тверская', number: 'д. 7', city: 'Москва', postalCode: '125009' }), locale: 'ru',
    });
    expect(ru).toBe('Петров Алексей Петрович\nООО «Ромашка»\nул. Тверская, д. 7\nМосква\n125009');
    // Written from a Czech office in Czech: given name first, the patronymic kept, the country named.
    const fromCz = formatPostalBlock({
      person: { titleBefore: '', firstName: 'Алексей', patronymic: 'Петрович', lastName: 'Петров', titleAfter: '' }, firmName: 'ООО «Ромашка»',
      address: addr('RU', { street: 'ул. Тверская', number: 'д. 7', city: 'Москва', postalCode: '125009' }), locale: 'cs',
    });
    expect(fromCz.split('\n')).toEqual(['Алексей Петрович Петров', 'ООО «Ромашка»', 'ул. Тверская, д. 7', 'Москва (MOSKVA)', '125009', 'RUSKO']);
  });

  it('puts the number first and the postcode on its own line for Britain', () => {
    const gb = formatPostalBlock({ firmName: 'Acme Ltd', address: addr('GB', { street: 'Downing Street', number: '10', city: 'London', postalCode: 'sw1a 2aa' }), locale: 'en' });
    expect(gb).toBe('Acme Ltd\n10 Downing Street\nLONDON\nSW1A 2AA\nUNITED KINGDOM');
  });

  it('leaves no empty lines for missing parts and tidies stray spaces', () => {
    const block = formatPostalBlock({
      person: { titleBefore: '', firstName: '  Petr ', lastName: 'Svoboda', titleAfter: ' ' }, firmName: '',
      address: { street: '', number: '', city: 'Brno', postalCode: '602 00', country: 'CZ' }, locale: 'cs',
    });
    expect(block).toBe('Petr Svoboda\n602 00 Brno');
  });

  it('honours an explicit home country', () => {
    expect(formatPostalBlock({ firmName: 'X', address: addr('CZ'), locale: 'en', homeCountry: 'SK' }).split('\n').at(-1)).toBe('CZECHIA');
    expect(formatPostalBlock({ firmName: 'X', address: addr('SK'), locale: 'en', homeCountry: 'sk' })).not.toMatch(/SLOVAKIA/);
  });
});

describe('formatPostalBlock per country (issue 6)', () => {
  const block = (country: string, over: Parameters<typeof addr>[1], locale: 'cs' | 'en' | 'hu' | 'ru' = 'cs', addressee?: string) =>
    formatPostalBlock({ person: jana, addressee, firmName: 'Firma', address: addr(country, over), locale });

  it('CZ: "Street 12", "PSČ Obec" with the PSČ as 123 45, no country at home', () => {
    expect(block('CZ', { street: 'Náměstí Míru', number: '12', postalCode: '50801', city: 'Hořice' }))
      .toBe('Ing. Jana Nováková, Ph.D.\nFirma\nNáměstí Míru 12\n508 01 Hořice');
  });
  it('SK: like CZ, the country line in the letter\'s language', () => {
    expect(block('SK', { street: 'Hlavná', number: '5', postalCode: '04001', city: 'Košice' }, 'en'))
      .toBe('Ing. Jana Nováková, Ph.D.\nFirma\nHlavná 5\n040 01 Košice\nSLOVAKIA');
  });
  it('HU: city, street and number, postal code last; at home no country line', () => {
    expect(block('HU', { street: 'Váci út', number: '3.', postalCode: '1062', city: 'Budapest' }, 'hu', 'Dr. Kovács János'))
      .toBe('Dr. Kovács János\nFirma\nBudapest\nVáci út 3.\n1062');
  });
  it('RU: street, city, index; the dative addressee of a Russian letter replaces the name line', () => {
    const ivan = { titleBefore: '', firstName: 'Иван Петрович', lastName: 'Иванов', titleAfter: '', gender: 'male' as const };
    const ru = formatPostalBlock({ person: ivan, addressee: personAddressee(ivan, { language: 'ru' }), firmName: 'ООО «Ромашка»',
      address: addr('RU', { street: 'ул. Ленина', number: 'д. 1', city: 'Казань', postalCode: '420111' }), locale: 'ru' });
    expect(ru).toBe('Иванову Ивану Петровичу\nООО «Ромашка»\nул. Ленина, д. 1\nКазань\n420111');
  });
  it('DE: "Straße 12" / "12345 Ort", country in the letter\'s language (Czech)', () => {
    expect(block('DE', { street: 'Goethestraße', number: '12', postalCode: '01067', city: 'Dresden' }))
      .toBe('Ing. Jana Nováková, Ph.D.\nFirma\nGoethestraße 12\n01067 Dresden\nNĚMECKO');
  });
  it('AT: a four-digit postal code, country in Hungarian', () => {
    expect(block('AT', { street: 'Mariahilfer Straße', number: '1', postalCode: '1060', city: 'Wien' }, 'hu'))
      .toBe('Ing. Jana Nováková, Ph.D.\nFirma\nMariahilfer Straße 1\n1060 Wien\nAUSZTRIA');
  });
  it('PL: "00-950 Warszawa", even when stored without the dash', () => {
    expect(block('PL', { street: 'ul. Marszałkowska', number: '10', postalCode: '00950', city: 'Warszawa' }, 'en'))
      .toBe('Ing. Jana Nováková, Ph.D.\nFirma\nul. Marszałkowska 10\n00-950 Warszawa\nPOLAND');
    expect(block('PL', { street: 'ul. Długa', number: '1', postalCode: '80-831', city: 'Gdańsk' })).toMatch(/\n80-831 Gdańsk\nPOLSKO$/);
  });
  it('GB / EN: number first, town in capitals, postcode on its own line; US city and ZIP on one line', () => {
    expect(block('GB', { street: 'High Street', number: '22', postalCode: 'ox1 4ar', city: 'Oxford' }, 'en', 'Ms Jana Nováková'))
      .toBe('Ms Jana Nováková\nFirma\n22 High Street\nOXFORD\nOX1 4AR\nUNITED KINGDOM');
    expect(block('US', { street: 'Main St', number: '100', postalCode: '10001', city: 'New York, NY' }, 'en'))
      .toBe('Ing. Jana Nováková, Ph.D.\nFirma\n100 Main St\nNew York, NY 10001\nUNITED STATES');
  });
  it('a blank addressee falls back to the computed name line', () => {
    expect(block('CZ', {}, 'cs', '  ').split('\n')[0]).toBe('Ing. Jana Nováková, Ph.D.');
  });
});

describe('postalName', () => {
  it('joins titles and names like the card does, optionally family name first', () => {
    expect(postalName(jana)).toBe('Ing. Jana Nováková, Ph.D.');
    expect(postalName(jana, true)).toBe('Ing. Nováková Jana, Ph.D.');
    const alexej = { titleBefore: '', firstName: 'Алексей', patronymic: 'Петрович', lastName: 'Лебедев', titleAfter: '' };
    expect(postalName(alexej)).toBe('Алексей Петрович Лебедев');
    expect(postalName(alexej, true)).toBe('Лебедев Алексей Петрович');
  });
});

describe('Cyrillic addresses sent abroad', () => {
  it('carry the town and the country in Latin letters as well (ICAO transliteration)', () => {
    expect(latinCapitals('Нижний Новгород')).toBe('NIZHNII NOVGOROD');
    expect(latinCapitals('Щёлково')).toBe('SHCHELKOVO');
    expect(latinCapitals('Ярославль')).toBe('IAROSLAVL');
    const block = (locale: 'ru' | 'cs' | 'hu', homeCountry?: string) => formatPostalBlock({
      person: null, firmName: 'ООО «Ромашка»', locale, homeCountry,
      address: { street: 'ул. Тверская', number: 'д. 7', city: 'Санкт-Петербург', postalCode: '190000', country: 'RU' },
    }).split('\n');
    // A Russian letter from the Czech office: the country in Russian and in English capitals.
    expect(block('ru', 'CZ')).toEqual(['ООО «Ромашка»', 'ул. Тверская, д. 7', 'Санкт-Петербург (SANKT-PETERBURG)', '190000', 'РОССИЯ / RUSSIA']);
    expect(block('hu', 'HU').slice(-2)).toEqual(['190000', 'OROSZORSZÁG']);
    // At home nothing is added.
    expect(block('ru', 'RU')).toEqual(['ООО «Ромашка»', 'ул. Тверская, д. 7', 'Санкт-Петербург', '190000']);
  });
});
