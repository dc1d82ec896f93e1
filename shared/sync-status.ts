// What the sync handlers answer the UI (issue 16); the protocol with the server is shared/sync.ts.
import type { SyncValue } from './sync.ts';

export interface SyncStatus {
  /** This laptop has joined a workspace (it has a server and a device token). */
  configured: boolean;
  serverUrl: string | null;
  workspaceName: string | null;
  /** Captured changes not yet acknowledged by the server. */
  waiting: number;
  lastSyncAt: number | null;
  /** The last sync's failure as a translation key (errors.sync_*), null after a success. */
  lastError: string | null;
  /** Conflicts the user has not decided yet. */
  openConflicts: number;
}

export interface SyncNowResult {
  pushed: number;
  pulled: number;
  conflicts: number;
  /** Tables the pull changed: what the windows re-read. */
  tables: string[];
}

export interface SyncConflict {
  id: number;
  /** 'field': two values of one field; 'deleted': an edit met a deletion (the record stays deleted). */
  kind: 'field' | 'deleted';
  tbl: string;
  rowId: string;
  col: string | null;
  localValue: SyncValue;
  /** When this laptop's edit was made (epoch ms, from its clock stamp). */
  localAt: number | null;
  remoteValue: SyncValue;
  remoteAt: number;
  /** The colleague's device (the stamp's last 16 hex digits). */
  remoteDevice: string;
  /** The colleague who made the remote change, when the server said (null: unknown). */
  remoteUserName: string | null;
  createdAt: number;
  resolvedAt: number | null;
  resolution: 'mine' | 'theirs' | 'restored' | 'dismissed' | null;
}
