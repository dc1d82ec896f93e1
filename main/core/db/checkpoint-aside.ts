// A big write's WAL checkpoint on a thread of its own. SQLite checkpoints in the connection that
// commits once the WAL passes 1,000 pages; after a 100k-row import that is ~60k pages (250 MB)
// copied into the database file and fsynced on the worker's thread — a second or two in which
// the UI's reads wait for nothing it needs. A PASSIVE checkpoint from another connection does the
// same copy without holding up the writer or readers (WAL allows checkpoints beside both), and
// the worker's own automatic checkpoints resume right away. Best effort: if it cannot run (the
// app quits, the file is gone), the next automatic checkpoint or the last close does the work.
import path from 'node:path';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
try {
  const SQLite = require(workerData.sqliteModule);
  const db = new SQLite(workerData.file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 2000');
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ ok: true, result: r });
  } finally { db.close(); }
} catch (e) { parentPort.postMessage({ ok: false, error: String(e && e.message || e) }); }
`;

export interface CheckpointAnswer { ok: boolean; result?: { busy: number; log: number; checkpointed: number }; error?: string }

/** Turns the connection's automatic checkpoint off for a bulk write; the returned function, called
 * once the write has committed or rolled back, turns it back on and (after a commit) checkpoints
 * aside. The promise it returns settles when the aside checkpoint has (tests wait on it). */
export function holdCheckpoints(sqlite: SQLite.Database, file: string): (committed: boolean) => Promise<CheckpointAnswer | null> {
  const before = sqlite.pragma('wal_autocheckpoint', { simple: true }) as number;
  sqlite.pragma('wal_autocheckpoint = 0');
  let done = false;
  return (committed) => {
    if (done) return Promise.resolve(null);
    done = true;
    sqlite.pragma(`wal_autocheckpoint = ${Number(before)}`);
    if (!committed || before <= 0) return Promise.resolve(null);
    return checkpointAside(file);
  };
}

export function checkpointAside(file: string): Promise<CheckpointAnswer> {
  const sqliteModule = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(SOURCE, { eval: true, workerData: { sqliteModule, file: path.resolve(file) } });
  // Never keeps the app (or a test run) alive: an interrupted checkpoint is harmless.
  worker.unref();
  return new Promise((resolve) => {
    let answered = false;
    worker.once('message', (m: CheckpointAnswer) => { answered = true; resolve(m); });
    worker.once('error', (e) => { answered = true; resolve({ ok: false, error: e.message }); });
    worker.once('exit', () => { if (!answered) resolve({ ok: false, error: 'the checkpoint thread ended without an answer' }); });
  });
}
