// What never leaves this laptop, and why (issue 16). Every other table and column is captured by
// migration 0015's triggers; capture.test.ts fails for a table or column of the schema that is
// neither captured nor named here — so a new table or column is a decision, never an accident.

/** Whole tables that are this laptop's own, each with its reason. */
export const LOCAL_ONLY_TABLES: Readonly<Record<string, string>> = {
  sync_outbox: 'the outbox itself: the changes this laptop has yet to send',
  sync_device: "this file's device id and the identity of the file it belongs to",
  first_page_cache: "a cache of this laptop's first list page (rebuilt at the next start)",
  first_page_epoch: 'the counter that tells whether first_page_cache is still true',
  firm_search: "the search index: rebuilt from synced rows by each laptop's own triggers",
  firm_search_config: "firm_search's FTS5 shadow table",
  firm_search_content: "firm_search's FTS5 shadow table",
  firm_search_data: "firm_search's FTS5 shadow table",
  firm_search_docsize: "firm_search's FTS5 shadow table",
  firm_search_idx: "firm_search's FTS5 shadow table",
  sync_fields: "the clock of each field's value as this laptop last applied or sent it (apply.ts)",
  sync_parked: 'fields of rows that arrived before they could be inserted, waiting for the rest',
  sync_conflicts: "the clashes this laptop's user has to decide, with both values",
  sync_config: "this laptop's server, device token, pull cursor and the outcome of its last sync",
  kysely_migration: 'which migrations this file has run',
  kysely_migration_lock: "the migration runner's lock row",
  imports: "this laptop's undo log of its import runs: undo reverses rows of this file; the rows an import "
    + 'writes are captured like any other write, and an undo is captured as new changes',
  import_changes: "the before-images an import's undo needs, per row of this file (part of the undo log)",
  import_mappings: 'the column mapping remembered per source file layout of the files imported on this laptop '
    + '(a convenience of whoever imports here, keyed by source and kind, with no row id to sync by)',
  export_rows: "who was in an export, by firm rid — this file's rowids, which a colleague's file does not share "
    + '(the export_log entry itself syncs; these rows must name firm ids before they can)',
};

/** Columns of synced tables that are this laptop's own. */
export const LOCAL_ONLY_COLUMNS: Readonly<Record<string, string>> = {
  'firms.rid': "this file's integer rowid (the list index and the search index's rowid); the text id names the firm everywhere",
  'users.is_local': "which user is this laptop's own: each laptop has its own",
};

/**
 * Settings rows that are this laptop's own (the triggers on `settings` skip these keys); the
 * office's settings — the letterhead, exchange rates — and any new key sync.
 */
export const LOCAL_ONLY_SETTINGS: Readonly<Record<string, string>> = {
  ui_locale: "this laptop's UI language",
  profile_asked: 'whether this laptop has asked its user for their profile',
  'backups.location_warned': "the warning about where this laptop's file lies",
};
