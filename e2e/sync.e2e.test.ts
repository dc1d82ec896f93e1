// End to end, issue 16: two laptops (two browser hosts, two database files) and the team's server
// on a real PostgreSQL (embedded, started here). Both join from Settings → Team with invite
// codes; a firm made on one reaches the other; edits of different fields of one firm made on
// both before either syncs both survive; the same field edited on both is a conflict on the
// laptop that syncs second — its badge, both values, "keep mine" — and after the next syncs
// every laptop holds the kept value; a deadline watch set on one laptop reminds the watcher on
// the other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSession, type Session } from './harness.ts';
import { startTestPg, type TestPg } from '../main/server/test-pg.ts';
import { createInvite, createWorkspace, startSyncServer, type SyncServer } from '../main/server/index.ts';

let pg: TestPg;
let server: SyncServer;
let eva: Session;
let petr: Session;

beforeAll(async () => {
  pg = await startTestPg();
  server = await startSyncServer({ pg: await pg.newDatabase(), port: 0 });
  eva = await startSession({ localUserName: 'Eva Nováková' });
  petr = await startSession({ localUserName: 'Petr Svoboda' });
}, 120_000);

afterAll(async () => {
  await eva?.close();
  await petr?.close();
  await server?.close();
  await pg?.stop();
}, 60_000);

const tid = (s: Session, id: string) => s.page.getByTestId(id);

async function join(s: Session, code: string) {
  await tid(s, 'nav-settings').click();
  await tid(s, 'join-url').fill(server.url);
  await tid(s, 'join-code').fill(code);
  await tid(s, 'join-submit').click();
  await tid(s, 'team-workspace').filter({ hasText: 'Kancelář Hořice' }).waitFor({ timeout: 30_000 });
}

/** "Sync now" in the status bar, and wait until it has finished. Twice: a click while an
 * automatic sync runs joins that one, which may have started before the last edit. */
async function syncNow(s: Session) {
  for (let i = 0; i < 2; i++) {
    await s.page.locator('[data-testid="sync-status"][data-running="0"]').waitFor({ timeout: 30_000 });
    await tid(s, 'sync-now').click();
    await s.page.locator('[data-testid="sync-status"][data-running="0"]').waitFor({ timeout: 30_000 });
  }
  expect(await tid(s, 'sync-error').count()).toBe(0);
}

async function editWebsite(s: Session, firm: string, website: string) {
  await s.openCard(firm);
  await tid(s, 'edit-firm').click();
  await tid(s, 'firm-website').fill(website);
  await tid(s, 'save').click();
  await tid(s, 'firm-form').waitFor({ state: 'hidden' });
}

const website = async (s: Session, id: string) => (await s.call<{ firm: { website: string; name: string } }>('firms.get', { id })).firm;

describe('two laptops and a server', () => {
  it('join with invite codes, exchange a firm, merge edits of different fields, and settle a conflict with "keep mine"', async () => {
    const evaId = (await eva.call<{ localUserId: string }>('app.info', {})).localUserId;
    // The office's admin is Eva (her laptop's user becomes the workspace's admin); Petr is invited.
    const ws = await createWorkspace(server.db, { name: 'Kancelář Hořice', adminName: 'Eva Nováková', adminId: evaId });
    const invite = await createInvite(server.db, { workspaceId: ws.workspaceId, name: 'Petr Svoboda' });

    // A laptop alone says nothing about sync; Settings offers to join.
    expect(await tid(petr, 'sync-status').count()).toBe(0);
    await join(eva, ws.invite.code);
    await join(petr, invite.code);
    await tid(petr, 'sync-status').waitFor();
    await petr.shot('110-sync-team-joined');

    const { id } = await eva.call<{ id: string }>('firms.create', { name: 'Pekárna Nováková s.r.o.', kinds: ['customer'], website: 'pekarna.cz' });
    await syncNow(eva);
    await eva.page.locator('[data-testid="sync-waiting"][data-n="0"]').waitFor();
    await syncNow(petr);
    await petr.openCard('Pekárna Nováková');
    // Petr's placeholder user became the invited colleague: the app acts as him under the server's id.
    const petrId = (await petr.call<{ localUserId: string }>('app.info', {})).localUserId;
    expect(petrId).toBe(invite.userId);

    // Different fields while neither syncs: Eva the website, Petr the name. Both survive.
    await editWebsite(eva, 'Pekárna Nováková', 'novakova-pekarna.cz');
    await petr.openCard('Pekárna Nováková');
    await tid(petr, 'edit-firm').click();
    await tid(petr, 'firm-name').fill('Pekárna Nováková a syn s.r.o.');
    await tid(petr, 'save').click();
    await tid(petr, 'firm-form').waitFor({ state: 'hidden' });
    await syncNow(eva);
    await syncNow(petr);
    await syncNow(eva);
    for (const s of [eva, petr]) {
      expect(await website(s, id)).toMatchObject({ name: 'Pekárna Nováková a syn s.r.o.', website: 'novakova-pekarna.cz' });
    }
    await eva.openCard('Pekárna Nováková a syn');
    await tid(eva, 'firm-card-name').filter({ hasText: 'a syn' }).waitFor();

    // The same field on both: Petr syncs second, so his laptop records the conflict.
    await editWebsite(eva, 'Pekárna Nováková a syn', 'eva.cz');
    await editWebsite(petr, 'Pekárna Nováková a syn', 'petr.cz');
    await syncNow(eva);
    await syncNow(petr);
    await petr.openCard('Pekárna Nováková a syn');
    await tid(petr, 'conflict-badge').click();
    expect(await tid(petr, 'conflict-mine').textContent()).toContain('petr.cz');
    expect(await tid(petr, 'conflict-theirs').textContent()).toContain('eva.cz');
    // Who: the colleague by name (the server's log knows whose device pushed it).
    expect(await tid(petr, 'conflict-theirs').textContent()).toContain('Eva Nováková');
    await petr.shot('111-sync-conflict');
    await tid(petr, 'conflict-keep-mine').click();
    // Decided: the badge (and its dialog) go.
    await tid(petr, 'conflict-badge').waitFor({ state: 'detached' });
    await tid(petr, 'conflict-list').waitFor({ state: 'detached' });
    await syncNow(petr);
    await syncNow(eva);
    for (const s of [eva, petr]) expect((await website(s, id)).website).toBe('petr.cz');
    await tid(eva, 'nav-settings').click();
    await tid(eva, 'conflicts-none').waitFor();
    await eva.shot('112-sync-settled');

    // A deadline watch Eva sets on her laptop reminds Petr, the watcher, on his: the offer is due
    // in just under two days and the watch starts two days before: it is due now.
    const [stage] = await eva.call<{ id: string }[]>('stages.list', {});
    await eva.call('opportunities.create', {
      firmId: id, title: 'Pec 2027', stageId: stage!.id, currency: 'CZK', ownerId: evaId, watcherIds: [petrId],
      deadlineAt: Date.now() + 2 * 86_400_000 - 60_000, watchDays: 2,
    });
    await syncNow(eva);
    await syncNow(petr);
    const petrReminders = await petr.call<{ title: string; kind: string }[]>('reminders.list', { state: 'pending' });
    expect(petrReminders).toEqual([expect.objectContaining({ kind: 'deadline', title: 'Pec 2027' })]);
    await petr.page.locator('[data-testid="reminder-bell"]:not([data-count="0"])').waitFor({ timeout: 30_000 });

    // Eva moves the firm to the Trash while Petr edits it: his edit is kept, the firm is in the
    // Trash on both, and Petr's laptop offers to restore it — for both.
    await editWebsite(petr, 'Pekárna Nováková a syn', 'petr-novy.cz');
    await eva.call('firms.delete', { id });
    await syncNow(eva);
    await syncNow(petr);
    await tid(petr, 'nav-settings').click();
    expect(await tid(petr, 'conflict-trashed').textContent()).toContain('Eva Nováková');
    await petr.shot('113-sync-trashed-notice');
    await tid(petr, 'conflict-restore').click();
    await tid(petr, 'conflicts-none').waitFor();
    await syncNow(petr);
    await syncNow(eva);
    await eva.openCard('Pekárna Nováková a syn');
    expect((await website(eva, id)).website).toBe('petr-novy.cz');
  }, 240_000);
});
