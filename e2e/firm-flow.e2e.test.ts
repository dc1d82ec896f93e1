// The two flows users touch most, end to end in Chromium against the browser host: create a
// firm, find it by typing without diacritics, open its card, add a person, log a call with a
// next contact, see it on the timeline and in the agenda, then switch to Czech.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, startSession, type Session } from './harness.ts';

let s: Session;
beforeAll(async () => { s = await startSession({ locale: 'en-US' }); });
afterAll(async () => { await s?.close(); });

const tid = (id: string) => s.page.getByTestId(id);
const inDays = (n: number) => {
  const d = new Date(Date.now() + n * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

describe('firm card and contact logging, in the browser', () => {
  it('creates a firm, with the IČO error shown at its field first', async () => {
    await tid('new-firm').click();
    await tid('firm-name').fill('Strojírny Dvořák s.r.o.');
    await tid('firm-ico').fill('12345678');
    await tid('save').click();
    // The wrong check digit is refused at the field, in the user's language, and nothing is saved.
    const icoField = s.page.locator('[data-testid="firm-ico"]');
    await expect.poll(() => icoField.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(async () => (await s.page.locator('.mantine-InputWrapper-error').allTextContents()).join(' ')).toMatch(/IČO/);
    await s.shot('01-firm-form-ico-error');
    await tid('firm-ico').fill('25596641');
    await tid('save').click();
    await tid('firm-card').waitFor();
    expect(await tid('firm-card').textContent()).toContain('Strojírny Dvořák s.r.o.');
  });

  it('finds the firm by typing without diacritics and opens its card', async () => {
    await tid('nav-firms').click();
    await tid('firm-search').fill('dvorak');
    const row = tid('firm-row').filter({ hasText: 'Strojírny Dvořák s.r.o.' });
    await row.waitFor();
    expect(await tid('firm-row').count()).toBe(1);
    await s.shot('02-search-without-diacritics');
    await row.click();
    await tid('firm-card').waitFor();
  });

  it('adds a person to the firm', async () => {
    await tid('add-person').click();
    await tid('person-first-name').fill('Jiří');
    await tid('person-last-name').fill('Šťastný');
    await tid('save').click();
    await tid('person-row').filter({ hasText: 'Šťastný' }).waitFor();
    await s.shot('03-person-added');
  });

  it('logs a call with Ctrl+L and a next contact; both show on the timeline', async () => {
    await s.page.keyboard.press('Control+l');
    await tid('contact-summary').waitFor();
    await tid('contact-summary').fill('Discussed the spring order of bearings');
    await tid('contact-next-enable').check();
    await tid('contact-next-date').fill(inDays(3));
    await tid('contact-next-task').fill('Send the price list and call back');
    await s.shot('04-log-contact-dialog');
    await tid('contact-summary').press('Enter');
    await tid('contact-summary').waitFor({ state: 'detached' });
    const items = tid('timeline-item');
    await expect.poll(() => items.count()).toBe(2);
    // Planned on top, then the call just logged; the person defaulted to the firm's main person.
    expect(await items.nth(0).textContent()).toContain('Send the price list and call back');
    expect(await items.nth(1).textContent()).toContain('Discussed the spring order of bearings');
    expect(await items.nth(1).textContent()).toContain('Šťastný');
    await s.shot('05-timeline');
  });

  it('shows the next contact in my agenda', async () => {
    await tid('nav-agenda').click();
    // The calendar opens on this week; the day view three days ahead always holds the contact.
    await tid('agenda-view-day').click();
    for (let i = 0; i < 3; i++) await tid('agenda-next').click();
    const item = tid('agenda-item').filter({ hasText: 'Send the price list and call back' });
    await item.waitFor();
    expect(await item.textContent()).toContain('Strojírny Dvořák s.r.o.');
    await s.shot('06-agenda');
  });

  it('switches to Čeština and shows Czech labels', async () => {
    await tid('lang-select').selectOption('cs');
    await expect.poll(() => tid('nav-firms').textContent()).toContain('Firmy');
    expect(await s.page.evaluate(() => document.documentElement.lang)).toBe('cs');
    await s.shot('07-agenda-cs');
    await tid('nav-firms').click();
    await expect.poll(() => tid('new-firm').textContent()).toContain('Nová firma');
    await s.shot('08-firms-cs');
    expect(fs.existsSync(path.join(ARTIFACTS, '08-firms-cs.png'))).toBe(true);
  });
});
