import type { ProgressEvent, Table } from '../../../shared/contract.ts';
import type { AppErrorData, Envelope } from '../../../shared/errors.ts';
import type { OpenOptions } from './open.ts';

export interface WorkerInit {
  dbPath: string;
  /** Only what survives the structured clone into the worker (no callback, no migration list). */
  options?: Omit<OpenOptions, 'onSlowQuery' | 'migrations'>;
  /** Handlers at least this slow are logged (the dispatcher's default when absent). */
  slowHandlerMs?: number;
}

export type ToWorker =
  | { type: 'invoke'; id: number; channel: string; input: unknown }
  | { type: 'close' };

export type FromWorker =
  | { type: 'ready'; info: { schemaVersion: number; localUserId: string; backupPath: string | null } }
  | { type: 'failed'; error: AppErrorData }
  | { type: 'result'; id: number; envelope: Envelope<unknown> }
  | { type: 'changed'; tables: Table[] }
  | { type: 'progress'; event: ProgressEvent }
  | { type: 'closed' };
