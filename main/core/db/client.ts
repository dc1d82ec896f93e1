// The main side of the database worker: callers (Electron IPC, the browser host, the CLI)
// invoke contract channels and get envelopes back; writes announce the tables they changed.
import { Worker } from 'node:worker_threads';
import { AppError, type Envelope } from '../../../shared/errors.ts';
import type { ChangeEvent } from '../../../shared/contract.ts';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.ts';

export interface DbClientOptions extends WorkerInit {
  /** The worker script; default: worker.ts beside this file, or db-worker.mjs beside a bundle. */
  workerPath?: string | URL;
}

export class DbClient {
  readonly info: Extract<FromWorker, { type: 'ready' }>['info'];
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, (e: Envelope<unknown>) => void>();
  private readonly listeners = new Set<(e: ChangeEvent) => void>();
  private closed = false;

  private constructor(worker: Worker, info: DbClient['info']) {
    this.worker = worker;
    this.info = info;
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'result') {
        this.pending.get(m.id)?.(m.envelope);
        this.pending.delete(m.id);
      } else if (m.type === 'changed') {
        for (const cb of this.listeners) cb({ tables: m.tables });
      }
    });
    worker.on('error', (err) => this.failAll(String(err)));
    worker.on('exit', () => this.failAll('worker exited'));
  }

  static open(opts: DbClientOptions): Promise<DbClient> {
    // Run from sources: worker.ts beside this file; bundled (dist/cli/, dist/electron/): the
    // bundle's db-worker.mjs beside the code that holds this line.
    const workerPath = opts.workerPath ?? new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './db-worker.mjs', import.meta.url);
    const init: WorkerInit = { dbPath: opts.dbPath, options: opts.options, slowHandlerMs: opts.slowHandlerMs };
    const worker = new Worker(workerPath, { workerData: init });
    return new Promise((resolve, reject) => {
      const onMessage = (m: FromWorker) => {
        if (m.type === 'ready') {
          worker.off('message', onMessage);
          worker.off('error', reject);
          resolve(new DbClient(worker, m.info));
        } else if (m.type === 'failed') {
          worker.off('message', onMessage);
          reject(new AppError(m.error));
        }
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
  }

  invoke(channel: string, input: unknown): Promise<Envelope<unknown>> {
    if (this.closed) return Promise.resolve({ ok: false, error: { code: 'internal', messageKey: 'errors.internal', params: { detail: 'closed' } } });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({ type: 'invoke', id, channel, input } satisfies ToWorker);
    });
  }

  onChange(cb: (e: ChangeEvent) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await new Promise<void>((resolve) => {
      this.worker.once('exit', () => resolve());
      this.worker.postMessage({ type: 'close' } satisfies ToWorker);
    });
  }

  private failAll(detail: string): void {
    for (const resolve of this.pending.values()) resolve({ ok: false, error: { code: 'internal', messageKey: 'errors.internal', params: { detail } } });
    this.pending.clear();
  }
}
