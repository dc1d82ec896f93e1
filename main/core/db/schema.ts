// The hand-written Database interface Kysely types queries with. It describes the latest
// schema; migrations never import it (they are frozen against Kysely<any>).
import type { Generated } from 'kysely';

interface Stamped {
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

/** Rows a user deletion tombstones together carry that deletion's `trash.id` (0009). */
interface Batched {
  trash_id: Generated<string | null>;
}

export interface UsersTable extends Stamped {
  id: string;
  name: string;
  email: string | null;
  is_local: number;
  /** '' = none (0010). */
  phone: Generated<string>;
  position: Generated<string>;
}

export interface CodesTable extends Stamped {
  id: string;
  list: string;
  code: string;
  label: string | null;
  built_in: number;
  sort: number;
  /** Retired (0009): not offered for new records, still shown on old ones and in filters. */
  retired_at: Generated<number | null>;
}

export interface FirmsTable extends Stamped, Batched {
  rid: Generated<number>;
  id: string;
  name: string;
  is_customer: number;
  is_prospect: number;
  is_supplier: number;
  ico: string | null;
  dic: string | null;
  website: string | null;
  /** The industry code list entry (0009; was free text). */
  industry_id: string | null;
  source_id: string | null;
  owner_id: string | null;
  is_lead: Generated<number>;
  merged_into_id: Generated<string | null>;
  /** The country whose company ids the firm has (0008; shared/company-ids.ts): `ico` holds its
   * principal id (CZ/SK IČO, HU adószám, RU ИНН), `dic` the second, `vat_id` a third (SK IČ DPH). */
  country: Generated<string>;
  vat_id: Generated<string | null>;
}

export interface PeopleTable extends Stamped, Batched {
  id: string;
  firm_id: string;
  title_before: string;
  first_name: string;
  last_name: string;
  title_after: string;
  gender: string;
  job_title: string;
  role_id: string | null;
  note: string;
  is_main: number;
  reports_to_id: string | null;
  merged_into_id: Generated<string | null>;
  /** Stored salutation and addressee (0005); '' = use the rule's suggestion. */
  salutation: Generated<string>;
  addressee: Generated<string>;
  /** The Russian отчество (0008); '' = none. */
  patronymic: Generated<string>;
}

export interface AddressesTable extends Stamped, Batched {
  id: string;
  firm_id: string;
  kind: string;
  street: string;
  number: string;
  city: string;
  postal_code: string;
  country: string;
  sort: number;
}

export interface ChannelsTable extends Stamped, Batched {
  id: string;
  firm_id: string;
  person_id: string | null;
  kind: string;
  value: string;
  label: string;
  sort: number;
}

export interface ContactsTable extends Stamped, Batched {
  id: string;
  firm_id: string;
  person_id: string | null;
  status: 'done' | 'planned';
  at: number;
  kind_id: string;
  referent_id: string;
  result_id: string | null;
  summary: string;
  note: string;
  follows_id: string | null;
}

export interface FirmSearchTable {
  rowid: number;
  name: string;
  ids: string;
  people: string;
  emails: string;
  phones: string;
  places: string;
}

export interface SegmentsTable extends Stamped {
  id: string;
  kind: 'category' | 'group' | 'tag';
  name: string;
  parent_firm_id: string | null;
  color: string;
  note: string;
}

export interface SegmentMembersTable extends Stamped {
  id: string;
  segment_id: string;
  firm_id: string;
}

export interface FieldDefsTable extends Stamped {
  id: string;
  entity: 'firm' | 'person';
  label: string;
  type: 'text' | 'number' | 'date';
  has_options: number;
  sort: number;
}

export interface FieldOptionsTable extends Stamped {
  id: string;
  field_id: string;
  label: string;
  sort: number;
}

export interface FieldValuesTable extends Stamped {
  id: string;
  field_id: string;
  entity_id: string;
  value_text: string | null;
  value_num: number | null;
  option_id: string | null;
}

export interface NotesTable extends Stamped, Batched {
  id: string;
  firm_id: string;
  person_id: string | null;
  contact_id: string | null;
  title: string;
  body: string;
  at: number;
  author_id: string;
  visibility: 'private' | 'everyone' | 'named';
}

export interface NoteSharesTable extends Stamped {
  id: string;
  note_id: string;
  user_id: string;
}

export interface AttachmentsTable extends Stamped, Batched {
  id: string;
  firm_id: string;
  person_id: string | null;
  contact_id: string | null;
  folder: string;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  author_id: string;
  opportunity_id: string | null;
  doc_kind: 'rfi' | 'rfp' | 'offer' | 'contract' | 'other' | null;
}

export interface TasksTable extends Stamped, Batched {
  id: string;
  firm_id: string | null;
  person_id: string | null;
  contact_id: string | null;
  title: string;
  note: string;
  due_date: string | null;
  assignee_id: string;
  author_id: string;
  priority: 'low' | 'normal' | 'high';
  done_at: number | null;
}

export interface ChangesTable extends Stamped {
  id: string;
  firm_id: string;
  user_id: string;
  at: number;
  field: string;
  old_value: string;
  new_value: string;
}

export interface MergesTable extends Stamped {
  id: string;
  entity: 'firm' | 'person';
  survivor_id: string;
  merged_id: string;
  user_id: string;
  snapshot: string;
  undone_at: number | null;
}

export interface DuplicateDismissalsTable extends Stamped {
  id: string;
  entity: 'firm' | 'person';
  a_id: string;
  b_id: string;
  user_id: string;
}

export interface Database {
  users: UsersTable;
  codes: CodesTable;
  firms: FirmsTable;
  people: PeopleTable;
  addresses: AddressesTable;
  channels: ChannelsTable;
  contacts: ContactsTable;
  firm_search: FirmSearchTable;
  segments: SegmentsTable;
  segment_members: SegmentMembersTable;
  field_defs: FieldDefsTable;
  field_options: FieldOptionsTable;
  field_values: FieldValuesTable;
  notes: NotesTable;
  note_shares: NoteSharesTable;
  attachments: AttachmentsTable;
  tasks: TasksTable;
  changes: ChangesTable;
  merges: MergesTable;
  duplicate_dismissals: DuplicateDismissalsTable;
  reminders: RemindersTable;
  contact_rules: ContactRulesTable;
  pipeline_stages: PipelineStagesTable;
  opportunities: OpportunitiesTable;
  opportunity_users: OpportunityUsersTable;
  opportunity_lines: OpportunityLinesTable;
  opportunity_competitors: OpportunityCompetitorsTable;
  opportunity_comments: OpportunityCommentsTable;
  sales: SalesTable;
  sales_imports: SalesImportsTable;
  topics: TopicsTable;
  subscriptions: SubscriptionsTable;
  selections: SelectionsTable;
  export_log: ExportLogTable;
  export_rows: ExportRowsTable;
  erasures: ErasuresTable;
  imports: ImportsTable;
  import_changes: ImportChangesTable;
  import_mappings: ImportMappingsTable;
  letter_templates: LetterTemplatesTable;
  label_formats: LabelFormatsTable;
  settings: SettingsTable;
  trash: TrashTable;
  first_page_cache: FirstPageCacheTable;
  first_page_epoch: { id: number; n: number };
}

/** The firm list's first page per language, kept between starts (0012; local, never synced). */
export interface FirstPageCacheTable {
  locale: string;
  /** first_page_epoch.n when the page was read: the page counts only while it is the current one. */
  epoch: number;
  total: number;
  /** JSON array of the page's firm rids, in the list's order. */
  rids: string;
  created_at: number;
}

// ---- schema v3: selling ----

export interface RemindersTable extends Stamped, Batched {
  id: string;
  user_id: string;
  kind: 'contact' | 'task' | 'deadline';
  contact_id: string | null;
  task_id: string | null;
  opportunity_id: string | null;
  at: number;
  snoozed_until: number | null;
  shown_at: number | null;
  dismissed_at: number | null;
}

export interface ContactRulesTable extends Stamped {
  id: string;
  segment_id: string;
  days: number;
  /** JSON array of contact_kind code ids; '[]' = every kind. */
  kind_ids: string;
}

export interface PipelineStagesTable extends Stamped {
  id: string;
  code: string | null;
  label: string | null;
  outcome: 'open' | 'won' | 'lost';
  probability: number;
  sort: number;
}

export interface OpportunitiesTable extends Stamped {
  id: string;
  firm_id: string;
  title: string;
  stage_id: string;
  probability: number;
  /** Integer minor units of `currency`. */
  amount: number;
  currency: string;
  close_date: string | null;
  deadline_at: number | null;
  watch_days: number | null;
  owner_id: string;
  note: string;
  lost_reason_id: string | null;
  lost_note: string;
  closed_at: number | null;
  stage_changed_at: number;
}

export interface OpportunityUsersTable extends Stamped {
  id: string;
  opportunity_id: string;
  user_id: string;
  role: 'sales' | 'watch';
}

export interface OpportunityLinesTable extends Stamped {
  id: string;
  opportunity_id: string;
  product: string;
  product_group: string;
  quantity: number;
  unit_price: number;
  sort: number;
}

export interface OpportunityCompetitorsTable extends Stamped {
  id: string;
  opportunity_id: string;
  name: string;
  strengths: string;
  weaknesses: string;
  sort: number;
}

export interface OpportunityCommentsTable extends Stamped {
  id: string;
  opportunity_id: string;
  author_id: string;
  body: string;
  at: number;
}

export interface SalesTable extends Stamped {
  id: string;
  firm_id: string;
  kind: 'invoice' | 'order' | 'contract';
  source: 'opportunity' | 'import' | 'manual';
  date: string;
  amount: number;
  currency: string;
  product: string;
  document_no: string | null;
  opportunity_id: string | null;
  import_id: string | null;
  note: string;
}

export interface SalesImportsTable extends Stamped {
  id: string;
  file_name: string;
  user_id: string;
  lines: number;
  added: number;
  skipped: number;
}

// ---- schema v4: mailing ----

export interface TopicsTable extends Stamped {
  id: string;
  name: string;
  note: string;
}

/** Exactly one of person_id / firm_id (a lead subscribes as itself). Opted out = unsubscribed_at set. */
export interface SubscriptionsTable extends Stamped {
  id: string;
  topic_id: string;
  person_id: string | null;
  firm_id: string | null;
  subscribed_at: number;
  source: string;
  unsubscribed_at: number | null;
}

export interface SelectionsTable extends Stamped {
  id: string;
  name: string;
  recipients: 'firms' | 'people';
  /** The SelectionGroup tree as JSON. */
  where_json: string;
  topic_id: string | null;
  dedupe: 'none' | 'email' | 'address';
  /** JSON array of ExportColumn keys. */
  columns_json: string;
  format: string;
  merge_names: number;
}

export interface ExportLogTable extends Stamped {
  id: string;
  user_id: string;
  selection_id: string | null;
  selection_name: string;
  format: string;
  rows: number;
  excluded: number;
  file_name: string;
  at: number;
}

// ---- schema 0013: data protection ----

/** Who was in an export: one row per exported row (person_id NULL for a firm's own row). */
/** Who was in one export (0013): its firms' rids, distinct and sorted, as float64 little-endian;
 * its people's ids as a JSON array. */
export interface ExportRowsTable {
  export_id: string;
  firm_rids: Uint8Array;
  person_ids: string;
}

/** That someone's personal data was erased: who, when, what kind — never the data. */
export interface ErasuresTable extends Stamped {
  id: string;
  kind: 'person' | 'firm';
  entity_id: string;
  user_id: string;
  at: number;
  detail: string;
}

/** One import run (0014). `counts` is JSON (ImportCounts). */
export interface ImportsTable extends Stamped {
  id: string;
  kind: 'firms' | 'people' | 'contacts';
  file_name: string;
  format: string;
  encoding: string | null;
  mode: 'create' | 'update' | 'both';
  source_key: string;
  user_id: string;
  counts: string;
  undone_at: number | null;
  undone_by: string | null;
}

/** A row an import inserted or updated: `before` is its columns before (JSON; NULL for an
 * insert), `stamp` the updated_at the import left, so undo notices later edits. */
export interface ImportChangesTable {
  seq: Generated<number>;
  import_id: string;
  tbl: string;
  row_id: string;
  op: 'insert' | 'update';
  before: string | null;
  stamp: number;
}

/** The mapping and read options last used for a source (0014). */
export interface ImportMappingsTable {
  source_key: string;
  kind: string;
  mapping: string;
  options: string;
  updated_at: number;
}

// ---- schema v6: printing ----

export interface LetterTemplatesTable extends Stamped {
  id: string;
  name: string;
  language: string;
  style: 'formal' | 'informal';
  subject: string;
  body: string;
  closing: string;
  /** The text in further languages (0008): JSON [{language, subject, body, closing}]. */
  variants: Generated<string>;
}

export interface LabelFormatsTable extends Stamped {
  id: string;
  name: string;
  columns: number;
  rows: number;
  label_width_mm: number;
  label_height_mm: number;
  margin_top_mm: number;
  margin_left_mm: number;
  gap_x_mm: number;
  gap_y_mm: number;
  padding_mm: number;
  built_in: number;
}

/** App-wide settings by key; `value` is JSON ('letterhead': a Letterhead). */
export interface SettingsTable {
  key: string;
  value: string;
  updated_at: number;
}

// ---- schema v9: the trash ----

/** One user deletion: what (kind + entity), who, when. The rows it tombstoned carry its id in
 * `trash_id`; restoring or erasing it acts on exactly those. `detail` is JSON the restore needs
 * (a person: whether they were the main one, who reported to them). */
export interface TrashTable extends Stamped {
  id: string;
  kind: 'firm' | 'person' | 'contact' | 'task' | 'note';
  entity_id: string;
  user_id: string | null;
  at: number;
  detail: string;
}
