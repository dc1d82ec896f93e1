// Server schema v1. Frozen in time: written against Kysely<any> so later changes to the
// server's Database interface (../schema.ts) can never change what this migration does.
//
// Identifiers that are compared or ordered as keys (stamps, table and row ids, columns) use the
// "C" collation: a hybrid-logical-clock stamp is fixed-width lower-case hex, so byte order is
// clock order — a linguistic collation (the database's default) may ignore the '-' and would not be.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // next_seq: the workspace's next log position. Taken under the row's lock by every push, so
    // positions are gapless and commit in order (a puller never sees seq n+1 before n).
    `CREATE TABLE workspaces (
      id text PRIMARY KEY, name text NOT NULL, next_seq bigint NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now())`,
    // id: the users-row id the laptops' data uses (notes.author_id, firms.owner_id…).
    `CREATE TABLE users (
      workspace_id text NOT NULL REFERENCES workspaces(id), id text NOT NULL, name text NOT NULL,
      role text NOT NULL CHECK (role IN ('admin', 'member')), created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, id))`,
    `CREATE TABLE invites (
      id bigserial PRIMARY KEY, workspace_id text NOT NULL, user_id text NOT NULL,
      code_hash text NOT NULL UNIQUE, expires_at timestamptz NOT NULL, used_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (workspace_id, user_id) REFERENCES users(workspace_id, id))`,
    // id: the 16-hex device id of the laptop's clock stamps. Only the token's hash is kept.
    `CREATE TABLE devices (
      id text PRIMARY KEY, workspace_id text NOT NULL, user_id text NOT NULL, name text NOT NULL,
      token_hash text NOT NULL UNIQUE, created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz, last_seen timestamptz,
      FOREIGN KEY (workspace_id, user_id) REFERENCES users(workspace_id, id))`,
    // A batch id seen once: its retry adds nothing.
    `CREATE TABLE push_batches (
      device_id text NOT NULL REFERENCES devices(id), batch text NOT NULL, accepted integer NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (device_id, batch))`,
    // Append-only; col NULL is a tombstone. val is JSON: a string, a number or null.
    `CREATE TABLE change_log (
      workspace_id text NOT NULL REFERENCES workspaces(id), seq bigint NOT NULL,
      tbl text COLLATE "C" NOT NULL, row_id text COLLATE "C" NOT NULL, col text COLLATE "C",
      val jsonb NOT NULL, hlc text COLLATE "C" NOT NULL, device_id text NOT NULL, user_id text NOT NULL,
      PRIMARY KEY (workspace_id, seq))`,
    // The current value of every field (last writer wins by hlc); col '' is the row's tombstone
    // (a key cannot be NULL). A new laptop starts from here.
    `CREATE TABLE row_state (
      workspace_id text NOT NULL REFERENCES workspaces(id),
      tbl text COLLATE "C" NOT NULL, row_id text COLLATE "C" NOT NULL, col text COLLATE "C" NOT NULL,
      val jsonb NOT NULL, hlc text COLLATE "C" NOT NULL,
      PRIMARY KEY (workspace_id, tbl, row_id, col))`,
    // Who may see a note is decided from its shares: found by the note they name.
    `CREATE INDEX row_state_note_shares ON row_state (workspace_id, (val #>> '{}'))
      WHERE tbl = 'note_shares' AND col = 'note_id'`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}
