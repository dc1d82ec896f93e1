// 0015: change capture, the laptop's half of syncing through a server (issue 16). Every write to a
// synced table — whoever makes it: handlers, merges, imports, the trash, erasure, a later
// migration — leaves rows in `sync_outbox` in the same transaction, by SQLite triggers generated
// here from the list below:
//   INSERT → ONE row, `col` = '*' and `val` = json_object() of every captured column (a row
//            image). One outbox row per column made a 100k-row import ~70 % costlier; a sync
//            client expands the image into one field change per column, all with its stamp
//            (main/core/sync/outbox.ts). JSON keeps text, integers, reals (exactly) and NULL; a
//            BLOB in a synced column makes the write fail loudly (blobs do not sync: shared/sync.ts);
//   UPDATE → one row per column whose value changed (`NEW.c IS NOT OLD.c`: setting a column to
//            what it was records nothing, so "save the whole form" costs only what changed);
//   DELETE → one tombstone row (`col` NULL).
// The clock stamp comes from `hlc_next()`, an application-defined function that the connection
// must have (main/core/sync/capture.ts registers it in openDatabase): a connection without it
// fails at its first write to a synced table ("no such function") instead of writing a change
// nobody will ever send. `sync_capturing()`, registered beside it, is the triggers' WHEN: the
// demo generator turns capture off on its own connection (its rows are sample data, not edits).
//
// `sync_device` holds this file's device id (16 random hex digits) and the identity of the file
// it was made for (device:inode:birth time); a file opened under another identity — a restored
// backup, a copy — gets a new device id at open (capture.ts). Local-only tables and columns are
// listed, with reasons, in main/core/sync/local-only.ts; capture.test.ts fails for any column
// that is neither captured nor listed.
//
// Frozen in time against Kysely<any>: the list of synced tables and columns below is a copy as of
// this migration, never the live one. A later migration that adds a column to a synced table (or
// a new synced table) re-creates that table's triggers: it imports `captureTriggers` from here
// (this file is frozen too, so the import is stable) with the table's full column list as of
// that migration, drops the three old triggers (`dropCaptureTriggers`) and creates the new ones.
import { sql, type Kysely } from 'kysely';

export interface CapturedTable {
  table: string;
  /** The column that names the row everywhere (the text id; `key` for settings). */
  key: string;
  /** Every captured column but the key. */
  columns: readonly string[];
  /** SQL over `R.` (NEW or OLD): rows for which this is false are not captured. */
  when?: string;
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The three triggers of one synced table, as CREATE TRIGGER statements. */
export function captureTriggers(t: CapturedTable): string[] {
  const when = (row: 'NEW' | 'OLD') => `sync_capturing()${t.when ? ` AND (${t.when.replaceAll('R.', `${row}.`)})` : ''}`;
  const image = t.columns.map((c) => `${lit(c)}, NEW.${q(c)}`).join(', ');
  const changed = t.columns.map((c) => `  INSERT INTO sync_outbox (tbl, row_id, col, val, hlc) SELECT ${lit(t.table)}, NEW.${q(t.key)}, ${lit(c)}, NEW.${q(c)}, hlc_next() WHERE NEW.${q(c)} IS NOT OLD.${q(c)};`);
  return [
    // One row image per inserted row.
    `CREATE TRIGGER ${q(`sync_${t.table}_insert`)} AFTER INSERT ON ${q(t.table)} WHEN ${when('NEW')} BEGIN
  INSERT INTO sync_outbox (tbl, row_id, col, val, hlc) VALUES (${lit(t.table)}, NEW.${q(t.key)}, '*', json_object(${image}), hlc_next());
END`,
    // One statement per column, each kept only when that column changed.
    `CREATE TRIGGER ${q(`sync_${t.table}_update`)} AFTER UPDATE ON ${q(t.table)} WHEN ${when('NEW')} BEGIN
${changed.join('\n')}
END`,
    `CREATE TRIGGER ${q(`sync_${t.table}_delete`)} AFTER DELETE ON ${q(t.table)} WHEN ${when('OLD')} BEGIN
  INSERT INTO sync_outbox (tbl, row_id, col, val, hlc) VALUES (${lit(t.table)}, OLD.${q(t.key)}, NULL, NULL, hlc_next());
END`,
  ];
}

export async function dropCaptureTriggers(db: Kysely<any>, table: string): Promise<void> {
  for (const op of ['insert', 'update', 'delete']) await sql.raw(`DROP TRIGGER IF EXISTS ${q(`sync_${table}_${op}`)}`).execute(db);
}

// Every column but the key, as of 0015 (firms.rid and users.is_local are this laptop's: see
// main/core/sync/local-only.ts). Settings: the office's (letterhead, exchange rates) sync, this
// laptop's own (UI language, the profile question, the backup-location warning) do not.
const SYNCED: Record<string, string> = {
  addresses: 'firm_id kind street number city postal_code country sort created_at updated_at deleted_at trash_id',
  attachments: 'firm_id person_id contact_id folder name mime size sha256 author_id created_at updated_at deleted_at opportunity_id doc_kind trash_id',
  changes: 'firm_id user_id at field old_value new_value created_at updated_at deleted_at',
  channels: 'firm_id person_id kind value label sort created_at updated_at deleted_at trash_id',
  codes: 'list code label built_in sort created_at updated_at deleted_at retired_at',
  contact_rules: 'segment_id days kind_ids created_at updated_at deleted_at',
  contacts: 'firm_id person_id status at kind_id referent_id result_id summary note follows_id created_at updated_at deleted_at trash_id',
  duplicate_dismissals: 'entity a_id b_id user_id created_at updated_at deleted_at',
  erasures: 'kind entity_id user_id at detail created_at updated_at deleted_at',
  export_log: 'user_id selection_id selection_name format rows excluded file_name at created_at updated_at deleted_at',
  field_defs: 'entity label type has_options sort created_at updated_at deleted_at',
  field_options: 'field_id label sort created_at updated_at deleted_at',
  field_values: 'field_id entity_id value_text value_num option_id created_at updated_at deleted_at',
  firms: 'name is_customer is_prospect is_supplier ico dic website source_id owner_id created_at updated_at deleted_at is_lead merged_into_id country vat_id industry_id trash_id',
  label_formats: 'name columns rows label_width_mm label_height_mm margin_top_mm margin_left_mm gap_x_mm gap_y_mm padding_mm built_in created_at updated_at deleted_at',
  letter_templates: 'name language style subject body closing created_at updated_at deleted_at variants',
  merges: 'entity survivor_id merged_id user_id snapshot undone_at created_at updated_at deleted_at',
  note_shares: 'note_id user_id created_at updated_at deleted_at',
  notes: 'firm_id person_id contact_id title body at author_id visibility created_at updated_at deleted_at trash_id',
  opportunities: 'firm_id title stage_id probability amount currency close_date deadline_at watch_days owner_id note lost_reason_id lost_note closed_at stage_changed_at created_at updated_at deleted_at',
  opportunity_comments: 'opportunity_id author_id body at created_at updated_at deleted_at',
  opportunity_competitors: 'opportunity_id name strengths weaknesses sort created_at updated_at deleted_at',
  opportunity_lines: 'opportunity_id product product_group quantity unit_price sort created_at updated_at deleted_at',
  opportunity_users: 'opportunity_id user_id role created_at updated_at deleted_at',
  people: 'firm_id title_before first_name last_name title_after gender job_title role_id note is_main created_at updated_at deleted_at reports_to_id merged_into_id salutation addressee patronymic trash_id',
  pipeline_stages: 'code label outcome probability sort created_at updated_at deleted_at',
  reminders: 'user_id kind contact_id task_id opportunity_id at snoozed_until shown_at dismissed_at created_at updated_at deleted_at trash_id',
  sales: 'firm_id kind source date amount currency product document_no opportunity_id import_id note created_at updated_at deleted_at',
  sales_imports: 'file_name user_id lines added skipped created_at updated_at deleted_at',
  segment_members: 'segment_id firm_id created_at updated_at deleted_at',
  segments: 'kind name parent_firm_id color note created_at updated_at deleted_at',
  selections: 'name recipients where_json topic_id dedupe columns_json format merge_names created_at updated_at deleted_at',
  settings: 'value updated_at',
  subscriptions: 'topic_id person_id firm_id subscribed_at source unsubscribed_at created_at updated_at deleted_at',
  tasks: 'firm_id person_id contact_id title note due_date assignee_id author_id priority done_at created_at updated_at deleted_at trash_id',
  topics: 'name note created_at updated_at deleted_at',
  trash: 'kind entity_id user_id at detail created_at updated_at deleted_at',
  users: 'name email created_at updated_at deleted_at phone position',
};

export const CAPTURED_0015: readonly CapturedTable[] = Object.entries(SYNCED).map(([table, cols]) => ({
  table,
  key: table === 'settings' ? 'key' : 'id',
  columns: cols.split(' '),
  ...(table === 'settings' ? { when: `R.key NOT IN ('ui_locale', 'profile_asked', 'backups.location_warned')` } : {}),
}));

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // `val` has no declared type, so no affinity: an UPDATE's integer, real, text or NULL is
    // kept exactly as the row held it (an INSERT's row image is JSON text, `col` '*'). `device` is the stamp's last 16 digits, computed on read.
    // No index beyond the rowid: rows are appended in `seq` order and read in it (the push).
    // AUTOINCREMENT: a seq is never reused. A push batch is remembered as "every row up to seq N"
    // (sync/client.ts); once rows at the top were acknowledged by their echo and deleted, a plain
    // rowid gave the next edit one of their numbers, and the batch's retry or late answer then
    // sent it under the old batch id (a duplicate to the server) or deleted it unsent — an insert
    // lost for good (found by the property test, seed 7).
    `CREATE TABLE sync_outbox (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      tbl TEXT NOT NULL,
      row_id TEXT NOT NULL,
      col TEXT,
      val,
      hlc TEXT NOT NULL CHECK (length(hlc) = 34),
      device TEXT GENERATED ALWAYS AS (substr(hlc, 19)) VIRTUAL
    )`,
    `CREATE TABLE sync_device (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      device TEXT NOT NULL CHECK (length(device) = 16),
      file_identity TEXT,
      previous_device TEXT,
      reason TEXT NOT NULL,
      created_at INTEGER NOT NULL
    )`,
    // The id is made here, in SQL, so that a file migrated by any program has one; the file's
    // identity is filled in by the first open that knows the path (capture.ts).
    `INSERT INTO sync_device (id, device, file_identity, previous_device, reason, created_at)
      VALUES (1, lower(hex(randomblob(8))), NULL, NULL, 'created', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))`,
    ...CAPTURED_0015.flatMap(captureTriggers),
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Downgrades are not supported: restore the backup taken before the upgrade.');
}
