// "Who else works this client" in all four languages: only a contact that took place is "last",
// a planned one shows as planned with its date, and each language reads as its speakers write.
import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { resources } from '../i18n/index.ts';
import { colleagueLine } from './colleague-line.ts';
import type { ColleagueActivity, Locale } from '../../shared/types.ts';

async function tFor(lng: Locale) {
  const i = i18next.createInstance();
  await i.init({ resources, lng, fallbackLng: false, interpolation: { escapeValue: false }, initAsync: false });
  return i.t;
}

// Local times, so the test reads the same in every time zone.
const NOW = new Date(2026, 11, 7, 10, 0).getTime();
const DAY = 86_400_000;
const at = (y: number, m: number, d: number, h = 9, min = 0) => new Date(y, m - 1, d, h, min).getTime();
const colleague = (x: Partial<ColleagueActivity>): ColleagueActivity =>
  ({ userId: 'u', userName: 'Zsófia Varga', done: 0, planned: 0, lastDoneAt: null, plannedAt: null, ...x });

const onlyPlanned = colleague({ planned: 1, plannedAt: at(2027, 3, 15) });
const both = colleague({ userName: 'Petr Svoboda', done: 2, lastDoneAt: NOW - 3 * DAY, planned: 1, plannedAt: at(2026, 12, 8, 9, 30) });
const justNow = colleague({ userName: 'Petr Svoboda', done: 1, lastDoneAt: NOW - 10_000 });
const overdue = colleague({ userName: 'Petr Svoboda', done: 1, lastDoneAt: NOW - 40 * DAY, planned: 1, plannedAt: at(2026, 12, 6, 14, 0) });

const lines = async (lng: Locale) => {
  const t = await tFor(lng);
  return [onlyPlanned, both, justNow, overdue].map((c) => colleagueLine(t, c, lng, NOW));
};

describe('the colleague line', () => {
  it('Czech: no "last" for a colleague who only planned; "naposledy před 3 dny"; counted words in their plural forms', async () => {
    expect(await lines('cs')).toEqual([
      'Zsófia Varga — 0 kontaktů, 1 plánovaný (15.03.2027)',
      'Petr Svoboda — 2 kontakty, naposledy před 3 dny, 1 plánovaný (zítra v 9:30)',
      'Petr Svoboda — 1 kontakt, naposledy před chvílí',
      'Petr Svoboda — 1 kontakt, naposledy přibližně před 1 měsícem, 1 plánovaný (včera v 14:00)',
    ]);
  });

  it('English', async () => {
    expect(await lines('en')).toEqual([
      'Zsófia Varga — 0 contacts, 1 planned (15/03/2027)',
      'Petr Svoboda — 2 contacts, last one 3 days ago, 1 planned (tomorrow at 09:30)',
      'Petr Svoboda — 1 contact, last one moments ago',
      'Petr Svoboda — 1 contact, last one about 1 month ago, 1 planned (yesterday at 14:00)',
    ]);
  });

  it('Hungarian', async () => {
    expect(await lines('hu')).toEqual([
      'Zsófia Varga — 0 kapcsolat, 1 tervezett (2027. 03. 15.)',
      'Petr Svoboda — 2 kapcsolat, utoljára 3 nappal ezelőtt, 1 tervezett (holnap 9:30-kor)',
      'Petr Svoboda — 1 kapcsolat, utoljára az imént',
      'Petr Svoboda — 1 kapcsolat, utoljára körülbelül 1 hónappal ezelőtt, 1 tervezett (tegnap 14:00-kor)',
    ]);
  });

  it('Russian', async () => {
    expect(await lines('ru')).toEqual([
      'Zsófia Varga — 0 контактов, 1 запланированный (15.03.2027)',
      'Petr Svoboda — 2 контакта, последний 3 дня назад, 1 запланированный (завтра в 9:30)',
      'Petr Svoboda — 1 контакт, последний только что',
      'Petr Svoboda — 1 контакт, последний около 1 месяца назад, 1 запланированный (вчера в 14:00)',
    ]);
  });

  it('never says "in 3 days" about a contact that took place', async () => {
    const t = await tFor('cs');
    expect(colleagueLine(t, colleague({ done: 1, lastDoneAt: NOW + 3 * DAY }), 'cs', NOW)).toBe('Zsófia Varga — 1 kontakt, naposledy před chvílí');
  });
});
