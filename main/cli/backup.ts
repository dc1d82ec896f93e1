// `kartoteka backup [--out FILE|FOLDER]` and `kartoteka restore FILE`: the same backups as the
// app's (main/core/backups/), for a script, a scheduled task, or a laptop whose app won't start.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { runBackup, restoreBackup } from '../core/backups/backups.ts';
import { filesDirFor } from '../core/attachments/store.ts';
import { AppError } from '../../shared/errors.ts';

/** A failure said in one line for the terminal (the CLI speaks English). */
export class CliFailure extends Error {}

/** The backup errors a person can act on, in words; others go to the caller (db-errors.ts). */
function described<T>(run: () => Promise<T>): Promise<T> {
  return run().catch((e: unknown) => {
    const d = e instanceof AppError ? e.data : null;
    const p = d?.params ?? {};
    switch (d?.messageKey) {
      case 'errors.backup_exists': throw new CliFailure(`${p.target} already exists: give a folder or a new file name.`);
      case 'errors.backup_onto_database': throw new CliFailure('the backup would overwrite the database itself: give another file or folder.');
      case 'errors.backup_failed': throw new CliFailure(`the backup to ${p.target} failed (${p.detail}); nothing was changed and the older backups were kept.`);
      case 'errors.backup_missing': throw new CliFailure(`there is no file ${p.file}.`);
      case 'errors.backup_bad': throw new CliFailure(`${p.file} cannot be restored: it is not a sound Kartoteka database (${p.detail}). Nothing was changed.`);
      default: throw e;
    }
  });
}

/** Backs up the database (it may be open in the app meanwhile: the copy is a committed snapshot). */
export async function backupCommand(db: string, out: string | undefined): Promise<string> {
  const done = await described(() => runBackup(db, { kind: 'manual', target: out, filesDir: filesDirFor(db) }));
  return `Backed up ${db} to ${done.path} (${formatSize(done.size)}, checked)`
    + `${done.filesCopied ? `; ${done.filesCopied} new attached file${done.filesCopied === 1 ? '' : 's'} copied to ${path.join(path.dirname(done.path), 'files')}` : ''}.\n`;
}

/** Replaces the database by the backup `file`; the current one is kept aside in backups/. */
export async function restoreCommand(db: string, file: string): Promise<string> {
  if (fs.existsSync(db)) assertNotCliFailure(db);
  const done = await described(() => restoreBackup(db, file, { filesDir: filesDirFor(db) }));
  return `Restored ${db} from ${done.restoredFrom}.\n`
    + (done.keptAside ? `The database as it was before is kept as ${done.keptAside} (restore it the same way to go back).\n` : '');
}

/**
 * Nobody else has the file open: leaving WAL mode needs the only connection, so it fails while
 * the app (or `serve`) holds it. Swapping the file under a running app would lose its next writes.
 */
function assertNotCliFailure(db: string): void {
  let sqlite: SQLite.Database;
  try {
    sqlite = new SQLite(db, { fileMustExist: true, timeout: 0 });
  } catch {
    return; // not a database at all: nothing to protect, the restore replaces it
  }
  try {
    const mode = sqlite.pragma('journal_mode = DELETE', { simple: true });
    if (mode !== 'delete') throw new CliFailure(`${db} is open in Kartoteka (or another program): close it first, then restore.`);
  } catch (e) {
    if (e instanceof CliFailure) throw e;
    const code = (e as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) throw new CliFailure(`${db} is open in Kartoteka (or another program): close it first, then restore.`);
    // A damaged file may fail here: that is what restoring is for.
  } finally {
    sqlite.close();
  }
}

function formatSize(bytes: number): string {
  return bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} kB`;
}
