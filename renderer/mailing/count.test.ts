import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { resources } from '../i18n/index.ts';
import { countParts, countText } from './count.ts';
import type { Locale } from '../../shared/types.ts';

async function tFor(lng: Locale) {
  const i = i18next.createInstance();
  await i.init({ resources, lng, fallbackLng: false, interpolation: { escapeValue: false }, initAsync: false });
  return i.t;
}

const count = (rows: number, excluded: Partial<Record<'noConsent' | 'optedOut' | 'duplicates' | 'noEmail', number>> = {}) =>
  ({ rows, excluded: { noConsent: 0, optedOut: 0, duplicates: 0, noEmail: 0, ...excluded } });

describe('the live count line', () => {
  it('names only the reasons that excluded someone, in a fixed order', () => {
    expect(countParts(count(5, { optedOut: 2, noConsent: 3 }))).toEqual({
      rows: 5, excluded: 5, reasons: [{ reason: 'noConsent', n: 3 }, { reason: 'optedOut', n: 2 }],
    });
  });

  it('reads like "312 rows, 14 excluded: no consent" in English', async () => {
    const t = await tFor('en');
    expect(countText(t, 'en', count(312, { noConsent: 14 }))).toBe('312 rows, 14 excluded: no consent');
    expect(countText(t, 'en', count(1))).toBe('1 row');
    expect(countText(t, 'en', count(1200, { noConsent: 10, optedOut: 4 }))).toBe('1,200 rows, 14 excluded: 10 no consent, 4 opted out');
  });

  it('uses Czech plural forms', async () => {
    const t = await tFor('cs');
    expect(countText(t, 'cs', count(1))).toBe('1 řádek');
    expect(countText(t, 'cs', count(3, { noConsent: 1 }))).toBe('3 řádky, 1 vyřazen (bez souhlasu)');
    expect(countText(t, 'cs', count(312, { noConsent: 14 }))).toBe('312 řádků, 14 vyřazeno (bez souhlasu)');
    expect(countText(t, 'cs', count(4, { duplicates: 2 }))).toBe('4 řádky, 2 vyřazeny (duplicity)');
    // Not "1 duplicity", "2 odhlášení": the number follows the reason.
    expect(countText(t, 'cs', count(10, { optedOut: 2, duplicates: 1 }))).toBe('10 řádků, 3 vyřazeny (odhlášení: 2, duplicity: 1)');
  });

  it('uses Russian plural forms and Hungarian singular after numbers', async () => {
    const ru = await tFor('ru');
    expect(countText(ru, 'ru', count(21))).toBe('21 строка');
    expect(countText(ru, 'ru', count(22, { optedOut: 5 }))).toBe('22 строки, 5 исключено (отписались)');
    expect(countText(ru, 'ru', count(5, { optedOut: 1, duplicates: 1 }))).toBe('5 строк, 2 исключены (отписались: 1, дубликаты: 1)');
    expect(countText(ru, 'ru', count(25))).toBe('25 строк');
    const hu = await tFor('hu');
    expect(countText(hu, 'hu', count(312, { noConsent: 14 }))).toBe('312 sor, 14 kizárva: nincs hozzájárulás');
  });
});
