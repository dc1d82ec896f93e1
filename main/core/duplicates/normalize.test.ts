import { describe, expect, it } from 'vitest';
import {
  allowedTypos, editDistance, letterMask, nameKey, normalizeEmail, normalizeFirmName, normalizePersonName, normalizePhone,
  popcount, similarKeys, sortedTokenKey,
} from './normalize.ts';

describe('normalizeFirmName', () => {
  it.each([
    ['Novák s.r.o.', 'novak'],
    ['NOVAK, s. r. o.', 'novak'],
    ['Novák spol. s r.o.', 'novak'],
    ['Novák, spol. s r. o.', 'novak'],
    ['Novák SRO', 'novak'],
    ['Novák s.r.o', 'novak'],
    ['Stavby Dvořák a.s.', 'stavby dvorak'],
    ['Stavby Dvořák, a. s.', 'stavby dvorak'],
    ['Pekárna Hořice v.o.s.', 'pekarna horice'],
    ['Truhlářství Král k.s.', 'truhlarstvi kral'],
    ['Spolek přátel Hané z.s.', 'spolek pratel hane'],
    ['Hospic Anežky o.p.s.', 'hospic anezky'],
    ['Lesy ČR s.p.', 'lesy cr'],
    ['Zemědělské družstvo Hořice', 'zemedelske horice'],
    ['Kovács Kft.', 'kovacs'],
    ['Kovacs KFT', 'kovacs'],
    ['Pannon Trade Bt.', 'pannon trade'],
    ['Mátra Zrt.', 'matra'],
    ['OTP Bank Nyrt.', 'otp bank'],
    ['Szabó és Társa Kkt.', 'szabo es tarsa'],
    ['ООО «Ромашка»', 'ромашка'],
    ['Ромашка ООО', 'ромашка'],
    ['ЗАО "Вектор"', 'вектор'],
    ['ПАО Газпром', 'газпром'],
    ['АО «Ёлка»', 'елка'],
    ['ИП Иванов', 'иванов'],
    ['Łódź Trans Sp. z o.o.', 'lodz trans'],
    ['Kraków S.A.', 'krakow'],
    ['Müller GmbH', 'muller'],
    ['Müller GmbH & Co. KG', 'muller'],
    ['Siemens AG', 'siemens'],
    ['Acme Ltd', 'acme'],
    ['Acme, LLC', 'acme'],
    ['Acme Inc.', 'acme'],
    ['  Agro   Servis  ', 'agro servis'],
    ['Novák a syn s.r.o.', 'novak a syn'],
    ['A&B Trading', 'a b trading'],
    // Nothing left but a legal form: keep it rather than have no key at all.
    ['s.r.o.', 's r o'],
    ['', ''],
  ])('%s → %s', (input, expected) => {
    expect(normalizeFirmName(input)).toBe(expected);
  });

  it('treats the spellings of one firm as one key, and different firms as different', () => {
    const key = (s: string) => nameKey(normalizeFirmName(s));
    expect(new Set(['Novák s.r.o.', 'NOVAK, s. r. o.', 'Novák spol. s r.o.', 'novák']).size).toBe(4);
    expect(new Set(['Novák s.r.o.', 'NOVAK, s. r. o.', 'Novák spol. s r.o.', 'novák'].map(key)).size).toBe(1);
    expect(key('ООО «Ромашка»')).toBe(key('Ромашка ООО'));
    expect(key('Kovács Kft.')).toBe(key('Kovacs KFT'));
    expect(key('Agro Servis s.r.o.')).toBe(key('AGROSERVIS a.s.'));
    expect(key('Novák s.r.o.')).not.toBe(key('Nováková s.r.o.'));
    expect(key('Stavby Praha s.r.o.')).not.toBe(key('Stavby Brno s.r.o.'));
  });

  it('word order: one sorted-token key', () => {
    expect(sortedTokenKey(normalizeFirmName('Trading Dvořák s.r.o.'))).toBe(sortedTokenKey(normalizeFirmName('Dvořák Trading')));
  });
});

describe('people, e-mails, phones', () => {
  it('person names ignore order, case and diacritics', () => {
    expect(normalizePersonName('Jan', 'Novák')).toBe(normalizePersonName('JAN', 'NOVAK'));
    expect(normalizePersonName('Novák', 'Jan')).toBe(normalizePersonName('Jan', 'Novák'));
    expect(normalizePersonName('Jana', 'Nováková')).not.toBe(normalizePersonName('Jan', 'Novák'));
  });

  it('e-mails compare in lower case', () => {
    expect(normalizeEmail(' Jan.Novak@Firma.CZ ')).toBe('jan.novak@firma.cz');
  });

  it.each([
    ['+420 603 123 456', '603123456'],
    ['00420603123456', '603123456'],
    ['603 123 456', '603123456'],
    ['603-123-456', '603123456'],
    ['+421 905 123 456', '905123456'],
    ['+36 30 123 4567', '301234567'],
    ['+7 812 217-08-26', '8122170826'],
    ['(+420) 2/2481 1111', '224811111'],
    // Too short for a national number after the code: nothing is cut.
    ['+36 1 234 567', '361234567'],
    ['12', ''],
  ])('phone %s → %s', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });
});

describe('similar spelling', () => {
  it('edit distance counts an adjacent swap as one edit and stops early', () => {
    expect(editDistance('dvorak', 'dvorak', 2)).toBe(0);
    expect(editDistance('dvorak', 'dvoark', 2)).toBe(1);
    expect(editDistance('trading', 'tradng', 2)).toBe(1);
    expect(editDistance('kitten', 'sitting', 5)).toBe(3);
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
    expect(editDistance('abc', 'xyz', 1)).toBe(2);
    expect(editDistance('aa', 'aaa', 2)).toBe(1);
    expect(editDistance('ab', 'ba', 2)).toBe(1);
    expect(editDistance('xaby', 'xbay', 2)).toBe(1);
    expect(editDistance('', 'abc', 5)).toBe(3);
  });

  it('allows more typos in longer names, none in short ones', () => {
    expect([3, 4, 5, 8, 9, 20].map(allowedTypos)).toEqual([0, 0, 1, 1, 2, 2]);
  });

  it('similarKeys', () => {
    const k = (s: string) => nameKey(normalizeFirmName(s));
    expect(similarKeys(k('Dvořák Trading s.r.o.'), k('Dvorak Tradng'))).toBe(true);
    expect(similarKeys(k('Agroservis'), k('Agroservs'))).toBe(true);
    expect(similarKeys(k('Pekárna'), k('Pekarma'))).toBe(true);
    // Short names: one letter apart is a different firm.
    expect(similarKeys(k('Alfa'), k('Alba'))).toBe(false);
    // Two typos in a short name are too many.
    expect(similarKeys(k('Pekárna'), k('Pikarma'))).toBe(false);
    // Different numbers are different firms.
    expect(similarKeys(k('Stavby 2000'), k('Stavby 2001'))).toBe(false);
    expect(similarKeys(k('Stavby Praha'), k('Stavby Brno'))).toBe(false);
    expect(similarKeys(k('Novák'), k('Novák'))).toBe(false);
  });

  it('the letter mask is a lower bound of the edit distance', () => {
    const pairs = [['stavbypraha', 'stavbybrno'], ['dvoraktrading', 'dvoraktradng'], ['abc', 'abd'], ['kovacs', 'kovac']];
    for (const [a, b] of pairs) {
      const ma = letterMask(a!);
      const mb = letterMask(b!);
      const bound = Math.max(popcount(ma & ~mb), popcount(mb & ~ma));
      expect(bound).toBeLessThanOrEqual(editDistance(a!, b!, 50));
    }
    expect(popcount(0)).toBe(0);
    expect(popcount(-1)).toBe(32);
    expect(popcount(0b1011)).toBe(3);
  });
});
