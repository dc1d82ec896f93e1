// The one owner of the database file: a worker thread, so a slow query never freezes the
// window or the host. Messages in: invoke / close. Messages out: ready / result / changed.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase, closeDatabase, type OpenDb } from './open.ts';
import { createCore } from '../dispatcher.ts';
import { AppError } from '../../../shared/errors.ts';
import type { ToWorker, FromWorker, WorkerInit } from './protocol.ts';

const port = parentPort!;
const init = workerData as WorkerInit;
const post = (m: FromWorker) => port.postMessage(m);

let open: OpenDb;
try {
  open = await openDatabase(init.dbPath, init.options);
} catch (e) {
  post({
    type: 'failed',
    error: e instanceof AppError ? e.data : { code: 'internal', messageKey: 'errors.internal', params: { detail: String(e instanceof Error ? e.message : e) } },
  });
  process.exit(1);
}
const core = createCore(open);
post({ type: 'ready', info: { schemaVersion: open.schemaVersion, localUserId: open.localUserId, backupPath: open.backupPath } });

// Warm the firm list (100k names sorted by Intl.Collator take ~1 s) while the window is still
// opening; requests that arrive meanwhile simply queue behind it.
const lang = Intl.DateTimeFormat().resolvedOptions().locale.slice(0, 2);
void core.dispatch('firms.list', { locale: ['cs', 'hu', 'ru'].includes(lang) ? lang : 'en', limit: 1 });

port.on('message', async (msg: ToWorker) => {
  if (msg.type === 'invoke') {
    // Every call gets its answer, whatever happens here: an exception escaping this async
    // listener would be an unhandled rejection, which ends the worker (and every call in it).
    try {
      const { envelope, changed } = await core.dispatch(msg.channel, msg.input);
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
