// A salesperson's and an office's first week, end to end in Chromium (in Czech): who else works
// a client reads right, a "done" contact dated next spring is refused with the offer to plan it,
// a half-written contact survives Escape, Ctrl+Enter saves from any field, and a fresh database
// asks once who is working with it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { format } from 'date-fns/format';
import { cs } from 'date-fns/locale/cs';
import { startSession, type Session } from './harness.ts';
import type { Code, Contact } from '../shared/types.ts';

let s: Session;
const tid = (id: string) => s.page.getByTestId(id);
const call = <T>(channel: string, input: unknown) => s.call<T>(channel, input);

const FIRM = 'Pekárna Dvořák s.r.o.';
const DAY = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');
/** The browser and this process share the machine's time zone: the form's local date. */
const localDate = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
/** Next spring, as typed into a date field: months after today. */
const SPRING = new Date(Date.now() + 100 * DAY);
SPRING.setHours(9, 0, 0, 0);
let firmId = '';

async function codeId(list: string, code: string): Promise<string> {
  return (await call<Code[]>('codes.list', { list })).find((c) => c.code === code)!.id;
}

async function openCard() {
  await s.page.goto(`${s.host.url.split('#')[0]}#/firm/${firmId}`);
  await tid('firm-card-name').filter({ hasText: FIRM }).waitFor();
}

beforeAll(async () => {
  s = await startSession({ locale: 'cs-CZ' });
  firmId = (await call<{ id: string }>('firms.create', { name: FIRM, kinds: ['customer'] })).id;
  const zsofia = (await call<{ id: string }>('users.create', { name: 'Zsófia Varga' })).id;
  const petr = (await call<{ id: string }>('users.create', { name: 'Petr Svoboda' })).id;
  const meeting = await codeId('contact_kind', 'meeting');
  // Zsófia only planned a visit; Petr called three days ago.
  await call('contacts.create', { firmId, status: 'planned', at: SPRING.getTime(), kindId: meeting, referentId: zsofia, summary: 'Návštěva v Hořicích' });
  await call('contacts.create', { firmId, status: 'done', at: Date.now() - 3 * DAY - 3_600_000, kindId: meeting, referentId: petr, summary: 'Telefonát' });
});
afterAll(async () => { await s?.close(); });

describe('who else works this client', () => {
  it('says a colleague who only planned has no last contact, with the planned date; another "naposledy před 3 dny"', async () => {
    await openCard();
    const rows = tid('colleague-row');
    await expect.poll(() => rows.allTextContents()).toEqual([
      `Zsófia Varga — 0 kontaktů, 1 plánovaný (${format(SPRING, 'P', { locale: cs })})`,
      'Petr Svoboda — 1 kontakt, naposledy před 3 dny',
    ]);
    await s.shot('80-card-colleagues');
  });
});

describe('the contact dialog', () => {
  it('closes at once without changes; with a half-written contact Escape asks, Keep editing keeps it', async () => {
    await tid('log-contact').click();
    await tid('contact-summary').waitFor();
    await s.page.keyboard.press('Escape');
    await tid('contact-summary').waitFor({ state: 'detached' });

    await tid('log-contact').click();
    await tid('contact-summary').fill('Domluvena ochutnávka nového pečiva');
    await s.page.keyboard.press('Escape');
    await tid('discard-question').waitFor();
    expect(await tid('discard-question').textContent()).toContain('Zahodit změny?');
    await s.shot('81-discard-question');
    await tid('discard-keep').click();
    await tid('discard-question').waitFor({ state: 'detached' });
    expect(await tid('contact-summary').inputValue()).toBe('Domluvena ochutnávka nového pečiva');
    // Escape while asked is "keep editing" too; the close button asks as well.
    await tid('contact-dialog').locator('.mantine-Modal-close').click();
    await tid('discard-question').waitFor();
    await s.page.keyboard.press('Escape');
    await tid('discard-question').waitFor({ state: 'detached' });
    expect(await tid('contact-summary').inputValue()).toBe('Domluvena ochutnávka nového pečiva');
    // Cancel asks too; Discard drops it and nothing is saved.
    await tid('dialog-cancel').click();
    await tid('discard-confirm').click();
    await tid('contact-summary').waitFor({ state: 'detached' });
    expect((await call<Contact[]>('contacts.list', { firmId })).map((c) => c.summary)).not.toContain('Domluvena ochutnávka nového pečiva');
  });

  it('saves with Ctrl+Enter from the summary field, not only from the note', async () => {
    await tid('log-contact').click();
    await tid('contact-summary').fill('Objednávka vánočních vánoček');
    await tid('contact-summary').press('Control+Enter');
    await tid('contact-summary').waitFor({ state: 'detached' });
    await expect.poll(async () => (await call<Contact[]>('contacts.list', { firmId })).map((c) => [c.status, c.summary]))
      .toContainEqual(['done', 'Objednávka vánočních vánoček']);
  });

  it('refuses a done contact dated next spring at its date, and turns it into a planned one on request', async () => {
    await tid('log-contact').click();
    await tid('contact-summary').fill('Degustace jarního sortimentu');
    await tid('contact-date').fill(localDate(SPRING));
    await tid('save').click();
    const error = tid('contact-done-future');
    await error.waitFor();
    expect(await error.textContent()).toContain('Proběhlý kontakt nemůže být v budoucnu.');
    await s.shot('82-done-in-future');
    await tid('contact-make-planned').click();
    await error.waitFor({ state: 'detached' });
    expect(await tid('contact-status').locator('input:checked').inputValue()).toBe('planned');
    await tid('save').click();
    await tid('contact-summary').waitFor({ state: 'detached' });
    const saved = (await call<Contact[]>('contacts.list', { firmId })).find((c) => c.summary === 'Degustace jarního sortimentu');
    expect(saved).toMatchObject({ status: 'planned' });
    expect(localDate(new Date(saved!.at))).toBe(localDate(SPRING));
  });
});

describe('first start', () => {
  let fresh: Session;
  afterAll(async () => { await fresh?.close(); });

  it('asks a fresh database who is working with it, once; saved, it leads to the letterhead and does not come back', async () => {
    fresh = await startSession({ locale: 'cs-CZ', localUserName: null });
    const ftid = (id: string) => fresh.page.getByTestId(id);
    await ftid('profile-name').waitFor();
    await fresh.shot('83-first-start');
    await ftid('profile-name').fill('Jana Dvořáková');
    await ftid('profile-email').fill('jana@');
    await ftid('profile-position').fill('obchodní zástupkyně');
    await ftid('profile-save').click();
    // The e-mail is refused in place, in Czech; nothing is stored yet.
    await expect.poll(() => ftid('first-start').textContent()).toContain('e-mail');
    await ftid('profile-email').fill('jana@kancelar.cz');
    expect(await ftid('profile-letterhead').isChecked()).toBe(true); // no letterhead yet: offered
    await ftid('profile-save').click();
    await ftid('profile-name').waitFor({ state: 'detached' });
    // Straight on to the letterhead, and the sidebar names her.
    await ftid('letterhead-tab').waitFor();
    expect(await ftid('local-user').textContent()).toContain('Jana Dvořáková');
    const me = (await fresh.call<{ name: string; email: string; position: string; isLocal: boolean }[]>('users.list', {})).find((u) => u.isLocal);
    expect(me).toMatchObject({ name: 'Jana Dvořáková', email: 'jana@kancelar.cz', position: 'obchodní zástupkyně' });
    // A new start of the app does not ask again.
    await fresh.page.reload();
    // The name and the question arrive together (app.info with the users): once she is named, it is decided.
    await ftid('local-user').filter({ hasText: 'Jana Dvořáková' }).waitFor();
    expect(await ftid('profile-name').count()).toBe(0);
    expect((await fresh.call<{ askProfile: boolean }>('app.info', {})).askProfile).toBe(false);
  });
});
