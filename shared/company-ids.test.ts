import { describe, expect, it } from 'vitest';
import {
  companyIdName, companyIdProblems, companyIdSpecs, companyIdsLine, countryOfAddresses, isValidHuCompanyReg, isValidHuTaxNumber,
  isValidInn, isValidOgrn, isValidSkVatId, normalizeCompanyId, principalIdKey,
} from './company-ids.ts';

describe('company ids per country', () => {
  it('names the ids as each country does, in its order', () => {
    const names = (c: string) => companyIdSpecs(c).map((s) => `${s.field}:${s.name}`);
    expect(names('CZ')).toEqual(['ico:IČO', 'dic:DIČ']);
    expect(names('SK')).toEqual(['ico:IČO', 'dic:DIČ', 'vatId:IČ DPH']);
    expect(names('HU')).toEqual(['ico:Adószám', 'dic:Cégjegyzékszám']);
    expect(names('RU')).toEqual(['ico:ИНН', 'dic:ОГРН']);
    // Other countries keep the Czech scheme every firm had before.
    expect(names('DE')).toEqual(names('CZ'));
    expect(companyIdName('RU', 'dic', '304500116000157')).toBe('ОГРНИП');
    expect(companyIdName('RU', 'dic', '1027700132195')).toBe('ОГРН');
  });

  it('Hungarian adószám: 8-1-2 digits, the check digit over weights 9,7,3,1,9,7,3', () => {
    expect(isValidHuTaxNumber('12345676-2-41')).toBe(true);
    expect(isValidHuTaxNumber('10773381-2-44')).toBe(true); // 1·9+0+7·3+7+3·9+3·7+8·3 = 109 → 1
    expect(isValidHuTaxNumber('12345678-2-41')).toBe(false); // wrong check digit
    expect(isValidHuTaxNumber('12345676-7-41')).toBe(false); // VAT status codes are 1–5
    expect(isValidHuTaxNumber('1234567624')).toBe(false);
    expect(normalizeCompanyId('HU', 'ico', '12345676 2 41')).toBe('12345676-2-41');
    expect(normalizeCompanyId('HU', 'ico', '12345676241')).toBe('12345676-2-41');
  });

  it('Hungarian cégjegyzékszám: court-form-serial, "Cg." dropped', () => {
    expect(isValidHuCompanyReg('01-09-123456')).toBe(true);
    expect(isValidHuCompanyReg('13-10-041234')).toBe(true);
    expect(isValidHuCompanyReg('21-09-123456')).toBe(false); // no 21st court
    expect(isValidHuCompanyReg('01-09-12345')).toBe(false);
    expect(normalizeCompanyId('HU', 'dic', 'Cg. 01-09-123456')).toBe('01-09-123456');
    expect(normalizeCompanyId('HU', 'dic', '0109123456')).toBe('01-09-123456');
  });

  it('Russian ИНН (10 and 12 digits) and ОГРН (13) / ОГРНИП (15) with their check digits', () => {
    expect(isValidInn('7707083893')).toBe(true);
    expect(isValidInn('7707083894')).toBe(false);
    expect(isValidInn('500100732259')).toBe(true);
    expect(isValidInn('500100732258')).toBe(false);
    expect(isValidInn('50010073225')).toBe(false);
    expect(isValidOgrn('1027700132195')).toBe(true);
    expect(isValidOgrn('1027700132194')).toBe(false);
    expect(isValidOgrn('304500116000157')).toBe(true);
    expect(isValidOgrn('304500116000158')).toBe(false);
    expect(normalizeCompanyId('RU', 'ico', '7707 083 893')).toBe('7707083893');
  });

  it('Slovak IČO (the Czech check), DIČ (10 digits) and IČ DPH (SK + 10, divisible by 11)', () => {
    expect(companyIdProblems('SK', { ico: '35763469', dic: '2022749619', vatId: 'SK 2022749619' })).toEqual([]);
    expect(companyIdProblems('SK', { ico: '35763468' })).toEqual([{ field: 'ico', error: 'errors.ico_checksum' }]);
    expect(companyIdProblems('SK', { dic: '202274961' })).toEqual([{ field: 'dic', error: 'errors.sk_dic' }]);
    expect(isValidSkVatId('SK2022749618')).toBe(false);
    expect(normalizeCompanyId('SK', 'vatId', '2022749619')).toBe('SK2022749619');
  });

  it('checks each id by the firm’s country and refuses an id the country does not have', () => {
    expect(companyIdProblems('HU', { ico: '12345676-2-41', dic: '01-09-123456' })).toEqual([]);
    // A Czech IČO is no adószám.
    expect(companyIdProblems('HU', { ico: '25596641' })).toEqual([{ field: 'ico', error: 'errors.hu_tax_number' }]);
    expect(companyIdProblems('RU', { ico: '25596641', dic: '123' })).toEqual([
      { field: 'ico', error: 'errors.ru_inn' }, { field: 'dic', error: 'errors.ru_ogrn' },
    ]);
    expect(companyIdProblems('CZ', { ico: '25596641', vatId: 'SK2022749619' })).toEqual([{ field: 'vatId', error: 'errors.company_id_country' }]);
    expect(companyIdProblems('CZ', { ico: '', dic: '' })).toEqual([]);
  });

  it('prints ids with their names and compares principal ids per country', () => {
    expect(companyIdsLine('RU', { ico: '7707083893', dic: '1027700132195' })).toBe('ИНН 7707083893 · ОГРН 1027700132195');
    expect(companyIdsLine('HU', { ico: '12345676-2-41', dic: null })).toBe('Adószám 12345676-2-41');
    expect(principalIdKey('HU', '12345676-2-41')).toBe(principalIdKey('HU', '12345676-1-42'));
    expect(principalIdKey('HU', '12345676-2-41')).not.toBe(principalIdKey('CZ', '12345676'));
    expect(principalIdKey('SK', '25596641')).toBe(principalIdKey('CZ', '25596641'));
    expect(principalIdKey('RU', '')).toBeNull();
  });

  it('takes the country of the registered address, else the first, else CZ', () => {
    expect(countryOfAddresses([{ kind: 'postal', country: 'DE' }, { kind: 'registered', country: 'hu' }])).toBe('HU');
    expect(countryOfAddresses([{ kind: 'postal', country: 'RU' }])).toBe('RU');
    expect(countryOfAddresses([])).toBe('CZ');
  });
});
