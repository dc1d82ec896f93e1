import { describe, expect, it } from 'vitest';
import { isValidDic, isValidIco, normalizeIco } from './validation.ts';

describe('IČO and DIČ', () => {
  it('accepts ids with a correct mod-11 check digit, including the 10 → 0 and 11 → 1 cases', () => {
    for (const ico of ['25596641', '00006947', '00000001', '45274649', '27082440']) expect(isValidIco(ico)).toBe(true);
  });
  it('refuses wrong check digits and wrong shapes', () => {
    for (const ico of ['25596642', '12345678', '2559664', '255966411', 'abcdefgh', '']) expect(isValidIco(ico)).toBe(false);
  });
  it('restores the leading zeros spreadsheets drop, and drops spaces', () => {
    expect(normalizeIco('6947')).toBe('00006947');
    expect(normalizeIco('255 96 641')).toBe('25596641');
  });
  it('checks VAT ids by their country prefix', () => {
    expect(isValidDic('CZ25596641')).toBe(true);
    expect(isValidDic('cz 699001234')).toBe(true);
    expect(isValidDic('CZ1234')).toBe(false);
    expect(isValidDic('HU12345678')).toBe(true);
    expect(isValidDic('12345678')).toBe(false);
  });
});
