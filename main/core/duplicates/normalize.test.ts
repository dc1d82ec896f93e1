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

  it('the banded distance agrees with the full table on random near-names', () => {
    // The textbook optimal-string-alignment distance, every cell computed.
    const full = (a: string, b: string) => {
      const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
      for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
          d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
        }
      }
      return d[a.length]![b.length]!;
    };
    let seed = 7; // mulberry32: a seeded generator whose low bits are random too
    const rnd = (n: number) => {
      seed = (seed + 0x6d2b79f5) | 0;
      let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
      return ((x ^ (x >>> 14)) >>> 0) % n;
    };
    const word = () => Array.from({ length: 1 + rnd(14) }, () => 'abcde'[rnd(5)]).join('');
    const mutate = (w: string) => {
      let out = w;
      for (let k = rnd(4); k > 0; k--) {
        const at = rnd(out.length + 1);
        const op = rnd(4);
        out = op === 0 ? out.slice(0, at) + 'abcde'[rnd(5)] + out.slice(at)
          : op === 1 ? out.slice(0, at) + out.slice(at + 1)
          : op === 2 ? out.slice(0, at) + 'abcde'[rnd(5)] + out.slice(at + 1)
          : out.slice(0, at) + out.slice(at + 1, at + 2) + out.slice(at, at + 1) + out.slice(at + 2);
      }
      return out;
    };
    for (let n = 0; n < 3000; n++) {
      const a = word();
      const b = mutate(a);
      const max = rnd(4);
      expect(editDistance(a, b, max), `${a} ~ ${b} (max ${max})`).toBe(Math.min(full(a, b), max + 1));
    }
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
