import { describe, expect, it } from 'vitest';
import { formatPostalBlock, postalName } from './postal.ts';

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

  it('writes Russian mail as street, city, then the index', () => {
    const ru = formatPostalBlock({
      person: { titleBefore: '', firstName: 'Иван', lastName: 'Петров', titleAfter: '' }, firmName: 'ООО «Ромашка»',
      address: addr('RU', { street: 'ул. Тверская', number: 'д. 7', city: 'Москва', postalCode: '125009' }), locale: 'ru',
    });
    expect(ru).toBe('Иван Петров\nООО «Ромашка»\nул. Тверская, д. 7\nМосква\n125009');
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

describe('postalName', () => {
  it('joins titles and names like the card does, optionally family name first', () => {
    expect(postalName(jana)).toBe('Ing. Jana Nováková, Ph.D.');
    expect(postalName(jana, true)).toBe('Ing. Nováková Jana, Ph.D.');
  });
});
