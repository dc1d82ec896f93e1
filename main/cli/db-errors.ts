// What is wrong with a database file and what to do, as one line for the terminal (the CLI
// speaks English; the app shows the same errors translated, renderer/i18n/db-errors.*.json).
import path from 'node:path';
import type { AppErrorData } from '../../shared/errors.ts';
import { listAllBackups } from '../core/backups/backups.ts';

/** The newest backup of any kind (automatic, manual, before an update) beside the file. */
function newestBackup(file: string, dir: string): string | undefined {
  return listAllBackups(file, dir)[0]?.path;
}

/** For `check` when it found problems: where the way back is. */
export function recoveryHint(file: string): string {
  const dir = path.join(path.dirname(path.resolve(file)), 'backups');
  const newest = newestBackup(file, dir);
  return newest
    ? `To recover: close Kartoteka and run: kartoteka --db "${file}" restore "${newest}" (the damaged file is kept aside; the app also does this by itself at its next start).`
    : `There is no backup of this file in ${dir}: restore it from your own backups with "kartoteka restore FILE".`;
}

/** The line for a database error, or null when `e` is not about the database file. */
export function describeDbError(e: AppErrorData, db: string): string | null {
  const p = e.params ?? {};
  const file = String(p.file ?? db);
  const restore = () => {
    const dir = String(p.backups ?? path.join(path.dirname(path.resolve(file)), 'backups'));
    const newest = newestBackup(file, dir);
    return newest
      ? `restore the newest backup: close Kartoteka and run: kartoteka --db "${file}" restore "${newest}"`
      : `restore a copy from your own backups with "kartoteka restore FILE" (there is none in ${dir})`;
  };
  switch (e.messageKey) {
    case 'errors.db_too_new':
      return `${file} was written by a newer Kartoteka (unknown migrations: ${p.migrations}). Update the app; the file was not changed.`;
    case 'errors.db_needs_migration':
      return `${file} has schema version ${p.version}, this Kartoteka needs ${p.latest}. Run "kartoteka migrate" (it backs the file up first); the file was not changed.`;
    case 'errors.db_migration_failed':
      return `updating ${file} failed at ${p.migration}: ${p.detail}. The database was left exactly as it was.`
        + (p.backup && p.backup !== '—' ? ` The backup taken before the update: ${p.backup}` : '');
    case 'errors.db_foreign':
      return `${file} is a database of another program, not Kartoteka's; the file was not changed. Check --db.`;
    case 'errors.db_unreadable':
      return `${file} cannot be read as a database (${p.detail}); the file was not changed. If it is your Kartoteka database, ${restore()}.`;
    case 'errors.db_damaged':
      return `${file} is damaged (${p.detail}); nothing was written to it. Run "kartoteka check" for details, then ${restore()}.`;
    default:
      return null;
  }
}
