// The sync protocol between a laptop and `kartoteka server` (issue 16), validated on both ends.
//
// The unit is a field change, exactly as the laptop's outbox captures it (migration 0015):
// table, row id, column, value, hybrid-logical-clock stamp. `col: null` is a tombstone (the row
// was deleted). The device id is the last 16 hex digits of the stamp (main/core/sync/hlc.ts), so
// it is not sent twice. Values are SQLite scalars: text, integer or real numbers, null; blobs do
// not sync (attachment bytes travel separately, later).
//
// Every request but `join` carries `Authorization: Bearer <device token>`; the token names the
// device, its user and its workspace, so no request names a workspace itself.
//
//   POST /v1/join      JoinRequest      → JoinResponse      (an invite code becomes a device token)
//   POST /v1/push      PushRequest      → PushResponse      (one transaction; idempotent by batch)
//   GET  /v1/pull?after=<cursor>&limit=<n> → PullResponse   (the log after a cursor, in pages)
//   GET  /v1/snapshot?after=<key>&limit=<n> → SnapshotResponse (current state, for a new laptop)
//   GET  /v1/me        → MeResponse                         (who this token is; colleagues)
//
// Errors: HTTP 4xx/5xx with `SyncErrorBody` — a code the client maps to a translated message.
import { z } from 'zod';

export const HLC_RE = /^[0-9a-f]{12}-[0-9a-f]{4}-[0-9a-f]{16}$/;
export const hlcSchema = z.string().regex(HLC_RE);
const ident = z.string().min(1).max(64).regex(/^[a-z_][a-z0-9_]*$/);

export const syncValue = z.union([z.string().max(1_000_000), z.number(), z.null()]);
export type SyncValue = z.infer<typeof syncValue>;

export const changeSchema = z.object({
  tbl: ident,
  row: z.string().min(1).max(200),
  /** null: the row was deleted (a tombstone). */
  col: ident.nullable(),
  val: syncValue,
  hlc: hlcSchema,
});
export type Change = z.infer<typeof changeSchema>;

/** A change as the server's log holds it: its place in the workspace's order. */
export type LoggedChange = Change & { seq: number; /** The user whose device pushed it (the server's log knows). */ user?: string };

export const MAX_PUSH_CHANGES = 5000;
export const MAX_PULL_LIMIT = 5000;
/** A push whose newest stamp is more than this ahead of the server's clock is refused whole. */
export const MAX_CLOCK_AHEAD_MS = 5 * 60_000;

export const pushRequest = z.object({
  /** Chosen by the device per batch (a UUID); a retried batch with the same id adds nothing. */
  batch: z.string().min(8).max(64),
  changes: z.array(changeSchema).max(MAX_PUSH_CHANGES),
});
export type PushRequest = z.infer<typeof pushRequest>;

export interface PushResponse {
  /** Changes newly written to the log (0 for a retried batch). */
  accepted: number;
  /** True when this batch id had been pushed before: nothing was written this time. */
  duplicate: boolean;
  /** The server's clock, so a device can see its own drift. */
  serverTime: number;
}

export interface PullResponse {
  /** Changes after the cursor this device may see, in log order (seq ascending). */
  changes: LoggedChange[];
  /** Pass as `after` next time (opaque to the client; the last seq scanned, as text). */
  cursor: string;
  /** More pages wait: pull again at once. */
  more: boolean;
}

export interface SnapshotResponse {
  /** The current value of each field this device may see, in key order. */
  changes: Change[];
  /** Pass as `after` for the next page (opaque). */
  next: string | null;
  /** Where to start pulling once the snapshot is complete (the log position it reflects). */
  cursor: string;
}

export const DEVICE_ID_RE = /^[0-9a-f]{16}$/;

export const joinRequest = z.object({
  code: z.string().min(6).max(64),
  deviceName: z.string().min(1).max(200),
  /** The laptop's device id (the last 16 hex digits of its stamps), so the server's device list
   * names the same device; when absent the server picks one and answers it in `device.id`. */
  deviceId: z.string().regex(DEVICE_ID_RE).optional(),
});
export type JoinRequest = z.infer<typeof joinRequest>;

export interface SyncUser { id: string; name: string; role: 'admin' | 'member'; }

export interface JoinResponse {
  token: string;
  workspace: { id: string; name: string };
  /** The user this laptop now acts as: its id is the users row id in the synced data. */
  user: SyncUser;
  /** The device as the server knows it (the admin revokes it by this id). */
  device: { id: string; name: string };
}

export interface MeResponse {
  workspace: { id: string; name: string };
  user: SyncUser;
  device: { id: string; name: string };
  colleagues: SyncUser[];
}

export type SyncErrorCode =
  | 'unauthorized'      // no token, unknown token
  | 'revoked'           // the device was cut off by an admin
  | 'invite_invalid'    // unknown, used or expired invite code
  | 'clock_ahead'       // the push's newest stamp is too far ahead of the server's clock
  | 'invalid'           // the body failed validation (details name the field)
  | 'forbidden'         // e.g. a member asking for an admin action
  | 'internal';

export interface SyncErrorBody { error: { code: SyncErrorCode; message: string; details?: Record<string, unknown> } }
