// What an office admin does to the server (`kartoteka server init|invite|revoke|devices`), as
// functions on an open database so tests and the laptop's end-to-end tests call them directly.
import { randomUUID } from 'node:crypto';
import type { ServerDb } from './db.ts';
import { SyncError } from './errors.ts';
import { newInviteCode, normalizeInviteCode, sha256 } from './tokens.ts';

/** How long an invite code stays usable when the admin says nothing. */
export const INVITE_DAYS = 14;

export interface Invite { code: string; userId: string; expiresAt: Date }

/** A workspace with its first admin and that admin's invite code. `adminId`: the admin's
 * users-row id in an existing laptop's data that becomes the workspace's first data. */
export async function createWorkspace(db: ServerDb, opts: { name: string; adminName: string; adminId?: string; now?: () => number }): Promise<{ workspaceId: string; invite: Invite }> {
  const workspaceId = randomUUID();
  return db.transaction().execute(async (trx) => {
    await trx.insertInto('workspaces').values({ id: workspaceId, name: opts.name }).execute();
    const invite = await inviteIn(trx, { workspaceId, name: opts.adminName, userId: opts.adminId, role: 'admin', now: opts.now });
    return { workspaceId, invite };
  });
}

/** An invite code for a colleague (a new user of the workspace, or `userId` already one of its
 * users — a laptop's users row — whose code was lost or who gets a second laptop). */
export async function createInvite(db: ServerDb, opts: { workspaceId: string; name: string; userId?: string; role?: 'admin' | 'member'; days?: number; now?: () => number }): Promise<Invite> {
  return db.transaction().execute((trx) => inviteIn(trx, opts));
}

async function inviteIn(db: ServerDb, opts: { workspaceId: string; name: string; userId?: string; role?: 'admin' | 'member'; days?: number; now?: () => number }): Promise<Invite> {
  const ws = await db.selectFrom('workspaces').select('id').where('id', '=', opts.workspaceId).executeTakeFirst();
  if (!ws) throw new SyncError(404, 'invalid', `there is no workspace ${opts.workspaceId}`, { field: 'workspace' });
  const userId = opts.userId ?? randomUUID();
  const role = opts.role ?? 'member';
  await db.insertInto('users').values({ workspace_id: opts.workspaceId, id: userId, name: opts.name, role })
    .onConflict((oc) => oc.columns(['workspace_id', 'id']).doUpdateSet({ name: opts.name, role }))
    .execute();
  const code = newInviteCode();
  const expiresAt = new Date((opts.now ?? Date.now)() + (opts.days ?? INVITE_DAYS) * 86_400_000);
  await db.insertInto('invites').values({ workspace_id: opts.workspaceId, user_id: userId, code_hash: sha256(normalizeInviteCode(code)), expires_at: expiresAt }).execute();
  return { code, userId, expiresAt };
}

/** Cuts a device off: its token is refused from the next request on (403 `revoked`). */
export async function revokeDevice(db: ServerDb, deviceId: string, now: () => number = Date.now): Promise<boolean> {
  const r = await db.updateTable('devices').set({ revoked_at: new Date(now()) })
    .where('id', '=', deviceId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export interface DeviceInfo {
  id: string; name: string; workspaceId: string; workspaceName: string; userId: string; userName: string;
  createdAt: Date; lastSeen: Date | null; revokedAt: Date | null;
}

export async function listDevices(db: ServerDb, workspaceId?: string): Promise<DeviceInfo[]> {
  let q = db.selectFrom('devices as d')
    .innerJoin('users as u', (j) => j.onRef('u.workspace_id', '=', 'd.workspace_id').onRef('u.id', '=', 'd.user_id'))
    .innerJoin('workspaces as w', 'w.id', 'd.workspace_id')
    .select(['d.id', 'd.name', 'd.workspace_id', 'w.name as workspace_name', 'd.user_id', 'u.name as user_name', 'd.created_at', 'd.last_seen', 'd.revoked_at'])
    .orderBy('w.name').orderBy('u.name').orderBy('d.created_at');
  if (workspaceId) q = q.where('d.workspace_id', '=', workspaceId);
  return (await q.execute()).map((r) => ({
    id: r.id, name: r.name, workspaceId: r.workspace_id, workspaceName: r.workspace_name, userId: r.user_id,
    userName: r.user_name, createdAt: r.created_at, lastSeen: r.last_seen, revokedAt: r.revoked_at,
  }));
}

export async function listWorkspaces(db: ServerDb): Promise<{ id: string; name: string; users: number }[]> {
  const rows = await db.selectFrom('workspaces as w').leftJoin('users as u', 'u.workspace_id', 'w.id')
    .select((eb) => ['w.id', 'w.name', eb.fn.count<string>('u.id').as('users')])
    .groupBy(['w.id', 'w.name']).orderBy('w.name').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, users: Number(r.users) }));
}
