// The screens of the complete firm card, end to end in Chromium against the browser host: the
// office's own fields and colleagues, the firm list's segment and field filters, columns and
// sorting, the duplicate warning, leads, segments with their card, merging duplicates (and
// undoing it), incomplete firms and a colleague's agenda.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSession, type Session } from './harness.ts';

let s: Session;
const tid = (id: string) => s.page.getByTestId(id);

const call = <T>(channel: string, input: unknown) => s.call<T>(channel, input);

const ids: Record<string, string> = {};

beforeAll(async () => {
  s = await startSession({ locale: 'en-US' });
  const firm = async (key: string, name: string, ico: string, city: string) => {
    ids[key] = (await call<{ id: string }>('firms.create', {
      name, kinds: ['customer'], ico,
      addresses: [{ kind: 'registered', street: 'Hlavní', number: '1', city, postalCode: '11000' }],
    })).id;
  };
  await firm('dvorak', 'Strojírny Dvořák s.r.o.', '25596641', 'Brno');
  await firm('dvorak2', 'Strojirny Dvorak, spol. s r.o.', '25596641', 'Brno');
  await firm('novak', 'Pekárna Novák a.s.', '', 'Olomouc');
  await firm('zeman', 'Zeman Logistika s.r.o.', '', 'Praha');
  const staff = await call<{ id: string }>('fields.create', { entity: 'firm', label: 'Employees', type: 'number' });
  ids.staff = staff.id;
  for (const [k, n] of [['dvorak', 120], ['novak', 15], ['zeman', 60]] as const) {
    await call('fields.set', { entity: 'firm', entityId: ids[k], values: [{ fieldId: staff.id, value: n }] });
  }
  ids.vip = (await call<{ id: string }>('segments.create', { kind: 'tag', name: 'VIP' })).id;
  await call('segments.members', { id: ids.vip, add: [ids.novak, ids.zeman] });
  await s.page.reload();
  await tid('firm-row').first().waitFor();
});
afterAll(async () => { await s?.close(); });

describe('settings', () => {
  it('defines a firm field tied to a code list, with its options', async () => {
    await tid('nav-settings').click();
    await tid('field-new').click();
    await tid('field-save').click();
    await expect.poll(() => tid('field-label').getAttribute('aria-invalid')).toBe('true');
    await tid('field-label').fill('Region');
    await tid('field-has-options').check();
    for (const o of ['Bohemia', 'Moravia']) {
      await tid('field-option-input').fill(o);
      await tid('field-option-add').click();
    }
    await tid('field-save').click();
    const row = tid('field-row').filter({ hasText: 'Region' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Bohemia, Moravia');
    await s.shot('20-settings-field');
  });

  it('adds a colleague, whose agenda can then be opened', async () => {
    await tid('user-new').click();
    await tid('user-name').fill('Hana Dvořáková');
    await tid('user-email').fill('hana@example.com');
    await tid('user-save').click();
    await tid('user-row').filter({ hasText: 'Hana Dvořáková' }).waitFor();
    await tid('nav-agenda').click();
    await expect.poll(() => tid('agenda-scope').locator('option').allTextContents()).toContain('Hana Dvořáková');
    await tid('agenda-scope').selectOption({ label: 'Hana Dvořáková' });
    await tid('agenda-empty').waitFor();
  });
});

describe('firm list filters', () => {
  it('filters by a tag, shows a field column and sorts by it', async () => {
    await tid('nav-firms').click();
    await tid('filter-segments').click();
    await s.page.keyboard.type('vip');
    await s.page.keyboard.press('Enter');
    await s.page.keyboard.press('Escape');
    await expect.poll(() => tid('firm-row').count()).toBe(2);
    await tid('column-picker').click();
    await tid(`column-option-${ids.staff}`).check();
    await s.page.keyboard.press('Escape');
    await tid(`col-header-${ids.staff}`).click();
    await expect.poll(() => tid('firm-row').allTextContents()).toEqual(['Pekárna Novák a.s.', 'Zeman Logistika s.r.o.']);
    await tid(`col-header-${ids.staff}`).click();
    await expect.poll(() => tid('firm-row').allTextContents()).toEqual(['Zeman Logistika s.r.o.', 'Pekárna Novák a.s.']);
    await s.shot('21-list-tag-column-sorted');
  });

  it('adds a range condition on a number field, keeps it across a card visit, and clears it', async () => {
    await tid('filter-clear').click();
    await expect.poll(() => tid('firm-row').count()).toBe(4);
    await tid('filter-field').selectOption({ label: 'Employees' });
    await tid('filter-field-op').selectOption('range');
    await tid('filter-field-value').fill('50');
    await tid('filter-field-apply').click();
    await expect.poll(() => tid('firm-row').count()).toBe(2);
    expect(await tid('filter-condition').textContent()).toContain('Employees ≥ 50');
    await tid('firm-row').first().click();
    await tid('firm-card').waitFor();
    await tid('nav-firms').click();
    await expect.poll(() => tid('firm-row').count()).toBe(2);
    await tid('filter-clear').click();
    await expect.poll(() => tid('firm-row').count()).toBe(4);
  });

  it('warns about a likely duplicate while a new firm is typed', async () => {
    await tid('new-firm').click();
    await tid('firm-name').fill('Nová firma');
    await tid('firm-ico').fill('25596641');
    await tid('dup-warning').waitFor();
    expect(await tid('dup-match').count()).toBe(2);
    expect(await tid('dup-warning').textContent()).toContain('same IČO');
    await s.shot('22-duplicate-warning');
    // What was typed is not dropped by a stray Escape: the dialog asks first.
    await s.page.keyboard.press('Escape');
    await tid('discard-confirm').click();
    await tid('firm-name').waitFor({ state: 'detached' });
  });

  it('says at the IČO field which firm already has it, and opens that firm', async () => {
    await tid('new-firm').click();
    await tid('firm-ico').fill('25596641');
    const taken = tid('ico-taken');
    await taken.waitFor();
    // Under the IČO field itself, naming one of the two firms that have it.
    const field = s.page.locator('.mantine-TextInput-root', { has: tid('firm-ico') });
    expect(await field.getByTestId('ico-taken').count()).toBe(1);
    const other = await taken.locator('button').getAttribute('data-firm-id');
    expect([ids.dvorak, ids.dvorak2]).toContain(other);
    await s.shot('22b-ico-taken');
    await taken.locator('button').click();
    const discard = tid('discard-confirm');
    if (await discard.isVisible().catch(() => false)) await discard.click();
    await expect.poll(() => tid('firm-card').getAttribute('data-firm-id')).toBe(other);
    await tid('nav-firms').click();
  });
});

describe('leads', () => {
  it('shows the contract\'s errors in place, saves a lead and opens it in the card', async () => {
    await tid('nav-leads').click();
    await tid('leads-empty').waitFor();
    await tid('new-lead').click();
    await tid('lead-save').click();
    await expect.poll(() => tid('lead-company').getAttribute('aria-invalid')).toBe('true');
    expect(await tid('lead-email').getAttribute('aria-invalid')).toBe('true');
    await tid('lead-first-name').fill('Jana');
    await tid('lead-last-name').fill('Malá');
    await tid('lead-phone').fill('+420 601 234 567');
    await tid('lead-save').click();
    await tid('lead-row').filter({ hasText: 'Malá' }).waitFor();
    await tid('lead-search').fill('mala');
    await expect.poll(() => tid('lead-row').count()).toBe(1);
    await s.shot('23-leads');
    await tid('lead-row').first().click();
    await tid('firm-card').waitFor();
  });
});

describe('segments', () => {
  it('creates a group headed by a parent firm, adds and removes members', async () => {
    await tid('nav-segments').click();
    await tid('segment-new').click();
    await tid('segment-kind').getByText('Group').click();
    await tid('segment-name').fill('Dvořák holding');
    await tid('segment-parent').click();
    await s.page.keyboard.type('dvorak');
    await s.page.locator('[data-combobox-option]').first().waitFor();
    await s.page.locator('[data-combobox-option]').first().click();
    await tid('segment-save').click();
    const row = tid('segment-row').filter({ hasText: 'Dvořák holding' });
    await row.waitFor();
    await row.click();
    await tid('segment-card').waitFor();
    expect(await tid('segment-parent-link').textContent()).toMatch(/Dvo[rř]/);
    await tid('segment-add-member').click();
    await tid('add-firms-search').fill('strojirny');
    await expect.poll(() => tid('add-firms-option').count()).toBe(2);
    await tid('add-firms-option').nth(0).check();
    await tid('add-firms-option').nth(1).check();
    await tid('add-firms-save').click();
    await expect.poll(() => tid('segment-member-row').count()).toBe(2);
    expect(await tid('segment-count-members').textContent()).toContain('2');
    await s.shot('24-segment-card');
    await tid('segment-member-remove').first().click();
    await expect.poll(() => tid('segment-member-row').count()).toBe(1);
  });
});

describe('data quality', () => {
  it('merges a duplicate pair with a per-field choice, then undoes the merge', async () => {
    await tid('nav-duplicates').click();
    await tid('dup-scan').click();
    const pair = tid('dup-pair').filter({ hasText: 'Strojírny Dvořák s.r.o.' });
    await pair.waitFor();
    expect(await pair.textContent()).toContain('same IČO');
    await pair.getByTestId('dup-review-open').click();
    await tid('dup-choice-name-survivor').waitFor();
    await tid('dup-choice-kinds-both').waitFor();
    await s.shot('25-duplicate-review');
    await tid('dup-merge').click();
    await tid('dup-merged').waitFor();
    await expect.poll(() => tid('merge-row').count()).toBe(1);
    await tid('dup-undo').click();
    await expect.poll(() => tid('dup-merged').textContent()).toContain('undone');
    await expect.poll(() => tid('merge-undo').count()).toBe(0);
  });

  it('lists incomplete firms with what they miss', async () => {
    await tid('nav-incomplete').click();
    const row = tid('incomplete-row').filter({ hasText: 'Pekárna Novák a.s.' });
    await row.waitFor();
    expect(await row.textContent()).toContain('IČO');
    await s.shot('26-incomplete');
    await row.click();
    await tid('firm-card').waitFor();
  });
});
