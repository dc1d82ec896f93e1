// Data transfer objects: what crosses the boundary between the core and the UI.
// Times are epoch milliseconds UTC; calendar dates are 'YYYY-MM-DD'.

export const FIRM_KINDS = ['customer', 'prospect', 'supplier'] as const;
export type FirmKind = (typeof FIRM_KINDS)[number];
export const ADDRESS_KINDS = ['registered', 'billing', 'delivery', 'postal'] as const;
export type AddressKind = (typeof ADDRESS_KINDS)[number];
export const CHANNEL_KINDS = ['phone', 'email', 'web'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
export const GENDERS = ['female', 'male', 'unspecified'] as const;
export type Gender = (typeof GENDERS)[number];
export const CONTACT_STATUSES = ['done', 'planned'] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];
export const CODE_LISTS = ['contact_kind', 'contact_result', 'person_role', 'firm_source', 'lost_reason', 'industry'] as const;
export type CodeListName = (typeof CODE_LISTS)[number];
export const LOCALES = ['cs', 'en', 'hu', 'ru'] as const;
export type Locale = (typeof LOCALES)[number];

export interface User {
  id: string;
  name: string;
  email: string | null;
  /** '' = none. */
  phone: string;
  /** The function under a signature ("obchodní zástupce"); '' = none. */
  position: string;
  isLocal: boolean;
}

/** An entry of a code list, in the list's order. Built-in entries have no label (the UI
 * translates `code`) until the user renames them; entries users add carry their own label. A
 * retired entry is no longer offered for new records but still names what old ones hold. */
export interface Code {
  id: string;
  list: CodeListName;
  code: string;
  label: string | null;
  builtIn: boolean;
  retired: boolean;
}

export interface Address {
  id: string;
  kind: AddressKind;
  street: string;
  number: string;
  city: string;
  postalCode: string;
  country: string;
}

export interface Channel {
  id: string;
  kind: ChannelKind;
  value: string;
  label: string;
}

export interface FirmListRow {
  id: string;
  name: string;
  ico: string | null;
  kinds: FirmKind[];
  city: string | null;
  ownerId: string | null;
  ownerName: string | null;
  /** Display values of the user fields the request asked for as columns, by field id. */
  fields?: Record<string, string | number | null>;
  /** A search's hit found other than by its name: what matched (only on the rows of the page). */
  match?: SearchMatch;
}

export interface SearchMatch {
  kind: 'person' | 'email' | 'phone' | 'place' | 'id';
  text: string;
}

export interface FirmList {
  total: number;
  offset: number;
  rows: FirmListRow[];
}

export interface Firm {
  id: string;
  name: string;
  kinds: FirmKind[];
  /** The country whose company ids the firm has (ISO 3166 alpha-2; shared/company-ids.ts). */
  country: string;
  /** Its principal company id (CZ/SK IČO, HU adószám, RU ИНН), the second one (CZ/SK DIČ, HU
   * cégjegyzékszám, RU ОГРН) and a third where the country has one (SK IČ DPH). */
  ico: string | null;
  dic: string | null;
  vatId: string | null;
  website: string | null;
  /** An entry of the `industry` code list. */
  industryId: string | null;
  sourceId: string | null;
  ownerId: string | null;
  isLead: boolean;
  /** Set on a merged-away firm: the survivor to go to instead. */
  mergedIntoId: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface Person {
  id: string;
  firmId: string;
  titleBefore: string;
  firstName: string;
  /** The Russian отчество ("Петрович"); '' = none. */
  patronymic: string;
  lastName: string;
  titleAfter: string;
  gender: Gender;
  jobTitle: string;
  roleId: string | null;
  note: string;
  isMain: boolean;
  /** The person this one reports to (same firm): the decision hierarchy. */
  reportsToId: string | null;
  /** Stored salutation and addressee (issue 6); '' = the rule's suggestion (shared/salutation.ts). */
  salutation: string;
  addressee: string;
  channels: Channel[];
  fields: FieldValue[];
}

export interface FirmCard {
  firm: Firm;
  addresses: Address[];
  channels: Channel[];
  people: Person[];
  segments: SegmentRef[];
  /** Groups this firm heads as their parent firm (a holding). */
  heads: SegmentRef[];
  fields: FieldValue[];
  completeness: Completeness;
  counts: CardCounts;
}

export interface Contact {
  id: string;
  firmId: string;
  firmName: string;
  personId: string | null;
  personName: string | null;
  status: ContactStatus;
  at: number;
  kindId: string;
  referentId: string;
  referentName: string;
  resultId: string | null;
  summary: string;
  note: string;
  followsId: string | null;
  /** The referent's reminder of a planned contact (null: none, or already dismissed). */
  remindAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface AppInfo {
  version: string;
  schemaVersion: number;
  dbPath: string;
  localUserId: string;
  /** The language last chosen in the app (app.setLocale), null before the first choice. */
  uiLocale: Locale | null;
  /** First start: the laptop's user still has the name the OS gave it (letters would sign
   * "root") and was not asked yet — the UI asks for their name and e-mail once. */
  askProfile: boolean;
}

// ---- the complete firm card (schema v2) ----------------------------------------------------

export const SEGMENT_KINDS = ['category', 'group', 'tag'] as const;
export type SegmentKind = (typeof SEGMENT_KINDS)[number];
export const FIELD_ENTITIES = ['firm', 'person'] as const;
export type FieldEntity = (typeof FIELD_ENTITIES)[number];
export const FIELD_TYPES = ['text', 'number', 'date'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];
export const NOTE_VISIBILITIES = ['private', 'everyone', 'named'] as const;
export type NoteVisibility = (typeof NOTE_VISIBILITIES)[number];
export const TASK_PRIORITIES = ['low', 'normal', 'high'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];
export const TIMELINE_TYPES = ['contact', 'task', 'note', 'attachment', 'change'] as const;
export type TimelineType = (typeof TIMELINE_TYPES)[number];
/** Key fields whose changes the timeline shows. */
export const CHANGE_FIELDS = ['name', 'ico', 'kinds', 'owner', 'segment', 'address', 'lead', 'merge', 'opportunity'] as const;
export type ChangeField = (typeof CHANGE_FIELDS)[number];
/** What the completeness score checks, in the order the card lists what is missing. */
export const COMPLETENESS_ITEMS = ['ico', 'address', 'phone', 'person_email', 'owner', 'segment'] as const;
export type CompletenessItem = (typeof COMPLETENESS_ITEMS)[number];
export const DUPLICATE_REASONS = ['ico', 'email', 'phone', 'name', 'similar_name'] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];
/** Files larger than this are refused (they belong on a file server, not on every laptop). */
export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

export interface SegmentRef {
  id: string;
  kind: SegmentKind;
  name: string;
  color: string;
}

export interface Segment extends SegmentRef {
  parentFirmId: string | null;
  parentFirmName: string | null;
  note: string;
  memberCount: number;
}

export interface SegmentMember {
  id: string;
  name: string;
  city: string | null;
  kinds: FirmKind[];
  ownerName: string | null;
  lastContactAt: number | null;
}

/** A segment or group opened like a firm. */
export interface SegmentCard {
  segment: Segment;
  members: SegmentMember[];
  counts: {
    members: number;
    people: number;
    /** Done contacts with members in the last 90 days. */
    contacts90d: number;
    planned: number;
    openTasks: number;
  };
}

export interface FieldOption {
  id: string;
  label: string;
}

export interface FieldDef {
  id: string;
  entity: FieldEntity;
  label: string;
  type: FieldType;
  /** Null for free values; the user-maintained code list otherwise (text fields only). */
  options: FieldOption[] | null;
}

/** A field's value on one firm or person: text (or a date as YYYY-MM-DD), a number, or the
 * id of an option; `display` is the text to show (an option's label). */
export interface FieldValue {
  fieldId: string;
  value: string | number | null;
  display: string;
}

export interface Completeness {
  /** 0–100: the share of COMPLETENESS_ITEMS present. */
  score: number;
  missing: CompletenessItem[];
}

export interface CardCounts {
  people: number;
  contacts: number;
  notes: number;
  openTasks: number;
  attachments: number;
  openOpportunities: number;
  sales: number;
}

export interface Note {
  id: string;
  firmId: string;
  personId: string | null;
  contactId: string | null;
  title: string;
  body: string;
  at: number;
  authorId: string;
  authorName: string;
  visibility: NoteVisibility;
  /** Named colleagues (visibility 'named'); only the author sees this list. */
  sharedWith: string[];
  /** True when the acting user wrote it (and so may edit or delete it). */
  mine: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface Attachment {
  id: string;
  firmId: string;
  personId: string | null;
  contactId: string | null;
  folder: string;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  authorId: string;
  authorName: string;
  /** The file is gone from the data folder (reported, never a crash). */
  missing: boolean;
  /** An RFI / RFP / offer / contract document of an opportunity. */
  opportunityId: string | null;
  docKind: DocKind | null;
  createdAt: number;
}

export interface Task {
  id: string;
  firmId: string | null;
  firmName: string | null;
  personId: string | null;
  personName: string | null;
  contactId: string | null;
  title: string;
  note: string;
  dueDate: string | null;
  assigneeId: string;
  assigneeName: string;
  authorId: string;
  priority: TaskPriority;
  doneAt: number | null;
  /** Open and due before the `today` the request named. */
  overdue: boolean;
  /** The assignee's reminder (null: none, or already dismissed). */
  remindAt: number | null;
  createdAt: number;
}

export interface Change {
  id: string;
  firmId: string;
  field: ChangeField;
  oldValue: string;
  newValue: string;
  userId: string;
  userName: string;
  at: number;
}

/** `firmName`: the streams of a segment or a person mix firms, so each item says whose it is. */
export type TimelineItem = { at: number; id: string; firmName: string | null } & (
  | { type: 'contact'; contact: Contact }
  | { type: 'task'; task: Task }
  | { type: 'note'; note: Note }
  | { type: 'attachment'; attachment: Attachment }
  | { type: 'change'; change: Change });

export interface TimelinePage {
  items: TimelineItem[];
  /** Pass back as `before` for the next (older) page; null at the end. */
  next: { at: number; id: string } | null;
}

/** A colleague who logged or planned contacts with a firm recently. */
export interface ColleagueActivity {
  userId: string;
  userName: string;
  done: number;
  planned: number;
  /** The last contact with the firm that took place; null when there is only a plan. */
  lastDoneAt: number | null;
  /** The next planned contact, else the latest one still open (overdue); null when none. */
  plannedAt: number | null;
}

export interface LeadRow {
  id: string;
  name: string;
  personName: string | null;
  email: string | null;
  phone: string | null;
  sourceId: string | null;
  ownerId: string | null;
  ownerName: string | null;
  createdAt: number;
  lastContactAt: number | null;
}

export interface FirmMatch {
  id: string;
  name: string;
  /** Whose scheme `ico` is in (its name on screen: IČO, Adószám, ИНН). */
  country: string;
  ico: string | null;
  city: string | null;
  isLead: boolean;
  reasons: DuplicateReason[];
}

/** One side of a pair; `detail` tells look-alikes apart (a firm's city, a person's firm). */
export interface DuplicateSide { id: string; name: string; detail: string; country: string; ico: string | null; isLead: boolean }

export interface DuplicatePair {
  entity: 'firm' | 'person';
  a: DuplicateSide;
  b: DuplicateSide;
  reasons: DuplicateReason[];
  /** Higher is more likely. */
  score: number;
}

export interface DuplicateScan {
  pairs: DuplicatePair[];
  scanned: number;
  ms: number;
}

export interface MergeRecord {
  id: string;
  entity: 'firm' | 'person';
  survivorId: string;
  survivorName: string;
  mergedId: string;
  mergedName: string;
  userName: string;
  at: number;
  undoneAt: number | null;
}

export interface IncompleteFirm {
  id: string;
  name: string;
  /** The firm's country: its principal id is named by it ("missing: Adószám"). */
  country: string;
  ownerId: string | null;
  ownerName: string | null;
  completeness: Completeness;
}

// ---- selling day to day (schema v3) ----------------------------------------------------------

/** ISO 4217 codes offered in the UI. Amounts are integer minor units (haléře, fillér, kopeks,
 * cents) of the currency's standard exponent; sums are kept per currency, never mixed. */
export const CURRENCIES = ['CZK', 'EUR', 'HUF', 'RUB', 'USD', 'PLN', 'GBP'] as const;
export type Currency = (typeof CURRENCIES)[number];
export interface Money { amount: number; currency: Currency }

export const REMINDER_KINDS = ['contact', 'task', 'deadline'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export interface Reminder {
  id: string;
  kind: ReminderKind;
  /** When it rings (the snoozed time when snoozed). */
  at: number;
  snoozed: boolean;
  /** The OS notification went out (the in-app list keeps it until dismissed). */
  shown: boolean;
  /** Its time has come (at ≤ the core's now). */
  due: boolean;
  /** What it reminds of: the contact's summary, the task's title, the opportunity's title. */
  title: string;
  firmId: string | null;
  firmName: string | null;
  contactId: string | null;
  taskId: string | null;
  opportunityId: string | null;
  /** When the reminded thing happens: the planned contact's time or the offer deadline (ms), or a task's due date. */
  eventAt: number | null;
  eventDate: string | null;
}

/** One entry of the calendar: a contact (planned, or done in the range) or a task with a due date. */
export type AgendaItem =
  | { type: 'contact'; id: string; at: number; contact: Contact }
  | { type: 'task'; id: string; date: string; task: Task };

export interface ContactRule {
  id: string;
  segmentId: string;
  segmentName: string;
  segmentKind: SegmentKind;
  days: number;
  /** contact_kind code ids that count; empty = every kind. */
  kindIds: string[];
  /** Live member firms of the segment. */
  firms: number;
}

/** A firm past a contact-frequency rule: no counted contact within the rule's days. */
export interface NeglectedFirm {
  firmId: string;
  firmName: string;
  ownerId: string | null;
  ownerName: string | null;
  ruleId: string;
  segmentName: string;
  days: number;
  /** The last done contact that counts; null = never. */
  lastContactAt: number | null;
  /** Days past the rule's limit (for "never": days since the firm was created, minus the limit, at least 0). */
  overdueDays: number;
}

export interface QuietFirm {
  firmId: string;
  firmName: string;
  ownerId: string | null;
  ownerName: string | null;
  lastContactAt: number | null;
}

export const STAGE_OUTCOMES = ['open', 'won', 'lost'] as const;
export type StageOutcome = (typeof STAGE_OUTCOMES)[number];
export interface PipelineStage {
  id: string;
  /** Built-in stages: translated by code until renamed (then `label`). */
  code: string | null;
  label: string | null;
  outcome: StageOutcome;
  /** The default probability of an opportunity entering this stage. */
  probability: number;
  sort: number;
}

export const DOC_KINDS = ['rfi', 'rfp', 'offer', 'contract', 'other'] as const;
export type DocKind = (typeof DOC_KINDS)[number];

export interface OpportunityRow {
  id: string;
  firmId: string;
  firmName: string;
  title: string;
  stageId: string;
  outcome: StageOutcome;
  probability: number;
  amount: number;
  currency: Currency;
  /** amount × probability / 100, rounded to a minor unit. */
  weighted: number;
  closeDate: string | null;
  deadlineAt: number | null;
  ownerId: string;
  ownerName: string;
  closedAt: number | null;
  updatedAt: number;
}

export interface OpportunityLine { id: string; product: string; productGroup: string; quantity: number; unitPrice: number }
export interface Competitor { id: string; name: string; strengths: string; weaknesses: string }
export interface OpportunityComment { id: string; authorId: string; authorName: string; body: string; at: number }

export interface Opportunity extends OpportunityRow {
  note: string;
  /** Remind the watchers this many days before the deadline. */
  watchDays: number | null;
  salesIds: string[];
  watcherIds: string[];
  lines: OpportunityLine[];
  competitors: Competitor[];
  comments: OpportunityComment[];
  documents: Attachment[];
  lostReasonId: string | null;
  lostNote: string;
  /** The sale recorded when it was won. */
  saleId: string | null;
}

export interface BoardColumn {
  stage: PipelineStage;
  count: number;
  totals: Money[];
  weighted: Money[];
  /** The column's first cards: by amount converted to the office's currency when rates cover
   * every currency of the column, else within each currency (the office's first); `count` says
   * how many there are. */
  cards: BoardCard[];
  /** Total and weighted in the office's currency (rates kept for all the column's currencies). */
  converted: { total: Money; weighted: Money } | null;
}
export interface Board {
  columns: BoardColumn[];
  /** The office's rates the board converted with (null: none kept, cards sorted within currency). */
  rates: ExchangeRates | null;
}

/** A board card: the deal, its amount in the office's currency when rates are kept, and — on one
 * salesperson's board — why the deal is there (their own, or they sell on it with the owner). */
export interface BoardCard extends OpportunityRow {
  converted: Money | null;
  via: 'owner' | 'co_seller' | null;
}

/** The office's exchange rates: 1 unit of a currency is `rates[currency]` units of `base`. */
export interface ExchangeRates {
  base: Currency;
  rates: Partial<Record<Currency, number>>;
  /** The day the rates were taken (ISO date), shown beside converted sums. */
  asOf: string | null;
}

export const SALE_KINDS = ['invoice', 'order', 'contract'] as const;
export type SaleKind = (typeof SALE_KINDS)[number];
export const SALE_SOURCES = ['opportunity', 'import', 'manual'] as const;
export type SaleSource = (typeof SALE_SOURCES)[number];

export interface Sale {
  id: string;
  firmId: string;
  kind: SaleKind;
  source: SaleSource;
  date: string;
  amount: number;
  currency: Currency;
  product: string;
  documentNo: string | null;
  opportunityId: string | null;
  note: string;
  createdAt: number;
}

/** Revenue of one year ('2026') or month ('2026-03'), per currency. */
export interface SalesPeriod { period: string; totals: Money[] }
export interface SalesChange { currency: Currency; current: number; previous: number; /** current / previous − 1; null when previous is 0. */ ratio: number | null }
export interface SalesSummary {
  /** Newest first, every year with revenue. */
  years: SalesPeriod[];
  /** The last 24 months up to `today`, newest first, empty months included. */
  months: SalesPeriod[];
  /** This year to date against the same days of last year. */
  yearToDate: SalesChange[];
  /** This month to date against the same days of the month before. */
  monthToDate: SalesChange[];
}

export interface ImportProblem { line: number; field: string; messageKey: string; params?: Record<string, string | number> }
export interface SalesImportResult {
  lines: number;
  added: number;
  /** Lines whose document number is already in (re-importing the same file adds nothing). */
  skipped: number;
  /** Non-empty: nothing was imported. */
  errors: ImportProblem[];
  importId: string | null;
}

// ---- mailing (schema v4) ----------------------------------------------------------------------

/** A newsletter topic people (and leads) subscribe to: "Price list", "Events". */
export interface Topic { id: string; name: string; note: string; subscribers: number }

/** One person's or lead's subscription to a topic; `unsubscribedAt` set = opted out (kept as proof). */
export interface Subscription {
  id: string;
  topicId: string;
  topicName: string;
  personId: string | null;
  /** A lead (a firm row with isLead) subscribes as itself. */
  firmId: string | null;
  subscribedAt: number;
  source: string;
  unsubscribedAt: number | null;
}

/** Who a selection lists: firms (one row each, main postal address) or people (one row per person with their firm's columns). */
export const RECIPIENTS = ['firms', 'people'] as const;
export type Recipients = (typeof RECIPIENTS)[number];
export const DEDUPE = ['none', 'email', 'address'] as const;
export type Dedupe = (typeof DEDUPE)[number];

/** Export presets a user picks by name. */
export const EXPORT_FORMATS = ['excel-cz', 'excel-utf8', 'csv', 'outlook', 'google', 'xlsx', 'vcard3', 'vcard4'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Columns an export can carry, in the order a new selection offers them. Firm columns come with
 * every row; person columns are empty for firm recipients. `salutation`, `addressee` and
 * `address1..3` are ready for Word's mail merge (no formulas needed there). */
export const EXPORT_COLUMNS = [
  'firmName', 'ico', 'dic', 'vatId', 'companyIds', 'kinds', 'owner', 'segments', 'website', 'firmEmail', 'firmPhone',
  'street', 'city', 'postalCode', 'country', 'address1', 'address2', 'address3',
  'titleBefore', 'firstName', 'patronymic', 'lastName', 'titleAfter', 'jobTitle', 'role', 'email', 'phone',
  'salutation', 'addressee', 'lastContactAt', 'openOpportunities', 'revenue12m', 'createdAt',
] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number] | `field:${string}`;

/** A saved selection: its conditions, recipients, consent topic, columns and preferred format. */
export interface SavedSelection {
  id: string;
  name: string;
  recipients: Recipients;
  /** The condition tree as SelectionWhere (shared/contract.ts). */
  where: unknown;
  topicId: string | null;
  dedupe: Dedupe;
  columns: ExportColumn[];
  format: ExportFormat;
  mergeNames: boolean;
  updatedAt: number;
}

/** What a selection yields right now: rows, and who was left out and why ("312 rows, 14 excluded: no consent"). */
export interface SelectionCount {
  rows: number;
  excluded: { noConsent: number; optedOut: number; duplicates: number; noEmail: number };
}

export interface SelectionPreview extends SelectionCount {
  columns: { key: ExportColumn; header: string }[];
  /** The first rows as the export will write them (text). */
  sample: string[][];
}

export interface ExportResult extends SelectionCount {
  fileName: string;
  mime: string;
  /** The file itself (base64): the browser downloads it, the desktop app offers the save dialog. */
  contentBase64: string;
  logId: string;
}

/** The export log (data-protection accountability): who exported what, when, how much, in which format. */
export interface ExportLogEntry {
  id: string;
  at: number;
  userId: string;
  userName: string;
  selectionId: string | null;
  selectionName: string;
  format: ExportFormat;
  rows: number;
  excluded: number;
  fileName: string;
}

// ---- printing (issue 6, schema v6) -------------------------------------------------------------

/** Salutation rules (shared/salutation.ts): formal "Vážený pane Nováku", informal "Milý Petře". */
export const SALUTATION_STYLES = ['formal', 'informal'] as const;
export type SalutationStyle = (typeof SALUTATION_STYLES)[number];

/** The firm's own identity on letters, envelopes (return address) and brief footers: one per database. */
export interface Letterhead {
  companyName: string;
  /** A small PNG/JPEG/SVG as a data: URL ('' none). */
  logoDataUrl: string;
  street: string;
  number: string;
  city: string;
  postalCode: string;
  /** ISO 3166 alpha-2: letters to this country carry no country line. */
  country: string;
  phone: string;
  email: string;
  web: string;
  ico: string;
  dic: string;
  bankName: string;
  bankAccount: string;
  iban: string;
  /** Extra footer line (registration court, file number…). */
  footerNote: string;
  /** Who signs: name and function under the closing. */
  signatureName: string;
  signatureTitle: string;
}

/** Merge fields a letter template may name as {{key}}; user fields as {{field:<id>}}. */
export const MERGE_FIELDS = [
  'salutation', 'addressee', 'addressBlock', 'date', 'place',
  'firmName', 'ico', 'dic', 'vatId', 'companyIds', 'firmEmail', 'firmPhone',
  'personName', 'titleBefore', 'firstName', 'patronymic', 'lastName', 'titleAfter', 'jobTitle', 'email', 'phone',
  'senderName', 'senderCompany', 'senderAddress', 'userName', 'userPosition', 'userPhone', 'userEmail',
] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];

export interface LetterTemplate {
  id: string;
  name: string;
  /** The language of the letter: salutation rules, date, closing and country line follow it. */
  language: Locale;
  style: SalutationStyle;
  subject: string;
  /** Plain text with {{field}} merge fields; blank lines separate paragraphs. Values are escaped. */
  body: string;
  /** "S pozdravem" / "Kind regards"…; '' = the language's default. */
  closing: string;
  /** The same letter in further languages (never the template's own): serial letters write to
   * each recipient in the language of their country when the template has it. */
  variants: LetterVariant[];
  updatedAt: number;
}

export interface LetterVariant {
  language: Locale;
  subject: string;
  body: string;
  closing: string;
}

/** A serial letter's recipient whose language the template has no variant in: they would get
 * the letter (and its salutation) in `language`, their country's being `wanted`. */
export interface PrintLanguageMismatch {
  firmId: string;
  personId: string | null;
  name: string;
  country: string;
  wanted: Locale;
  language: Locale;
}

/** An A4 label sheet: columns × rows of labels; margins in millimetres, editable and saved. */
export interface LabelFormat {
  id: string;
  name: string;
  columns: number;
  rows: number;
  labelWidthMm: number;
  labelHeightMm: number;
  marginTopMm: number;
  marginLeftMm: number;
  gapXMm: number;
  gapYMm: number;
  /** Inner padding of each label. */
  paddingMm: number;
  builtIn: boolean;
}

export const ENVELOPE_SIZES = ['DL', 'C5', 'C4'] as const;
export type EnvelopeSize = (typeof ENVELOPE_SIZES)[number];

/** A record a serial document left out, and why. */
export interface PrintSkip {
  firmId: string;
  personId: string | null;
  name: string;
  reason: 'no_address';
}

/** A rendered document: one self-contained HTML page (fonts embedded, print CSS for A4 or the
 * envelope) that serves the preview, the print dialog and the PDF alike. */
export interface PrintDoc {
  title: string;
  html: string;
  /** Letters, labels or envelopes made (1 for a brief). */
  count: number;
  skipped: PrintSkip[];
  /** Letters only: recipients who would get a language that is not theirs (the print dialog
   * warns before printing and lets the user go on). */
  mismatched?: PrintLanguageMismatch[];
}

// ---- the trash ----

export const TRASH_KINDS = ['firm', 'person', 'contact', 'task', 'note'] as const;
export type TrashKind = (typeof TRASH_KINDS)[number];

/** One deletion in the trash: what was deleted (with what went with it), by whom, when. */
export interface TrashItem {
  id: string;
  kind: TrashKind;
  entityId: string;
  /** The firm's or person's name, the contact's summary, the task's or note's title. */
  name: string;
  /** The firm it belonged to (null for a firm, or a task of no firm). */
  firmName: string | null;
  /** A deleted firm that was a lead. */
  isLead: boolean;
  /** Who deleted it (null: deleted before the trash kept track). */
  userId: string | null;
  userName: string | null;
  at: number;
  /** How many other records went with it (a firm's people, contacts…; a person's e-mails…). */
  withCount: number;
  /** Restoring needs the firm back first (it is in the trash too). */
  firmInTrash: boolean;
}

export interface TrashPage {
  total: number;
  rows: TrashItem[];
}

// ---- backups and recovery (issue 15) -------------------------------------------------------
export const BACKUP_KINDS = ['auto', 'manual', 'before-restore', 'pre-migration'] as const;
export type BackupKind = (typeof BACKUP_KINDS)[number];

export interface BackupEntry {
  /** The file's name in the backups folder (what `backups.restore` takes as `name`). */
  name: string;
  path: string;
  /** When it was taken (epoch ms, from its stamped name). */
  time: number;
  size: number;
  kind: BackupKind;
  /** Verified by quick_check before it got this name (a copy that failed never does). */
  verified: boolean;
}

/** The database was found damaged at start and replaced by a backup: what may be missing. */
export interface RecoveryNotice {
  damagedAs: string;
  restoredFrom: string;
  missingFrom: number;
  missingTo: number;
}

/** Why the database's folder is a risky place for a SQLite file. */
export interface LocationWarning {
  kind: 'network' | 'cloud';
  /** The sync service or share named in the path ("OneDrive", "\\\\server\\share"). */
  where: string;
}

export interface BackupsOverview {
  folder: string;
  backups: BackupEntry[];
  recovery: RecoveryNotice | null;
  location: LocationWarning | null;
}

export interface BackupRunResult {
  path: string; size: number; time: number; filesCopied: number;
  /** How the copy was taken: the frozen main file copied by the OS, or SQLite's backup API. */
  method: 'file' | 'backup-api';
}
export interface BackupRestoreResult { keptAside: string | null; restoredFrom: string }
