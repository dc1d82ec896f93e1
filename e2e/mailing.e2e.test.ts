// Mailing end to end in Chromium: build a selection in the UI (a segment, consent to a newsletter
// topic), see the live count with who was left out, pick the columns, save the selection, export
// it as Excel (Czech) and as XLSX and open the files the browser downloaded — Czech diacritics
// byte-exact in Windows-1250, IČO with its leading zeros, semicolons. A Cyrillic name stops the
// Windows-1250 export with the rows named, and one click exports it as Excel (UTF-8) instead.
// Topics and a person's subscriptions are managed in Settings and on the firm card; every export
// is in the export log.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import ExcelJS from 'exceljs';
import type { Download } from 'playwright-core';
import { startSession, type Session } from './harness.ts';
import type { SavedSelection } from '../shared/types.ts';

let s: Session;
const tid = (id: string) => s.page.getByTestId(id);
const call = <T>(channel: string, input: unknown) => s.call<T>(channel, input);

const SEGMENT = 'Zákazníci A';
const TOPIC = 'Ceník 2026';
const SELECTION = 'Ceník – zákazníci A';
const ids: Record<string, string> = {};

beforeAll(async () => {
  s = await startSession({ locale: 'en-US' });
  const firm = async (name: string, ico: string, city: string, street: string, postalCode: string) => (await call<{ id: string }>('firms.create', {
    name, kinds: ['customer'], ico, addresses: [{ kind: 'registered', street, number: '12', city, postalCode }],
  })).id;
  ids.vodarna = await firm('Pražská vodárna a.s.', '00064581', 'Praha', 'Žitná', '11000');
  ids.dvorak = await firm('Strojírny Dvořák s.r.o.', '25596641', 'Tábor', 'Nádražní', '39001');
  ids.other = await firm('Mimo segment s.r.o.', '', 'Brno', 'Husova', '60200');
  const person = async (key: string, firmId: string, firstName: string, lastName: string, email: string) => {
    ids[key] = (await call<{ id: string }>('people.create', {
      firmId, firstName, lastName, isMain: key === 'stastny' || key === 'zluty', channels: [{ kind: 'email', value: email }],
    })).id;
  };
  await person('stastny', ids.vodarna!, 'Jiří', 'Šťastný', 'jiri.stastny@example.cz');
  await person('zluty', ids.dvorak!, 'Řehoř', 'Žlutý', 'rehor.zluty@example.cz');
  await person('novakova', ids.dvorak!, 'Květa', 'Nováková', 'kveta.novakova@example.cz');
  await person('odhlaseny', ids.vodarna!, 'Ondřej', 'Odhlášený', 'ondrej@example.cz');
  await person('mimo', ids.other!, 'Marie', 'Mimová', 'marie@example.cz');
  ids.segment = (await call<{ id: string }>('segments.create', { kind: 'category', name: SEGMENT })).id;
  await call('segments.members', { id: ids.segment, add: [ids.vodarna, ids.dvorak] });
  ids.topic = (await call<{ id: string }>('topics.create', { name: TOPIC })).id;
  for (const k of ['stastny', 'zluty', 'odhlaseny', 'mimo']) {
    await call('subscriptions.set', { topicId: ids.topic, personId: ids[k], subscribed: true, source: 'veletrh 2026' });
  }
  await call('subscriptions.set', { topicId: ids.topic, personId: ids.odhlaseny, subscribed: false });
  await s.page.reload();
  await tid('nav-mailing').waitFor();
});
afterAll(async () => { await s?.close(); });

/** Clicks something that makes the page download a file; gives the file's name and bytes. */
async function download(click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [d] = await Promise.all([s.page.waitForEvent('download', { timeout: 20_000 }), click()]) as [Download, void];
  const file = await d.path();
  return { name: d.suggestedFilename(), bytes: fs.readFileSync(file) };
}

const columnKeys = () => tid('mailing-column').evaluateAll((els) => els.map((e) => e.getAttribute('data-key')));

describe('mailing', () => {
  it('builds a selection: a segment, consent to a topic — live count with who was left out', async () => {
    await tid('nav-mailing').click();
    await tid('mailing-recipients').getByText('People', { exact: true }).click();
    await tid('mailing-add-condition').first().click();
    const cond = tid('mailing-condition').first();
    expect(await cond.getAttribute('data-on')).toBe('segment');
    await cond.getByTestId('mailing-segment-select').click();
    await s.page.keyboard.type('zakaznici');
    await s.page.keyboard.press('Enter');
    await s.page.keyboard.press('Escape');
    // Without a consent check: four people of the two firms in the segment.
    await expect.poll(() => tid('mailing-count').getAttribute('data-rows')).toBe('4');
    await tid('mailing-topic').selectOption(ids.topic!);
    await expect.poll(() => tid('mailing-count').getAttribute('data-rows')).toBe('2');
    expect(await tid('mailing-count').getAttribute('data-excluded')).toBe('2');
    expect(await tid('mailing-count').textContent()).toBe('2 rows, 2 excluded: 1 no consent, 1 opted out');
    expect(await tid('mailing-excluded').textContent()).toContain('no consent');
    await expect.poll(() => tid('mailing-preview-row').count()).toBe(2);
    const preview = await tid('mailing-preview').textContent();
    expect(preview).toContain('Šťastný');
    expect(preview).toContain('Žlutý');
    expect(preview).not.toContain('Nováková');
    expect(preview).not.toContain('Mimová');

    // An OR group beside it: still the same people (both firms are customers in Prague or Tábor).
    await tid('mailing-add-group').first().click();
    const group = tid('mailing-group').nth(1);
    expect(await group.getAttribute('data-op')).toBe('or');
    const inner = group.getByTestId('mailing-condition').first();
    await inner.getByTestId('mailing-condition-kind').selectOption('place');
    await inner.getByTestId('mailing-place-values').fill('Tábor');
    await inner.getByTestId('mailing-place-values').press('Enter');
    await expect.poll(() => tid('mailing-count').getAttribute('data-rows')).toBe('1');
    await group.getByTestId('mailing-add-condition').click();
    const second = group.getByTestId('mailing-condition').nth(1);
    await second.getByTestId('mailing-condition-kind').selectOption('place');
    await second.getByTestId('mailing-place-values').fill('praha');
    await second.getByTestId('mailing-place-values').press('Enter');
    await expect.poll(() => tid('mailing-count').getAttribute('data-rows')).toBe('2');
    await s.shot('50-mailing-selection');
  });

  it('picks and orders the columns, then saves the selection by name', async () => {
    expect(await columnKeys()).toContain('ico');
    await tid('mailing-column-add').selectOption('city');
    expect((await columnKeys()).at(-1)).toBe('city');
    await s.page.locator('[data-testid="mailing-column"][data-key="city"]').getByTestId('mailing-column-up').click();
    const keys = await columnKeys();
    expect(keys.indexOf('city')).toBe(keys.length - 2);
    await s.page.locator('[data-testid="mailing-column"][data-key="salutation"]').getByTestId('mailing-column-remove').click();
    expect(await columnKeys()).not.toContain('salutation');
    // Drag the last name to the top.
    await s.page.locator('[data-testid="mailing-column"][data-key="lastName"]').dragTo(tid('mailing-column').first());
    await expect.poll(async () => (await columnKeys())[0]).toBe('lastName');
    // The preview follows: one header cell per chosen column.
    await expect.poll(() => s.page.locator('[data-testid="mailing-preview"] th').count()).toBe((await columnKeys()).length);

    await tid('mailing-format').selectOption('excel-cz');
    await tid('mailing-save-name').fill(SELECTION);
    await tid('mailing-save').click();
    await expect.poll(() => tid('mailing-saved').locator('option').allTextContents()).toContain(SELECTION);
    const saved = await call<SavedSelection[]>('selections.list', {});
    expect(saved.map((x) => x.name)).toEqual([SELECTION]);
    expect(saved[0]!.columns[0]).toBe('lastName');
    expect(saved[0]!.topicId).toBe(ids.topic);
    expect(await tid('mailing-saved').inputValue()).toBe(saved[0]!.id);
    await s.shot('51-mailing-saved');
  });

  it('exports Excel (Czech): Windows-1250, semicolons, CRLF, IČO with its leading zeros', async () => {
    // Excel would drop the IČO's zeros on a double-click: the screen says so and offers XLSX.
    const hint = tid('mailing-zeros-hint');
    await hint.waitFor();
    expect(await hint.textContent()).toContain('Company ID');
    expect(await hint.textContent()).toContain('00216208 becomes 216208');
    await s.shot('52-mailing-zeros-hint');
    const { name, bytes } = await download(() => tid('mailing-export').click());
    expect(name).toMatch(/\.csv$/i);
    // Windows-1250: no UTF-8 BOM, and ř is the single byte 0xF8.
    expect([...bytes.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.includes(0xf8)).toBe(true);
    const text = iconv.decode(bytes, 'win1250');
    expect(text).toContain('\r\n');
    const parsed = Papa.parse<string[]>(text.trim(), { delimiter: ';' });
    expect(parsed.errors).toEqual([]);
    const [header, ...rows] = parsed.data;
    expect(header!.length).toBeGreaterThan(5);
    expect(rows).toHaveLength(2);
    const flat = rows.flat().join('|');
    for (const want of ['Šťastný', 'Žlutý', 'Řehoř', 'Jiří', 'Pražská vodárna a.s.', 'Strojírny Dvořák s.r.o.', 'Tábor']) expect(flat).toContain(want);
    expect(flat).toMatch(/(^|\|)(="?)?00064581"?($|\|)/);
    expect(flat).not.toContain('Nováková');
    expect(flat).not.toContain('Odhlášený');
  });

  it('exports an XLSX workbook whose IČO is text with its zeros', async () => {
    await tid('mailing-use-xlsx').click();
    expect(await tid('mailing-format').inputValue()).toBe('xlsx');
    await tid('mailing-zeros-hint').waitFor({ state: 'detached' });
    const { name, bytes } = await download(() => tid('mailing-export').click());
    expect(name).toMatch(/\.xlsx$/i);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as Parameters<typeof wb.xlsx.load>[0]);
    const sheet = wb.worksheets[0]!;
    const cells: unknown[] = [];
    sheet.eachRow((row) => row.eachCell((cell) => cells.push(cell.value)));
    expect(cells).toContain('00064581');
    expect(cells).toContain('Šťastný');
    expect(cells).toContain('Žlutý');
    expect(sheet.rowCount).toBe(3);
    // The sheet's tab and the file carry the selection's name, not "Export".
    expect(sheet.name).toBe(SELECTION);
    expect(name.startsWith(SELECTION)).toBe(true);
  });

  it('stops a Windows-1250 export on Cyrillic with the rows named; one click exports Excel (UTF-8)', async () => {
    ids.olga = (await call<{ id: string }>('people.create', {
      firmId: ids.dvorak, firstName: 'Ольга', lastName: 'Иванова', channels: [{ kind: 'email', value: 'olga@example.ru' }],
    })).id;
    await call('subscriptions.set', { topicId: ids.topic, personId: ids.olga, subscribed: true, source: 'web' });
    await expect.poll(() => tid('mailing-count').getAttribute('data-rows')).toBe('3');
    await tid('mailing-format').selectOption('excel-cz');
    await tid('mailing-export').click();
    const error = tid('mailing-error');
    await error.waitFor();
    expect(await error.getAttribute('data-key')).toBe('errors.unencodable');
    expect(await error.textContent()).toContain('Excel (Czech)');
    // the person and the firm by name, not only the row
    expect(await error.textContent()).toContain('Ольга Иванова (Strojírny Dvořák s.r.o.)');
    await s.shot('52-mailing-unencodable');
    const { name, bytes } = await download(() => tid('mailing-use-utf8').click());
    expect(name).toMatch(/\.csv$/i);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text).toContain('Иванова');
    expect(text).toContain('Šťastný');
    expect(text.split('\r\n')[0]).toContain(';');
    expect(await tid('mailing-format').inputValue()).toBe('excel-utf8');
    await tid('mailing-error').waitFor({ state: 'detached' });
  });

  it('opens the saved selection again with its conditions, consent and columns', async () => {
    await tid('mailing-new').click();
    await expect.poll(() => tid('mailing-condition').count()).toBe(0);
    await tid('mailing-saved').selectOption({ label: SELECTION });
    await expect.poll(() => tid('mailing-condition').count()).toBe(3);
    expect(await tid('mailing-topic').inputValue()).toBe(ids.topic);
    expect((await columnKeys())[0]).toBe('lastName');
    expect(await tid('mailing-save-name').inputValue()).toBe(SELECTION);
    await expect.poll(() => tid('mailing-count').getAttribute('data-rows')).toBe('3');
  });
});

describe('topics, consent and the export log', () => {
  it('manages a person\'s newsletters on the firm card: subscribing counts them in', async () => {
    await tid('nav-firms').click();
    await tid('firm-search').fill('dvorak');
    await tid('firm-row').filter({ hasText: 'Strojírny Dvořák' }).first().click();
    await tid('card-tab-people').click();
    const row = s.page.locator(`[data-testid="person-row"][data-person-id="${ids.novakova}"]`);
    await row.getByTestId('subscriptions-open').click();
    const topicRow = tid('subscriptions-row').filter({ hasText: TOPIC });
    await topicRow.waitFor();
    expect(await topicRow.getAttribute('data-state')).toBe('none');
    await tid('subscriptions-source').fill('telefonát 5. 5.');
    await topicRow.getByTestId('subscriptions-subscribe').click();
    await expect.poll(() => topicRow.getAttribute('data-state')).toBe('subscribed');
    expect(await topicRow.getByTestId('subscriptions-detail').textContent()).toContain('telefonát 5. 5.');
    await s.shot('53-subscriptions-dialog');
    await s.page.keyboard.press('Escape');

    await tid('nav-mailing').click();
    await expect.poll(() => tid('mailing-count').getAttribute('data-rows')).toBe('4');
    expect(await tid('mailing-count').textContent()).toBe('4 rows, 1 excluded: opted out');
  });

  it('subscribes a lead from the leads screen', async () => {
    const lead = (await call<{ id: string }>('leads.create', { company: 'Veletržní kontakt s.r.o.', lastName: 'Horák', email: 'horak@example.cz' })).id;
    await tid('nav-leads').click();
    const row = s.page.locator(`[data-testid="lead-row"][data-lead-id="${lead}"]`);
    await row.getByTestId('subscriptions-open').click();
    // The click opened the dialog, not the lead's card.
    const topicRow = tid('subscriptions-row').filter({ hasText: TOPIC });
    await topicRow.waitFor();
    await tid('subscriptions-source').fill('veletrh Brno');
    await topicRow.getByTestId('subscriptions-subscribe').click();
    await expect.poll(() => topicRow.getAttribute('data-state')).toBe('subscribed');
    await topicRow.getByTestId('subscriptions-optout').click();
    await expect.poll(() => topicRow.getAttribute('data-state')).toBe('opted_out');
    expect(await topicRow.getByTestId('subscriptions-detail').textContent()).toMatch(/veletrh Brno.*opted out/);
    await s.page.keyboard.press('Escape');
    await tid('lead-table').waitFor();
  });

  it('adds a topic in Settings and lists every export in the log', async () => {
    await tid('nav-settings').click();
    const ceník = tid('topics-row').filter({ hasText: TOPIC });
    await ceník.waitFor();
    expect(await ceník.getByTestId('topics-row-subscribers').getAttribute('data-n')).toBe('5');
    await tid('topics-new').click();
    await tid('topics-name').fill('Akce a veletrhy');
    await tid('topics-save').click();
    await tid('topics-row').filter({ hasText: 'Akce a veletrhy' }).waitFor();

    await expect.poll(() => tid('export-log-row').count()).toBe(3);
    const rows = await tid('export-log-row').allTextContents();
    for (const r of rows) expect(r).toContain(SELECTION);
    expect(rows.join('\n')).toContain('Excel (UTF-8)');
    expect(rows.join('\n')).toContain('Excel workbook (XLSX)');
    expect(rows.join('\n')).toContain('Eva Nováková');
    await tid('settings-export-log').scrollIntoViewIfNeeded();
    await s.shot('54-topics-and-export-log');
  });

  it('deletes the saved selection', async () => {
    await tid('nav-mailing').click();
    await tid('mailing-delete').click();
    await tid('mailing-delete-confirm').click();
    await expect.poll(() => tid('mailing-saved').locator('option').allTextContents()).not.toContain(SELECTION);
    expect(await call<SavedSelection[]>('selections.list', {})).toEqual([]);
    // The draft stays on screen; in Czech the count speaks Czech plurals.
    await tid('lang-select').selectOption('cs');
    await expect.poll(() => tid('mailing-count').textContent()).toBe('4 řádky, 1 vyřazen (odhlášení)');
    await expect.poll(() => s.page.locator('[data-testid="mailing-preview"] th').first().textContent()).not.toBe('Last name');
    await s.shot('55-mailing-cs');
  });

  it('names an unsaved selection’s file in the UI’s language (now Czech), not "export"', async () => {
    await tid('mailing-new').click();
    await tid('mailing-format').selectOption('xlsx');
    const { name, bytes } = await download(() => tid('mailing-export').click());
    expect(name).toMatch(/^Adresář osob \d{4}-\d{2}-\d{2}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as Parameters<typeof wb.xlsx.load>[0]);
    expect(wb.worksheets[0]!.name).toBe('Adresář osob');
  });
});
