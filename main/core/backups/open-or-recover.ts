// Opening at start with recovery: a file that fails its integrity check is moved aside and
// replaced by the newest backup that passes its own, and the caller is told which period may
// be missing. A file with no sound backup is refused as before (db_damaged), untouched.
import { AppError } from '../../../shared/errors.ts';
import type { RecoveryNotice } from '../../../shared/types.ts';
import { openDatabase, type OpenDb, type OpenOptions } from '../db/open.ts';
import { recoverDamaged } from './backups.ts';
import { writeRecoveryNote } from './recovery-note.ts';

export async function openOrRecover(file: string, opts: OpenOptions, recover = true): Promise<{ open: OpenDb; recovery: RecoveryNotice | null }> {
  try {
    return { open: await openDatabase(file, opts), recovery: null };
  } catch (e) {
    if (!(recover && e instanceof AppError && e.data.code === 'db_damaged')) throw e;
    const recovery = await recoveredFrom(file);
    if (!recovery) throw e;
    return { open: await openDatabase(file, opts), recovery };
  }
}

/** Recovers the (closed, damaged) file; notes it for the app's notice. Null: no sound backup. */
export async function recoveredFrom(file: string): Promise<RecoveryNotice | null> {
  const recovery = await recoverDamaged(file);
  if (recovery) writeRecoveryNote(file, recovery);
  return recovery;
}

/** The same news in one paragraph for a terminal or a log. */
export function recoveryMessage(file: string, r: RecoveryNotice): string {
  const at = (t: number) => new Date(t).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  return `${file} was damaged. It was moved to ${r.damagedAs} and the newest sound backup, ${r.restoredFrom}, was restored.\n`
    + `Changes made between ${at(r.missingFrom)} and ${at(r.missingTo)} may be missing: check them.`;
}
