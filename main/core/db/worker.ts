// The one owner of the database file: a worker thread, so a slow query never freezes the
// window or the host. Messages in: invoke / close. Messages out: ready / result / changed /
// progress (of a job, posted while its handler still runs).
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase, closeDatabase, type OpenDb } from './open.ts';
import { createCore } from '../dispatcher.ts';
import { AppError } from '../../../shared/errors.ts';
import { warmStart } from './warm.ts';
import { dbErrorData } from './integrity.ts';
import type { ToWorker, FromWorker, WorkerInit } from './protocol.ts';

const port = parentPort!;
const init = workerData as WorkerInit;
const post = (m: FromWorker) => port.postMessage(m);

let open: OpenDb;
try {
  // The full integrity check runs beside the first reads (integrity.ts says why); writes wait for it.
  open = await openDatabase(init.dbPath, { integrityCheck: 'background', ...init.options });
} catch (e) {
  post({
    type: 'failed',
    error: e instanceof AppError ? e.data : dbErrorData(e, init.dbPath) ?? { code: 'internal', messageKey: 'errors.internal', params: { detail: String(e instanceof Error ? e.message : e) } },
  });
  process.exit(1);
}
const core = createCore(open, { slowHandlerMs: init.slowHandlerMs, onProgress: (event) => post({ type: 'progress', event }) });
post({ type: 'ready', info: { schemaVersion: open.schemaVersion, localUserId: open.localUserId, backupPath: open.backupPath } });

// Warm the firm list (100k names sorted by Intl.Collator take seconds) while the window is
// still opening, in the language the user chose in the app (saved in the database; the
// process locale of a browser host says nothing about it). The window's first page is
// answered before that; other requests wait for it (warm.ts).
const { dispatch } = warmStart(core);

port.on('message', async (msg: ToWorker) => {
  if (msg.type === 'invoke') {
    // Every call gets its answer, whatever happens here: an exception escaping this async
    // listener would be an unhandled rejection, which ends the worker (and every call in it).
    try {
      const { envelope, changed } = await dispatch(msg.channel, msg.input);
      post({ type: 'result', id: msg.id, envelope });
      if (changed.length > 0) post({ type: 'changed', tables: changed });
    } catch (e) {
      const detail = String(e instanceof Error ? e.message : e).slice(0, 200);
      post({ type: 'result', id: msg.id, envelope: { ok: false, error: { code: 'internal', messageKey: 'errors.internal', params: { detail } } } });
    }
  } else if (msg.type === 'close') {
    await closeDatabase(open);
    post({ type: 'closed' });
    port.close();
  }
});
