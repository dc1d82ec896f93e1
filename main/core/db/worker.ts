// The one owner of the database file: a worker thread, so a slow query never freezes the
// window or the host. Messages in: invoke / close. Messages out: ready / result / changed /
// progress (of a job, posted while its handler still runs) / reopened (the file was replaced).
//
// Replacing the file under the open connection — restoring a backup, or recovering from damage
// found by the background integrity check — happens here, for every transport alike: new
// requests wait at a gate, the ones in flight finish, the database is closed, the files are
// swapped, it is opened again with a fresh core, and `reopened` tells the client, which tells
// the windows to re-read (as after a worker restart).
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase, closeDatabase, type OpenDb } from './open.ts';
import { createCore } from '../dispatcher.ts';
import { AppError, type AppErrorData, type Envelope } from '../../../shared/errors.ts';
import { contract } from '../../../shared/contract.ts';
import { fromZodIssues } from '../../../shared/errors.ts';
import type { RecoveryNotice } from '../../../shared/types.ts';
import { warmStart, type WarmStart } from './warm.ts';
import { dbErrorData } from './integrity.ts';
import type { ToWorker, FromWorker, WorkerInit } from './protocol.ts';
import { filesDirFor } from '../attachments/store.ts';
import { defaultBackupDir, listAllBackups, restoreBackup, runBackup, soundBackupOf } from '../backups/backups.ts';
import { openOrRecover, recoveredFrom, recoveryMessage } from '../backups/open-or-recover.ts';

const port = parentPort!;
const init = workerData as WorkerInit;
const post = (m: FromWorker) => port.postMessage(m);
const openOptions = { integrityCheck: 'background' as const, ...init.options };

const logRecovery = (recovery: RecoveryNotice | null) => {
  if (recovery) console.error(`[kartoteka] ${recoveryMessage(init.dbPath, recovery)}`);
};

let open: OpenDb;
let recoveredAtStart: RecoveryNotice | null;
try {
  // The full integrity check runs beside the first reads (integrity.ts says why); writes wait for it.
  // A damaged file is replaced by its newest sound backup, when there is one.
  ({ open, recovery: recoveredAtStart } = await openOrRecover(init.dbPath, openOptions, init.recover !== false));
  logRecovery(recoveredAtStart);
} catch (e) {
  post({
    type: 'failed',
    error: e instanceof AppError ? e.data : dbErrorData(e, init.dbPath) ?? { code: 'internal', messageKey: 'errors.internal', params: { detail: String(e instanceof Error ? e.message : e) } },
  });
  process.exit(1);
}

const startCore = (o: OpenDb) => {
  const core = createCore(o, { slowHandlerMs: init.slowHandlerMs, onProgress: (event) => post({ type: 'progress', event }) });
  // Warm the firm list (100k names sorted by Intl.Collator take seconds) while the window is
  // still opening, in the language the user chose in the app (saved in the database; the
  // process locale of a browser host says nothing about it). The window's first page is
  // answered before that; other requests wait for it (warm.ts).
  warm = warmStart(core);
  return warm.dispatch;
};
let warm: WarmStart;
let dispatch = startCore(open);
watchIntegrity(open);
post({ type: 'ready', info: { schemaVersion: open.schemaVersion, localUserId: open.localUserId, backupPath: open.backupPath, recovered: recoveredAtStart !== null } });

// ---- the gate: the file replaced while nobody uses it ----------------------------------------
let gate: Promise<void> | null = null;
let inFlight = 0;
/** The automatic backup running, if one is: the file is not replaced under its copy (Windows
 * would refuse to rename a file open elsewhere; elsewhere the copy would be of the old file). */
let autoBackup: Promise<void> | null = null;
let idle: (() => void) | null = null;

async function passGate(): Promise<void> {
  while (gate) await gate;
}

/** Closes the database, runs `swap` on the closed files, opens it again (also when swap failed). */
async function reopenAround<T>(swap: () => Promise<T>): Promise<T> {
  await passGate();
  let release!: () => void;
  gate = new Promise((r) => { release = r; });
  try {
    if (inFlight > 0) await new Promise<void>((r) => { idle = r; });
    await autoBackup;
    await warm.stop();
    await closeDatabase(open);
    let result: T;
    try {
      result = await swap();
    } finally {
      open = await openDatabase(init.dbPath, openOptions);
      dispatch = startCore(open);
      watchIntegrity(open);
      post({ type: 'reopened' });
    }
    return result;
  } finally {
    gate = null;
    release();
  }
}

/** Damage found by the background check: recover from the newest sound backup at once — if
 * there is one; else the file stays open as it is, refusing writes (db_damaged). */
function watchIntegrity(o: OpenDb): void {
  if (init.recover === false) return;
  o.integrity.catch(() => {
    if (o !== open || !soundBackupOf(init.dbPath)) return;
    void reopenAround(async () => logRecovery(await recoveredFrom(init.dbPath))).catch((e) => console.error('[kartoteka] recovery failed:', e));
  });
}

async function restore(input: unknown): Promise<Envelope<unknown>> {
  const parsed = contract['backups.restore'].input.safeParse(input ?? {});
  if (!parsed.success) return { ok: false, error: fromZodIssues(parsed.error.issues) };
  let source = parsed.data.path;
  if (parsed.data.name !== undefined) {
    source = listAllBackups(init.dbPath).find((b) => b.name === parsed.data.name)?.path;
    if (!source) return { ok: false, error: { code: 'not_found', messageKey: 'errors.backup_missing', field: 'name', params: { file: parsed.data.name } } };
  }
  try {
    const done = await reopenAround(() => restoreBackup(init.dbPath, source!, { filesDir: filesDirFor(init.dbPath) }));
    return { ok: true, value: { keptAside: done.keptAside, restoredFrom: done.restoredFrom } };
  } catch (e) {
    return { ok: false, error: errorData(e) };
  }
}

function errorData(e: unknown): AppErrorData {
  if (e instanceof AppError) return e.data;
  return dbErrorData(e, init.dbPath) ?? { code: 'internal', messageKey: 'errors.internal', params: { detail: String(e instanceof Error ? e.message : e).slice(0, 200) } };
}

// ---- automatic backups -----------------------------------------------------------------------
// At start (once the integrity check passed: a damaged file is recovered, not backed up) unless
// the newest automatic backup is recent, then every few hours while the app runs. A backup copies
// a committed snapshot on its own thread (backups/copy-thread.ts): it never sees half a write.
const auto = init.autoBackups;
if (auto) {
  const take = async () => {
    if (autoBackup || gate) return;
    autoBackup = (async () => {
      try {
        await open.integrity;
        await runBackup(open.path, { kind: 'auto', filesDir: filesDirFor(open.path) });
      } catch (e) {
        console.error(`[kartoteka] the automatic backup into ${defaultBackupDir(init.dbPath)} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    })().finally(() => { autoBackup = null; });
    await autoBackup;
  };
  const newest = listAllBackups(init.dbPath).find((b) => b.kind === 'auto');
  const startDelay = auto.startDelayMs ?? 30_000;
  if (!newest || Date.now() - newest.time >= auto.everyMs / 2) setTimeout(() => void take(), startDelay).unref();
  setInterval(() => void take(), auto.everyMs).unref();
}

port.on('message', async (msg: ToWorker) => {
  if (msg.type === 'invoke') {
    // Every call gets its answer, whatever happens here: an exception escaping this async
    // listener would be an unhandled rejection, which ends the worker (and every call in it).
    try {
      await passGate();
      if (msg.channel === 'backups.restore') {
        post({ type: 'result', id: msg.id, envelope: await restore(msg.input) });
        return;
      }
      inFlight++;
      try {
        const { envelope, changed } = await dispatch(msg.channel, msg.input);
        post({ type: 'result', id: msg.id, envelope });
        if (changed.length > 0) post({ type: 'changed', tables: changed });
      } finally {
        if (--inFlight === 0 && idle) { idle(); idle = null; }
      }
    } catch (e) {
      const detail = String(e instanceof Error ? e.message : e).slice(0, 200);
      post({ type: 'result', id: msg.id, envelope: { ok: false, error: { code: 'internal', messageKey: 'errors.internal', params: { detail } } } });
    }
  } else if (msg.type === 'close') {
    await passGate();
    await closeDatabase(open);
    post({ type: 'closed' });
    port.close();
  }
});
