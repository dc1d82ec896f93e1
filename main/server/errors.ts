// A refusal the HTTP layer answers with its status and a SyncErrorBody (shared/sync.ts); the
// admin commands print its message.
import type { SyncErrorCode } from '../../shared/sync.ts';

export class SyncError extends Error {
  readonly status: number;
  readonly code: SyncErrorCode;
  readonly details?: Record<string, unknown>;
  constructor(status: number, code: SyncErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}
