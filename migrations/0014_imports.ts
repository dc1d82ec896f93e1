// 0014: the import wizard (issue 15). `imports` is one row per import run — what, from which
// file, in which mode, by whom, its counts, and whether (and by whom) it was undone.
// `import_changes` is what undo needs: every row the import inserted or updated, with the
// row's values before the import (NULL for an insert) and the `updated_at` the import left on
// it, so undo can tell a row edited since. `import_mappings` remembers the column mapping and
// read options per source (the reader's `source_key`: the same export layout next month gets
// the same mapping) and import kind. Local to the laptop, like the undo they serve.
// Frozen in time against Kysely<any>.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `CREATE TABLE imports ( id TEXT PRIMARY KEY NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('firms','people','contacts')), file_name TEXT NOT NULL, format TEXT NOT NULL, encoding TEXT, mode TEXT NOT NULL CHECK (mode IN ('create','update','both')), source_key TEXT NOT NULL DEFAULT '', user_id TEXT NOT NULL REFERENCES users(id), counts TEXT NOT NULL DEFAULT '{}', undone_at INTEGER, undone_by TEXT REFERENCES users(id), created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, deleted_at INTEGER)`,
    `CREATE TABLE import_changes ( seq INTEGER PRIMARY KEY, import_id TEXT NOT NULL REFERENCES imports(id), tbl TEXT NOT NULL, row_id TEXT NOT NULL, op TEXT NOT NULL CHECK (op IN ('insert','update')), before TEXT, stamp INTEGER NOT NULL)`,
    `CREATE INDEX import_changes_import ON import_changes(import_id, seq)`,
    `CREATE TABLE import_mappings ( source_key TEXT NOT NULL, kind TEXT NOT NULL, mapping TEXT NOT NULL, options TEXT NOT NULL DEFAULT '{}', updated_at INTEGER NOT NULL, PRIMARY KEY (source_key, kind))`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Downgrades are not supported: restore the backup taken before the upgrade.');
}
