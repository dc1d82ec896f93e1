// The news of a recovery at start, kept beside the backups until the user has read it: the
// database it happened to is the one that was replaced, so the note cannot live inside it.
import fs from 'node:fs';
import path from 'node:path';
import type { RecoveryNotice } from '../../../shared/types.ts';
import { defaultBackupDir, stem } from '../db/backup.ts';

function notePath(dbPath: string): string {
  return path.join(defaultBackupDir(dbPath), `.${stem(dbPath)}.recovered.json`);
}

export function writeRecoveryNote(dbPath: string, notice: RecoveryNotice): void {
  fs.mkdirSync(defaultBackupDir(dbPath), { recursive: true });
  fs.writeFileSync(notePath(dbPath), JSON.stringify(notice));
}

export function readRecoveryNote(dbPath: string): RecoveryNotice | null {
  try {
    const n = JSON.parse(fs.readFileSync(notePath(dbPath), 'utf8')) as RecoveryNotice;
    return typeof n.missingFrom === 'number' && typeof n.damagedAs === 'string' ? n : null;
  } catch {
    return null;
  }
}

export function removeRecoveryNote(dbPath: string): void {
  fs.rmSync(notePath(dbPath), { force: true });
}
