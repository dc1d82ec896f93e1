// Backups taken before migrating: `backups/<name>-<UTC stamp>-before-v<N>.sqlite` beside the
// database. Rules, each from a way a database was lost:
// - a backup is written to a temporary name, verified, and only then renamed, so a backup killed
//   halfway never sits under a normal name looking good;
// - verification leaves nothing behind: the copy is switched to a rollback journal (the online
//   backup copies the WAL flag, and a WAL file opened read-only grows -wal/-shm files) before it
//   is checked read-only;
// - old backups are pruned only after a successful migration, only the ones whose name is exactly
//   this database's stamped pattern (`kartoteka-` as a prefix would also match the backups of
//   `kartoteka-2025.sqlite`), and never the newest;
// - a failed migration leaves a note naming its backup and the file's size and mtime after the
//   rollback; the next start, finding the file unchanged, reuses that backup instead of copying
//   the same data again.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';

export const STAMP = String.raw`\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z`;

/** The time in a backup's name: ISO UTC with `:` and `.` made safe for every file system. */
export function stampOf(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

/** The inverse of stampOf (epoch ms). */
export function timeOfStamp(stamp: string): number {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z$/.exec(stamp);
  return m ? Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`) : NaN;
}

export function defaultBackupDir(file: string): string {
  return path.join(path.dirname(path.resolve(file)), 'backups');
}

/** The database's name without its extension: the stem of its backups' names. */
export function stem(file: string): string {
  return path.basename(file).replace(/\.[^.]+$/, '');
}

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Exactly the backups of `file` (not of another database whose name starts the same way). */
export function backupPattern(file: string): RegExp {
  return new RegExp(`^${escapeRe(stem(file))}-(${STAMP})-before-v(\\d+)\\.sqlite$`);
}

/** This database's backups in `dir`, newest first (the stamp sorts as text). */
export function listBackups(file: string, dir = defaultBackupDir(file)): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const re = backupPattern(file);
  return names
    .map((n) => ({ n, m: re.exec(n) }))
    .filter((x): x is { n: string; m: RegExpExecArray } => x.m !== null)
    .sort((a, b) => (a.m[1]! < b.m[1]! ? 1 : a.m[1]! > b.m[1]! ? -1 : 0))
    .map((x) => path.join(dir, x.n));
}

export class BackupVerifyFailed extends Error {}

/** Copies the open database with SQLite's online backup into `dir`, verified; returns its path. */
export async function takeBackup(sqlite: SQLite.Database, file: string, dir: string, toVersion: number): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  removeAbandonedPartials(file, dir);
  const stamp = stampOf(new Date());
  const target = path.join(dir, `${stem(file)}-${stamp}-before-v${toVersion}.sqlite`);
  const partial = `${target}.partial-${process.pid}`;
  try {
    await sqlite.backup(partial);
    verifyCopy(partial);
    fs.renameSync(partial, target);
  } catch (e) {
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(partial + suffix, { force: true });
    throw e;
  }
  return target;
}

/** Rollback journal first (so the read-only check creates no -wal/-shm), then quick_check. */
export function verifyCopy(copyPath: string): void {
  const rw = new SQLite(copyPath, { fileMustExist: true });
  try {
    rw.pragma('journal_mode = DELETE');
  } finally {
    rw.close();
  }
  const ro = new SQLite(copyPath, { readonly: true, fileMustExist: true });
  try {
    const rows = ro.pragma('quick_check(20)') as { quick_check: string }[];
    const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
    if (problems.length) throw new BackupVerifyFailed(problems.join('; '));
  } finally {
    ro.close();
  }
}

/** Partial copies left by a backup that was killed (its process is gone). */
function removeAbandonedPartials(file: string, dir: string): void {
  const re = new RegExp(`${backupPattern(file).source.slice(0, -1)}\\.partial-(\\d+)(-wal|-shm|-journal)?$`);
  for (const name of fs.readdirSync(dir)) {
    const m = re.exec(name);
    if (m && !isAlive(Number(m[3]))) fs.rmSync(path.join(dir, name), { force: true });
  }
}

export function isAlive(pid: number): boolean {
  if (pid === process.pid) return false; // ours from an earlier attempt in this process: gone
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Keeps the `keep` newest backups of `file`; never deletes the newest nor `justTaken`. */
export function pruneBackups(file: string, dir: string, keep: number, justTaken: string | null): void {
  const all = listBackups(file, dir);
  for (const old of all.slice(Math.max(1, keep))) {
    if (justTaken && path.resolve(old) === path.resolve(justTaken)) continue;
    fs.rmSync(old, { force: true });
  }
}

// ---- a failed attempt's backup, reused while the file stays as that attempt left it ----------

interface Fingerprint { size: number; mtimeMs: number; ino: number; walSize: number; walMtimeMs: number }
interface FailedAttempt extends Fingerprint { backup: string }

function notePath(file: string, dir: string): string {
  return path.join(dir, `.${stem(file)}.failed-migration.json`);
}

/** Size, mtime and inode of the file (and its -wal): changed by any write to the database. */
export function fingerprint(file: string): Fingerprint | null {
  try {
    const st = fs.statSync(file);
    const wal = fs.statSync(`${file}-wal`, { throwIfNoEntry: false });
    return { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, walSize: wal?.size ?? 0, walMtimeMs: wal?.mtimeMs ?? 0 };
  } catch {
    return null;
  }
}

/** After a failed migration (connection closed): remember which backup holds this state. */
export function noteFailedAttempt(file: string, dir: string, backup: string): void {
  const fp = fingerprint(file);
  if (!fp) return;
  try {
    fs.writeFileSync(notePath(file, dir), JSON.stringify({ backup: path.basename(backup), ...fp } satisfies FailedAttempt));
  } catch { /* only an optimisation: the next start takes a fresh backup */ }
}

/** The backup of an earlier failed attempt, if the file is still exactly as it left it. */
export function reusableBackup(file: string, dir: string, before: Fingerprint | null): string | null {
  if (!before) return null;
  try {
    const note = JSON.parse(fs.readFileSync(notePath(file, dir), 'utf8')) as FailedAttempt;
    const backup = path.join(dir, path.basename(note.backup));
    const same = (Object.keys(before) as (keyof Fingerprint)[]).every((k) => note[k] === before[k]);
    return same && listBackups(file, dir).includes(backup) ? backup : null;
  } catch {
    return null;
  }
}

export function clearFailedAttempt(file: string, dir: string): void {
  fs.rmSync(notePath(file, dir), { force: true });
}
