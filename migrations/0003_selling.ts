// Schema v3: selling day to day — reminders, contact-frequency rules, opportunities on an
// editable pipeline, and sales (from won opportunities or imported from accounting).
// Money is always integer minor units plus an ISO 4217 code. Frozen in time against Kysely<any>.
import { sql, type Kysely } from 'kysely';

const timestamps = `created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, deleted_at INTEGER`;

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // Reminders belong to one user and point at what they remind of: a planned contact, a task,
    // or an opportunity's deadline (the watch). Due = not dismissed and (snoozed_until ?? at) has
    // passed; `shown_at` records that the OS notification went out, so a restart does not repeat
    // it while the in-app list still shows it until dismissed.
    `CREATE TABLE reminders (
      id TEXT PRIMARY KEY NOT NULL, user_id TEXT NOT NULL REFERENCES users(id),
      kind TEXT NOT NULL CHECK (kind IN ('contact','task','deadline')),
      contact_id TEXT REFERENCES contacts(id), task_id TEXT REFERENCES tasks(id),
      opportunity_id TEXT REFERENCES opportunities(id),
      at INTEGER NOT NULL, snoozed_until INTEGER, shown_at INTEGER, dismissed_at INTEGER, ${timestamps})`,
    `CREATE INDEX reminders_user_due ON reminders(user_id, at) WHERE dismissed_at IS NULL AND deleted_at IS NULL`,
    `CREATE INDEX reminders_contact ON reminders(contact_id) WHERE contact_id IS NOT NULL`,
    `CREATE INDEX reminders_task ON reminders(task_id) WHERE task_id IS NOT NULL`,
    `CREATE INDEX reminders_opportunity ON reminders(opportunity_id) WHERE opportunity_id IS NOT NULL`,

    // "Customers in segment A: a meeting or call at least every 30 days". kind_ids: a JSON array
    // of contact_kind code ids that count ('[]' = every kind).
    `CREATE TABLE contact_rules (
      id TEXT PRIMARY KEY NOT NULL, segment_id TEXT NOT NULL REFERENCES segments(id),
      days INTEGER NOT NULL CHECK (days > 0), kind_ids TEXT NOT NULL DEFAULT '[]', ${timestamps})`,
    // The last done contact of a firm (of given kinds) straight from an index: the neglected
    // list asks it for every member of every ruled segment.
    `CREATE INDEX contacts_done_firm_kind ON contacts(firm_id, kind_id, at) WHERE status = 'done' AND deleted_at IS NULL`,
    // …and of any kind: rules that count every kind ask "anything since the cutoff?" in one seek.
    `CREATE INDEX contacts_done_firm_at ON contacts(firm_id, at) WHERE status = 'done' AND deleted_at IS NULL`,
    `CREATE INDEX contacts_planned_referent ON contacts(referent_id, at) WHERE status = 'planned' AND deleted_at IS NULL`,
    // The agenda's month view also shows what a person already did in the range.
    `CREATE INDEX contacts_done_referent ON contacts(referent_id, at) WHERE status = 'done' AND deleted_at IS NULL`,
    `CREATE INDEX tasks_assignee_due ON tasks(assignee_id, due_date) WHERE deleted_at IS NULL`,

    // The pipeline: stages the office edits. `outcome` says which stages close an opportunity;
    // built-in stages carry a code (translated in the UI) until the user renames them.
    `CREATE TABLE pipeline_stages (
      id TEXT PRIMARY KEY NOT NULL, code TEXT, label TEXT,
      outcome TEXT NOT NULL DEFAULT 'open' CHECK (outcome IN ('open','won','lost')),
      probability INTEGER NOT NULL DEFAULT 0 CHECK (probability BETWEEN 0 AND 100),
      sort INTEGER NOT NULL DEFAULT 0, ${timestamps})`,
    `CREATE TABLE opportunities (
      id TEXT PRIMARY KEY NOT NULL, firm_id TEXT NOT NULL REFERENCES firms(id),
      title TEXT NOT NULL, stage_id TEXT NOT NULL REFERENCES pipeline_stages(id),
      probability INTEGER NOT NULL DEFAULT 0 CHECK (probability BETWEEN 0 AND 100),
      amount INTEGER NOT NULL DEFAULT 0, currency TEXT NOT NULL,
      close_date TEXT, deadline_at INTEGER, watch_days INTEGER,
      owner_id TEXT NOT NULL REFERENCES users(id), note TEXT NOT NULL DEFAULT '',
      lost_reason_id TEXT REFERENCES codes(id), lost_note TEXT NOT NULL DEFAULT '',
      closed_at INTEGER, stage_changed_at INTEGER NOT NULL, ${timestamps})`,
    `CREATE INDEX opportunities_firm ON opportunities(firm_id) WHERE deleted_at IS NULL`,
    // The board: a column's first cards by amount, and (covering) its counts and sums per
    // currency without touching the table. Deals of deleted firms are left out through the
    // small index of deleted firms, not by looking up every deal's firm.
    `CREATE INDEX opportunities_stage ON opportunities(stage_id, amount, currency, probability, owner_id, firm_id, id) WHERE deleted_at IS NULL`,
    `CREATE INDEX firms_deleted ON firms(id) WHERE deleted_at IS NOT NULL`,
    // Salespeople on the deal and the people its deadline watch reminds.
    `CREATE TABLE opportunity_users (
      id TEXT PRIMARY KEY NOT NULL, opportunity_id TEXT NOT NULL REFERENCES opportunities(id),
      user_id TEXT NOT NULL REFERENCES users(id), role TEXT NOT NULL CHECK (role IN ('sales','watch')),
      ${timestamps}, UNIQUE (opportunity_id, user_id, role))`,
    `CREATE INDEX opportunity_users_user ON opportunity_users(user_id, role)`,
    `CREATE TABLE opportunity_lines (
      id TEXT PRIMARY KEY NOT NULL, opportunity_id TEXT NOT NULL REFERENCES opportunities(id),
      product TEXT NOT NULL, product_group TEXT NOT NULL DEFAULT '', quantity REAL NOT NULL DEFAULT 1,
      unit_price INTEGER NOT NULL DEFAULT 0, sort INTEGER NOT NULL DEFAULT 0, ${timestamps})`,
    `CREATE INDEX opportunity_lines_opp ON opportunity_lines(opportunity_id)`,
    `CREATE TABLE opportunity_competitors (
      id TEXT PRIMARY KEY NOT NULL, opportunity_id TEXT NOT NULL REFERENCES opportunities(id),
      name TEXT NOT NULL, strengths TEXT NOT NULL DEFAULT '', weaknesses TEXT NOT NULL DEFAULT '',
      sort INTEGER NOT NULL DEFAULT 0, ${timestamps})`,
    `CREATE INDEX opportunity_competitors_opp ON opportunity_competitors(opportunity_id)`,
    `CREATE TABLE opportunity_comments (
      id TEXT PRIMARY KEY NOT NULL, opportunity_id TEXT NOT NULL REFERENCES opportunities(id),
      author_id TEXT NOT NULL REFERENCES users(id), body TEXT NOT NULL, at INTEGER NOT NULL, ${timestamps})`,
    `CREATE INDEX opportunity_comments_opp ON opportunity_comments(opportunity_id, at)`,
    // RFI / RFP / offer documents are attachments of the firm, linked to the opportunity.
    `ALTER TABLE attachments ADD COLUMN opportunity_id TEXT REFERENCES opportunities(id)`,
    `ALTER TABLE attachments ADD COLUMN doc_kind TEXT CHECK (doc_kind IN ('rfi','rfp','offer','contract','other'))`,
    `CREATE INDEX attachments_opportunity ON attachments(opportunity_id) WHERE opportunity_id IS NOT NULL`,

    // Revenue: a won opportunity or a line imported from accounting (idempotent by document
    // number), or an order/contract typed in. Never mixed across currencies when summed.
    `CREATE TABLE sales (
      id TEXT PRIMARY KEY NOT NULL, firm_id TEXT NOT NULL REFERENCES firms(id),
      kind TEXT NOT NULL DEFAULT 'invoice' CHECK (kind IN ('invoice','order','contract')),
      source TEXT NOT NULL CHECK (source IN ('opportunity','import','manual')),
      date TEXT NOT NULL, amount INTEGER NOT NULL, currency TEXT NOT NULL,
      product TEXT NOT NULL DEFAULT '', document_no TEXT, opportunity_id TEXT REFERENCES opportunities(id),
      import_id TEXT, note TEXT NOT NULL DEFAULT '', ${timestamps})`,
    `CREATE INDEX sales_firm_date ON sales(firm_id, date) WHERE deleted_at IS NULL`,
    `CREATE UNIQUE INDEX sales_document ON sales(document_no) WHERE document_no IS NOT NULL AND deleted_at IS NULL`,
    `CREATE TABLE sales_imports (
      id TEXT PRIMARY KEY NOT NULL, file_name TEXT NOT NULL, user_id TEXT NOT NULL REFERENCES users(id),
      lines INTEGER NOT NULL, added INTEGER NOT NULL, skipped INTEGER NOT NULL, ${timestamps})`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);

  // Fixed ids (as in v1) so laptops that sync later agree on the built-in rows.
  const now = Date.now();
  const fixed = (n: number) => `00000000-0000-7000-8003-${n.toString(16).padStart(12, '0')}`;
  const stages: [string, 'open' | 'won' | 'lost', number][] = [
    ['lead', 'open', 10], ['rfi', 'open', 20], ['offer', 'open', 40], ['negotiation', 'open', 70], ['won', 'won', 100], ['lost', 'lost', 0],
  ];
  await db.insertInto('pipeline_stages').values(stages.map(([code, outcome, probability], sort) => ({
    id: fixed(sort + 1), code, label: null, outcome, probability, sort, created_at: now, updated_at: now,
  }))).execute();
  const lostReasons = ['price', 'competitor', 'no_budget', 'no_decision', 'timing', 'other'];
  await db.insertInto('codes').values(lostReasons.map((code, sort) => ({
    id: fixed(0x100 + sort + 1), list: 'lost_reason', code, label: null, built_in: 1, sort, created_at: now, updated_at: now,
  }))).execute();
}

export async function down(): Promise<void> {
  throw new Error('Downgrades are not supported: restore the backup taken before the upgrade.');
}
