// Is the file sound enough to write to? And the errors that tell a person what is wrong with a
// database file and what to do about it (never "internal", never a stack trace).
//
// The check is SQLite's quick_check (every b-tree page, cell and freelist page; not the slower
// index-content comparison of integrity_check) plus FTS5's own integrity-check of the search
// index, whose shadow tables quick_check sees only as opaque blobs.
//
// Cost at start-up — measured on a copy of the bench's dataset L (100k firms, 2.7 GB, 2 cores):
// quick_check 5.4 s of CPU, the FTS check 2.2 s. The issue asks for the first list page of
// `serve` within 1.5 s and `find` within 0.6 s, so a full check cannot sit in front of them:
// - read-only opens (`find`, `export`'s reading) skip it: they cannot change the file, and damage
//   they stumble on reaches the user as `db_damaged` (see dbErrorData), not as a stack trace;
// - the database worker (the app and `serve`) opens, reads the header and the schema (a file
//   that is not a database, or whose first pages are damaged, fails right there), and runs the
//   full check on a second connection in its own thread; reads are served meanwhile, and every
//   write waits for the check (the dispatcher awaits `OpenDb.integrity`) and is refused with
//   `db_damaged` if it failed — so a damaged file is never written to, and nobody waits for the
//   check who only reads;
// - a migration copies the file first, and that copy's verification is the check (the backup
//   holds the very same pages, so a damaged original gives a damaged copy and is refused);
// - `export` writes its one log row on a connection that checks just that table (export.ts);
// - every other read-write open (`migrate`, `demo`, `print`, tests) checks synchronously.
import path from 'node:path';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';
import { AppError, type AppErrorData } from '../../../shared/errors.ts';
import { defaultBackupDir } from './backup.ts';

/** Problems found (empty: sound). `sqlite` must be a read-write handle for the FTS part. */
export function checkNow(sqlite: SQLite.Database): string[] {
  const rows = sqlite.pragma('quick_check(20)') as { quick_check: string }[];
  const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
  if (problems.length) return problems;
  if (sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'firm_search'`).get()) {
    try {
      sqlite.prepare(`INSERT INTO firm_search(firm_search, rank) VALUES ('integrity-check', 0)`).run();
    } catch (e) {
      return [`search index: ${(e as Error).message}`];
    }
  }
  return [];
}

/** quick_check of just these tables and their indexes (no freelist, no search index). */
export function checkTables(sqlite: SQLite.Database, tables: readonly string[]): string[] {
  return tables.flatMap((t) => (sqlite.pragma(`quick_check(${JSON.stringify(t)})`) as { quick_check: string }[])
    .map((r) => r.quick_check).filter((r) => r !== 'ok'));
}

// The same check in a thread of its own, on its own connection. Evaluated source rather than a
// module file, so it survives bundling (a bundle has no worker file beside it to point at); the
// native module is resolved here, where the bundle's own resolution works.
const CHECKER = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.sqliteModule);
let problems;
try {
  const db = new SQLite(workerData.file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 60000');
    problems = db.pragma('quick_check(20)').map((r) => r.quick_check).filter((r) => r !== 'ok');
    if (!problems.length && db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'firm_search'").get()) {
      try { db.prepare("INSERT INTO firm_search(firm_search, rank) VALUES ('integrity-check', 0)").run(); }
      catch (e) { problems = ['search index: ' + e.message]; }
    }
  } finally { db.close(); }
} catch (e) { problems = [String(e && e.message || e)]; }
parentPort.postMessage(problems);
`;

export interface BackgroundCheck { result: Promise<string[]>; stop(): void }

export function checkInBackground(file: string): BackgroundCheck {
  const sqliteModule = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(CHECKER, { eval: true, workerData: { file: path.resolve(file), sqliteModule } });
  worker.unref(); // a CLI command that is done does not wait for the check
  let stopped = false;
  const result = new Promise<string[]>((resolve) => {
    worker.once('message', (problems: string[]) => resolve(problems));
    worker.once('error', (e) => resolve([`the check could not run: ${e.message}`]));
    // Stopped because the database is being closed: nobody writes any more, nothing to report.
    worker.once('exit', () => resolve(stopped ? [] : ['the check ended without an answer']));
  });
  return { result, stop: () => { stopped = true; void worker.terminate(); } };
}

// ---- errors a person can act on --------------------------------------------------------------

export function dbDamaged(file: string, detail: string, backups = defaultBackupDir(file)): AppError {
  return new AppError({ code: 'db_damaged', messageKey: 'errors.db_damaged', params: { file, detail: detail.slice(0, 300), backups } });
}

export function dbUnreadable(file: string, detail: string, backups = defaultBackupDir(file)): AppError {
  return new AppError({ code: 'db_unreadable', messageKey: 'errors.db_unreadable', params: { file, detail: detail.slice(0, 300), backups } });
}

/** A SQLite error that means the file itself is the problem, as an error for people; else null. */
export function dbErrorData(e: unknown, file: string, backups = defaultBackupDir(file)): AppErrorData | null {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null;
  const detail = (e as Error).message;
  if (code.startsWith('SQLITE_CORRUPT')) return dbDamaged(file, detail, backups).data;
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR') || code === 'SQLITE_PERM') {
    return dbUnreadable(file, detail, backups).data;
  }
  return null;
}
