// Searching the firm list end to end in Chromium (issue 14): hits by relevance with the reason
// shown on rows found other than by their name, Enter opening the top row, and a phone number
// found however it is typed. Screenshots 95-… in artifacts/e2e.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSession, type Session } from './harness.ts';

let s: Session;
const tid = (id: string) => s.page.getByTestId(id);
/** Firm ids by a short name. */
const ids: Record<string, string> = {};

beforeAll(async () => {
  s = await startSession({ locale: 'en-US' });
  const firm = async (name: string, extra: Record<string, unknown> = {}) =>
    (await s.call<{ id: string }>('firms.create', { name, kinds: ['customer'], ...extra })).id;
  ids.agro = await firm('Agro Bartoš a.s.', { addresses: [{ kind: 'registered', city: 'Praha', postalCode: '11000' }] });
  await s.call('people.create', { firmId: ids.agro, firstName: 'Pavel', lastName: 'Dvořák', isMain: true });
  ids.partners = await firm('Dvořák & partneři s.r.o.');
  ids.son = await firm('Dvořák a syn s.r.o.');
  ids.cerny = await firm('Černý a synové, spol. s r.o.');
  await s.call('people.create', { firmId: ids.cerny, firstName: 'Jan', lastName: 'Dvořák' });
  ids.gama = await firm('Gama Servis', { channels: [{ kind: 'phone', value: '+420 576 880 700' }] });
  await s.page.reload();
  await tid('nav-firms').waitFor();
});
afterAll(async () => { await s?.close(); });

const names = () => tid('firm-row').evaluateAll((rows) => rows.map((r) => r.querySelector('.name')!.textContent));

describe('firm search', () => {
  it('lists name matches first and says why the others were found', async () => {
    await tid('nav-firms').click();
    await tid('firm-search').fill('dvorak');
    await expect.poll(names).toEqual(['Dvořák & partneři s.r.o.', 'Dvořák a syn s.r.o.', 'Agro Bartoš a.s.', 'Černý a synové, spol. s r.o.']);
    const why = tid('firm-row').filter({ hasText: 'Agro Bartoš a.s.' }).getByTestId('firm-row-match');
    expect(await why.getAttribute('data-text')).toBe('person: Pavel Dvořák');
    expect(await why.getAttribute('data-match-kind')).toBe('person');
    // Rows found by their name say nothing more.
    expect(await tid('firm-row').filter({ hasText: 'Dvořák a syn s.r.o.' }).getByTestId('firm-row-match').count()).toBe(0);
    // The name header does not claim name order while the list is by relevance.
    expect(await tid('col-header-name').textContent()).toBe('Name · by relevance');
    expect(await tid('col-header-name').getAttribute('aria-sort')).toBeNull();
    await s.shot('95-search-by-relevance');
  });

  it('opens the top row on Enter', async () => {
    await tid('firm-search').fill('dvorak a syn');
    await tid('firm-search').press('Enter');
    await expect.poll(() => tid('firm-card').getAttribute('data-firm-id')).toBe(ids.son);
    await tid('nav-firms').click();
  });

  it('finds a phone number typed without spaces or with its country code', async () => {
    for (const q of ['576880700', '+420 576 880 700', '576-880-700']) {
      await tid('firm-search').fill(q);
      await expect.poll(names).toEqual(['Gama Servis']);
    }
    expect(await tid('firm-row-match').getAttribute('data-text')).toBe('+420 576 880 700');
    await s.shot('96-search-phone');
  });
});
