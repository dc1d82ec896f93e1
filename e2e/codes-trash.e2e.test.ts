// Code lists and the Trash, end to end in Chromium: the office adds its own contact kinds in
// Settings (with the contract's errors in place), renames, reorders and retires them, and the
// contact dialog offers exactly the live ones — plus a retired one a contact already has;
// industries are picked from their list on the firm form. Then deletions: a person's e-mail no
// longer finds the firm, the Trash lists them with who and when, restores them, erases one for
// good and empties itself after asking.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSession, type Session } from './harness.ts';

let s: Session;
const tid = (id: string) => s.page.getByTestId(id);
const call = <T>(channel: string, input: unknown) => s.call<T>(channel, input);
const ids: Record<string, string> = {};

beforeAll(async () => {
  s = await startSession({ locale: 'en-US' });
  ids.firm = (await call<{ id: string }>('firms.create', {
    name: 'Pekárna Dvořák s.r.o.', kinds: ['customer'], channels: [{ kind: 'phone', value: '+420 493 123 456' }],
  })).id;
  ids.other = (await call<{ id: string }>('firms.create', { name: 'Kovo Tábor a.s.', kinds: ['supplier'] })).id;
  ids.petr = (await call<{ id: string }>('people.create', {
    firmId: ids.firm, firstName: 'Petr', lastName: 'Dvořák', isMain: true,
    channels: [{ kind: 'email', value: 'petr.dvorak@pekarna.cz' }, { kind: 'phone', value: '+420 777 888 999' }],
  })).id;
  await s.page.reload();
  await tid('firm-row').first().waitFor();
});
afterAll(async () => { await s?.close(); });

const rows = () => tid('code-row');
const names = () => tid('code-name').allTextContents();

const openCard = (name: string) => s.openCard(name);

describe('code lists in Settings', () => {
  it('adds the office’s own contact kinds, with the contract’s errors in place', async () => {
    await tid('nav-settings').click();
    await tid('settings-codes').scrollIntoViewIfNeeded();
    await expect.poll(names).toEqual(['Call', 'Meeting', 'Letter', 'E-mail', 'Event', 'Task']);
    for (const label of ['nákup', 'reklamace', 'seminář']) {
      await tid('code-new').fill(label);
      await tid('code-add').click();
      await expect.poll(names).toContain(label);
    }
    // Empty, and a name the list has (a built-in one's translation counts).
    await tid('code-new').fill('  ');
    await tid('code-add').click();
    await expect.poll(() => tid('code-new').getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => tid('settings-codes').textContent()).toContain('This field is required');
    await tid('code-new').fill('Seminář');
    await tid('code-add').click();
    await expect.poll(() => tid('settings-codes').textContent()).toContain('This list already has an entry called “seminář”.');
    await tid('code-new').fill('call');
    await tid('code-add').click();
    await expect.poll(() => tid('settings-codes').textContent()).toContain('This list already has an entry called “Call”.');
    await tid('code-new').fill('');
    expect(await names()).toEqual(['Call', 'Meeting', 'Letter', 'E-mail', 'Event', 'Task', 'nákup', 'reklamace', 'seminář']);
  });

  it('renames an entry, a built-in one too, and gives the built-in its standard name back', async () => {
    const seminar = rows().filter({ hasText: 'seminář' });
    await seminar.getByTestId('code-rename').click();
    await tid('code-label').fill('Seminář');
    await tid('code-save').click();
    await expect.poll(names).toContain('Seminář');
    await rows().filter({ hasText: 'Letter' }).getByTestId('code-rename').click();
    await tid('code-label').fill('Post');
    await tid('code-save').click();
    await expect.poll(names).toContain('Post');
    // The renamed built-in shows its standard name beside, and can have it back.
    await expect.poll(() => rows().filter({ hasText: 'Post' }).textContent()).toContain('(Letter)');
    await rows().filter({ hasText: 'Post' }).getByTestId('code-rename').click();
    await tid('code-reset').click();
    await expect.poll(names).toContain('Letter');
  });

  it('puts entries in order and retires one', async () => {
    const seminar = rows().filter({ hasText: 'Seminář' });
    await seminar.getByTestId('code-up').click();
    await expect.poll(names).toEqual(['Call', 'Meeting', 'Letter', 'E-mail', 'Event', 'Task', 'nákup', 'Seminář', 'reklamace']);
    await rows().filter({ hasText: 'Seminář' }).getByTestId('code-up').click();
    await expect.poll(names).toEqual(['Call', 'Meeting', 'Letter', 'E-mail', 'Event', 'Task', 'Seminář', 'nákup', 'reklamace']);
    await rows().filter({ hasText: 'reklamace' }).getByTestId('code-retire').click();
    await expect.poll(() => rows().filter({ hasText: 'reklamace' }).getAttribute('data-retired')).toBe('true');
    await s.shot('70-settings-code-lists');
  });

  it('offers only live entries, in order, in the contact dialog — and keeps a contact’s retired one', async () => {
    const workshop = await call<{ id: string }>('codes.add', { list: 'contact_kind', label: 'workshop' });
    await call('contacts.create', {
      firmId: ids.other, at: Date.UTC(2026, 0, 10, 9), kindId: workshop.id, referentId: (await call<{ localUserId: string }>('app.info', {})).localUserId,
      summary: 'Workshop on tooling',
    });
    await call('codes.retire', { id: workshop.id, retired: true });
    await openCard('Kovo Tábor');
    // The timeline names the retired kind as such.
    await tid('card-tab-timeline').click();
    await expect.poll(() => tid('timeline-item').first().textContent()).toContain('workshop (retired)');
    await tid('log-contact').click();
    await expect.poll(() => tid('contact-kind').locator('option').allTextContents())
      .toEqual(['Call', 'Meeting', 'Letter', 'E-mail', 'Event', 'Task', 'Seminář', 'nákup']);
    await s.page.keyboard.press('Escape');
    await tid('contact-dialog').waitFor({ state: 'hidden' });
    await tid('timeline-item').first().click();
    await expect.poll(() => tid('contact-kind').locator('option:checked').textContent()).toBe('workshop (retired)');
    expect(await tid('contact-kind').locator('option').allTextContents()).toEqual(
      ['Call', 'Meeting', 'Letter', 'E-mail', 'Event', 'Task', 'Seminář', 'nákup', 'workshop (retired)']);
    // Saved unchanged, it keeps the kind it has.
    await tid('contact-summary').fill('Workshop on tooling (2 h)');
    await tid('save').click();
    await expect.poll(() => tid('timeline-item').first().textContent()).toContain('Workshop on tooling (2 h)');
  });

  it('picks the industry from its list on the firm form', async () => {
    await tid('nav-settings').click();
    await tid('codes-list').selectOption('industry');
    await tid('codes-empty').waitFor();
    for (const label of ['Bakery', 'Engineering']) {
      await tid('code-new').fill(label);
      await tid('code-add').click();
      await expect.poll(names).toContain(label);
    }
    await openCard('Pekárna Dvořák');
    await tid('edit-firm').click();
    // The dialog and its options come after the click: waited for, not read at once (a busy machine).
    await expect.poll(() => tid('firm-industry').locator('option').allTextContents()).toEqual(['—', 'Bakery', 'Engineering']);
    await tid('firm-industry').selectOption({ label: 'Bakery' });
    await tid('save').click();
    await expect.poll(() => tid('firm-card-industry').textContent()).toBe('Bakery');
  });
});

describe('the Trash', () => {
  it('deleting a person takes their e-mail out of search; the Trash lists and restores them', async () => {
    await openCard('Pekárna Dvořák');
    await tid('person-row').filter({ hasText: 'Petr Dvořák' }).getByTestId('edit-person').click();
    await tid('delete-person').click();
    await tid('confirm-delete-person').click();
    await expect.poll(() => tid('person-row').count()).toBe(0);

    await tid('nav-firms').click();
    await tid('firm-search').fill('petr.dvorak@pekarna.cz');
    await tid('firm-list-empty').waitFor();
    await expect.poll(() => tid('firm-row').count()).toBe(0);

    await tid('nav-trash').click();
    const row = tid('trash-row').filter({ hasText: 'Petr Dvořák' });
    await row.waitFor();
    expect(await row.getAttribute('data-kind')).toBe('person');
    expect(await row.getByTestId('trash-who').textContent()).toBe('Eva Nováková');
    expect(await row.getByTestId('trash-when').textContent()).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    expect(await row.textContent()).toContain('with 2 more records');
    await row.getByTestId('trash-restore').click();
    await tid('trash-none').waitFor();

    await tid('nav-firms').click();
    await tid('firm-search').fill('petr.dvorak@pekarna.cz');
    await expect.poll(() => tid('firm-row').allTextContents()).toEqual(['Pekárna Dvořák s.r.o.']);
  });

  it('lists a deleted firm and a contact, filters by kind, erases one for good and empties itself', async () => {
    await openCard('Kovo Tábor');
    await tid('delete-firm').click();
    await tid('confirm-delete').click();
    await tid('firm-search').waitFor();
    await openCard('Pekárna Dvořák');
    await tid('edit-person').click();
    await tid('delete-person').click();
    await tid('confirm-delete-person').click();
    await expect.poll(() => tid('person-row').count()).toBe(0);

    await tid('nav-trash').click();
    await expect.poll(() => tid('trash-name').allTextContents()).toEqual(['Petr Dvořák', 'Kovo Tábor a.s.']);
    await tid('trash-kind').getByText('Firms').click();
    await expect.poll(() => tid('trash-name').allTextContents()).toEqual(['Kovo Tábor a.s.']);
    await s.shot('71-trash');
    await tid('trash-row').getByTestId('trash-erase').click();
    expect(await tid('trash-confirm-text').textContent()).toContain('Delete “Kovo Tábor a.s.” for good, together with the 1 record deleted along with it?');
    await tid('trash-confirm').click();
    await tid('trash-none').waitFor();
    expect(await call<{ total: number }>('trash.list', { kind: 'firm' })).toMatchObject({ total: 0 });

    await tid('trash-kind').getByText('All').click();
    await expect.poll(() => tid('trash-name').allTextContents()).toEqual(['Petr Dvořák']);
    // In Czech: the screen's words, and dates as Czech write them.
    await tid('lang-select').selectOption('cs');
    await expect.poll(() => tid('nav-trash').textContent()).toContain('Koš');
    await expect.poll(() => tid('trash-when').first().textContent()).toMatch(/^\d{2}\.\d{2}\.\d{4} \d{1,2}:\d{2}$/);
    await s.shot('72-trash-cs');
    await tid('trash-empty').click();
    expect(await tid('trash-confirm-text').textContent()).toContain('1 položka se smaže navždy');
    await tid('trash-confirm').click();
    await tid('trash-none').waitFor();
    expect(await tid('trash-empty').isDisabled()).toBe(true);
    await tid('lang-select').selectOption('en');
    // The person is gone for good: the firm's card no longer has them, and search does not find them.
    expect(await call<{ total: number }>('trash.list', {})).toMatchObject({ total: 0 });
    await tid('nav-firms').click();
    await tid('firm-search').fill('petr.dvorak@pekarna.cz');
    await expect.poll(() => tid('firm-row').count()).toBe(0);
  });
});
