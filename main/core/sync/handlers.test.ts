// The sync channels on two real laptops (database files) and the model server: joining, sync now,
// the status, conflicts kept mine or theirs, and the translated failures.
import { afterEach, describe, expect, it } from 'vitest';
import { openTestCore, caller, type TestCore } from '../test-helpers.ts';
import { createCore } from '../dispatcher.ts';
import { ModelServer } from './model-server.ts';
import type { FetchLike } from './client.ts';

const open: TestCore[] = [];
afterEach(async () => { for (const t of open.splice(0)) await t.close(); });

async function laptop(server: ModelServer, code: string, fetch: FetchLike = server.fetch) {
  const t = await openTestCore();
  open.push(t);
  server.invites.set(code, `token-${code}`);
  const core = createCore(t.open, { syncFetch: fetch });
  return { t, ...caller(core) };
}

/** Two laptops joined to one model server, a firm made on the first and synced to both. */
async function twoLaptopsSharingAFirm() {
  const server = new ModelServer();
  const a = await laptop(server, 'INVITE-A');
  const b = await laptop(server, 'INVITE-B');
  await a.call('sync.join', { url: 'http://server', code: 'INVITE-A' });
  await b.call('sync.join', { url: 'http://server', code: 'INVITE-B' });
  const { id } = await a.call('firms.create', { name: 'Pekárna', kinds: ['customer'] });
  await a.call('sync.now', {});
  await b.call('sync.now', {});
  return { a, b, id };
}

describe('sync channels', () => {
  it('a laptop alone: not configured, its changes waiting; sync now says to join first', async () => {
    const server = new ModelServer();
    const a = await laptop(server, 'INVITE-A');
    await a.call('firms.create', { name: 'Pekárna Novák', kinds: ['customer'] });
    const status = await a.call('sync.status', {});
    expect(status).toMatchObject({ configured: false, lastSyncAt: null, lastError: null, openConflicts: 0 });
    expect(status.waiting).toBeGreaterThan(0);
    expect(await a.fail('sync.now', {})).toMatchObject({ messageKey: 'errors.sync_not_configured' });
    expect(await a.fail('sync.join', { url: 'http://server', code: 'WRONG-CODE' })).toMatchObject({ messageKey: 'errors.sync_invite_invalid' });
    expect(await a.fail('sync.join', { url: 'ftp://x', code: 'INVITE-A' })).toMatchObject({ field: 'url' });
  });

  it('joining makes the invited colleague this laptop\'s user: what it owned and wrote goes with them', async () => {
    const server = new ModelServer();
    const a = await laptop(server, 'INVITE-A');
    const before = (await a.call('app.info', {})).localUserId!;
    const { id } = await a.call('firms.create', { name: 'Pekárna Novák', kinds: ['customer'], ownerId: before });
    await a.call('sync.join', { url: 'http://server', code: 'INVITE-A' });
    await a.call('sync.now', {});
    const q = (sql: string, ...p: unknown[]) => a.t.open.sqlite.prepare(sql).get(...p) as Record<string, unknown> | undefined;
    expect(q('SELECT id, name, is_local FROM users WHERE is_local = 1')).toEqual({ id: 'u-joined', name: 'Jana', is_local: 1 });
    expect(q('SELECT 1 AS x FROM users WHERE id = ?', before)).toBeUndefined();
    expect(q('SELECT owner_id FROM firms WHERE id = ?', id)).toEqual({ owner_id: 'u-joined' });
    // The core acts as them from now on: a note written after joining is theirs.
    expect((await a.call('app.info', {})).localUserId).toBe('u-joined');
    await a.call('notes.create', { firmId: id, title: 'Schůzka', body: 'Po připojení', at: Date.now(), visibility: 'private' } as never);
    expect(q(`SELECT author_id FROM notes WHERE body = 'Po připojení'`)).toEqual({ author_id: 'u-joined' });
  });

  it('two laptops join and sync: a firm created on one is listed and found on the other', async () => {
    const server = new ModelServer();
    const a = await laptop(server, 'INVITE-A');
    const b = await laptop(server, 'INVITE-B');
    expect(await a.call('sync.join', { url: 'http://server/', code: 'INVITE-A' })).toEqual({ workspaceName: 'Kancelář', userId: 'u-joined' });
    await b.call('sync.join', { url: 'http://server', code: 'INVITE-B' });
    const { id } = await a.call('firms.create', { name: 'Pekárna Novák', kinds: ['customer'] });
    expect((await b.call('firms.list', { locale: 'cs' })).rows.map((r) => r.name)).not.toContain('Pekárna Novák');
    const sent = await a.call('sync.now', {});
    expect(sent.pushed).toBeGreaterThan(0);
    expect(await a.call('sync.status', {})).toMatchObject({ configured: true, waiting: 0, lastError: null, workspaceName: 'Kancelář' });
    const got = await b.call('sync.now', {});
    expect(got.tables).toContain('firms');
    // The in-memory list and the search index follow.
    expect((await b.call('firms.list', { locale: 'cs' })).rows.map((r) => r.name)).toContain('Pekárna Novák');
    expect((await b.call('firms.list', { locale: 'cs', q: 'pekarna' })).rows.map((r) => r.id)).toEqual([id]);
  });

  it('a concurrent edit of one field is a conflict on the laptop that syncs second; "keep mine" wins everywhere', async () => {
    const { a, b, id } = await twoLaptopsSharingAFirm();
    a.t.open.sqlite.prepare(`UPDATE firms SET website = 'a.cz' WHERE id = ?`).run(id);
    b.t.open.sqlite.prepare(`UPDATE firms SET website = 'b.cz' WHERE id = ?`).run(id);
    await a.call('sync.now', {});
    expect((await b.call('sync.now', {})).conflicts).toBe(1);
    expect(await a.call('sync.conflicts.list', {})).toEqual([]);
    const [c] = await b.call('sync.conflicts.list', {});
    expect(c).toMatchObject({ kind: 'field', tbl: 'firms', rowId: id, col: 'website', localValue: 'b.cz', remoteValue: 'a.cz', resolvedAt: null });
    expect(c!.remoteDevice).toMatch(/^[0-9a-f]{16}$/);
    expect((await b.call('sync.status', {})).openConflicts).toBe(1);

    expect(await b.call('sync.conflicts.resolve', { id: c!.id, keep: 'mine' })).toEqual({ id: c!.id, resolution: 'mine' });
    expect(await b.fail('sync.conflicts.resolve', { id: c!.id, keep: 'theirs' })).toMatchObject({ messageKey: 'errors.sync_conflict_gone' });
    await b.call('sync.now', {});
    await a.call('sync.now', {});
    const website = (t: TestCore) => t.open.sqlite.prepare('SELECT website FROM firms WHERE id = ?').pluck().get(id);
    expect([website(a.t), website(b.t)]).toEqual(['b.cz', 'b.cz']);
    expect(await b.call('sync.conflicts.list', {})).toEqual([]);
    expect(await b.call('sync.conflicts.list', { includeResolved: true })).toHaveLength(1);
  });

  it('a firm a colleague moved to the Trash while it was edited here: both apply, and a notice offers to restore it — for everyone', async () => {
    const { a, b, id } = await twoLaptopsSharingAFirm();
    await a.call('firms.delete', { id });
    b.t.open.sqlite.prepare(`UPDATE firms SET website = 'b.cz' WHERE id = ?`).run(id);
    await a.call('sync.now', {});
    expect((await b.call('sync.now', {})).conflicts).toBe(1);
    const firm = (t: TestCore) => t.open.sqlite.prepare('SELECT website, deleted_at FROM firms WHERE id = ?').get(id) as { website: string; deleted_at: number | null };
    // In the Trash on B too, with B's edit kept in it.
    expect(firm(b.t)).toMatchObject({ website: 'b.cz' });
    expect(firm(b.t).deleted_at).not.toBeNull();
    const [c] = await b.call('sync.conflicts.list', {});
    expect(c).toMatchObject({ kind: 'deleted', tbl: 'firms', rowId: id, col: 'deleted_at' });
    expect(await b.call('sync.conflicts.resolve', { id: c!.id, keep: 'mine' })).toEqual({ id: c!.id, resolution: 'restored' });
    expect(firm(b.t).deleted_at).toBeNull();
    await b.call('sync.now', {});
    await a.call('sync.now', {});
    expect(firm(a.t)).toEqual({ website: 'b.cz', deleted_at: null });
    expect((await a.call('firms.list', { locale: 'cs' })).rows.map((r) => r.id)).toContain(id);

    // The other way round: B edits, A moves it to the Trash, B syncs first — A gets the notice.
    b.t.open.sqlite.prepare(`UPDATE firms SET website = 'b2.cz' WHERE id = ?`).run(id);
    await a.call('firms.delete', { id });
    await b.call('sync.now', {});
    expect((await a.call('sync.now', {})).conflicts).toBe(1);
    const [n] = await a.call('sync.conflicts.list', {});
    expect(n).toMatchObject({ kind: 'deleted', rowId: id, col: 'deleted_at' });
    expect(firm(a.t)).toMatchObject({ website: 'b2.cz' });
    expect(firm(a.t).deleted_at).not.toBeNull();
    expect(await a.call('sync.conflicts.resolve', { id: n!.id, keep: 'theirs' })).toEqual({ id: n!.id, resolution: 'dismissed' });
    expect(firm(a.t).deleted_at).not.toBeNull();
  });

  it('a server out of reach: a translated error, the changes kept, the status says what happened', async () => {
    const server = new ModelServer();
    let online = true;
    const a = await laptop(server, 'INVITE-A', async (url, init) => {
      if (!online) throw new Error('ECONNREFUSED');
      return server.fetch(url, init);
    });
    await a.call('sync.join', { url: 'http://server', code: 'INVITE-A' });
    await a.call('firms.create', { name: 'Offline s.r.o.', kinds: ['customer'] });
    online = false;
    expect(await a.fail('sync.now', {})).toMatchObject({ messageKey: 'errors.sync_network' });
    const status = await a.call('sync.status', {});
    expect(status.lastError).toBe('errors.sync_network');
    expect(status.waiting).toBeGreaterThan(0);
    online = true;
    await a.call('sync.now', {});
    expect(await a.call('sync.status', {})).toMatchObject({ lastError: null, waiting: 0 });
    expect(server.current().some((c) => c.col === 'name' && c.val === 'Offline s.r.o.')).toBe(true);
  });
});
