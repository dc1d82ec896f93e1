// 0013: answering a data-protection request. `export_rows` says who was in each export (one row
// per exported row: the firm by its rid — what the export reads rows by — and the person, NULL
// for a firm's own row), so "show everything we hold" can list the exports that included someone.
// `erasures` records that someone's personal data was erased — who did it, when, and what kind —
// never the data itself (the record must not undo the erasure it proves).
// Frozen in time against Kysely<any>.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `CREATE TABLE export_rows ( export_id TEXT NOT NULL REFERENCES export_log(id), firm_rid INTEGER NOT NULL, person_id TEXT)`,
    // Looked up by person (a person's report) and by firm (a firm's); never scanned by export.
    `CREATE INDEX export_rows_person ON export_rows(person_id, export_id) WHERE person_id IS NOT NULL`,
    `CREATE INDEX export_rows_firm ON export_rows(firm_rid, export_id)`,
    `CREATE TABLE erasures ( id TEXT PRIMARY KEY NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('person','firm')), entity_id TEXT NOT NULL, user_id TEXT NOT NULL REFERENCES users(id), at INTEGER NOT NULL, detail TEXT NOT NULL DEFAULT '{}', created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, deleted_at INTEGER)`,
    `CREATE INDEX erasures_entity ON erasures(entity_id)`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Downgrades are not supported: restore the backup taken before the upgrade.');
}
