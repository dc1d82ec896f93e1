// The search index's AFTER INSERT triggers, lifted by bulk writers (the demo generator, the
// import): each re-indexes one firm with the same body firms_au has, so a writer may drop them,
// insert many rows, re-index the firms it wrote once (an UPDATE firms SET name = name fires
// firms_au: the complete search row) and re-create them verbatim — all in one transaction.
import type SQLite from 'better-sqlite3';

const SEARCH_TRIGGERS = ['firms_ai', 'people_ai', 'addresses_ai', 'channels_ai'] as const;

/**
 * The AFTER INSERT search triggers, if they are the ones these writers know: each re-indexes
 * one firm with the same body firms_au has, and nothing else fires on UPDATE firms. Otherwise
 * null, and the writer keeps every trigger (slower, still right).
 */
export function searchTriggers(sqlite: SQLite.Database): { name: string; sql: string }[] | null {
  const rows = sqlite.prepare(`SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'`).all() as { name: string; tbl_name: string; sql: string }[];
  const byName = new Map(rows.map((r) => [r.name, r]));
  // Besides the search triggers, firms has only the first page's (0012), which move its epoch and
  // do not fire on `SET name = name`. (Before this allowed them, every bulk load since 0012 kept
  // all triggers: right, but the slow way.)
  // Change capture's (0015, `sync_firms_*`) stay in place through a bulk load: they are not lifted.
  const onFirms = rows.filter((r) => r.tbl_name === 'firms' && !r.name.startsWith('first_page_') && !r.name.startsWith('sync_')).map((r) => r.name).sort();
  if (onFirms.join() !== 'firms_ad,firms_ai,firms_au') return null;
  const body = (name: string) => {
    const sql = byName.get(name)?.sql;
    return sql ? sql.slice(sql.indexOf(' BEGIN ')).replaceAll('NEW.firm_id', 'NEW.id') : null;
  };
  const reference = body('firms_au');
  if (!reference) return null;
  for (const name of SEARCH_TRIGGERS) if (body(name) !== reference) return null;
  return SEARCH_TRIGGERS.map((name) => ({ name, sql: byName.get(name)!.sql }));
}

