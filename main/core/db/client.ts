// The main side of the database worker: callers (Electron IPC, the browser host, the CLI)
// invoke contract channels and get envelopes back; writes announce the tables they changed.
//
// It never leaves a caller hanging and never throws: an input the worker could not receive is
// a validation envelope; when the worker dies, the calls in flight get `unavailable`
// (`errors.core_restarted`: the last action may or may not have been saved), a new worker is
// started on the same file and later calls go to it. A worker that cannot be started again, or
// keeps dying, leaves the client `down`: every call answers `errors.core_down` at once.
import { Worker } from 'node:worker_threads';
import { AppError, type AppErrorData, type Envelope } from '../../../shared/errors.ts';
import type { ChangeEvent, CoreEvent, ProgressEvent } from '../../../shared/contract.ts';
import { depthExceeds, MAX_INPUT_DEPTH } from '../../../shared/limits.ts';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.ts';

export interface DbClientOptions extends WorkerInit {
  /** The worker script; default: worker.ts beside this file, or db-worker.mjs beside a bundle. */
  workerPath?: string | URL;
  /** Restarts allowed within `restartWindowMs` before the client gives up (default 3 in 60 s):
   * a worker that dies at every start must not be restarted forever. */
  maxRestarts?: number;
  restartWindowMs?: number;
}

type Info = Extract<FromWorker, { type: 'ready' }>['info'];
type State = 'up' | 'restarting' | 'down' | 'closed';
type CoreState = CoreEvent['state'];

const failure = (error: AppErrorData): Envelope<never> => ({ ok: false, error });
export const CORE_RESTARTED: AppErrorData = { code: 'unavailable', messageKey: 'errors.core_restarted' };
export const CORE_DOWN: AppErrorData = { code: 'unavailable', messageKey: 'errors.core_down' };

/** Starts a worker and waits for its `ready` (or its refusal to open the file). */
function spawn(workerPath: string | URL, init: WorkerInit): Promise<{ worker: Worker; info: Info }> {
  const worker = new Worker(workerPath, { workerData: init });
  return new Promise((resolve, reject) => {
    const done = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (m: FromWorker) => {
      if (m.type === 'ready') { done(); resolve({ worker, info: m.info }); }
      else if (m.type === 'failed') { done(); reject(new AppError(m.error)); }
    };
    const onError = (e: Error) => { done(); reject(e); };
    const onExit = (code: number) => { done(); reject(new Error(`the database worker exited (${code}) while starting`)); };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}

export class DbClient {
  /** What the first worker reported (schema version, local user, backup taken). */
  readonly info: Info;
  private worker: Worker;
  private state: State = 'up';
  private restarting: Promise<void> | null = null;
  private readonly restarts: number[] = [];
  private nextId = 1;
  /** Calls sent to the current worker and not answered yet. */
  private pending = new Map<number, (e: Envelope<unknown>) => void>();
  private readonly listeners = new Set<(e: ChangeEvent) => void>();
  private readonly restartListeners = new Set<(state: CoreState) => void>();
  private readonly progressListeners = new Set<(e: ProgressEvent) => void>();

  private readonly workerPath: string | URL;
  private readonly init: WorkerInit;
  private readonly maxRestarts: number;
  private readonly restartWindowMs: number;

  private constructor(worker: Worker, info: Info, workerPath: string | URL, init: WorkerInit, maxRestarts: number, restartWindowMs: number) {
    this.info = info;
    this.worker = worker;
    this.workerPath = workerPath;
    this.init = init;
    this.maxRestarts = maxRestarts;
    this.restartWindowMs = restartWindowMs;
    this.attach(worker);
  }

  static async open(opts: DbClientOptions): Promise<DbClient> {
    // Run from sources: worker.ts beside this file; bundled (dist/cli/, dist/electron/): the
    // bundle's db-worker.mjs beside the code that holds this line.
    const workerPath = opts.workerPath ?? new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './db-worker.mjs', import.meta.url);
    const init: WorkerInit = { dbPath: opts.dbPath, options: opts.options, slowHandlerMs: opts.slowHandlerMs, autoBackups: opts.autoBackups, recover: opts.recover };
    const { worker, info } = await spawn(workerPath, init);
    return new DbClient(worker, info, workerPath, init, opts.maxRestarts ?? 3, opts.restartWindowMs ?? 60_000);
  }

  /** 'up' (or restarting, which callers simply wait out), 'down' or 'closed'. */
  get status(): State { return this.state; }

  async invoke(channel: string, input: unknown): Promise<Envelope<unknown>> {
    // Checked here, for every transport: structured clone recurses, and thousands of nested
    // arrays overflow its stack inside postMessage.
    if (depthExceeds(input)) return failure({ code: 'validation', messageKey: 'errors.too_deep', params: { max: MAX_INPUT_DEPTH } });
    if (this.state === 'restarting') await this.restarting;
    if (this.state === 'closed') return failure({ code: 'internal', messageKey: 'errors.internal', params: { detail: 'closed' } });
    if (this.state === 'down') return failure(CORE_DOWN);
    const id = this.nextId++;
    const worker = this.worker;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      try {
        worker.postMessage({ type: 'invoke', id, channel, input } satisfies ToWorker);
      } catch (e) {
        // Whatever the clone refuses (a function, a cycle it cannot hold): the caller's input.
        this.pending.delete(id);
        resolve(failure({ code: 'validation', messageKey: 'errors.invalid', params: { detail: String(e instanceof Error ? e.message : e).slice(0, 200) } }));
      }
    });
  }

  onChange(cb: (e: ChangeEvent) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** How far the jobs in flight got (requests carrying a `job` id; main/core/jobs.ts). */
  onProgress(cb: (e: ProgressEvent) => void): () => void {
    this.progressListeners.add(cb);
    return () => this.progressListeners.delete(cb);
  }

  /** Called after a worker died: 'up' once a new one answers, 'down' when the client gave up;
   * and 'reopened' when the worker replaced the file (a restore, a recovery): re-read, no alarm. */
  onRestart(cb: (state: CoreState) => void): () => void {
    this.restartListeners.add(cb);
    return () => this.restartListeners.delete(cb);
  }

  /** Stops the worker thread at once, as a crash would (the calls in flight fail, a new worker
   * starts). For a worker stuck in a runaway query, and for tests of exactly that path. */
  async killWorker(): Promise<void> {
    await this.worker.terminate();
    await this.restarting;
  }

  async close(): Promise<void> {
    if (this.state === 'restarting') await this.restarting;
    if (this.state === 'closed') return;
    const wasUp = this.state === 'up';
    this.state = 'closed';
    if (!wasUp) return;
    await new Promise<void>((resolve) => {
      this.worker.once('exit', () => resolve());
      this.worker.postMessage({ type: 'close' } satisfies ToWorker);
    });
  }

  private attach(worker: Worker): void {
    worker.on('message', (m: FromWorker) => {
      if (worker !== this.worker) return;
      if (m.type === 'result') {
        this.pending.get(m.id)?.(m.envelope);
        this.pending.delete(m.id);
      } else if (m.type === 'changed') {
        for (const cb of this.listeners) cb({ tables: m.tables });
      } else if (m.type === 'progress') {
        for (const cb of this.progressListeners) cb(m.event);
      } else if (m.type === 'reopened') {
        // A restore or a recovery replaced the file: every window re-reads what it shows.
        for (const cb of this.restartListeners) cb('reopened');
      }
    });
    // 'error' (an uncaught exception in the worker) is always followed by 'exit'.
    worker.on('error', (err) => console.error('[kartoteka] the database worker failed:', err));
    worker.on('exit', () => {
      if (worker !== this.worker) return;
      this.failPending(this.state === 'closed' ? { code: 'internal', messageKey: 'errors.internal', params: { detail: 'closed' } } : CORE_RESTARTED);
      if (this.state === 'up') this.restart();
    });
  }

  private restart(): void {
    const now = Date.now();
    while (this.restarts.length > 0 && now - this.restarts[0]! > this.restartWindowMs) this.restarts.shift();
    if (this.restarts.length >= this.maxRestarts) { this.giveUp(new Error('the database worker keeps dying')); return; }
    this.restarts.push(now);
    this.state = 'restarting';
    this.restarting = spawn(this.workerPath, this.init).then(
      ({ worker }) => {
        if (this.state !== 'restarting') { void worker.terminate(); return; }
        this.worker = worker;
        this.attach(worker);
        this.state = 'up';
        console.error('[kartoteka] the database worker stopped and was restarted');
        // The transports tell the UI, which re-reads what it shows: the call in flight may or
        // may not have been saved.
        for (const cb of this.restartListeners) cb('up');
      },
      (e: unknown) => this.giveUp(e),
    ).finally(() => { this.restarting = null; });
  }

  private giveUp(e: unknown): void {
    console.error('[kartoteka] the database worker could not be restarted:', e);
    this.state = 'down';
    for (const cb of this.restartListeners) cb('down');
  }

  private failPending(error: AppErrorData): void {
    const pending = this.pending;
    this.pending = new Map();
    for (const resolve of pending.values()) resolve(failure(error));
  }
}
