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
export const CODE_LISTS = ['contact_kind', 'contact_result', 'person_role', 'firm_source'] as const;
export type CodeListName = (typeof CODE_LISTS)[number];
export const LOCALES = ['cs', 'en', 'hu', 'ru'] as const;
export type Locale = (typeof LOCALES)[number];

export interface User {
  id: string;
  name: string;
  email: string | null;
  isLocal: boolean;
}

/** An entry of a code list. Built-in entries have no label (the UI translates `code`);
 * entries users add carry their own label. */
export interface Code {
  id: string;
  list: CodeListName;
  code: string;
  label: string | null;
  builtIn: boolean;
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
  ico: string | null;
  dic: string | null;
  website: string | null;
  industry: string | null;
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
  lastName: string;
  titleAfter: string;
  gender: Gender;
  jobTitle: string;
  roleId: string | null;
  note: string;
  isMain: boolean;
  /** The person this one reports to (same firm): the decision hierarchy. */
  reportsToId: string | null;
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
  createdAt: number;
  updatedAt: number;
}

export interface AppInfo {
  version: string;
  schemaVersion: number;
  dbPath: string;
  localUserId: string;
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
export const CHANGE_FIELDS = ['name', 'ico', 'kinds', 'owner', 'segment', 'address', 'lead', 'merge'] as const;
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
  lastAt: number;
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
  ico: string | null;
  city: string | null;
  isLead: boolean;
  reasons: DuplicateReason[];
}

/** One side of a pair; `detail` tells look-alikes apart (a firm's city, a person's firm). */
export interface DuplicateSide { id: string; name: string; detail: string; ico: string | null; isLead: boolean }

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
  ownerId: string | null;
  ownerName: string | null;
  completeness: Completeness;
}
