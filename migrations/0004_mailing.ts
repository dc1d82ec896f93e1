// Schema v4: mailing — newsletter topics and the consent (and opt-outs) of people and leads,
// saved selections, and the export log (who exported what, when: data-protection
// accountability). Plus the indexes a selection count over 100k firms leans on. Frozen in time
// against Kysely<any>.
import { sql, type Kysely } from 'kysely';

const timestamps = `created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, deleted_at INTEGER`;

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `CREATE TABLE topics (
      id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, note TEXT NOT NULL DEFAULT '', ${timestamps})`,

    // A person, or a lead (a firm row) as itself, subscribes to a topic: when, and where the
    // consent came from. Opting out records the date and keeps the row (the proof); subscribing
    // again revives the same row. One live row per topic and subject.
    `CREATE TABLE subscriptions (
      id TEXT PRIMARY KEY NOT NULL, topic_id TEXT NOT NULL REFERENCES topics(id),
      person_id TEXT REFERENCES people(id), firm_id TEXT REFERENCES firms(id),
      subscribed_at INTEGER NOT NULL, source TEXT NOT NULL DEFAULT '', unsubscribed_at INTEGER, ${timestamps},
      CHECK ((person_id IS NULL) <> (firm_id IS NULL)))`,
    // The consent lookups of a selection: (subject, topic) → the row, one seek per recipient.
    `CREATE UNIQUE INDEX subscriptions_person ON subscriptions(person_id, topic_id) WHERE person_id IS NOT NULL AND deleted_at IS NULL`,
    `CREATE UNIQUE INDEX subscriptions_firm ON subscriptions(firm_id, topic_id) WHERE firm_id IS NOT NULL AND deleted_at IS NULL`,
    // A topic's subscribers (the topic list's counts, leads a topic brings into a selection).
    `CREATE INDEX subscriptions_topic ON subscriptions(topic_id, unsubscribed_at, person_id, firm_id, deleted_at) WHERE deleted_at IS NULL`,

    // A saved selection: the condition tree and the export settings, reusable by name.
    `CREATE TABLE selections (
      id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL,
      recipients TEXT NOT NULL CHECK (recipients IN ('firms','people')), where_json TEXT NOT NULL,
      topic_id TEXT REFERENCES topics(id), dedupe TEXT NOT NULL DEFAULT 'none' CHECK (dedupe IN ('none','email','address')),
      columns_json TEXT NOT NULL, format TEXT NOT NULL, merge_names INTEGER NOT NULL DEFAULT 0, ${timestamps})`,
    `CREATE UNIQUE INDEX selections_name ON selections(name) WHERE deleted_at IS NULL`,

    // Who exported which selection, when, how many rows in which format. The name is copied: the
    // log outlives renamed and deleted selections.
    `CREATE TABLE export_log (
      id TEXT PRIMARY KEY NOT NULL, user_id TEXT NOT NULL REFERENCES users(id),
      selection_id TEXT REFERENCES selections(id), selection_name TEXT NOT NULL, format TEXT NOT NULL,
      rows INTEGER NOT NULL, excluded INTEGER NOT NULL, file_name TEXT NOT NULL, at INTEGER NOT NULL, ${timestamps})`,
    `CREATE INDEX export_log_at ON export_log(at)`,

    // The indexes below carry every column their queries name — deleted_at too, although their
    // WHERE makes it always NULL: SQLite reads the table row for any column an index lacks, and
    // a selection asks them once per firm or person.
    // Selections walk live firms and their live people: the people of a firm (and its main
    // person, whose consent speaks for the firm) without reading the people table.
    `CREATE INDEX people_firm_live ON people(firm_id, is_main, id, deleted_at) WHERE deleted_at IS NULL`,
    // A recipient's first e-mail (deduplication, the no-e-mail count) straight from an index.
    `CREATE INDEX channels_person_kind ON channels(person_id, kind, sort, value, deleted_at) WHERE person_id IS NOT NULL AND deleted_at IS NULL`,
    `CREATE INDEX channels_firm_own ON channels(firm_id, kind, sort, value, person_id, deleted_at) WHERE person_id IS NULL AND deleted_at IS NULL`,
    // Place conditions: the distinct cities / postal codes / countries, then their firms.
    // A firm's main postal address (postal, registered, any other; then the user's order) as the
    // first entry of an index: the export reads one per row without sorting the firm's addresses.
    `CREATE INDEX addresses_main ON addresses(firm_id, (CASE kind WHEN 'postal' THEN 0 WHEN 'registered' THEN 1 ELSE 2 END), sort)
      WHERE deleted_at IS NULL AND (street <> '' OR city <> '' OR postal_code <> '')`,
    `CREATE INDEX addresses_city ON addresses(city, firm_id, deleted_at) WHERE deleted_at IS NULL`,
    `CREATE INDEX addresses_postal ON addresses(postal_code, firm_id, deleted_at) WHERE deleted_at IS NULL`,
    `CREATE INDEX addresses_country ON addresses(country, firm_id, deleted_at) WHERE deleted_at IS NULL`,
    // Revenue in one currency since a date, summed per firm, without reading the sales table.
    `CREATE INDEX sales_currency_date ON sales(currency, date, firm_id, amount, deleted_at) WHERE deleted_at IS NULL`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Downgrades are not supported: restore the backup taken before the upgrade.');
}
