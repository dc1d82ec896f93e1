// 0013: answering a data-protection request. `export_rows` says who was in each export — one row
// per export: its firms' rids (what the export reads rows by), distinct and sorted, packed as
// float64 little-endian in a blob, and its people's ids as a JSON array — so "show everything we
// hold" can list the exports that included someone. Packed, not a row per exported row: a
// 100k-row export would otherwise add 100k rows and two index entries each to its transaction
// (~180 ms, a fifth of the export); the report, which is rare, reads every export's blob instead.
// `erasures` records that someone's personal data was erased — who did it, when, and what kind —
// never the data itself (the record must not undo the erasure it proves).
// Frozen in time against Kysely<any>.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `CREATE TABLE export_rows ( export_id TEXT PRIMARY KEY NOT NULL REFERENCES export_log(id), firm_rids BLOB NOT NULL, person_ids TEXT NOT NULL DEFAULT '[]')`,
    `CREATE TABLE erasures ( id TEXT PRIMARY KEY NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('person','firm')), entity_id TEXT NOT NULL, user_id TEXT NOT NULL REFERENCES users(id), at INTEGER NOT NULL, detail TEXT NOT NULL DEFAULT '{}', created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, deleted_at INTEGER)`,
    `CREATE INDEX erasures_entity ON erasures(entity_id)`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Downgrades are not supported: restore the backup taken before the upgrade.');
}
