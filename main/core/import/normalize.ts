// One row of an imported file → what the firm, person and contact forms would have sent, checked
// by the same zod schemas the contract checks those forms with (shared/contract.ts), so a cell
// gets the very error key its form field would show. No database here: code lists, users and
// user fields come in as `Lookups`, so the whole layer is exercised on its own (and fuzzed).
import type { z } from 'zod';
import { contactInput, firmInput, noteInput, personInput } from '../../../shared/contract.ts';
import { fromZodIssues } from '../../../shared/errors.ts';
import type { ImportKind, ImportMapping, ImportTarget } from '../../../shared/import-targets.ts';
import { isImportTarget } from '../../../shared/import-targets.ts';
import type { ImportIssue } from '../../../shared/imports.ts';
import { AppError } from '../../../shared/errors.ts';
import { fold } from '../duplicates/normalize.ts';
import type { LoadedDef } from '../fields/values.ts';
import { toStored, type Stored } from '../fields/handlers.ts';

export type FirmParsed = z.output<typeof firmInput>;
export type PersonParsed = z.output<typeof personInput>;
export type ContactParsed = z.output<typeof contactInput>;
export type NoteParsed = z.output<typeof noteInput>;

/** What a cell may name, by folded name: code list entries (any language's name, the user's
 * own label or the code), users, and the live user fields by id. */
export interface Lookups {
  codes: Record<'industry' | 'firm_source' | 'person_role' | 'contact_kind' | 'contact_result', Map<string, string>>;
  /** The built-in contact kind 'call': a contact row without a kind column is a call. */
  defaultContactKind: string | null;
  users: Map<string, string>;
  fields: Map<string, LoadedDef>;
  me: string;
}

export interface FieldValueOut { fieldId: string; stored: Stored | null }

export interface NormalRow {
  line: number;
  issues: ImportIssue[];
  /** The firm (for firms: the record; for people and contacts: the firm it belongs to). */
  firm: FirmParsed | null;
  /** Targets of the firm given a non-empty cell: an update writes only those. */
  firmGiven: Set<ImportTarget>;
  person: PersonParsed | null;
  personGiven: Set<ImportTarget>;
  contact: ContactParsed | null;
  /** The firm's note: a note on the firm everyone sees (its first line the title). */
  firmNote: NoteParsed | null;
  segment: string | null;
  tags: string[];
  firmFields: FieldValueOut[];
  personFields: FieldValueOut[];
  /** Each cell as it will be stored (for the preview). */
  normalized: string[];
}

/** A placeholder id for the firm a person or contact row will get (found or created later). */
const PENDING = '00000000-0000-7000-8000-000000000000';

const YES = new Set(['1', 'x', '✓', 'ano', 'a', 'yes', 'y', 'true', 'igen', 'i', 'да', 'д', 'pravda', 'igaz', 'istina']);
const NO = new Set(['0', '-', 'ne', 'n', 'no', 'false', 'nem', 'нет', 'н', 'nepravda', 'hamis']);

const COUNTRY_NAMES: Record<string, string> = {};
for (const [code, names] of Object.entries({
  CZ: ['česko', 'česká republika', 'czech republic', 'czechia', 'csehország', 'чехия', 'чешская республика'],
  SK: ['slovensko', 'slovenská republika', 'slovakia', 'szlovákia', 'словакия'],
  HU: ['maďarsko', 'magyarország', 'hungary', 'венгрия'],
  RU: ['rusko', 'россия', 'российская федерация', 'russia', 'russian federation', 'oroszország'],
  DE: ['německo', 'deutschland', 'germany', 'németország', 'германия'],
  AT: ['rakousko', 'österreich', 'austria', 'ausztria', 'австрия'],
  PL: ['polsko', 'polska', 'poland', 'lengyelország', 'польша'],
})) for (const n of names) COUNTRY_NAMES[fold(n)] = code;

const TITLES_BEFORE = new Set(['ing', 'mgr', 'bc', 'dr', 'mudr', 'judr', 'phdr', 'rndr', 'mvdr', 'paeddr', 'doc', 'prof', 'ing arch', 'dipl ing', 'mga', 'bca', 'thdr', 'pharmdr']);
const TITLES_AFTER = new Set(['phd', 'ph d', 'csc', 'drsc', 'mba', 'dis', 'llm', 'msc', 'bsc']);

/** The column each target reads (the first one mapped to it; tags read every column mapped to them). */
export function columnsOf(mapping: ImportMapping): Map<ImportTarget, number[]> {
  const out = new Map<ImportTarget, number[]>();
  for (const [key, target] of Object.entries(mapping)) {
    if (!target || !isImportTarget(target)) continue;
    const list = out.get(target) ?? [];
    list.push(Number(key));
    out.set(target, list);
  }
  for (const list of out.values()) list.sort((a, b) => a - b);
  return out;
}

export function normalizeRow(kind: ImportKind, columns: Map<ImportTarget, number[]>, line: number, cells: readonly string[], lk: Lookups): NormalRow {
  const issues: ImportIssue[] = [];
  const normalized = cells.map((c) => (c ?? '').trim());
  const cell = (t: ImportTarget): string | undefined => {
    const cols = columns.get(t);
    if (!cols) return undefined;
    const v = (cells[cols[0]!] ?? '').trim();
    return v === '' ? undefined : v;
  };
  const colOf = (t: ImportTarget): number | null => columns.get(t)?.[0] ?? null;
  const issue = (t: ImportTarget | '', messageKey: string, params?: ImportIssue['params']) => {
    issues.push({ line, column: t ? colOf(t as ImportTarget) : null, target: t, messageKey, ...(params ? { params } : {}) });
  };
  const setNorm = (t: ImportTarget, v: string) => { const c = colOf(t); if (c !== null) normalized[c] = v; };
  const code = (t: ImportTarget, list: keyof Lookups['codes']): string | null => {
    const v = cell(t);
    if (v === undefined) return null;
    const id = lk.codes[list].get(fold(v));
    if (!id) { issue(t, 'errors.import_unknown_code', { value: v.slice(0, 80) }); return null; }
    return id;
  };
  const bool = (t: ImportTarget): boolean | undefined => {
    const v = cell(t);
    if (v === undefined) return undefined;
    const f = fold(v);
    if (YES.has(f)) return true;
    if (NO.has(f)) return false;
    issue(t, 'errors.import_yes_no', { value: v.slice(0, 80) });
    return undefined;
  };

  // ---- the firm ----
  const firmGiven = new Set<ImportTarget>();
  for (const t of columns.keys()) if ((t.startsWith('firm.') || t.startsWith('address.')) && cell(t) !== undefined) firmGiven.add(t);
  let firm: FirmParsed | null = null;
  if (firmGiven.size > 0 || kind === 'firms') {
    const flags = { customer: bool('firm.isCustomer'), prospect: bool('firm.isProspect'), supplier: bool('firm.isSupplier') };
    const kindsMapped = flags.customer !== undefined || flags.prospect !== undefined || flags.supplier !== undefined;
    // A file that says nothing about kinds brings customers: what an office's address list holds.
    const kinds = kindsMapped ? (Object.keys(flags) as (keyof typeof flags)[]).filter((k) => flags[k]) : ['customer' as const];
    const countryText = cell('firm.country');
    const country = countryText === undefined ? undefined : countryCode(countryText);
    if (country !== undefined) setNorm('firm.country', country);
    const addressGiven = (['address.street', 'address.number', 'address.city', 'address.postalCode', 'address.country'] as const).some((t) => cell(t) !== undefined);
    const addressCountry = cell('address.country');
    const channelTargets: ImportTarget[] = [];
    const channels: { kind: 'email' | 'phone'; value: string }[] = [];
    for (const [t, k] of [['firm.email', 'email'], ['firm.phone', 'phone']] as const) {
      for (const v of splitMany(cell(t))) { channels.push({ kind: k, value: v }); channelTargets.push(t); }
    }
    // A person's or contact's firm may be named by its id or e-mail alone: it is parsed with a
    // stand-in name, cleared after (matching then goes by the id; creating it needs the name).
    const nameless = kind !== 'firms' && cell('firm.name') === undefined;
    const raw = {
      name: nameless ? '-' : cell('firm.name') ?? '', kinds, country,
      ico: cell('firm.ico') ?? '', dic: cell('firm.dic') ?? '', vatId: cell('firm.vatId') ?? '', website: cell('firm.website') ?? '',
      industryId: code('firm.industry', 'industry'), sourceId: code('firm.source', 'firm_source'),
      addresses: addressGiven ? [{
        kind: 'registered', street: cell('address.street') ?? '', number: cell('address.number') ?? '', city: cell('address.city') ?? '',
        postalCode: cell('address.postalCode') ?? '', country: addressCountry === undefined ? (country ?? 'CZ') : countryCode(addressCountry),
      }] : [],
      channels,
    };
    const parsed = firmInput.safeParse(raw);
    if (parsed.success) firm = nameless ? { ...parsed.data, name: '' } : parsed.data;
    else {
      for (const i of parsed.error.issues) {
        const [head, index, sub] = i.path.map(String);
        const t: ImportTarget = head === 'addresses' ? (`address.${sub ?? 'street'}` as ImportTarget)
          : head === 'channels' ? channelTargets[Number(index)] ?? 'firm.email'
          : head === 'kinds' ? 'firm.isCustomer'
          : head === 'industryId' ? 'firm.industry' : head === 'sourceId' ? 'firm.source'
          : (`firm.${head}` as ImportTarget);
        const e = fromZodIssues([i]);
        issue(t, e.messageKey, e.params);
      }
    }
    if (firm) {
      for (const t of ['firm.ico', 'firm.dic', 'firm.vatId'] as const) {
        const k = t === 'firm.ico' ? 'ico' : t === 'firm.dic' ? 'dic' : 'vatId';
        if (firm[k]) setNorm(t, firm[k]);
      }
    }
  }
  if (kind !== 'firms' && firmGiven.size === 0) issue('', 'errors.import_firm_required');

  // ---- the person ----
  const personGiven = new Set<ImportTarget>();
  for (const t of columns.keys()) if (t.startsWith('person.') && cell(t) !== undefined) personGiven.add(t);
  let person: PersonParsed | null = null;
  if (kind === 'people' || (kind === 'contacts' && personGiven.size > 0)) {
    // Hungarians write the family name first ("Kovács Anna"): a Hungarian firm's people too.
    const familyFirst = (firm?.country ?? firm?.addresses[0]?.country) === 'HU';
    const split = splitFullName(cell('person.fullName') ?? '', familyFirst);
    const channelTargets: ImportTarget[] = [];
    const channels: { kind: 'email' | 'phone'; value: string; label: string }[] = [];
    for (const [t, k] of [['person.email', 'email'], ['person.phone', 'phone'], ['person.mobile', 'phone']] as const) {
      for (const v of splitMany(cell(t))) { channels.push({ kind: k, value: v, label: '' }); channelTargets.push(t); }
    }
    const genderText = cell('person.gender');
    const gender = genderText === undefined ? 'unspecified' : genderOf(genderText);
    if (gender === null) issue('person.gender', 'errors.import_gender', { value: genderText!.slice(0, 80) });
    const raw = {
      firmId: PENDING,
      titleBefore: cell('person.titleBefore') ?? split.titleBefore, firstName: cell('person.firstName') ?? split.firstName,
      patronymic: cell('person.patronymic') ?? split.patronymic, lastName: cell('person.lastName') ?? split.lastName,
      titleAfter: cell('person.titleAfter') ?? split.titleAfter, gender: gender ?? 'unspecified',
      jobTitle: cell('person.jobTitle') ?? '', roleId: code('person.role', 'person_role'), note: cell('person.note') ?? '', channels,
    };
    const parsed = personInput.safeParse(raw);
    if (parsed.success) person = parsed.data;
    else {
      for (const i of parsed.error.issues) {
        const [head, index] = i.path.map(String);
        const t: ImportTarget = head === 'channels' ? channelTargets[Number(index)] ?? 'person.email'
          : head === 'lastName' && !columns.has('person.lastName') && columns.has('person.fullName') ? 'person.fullName'
          : head === 'roleId' ? 'person.role' : (`person.${head}` as ImportTarget);
        const e = fromZodIssues([i]);
        issue(t, e.messageKey, e.params);
      }
    }
  }

  // ---- the contact ----
  let contact: ContactParsed | null = null;
  if (kind === 'contacts') {
    const dateText = cell('contact.date');
    const at = dateText === undefined ? null : parseInstant(dateText);
    if (dateText === undefined) issue('contact.date', 'errors.required');
    else if (at === null) issue('contact.date', 'errors.date');
    const statusText = cell('contact.status');
    const status = statusText === undefined ? 'done' : statusOf(statusText);
    if (status === null) issue('contact.status', 'errors.import_status', { value: statusText!.slice(0, 80) });
    const kindId = columns.has('contact.kind') && cell('contact.kind') !== undefined ? code('contact.kind', 'contact_kind') : lk.defaultContactKind;
    const referentText = cell('contact.referent');
    const referentId = referentText === undefined ? lk.me : lk.users.get(fold(referentText)) ?? null;
    if (referentId === null) issue('contact.referent', 'errors.import_unknown_user', { value: referentText!.slice(0, 80) });
    const raw = {
      firmId: PENDING, personId: null, status: status ?? 'done', at: at ?? 0, kindId: kindId ?? PENDING, referentId: referentId ?? lk.me,
      resultId: code('contact.result', 'contact_result'), summary: cell('contact.summary') ?? '', note: cell('contact.note') ?? '',
    };
    const parsed = contactInput.safeParse(raw);
    if (parsed.success) { if (at !== null && kindId && status && referentId) contact = parsed.data; }
    else {
      for (const i of parsed.error.issues) {
        const head = String(i.path[0]);
        if (head === 'at') continue;
        const e = fromZodIssues([i]);
        issue(head === 'kindId' ? 'contact.kind' : (`contact.${head}` as ImportTarget), e.messageKey, e.params);
      }
    }
    if (at !== null) setNorm('contact.date', new Date(at).toISOString().slice(0, 16).replace('T', ' '));
  }

  // ---- the firm's note ----
  let firmNote: NoteParsed | null = null;
  const noteText = cell('firm.note');
  if (noteText !== undefined) {
    const title = noteText.split(/\r?\n/)[0]!.trim().slice(0, 120);
    const parsed = noteInput.safeParse({ firmId: PENDING, title, body: noteText, at: 0, visibility: 'everyone' });
    if (parsed.success) firmNote = parsed.data;
    else { const e = fromZodIssues(parsed.error.issues); issue('firm.note', e.messageKey, e.params); }
  }

  // ---- memberships and user fields ----
  const segment = cell('segment') ?? null;
  if (segment !== null && segment.length > 120) issue('segment', 'errors.too_long', { max: 120 });
  const tags: string[] = [];
  for (const c of columns.get('tags') ?? []) {
    for (const tag of (cells[c] ?? '').split(/[,;]/)) {
      const t = tag.trim();
      if (!t) continue;
      if (t.length > 120) { issues.push({ line, column: c, target: 'tags', messageKey: 'errors.too_long', params: { max: 120 } }); continue; }
      if (!tags.some((x) => fold(x) === fold(t))) tags.push(t);
    }
  }
  const firmFields: FieldValueOut[] = [];
  const personFields: FieldValueOut[] = [];
  for (const [t, cols] of columns) {
    if (!t.startsWith('field:')) continue;
    const def = lk.fields.get(t.slice(6));
    if (!def) { issues.push({ line, column: cols[0]!, target: t, messageKey: 'errors.unknown_ref' }); continue; }
    const v = cell(t);
    if (v === undefined) continue;
    const entity = def.entity;
    if ((entity === 'person' && !person) || (entity === 'firm' && !firm && kind === 'firms')) continue;
    if (entity === 'person' && kind === 'firms') { issue(t, 'errors.field_entity', { label: def.label }); continue; }
    try {
      const value = def.hasOptions ? optionId(def, v) : def.type === 'date' ? parseDay(v) ?? v : v;
      const stored = toStored(def, entity, value, t);
      (entity === 'firm' ? firmFields : personFields).push({ fieldId: def.id, stored });
      if (def.type === 'date' && stored?.value_text) setNorm(t, stored.value_text);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      issue(t, e.data.messageKey, e.data.params);
    }
  }

  // In the order of the file's columns; problems of the whole row last.
  issues.sort((a, b) => (a.column ?? Infinity) - (b.column ?? Infinity));
  return { line, issues, firm, firmGiven, person, personGiven, contact, firmNote, segment, tags, firmFields, personFields, normalized };
}

/** Several e-mails or phones in one cell ("a@x.cz; b@x.cz"). */
function splitMany(v: string | undefined): string[] {
  if (v === undefined) return [];
  return v.split(/[;,]|\s{2,}/).map((s) => s.trim()).filter(Boolean);
}

function countryCode(v: string): string {
  const t = v.trim();
  if (/^[A-Za-z]{2}$/.test(t)) return t.toUpperCase();
  return COUNTRY_NAMES[fold(t)] ?? t;
}

function genderOf(v: string): 'female' | 'male' | 'unspecified' | null {
  const f = fold(v);
  if (['m', 'male', 'man', 'muz', 'pan', 'ferfi', 'м', 'муж', 'мужской', 'мужчина'].includes(f)) return 'male';
  if (['f', 'z', 'female', 'woman', 'zena', 'pani', 'no', 'ж', 'жен', 'женский', 'женщина'].includes(f)) return 'female';
  if (['', '-', '?', 'unspecified', 'neuvedeno', 'nem ismert', 'не указан'].includes(f)) return 'unspecified';
  return null;
}

function statusOf(v: string): 'done' | 'planned' | null {
  const f = fold(v);
  if (['done', 'hotovo', 'probehl', 'probehla', 'probehlo', 'uskutecneno', 'kesz', 'megtortent', 'выполнен', 'выполнено', 'состоялся'].includes(f)) return 'done';
  if (['planned', 'planovano', 'naplanovano', 'planovany', 'tervezett', 'запланирован', 'запланировано'].includes(f)) return 'planned';
  return null;
}

function optionId(def: LoadedDef, v: string): string {
  const f = fold(v);
  for (const o of def.options) if (fold(o.label) === f || o.id === v) return o.id;
  return v;
}

/** A calendar day as people write it: 2026-03-05, 5. 3. 2026, 5.3.2026, 2026. 03. 05. (HU), 05/03/2026 (day first). */
export function parseDay(v: string): string | null {
  const t = v.trim();
  let y: number, m: number, d: number;
  let r = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (r) { y = +r[1]!; m = +r[2]!; d = +r[3]!; }
  else if ((r = /^(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})$/.exec(t)) || (r = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t))) { d = +r[1]!; m = +r[2]!; y = +r[3]!; }
  else if ((r = /^(\d{4})\.\s*(\d{1,2})\.\s*(\d{1,2})\.?$/.exec(t))) { y = +r[1]!; m = +r[2]!; d = +r[3]!; }
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || y < 1900 || y > 2200) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A day with an optional time ("5. 3. 2026 14:30", "2026-03-05T14:30") as this computer's local time. */
export function parseInstant(v: string): number | null {
  const r = /^(.*?)(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(v.trim());
  if (!r) return null;
  const day = parseDay(r[1]!);
  if (!day) return null;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const h = r[2] ? +r[2] : 0;
  const mi = r[3] ? +r[3] : 0;
  if (h > 23 || mi > 59) return null;
  return new Date(y, m - 1, d, h, mi).getTime();
}

/** "Ing. Jan Novák, Ph.D." → titles and names; Russian "Иванов Иван Петрович" (surname first when
 * the last word is a patronymic) → last, first, patronymic; "dr. Kovács Anna" with `familyFirst`
 * (a Hungarian firm's person) → Kovács the family name. */
export function splitFullName(full: string, familyFirst = false): { titleBefore: string; firstName: string; patronymic: string; lastName: string; titleAfter: string } {
  const out = { titleBefore: '', firstName: '', patronymic: '', lastName: '', titleAfter: '' };
  let rest = full.trim();
  if (!rest) return out;
  const comma = rest.indexOf(',');
  const after: string[] = [];
  if (comma >= 0) { after.push(rest.slice(comma + 1).trim()); rest = rest.slice(0, comma).trim(); }
  const words = rest.split(/\s+/).filter(Boolean);
  const before: string[] = [];
  const titleKey = (w: string) => fold(w).replace(/[.]/g, ' ').replace(/\s+/g, ' ').trim();
  while (words.length > 1 && TITLES_BEFORE.has(titleKey(words[0]!))) before.push(words.shift()!);
  while (words.length > 1 && TITLES_AFTER.has(titleKey(words[words.length - 1]!))) after.unshift(words.pop()!);
  out.titleBefore = before.join(' ');
  out.titleAfter = after.filter(Boolean).join(' ');
  if (words.length === 1) out.lastName = words[0]!;
  else if (words.length === 3 && /(вич|вна|ична|ич)$/i.test(words[2]!)) {
    [out.lastName, out.firstName, out.patronymic] = words as [string, string, string];
  } else if (familyFirst) {
    out.lastName = words.shift() ?? '';
    out.firstName = words.join(' ');
  } else {
    out.lastName = words.pop() ?? '';
    out.firstName = words.join(' ');
  }
  return out;
}
