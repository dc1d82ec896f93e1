import type { ProgressEvent, Table } from '../../../shared/contract.ts';
import type { AppErrorData, Envelope } from '../../../shared/errors.ts';
import type { OpenOptions } from './open.ts';

/** The app's automatic backups: the first soon after start (unless one is recent), then every
 * 4 hours while it runs. Off unless the caller asks (tests open hundreds of databases). */
export const AUTO_BACKUPS = { everyMs: 4 * 3_600_000, startDelayMs: 30_000 } as const;

export interface WorkerInit {
  dbPath: string;
  /** Only what survives the structured clone into the worker (no callback, no migration list). */
  options?: Omit<OpenOptions, 'onSlowQuery' | 'migrations'>;
  /** Handlers at least this slow are logged (the dispatcher's default when absent). */
  slowHandlerMs?: number;
  /** Automatic backups into backups/ beside the file (the app and `serve`; tests leave them off). */
  autoBackups?: { everyMs: number; startDelayMs?: number };
  /** A damaged file is replaced by its newest sound backup (default); false refuses it instead. */
  recover?: boolean;
}

export type ToWorker =
  | { type: 'invoke'; id: number; channel: string; input: unknown }
  | { type: 'close' };

export type FromWorker =
  | { type: 'ready'; info: { schemaVersion: number; localUserId: string; backupPath: string | null; recovered: boolean } }
  | { type: 'failed'; error: AppErrorData }
  | { type: 'result'; id: number; envelope: Envelope<unknown> }
  | { type: 'changed'; tables: Table[] }
  | { type: 'progress'; event: ProgressEvent }
  | { type: 'closed' }
  /** The file was closed, replaced (a restore, a recovery) and opened again: windows re-read. */
  | { type: 'reopened' };
