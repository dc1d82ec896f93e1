import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import type { Handler } from '../handler-types.ts';
import type { Ctx } from '../context.ts';
import type { LocationWarning, RecoveryNotice } from '../../../shared/types.ts';
import { defaultBackupDir, listAllBackups, runBackup } from './backups.ts';
import { parseMacMount, parseNetUse, parseProcMounts, riskyLocation } from './location.ts';
import { readRecoveryNote, removeRecoveryNote } from './recovery-note.ts';

const LOCATION_SEEN = 'backups.location_warned';

/** The database's place, judged once per open (reading /proc/mounts is cheap, but not free). */
export function locationOf(dbPath: string): LocationWarning | null {
  let mounts: { dir: string; type: string }[] = [];
  try {
    if (process.platform === 'linux') mounts = parseProcMounts(fs.readFileSync('/proc/mounts', 'utf8'));
    // Tens of milliseconds, once per open; a hung network drive must not hold the app: 3 s at most.
    else if (process.platform === 'win32') mounts = parseNetUse(execFileSync('net', ['use'], { encoding: 'utf8', timeout: 3000, windowsHide: true }));
    else if (process.platform === 'darwin') mounts = parseMacMount(execFileSync('/sbin/mount', [], { encoding: 'utf8', timeout: 3000 }));
  } catch { /* the paths alone */ }
  return riskyLocation(path.resolve(dbPath), process.platform, mounts);
}

async function locationNotice(ctx: Ctx): Promise<LocationWarning | null> {
  const place = locationOf(ctx.dbPath);
  if (!place) return null;
  const seen = await ctx.db.selectFrom('settings').select('value').where('key', '=', LOCATION_SEEN).executeTakeFirst();
  // Shown again when the database moves to another risky place.
  return seen && seen.value === JSON.stringify(path.resolve(ctx.dbPath)) ? null : place;
}

const list: Handler<'backups.list'> = async (_input, ctx) => {
  const recovery: RecoveryNotice | null = readRecoveryNote(ctx.dbPath);
  return {
    folder: defaultBackupDir(ctx.dbPath),
    backups: listAllBackups(ctx.dbPath),
    recovery,
    location: await locationNotice(ctx),
  };
};

const run: Handler<'backups.run'> = async (input, ctx) => {
  const done = await runBackup(ctx.dbPath, { target: input.target, kind: 'manual', filesDir: ctx.filesDir, now: ctx.now });
  return { path: done.path, size: done.size, time: done.time, filesCopied: done.filesCopied, method: done.method };
};

/** Restoring replaces the file under the open connection: only the database worker can do it
 * (it closes the file, restores, and reopens — worker.ts). Anything else calling is a bug. */
const restore: Handler<'backups.restore'> = async () => {
  throw new AppError({ code: 'unavailable', messageKey: 'errors.internal', params: { detail: 'backups.restore goes through the database worker' } });
};

const dismiss: Handler<'backups.dismiss'> = async (input, ctx) => {
  if (input.notice === 'recovery') {
    ctx.afterCommit?.(() => removeRecoveryNote(ctx.dbPath));
  } else {
    const value = JSON.stringify(path.resolve(ctx.dbPath));
    await ctx.db.insertInto('settings').values({ key: LOCATION_SEEN, value, updated_at: ctx.now() })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: ctx.now() })).execute();
  }
  return { ok: true as const };
};

export const backupHandlers = {
  'backups.list': list,
  'backups.run': run,
  'backups.restore': restore,
  'backups.dismiss': dismiss,
};
