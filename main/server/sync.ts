// The five requests of the sync protocol (shared/sync.ts) against PostgreSQL, apart from HTTP.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import {
  MAX_CLOCK_AHEAD_MS, MAX_PULL_LIMIT, type Change, type JoinRequest, type JoinResponse, type LoggedChange,
  type MeResponse, type PullResponse, type PushRequest, type PushResponse, type SnapshotResponse, type SyncUser,
} from '../../shared/sync.ts';
import type { ServerDb } from './db.ts';
import { SyncError } from './errors.ts';
import { newToken, normalizeInviteCode, sha256 } from './tokens.ts';
import { visibilityFor, widensNote } from './visibility.ts';

/** Who a device token names. */
export interface Caller {
  deviceId: string; deviceName: string; workspaceId: string; workspaceName: string;
  user: SyncUser;
}

/** last_seen is written at most this often per device: a sync every few seconds need not
 * write a row each time. */
const LAST_SEEN_EVERY_MS = 60_000;

export async function authenticate(db: ServerDb, authorization: string | undefined, now: number): Promise<Caller> {
  const m = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(authorization ?? '');
  if (!m) throw new SyncError(401, 'unauthorized', 'a device token is required (Authorization: Bearer …)');
  const row = await db.selectFrom('devices as d')
    .innerJoin('users as u', (j) => j.onRef('u.workspace_id', '=', 'd.workspace_id').onRef('u.id', '=', 'd.user_id'))
    .innerJoin('workspaces as w', 'w.id', 'd.workspace_id')
    .select(['d.id', 'd.name', 'd.revoked_at', 'd.last_seen', 'd.workspace_id', 'w.name as workspace_name', 'u.id as user_id', 'u.name as user_name', 'u.role'])
    .where('d.token_hash', '=', sha256(m[1])).executeTakeFirst();
  if (!row) throw new SyncError(401, 'unauthorized', 'unknown device token');
  if (row.revoked_at) throw new SyncError(403, 'revoked', 'this device was cut off by an administrator');
  if (!row.last_seen || now - row.last_seen.getTime() > LAST_SEEN_EVERY_MS) {
    await db.updateTable('devices').set({ last_seen: new Date(now) }).where('id', '=', row.id).execute();
  }
  return {
    deviceId: row.id, deviceName: row.name, workspaceId: row.workspace_id, workspaceName: row.workspace_name,
    user: { id: row.user_id, name: row.user_name, role: row.role },
  };
}

/** An invite code becomes a device token, once. A device id already known (the laptop joins
 * again with a new code, e.g. after it was revoked and found) gets the new token and user. */
export async function join(db: ServerDb, req: JoinRequest, now: number): Promise<JoinResponse> {
  return db.transaction().execute(async (trx) => {
    const invite = await trx.selectFrom('invites as i')
      .innerJoin('users as u', (j) => j.onRef('u.workspace_id', '=', 'i.workspace_id').onRef('u.id', '=', 'i.user_id'))
      .innerJoin('workspaces as w', 'w.id', 'i.workspace_id')
      .select(['i.id', 'i.used_at', 'i.expires_at', 'i.workspace_id', 'w.name as workspace_name', 'u.id as user_id', 'u.name as user_name', 'u.role'])
      .where('i.code_hash', '=', sha256(normalizeInviteCode(req.code)))
      .forUpdate('i').executeTakeFirst();
    if (!invite || invite.used_at || invite.expires_at.getTime() <= now) {
      throw new SyncError(403, 'invite_invalid', 'the invite code is unknown, already used or expired');
    }
    const deviceId = req.deviceId ?? randomBytes(8).toString('hex');
    const other = await trx.selectFrom('devices').select('workspace_id').where('id', '=', deviceId).executeTakeFirst();
    if (other && other.workspace_id !== invite.workspace_id) {
      throw new SyncError(409, 'invalid', 'this device belongs to another workspace', { field: 'deviceId' });
    }
    const token = newToken();
    await trx.insertInto('devices').values({
      id: deviceId, workspace_id: invite.workspace_id, user_id: invite.user_id, name: req.deviceName,
      token_hash: sha256(token), revoked_at: null, last_seen: new Date(now),
    }).onConflict((oc) => oc.column('id').doUpdateSet({
      user_id: invite.user_id, name: req.deviceName, token_hash: sha256(token), revoked_at: null, last_seen: new Date(now),
    })).execute();
    await trx.updateTable('invites').set({ used_at: new Date(now) }).where('id', '=', invite.id).execute();
    return {
      token,
      workspace: { id: invite.workspace_id, name: invite.workspace_name },
      user: { id: invite.user_id, name: invite.user_name, role: invite.role },
      device: { id: deviceId, name: req.deviceName },
    };
  });
}

export async function me(db: ServerDb, caller: Caller): Promise<MeResponse> {
  const users = await db.selectFrom('users').select(['id', 'name', 'role'])
    .where('workspace_id', '=', caller.workspaceId).where('id', '<>', caller.user.id).orderBy('name').orderBy('id').execute();
  return {
    workspace: { id: caller.workspaceId, name: caller.workspaceName },
    user: caller.user,
    device: { id: caller.deviceId, name: caller.deviceName },
    colleagues: users.map((u) => ({ id: u.id, name: u.name, role: u.role })),
  };
}

/** Wall-clock milliseconds of a stamp: its first 12 hex digits. */
export const stampMs = (hlc: string): number => parseInt(hlc.slice(0, 12), 16);

/**
 * One transaction. A batch id seen before adds nothing; a stamp too far ahead of the server's
 * clock refuses the whole batch before anything is written. The state is written first, beside
 * other pushes (last writer wins whatever the order); only the log positions are taken under the
 * workspace row's lock, which is held to the commit — so pushes to a workspace take turns for as
 * short as one statement, and their positions are gapless and commit in order (a puller never
 * sees seq n+1 before n).
 */
export async function push(db: ServerDb, caller: Caller, req: PushRequest, now: number): Promise<PushResponse> {
  const newest = req.changes.reduce((m, c) => Math.max(m, stampMs(c.hlc)), 0);
  if (newest - now > MAX_CLOCK_AHEAD_MS) {
    throw new SyncError(409, 'clock_ahead', `this device's clock is ${Math.round((newest - now) / 60_000)} min ahead of the server's: set the clock right, then sync again`, { serverTime: now, aheadMs: newest - now });
  }
  const ws = caller.workspaceId;
  return retryDeadlock(() => db.transaction().execute(async (trx) => {
    // A retry of the same batch running at once waits here for the first one's commit.
    const fresh = await trx.insertInto('push_batches').values({ device_id: caller.deviceId, batch: req.batch, accepted: req.changes.length })
      .onConflict((oc) => oc.doNothing()).returning('batch').executeTakeFirst();
    if (!fresh) return { accepted: 0, duplicate: true, serverTime: now };
    if (!req.changes.length) return { accepted: 0, duplicate: false, serverTime: now };

    const cs = req.changes;
    // The state: per field the largest stamp wins. One statement cannot touch a key twice, so
    // the batch is first reduced to its newest change per field; in key order, so two pushes
    // lock the rows they share in the same order (no deadlock).
    const newestPerField = new Map<string, Change>();
    for (const c of cs) {
      const key = `${c.tbl}\u0000${c.row}\u0000${c.col ?? ''}`;
      const had = newestPerField.get(key);
      if (!had || had.hlc <= c.hlc) newestPerField.set(key, c);
    }
    const st = [...newestPerField.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, c]) => c);
    const tombstones = st.filter((c) => c.col === null);
    if (tombstones.length) {
      // A deleted row keeps no values older than its deletion (an erasure must not linger in
      // the state a new laptop starts from); later edits stay, the tombstone beside them.
      await sql`
        DELETE FROM row_state d USING unnest(${tombstones.map((c) => c.tbl)}::text[], ${tombstones.map((c) => c.row)}::text[], ${tombstones.map((c) => c.hlc)}::text[]) AS x(t, r, h)
        WHERE d.workspace_id = ${ws} AND d.tbl = x.t AND d.row_id = x.r AND d.col <> '' AND d.hlc < x.h COLLATE "C"`.execute(trx);
    }
    await sql`
      INSERT INTO row_state (workspace_id, tbl, row_id, col, val, hlc)
      SELECT ${ws}, x.t, x.r, x.c, x.v::jsonb, x.h
      FROM unnest(${st.map((c) => c.tbl)}::text[], ${st.map((c) => c.row)}::text[], ${st.map((c) => c.col ?? '')}::text[],
        ${st.map((c) => JSON.stringify(c.val))}::text[], ${st.map((c) => c.hlc)}::text[]) WITH ORDINALITY AS x(t, r, c, v, h, o)
      WHERE x.c = '' OR NOT EXISTS (SELECT 1 FROM row_state d WHERE d.workspace_id = ${ws} AND d.tbl = x.t AND d.row_id = x.r
        AND d.col = '' AND d.hlc > x.h COLLATE "C")
      ORDER BY x.o
      ON CONFLICT (workspace_id, tbl, row_id, col) DO UPDATE SET val = EXCLUDED.val, hlc = EXCLUDED.hlc
      WHERE row_state.hlc < EXCLUDED.hlc`.execute(trx);

    const log: Change[] = [...cs, ...await widenedNotesState(trx, ws, cs)];
    // Positions taken and the log written in one statement, under the workspace row's lock.
    await sql`
      WITH alloc AS (
        UPDATE workspaces SET next_seq = next_seq + ${log.length} WHERE id = ${ws} RETURNING next_seq - ${log.length} AS first
      )
      INSERT INTO change_log (workspace_id, seq, tbl, row_id, col, val, hlc, device_id, user_id)
      SELECT ${ws}, alloc.first + x.o - 1, x.t, x.r, x.c, x.v::jsonb, x.h, ${caller.deviceId}, ${caller.user.id}
      FROM alloc, unnest(${log.map((c) => c.tbl)}::text[], ${log.map((c) => c.row)}::text[], ${log.map((c) => c.col)}::text[],
        ${log.map((c) => JSON.stringify(c.val))}::text[], ${log.map((c) => c.hlc)}::text[]) WITH ORDINALITY AS x(t, r, c, v, h, o)`.execute(trx);
    return { accepted: cs.length, duplicate: false, serverTime: now };
  }));
}

/** Two pushes deleting the same rows may still deadlock (PostgreSQL then aborts one): that one
 * runs again, as the laptop would retry it, instead of failing. */
async function retryDeadlock<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (e) {
      if ((e as { code?: string }).code !== '40P01' || attempt >= 3) throw e;
    }
  }
}

/**
 * A note made visible to more people (its visibility or author changed, a share added): those
 * people's cursors are past its history, so its current state (the note's fields and its shares)
 * goes to the log again with the original stamps — a no-op for devices that had it (same stamp,
 * same value), the whole note for the new readers. What this batch itself says is not repeated.
 */
async function widenedNotesState(trx: ServerDb, ws: string, cs: readonly Change[]): Promise<Change[]> {
  const notes = new Set<string>();
  const shares: string[] = [];
  for (const c of cs) {
    if (!widensNote(c.tbl, c.col)) continue;
    if (c.tbl === 'notes') notes.add(c.row);
    else shares.push(c.row);
  }
  if (shares.length) {
    const rows = await trx.selectFrom('row_state').select(sql<string>`val #>> '{}'`.as('note_id'))
      .where('workspace_id', '=', ws).where('tbl', '=', 'note_shares').where('col', '=', 'note_id')
      .where('row_id', 'in', shares).execute();
    for (const r of rows) notes.add(r.note_id);
  }
  if (!notes.size) return [];
  const ids = [...notes];
  const rows = await trx.selectFrom('row_state').select(['tbl', 'row_id', 'col', 'val', 'hlc'])
    .where('workspace_id', '=', ws)
    .where((eb) => eb.or([
      eb.and([eb('tbl', '=', 'notes'), eb('row_id', 'in', ids)]),
      eb.and([eb('tbl', '=', 'note_shares'), eb('row_id', 'in', eb.selectFrom('row_state').select('row_id')
        .where('workspace_id', '=', ws).where('tbl', '=', 'note_shares').where('col', '=', 'note_id')
        .where(sql<string>`val #>> '{}'`, 'in', ids))]),
    ]))
    .orderBy('tbl').orderBy('row_id').orderBy('col').execute();
  const said = new Set(cs.map((c) => `${c.tbl}\u0000${c.row}\u0000${c.col ?? ''}\u0000${c.hlc}`));
  return rows.filter((r) => !said.has(`${r.tbl}\u0000${r.row_id}\u0000${r.col}\u0000${r.hlc}`))
    .map((r) => ({ tbl: r.tbl, row: r.row_id, col: r.col === '' ? null : r.col, val: r.val, hlc: r.hlc }));
}

function parseLimit(limit: string | null | undefined): number {
  if (limit == null || limit === '') return 1000;
  const n = Number(limit);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PULL_LIMIT) {
    throw new SyncError(400, 'invalid', `limit must be a whole number from 1 to ${MAX_PULL_LIMIT}`, { field: 'limit' });
  }
  return n;
}

/**
 * The log after `after`, a page at a time, in seq order, what this user may see. The cursor is
 * the last position scanned (a page may hold fewer changes than it scanned). A device gets its
 * own changes back too: applying them is a no-op on the laptop (same stamp, same value), and
 * the re-sent state of a widened note (above) must reach every device of its readers.
 */
export async function pull(db: ServerDb, caller: Caller, after: string | null | undefined, limitText: string | null | undefined): Promise<PullResponse> {
  const limit = parseLimit(limitText);
  const from = after == null || after === '' ? 0 : Number(after);
  if (!/^\d{0,16}$/.test(after ?? '') || !Number.isSafeInteger(from)) {
    throw new SyncError(400, 'invalid', 'after must be a cursor this server gave', { field: 'after' });
  }
  const rows = await db.selectFrom('change_log').select(['seq', 'tbl', 'row_id', 'col', 'val', 'hlc', 'user_id'])
    .where('workspace_id', '=', caller.workspaceId).where('seq', '>', String(from))
    .orderBy('seq').limit(limit + 1).execute();
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const visible = await visibilityFor(db, caller.workspaceId, caller.user.id, page);
  const changes: LoggedChange[] = page.filter(visible).map((r) => ({ tbl: r.tbl, row: r.row_id, col: r.col, val: r.val, hlc: r.hlc, seq: Number(r.seq), user: r.user_id }));
  return { changes, cursor: String(page.length ? Number(page[page.length - 1].seq) : from), more };
}

interface SnapshotKey { s: number; k: [string, string, string] }

const encodeKey = (k: SnapshotKey): string => Buffer.from(JSON.stringify(k)).toString('base64url');

function decodeKey(text: string): SnapshotKey {
  try {
    const k = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as SnapshotKey;
    if (Number.isSafeInteger(k.s) && Array.isArray(k.k) && k.k.length === 3 && k.k.every((x) => typeof x === 'string')) return k;
  } catch { /* below */ }
  throw new SyncError(400, 'invalid', 'after must be a key this server gave', { field: 'after' });
}

/**
 * The current state in key order (table, row, column), a page at a time. Every page answers the
 * log position read before the first page: changes committed while the pages are fetched are
 * pulled from there afterwards (those already in a page apply again as no-ops), so none is missed.
 */
export async function snapshot(db: ServerDb, caller: Caller, after: string | null | undefined, limitText: string | null | undefined): Promise<SnapshotResponse> {
  const limit = parseLimit(limitText);
  const ws = caller.workspaceId;
  let key: SnapshotKey;
  if (after) key = decodeKey(after);
  else {
    const { next_seq } = await db.selectFrom('workspaces').select('next_seq').where('id', '=', ws).executeTakeFirstOrThrow();
    key = { s: Number(next_seq) - 1, k: ['', '', ''] };
  }
  const [t, r, c] = key.k;
  const rows = await db.selectFrom('row_state').select(['tbl', 'row_id', 'col', 'val', 'hlc'])
    .where('workspace_id', '=', ws)
    .where(sql<boolean>`(tbl, row_id, col) > (${t}::text COLLATE "C", ${r}::text COLLATE "C", ${c}::text COLLATE "C")`)
    .orderBy('tbl').orderBy('row_id').orderBy('col').limit(limit + 1).execute();
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const visible = await visibilityFor(db, ws, caller.user.id, page);
  const last = page[page.length - 1];
  return {
    changes: page.filter(visible).map((x) => ({ tbl: x.tbl, row: x.row_id, col: x.col === '' ? null : x.col, val: x.val, hlc: x.hlc })),
    next: more && last ? encodeKey({ s: key.s, k: [last.tbl, last.row_id, last.col] }) : null,
    cursor: String(key.s),
  };
}
