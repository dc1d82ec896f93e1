// Schema v7: indexes that answer their queries alone. SQLite uses a partial index only when the
// query repeats the index's condition (`status = 'done' AND deleted_at IS NULL`), and then still
// checks that condition on the table row — one random read of the row per index entry visited —
// unless the index holds those columns too. So the hot paths read a table row for every entry:
// the last done contact per firm (neglected clients, "last contact before" selections), the live
// members of a segment (the firm list's segment filter, selections, contact rules). The same
// indexes again with the condition's columns at the end: the reads stay in the index.
// Plus one for revenue selections: sales of a currency in firm order (amount and date inside),
// so "firms whose sales since D sum to ≥ X" groups as it reads instead of sorting every sale.
// Frozen in time against Kysely<any>.
import { sql, type Kysely } from 'kysely';

const STATEMENTS = [
  `DROP INDEX contacts_done_firm_at`,
  `CREATE INDEX contacts_done_firm_at ON contacts(firm_id, at, status, deleted_at) WHERE status = 'done' AND deleted_at IS NULL`,
  `DROP INDEX contacts_done_firm_kind`,
  `CREATE INDEX contacts_done_firm_kind ON contacts(firm_id, kind_id, at, status, deleted_at) WHERE status = 'done' AND deleted_at IS NULL`,
  `DROP INDEX segment_members_live`,
  `CREATE INDEX segment_members_live ON segment_members(segment_id, firm_id, deleted_at) WHERE deleted_at IS NULL`,
  `CREATE INDEX sales_currency_firm ON sales(currency, firm_id, date, amount, deleted_at) WHERE deleted_at IS NULL`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const s of STATEMENTS) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Downgrades are not supported: restore the backup taken before the upgrade.');
}
