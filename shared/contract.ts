// The one contract between the UI and the core: channel name → input schema (zod, checked by
// the dispatcher because the renderer is untrusted), output type, and whether it writes —
// and if so which tables, so both transports can announce what changed.
import { z } from 'zod';
import {
  ADDRESS_KINDS, CHANNEL_KINDS, CODE_LISTS, CONTACT_STATUSES, FIELD_ENTITIES, FIELD_TYPES, FIRM_KINDS, GENDERS,
  LOCALES, MAX_ATTACHMENT_BYTES, TRASH_KINDS, NOTE_VISIBILITIES, SEGMENT_KINDS, TASK_PRIORITIES, TIMELINE_TYPES,
  CURRENCIES, DOC_KINDS, SALE_KINDS, RECIPIENTS, DEDUPE, EXPORT_FORMATS, EXPORT_COLUMNS,
  type AgendaItem, type Board, type ExchangeRates, type ContactRule, type NeglectedFirm, type Opportunity, type OpportunityRow,
  type PipelineStage, type QuietFirm, type Reminder, type Sale, type SalesImportResult, type SalesSummary, type Topic, type Subscription, type SelectionCount, type SelectionPreview, type SavedSelection, type ExportResult, type ExportLogEntry,
  type AppInfo, type Attachment, type Code, type ColleagueActivity, type Contact, type DuplicateScan,
  type FieldDef, type FirmCard, type FirmList, type FirmMatch, type IncompleteFirm, type LeadRow,
  type MergeRecord, type Note, type Segment, type SegmentCard, type Task, type TimelinePage, type User,
  type BackupsOverview, type BackupRunResult, type BackupRestoreResult,
  ENVELOPE_SIZES, SALUTATION_STYLES, type LabelFormat, type Letterhead, type LetterTemplate, type PrintDoc, type TrashPage,
} from './types.ts';
import { ISO_DATE, normalizeIco } from './validation.ts';
import { companyIdProblems, countryOfAddresses } from './company-ids.ts';
import { MAX_IMPORT_BYTES, MAX_SALES_CSV_BYTES } from './limits.ts';
import { IMPORT_KINDS, isImportTarget } from './import-targets.ts';
import { IMPORT_ENCODINGS, IMPORT_MODES, type ImportPreviewRow, type ImportRecord, type ImportReport, type ImportRunResult, type ImportStaged } from './imports.ts';
import type { ErasureResult, SubjectReportResult } from './privacy.ts';
import type { SyncConflict, SyncNowResult, SyncStatus } from './sync-status.ts';

export * from './limits.ts';

export const TABLES = [
  'users', 'codes', 'firms', 'addresses', 'channels', 'people', 'contacts',
  'segments', 'segment_members', 'field_defs', 'field_options', 'field_values', 'notes', 'note_shares',
  'attachments', 'tasks', 'changes', 'merges', 'duplicate_dismissals',
  'reminders', 'contact_rules', 'pipeline_stages', 'opportunities', 'opportunity_users', 'opportunity_lines',
  'opportunity_competitors', 'opportunity_comments', 'sales', 'sales_imports',
  'topics', 'subscriptions', 'selections', 'export_log', 'export_rows', 'erasures', 'imports', 'import_changes', 'import_mappings',
  'letter_templates', 'label_formats', 'settings', 'trash',
] as const;
export type Table = (typeof TABLES)[number];
/** What keeping one side of a sync conflict may write: any synced table (local-only ones excluded). */
const SYNC_RESOLVE_WRITES = TABLES.filter((t) => !['export_rows', 'imports', 'import_changes', 'import_mappings'].includes(t));

interface ChannelDef<I extends z.ZodType, O> {
  input: I;
  kind: 'read' | 'write';
  writes: readonly Table[];
  /** Phantom: carries the output type only. */
  readonly _out?: O;
}

const read = <O>() => <I extends z.ZodType>(input: I): ChannelDef<I, O> => ({ input, kind: 'read', writes: [] });
const write = <O>(...writes: Table[]) => <I extends z.ZodType>(input: I): ChannelDef<I, O> => ({ input, kind: 'write', writes });

// ---- reusable field schemas ----------------------------------------------------------------
export const id = z.string().regex(/^[0-9a-f-]{36}$/, 'errors.invalid_id');
const text = (max: number) => z.string().trim().max(max);
const required = (max: number) => z.string().trim().min(1).max(max);
const epochMs = z.number().int().min(0).max(8.64e15);
const empty = z.object({}).strict();
/** A path on this machine chosen in the desktop shell's file dialog (or given to the CLI). */
const backupPath = z.string().trim().min(1).max(4096);

export const addressInput = z.object({
  id: id.optional(),
  kind: z.enum(ADDRESS_KINDS),
  street: text(200).default(''),
  number: text(30).default(''),
  city: text(120).default(''),
  postalCode: text(20).default(''),
  country: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'errors.country').default('CZ'),
});

/** A phone number as people write it: digits, spaces, brackets, slashes, dashes, a leading +. */
const PHONE = /^\+?[\d\s()/-]{3,30}$/;

export const channelInput = z.object({
  id: id.optional(),
  kind: z.enum(CHANNEL_KINDS),
  value: required(200),
  label: text(60).default(''),
}).superRefine((c, ctx) => {
  if (c.kind === 'email' && !z.email().safeParse(c.value).success)
    ctx.addIssue({ code: 'custom', path: ['value'], message: 'errors.email' });
  if (c.kind === 'phone' && !PHONE.test(c.value))
    ctx.addIssue({ code: 'custom', path: ['value'], message: 'errors.phone' });
});

const country = z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'errors.country');

/** A firm's ids are checked by the scheme of its country (shared/company-ids.ts: names, shapes,
 * check digits); the core stores them normalized the same way. The country, when not given, is
 * the registered address's (else the first address's, else CZ). */
export const firmInput = z.object({
  name: required(200),
  kinds: z.array(z.enum(FIRM_KINDS)).min(1, 'errors.kinds_required'),
  country: country.optional(),
  ico: text(40).default(''),
  dic: text(40).default(''),
  vatId: text(40).default(''),
  website: text(200).default(''),
  /** An entry of the `industry` code list. */
  industryId: id.nullable().default(null),
  sourceId: id.nullable().default(null),
  ownerId: id.nullable().default(null),
  addresses: z.array(addressInput).max(20).default([]),
  channels: z.array(channelInput).max(50).default([]),
}).superRefine((f, ctx) => {
  for (const p of companyIdProblems(f.country ?? countryOfAddresses(f.addresses), f)) {
    ctx.addIssue({ code: 'custom', path: [p.field], message: p.error });
  }
});
export type FirmInput = z.input<typeof firmInput>;

export const personInput = z.object({
  firmId: id,
  titleBefore: text(40).default(''),
  firstName: text(80).default(''),
  /** The Russian отчество ("Петрович"): salutations, addressees and search use it. */
  patronymic: text(80).default(''),
  lastName: required(80),
  titleAfter: text(40).default(''),
  gender: z.enum(GENDERS).default('unspecified'),
  jobTitle: text(120).default(''),
  roleId: id.nullable().default(null),
  note: text(4000).default(''),
  isMain: z.boolean().default(false),
  /** Whom this person reports to (a person of the same firm; no cycles). */
  reportsToId: id.nullable().default(null),
  channels: z.array(channelInput).max(30).default([]),
  /** Stored salutation / addressee line (issue 6); '' = the rule's suggestion in the letter's language. */
  salutation: text(200).default(''),
  addressee: text(200).default(''),
});
export type PersonInput = z.input<typeof personInput>;

export const nextContactInput = z.object({
  at: epochMs,
  task: required(250),
  referentId: id,
  kindId: id.optional(),
  /** A reminder for the referent before the planned contact. */
  remindAt: epochMs.nullable().default(null),
});

const isoDate = z.string().regex(ISO_DATE, 'errors.date');

export const taskDraft = z.object({
  title: required(250),
  note: text(4000).default(''),
  dueDate: isoDate.nullable().default(null),
  assigneeId: id,
  priority: z.enum(TASK_PRIORITIES).default('normal'),
  /** A reminder for the assignee; null = none (an existing one is removed). */
  remindAt: epochMs.nullable().default(null),
});

export const contactInput = z.object({
  firmId: id,
  personId: id.nullable().default(null),
  status: z.enum(CONTACT_STATUSES).default('done'),
  at: epochMs,
  kindId: id,
  referentId: id,
  resultId: id.nullable().default(null),
  summary: required(250),
  note: text(20000).default(''),
  next: nextContactInput.nullable().default(null),
  /** A to-do agreed in the contact, created with it (linked to it). */
  task: taskDraft.nullable().default(null),
  /** Planned contacts only: a reminder for the referent; null = none (an existing one is removed). */
  remindAt: epochMs.nullable().default(null),
}).refine((c) => c.remindAt === null || c.status === 'planned', { message: 'errors.remind_planned_only', path: ['remindAt'] });
export type ContactInput = z.input<typeof contactInput>;

// ---- selling (schema v3) ---------------------------------------------------------------------
const currency = z.enum(CURRENCIES, { message: 'errors.currency' });
/** Integer minor units; ±10¹⁴ keeps every sum exact in a double. */
const minorUnits = z.number().int('errors.amount').min(-1e14, 'errors.amount').max(1e14, 'errors.amount');
const percent = z.number().int().min(0, 'errors.percent').max(100, 'errors.percent');

export const ruleInput = z.object({
  segmentId: id,
  days: z.number().int().min(1, 'errors.rule_days').max(3650, 'errors.rule_days'),
  kindIds: z.array(id).max(20).default([]),
});

/** A calendar range of one user's days (their clock: `tzOffset` minutes east of UTC). */
const agendaDays = z.object({
  from: z.string().regex(ISO_DATE, 'errors.date'),
  to: z.string().regex(ISO_DATE, 'errors.date'),
  tzOffset: z.number().int().min(-900).max(900).default(0),
  /** A colleague's calendar (the substitute case); null = mine. */
  userId: id.nullable().default(null),
}).refine((r) => r.from <= r.to, { message: 'errors.range', path: ['to'] });

export const opportunityInput = z.object({
  firmId: id,
  title: required(200),
  stageId: id,
  /** Null: the stage's default probability. */
  probability: percent.nullable().default(null),
  amount: minorUnits.min(0, 'errors.amount').default(0),
  currency,
  closeDate: z.string().regex(ISO_DATE, 'errors.date').nullable().default(null),
  /** The offer submission deadline, and how many days before it the watchers are reminded. */
  deadlineAt: epochMs.nullable().default(null),
  watchDays: z.number().int().min(0, 'errors.watch_days').max(365, 'errors.watch_days').nullable().default(null),
  ownerId: id,
  /** Further salespeople on the deal (the owner is one already). */
  salesIds: z.array(id).max(20).default([]),
  watcherIds: z.array(id).max(50).default([]),
  note: text(20000).default(''),
  lines: z.array(z.object({
    id: id.optional(), product: required(200), productGroup: text(120).default(''),
    quantity: z.number().min(0, 'errors.quantity').max(1e9, 'errors.quantity').default(1), unitPrice: minorUnits.default(0),
  })).max(200).default([]),
  competitors: z.array(z.object({
    id: id.optional(), name: required(200), strengths: text(2000).default(''), weaknesses: text(2000).default(''),
  })).max(50).default([]),
}).refine((o) => o.watchDays === null || o.deadlineAt !== null, { message: 'errors.watch_needs_deadline', path: ['watchDays'] });

export const saleInput = z.object({
  firmId: id,
  kind: z.enum(SALE_KINDS).default('order'),
  date: z.string().regex(ISO_DATE, 'errors.date'),
  amount: minorUnits,
  currency,
  product: text(200).default(''),
  documentNo: text(60).transform((v) => v || null).nullable().default(null),
  note: text(4000).default(''),
});

export const closeInput = z.discriminatedUnion('outcome', [
  z.object({
    id, outcome: z.literal('won'),
    /** The sale it becomes: the won amount (defaults to the expected one) and its date. */
    amount: minorUnits.min(0, 'errors.amount').nullable().default(null),
    date: z.string().regex(ISO_DATE, 'errors.date'),
    kind: z.enum(SALE_KINDS).default('order'),
    documentNo: text(60).transform((v) => v || null).nullable().default(null),
  }),
  z.object({ id, outcome: z.literal('lost'), reasonId: id, note: text(4000).default('') }),
]);

/** A condition on a user-defined field: equals (text, number, date or option id), a range
 * (numbers, dates; either end open), or empty / not empty. */
export const fieldFilter = z.discriminatedUnion('op', [
  z.object({ fieldId: id, op: z.literal('eq'), value: z.union([z.string().trim().max(200), z.number()]) }),
  z.object({
    fieldId: id, op: z.literal('range'),
    min: z.union([z.number(), isoDate]).nullable().default(null),
    max: z.union([z.number(), isoDate]).nullable().default(null),
  }),
  z.object({ fieldId: id, op: z.literal('empty') }),
  z.object({ fieldId: id, op: z.literal('not_empty') }),
]);
export type FieldFilter = z.input<typeof fieldFilter>;

/**
 * One condition of a mailing selection (about the firm; for people recipients, about their firm,
 * except `topic`, which is about the person or lead). Dates are YYYY-MM-DD, money minor units.
 */
export const selectionCondition = z.discriminatedUnion('on', [
  z.object({ on: z.literal('kind'), kinds: z.array(z.enum(FIRM_KINDS)).min(1).max(3) }),
  /** Member of any of these segments (categories, groups, tags); `not` = of none of them. */
  z.object({ on: z.literal('segment'), ids: z.array(id).min(1).max(200), not: z.boolean().default(false) }),
  z.object({ on: z.literal('field'), filter: fieldFilter }),
  z.object({ on: z.literal('owner'), ids: z.array(id).min(1).max(100) }),
  /** Any address of the firm; values compared ignoring case and diacritics. `region` = postal code prefix ("1", "60", "9"). */
  z.object({ on: z.literal('place'), part: z.enum(['city', 'region', 'country']), values: z.array(required(120)).min(1).max(200) }),
  /** The last done contact (of these kinds; none = any): before / after a date, or none at all. */
  z.object({
    on: z.literal('lastContact'), op: z.enum(['before', 'after', 'none']), date: isoDate.nullable().default(null),
    kindIds: z.array(id).max(20).default([]),
  }).refine((c) => c.op === 'none' || c.date !== null, { message: 'errors.date', path: ['date'] }),
  z.object({ on: z.literal('openOpportunities'), has: z.boolean() }),
  /** Revenue (sales) in one currency since a date (default: the last 12 months), in a range. */
  z.object({
    on: z.literal('revenue'), currency, since: isoDate.nullable().default(null),
    min: z.number().int().nullable().default(null), max: z.number().int().nullable().default(null),
  }),
  /** Subscribed to the topic (and not opted out). */
  z.object({ on: z.literal('topic'), topicId: id }),
]);
export type SelectionCondition = z.input<typeof selectionCondition>;
export interface SelectionGroup { op: 'and' | 'or'; items: (SelectionCondition | SelectionGroup)[] }
/** AND / OR groups, nested up to four levels. */
export const selectionGroup: z.ZodType<SelectionGroup> = z.lazy(() => z.object({
  op: z.enum(['and', 'or']),
  items: z.array(z.union([selectionCondition, selectionGroup])).max(50),
})) as unknown as z.ZodType<SelectionGroup>;

/** What to select and whom to leave out. Recipients who opted out of `topicId`, or (people)
 * never consented to it, are excluded and counted. */
export const selectionSpec = z.object({
  recipients: z.enum(RECIPIENTS).default('firms'),
  where: selectionGroup.default({ op: 'and', items: [] }),
  topicId: id.nullable().default(null),
  dedupe: z.enum(DEDUPE).default('none'),
});
export const exportColumn = z.union([z.enum(EXPORT_COLUMNS), z.string().regex(/^field:[0-9a-f-]{36}$/, 'errors.invalid')]);
export const exportOptions = z.object({
  columns: z.array(exportColumn).min(1, 'errors.columns_required').max(80),
  format: z.enum(EXPORT_FORMATS).default('excel-cz'),
  /** Word-safe headers: no spaces or diacritics ("Nazev_firmy"). */
  mergeNames: z.boolean().default(false),
  locale: z.enum(LOCALES).default('cs'),
});

// ---- printing (issue 6) ----------------------------------------------------------------------
/** Whom a letter, label or envelope goes to: one firm (its main person unless `personId`), or
 * everyone of a saved selection, or a segment's firms (or their people). */
export const printTarget = z.discriminatedUnion('from', [
  /** One firm: to `personId`, else to its main person — or, with `toFirm`, to the firm itself
   * (its address and the firm-level salutation, no person named). */
  z.object({ from: z.literal('firm'), firmId: id, personId: id.nullable().default(null), toFirm: z.boolean().default(false) }),
  z.object({ from: z.literal('person'), personId: id }),
  z.object({ from: z.literal('selection'), selectionId: id }),
  z.object({ from: z.literal('segment'), segmentId: id, recipients: z.enum(RECIPIENTS).default('firms') }),
]);
const mm = (min: number, max: number) => z.number().min(min, 'errors.out_of_range').max(max, 'errors.out_of_range');
const letterText = {
  subject: text(300).default(''),
  body: z.string().max(50_000, 'errors.too_long').default(''),
  closing: text(120).default(''),
};
export const letterTemplateInput = z.object({
  name: required(120),
  language: z.enum(LOCALES).default('cs'),
  style: z.enum(SALUTATION_STYLES).default('formal'),
  ...letterText,
  /** The same letter in further languages: each language once, never the template's own. */
  variants: z.array(z.object({ language: z.enum(LOCALES), ...letterText })).max(LOCALES.length - 1).default([]),
}).superRefine((t, ctx) => {
  const seen = new Set<string>([t.language]);
  t.variants.forEach((v, i) => {
    if (seen.has(v.language)) ctx.addIssue({ code: 'custom', path: ['variants', i, 'language'], message: 'errors.variant_language_twice' });
    seen.add(v.language);
  });
});
export const letterheadInput = z.object({
  companyName: text(200).default(''), logoDataUrl: z.string().max(400_000, 'errors.logo_too_big')
    .regex(/^(data:image\/(png|jpeg|svg\+xml);base64,[A-Za-z0-9+/=]+)?$/, 'errors.invalid').default(''),
  street: text(120).default(''), number: text(40).default(''), city: text(120).default(''),
  postalCode: text(20).default(''), country: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'errors.country').default('CZ'),
  phone: text(80).default(''), email: text(200).default(''), web: text(200).default(''),
  ico: text(20).default(''), dic: text(20).default(''), bankName: text(120).default(''),
  bankAccount: text(60).default(''), iban: text(60).default(''), footerNote: text(300).default(''),
  signatureName: text(120).default(''), signatureTitle: text(120).default(''),
});
export const labelFormatInput = z.object({
  name: required(80),
  columns: z.number().int().min(1, 'errors.out_of_range').max(6, 'errors.out_of_range'),
  rows: z.number().int().min(1, 'errors.out_of_range').max(20, 'errors.out_of_range'),
  labelWidthMm: mm(10, 210), labelHeightMm: mm(5, 297),
  marginTopMm: mm(0, 100), marginLeftMm: mm(0, 100), gapXMm: mm(0, 50), gapYMm: mm(0, 50), paddingMm: mm(0, 20),
});
/** Long work (serial letters, big exports, the duplicate scan) may carry a job id the renderer
 * chose: progress events name it, and `jobs.cancel` stops it (main/core/jobs.ts). */
export const jobId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'errors.invalid');
const jobField = { job: jobId.optional() };

const importReadOptions = z.object({
  encoding: z.enum(IMPORT_ENCODINGS).optional(),
  delimiter: z.string().min(1).max(1).optional(),
  sheet: text(120).optional(),
}).strict();
/** Column index → target; a column left out is not imported. */
const importMapping = z.record(z.string().regex(/^\d{1,4}$/, 'errors.invalid'),
  z.string().max(80).refine(isImportTarget, 'errors.import_target').nullable());
/** A staged file (its token from imports.stage) read with the confirmed options, mapped. */
const importSpec = z.object({
  token: z.string().regex(/^[0-9a-f]{64}$/, 'errors.import_staged_gone'), fileName: required(255),
  kind: z.enum(IMPORT_KINDS), mapping: importMapping, options: importReadOptions.default({}),
});
const IMPORT_WRITES = ['firms', 'addresses', 'channels', 'people', 'contacts', 'segments', 'segment_members', 'field_values', 'notes', 'changes',
  'imports', 'import_changes', 'import_mappings'] as const satisfies readonly Table[];
const printCommon = { locale: z.enum(LOCALES).default('cs'), ...jobField };

export const firmListInput = z.object({
  q: text(200).default(''),
  kinds: z.array(z.enum(FIRM_KINDS)).default([]),
  ownerId: id.nullable().default(null),
  city: text(120).default(''),
  /** Member of every one of these segments / groups / tags. */
  segmentIds: z.array(id).max(20).default([]),
  fieldFilters: z.array(fieldFilter).max(10).default([]),
  /** User fields to return as columns (FirmListRow.fields). */
  fieldColumns: z.array(id).max(20).default([]),
  /** Sort by name (the default), city, or a user field; empty values last either way. */
  sort: z.object({
    by: z.enum(['name', 'city', 'field']).default('name'),
    fieldId: id.optional(),
    dir: z.enum(['asc', 'desc']).default('asc'),
  }).default({ by: 'name', dir: 'asc' }),
  locale: z.enum(LOCALES).default('en'),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
});
export type FirmListInput = z.input<typeof firmListInput>;

export const segmentInput = z.object({
  kind: z.enum(SEGMENT_KINDS),
  name: required(120),
  /** Groups only: the parent firm (a holding) heading the group. */
  parentFirmId: id.nullable().default(null),
  color: z.string().regex(/^(#[0-9a-f]{6})?$/i, 'errors.format').default(''),
  note: text(4000).default(''),
});

export const fieldDefInput = z.object({
  entity: z.enum(FIELD_ENTITIES),
  label: required(80),
  type: z.enum(FIELD_TYPES),
  /** Options of the user's code list; null = free values. Only text fields take options. */
  options: z.array(z.object({ id: id.optional(), label: required(80) })).max(500).nullable().default(null),
}).refine((f) => f.options === null || f.type === 'text', { message: 'errors.field_options_text_only', path: ['options'] });

export const noteInput = z.object({
  firmId: id,
  personId: id.nullable().default(null),
  contactId: id.nullable().default(null),
  title: required(200),
  body: text(50_000).default(''),
  at: epochMs,
  visibility: z.enum(NOTE_VISIBILITIES).default('private'),
  sharedWith: z.array(id).max(100).default([]),
}).refine((n) => n.visibility !== 'named' || n.sharedWith.length > 0, { message: 'errors.note_share_required', path: ['sharedWith'] });

export const taskInput = taskDraft.extend({
  firmId: id.nullable().default(null),
  personId: id.nullable().default(null),
  contactId: id.nullable().default(null),
  done: z.boolean().default(false),
});

const attachmentName = required(255).refine((n) => !/[\\/\u0000]/.test(n), 'errors.file_name');
const folderName = text(120).refine((n) => !/[\\/\u0000]/.test(n), 'errors.file_name').default('');

export const leadInput = z.object({
  company: text(200).default(''),
  titleBefore: text(40).default(''),
  firstName: text(80).default(''),
  lastName: text(80).default(''),
  email: z.string().trim().max(200).refine((v) => v === '' || z.email().safeParse(v).success, 'errors.email').default(''),
  phone: z.string().trim().max(30).refine((v) => v === '' || /^\+?[\d\s()/-]{3,30}$/.test(v), 'errors.phone').default(''),
  sourceId: id.nullable().default(null),
  ownerId: id.nullable().default(null),
  note: text(4000).default(''),
}).superRefine((l, ctx) => {
  // A business card or a newsletter sign-up: a name and one way to reach them is enough.
  if (!l.company && !l.lastName) ctx.addIssue({ code: 'custom', path: ['company'], message: 'errors.lead_name_required' });
  if (!l.email && !l.phone) ctx.addIssue({ code: 'custom', path: ['email'], message: 'errors.lead_reach_required' });
});
export type LeadInput = z.input<typeof leadInput>;

const mergeSide = z.enum(['survivor', 'merged']);
export const firmMergeInput = z.object({
  survivorId: id,
  mergedId: id,
  /** Per field, whose value the survivor keeps; people, contacts, notes, tasks, attachments,
   * addresses, channels, segments and field values all move to the survivor. */
  choose: z.object({
    name: mergeSide.default('survivor'), ico: mergeSide.default('survivor'), dic: mergeSide.default('survivor'),
    website: mergeSide.default('survivor'), industry: mergeSide.default('survivor'),
    sourceId: mergeSide.default('survivor'), ownerId: mergeSide.default('survivor'),
    kinds: z.enum(['survivor', 'merged', 'both']).default('both'),
  }).default({} as never),
}).refine((m) => m.survivorId !== m.mergedId, { message: 'errors.merge_same', path: ['mergedId'] });

export const personMergeInput = z.object({
  survivorId: id,
  mergedId: id,
  choose: z.object({
    titleBefore: mergeSide.default('survivor'), firstName: mergeSide.default('survivor'), patronymic: mergeSide.default('survivor'),
    lastName: mergeSide.default('survivor'), titleAfter: mergeSide.default('survivor'),
    gender: mergeSide.default('survivor'), jobTitle: mergeSide.default('survivor'),
    roleId: mergeSide.default('survivor'), note: mergeSide.default('survivor'),
  }).default({} as never),
}).refine((m) => m.survivorId !== m.mergedId, { message: 'errors.merge_same', path: ['mergedId'] });

/** A user: the name letters sign with, and the e-mail, phone and position they give. */
const userInput = z.object({
  name: required(120),
  email: z.email().nullable().default(null),
  phone: text(30).refine((v) => v === '' || PHONE.test(v), 'errors.phone').default(''),
  position: text(120).default(''),
});

const today = isoDate;
const linkFilter = z.object({ firmId: id.optional(), personId: id.optional(), contactId: id.optional() });

/** What a deletion tombstones together (and a restore brings back). */
const TRASHED = ['people', 'addresses', 'channels', 'contacts', 'tasks', 'notes', 'attachments', 'reminders', 'trash', 'firms'] as const satisfies readonly Table[];
/** What erasing a firm for good may remove besides. */
const ERASED = [...TRASHED, 'note_shares', 'changes', 'segment_members', 'segments', 'field_values', 'merges',
  'duplicate_dismissals', 'opportunities', 'opportunity_users', 'opportunity_lines', 'opportunity_competitors',
  'opportunity_comments', 'sales', 'subscriptions'] as const satisfies readonly Table[];

// ---- the channels --------------------------------------------------------------------------
/** Whom a data-protection request is about: a person or a firm, exactly one. */
const subjectInput = z.object({
  personId: id.nullable().default(null), firmId: id.nullable().default(null), locale: z.enum(LOCALES).default('en'),
}).refine((v) => (v.personId === null) !== (v.firmId === null), { message: 'errors.required', path: ['personId'] });

export const contract = {
  'app.info': read<AppInfo>()(empty),
  /** The language the user chose in the app, kept in the database: the worker sorts the list
   * for it at start, and the CLI exports and prints in it by default. */
  'app.setLocale': write<{ ok: true }>('settings')(z.object({ locale: z.enum(LOCALES) })),
  'users.list': read<User[]>()(empty),
  // Colleagues (other salespeople of the office) until sync brings them from the server.
  'users.create': write<User>('users')(userInput),
  'users.update': write<User>('users')(userInput.safeExtend({ id })),
  /** First start: the laptop's own user says who they are (asked once; see app.info's askProfile). */
  'app.saveProfile': write<User>('users', 'settings')(userInput),
  /** First start, "later": the question is not asked again (Settings → users still edits it). */
  'app.dismissProfile': write<{ ok: true }>('settings')(empty),
  /** Every entry (retired ones too, flagged), each list in its order. */
  'codes.list': read<Code[]>()(z.object({ list: z.enum(CODE_LISTS).optional() })),
  /** A new entry at the end of the list. The label may not repeat one of the list's (a built-in
   * entry's name in `locale` counts): errors.code_duplicate, or errors.code_duplicate_retired. */
  'codes.add': write<Code>('codes')(z.object({ list: z.enum(CODE_LISTS), label: required(80), locale: z.enum(LOCALES).default('en') })),
  /** The user's own name for an entry; for a built-in one it wins over the translation, and
   * null gives the translation back. */
  'codes.rename': write<Code>('codes')(z.object({ id, label: required(80).nullable(), locale: z.enum(LOCALES).default('en') })),
  /** A list's entries (retired ones included) in their new order. */
  'codes.reorder': write<{ count: number }>('codes')(z.object({ list: z.enum(CODE_LISTS), ids: z.array(id).min(1).max(500) })),
  /** Retired: no longer offered for new records, still shown on old ones and usable in filters. */
  'codes.retire': write<Code>('codes')(z.object({ id, retired: z.boolean() })),

  'firms.list': read<FirmList>()(firmListInput),
  'firms.cities': read<string[]>()(z.object({ locale: z.enum(LOCALES).default('en') })),
  'firms.get': read<FirmCard>()(z.object({ id })),
  'firms.create': write<{ id: string }>('firms', 'addresses', 'channels')(firmInput),
  'firms.update': write<{ id: string }>('firms', 'addresses', 'channels')(firmInput.safeExtend({ id })),
  /** Into the trash, with its people, addresses, e-mails and phones, contacts, tasks, notes and files. */
  'firms.delete': write<{ id: string }>(...TRASHED)(z.object({ id })),
  /** Likely existing firms (and leads) for what is being typed: the "duplicate?" warning. */
  'firms.matches': read<FirmMatch[]>()(z.object({
    name: text(200).default(''), ico: z.string().trim().transform(normalizeIco).default(''),
    /** The scheme the typed `ico` is in (a Hungarian adószám matches by its first 8 digits); null: Czech. */
    country: country.nullable().default(null),
    emails: z.array(text(200)).max(20).default([]), phones: z.array(text(40)).max(20).default([]),
    excludeId: id.nullable().default(null),
  })),
  'firms.setSegments': write<{ id: string }>('segment_members', 'changes')(z.object({ id, segmentIds: z.array(id).max(200) })),
  'firms.colleagues': read<ColleagueActivity[]>()(z.object({ firmId: id, days: z.number().int().min(1).max(3650).default(90) })),
  'firms.incomplete': read<IncompleteFirm[]>()(z.object({
    segmentId: id.nullable().default(null), ownerId: id.nullable().default(null),
    locale: z.enum(LOCALES).default('en'), limit: z.number().int().min(1).max(1000).default(200),
  })),
  'firms.merge': write<{ mergeId: string }>('firms', 'people', 'contacts', 'addresses', 'channels', 'notes', 'tasks', 'attachments',
    'segment_members', 'segments', 'field_values', 'changes', 'opportunities', 'sales', 'subscriptions', 'merges')(firmMergeInput),

  'segments.list': read<Segment[]>()(z.object({ kind: z.enum(SEGMENT_KINDS).optional() })),
  'segments.get': read<SegmentCard>()(z.object({ id, locale: z.enum(LOCALES).default('en') })),
  'segments.create': write<{ id: string }>('segments')(segmentInput),
  'segments.update': write<{ id: string }>('segments')(segmentInput.extend({ id })),
  'segments.delete': write<{ id: string }>('segments', 'segment_members')(z.object({ id })),
  'segments.members': write<{ id: string }>('segment_members', 'changes')(z.object({
    id, add: z.array(id).max(10_000).default([]), remove: z.array(id).max(10_000).default([]),
  })),

  'fields.list': read<FieldDef[]>()(z.object({ entity: z.enum(FIELD_ENTITIES).optional() })),
  'fields.create': write<FieldDef>('field_defs', 'field_options')(fieldDefInput),
  'fields.update': write<FieldDef>('field_defs', 'field_options')(z.object({
    id, label: required(80),
    options: z.array(z.object({ id: id.optional(), label: required(80) })).max(500).nullable().default(null),
  })),
  'fields.delete': write<{ id: string }>('field_defs', 'field_options', 'field_values')(z.object({ id })),
  /** Sets values on one firm or person; null clears. Option fields take the option's id. */
  'fields.set': write<{ id: string }>('field_values', 'firms')(z.object({
    entity: z.enum(FIELD_ENTITIES), entityId: id,
    values: z.array(z.object({ fieldId: id, value: z.union([z.string().trim().max(2000), z.number(), z.null()]) })).max(200),
  })),

  'people.create': write<{ id: string }>('people', 'channels', 'firms')(personInput),
  'people.update': write<{ id: string }>('people', 'channels', 'firms')(personInput.extend({ id })),
  /** Into the trash, with their e-mails and phones (so they no longer find the firm). */
  'people.delete': write<{ id: string }>('people', 'channels', 'firms', 'trash')(z.object({ id })),
  'people.merge': write<{ mergeId: string }>('people', 'contacts', 'channels', 'notes', 'tasks', 'attachments', 'field_values',
    'subscriptions', 'firms', 'merges')(personMergeInput),

  'contacts.list': read<Contact[]>()(z.object({ firmId: id.optional(), personId: id.optional() })
    .refine((v) => v.firmId || v.personId, { message: 'errors.required', path: ['firmId'] })),
  'contacts.create': write<{ id: string; nextId: string | null; taskId: string | null }>('contacts', 'tasks', 'reminders')(contactInput),
  // `next` on update: a planned contact marked done often plans the one after it.
  'contacts.update': write<{ id: string; nextId: string | null; taskId: string | null }>('contacts', 'tasks', 'reminders')(contactInput.safeExtend({ id })),
  'contacts.delete': write<{ id: string }>('contacts', 'reminders', 'trash')(z.object({ id })),
  /** Drag in the calendar: a planned contact to another time (its reminder moves with it). */
  'contacts.reschedule': write<{ id: string }>('contacts', 'reminders')(z.object({ id, at: epochMs })),
  /** Mark a planned contact done with its result and plan the next one, in one step. The chain
   * never breaks silently: either `next` or `endChain: true`. */
  'contacts.complete': write<{ id: string; nextId: string | null }>('contacts', 'reminders')(z.object({
    id, at: epochMs, resultId: id.nullable().default(null), summary: required(250), note: text(20000).default(''),
    next: nextContactInput.nullable().default(null), endChain: z.boolean().default(false),
  }).refine((c) => c.next !== null || c.endChain, { message: 'errors.next_required', path: ['next'] })),

  /** Day / week / month: planned contacts, contacts done in the range, and tasks due in it. */
  'agenda.range': read<AgendaItem[]>()(agendaDays.safeExtend({
    today: z.string().regex(ISO_DATE, 'errors.date').optional(),
    /** At most this many planned contacts, done contacts and tasks each per day (the earliest);
     * default 50 for several days, 2000 for one. The month view asks for what a cell shows. */
    perDay: z.number().int().min(1).max(2000).nullable().default(null),
  })),
  /** How many items each day of the range holds in all (what "+N more" counts), days with none left out. */
  'agenda.counts': read<{ day: string; count: number }[]>()(agendaDays),

  /** The acting user's reminders: due ones (missed while the app was closed included), or all not dismissed. */
  'reminders.list': read<Reminder[]>()(z.object({ state: z.enum(['due', 'pending']).default('due') })),
  'reminders.snooze': write<{ id: string }>('reminders')(z.object({ id, until: epochMs })),
  'reminders.dismiss': write<{ id: string }>('reminders')(z.object({ id })),
  /** The desktop shell raised their OS notifications. */
  'reminders.markShown': write<{ count: number }>('reminders')(z.object({ ids: z.array(id).max(500) })),

  'rules.list': read<ContactRule[]>()(empty),
  'rules.create': write<{ id: string }>('contact_rules')(ruleInput),
  'rules.update': write<{ id: string }>('contact_rules')(ruleInput.extend({ id })),
  'rules.delete': write<{ id: string }>('contact_rules')(z.object({ id })),
  /** Firms past a rule, most overdue first; one salesperson's (by firm owner) or everyone's. */
  'rules.neglected': read<NeglectedFirm[]>()(z.object({
    ownerId: id.nullable().default(null), ruleId: id.nullable().default(null),
    limit: z.number().int().min(1).max(20000).default(2000),
  })),
  /** Firms with no done contact at all in the last `days` days. */
  'firms.quiet': read<QuietFirm[]>()(z.object({
    days: z.number().int().min(1, 'errors.rule_days').max(3650, 'errors.rule_days'),
    ownerId: id.nullable().default(null), segmentId: id.nullable().default(null),
    limit: z.number().int().min(1).max(20000).default(2000),
  })),

  'stages.list': read<PipelineStage[]>()(empty),
  'stages.create': write<{ id: string }>('pipeline_stages')(z.object({ label: required(80), probability: percent.default(0) })),
  'stages.update': write<{ id: string }>('pipeline_stages')(z.object({ id, label: required(80), probability: percent })),
  /** Refused while opportunities are in it, and for the won and lost stages. */
  'stages.delete': write<{ id: string }>('pipeline_stages')(z.object({ id })),
  /** The open stages in their new order (won and lost stay last). */
  'stages.reorder': write<{ count: number }>('pipeline_stages')(z.object({ ids: z.array(id).min(1).max(50) })),

  'opportunities.list': read<{ total: number; rows: OpportunityRow[] }>()(z.object({
    firmId: id.nullable().default(null), ownerId: id.nullable().default(null), stageId: id.nullable().default(null),
    state: z.enum(['open', 'won', 'lost', 'all']).default('open'), q: text(200).default(''),
    sort: z.enum(['closeDate', 'amount', 'updated', 'firm']).default('closeDate'),
    locale: z.enum(LOCALES).default('en'),
    offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(200),
  })),
  /** Open stages as columns with counts, totals and weighted totals per currency, and the first cards. */
  'opportunities.board': read<Board>()(z.object({
    ownerId: id.nullable().default(null), cardsPerColumn: z.number().int().min(0).max(500).default(50),
  })),
  'opportunities.get': read<Opportunity>()(z.object({ id })),
  /** The office's exchange rates (Settings), null when none are kept. */
  'rates.get': read<{ rates: ExchangeRates | null }>()(empty),
  /** 1 unit of each listed currency in `base`; a currency left out is not converted. */
  'rates.set': write<{ ok: true }>('settings')(z.object({
    base: currency,
    rates: z.partialRecord(currency, z.number({ message: 'errors.rate' }).positive('errors.rate').max(1e6, 'errors.rate')
      .refine((n) => Number.isFinite(n) && Math.abs(n * 1e6 - Math.round(n * 1e6)) < 1e-6, 'errors.rate')),
    asOf: isoDate.nullable().default(null),
  }).strict()),
  'opportunities.create': write<{ id: string }>('opportunities', 'opportunity_users', 'opportunity_lines',
    'opportunity_competitors', 'reminders', 'changes')(opportunityInput),
  'opportunities.update': write<{ id: string }>('opportunities', 'opportunity_users', 'opportunity_lines',
    'opportunity_competitors', 'reminders', 'changes')(opportunityInput.safeExtend({ id })),
  /** Drag on the board, between open stages (closing needs its details: opportunities.close). */
  'opportunities.move': write<{ id: string }>('opportunities', 'changes')(z.object({ id, stageId: id })),
  /** Won records a sale on the firm; lost asks for a reason from the code list. */
  'opportunities.close': write<{ id: string; saleId: string | null }>('opportunities', 'sales', 'reminders', 'changes')(closeInput),
  /** Back to an open stage; the sale it made when won is removed. */
  'opportunities.reopen': write<{ id: string }>('opportunities', 'sales', 'reminders', 'changes')(z.object({ id, stageId: id })),
  'opportunities.delete': write<{ id: string }>('opportunities', 'reminders')(z.object({ id })),
  'opportunities.comment': write<{ id: string }>('opportunity_comments')(z.object({ opportunityId: id, body: required(4000) })),

  'sales.list': read<Sale[]>()(z.object({
    firmId: id, kind: z.enum(SALE_KINDS).nullable().default(null), limit: z.number().int().min(1).max(5000).default(500),
  })),
  'sales.summary': read<SalesSummary>()(z.object({ firmId: id, today: z.string().regex(ISO_DATE, 'errors.date') })),
  'sales.create': write<{ id: string }>('sales')(saleInput),
  'sales.delete': write<{ id: string }>('sales')(z.object({ id })),
  /** Invoice or order lines from accounting (CSV text: date, IČO or firm name, amount, currency,
   * product, document number). All or nothing; idempotent by document number. The UI uploads
   * the file (UPLOADS in limits.ts); the transport decodes it into `content`. */
  'sales.import': write<SalesImportResult>('sales', 'sales_imports')(z.object({
    fileName: required(255), content: z.string().max(MAX_SALES_CSV_BYTES, 'errors.file_too_big'), dryRun: z.boolean().default(false),
  })),

  'topics.list': read<Topic[]>()(empty),
  'topics.create': write<{ id: string }>('topics')(z.object({ name: required(120), note: text(2000).default('') })),
  'topics.update': write<{ id: string }>('topics')(z.object({ id, name: required(120), note: text(2000).default('') })),
  'topics.delete': write<{ id: string }>('topics', 'subscriptions')(z.object({ id })),
  /** A person's or a lead's subscriptions, opted-out ones included (the record of consent). */
  'subscriptions.list': read<Subscription[]>()(z.object({ personId: id.nullable().default(null), firmId: id.nullable().default(null) })
    .refine((r) => (r.personId === null) !== (r.firmId === null), { message: 'errors.person_or_lead', path: ['personId'] })),
  /** Subscribe (with its source: "web form", "fair 2026"…) or opt out (the date is recorded, the row kept). */
  'subscriptions.set': write<{ id: string }>('subscriptions')(z.object({
    topicId: id, personId: id.nullable().default(null), firmId: id.nullable().default(null),
    subscribed: z.boolean(), source: text(200).default(''),
  }).refine((r) => (r.personId === null) !== (r.firmId === null), { message: 'errors.person_or_lead', path: ['personId'] })),

  'selections.count': read<SelectionCount>()(selectionSpec),
  'selections.preview': read<SelectionPreview>()(selectionSpec.safeExtend({ ...exportOptions.shape, limit: z.number().int().min(1).max(200).default(20) })),
  'selections.list': read<SavedSelection[]>()(empty),
  'selections.get': read<SavedSelection>()(z.object({ id })),
  /** Saves by name (a new name makes a new one; `id` overwrites that one). */
  'selections.save': write<{ id: string }>('selections')(selectionSpec.safeExtend({
    id: id.nullable().default(null), name: required(120), ...exportOptions.shape,
  })),
  'selections.delete': write<{ id: string }>('selections')(z.object({ id })),
  /** Writes the file and the export log entry. A character the format's encoding cannot hold
   * stops it with the rows and their firms and people named (errors.unencodable, params rows, names,
   * chars, suggest 'excel-utf8'); the app's own words in an export language it cannot hold stop it
   * before any row (errors.unencodable_language, params columns, suggest). */
  'exports.run': write<ExportResult>('export_log', 'export_rows')(selectionSpec.safeExtend({
    ...exportOptions.shape, selectionId: id.nullable().default(null), name: text(120).default(''),
    /** What an unsaved selection's file and sheet are called, in the UI's language ("Adresář firem");
     * without it the core names it in the export's language. */
    untitled: text(120).default(''), ...jobField,
  })),
  'exports.log': read<ExportLogEntry[]>()(z.object({ limit: z.number().int().min(1).max(1000).default(200) })),

  'agenda.list': read<Contact[]>()(z.object({
    scope: z.enum(['mine', 'all']).default('mine'),
    from: z.string().regex(ISO_DATE, 'errors.date').optional(),
    to: z.string().regex(ISO_DATE, 'errors.date').optional(),
    /** Minutes east of UTC of the user's clock, so calendar days are theirs, not the core's. */
    tzOffset: z.number().int().min(-900).max(900).default(0),
    /** A colleague's agenda (the substitute case); overrides `scope`. */
    userId: id.nullable().default(null),
  })),

  'notes.list': read<Note[]>()(linkFilter),
  'notes.create': write<{ id: string }>('notes', 'note_shares')(noteInput),
  'notes.update': write<{ id: string }>('notes', 'note_shares')(noteInput.extend({ id })),
  'notes.delete': write<{ id: string }>('notes', 'trash')(z.object({ id })),

  'tasks.list': read<Task[]>()(linkFilter.extend({
    assigneeId: id.optional(), state: z.enum(['open', 'done', 'all']).default('open'), today,
    limit: z.number().int().min(1).max(2000).default(500),
  })),
  'tasks.create': write<{ id: string }>('tasks', 'reminders')(taskInput),
  'tasks.update': write<{ id: string }>('tasks', 'reminders')(taskInput.extend({ id })),
  'tasks.setDone': write<{ id: string }>('tasks', 'reminders')(z.object({ id, done: z.boolean() })),
  'tasks.delete': write<{ id: string }>('tasks', 'reminders', 'trash')(z.object({ id })),
  /** Drag in the calendar to another day. */
  'tasks.reschedule': write<{ id: string }>('tasks', 'reminders')(z.object({ id, dueDate: z.string().regex(ISO_DATE, 'errors.date') })),

  'attachments.list': read<Attachment[]>()(linkFilter),
  /** The file's bytes, base64-encoded here (the UI uploads the file itself, UPLOADS in
   * limits.ts, and the transport encodes it); they land in the data folder under their SHA-256. */
  'attachments.add': write<Attachment>('attachments')(z.object({
    firmId: id, personId: id.nullable().default(null), contactId: id.nullable().default(null),
    opportunityId: id.nullable().default(null), docKind: z.enum(DOC_KINDS).nullable().default(null),
    folder: folderName, name: attachmentName, mime: text(120).default(''),
    content: z.string().max(Math.ceil(MAX_ATTACHMENT_BYTES / 3) * 4, 'errors.file_too_big'),
  })),
  'attachments.update': write<{ id: string }>('attachments')(z.object({ id, folder: folderName, name: attachmentName })),
  'attachments.delete': write<{ id: string }>('attachments')(z.object({ id })),
  /** Where the file is on disk: the desktop shell opens it, the browser host streams it. */
  'attachments.locate': read<{ path: string; exists: boolean; name: string; mime: string; size: number }>()(z.object({ id })),

  /** One stream for a firm, a person or a segment's members, newest first, filterable by type. */
  'timeline.list': read<TimelinePage>()(linkFilter.omit({ contactId: true }).extend({
    segmentId: id.optional(),
    types: z.array(z.enum(TIMELINE_TYPES)).default([...TIMELINE_TYPES]),
    before: z.object({ at: epochMs, id }).nullable().default(null),
    limit: z.number().int().min(1).max(200).default(50),
    today: today.optional(),
  }).refine((v) => v.firmId || v.personId || v.segmentId, { message: 'errors.required', path: ['firmId'] })),

  'leads.list': read<LeadRow[]>()(z.object({ q: text(200).default(''), locale: z.enum(LOCALES).default('en') })),
  'leads.create': write<{ id: string }>('firms', 'people', 'channels')(leadInput),
  'leads.update': write<{ id: string }>('firms', 'people', 'channels')(leadInput.extend({ id })),
  /** Turns a lead into a firm; with `intoFirmId`, merges it into that existing firm instead. */
  'leads.convert': write<{ firmId: string; mergeId: string | null }>('firms', 'people', 'contacts', 'addresses', 'channels',
    'notes', 'tasks', 'attachments', 'segment_members', 'segments', 'field_values', 'changes', 'merges')(z.object({
    id, kinds: z.array(z.enum(FIRM_KINDS)).min(1, 'errors.kinds_required').default(['prospect']),
    intoFirmId: id.nullable().default(null),
  })),

  'duplicates.scan': read<DuplicateScan>()(z.object({
    entity: z.enum(['firm', 'person']).default('firm'), limit: z.number().int().min(1).max(5000).default(500), ...jobField,
  })),
  'duplicates.dismiss': write<{ id: string }>('duplicate_dismissals')(z.object({ entity: z.enum(['firm', 'person']), aId: id, bId: id })),
  'merges.list': read<MergeRecord[]>()(z.object({ limit: z.number().int().min(1).max(500).default(50) })),
  'merges.undo': write<{ survivorId: string; mergedId: string }>('firms', 'people', 'contacts', 'addresses', 'channels', 'notes',
    'tasks', 'attachments', 'segment_members', 'segments', 'field_values', 'changes', 'opportunities', 'sales', 'subscriptions', 'merges')(z.object({ id })),

  // ---- printing (issue 6) ----
  /** The meeting brief of a firm (or the shorter one of a person), in the user's language. */
  'print.brief': read<PrintDoc>()(z.object({
    firmId: id.nullable().default(null), personId: id.nullable().default(null), ...printCommon,
    /** How many of the last done contacts it lists. */
    contacts: z.number().int().min(0).max(100).default(10),
    today: z.string().regex(ISO_DATE, 'errors.date').optional(),
  }).refine((v) => (v.firmId === null) !== (v.personId === null), { message: 'errors.required', path: ['firmId'] })),
  /** Letters from a saved template (or the editor's unsaved one, for the live preview): one per
   * recipient, records without a postal address skipped and listed. */
  'print.letters': read<PrintDoc>()(z.object({
    templateId: id.nullable().default(null), template: letterTemplateInput.nullable().default(null),
    target: printTarget, date: z.string().regex(ISO_DATE, 'errors.date').optional(),
    /** One language variant for every letter (the editor's preview of the variant being edited);
     * null: each recipient's from their firm's country, when the template has it. */
    language: z.enum(LOCALES).nullable().default(null),
    /** At most this many letters (the preview asks for one). */
    limit: z.number().int().min(1).max(20000).nullable().default(null), ...printCommon,
  }).refine((v) => (v.templateId === null) !== (v.template === null), { message: 'errors.required', path: ['templateId'] })),
  /** A sheet of address labels, starting at label `startAt` (1 = top left) of a partly used sheet. */
  'print.labels': read<PrintDoc>()(z.object({
    formatId: id, startAt: z.number().int().min(1, 'errors.out_of_range').max(120, 'errors.out_of_range').default(1),
    /** The editor's measures, not saved yet: the preview shows the sheet as it is being adjusted. */
    measures: labelFormatInput.omit({ name: true }).nullable().default(null),
    target: printTarget, ...printCommon,
  })),
  /** Envelopes with the address where a window envelope shows it, and the return address. */
  'print.envelopes': read<PrintDoc>()(z.object({
    size: z.enum(ENVELOPE_SIZES).default('DL'), returnAddress: z.boolean().default(true),
    /** Where the envelope's window is: ČSN 01 6910 puts the address field 20 mm or 119 mm from the left edge. */
    window: z.enum(['left', 'right']).default('left'), target: printTarget, ...printCommon,
  })),
  'templates.list': read<LetterTemplate[]>()(empty),
  'templates.save': write<{ id: string }>('letter_templates')(letterTemplateInput.safeExtend({ id: id.nullable().default(null) })),
  'templates.delete': write<{ id: string }>('letter_templates')(z.object({ id })),
  'letterhead.get': read<Letterhead>()(empty),
  'letterhead.save': write<{ ok: true }>('settings')(letterheadInput),
  'labelFormats.list': read<LabelFormat[]>()(empty),
  /** A new format, or new margins for an existing one (built-in ones too: the sheet in the
   * office's printer may be offset). */
  'labelFormats.save': write<{ id: string }>('label_formats')(labelFormatInput.safeExtend({ id: id.nullable().default(null) })),
  'labelFormats.delete': write<{ id: string }>('label_formats')(z.object({ id })),

  // ---- the trash ----
  /** Deleted firms, people, contacts, tasks and notes (of notes, those the acting user may see). */
  'trash.list': read<TrashPage>()(z.object({
    kind: z.enum(TRASH_KINDS).nullable().default(null),
    /** Newest deletion first, or by name in the language's alphabetical order. */
    sort: z.enum(['deleted', 'name']).default('deleted'),
    locale: z.enum(LOCALES).default('en'),
    offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(200),
  })),
  /** Brings back what the deletion took, and only that. A person, contact, task or note of a firm
   * that is itself in the trash waits for the firm (errors.trash_firm_first). */
  'trash.restore': write<{ id: string; kind: string; entityId: string }>('trash', ...TRASHED)(z.object({ id })),
  /** Erases one deletion for good: its rows, and everything that hangs on them. */
  'trash.erase': write<{ count: number }>('trash', ...ERASED)(z.object({ id })),
  /** Erases everything in the trash (the acting user may see) for good. */
  'trash.empty': write<{ count: number }>('trash', ...ERASED)(empty),

  // ---- backups (main/core/backups/) ----
  /** The backups in the default folder (newest first), the folder, and the notices to show once:
   * a recovery from a damaged file, a database in a network or cloud-synced folder. */
  'backups.list': read<BackupsOverview>()(empty),
  /** Backs up now — the database (online, the app keeps working) and new attachments — to the
   * default folder, or to `target` (a folder or a new file; desktop only: the browser host
   * refuses it, as it has no way to choose a path on this machine). */
  'backups.run': read<BackupRunResult>()(z.object({ target: backupPath.optional() }).strict()),
  /** Replaces the database with a listed backup (`name`) or a file (`path`, desktop only); the
   * current one is kept aside in the backups folder first. The database worker does it between
   * closing and reopening the file; the windows then re-read as after a worker restart. */
  'backups.restore': read<BackupRestoreResult>()(z.object({
    name: z.string().max(300).regex(/^[^/\\]+\.sqlite$/, 'errors.invalid').optional(),
    path: backupPath.optional(),
  }).strict().refine((v) => (v.name === undefined) !== (v.path === undefined), { message: 'errors.restore_source', path: ['name'] })),
  /** The notice was read: a recovery's is removed, a location warning is not shown again for this path. */
  'backups.dismiss': write<{ ok: true }>('settings')(z.object({ notice: z.enum(['recovery', 'location']) })),

  // ---- data protection (issue 15) ----
  /** Everything held about a person (or a firm with its people): the report as data — the JSON
   * the user downloads — and as a printable document in the UI language. */
  'privacy.report': read<SubjectReportResult>()(subjectInput),
  /** Replaces their personal data with a placeholder everywhere and tombstones them; lists the
   * texts that still name them for the user to edit. Consent records stay unless `consents`. */
  'privacy.erase': write<ErasureResult>('people', 'channels', 'field_values', 'firms', 'addresses', 'segment_members', 'segments',
    'changes', 'merges', 'subscriptions', 'duplicate_dismissals', 'trash', 'export_log', 'erasures')(subjectInput.safeExtend({
    consents: z.boolean().default(false),
  })),

  // ---- import (issue 15; main/core/import/) ----
  /** The file to import (bytes, base64 here: the encoding is detected from them; the UI uploads
   * it, UPLOADS in limits.ts), kept in the data folder under its SHA-256 for the next steps. Answers
   * its head as read (encoding with alternatives, delimiter, sheets, headers, first rows) and the
   * mapping remembered for its source, else the suggested one. */
  'imports.stage': read<ImportStaged>()(z.object({
    fileName: required(255), kind: z.enum(IMPORT_KINDS).default('firms'),
    content: z.string().max(Math.ceil(MAX_IMPORT_BYTES / 3) * 4, 'errors.file_too_big'),
    options: importReadOptions.default({}),
  })),
  /** The first rows with each cell as it would be stored and its error, if any. */
  'imports.preview': read<{ rows: ImportPreviewRow[]; totalRows: number }>()(importSpec.safeExtend({
    limit: z.number().int().min(1).max(200).default(50),
  })),
  /** Everything a run would do, done without writing: counts and the problems by line and field. */
  'imports.dryRun': read<ImportReport>()(importSpec.safeExtend({ mode: z.enum(IMPORT_MODES).default('both'), ...jobField })),
  /** Imports in one transaction (a cancel, or invalid rows unless `skipInvalid`, leave nothing
   * written) and remembers the mapping for the file's source. */
  'imports.run': write<ImportRunResult>(...IMPORT_WRITES)(importSpec.safeExtend({
    mode: z.enum(IMPORT_MODES).default('both'), skipInvalid: z.boolean().default(false), ...jobField,
  })),
  'imports.list': read<ImportRecord[]>()(z.object({ limit: z.number().int().min(1).max(1000).default(200) })),
  /** Removes what the import created and restores what it updated, in one transaction; refused
   * when a record it touched was changed since (errors.import_changed_since). */
  'imports.undo': write<{ id: string; removed: number; restored: number }>(...IMPORT_WRITES)(z.object({ id })),

  // ---- sync with the team's server (issue 16; main/core/sync/) ----
  /** Whether this laptop has joined a workspace, how many changes wait to go out, the last sync. */
  'sync.status': read<SyncStatus>()(empty),
  /** Pulls colleagues' changes, then pushes this laptop's. A read as far as the dispatcher goes:
   * it must not hold one transaction open across the network, so it writes in its own short
   * ones; the answer names the tables the pull changed (the windows re-read them). */
  'sync.now': read<SyncNowResult>()(empty),
  'sync.conflicts.list': read<SyncConflict[]>()(z.object({
    tbl: z.string().max(64).optional(), rowId: z.string().max(200).optional(), includeResolved: z.boolean().default(false),
  })),
  /** Keeps one side: "mine" or "theirs" is written again as a new change (so it wins everywhere
   * at the next sync); a deletion notice is dismissed with "theirs". */
  'sync.conflicts.resolve': write<{ id: number; resolution: 'mine' | 'theirs' | 'dismissed' | 'restored' }>(...SYNC_RESOLVE_WRITES)(z.object({
    id: z.number().int().min(1), keep: z.enum(['mine', 'theirs']),
  })),
  /** Joins a workspace with an invite code: this laptop gets a device token. */
  'sync.join': read<{ workspaceName: string; userId: string }>()(z.object({
    url: z.string().trim().max(2000).regex(/^https?:\/\/[^\s]+$/, 'errors.invalid'),
    code: z.string().trim().min(6).max(64),
    deviceName: z.string().trim().min(1).max(200).default('Kartoteka'),
  })),

  // ---- long work ----
  /** Stops the running job of that id at its next step (it answers errors.cancelled, having
   * written nothing); `cancelled` is false when none runs — one not started yet never will. */
  'jobs.cancel': read<{ cancelled: boolean }>()(z.object({ job: jobId })),
} as const;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export type Input<C extends ChannelName> = z.input<Contract[C]['input']>;
export type ParsedInput<C extends ChannelName> = z.output<Contract[C]['input']>;
export type Output<C extends ChannelName> = NonNullable<Contract[C]['_out']>;

export const CHANNEL_NAMES = Object.keys(contract) as ChannelName[];
export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

/** Pushed from the core after a successful write. */
export interface ChangeEvent {
  tables: Table[];
}
/** How far a job (a request carrying `job`) got: `done` of `total` — rows, letters or steps,
 * as the channel counts them. */
export interface ProgressEvent {
  job: string;
  done: number;
  total: number;
}
/** The database worker stopped and a new one took over ('up': what is shown may be stale, the
 * call in flight may or may not have been saved) or none could be started ('down'); or it
 * replaced the database file — a restored backup, a recovery — and opened it again ('reopened':
 * everything shown is re-read, nothing was lost in flight). */
export interface CoreEvent {
  state: 'up' | 'down' | 'reopened';
}
export const EVENTS = ['changed'] as const;
export type EventName = (typeof EVENTS)[number];

/** What both transports (Electron preload, browser shim) give the renderer. */
export interface Bridge {
  invoke(channel: string, input: unknown): Promise<unknown>;
  /** Desktop only: open an attachment with the OS's default program. Resolves to an envelope
   * (`errors.file_missing` when the file is gone). The browser host downloads instead. */
  openFile?(attachmentId: string): Promise<unknown>;
  /** Desktop only (printing, issue 6): the OS print dialog for a rendered document (PrintDoc.html),
   * from a hidden window. Resolves to an envelope `{ok:true, value:{printed}}`. */
  print?(html: string): Promise<unknown>;
  /** Desktop only: renders the document to PDF and asks where to save it. Resolves to an
   * envelope `{ok:true, value:{saved}}` (false when the user cancelled the save dialog). */
  printToPdf?(html: string, suggestedName: string): Promise<unknown>;
  on(event: EventName, cb: (payload: ChangeEvent) => void): () => void;
  /** Restarts of the database worker (see CoreEvent). */
  onCore?(cb: (payload: CoreEvent) => void): () => void;
  /** Desktop only: the OS dialog choosing where to back up to ('backup': a new file) or which
   * backup file to restore ('restore'); null when the user cancelled. */
  choosePath?(purpose: 'backup' | 'restore'): Promise<string | null>;
  /** Progress of the jobs this window started (see ProgressEvent). */
  onProgress?(cb: (payload: ProgressEvent) => void): () => void;
  /** A file for one of the UPLOADS channels: its other fields, and its bytes as bytes (never
   * inside the JSON). Resolves to the channel's envelope. */
  upload?(channel: string, input: unknown, bytes: ArrayBuffer): Promise<unknown>;
}
