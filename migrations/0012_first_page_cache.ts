// 0012: the firm list's first page, kept between starts. A window's first request is the list
// in name order; before the in-memory list is warm it is answered from one pass over every
// firm's name (firms/first-page.ts) — about 2 s of CPU at a million firms, at every start. Here
// the page's firms (their rids, in the list's order) and the list's total are kept per
// language, and the page itself is read fresh by rid. Whatever could change which firms make
// the page, or their order — a firm added, removed, renamed, deleted, made a lead — empties the
// table, by trigger, whoever writes. A cache of this laptop only: never synced, never backed up
// as data (rebuilt at the next start).
// Frozen in time against Kysely<any>.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `CREATE TABLE first_page_epoch (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL)`,
    `INSERT INTO first_page_epoch (id, n) VALUES (1, 0)`,
    `CREATE TABLE first_page_cache (
      locale TEXT PRIMARY KEY NOT NULL,
      epoch INTEGER NOT NULL,
      total INTEGER NOT NULL,
      rids TEXT NOT NULL,
      created_at INTEGER NOT NULL
    )`,
    `CREATE TRIGGER first_page_firm_insert AFTER INSERT ON firms BEGIN UPDATE first_page_epoch SET n = n + 1; END`,
    // Editing a firm sets every column: only a real change of these moves the epoch.
    `CREATE TRIGGER first_page_firm_update AFTER UPDATE OF rid, name, deleted_at, is_lead ON firms
      WHEN OLD.rid IS NOT NEW.rid OR OLD.name IS NOT NEW.name OR OLD.deleted_at IS NOT NEW.deleted_at OR OLD.is_lead IS NOT NEW.is_lead
      BEGIN UPDATE first_page_epoch SET n = n + 1; END`,
    `CREATE TRIGGER first_page_firm_delete AFTER DELETE ON firms BEGIN UPDATE first_page_epoch SET n = n + 1; END`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Downgrades are not supported: restore the backup taken before the upgrade.');
}
