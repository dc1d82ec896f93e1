// The copy itself runs on a thread of its own, on a connection of its own. SQLite's online
// backup from that connection reads one consistent snapshot (WAL: the database worker goes on
// reading and committing meanwhile, and the copy holds only what was committed when it began —
// never half a write). It is done in one step rather than many small ones: a step-wise backup
// from a second connection starts over after every commit by another connection, and would
// never finish while someone keeps logging contacts. The copy is then switched to a rollback
// journal and quick_checked read-only, on the same thread: at dataset L that is seconds of CPU
// that must not stall the worker's answers.
//
// Evaluated source rather than a module file, as integrity.ts's checker, so it survives bundling.
import path from 'node:path';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const COPIER = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.sqliteModule);
(async () => {
  const src = new SQLite(workerData.source, { readonly: true, fileMustExist: true });
  try {
    src.pragma('busy_timeout = 60000');
    // First step 0 pages (it counts them), then all of them at once: one read transaction.
    await src.backup(workerData.target, { progress: () => 0x7fffffff });
  } finally { src.close(); }
  const rw = new SQLite(workerData.target, { fileMustExist: true });
  try { rw.pragma('journal_mode = DELETE'); } finally { rw.close(); }
  const ro = new SQLite(workerData.target, { readonly: true, fileMustExist: true });
  try {
    const problems = ro.pragma('quick_check(20)').map((r) => r.quick_check).filter((r) => r !== 'ok');
    parentPort.postMessage({ problems });
  } finally { ro.close(); }
})().catch((e) => parentPort.postMessage({ error: String(e && e.message || e), code: e && e.code }));
`;

export class CopyFailed extends Error {
  readonly code: string | undefined;
  constructor(message: string, code?: string) { super(message); this.code = code; }
}

/** Copies the database `source` (with its WAL) into `target` and verifies the copy. */
export function copyAndVerify(source: string, target: string): Promise<void> {
  const sqliteModule = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(COPIER, { eval: true, workerData: { source: path.resolve(source), target: path.resolve(target), sqliteModule } });
  return new Promise<void>((resolve, reject) => {
    let answered = false;
    worker.once('message', (m: { problems?: string[]; error?: string; code?: string }) => {
      answered = true;
      if (m.error !== undefined) reject(new CopyFailed(m.error, m.code));
      else if (m.problems && m.problems.length > 0) reject(new CopyFailed(`the copy failed its check: ${m.problems.join('; ')}`, 'SQLITE_CORRUPT'));
      else resolve();
    });
    worker.once('error', (e) => { answered = true; reject(new CopyFailed(e.message)); });
    worker.once('exit', () => { if (!answered) reject(new CopyFailed('the backup thread ended without an answer')); });
  });
}
