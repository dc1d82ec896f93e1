// Selling day to day, end to end in Chromium: plan a meeting with a reminder and see the reminder
// ring in the bell; complete the meeting from the agenda with its result and the next contact;
// put an opportunity on the board, drag it to Won, and find the revenue on the firm's Sales tab.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSession, type Session } from './harness.ts';
import type { Code, Contact, Sale, OpportunityRow } from '../shared/types.ts';

let s: Session;
const tid = (id: string) => s.page.getByTestId(id);
const call = <T>(channel: string, input: unknown) => s.call<T>(channel, input);

const FIRM = 'Strojírny Dvořák s.r.o.';
const MEETING = 'Schůzka: jarní objednávka ložisek';
const DEAL = 'Ložiska 6205 – rámcová smlouva';
let firmId = '';

/** Windows-1250 bytes, as Czech accounting programs export (enough of the code page for this test). */
const CP1250: Record<string, number> = { 'Č': 0xC8, 'č': 0xE8, 'á': 0xE1, 'í': 0xED, 'ř': 0xF8, 'ž': 0x9E, 'š': 0x9A, 'é': 0xE9, 'ě': 0xEC, 'ů': 0xF9, 'ý': 0xFD, 'Ž': 0x8E, 'Ř': 0xD8 };
const cp1250 = (text: string) => Buffer.from([...text].map((ch) => {
  if (ch.charCodeAt(0) < 0x80) return ch.charCodeAt(0);
  const b = CP1250[ch];
  if (b === undefined) throw new Error(`no Windows-1250 byte for ${ch} in this test's table`);
  return b;
}));

const pad = (n: number) => String(n).padStart(2, '0');
/** The browser and this process share the machine's time zone: the form's local date and time. */
const localDate = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const localTime = (d: Date) => `${pad(d.getHours())}:${pad(d.getMinutes())}`;

beforeAll(async () => {
  s = await startSession({ locale: 'en-US' });
  firmId = (await call<{ id: string }>('firms.create', {
    name: FIRM, kinds: ['customer'], ico: '25596641',
    addresses: [{ kind: 'registered', street: 'Nádražní', number: '12', city: 'Tábor', postalCode: '39001' }],
  })).id;
  await call('people.create', { firmId, firstName: 'Jiří', lastName: 'Šťastný', isMain: true });
  await s.page.reload();
  await tid('firm-row').first().waitFor();
});
afterAll(async () => { await s?.close(); });

async function openCard() {
  await tid('nav-firms').click();
  await tid('firm-search').fill('dvorak');
  await tid('firm-row').filter({ hasText: FIRM }).first().click();
  await tid('firm-card-name').filter({ hasText: FIRM }).waitFor();
}

describe('selling day to day', () => {
  it('plans a meeting in ten minutes with a reminder 15 minutes before: the bell rings at once', async () => {
    await openCard();
    // Before: nothing due.
    expect(await tid('reminder-bell').getAttribute('data-count')).toBe('0');
    await s.page.keyboard.press('Control+l');
    await tid('contact-summary').waitFor();
    await tid('contact-status').getByText('Planned').click();
    const at = new Date(Date.now() + 10 * 60_000);
    await tid('contact-date').fill(localDate(at));
    await tid('contact-time').fill(localTime(at));
    await tid('contact-kind').selectOption({ label: 'Meeting' });
    await tid('contact-remind').selectOption('15m');
    await tid('contact-summary').fill(MEETING);
    await s.shot('40-plan-meeting-with-reminder');
    await tid('contact-summary').press('Enter');
    await tid('contact-summary').waitFor({ state: 'detached' });

    // The reminder's time (five minutes ago) has come: the badge shows it without a reload.
    await expect.poll(() => tid('reminder-bell').getAttribute('data-count')).toBe('1');
    await expect.poll(() => tid('reminder-badge').textContent()).toBe('1');
    await tid('reminder-bell').click();
    const item = tid('reminder-item').filter({ hasText: MEETING });
    await item.waitFor();
    expect(await item.textContent()).toContain(FIRM);
    // The meeting's time, then when the reminder rang — said as such, not a bare "since" (with
    // its date when that was another day: run just after midnight, it rang yesterday).
    expect(await item.textContent()).toMatch(/ · reminder at (?:[\d./]+ )?\d{1,2}:\d{2}/);
    await s.shot('41-reminder-bell');
    await s.page.keyboard.press('Escape');
  });

  it('completes the meeting from the agenda with a result and the next contact, in one step', async () => {
    await tid('nav-agenda').click();
    await tid('agenda-view-day').click();
    await tid('agenda-today').click();
    const item = tid('agenda-item').filter({ hasText: MEETING });
    await item.click();
    await tid('agenda-item-done').click();
    await tid('complete-result').waitFor();
    const results = await call<Code[]>('codes.list', { list: 'contact_result' });
    const interested = results.find((c) => c.code === 'follow_up') ?? results[0]!;
    await tid('complete-result').selectOption(interested.id);
    await tid('complete-note').fill('Chtějí nabídku na 400 ks do pátku.');
    // The next contact is on by default and pre-filled; the salesperson only names it.
    await tid('complete-next-summary').fill('Zavolat kvůli nabídce ložisek');
    await s.shot('42-complete-with-next');
    await tid('complete-save').click();
    await tid('complete-save').waitFor({ state: 'detached' });

    // Exactly one planned contact follows the meeting; the meeting is done with its result.
    const contacts = await call<Contact[]>('contacts.list', { firmId });
    const meeting = contacts.find((c) => c.summary === MEETING)!;
    expect(meeting).toMatchObject({ status: 'done', resultId: interested.id, note: 'Chtějí nabídku na 400 ks do pátku.' });
    const next = contacts.filter((c) => c.status === 'planned');
    expect(next).toHaveLength(1);
    expect(next[0]).toMatchObject({ summary: 'Zavolat kvůli nabídce ložisek', followsId: meeting.id });
    expect(next[0]!.at).toBeGreaterThan(Date.now());
    // A done meeting has nothing left to remind of.
    await expect.poll(() => tid('reminder-bell').getAttribute('data-count')).toBe('0');
    await tid('agenda-item').filter({ hasText: MEETING }).and(s.page.locator('[data-done="true"]')).waitFor();
    await s.shot('43-agenda-after-complete');
  });

  it('puts an opportunity on the board, drags it to Won, and the card shows the revenue', async () => {
    await openCard();
    await tid('card-tab-opportunities').click();
    await tid('card-opp-new').click();
    await tid('opp-title').fill(DEAL);
    await tid('opp-stage').selectOption({ label: 'Offer' });
    await tid('opp-amount').fill('250,000');
    await tid('opp-currency').selectOption('CZK');
    await s.shot('44-new-opportunity');
    await tid('opp-save').click();
    await tid('opp-title').waitFor({ state: 'detached' });
    await tid('card-opp-row').filter({ hasText: DEAL }).waitFor();

    await tid('nav-pipeline').click();
    const card = tid('pipeline-card').filter({ hasText: DEAL });
    await card.waitFor();
    const offer = tid('pipeline-column').and(s.page.locator('[data-stage-code="offer"]'));
    expect(await offer.getByTestId('pipeline-column-total').textContent()).toContain('250,000');
    // Drag across the board: first to negotiation, then to Won, which asks for the sale.
    await card.dragTo(tid('pipeline-column').and(s.page.locator('[data-stage-code="negotiation"]')));
    await expect.poll(async () => (await call<{ rows: OpportunityRow[] }>('opportunities.list', { firmId })).rows[0]?.probability).toBe(70);
    await tid('pipeline-column').and(s.page.locator('[data-stage-code="negotiation"]')).getByTestId('pipeline-card').filter({ hasText: DEAL }).waitFor();
    await card.dragTo(tid('pipeline-column').and(s.page.locator('[data-stage-code="won"]')));
    await tid('close-amount').waitFor();
    expect(await tid('close-amount').inputValue()).toMatch(/^250,?000(\.00)?$/);
    await s.shot('45-close-won');
    await tid('close-save').click();
    await tid('close-amount').waitFor({ state: 'detached' });
    await expect.poll(() => tid('pipeline-card').filter({ hasText: DEAL }).count()).toBe(0);
    await s.shot('46-board-after-won');

    // The sale is on the firm: amount, currency, today, from the opportunity.
    const sales = await call<Sale[]>('sales.list', { firmId });
    expect(sales).toHaveLength(1);
    expect(sales[0]).toMatchObject({ amount: 25_000_000, currency: 'CZK', source: 'opportunity', date: localDate(new Date()) });

    await openCard();
    await tid('card-tab-sales').click();
    await expect.poll(() => tid('sales-ytd-amount').textContent()).toContain('250,000');
    const row = tid('sale-row').first();
    expect(await row.getAttribute('data-source')).toBe('opportunity');
    expect(await row.textContent()).toContain('250,000');
    await s.shot('47-card-sales-tab');
  });

  it('compares deals across currencies with the office\'s rates, and shows why a colleague\'s deal is on their board', async () => {
    const stageId = (await call<{ id: string }>('stages.create', { label: 'Currencies', probability: 33 })).id;
    const karel = (await call<{ id: string }>('users.create', { name: 'Karel Obchodník' })).id;
    const me = (await call<{ localUserId: string }>('app.info', {})).localUserId;
    const deal = (title: string, amount: number, currency: string, extra: object = {}) =>
      call('opportunities.create', { firmId, title, stageId, amount, currency, probability: null, ownerId: me, ...extra });
    await deal('Forint deal', 4_187_320_00, 'HUF', { salesIds: [karel] });
    await deal('Koruna deal', 1_702_709_00, 'CZK', { ownerId: karel });
    await tid('nav-pipeline').click();
    const column = tid('pipeline-column').and(s.page.locator(`[data-stage-id="${stageId}"]`));
    // Intl puts a no-break space between the currency and the amount.
    const texts = async (id: string) => (await column.getByTestId(id).allTextContents()).map((x) => x.replace(/\s/g, ' '));
    await column.getByTestId('pipeline-card').nth(1).waitFor();
    // No rates: within currency, the office's first; forint weighted total in whole forints.
    expect(await texts('pipeline-card-amount')).toEqual(['CZK 1,702,709.00', 'HUF 4,187,320']);
    expect((await texts('pipeline-column-weighted'))[0]).toContain('HUF 1,381,816');
    expect((await texts('pipeline-column-weighted'))[0]).not.toMatch(/1,381,815\.6/);
    expect(await column.getByTestId('pipeline-column-converted').count()).toBe(0);

    await tid('nav-settings').click();
    await tid('rates-HUF').fill('0.0622');
    await tid('rates-EUR').fill('25.20');
    await tid('rates-as-of').fill('2026-12-01');
    await tid('rates-USD').fill('-3');
    await tid('rates-save').click();
    // A bad rate is named at its field; nothing is saved.
    await tid('settings-rates').getByText('Enter the rate as a positive number').waitFor();
    expect(await call('rates.get', {})).toEqual({ rates: null });
    await tid('rates-USD').fill('');
    await tid('rates-save').click();
    await expect.poll(() => call('rates.get', {})).toEqual({ rates: { base: 'CZK', rates: { HUF: 0.0622, EUR: 25.2 }, asOf: '2026-12-01' } });
    await s.shot('47-settings-rates');

    await tid('nav-pipeline').click();
    await column.getByTestId('pipeline-column-converted').waitFor();
    expect(await texts('pipeline-card-converted')).toEqual(['≈ CZK 260,451.30']);
    expect((await texts('pipeline-column-converted'))[0]).toContain('CZK 1,963,160.30');
    // Karel's board: his own deal, and the forint one he sells on with its owner — marked so.
    await tid('pipeline-filter-owner').selectOption(karel);
    await expect.poll(() => column.getByTestId('pipeline-card-co-seller').count()).toBe(1);
    expect(await column.getByTestId('pipeline-card').filter({ hasText: 'Forint deal' }).getByTestId('pipeline-card-co-seller').textContent()).toBe('co-seller');
    await s.shot('48-pipeline-converted-co-seller');
    await tid('pipeline-filter-owner').selectOption('');
  });

  it('imports invoice lines from accounting: a bad line stops it all, the good file goes in once', async () => {
    const header = 'Datum;IČO;Částka;Měna;Produkt;Číslo dokladu';
    const good = [
      '15.3.2026;25596641;12 500,50;CZK;Ložiska 6205;FV-2026-0101',
      '2.4.2026;Strojírny Dvořák s.r.o.;3 200;EUR;Servisní prohlídka;FV-2026-0102',
    ];
    const bad = [...good, '3.4.2026;99999999;1 000;CZK;Řemen SPZ;FV-2026-0103'];
    const upload = async (name: string, lines: string[]) => {
      await tid('sales-import-file').setInputFiles({ name, mimeType: 'text/csv', buffer: cp1250([header, ...lines].join('\r\n') + '\r\n') });
      await tid('sales-import-file-name').filter({ hasText: name }).waitFor();
    };
    const before = (await call<Sale[]>('sales.list', { firmId })).length;
    await tid('nav-sales-import').click();
    await upload('faktury-chyba.csv', bad);
    // Line 4 of the file (the header is line 1) names an IČO nobody has: reported, nothing imported.
    const problem = tid('sales-import-problem');
    await problem.first().waitFor();
    expect(await problem.count()).toBe(1);
    expect(await problem.getAttribute('data-line')).toBe('4');
    expect(await problem.getAttribute('data-field')).toBe('firm');
    expect(await tid('sales-import-run').isDisabled()).toBe(true);
    await s.shot('48-sales-import-problem');
    expect(await call<Sale[]>('sales.list', { firmId })).toHaveLength(before);

    await upload('faktury.csv', good);
    await expect.poll(() => tid('sales-import-would-add').textContent()).toContain('2');
    await tid('sales-import-run').click();
    await tid('sales-import-result').waitFor();
    await s.shot('49-sales-import-done');
    const sales = await call<Sale[]>('sales.list', { firmId });
    expect(sales.filter((x) => x.source === 'import').map((x) => [x.documentNo, x.amount, x.currency, x.product]).sort()).toEqual([
      ['FV-2026-0101', 1_250_050, 'CZK', 'Ložiska 6205'],
      ['FV-2026-0102', 320_000, 'EUR', 'Servisní prohlídka'],
    ]);

    // The same file again adds nothing.
    await upload('faktury.csv', good);
    await expect.poll(() => tid('sales-import-would-skip').textContent()).toContain('2');
    expect(await call<Sale[]>('sales.list', { firmId })).toHaveLength(before + 2);
  });
});
