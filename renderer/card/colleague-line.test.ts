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
  it('Czech: no "last" for a colleague who only planned; "naposledy před 3 dny"', async () => {
    expect(await lines('cs')).toEqual([
      'Zsófia Varga — kontakty: 0, plánované: 1 (15.03.2027)',
      'Petr Svoboda — kontakty: 2, naposledy před 3 dny, plánované: 1 (zítra v 9:30)',
      'Petr Svoboda — kontakty: 1, naposledy před chvílí',
      'Petr Svoboda — kontakty: 1, naposledy přibližně před 1 měsícem, plánované: 1 (včera v 14:00)',
    ]);
  });

  it('English', async () => {
    expect(await lines('en')).toEqual([
      'Zsófia Varga — contacts: 0, planned: 1 (15/03/2027)',
      'Petr Svoboda — contacts: 2, last one 3 days ago, planned: 1 (tomorrow at 09:30)',
      'Petr Svoboda — contacts: 1, last one moments ago',
      'Petr Svoboda — contacts: 1, last one about 1 month ago, planned: 1 (yesterday at 14:00)',
    ]);
  });

  it('Hungarian', async () => {
    expect(await lines('hu')).toEqual([
      'Zsófia Varga — kapcsolatok: 0, tervezett: 1 (2027. 03. 15.)',
      'Petr Svoboda — kapcsolatok: 2, utoljára 3 nappal ezelőtt, tervezett: 1 (holnap 9:30-kor)',
      'Petr Svoboda — kapcsolatok: 1, utoljára az imént',
      'Petr Svoboda — kapcsolatok: 1, utoljára körülbelül 1 hónappal ezelőtt, tervezett: 1 (tegnap 14:00-kor)',
    ]);
  });

  it('Russian', async () => {
    expect(await lines('ru')).toEqual([
      'Zsófia Varga — контактов: 0, запланировано: 1 (15.03.2027)',
      'Petr Svoboda — контактов: 2, последний 3 дня назад, запланировано: 1 (завтра в 9:30)',
      'Petr Svoboda — контактов: 1, последний только что',
      'Petr Svoboda — контактов: 1, последний около 1 месяца назад, запланировано: 1 (вчера в 14:00)',
    ]);
  });

  it('never says "in 3 days" about a contact that took place', async () => {
    const t = await tFor('cs');
    expect(colleagueLine(t, colleague({ done: 1, lastDoneAt: NOW + 3 * DAY }), 'cs', NOW)).toBe('Zsófia Varga — kontakty: 1, naposledy před chvílí');
  });
});
