// A data-protection request end to end in Chromium, in Czech: from a person's row on the firm
// card, "Show everything we hold" previews the report and downloads it as JSON; "Erase personal
// data" says what goes and what stays, lists the note of another firm that names her, erases —
// and the card, search and the firm's history no longer show her, while her contact still reads
// "[vymazaná osoba]".
import fs from 'node:fs';
import type { Download, FrameLocator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSession, type Session } from './harness.ts';

let s: Session;
const tid = (id: string) => s.page.getByTestId(id);
const call = <T>(channel: string, input: unknown) => s.call<T>(channel, input);
const ids: Record<string, string> = {};
const FIRM = 'Strojírny Dvořák s.r.o.';
const EMAIL = 'kvetoslava.rerichova@dvorak-stroje.cz';

beforeAll(async () => {
  s = await startSession({ locale: 'cs-CZ' });
  ids.firm = (await call<{ id: string }>('firms.create', { name: FIRM, kinds: ['customer'] })).id;
  await call('people.create', { firmId: ids.firm, firstName: 'Petr', lastName: 'Dvořák', isMain: true });
  ids.her = (await call<{ id: string }>('people.create', {
    firmId: ids.firm, titleBefore: 'Ing.', firstName: 'Květoslava', lastName: 'Řeřichová', jobTitle: 'nákupčí',
    channels: [{ kind: 'email', value: EMAIL }, { kind: 'phone', value: '+420 603 917 254' }],
  })).id;
  const codes = await call<{ id: string; list: string; code: string }[]>('codes.list', {});
  const callKind = codes.find((c) => c.list === 'contact_kind' && c.code === 'call')!.id;
  const me = (await call<{ localUserId: string }>('app.info', {})).localUserId;
  await call('contacts.create', { firmId: ids.firm, personId: ids.her, status: 'done', at: Date.now() - 86_400_000, kindId: callKind,
    referentId: me, summary: 'Ceník na rok 2027' });
  const other = (await call<{ id: string }>('firms.create', { name: 'Slévárna Beneš a.s.', kinds: ['prospect'] })).id;
  await call('notes.create', { firmId: other, title: 'Doporučení', body: 'Volat Květoslava Řeřichová ze Strojíren.', at: Date.now(), visibility: 'everyone' });
  await s.page.reload();
  await tid('firm-row').first().waitFor();
});
afterAll(async () => { await s?.close(); });

const herRow = () => tid('person-row').filter({ hasText: 'Řeřichová' });
const frameIn = (scope: string): FrameLocator => s.page.getByTestId(scope).frameLocator('[data-testid="print-preview-frame"]');

async function search(q: string): Promise<void> {
  await tid('nav-firms').click();
  await tid('firm-search').fill(q);
}

describe('data protection', () => {
  it('shows everything held about a person: the printable report and its JSON', async () => {
    await search('Řeřichová');
    await expect.poll(() => tid('firm-row').allTextContents()).toEqual([expect.stringContaining(FIRM)]);
    await s.openCard(FIRM);
    await herRow().getByTestId('person-privacy').click();
    await tid('privacy-report').click();
    const text = () => frameIn('privacy-report-dialog').locator('body').innerText();
    await expect.poll(text, { timeout: 15_000 }).toContain(EMAIL);
    expect(await text()).toContain('Osobní údaje, které vedeme');
    expect(await text()).toContain('Ceník na rok 2027');
    expect(await text()).toContain('Doporučení');
    await s.shot('90-privacy-report');

    const [d] = await Promise.all([s.page.waitForEvent('download', { timeout: 20_000 }), tid('privacy-download-json').click()]) as [Download, void];
    expect(d.suggestedFilename()).toMatch(/^Ing\. Květoslava Řeřichová \d{4}-\d{2}-\d{2}\.json$/);
    const json = JSON.parse(fs.readFileSync((await d.path())!, 'utf8'));
    expect(json.people[0]).toMatchObject({ firstName: 'Květoslava', lastName: 'Řeřichová', emails: [{ value: EMAIL }] });
    expect(json.contacts.map((c: { summary: string }) => c.summary)).toEqual(['Ceník na rok 2027']);
    await s.page.keyboard.press('Escape');
    await tid('privacy-report-dialog').waitFor({ state: 'detached' });
  });

  it('erases her after saying what happens; the card and search no longer show her, her contact still reads', async () => {
    await herRow().getByTestId('person-privacy').click();
    await tid('privacy-erase').click();
    const dialog = tid('privacy-erase-dialog');
    await expect.poll(() => dialog.textContent()).toContain('[vymazaná osoba]');
    // The other firm's note that names her is listed before anything happens.
    await expect.poll(() => dialog.getByTestId('privacy-mention').allTextContents()).toEqual([expect.stringContaining('Doporučení')]);
    await s.shot('91-privacy-erase-confirm');
    await tid('privacy-erase-confirm').click();
    await tid('privacy-erased').waitFor();
    await s.shot('92-privacy-erased');
    await tid('privacy-erase-close').click();

    await expect.poll(() => tid('person-name').allTextContents()).toEqual(['Petr Dvořák']);
    await tid('card-tab-timeline').click();
    await expect.poll(() => tid('timeline-item').allTextContents()).toEqual([expect.stringContaining('Ceník na rok 2027')]);
    expect((await tid('timeline-item').allTextContents()).join()).toContain('[vymazaná osoba]');
    expect((await tid('timeline-item').allTextContents()).join()).not.toContain('Řeřichová');
    await s.shot('93-privacy-card-after');

    await search('Dvořák');
    await expect.poll(() => tid('firm-row').allTextContents()).toEqual([expect.stringContaining(FIRM)]);
    await tid('firm-search').fill('Řeřichová');
    await tid('firm-list-empty').waitFor();
    await tid('firm-search').fill('603 917 254');
    await tid('firm-list-empty').waitFor();
    expect(await tid('firm-row').count()).toBe(0);
  });

  it('reports and erases a whole firm from its card', async () => {
    await s.openCard('Slévárna Beneš a.s.');
    await tid('firm-privacy').click();
    await tid('privacy-report').click();
    const text = () => frameIn('privacy-report-dialog').locator('body').innerText();
    await expect.poll(text, { timeout: 15_000 }).toContain('Údaje, které o firmě vedeme');
    expect(await text()).toContain('Doporučení');
    await s.page.keyboard.press('Escape');
    await tid('privacy-report-dialog').waitFor({ state: 'detached' });

    await tid('firm-privacy').click();
    await tid('privacy-erase').click();
    await expect.poll(() => tid('privacy-erase-dialog').textContent()).toContain('[vymazaná firma]');
    await tid('privacy-erase-confirm').click();
    await tid('privacy-erased').waitFor();
    await s.shot('94-privacy-firm-erased');
    await tid('privacy-erase-close').click();
    // Back on the list, where the firm no longer is.
    await tid('firm-search').fill('Slévárna');
    await tid('firm-list-empty').waitFor();
  });
});
