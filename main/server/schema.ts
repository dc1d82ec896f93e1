// The server's PostgreSQL tables as Kysely sees them (migrations/ creates them).
import type { ColumnType } from 'kysely';

type Stamp = ColumnType<Date, Date | string, Date | string>;
type StampNow = ColumnType<Date, Date | string | undefined, Date | string>;
type StampOrNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** bigint comes back from `pg` as text (it may exceed 2^53; ours never do). */
type Big = ColumnType<string, number | string, number | string>;
type BigAuto = ColumnType<string, number | string | undefined, number | string>;
/** jsonb: written as JSON text, read parsed. */
type Json = ColumnType<string | number | null, string, string>;

export interface ServerDatabase {
  workspaces: { id: string; name: string; next_seq: BigAuto; created_at: StampNow };
  users: { workspace_id: string; id: string; name: string; role: 'admin' | 'member'; created_at: StampNow };
  invites: {
    id: BigAuto; workspace_id: string; user_id: string; code_hash: string;
    expires_at: Stamp; used_at: StampOrNull; created_at: StampNow;
  };
  devices: {
    id: string; workspace_id: string; user_id: string; name: string; token_hash: string;
    created_at: StampNow; revoked_at: StampOrNull; last_seen: StampOrNull;
  };
  push_batches: { device_id: string; batch: string; accepted: number; created_at: StampNow };
  change_log: {
    workspace_id: string; seq: Big; tbl: string; row_id: string; col: string | null; val: Json;
    hlc: string; device_id: string; user_id: string;
  };
  row_state: { workspace_id: string; tbl: string; row_id: string; col: string; val: Json; hlc: string };
}
