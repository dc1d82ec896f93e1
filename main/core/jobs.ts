// Long work the user waits for — serial letters, big exports, the duplicate scan — reports how
// far it got and can be cancelled.
//
// The renderer names the job (a random id in the channel's `job` field), listens to progress
// events for that id and may call `jobs.cancel`. The database worker is one thread running one
// handler at a time, so a cancel request can only be read while the handler waits: `step()`
// lets the event loop turn (one setImmediate, microseconds) at every step, which is also where a
// cancel is noticed — a cancelled job throws `errors.cancelled` there, and a write handler's
// transaction is rolled back with it, so a cancelled export leaves no log entry behind.
import { AppError } from '../../shared/errors.ts';
import type { ProgressEvent } from '../../shared/contract.ts';
import type { HandlerMap } from './handler-types.ts';

/** What a handler's loop calls after each batch: reports `done` of `total` and gives a cancel
 * request a chance to arrive (throws `errors.cancelled` once one has). */
export interface JobHandle {
  readonly id: string;
  step(done: number, total: number): Promise<void>;
}

/** Progress is posted at most this often (a busy window needs no more than a few a second)… */
const PROGRESS_EVERY_MS = 150;
/** …unless the job counts this few steps (a scan's phases): then each one. */
const EVERY_STEP_UP_TO = 20;
/** Ids cancelled before their job started (the request waited behind the list's warm-up, or
 * the cancel overtook it): remembered, a bounded few. */
const EARLY_CANCELS_KEPT = 64;

export const cancelled = (): AppError => new AppError({ code: 'cancelled', messageKey: 'errors.cancelled' });

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class Jobs {
  private readonly running = new Map<string, { cancelled: boolean }>();
  private readonly early: string[] = [];

  private readonly onProgress: (e: ProgressEvent) => void;

  constructor(onProgress: (e: ProgressEvent) => void = () => {}) {
    this.onProgress = onProgress;
  }

  /** A handle for the handler of one request; `end()` when it answered. */
  start(id: string): JobHandle & { end(): void } {
    const state = { cancelled: false };
    const at = this.early.indexOf(id);
    if (at >= 0) { this.early.splice(at, 1); state.cancelled = true; }
    this.running.set(id, state);
    let lastPost = -Infinity;
    let lastDone = -1;
    return {
      id,
      step: async (done, total) => {
        const now = performance.now();
        // The first step, the last and a few a second in between.
        if (done !== lastDone && (now - lastPost >= PROGRESS_EVERY_MS || done >= total || lastDone < 0 || total <= EVERY_STEP_UP_TO)) {
          lastPost = now;
          lastDone = done;
          this.onProgress({ job: id, done, total });
        }
        await turn();
        if (state.cancelled) throw cancelled();
      },
      end: () => { if (this.running.get(id) === state) this.running.delete(id); },
    };
  }

  /** True when the job was running (it stops at its next step); a job not started yet is
   * refused when it starts. */
  cancel(id: string): boolean {
    const state = this.running.get(id);
    if (state) { state.cancelled = true; return true; }
    if (!this.early.includes(id)) {
      this.early.push(id);
      if (this.early.length > EARLY_CANCELS_KEPT) this.early.shift();
    }
    return false;
  }
}

export const jobHandlers = {
  'jobs.cancel': async ({ job }, ctx) => ({ cancelled: ctx.jobs?.cancel(job) ?? false }),
} satisfies Partial<HandlerMap>;
