// Backups of the database and its attachments, and restoring one. They live in `backups/` beside
// the database with the pre-migration ones (db/backup.ts), under stamped names that say their
// kind: `<name>-<stamp>-auto.sqlite`, `-manual`, `-before-restore` (the state a restore put
// aside) and `-before-v<N>` (before a schema upgrade). Attachments go to one shared store in the
// same folder, `files/<sha[0:2]>/<sha256>`: content-addressed, so each backup copies only the
// files the store does not have yet, and a file is never copied twice.
//
// Rules, as for the pre-migration backups: a copy is written under a temporary name, verified
// (quick_check), and only then renamed; an older automatic backup is dropped only after a new
// one verified; rotation touches automatic backups and nothing else.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { AppError } from '../../../shared/errors.ts';
import type { BackupEntry, BackupKind } from '../../../shared/types.ts';
import { defaultBackupDir, escapeRe, isAlive, STAMP, stampOf, stem, timeOfStamp } from '../db/backup.ts';
import { dbDamaged } from '../db/integrity.ts';
import { copyAndVerify, CopyFailed } from './copy-thread.ts';
import { backupsToDrop } from './rotation.ts';
import { migrations } from '../../../migrations/index.ts';

export { defaultBackupDir };

const KINDS = String.raw`auto|manual|before-restore|before-v\d+`;

/** Exactly this database's backups of every kind (not those of a database whose name starts the same). */
export function anyBackupPattern(file: string): RegExp {
  return new RegExp(`^${escapeRe(stem(file))}-(${STAMP})-(${KINDS})\\.sqlite$`);
}

function kindOf(suffix: string): BackupKind {
  return suffix.startsWith('before-v') ? 'pre-migration' : suffix as BackupKind;
}

/** The files store of a backup folder (or of the folder a backup file lies in). */
export function backupFilesDir(folder: string): string {
  return path.join(folder, 'files');
}

/** This database's backups in `dir`, newest first. Only verified copies ever get these names. */
export function listAllBackups(file: string, dir = defaultBackupDir(file)): BackupEntry[] {
  let names: string[];
  try { names = fs.readdirSync(dir); } catch { return []; }
  const re = anyBackupPattern(file);
  const out: BackupEntry[] = [];
  for (const name of names) {
    const m = re.exec(name);
    if (!m) continue;
    let size: number;
    try { size = fs.statSync(path.join(dir, name)).size; } catch { continue; }
    out.push({ name, path: path.join(dir, name), time: timeOfStamp(m[1]!), size, kind: kindOf(m[2]!), verified: true });
  }
  return out.sort((a, b) => b.time - a.time || (a.name < b.name ? 1 : -1));
}

export interface RunOptions {
  /** Where: a folder (the backup gets its stamped name there) or a file path; default: backups/. */
  target?: string;
  kind?: 'auto' | 'manual';
  /** The attachments folder to include (default: files/ beside the database). */
  filesDir?: string;
  now?: () => number;
}

export interface RunResult { path: string; size: number; time: number; filesCopied: number; dropped: string[]; method: 'file' | 'backup-api' }

/**
 * Backs up the open database at `file` (it may keep being written meanwhile): copy + verify on a
 * thread, rename, new attachments, then — automatic backups only — rotation.
 */
export async function runBackup(file: string, opts: RunOptions = {}): Promise<RunResult> {
  // One at a time per folder (an automatic one may start while "Back up now" runs): the files
  // store's clean-up must never see a backup between its copy and its attachments.
  const folder = resolveTarget(file, opts.target, opts.kind ?? 'manual', 0).folder;
  const before = running.get(folder) ?? Promise.resolve();
  const mine = before.catch(() => undefined).then(() => backupOnce(file, opts));
  const settled = mine.then(() => undefined, () => undefined);
  running.set(folder, settled);
  try {
    return await mine;
  } finally {
    if (running.get(folder) === settled) running.delete(folder);
  }
}

const running = new Map<string, Promise<void>>();

async function backupOnce(file: string, opts: RunOptions): Promise<RunResult> {
  const now = (opts.now ?? Date.now)();
  const kind = opts.kind ?? 'manual';
  const { target, folder } = resolveTarget(file, opts.target, kind, now);
  fs.mkdirSync(folder, { recursive: true });
  removeAbandoned(folder);
  const partial = `${target}.partial-${process.pid}-${now}`;
  let method: RunResult['method'];
  try {
    method = (await copyAndVerify(file, partial)).how;
    fs.renameSync(partial, target);
  } catch (e) {
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(partial + suffix, { force: true });
    if (e instanceof CopyFailed && e.code?.startsWith('SQLITE_CORRUPT')) throw dbDamaged(file, e.message);
    if (e instanceof CopyFailed) throw new AppError({ code: 'internal', messageKey: 'errors.backup_failed', params: { target, detail: e.message.slice(0, 300) } });
    throw e;
  }
  const filesCopied = await copyNewFiles(opts.filesDir ?? path.join(path.dirname(path.resolve(file)), 'files'), backupFilesDir(folder));
  const dropped = kind === 'auto' ? rotate(file, folder, target) : [];
  if (dropped.length > 0) dropUnreferencedFiles(folder);
  return { path: target, size: fs.statSync(target).size, time: now, filesCopied, dropped, method };
}

function resolveTarget(file: string, chosen: string | undefined, kind: string, now: number): { target: string; folder: string } {
  const named = (folder: string) => ({ folder, target: path.join(folder, `${stem(file)}-${stampOf(new Date(now))}-${kind}.sqlite`) });
  if (!chosen) return named(defaultBackupDir(file));
  const resolved = path.resolve(chosen);
  let isDir = false;
  try { isDir = fs.statSync(resolved).isDirectory(); } catch { /* a new file's name */ }
  if (isDir) return named(resolved);
  if (resolved === path.resolve(file)) {
    throw new AppError({ code: 'validation', messageKey: 'errors.backup_onto_database', field: 'target' });
  }
  if (fs.existsSync(resolved)) throw new AppError({ code: 'validation', messageKey: 'errors.backup_exists', field: 'target', params: { target: resolved } });
  return { folder: path.dirname(resolved), target: resolved };
}

/** Copies left by a backup that was killed halfway (their process is gone). */
function removeAbandoned(folder: string): void {
  const re = /\.partial-(\d+)-\d+(-wal|-shm|-journal)?$/;
  for (const name of fs.readdirSync(folder)) {
    const m = re.exec(name);
    if (m && !isAlive(Number(m[1]))) fs.rmSync(path.join(folder, name), { force: true });
  }
}

/** Drops the automatic backups rotation leaves out — never the one just taken. */
function rotate(file: string, folder: string, justTaken: string): string[] {
  const autos = listAllBackups(file, folder).filter((b) => b.kind === 'auto');
  const drop = backupsToDrop(autos.map((b) => ({ name: b.name, time: b.time })));
  const dropped: string[] = [];
  for (const name of drop) {
    if (path.join(folder, name) === justTaken) continue;
    fs.rmSync(path.join(folder, name), { force: true });
    dropped.push(name);
  }
  return dropped;
}

/**
 * Removes from the folder's files store what no backup in the folder refers to any more (the
 * attachments of dropped automatic backups only). Every database file in the folder counts —
 * another database's backups may share the store — and if one cannot be read, nothing is removed.
 */
export function dropUnreferencedFiles(folder: string): number {
  const store = backupFilesDir(folder);
  if (!fs.existsSync(store)) return 0;
  const kept = new Set<string>();
  for (const name of fs.readdirSync(folder)) {
    if (!name.endsWith('.sqlite')) continue;
    try {
      const db = new SQLite(path.join(folder, name), { readonly: true, fileMustExist: true });
      try {
        const has = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'attachments'`).get();
        if (has) for (const sha of db.prepare('SELECT DISTINCT sha256 FROM attachments').pluck().all() as string[]) kept.add(sha);
      } finally {
        db.close();
      }
    } catch {
      return 0; // an unreadable backup may still need its files
    }
  }
  let removed = 0;
  for (const d of fs.readdirSync(store)) {
    if (!SHA_DIR.test(d)) continue;
    for (const sha of fs.readdirSync(path.join(store, d))) {
      if (SHA.test(sha) && !kept.has(sha)) {
        fs.rmSync(path.join(store, d, sha), { force: true });
        removed++;
      }
    }
  }
  return removed;
}

const SHA_DIR = /^[0-9a-f]{2}$/;
const SHA = /^[0-9a-f]{64}$/;

/** Copies into `to` the content-addressed files it does not have yet; returns how many. Async:
 * the worker keeps answering while a thousand scanned invoices are copied to a USB stick. */
export async function copyNewFiles(from: string, to: string): Promise<number> {
  if (path.resolve(from) === path.resolve(to)) return 0;
  let dirs: string[];
  try { dirs = await fs.promises.readdir(from); } catch { return 0; }
  let copied = 0;
  for (const d of dirs) {
    if (!SHA_DIR.test(d)) continue;
    let names: string[];
    try { names = await fs.promises.readdir(path.join(from, d)); } catch { continue; }
    for (const name of names) {
      if (!SHA.test(name) || !name.startsWith(d)) continue;
      const dest = path.join(to, d, name);
      if (fs.existsSync(dest)) continue;
      await fs.promises.mkdir(path.dirname(dest), { recursive: true });
      // Temporary name, then rename: a half-copied file never sits under a real hash.
      const temp = `${dest}.${process.pid}.tmp`;
      await fs.promises.copyFile(path.join(from, d, name), temp);
      await fs.promises.rename(temp, dest);
      copied++;
    }
  }
  return copied;
}

// ---- restoring (the database closed: the worker does it between closing and reopening) ------

export interface RestoreResult {
  /** Where the database as it was before the restore went (null: there was none). */
  keptAside: string | null;
  restoredFrom: string;
  filesCopied: number;
}

/**
 * Replaces the (closed) database at `file` with the backup `source`: the backup is copied beside
 * the database and verified first, so a bad backup changes nothing; then the current file (and
 * its -wal) is put aside in the backups folder as `-before-restore`, the copy renamed into place,
 * and the backup's attachments the data folder lacks are copied in (none is ever removed).
 */
export async function restoreBackup(file: string, source: string, opts: { filesDir?: string; now?: () => number } = {}): Promise<RestoreResult> {
  const resolvedSource = path.resolve(source);
  if (!fs.existsSync(resolvedSource)) throw new AppError({ code: 'not_found', messageKey: 'errors.backup_missing', field: 'path', params: { file: resolvedSource } });
  const live = path.resolve(file);
  const staged = `${live}.restoring-${process.pid}`;
  try {
    try {
      await copyAndVerify(resolvedSource, staged);
    } catch (e) {
      throw new AppError({ code: 'validation', messageKey: 'errors.backup_bad', field: 'path', params: { file: resolvedSource, detail: String((e as Error).message).slice(0, 300) } });
    }
    assertKartoteka(staged, resolvedSource);
    const now = (opts.now ?? Date.now)();
    const keptAside = putAside(live, 'before-restore', now);
    fs.renameSync(staged, live);
    const filesCopied = await copyNewFiles(backupFilesDir(path.dirname(resolvedSource)), opts.filesDir ?? path.join(path.dirname(live), 'files'));
    return { keptAside, restoredFrom: resolvedSource, filesCopied };
  } finally {
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(staged + suffix, { force: true });
  }
}

/** A backup of ours (our migrations table), and none this app is too old to open: checked
 * before the swap, so a restore never leaves a file the worker then refuses to reopen. */
function assertKartoteka(copy: string, source: string): void {
  const db = new SQLite(copy, { readonly: true, fileMustExist: true });
  try {
    const ours = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'`).get();
    if (!ours) throw new AppError({ code: 'validation', messageKey: 'errors.db_foreign', field: 'path', params: { file: source } });
    const unknown = (db.prepare('SELECT name FROM kysely_migration').all() as { name: string }[])
      .map((r) => r.name).filter((n) => !Object.hasOwn(migrations, n));
    if (unknown.length) throw new AppError({ code: 'db_too_new', messageKey: 'errors.db_too_new', field: 'path', params: { file: source, migrations: unknown.join(', ') } });
  } finally {
    db.close();
  }
}

/** Moves the closed database (with its -wal) into the backups folder under a stamped name. */
function putAside(live: string, kind: 'before-restore', now: number): string | null {
  if (!fs.existsSync(live)) return null;
  const folder = defaultBackupDir(live);
  fs.mkdirSync(folder, { recursive: true });
  const aside = path.join(folder, `${stem(live)}-${stampOf(new Date(now))}-${kind}.sqlite`);
  moveDatabase(live, aside);
  return aside;
}

/** Renames a closed database and its -wal together (SQLite finds `<name>-wal` beside `<name>`). */
export function moveDatabase(from: string, to: string): void {
  if (fs.existsSync(`${from}-wal`)) fs.renameSync(`${from}-wal`, `${to}-wal`);
  fs.renameSync(from, to);
  fs.rmSync(`${from}-shm`, { force: true });
}

// ---- recovering a damaged database at start -------------------------------------------------

export interface Recovery {
  /** Where the damaged file went (`<name>.damaged-<stamp>`). */
  damagedAs: string;
  restoredFrom: string;
  /** What may be missing: from the backup's time to the damaged file's last change. */
  missingFrom: number;
  missingTo: number;
}

/**
 * The database at `file` failed its integrity check (and is closed): move it aside, restore the
 * newest backup that still passes its own check. Null, touching nothing, when there is none.
 */
export async function recoverDamaged(file: string, opts: { filesDir?: string; now?: () => number } = {}): Promise<Recovery | null> {
  const live = path.resolve(file);
  const good = soundBackupOf(live);
  if (!good) return null;
  const lastChange = Math.max(...['', '-wal'].map((s) => fs.statSync(live + s, { throwIfNoEntry: false })?.mtimeMs ?? 0));
  const now = (opts.now ?? Date.now)();
  const damagedAs = `${live}.damaged-${stampOf(new Date(now))}`;
  moveDatabase(live, damagedAs);
  try {
    await restoreBackup(live, good.path, opts);
  } catch (e) {
    moveDatabase(damagedAs, live); // the user keeps what they had rather than nothing
    throw e;
  }
  return { damagedAs, restoredFrom: good.path, missingFrom: good.time, missingTo: Math.max(lastChange, good.time) };
}

/** The newest backup that passes its check — one put aside by a restore only when no other does
 * (it is the state the user chose to leave). */
export function soundBackupOf(file: string): BackupEntry | undefined {
  const all = listAllBackups(file);
  return all.find((b) => b.kind !== 'before-restore' && soundCopy(b.path)) ?? all.find((b) => soundCopy(b.path));
}

/** quick_check of a backup without writing to it (backups are kept in rollback-journal mode). */
function soundCopy(file: string): boolean {
  try {
    const db = new SQLite(file, { readonly: true, fileMustExist: true });
    try {
      return (db.pragma('quick_check(1)') as { quick_check: string }[]).every((r) => r.quick_check === 'ok');
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}
