// The complete firm card, end to end in Chromium as a salesperson uses it: put a firm into a
// group and a tag, give it a code-list field value and find it by that field in the list, leave a
// note for one colleague only, drop a file on it and see it in the timeline, and turn a lead into
// a firm with its person and history. (Merging duplicates and undoing it: screens.e2e.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, closeDatabase, type OpenDb } from '../main/core/db/open.ts';
import { createCore } from '../main/core/dispatcher.ts';
import { startSession, type Session } from './harness.ts';

let s: Session;
const tid = (id: string) => s.page.getByTestId(id);

const call = <T>(channel: string, input: unknown) => s.call<T>(channel, input);

const ids: Record<string, string> = {};
const region: { id: string; moravia: string } = { id: '', moravia: '' };

beforeAll(async () => {
  s = await startSession({ locale: 'en-US' });
  for (const [key, name] of [['hana', 'Hana Dvořáková'], ['petr', 'Petr Šimek']] as const) {
    ids[key] = (await call<{ id: string }>('users.create', { name, email: `${key}@example.com` })).id;
  }
  for (const [key, name, city] of [['kovo', 'Kovo Tábor s.r.o.', 'Tábor'], ['agro', 'Agro Písek a.s.', 'Písek']] as const) {
    ids[key] = (await call<{ id: string }>('firms.create', {
      name, kinds: ['customer'], addresses: [{ kind: 'registered', street: 'Nádražní', number: '5', city, postalCode: '39001' }],
    })).id;
  }
  ids.group = (await call<{ id: string }>('segments.create', { kind: 'group', name: 'Jihočeský holding' })).id;
  ids.tag = (await call<{ id: string }>('segments.create', { kind: 'tag', name: 'Veletrh 2026' })).id;
  const def = await call<{ id: string; options: { id: string; label: string }[] }>('fields.create', {
    entity: 'firm', label: 'Region', type: 'text', options: [{ label: 'Bohemia' }, { label: 'Moravia' }],
  });
  region.id = def.id;
  region.moravia = def.options.find((o) => o.label === 'Moravia')!.id;
  await s.page.reload();
  await tid('firm-row').first().waitFor();
});
afterAll(async () => { await s?.close(); });

const openCard = (name: string) => s.openCard(name);

describe('the firm card', () => {
  it('adds the firm to a group and a tag from the card', async () => {
    await openCard('Kovo Tábor');
    await tid('segment-edit').click();
    const editor = tid('segment-editor');
    await editor.click();
    await s.page.keyboard.type('holding');
    await s.page.keyboard.press('Enter');
    await s.page.keyboard.type('veletrh');
    await s.page.keyboard.press('Enter');
    await s.page.keyboard.press('Escape');
    await tid('segment-editor-close').click();
    await expect.poll(() => tid('segment-chip').allTextContents()).toEqual(expect.arrayContaining([
      expect.stringContaining('Jihočeský holding'), expect.stringContaining('Veletrh 2026'),
    ]));
    // The membership is stored, not just drawn: the contract sees both.
    const card = await call<{ segments: { id: string }[] }>('firms.get', { id: ids.kovo });
    expect(card.segments.map((x) => x.id).sort()).toEqual([ids.group, ids.tag].sort());
  });

  it('sets a code-list field on the card and filters the firm list by it', async () => {
    await tid('field-edit').click();
    await tid(`field-input-${region.id}`).click();
    await s.page.getByRole('option', { name: 'Moravia' }).click();
    await tid('field-save').click();
    await expect.poll(() => tid(`field-value-${region.id}`).textContent()).toContain('Moravia');
    await s.shot('30-card-segments-fields');

    await tid('nav-firms').click();
    await tid('firm-search').fill('');
    await expect.poll(() => tid('firm-row').count()).toBe(2);
    await tid('filter-field').selectOption({ label: 'Region' });
    await tid('filter-field-op').selectOption('eq');
    await tid('filter-field-value').selectOption({ label: 'Moravia' });
    await tid('filter-field-apply').click();
    await expect.poll(() => tid('firm-row').allTextContents()).toEqual(['Kovo Tábor s.r.o.']);
    expect(await tid('filter-condition').textContent()).toContain('Region');
    await tid('filter-clear').click();
    await expect.poll(() => tid('firm-row').count()).toBe(2);
  });

  it('adds a note shared with one named colleague, and only that colleague sees it', async () => {
    await openCard('Kovo Tábor');
    await tid('card-tab-notes').click();
    await tid('note-new').click();
    await tid('note-title').fill('Rozpočet na 2027');
    await tid('note-body').fill('Jednatel čeká na schválení rozpočtu v lednu.');
    await tid('note-visibility').getByText('Chosen colleagues').click();
    await tid('note-share').click();
    await s.page.getByRole('option', { name: 'Hana Dvořáková' }).click();
    await s.page.keyboard.press('Escape');
    await s.shot('31-note-shared');
    await tid('note-save').click();
    await tid('note-row').filter({ hasText: 'Rozpočet na 2027' }).waitFor();

    // What the colleagues' own apps would show: the same database opened as each of them.
    let other: OpenDb | undefined;
    try {
      other = await openDatabase(s.dbPath, {});
      const titles = async (userId: string) => {
        const { envelope } = await createCore(other!, { actAs: userId }).dispatch('notes.list', { firmId: ids.kovo });
        if (!envelope.ok) throw new Error(JSON.stringify(envelope.error));
        return (envelope.value as { title: string }[]).map((n) => n.title);
      };
      expect(await titles(ids.hana!)).toContain('Rozpočet na 2027');
      expect(await titles(ids.petr!)).not.toContain('Rozpočet na 2027');
    } finally {
      if (other) await closeDatabase(other);
    }
  });

  it('attaches a file and sees it in the timeline', async () => {
    await tid('card-tab-attachments').click();
    await tid('attachment-input').setInputFiles({
      name: 'nabídka-2027.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% a small offer\n'),
    });
    await tid('attachment-row').filter({ hasText: 'nabídka-2027.pdf' }).waitFor();
    await tid('card-tab-timeline').click();
    const item = s.page.locator('[data-testid="timeline-item"][data-type="attachment"]');
    await expect.poll(() => item.allTextContents()).toEqual([expect.stringContaining('nabídka-2027.pdf')]);
    // The shared note and the group/tag changes are on the same stream.
    await expect.poll(() => s.page.locator('[data-testid="timeline-item"][data-type="note"]').count()).toBe(1);
    await s.shot('32-card-timeline');
    // Every type is shown until its chip is switched off.
    await tid('timeline-filter-attachment').click();
    await expect.poll(() => item.count()).toBe(0);
    await expect.poll(() => s.page.locator('[data-testid="timeline-item"][data-type="note"]').count()).toBe(1);
    await tid('timeline-filter-attachment').click();
    await expect.poll(() => item.count()).toBe(1);
  });

  it('converts a lead into a firm, carrying the person and its history over', async () => {
    const lead = await call<{ id: string }>('leads.create', {
      company: 'Pekárna U Mlýna', firstName: 'Jana', lastName: 'Malá', email: 'jana@umlyna.cz',
    });
    const me = (await call<{ localUserId: string }>('app.info', {})).localUserId;
    await call('contacts.create', {
      firmId: lead.id, kindId: await codeId('contact_kind', 'call'), referentId: me, at: Date.now() - 3_600_000,
      summary: 'Vizitka z veletrhu',
    });
    await tid('nav-leads').click();
    await tid('lead-row').filter({ hasText: 'Pekárna U Mlýna' }).click();
    await tid('lead-badge').waitFor();
    await tid('convert-lead').click();
    await tid('convert-new').check();
    await s.shot('33-convert-lead');
    await tid('convert-confirm').click();
    await expect.poll(() => tid('lead-badge').count()).toBe(0);
    await tid('firm-card-name').filter({ hasText: 'Pekárna U Mlýna' }).waitFor();
    await tid('card-tab-people').click();
    await expect.poll(() => tid('firm-card').textContent()).toContain('Malá');
    await tid('card-tab-timeline').click();
    await expect.poll(() => tid('timeline').textContent()).toContain('Vizitka z veletrhu');

    await tid('nav-leads').click();
    await tid('leads-empty').waitFor();
    await tid('nav-firms').click();
    await tid('firm-search').fill('mlyna');
    await expect.poll(() => tid('firm-row').allTextContents()).toEqual(['Pekárna U Mlýna']);
  });
});

async function codeId(list: string, code: string): Promise<string> {
  const hit = (await call<{ id: string; code: string }[]>('codes.list', { list })).find((c) => c.code === code);
  if (!hit) throw new Error(`no code ${list}.${code}`);
  return hit.id;
}
