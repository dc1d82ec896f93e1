// The copy itself runs on a thread of its own, on a connection of its own, and never sees half
// a write. Two ways to take it:
//
// 1. Frozen file (the fast way; dataset L: ~2.5 s instead of ~11 s). The copy connection runs a
//    TRUNCATE checkpoint, so the main file holds every committed page and the WAL is empty, then
//    begins a read transaction. A reader that starts on an empty WAL reads the main file alone
//    and holds WAL read-lock 0; no checkpoint can write into the main file while that lock is
//    held (SQLite's wal.c: backfilling needs read-lock 0 exclusively), so writers go on
//    committing into the WAL and the main file stays byte for byte the snapshot. It is copied
//    by the OS (copy_file_range/CopyFileW), fsynced, and the read transaction ends. Whether the
//    WAL was still empty once the read began is checked on the WAL file itself: if a write slipped
//    in between, the attempt is dropped and retried.
// 2. SQLite's online backup API (the fallback when the WAL never stays empty long enough, or the
//    OS copy fails, e.g. a lock on Windows): in one step rather than many small ones, because a
//    step-wise backup from a second connection starts over after every commit by another
//    connection and would never finish while someone keeps logging contacts.
//
// The copy is then switched to a rollback journal (so read-only checks leave no -wal/-shm) and
// quick_checked — table by table on up to two threads, each table with its indexes (the FTS
// index with its own integrity check), sharing one queue: at dataset L that is ~6 s of CPU,
// ~3.5 s of wall on two cores, and none of it on the database worker's thread. What the per-table
// form gives up is the whole-file page accounting ("page never used"): a lost page wastes space
// but holds no data, and a page claimed twice still shows as a damaged b-tree in one of them.
//
// Evaluated sources rather than module files, as integrity.ts's checker, so they survive bundling.
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const COPIER = `
const fs = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.sqliteModule);
const { source, target } = workerData;

function frozenCopy() {
  const src = new SQLite(source, { fileMustExist: true });
  try {
    src.pragma('busy_timeout = 1000');
    for (let attempt = 0; attempt < 8; attempt++) {
      const [cp] = src.pragma('wal_checkpoint(TRUNCATE)');
      if (cp && cp.busy) continue;
      src.exec('BEGIN');
      try {
        src.prepare('SELECT count(*) FROM sqlite_schema').get();
        const wal = fs.statSync(source + '-wal', { throwIfNoEntry: false });
        if (wal && wal.size > 0) continue; // a write came between the checkpoint and the read
        fs.copyFileSync(source, target);
        const fd = fs.openSync(target, 'r+');
        try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
        return 'file';
      } finally { src.exec('COMMIT'); }
    }
    return null;
  } finally { src.close(); }
}

async function backupApi() {
  fs.rmSync(target, { force: true });
  const src = new SQLite(source, { readonly: true, fileMustExist: true });
  try {
    src.pragma('busy_timeout = 60000');
    // First step 0 pages (it counts them), then all of them at once: one read transaction.
    await src.backup(target, { progress: () => 0x7fffffff });
  } finally { src.close(); }
  return 'backup-api';
}

(async () => {
  let how = null;
  if (!workerData.forceBackupApi) {
    try { how = frozenCopy(); } catch (e) { how = null; }
  }
  if (!how) how = await backupApi();
  const rw = new SQLite(target, { fileMustExist: true });
  let tables;
  try {
    rw.pragma('journal_mode = DELETE');
    // The schema table too (the whole-file check covers it). Virtual tables first: the FTS
    // index's check is the longest single item, and starting it early balances the two threads.
    tables = ['sqlite_schema', ...rw.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY sql NOT LIKE 'CREATE VIRTUAL%', name").all().map((r) => r.name)];
  } finally { rw.close(); }
  parentPort.postMessage({ how, tables });
})().catch((e) => parentPort.postMessage({ error: String(e && e.message || e), code: e && e.code }));
`;

const CHECKER = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.sqliteModule);
const next = new Int32Array(workerData.next);
try {
  const db = new SQLite(workerData.target, { readonly: true, fileMustExist: true });
  const problems = [];
  try {
    // Mapped: the check reads every page once, and copying each into the page cache costs more.
    db.pragma('mmap_size = 17179869184');
    for (;;) {
      const i = Atomics.add(next, 0, 1);
      if (i >= workerData.tables.length || problems.length >= 20) break;
      const rows = db.pragma('quick_check(' + JSON.stringify(workerData.tables[i]) + ')');
      for (const r of rows) { const v = Object.values(r)[0]; if (v !== 'ok') problems.push(String(v)); }
    }
  } finally { db.close(); }
  parentPort.postMessage({ problems });
} catch (e) { parentPort.postMessage({ error: String(e && e.message || e), code: e && e.code }); }
`;

export class CopyFailed extends Error {
  readonly code: string | undefined;
  constructor(message: string, code?: string) { super(message); this.code = code; }
}

type Answer = { error?: string; code?: string } & Record<string, unknown>;

function runThread<T extends Answer>(source: string, workerData: Record<string, unknown>): Promise<T> {
  const worker = new Worker(source, { eval: true, workerData });
  return new Promise<T>((resolve, reject) => {
    let answered = false;
    worker.once('message', (m: T) => {
      answered = true;
      if (m.error !== undefined) reject(new CopyFailed(m.error, m.code));
      else resolve(m);
    });
    worker.once('error', (e) => { answered = true; reject(new CopyFailed(e.message)); });
    worker.once('exit', () => { if (!answered) reject(new CopyFailed('the backup thread ended without an answer')); });
  });
}

export interface CopyOptions {
  /** Tests: take the online-backup path even when the frozen copy would work. */
  forceBackupApi?: boolean;
}

/** Copies the database `source` (with its WAL) into `target` and verifies the copy; says how. */
export async function copyAndVerify(source: string, target: string, opts: CopyOptions = {}): Promise<{ how: 'file' | 'backup-api' }> {
  const sqliteModule = createRequire(import.meta.url).resolve('better-sqlite3');
  const common = { sqliteModule, target: path.resolve(target) };
  const copied = await runThread<{ how: 'file' | 'backup-api'; tables: string[] }>(COPIER, {
    ...common, source: path.resolve(source), forceBackupApi: opts.forceBackupApi === true,
  });
  const next = new SharedArrayBuffer(4);
  const threads = Math.max(1, Math.min(2, os.availableParallelism(), copied.tables.length));
  const answers = await Promise.all(Array.from({ length: threads }, () =>
    runThread<{ problems: string[] }>(CHECKER, { ...common, tables: copied.tables, next })));
  const problems = answers.flatMap((a) => a.problems);
  if (problems.length > 0) throw new CopyFailed(`the copy failed its check: ${problems.slice(0, 20).join('; ')}`, 'SQLITE_CORRUPT');
  return { how: copied.how };
}
