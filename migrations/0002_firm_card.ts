// Schema v2: the complete firm card — segments and tags, user-defined fields, the decision
// hierarchy, notes with privacy, content-addressed attachments, tasks, a log of key-field
// changes, leads, and merges that can be undone. Frozen in time against Kysely<any>.
import { sql, type Kysely } from 'kysely';

const timestamps = `created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, deleted_at INTEGER`;

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // A lead is a firm row kept apart from the firm list until it is converted (so contacts,
    // tasks and notes on it need nothing special and carry over by themselves). A merged firm
    // or person is a tombstone that points at its survivor, so old links still lead somewhere.
    `ALTER TABLE firms ADD COLUMN is_lead INTEGER NOT NULL DEFAULT 0`,
    `ALTER TABLE firms ADD COLUMN merged_into_id TEXT`,
    `CREATE INDEX firms_lead ON firms(is_lead) WHERE is_lead = 1 AND deleted_at IS NULL`,
    `ALTER TABLE people ADD COLUMN reports_to_id TEXT REFERENCES people(id)`,
    `ALTER TABLE people ADD COLUMN merged_into_id TEXT`,

    // Categories, groups (optionally headed by a parent firm: a holding) and tags.
    `CREATE TABLE segments (
      id TEXT PRIMARY KEY NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('category','group','tag')),
      name TEXT NOT NULL, parent_firm_id TEXT REFERENCES firms(id), color TEXT NOT NULL DEFAULT '',
      note TEXT NOT NULL DEFAULT '', ${timestamps})`,
    `CREATE TABLE segment_members (
      id TEXT PRIMARY KEY NOT NULL, segment_id TEXT NOT NULL REFERENCES segments(id),
      firm_id TEXT NOT NULL REFERENCES firms(id), ${timestamps}, UNIQUE (segment_id, firm_id))`,
    `CREATE INDEX segment_members_firm ON segment_members(firm_id)`,
    // A segment's live members straight from the index (no table reads): the list filter and
    // the segment card read a whole segment, often tens of thousands of rows.
    `CREATE INDEX segment_members_live ON segment_members(segment_id, firm_id) WHERE deleted_at IS NULL`,

    // User-defined fields: a definition per entity; options when tied to a user code list.
    `CREATE TABLE field_defs (
      id TEXT PRIMARY KEY NOT NULL, entity TEXT NOT NULL CHECK (entity IN ('firm','person')),
      label TEXT NOT NULL, type TEXT NOT NULL CHECK (type IN ('text','number','date')),
      has_options INTEGER NOT NULL DEFAULT 0, sort INTEGER NOT NULL DEFAULT 0, ${timestamps})`,
    `CREATE TABLE field_options (
      id TEXT PRIMARY KEY NOT NULL, field_id TEXT NOT NULL REFERENCES field_defs(id),
      label TEXT NOT NULL, sort INTEGER NOT NULL DEFAULT 0, ${timestamps})`,
    `CREATE INDEX field_options_field ON field_options(field_id)`,
    // One value per field and firm/person: text (dates as YYYY-MM-DD), number, or an option.
    `CREATE TABLE field_values (
      id TEXT PRIMARY KEY NOT NULL, field_id TEXT NOT NULL REFERENCES field_defs(id),
      entity_id TEXT NOT NULL, value_text TEXT, value_num REAL,
      option_id TEXT REFERENCES field_options(id), ${timestamps}, UNIQUE (field_id, entity_id))`,
    `CREATE INDEX field_values_entity ON field_values(entity_id)`,
    `CREATE INDEX field_values_num ON field_values(field_id, value_num)`,
    `CREATE INDEX field_values_text ON field_values(field_id, value_text)`,
    `CREATE INDEX field_values_option ON field_values(field_id, option_id)`,

    // Notes: private to the author unless shared with everyone or with named colleagues.
    `CREATE TABLE notes (
      id TEXT PRIMARY KEY NOT NULL, firm_id TEXT NOT NULL REFERENCES firms(id),
      person_id TEXT REFERENCES people(id), contact_id TEXT REFERENCES contacts(id),
      title TEXT NOT NULL, body TEXT NOT NULL DEFAULT '', at INTEGER NOT NULL,
      author_id TEXT NOT NULL REFERENCES users(id),
      visibility TEXT NOT NULL DEFAULT 'private' CHECK (visibility IN ('private','everyone','named')),
      ${timestamps})`,
    `CREATE INDEX notes_firm ON notes(firm_id, at)`,
    `CREATE INDEX notes_person ON notes(person_id)`,
    `CREATE INDEX notes_contact ON notes(contact_id)`,
    `CREATE TABLE note_shares (
      id TEXT PRIMARY KEY NOT NULL, note_id TEXT NOT NULL REFERENCES notes(id),
      user_id TEXT NOT NULL REFERENCES users(id), ${timestamps}, UNIQUE (note_id, user_id))`,

    // Attachments: the file lives in the data folder under its SHA-256; the row only names it.
    `CREATE TABLE attachments (
      id TEXT PRIMARY KEY NOT NULL, firm_id TEXT NOT NULL REFERENCES firms(id),
      person_id TEXT REFERENCES people(id), contact_id TEXT REFERENCES contacts(id),
      folder TEXT NOT NULL DEFAULT '', name TEXT NOT NULL, mime TEXT NOT NULL DEFAULT '',
      size INTEGER NOT NULL, sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
      author_id TEXT NOT NULL REFERENCES users(id), ${timestamps})`,
    `CREATE INDEX attachments_firm ON attachments(firm_id, created_at)`,
    `CREATE INDEX attachments_person ON attachments(person_id)`,
    `CREATE INDEX attachments_contact ON attachments(contact_id)`,
    `CREATE INDEX attachments_sha ON attachments(sha256)`,

    // Tasks: linked to a firm, person or contact — or standalone. Due is a calendar date.
    `CREATE TABLE tasks (
      id TEXT PRIMARY KEY NOT NULL, firm_id TEXT REFERENCES firms(id),
      person_id TEXT REFERENCES people(id), contact_id TEXT REFERENCES contacts(id),
      title TEXT NOT NULL, note TEXT NOT NULL DEFAULT '', due_date TEXT,
      assignee_id TEXT NOT NULL REFERENCES users(id), author_id TEXT NOT NULL REFERENCES users(id),
      priority TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low','normal','high')),
      done_at INTEGER, ${timestamps})`,
    `CREATE INDEX tasks_firm ON tasks(firm_id)`,
    `CREATE INDEX tasks_person ON tasks(person_id)`,
    `CREATE INDEX tasks_contact ON tasks(contact_id)`,
    `CREATE INDEX tasks_open ON tasks(assignee_id, due_date) WHERE done_at IS NULL AND deleted_at IS NULL`,

    // Who changed which key field of a firm, when: the timeline's "changes" entries.
    `CREATE TABLE changes (
      id TEXT PRIMARY KEY NOT NULL, firm_id TEXT NOT NULL REFERENCES firms(id),
      user_id TEXT NOT NULL REFERENCES users(id), at INTEGER NOT NULL, field TEXT NOT NULL,
      old_value TEXT NOT NULL DEFAULT '', new_value TEXT NOT NULL DEFAULT '', ${timestamps})`,
    `CREATE INDEX changes_firm ON changes(firm_id, at)`,

    // A merge keeps the before-image of every row it touched, so undo restores them exactly.
    `CREATE TABLE merges (
      id TEXT PRIMARY KEY NOT NULL, entity TEXT NOT NULL CHECK (entity IN ('firm','person')),
      survivor_id TEXT NOT NULL, merged_id TEXT NOT NULL, user_id TEXT NOT NULL REFERENCES users(id),
      snapshot TEXT NOT NULL, undone_at INTEGER, ${timestamps})`,
    // Pairs a user said are not duplicates, so the review screen stops offering them.
    `CREATE TABLE duplicate_dismissals (
      id TEXT PRIMARY KEY NOT NULL, entity TEXT NOT NULL CHECK (entity IN ('firm','person')),
      a_id TEXT NOT NULL, b_id TEXT NOT NULL, user_id TEXT NOT NULL REFERENCES users(id),
      ${timestamps}, UNIQUE (entity, a_id, b_id))`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Schema v2 cannot be rolled back; restore the backup taken before it ran.');
}
