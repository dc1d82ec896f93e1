// The cells of an export: for each selected row (a firm, or a person with their firm) the values
// of the chosen columns, read in batches (a few queries per thousand rows, only for the columns
// asked for) and yielded as they are ready, so a 100k-row export never holds all of it.
//
// Firm rows fill the firm columns and leave the person columns empty; people rows repeat their
// firm's columns. A row without a person (a firm, or a lead's own row) takes the firm's own
// e-mail and phone as its "E-mail" and "Phone". The ready merge columns:
//  - addressee: the person's addressee line ("Ing. Jana Nováková, Ph.D.") or the firm's name;
//  - address1..3: the address block below the addressee as the destination's post lays it out
//    (shared/postal.ts): the firm's name on people rows, then street and city (and the country
//    line for mail abroad); a block longer than three lines has its last lines joined with ", ";
//  - salutation / addressee: the person's stored ones, else the rules of shared/salutation.ts in
//    the export's language (headers.ts: the formal style; the firm's greeting on firm rows);
//  - companyIds: the firm's ids each with its own country's name ("ИНН 7707083893 · ОГРН …"),
//    where the `ico` / `dic` columns can only carry one header for firms of every country.
// Dates (lastContactAt, createdAt, date fields) are Date objects at local midnight of the day.
import { sql, type RawBuilder } from 'kysely';
import type { Ctx } from '../context.ts';
import type { Currency, ExportColumn, FirmKind, Gender, Locale } from '../../../shared/types.ts';
import { EXPORT_COLUMNS, FIRM_KINDS } from '../../../shared/types.ts';
import { formatPostalBlock } from '../../../shared/postal.ts';
import { personAddressee, type SalutationPerson } from '../../../shared/salutation.ts';
import { formatMoney, minorDigits } from '../../../shared/money.ts';
import { companyIdsLine } from '../../../shared/company-ids.ts';
import { loadDefs, present, type LoadedDef, type RawValue } from '../fields/values.ts';
import type { Cell, ColumnSpec } from './formats/index.ts';
import { COLUMN_HEADERS, KIND_LABELS, salutation } from './headers.ts';
import { builtInCodeLabel } from '../../../shared/code-labels.ts';
import { loadLetterhead } from '../printing/letterhead.ts';
import { invalid, localDay, mainAddressRowid, yearAgoSince, type RowRef } from './select.ts';
import { RidIndex } from '../util/rid-index.ts';

type BuiltIn = (typeof EXPORT_COLUMNS)[number];

const TYPES: Partial<Record<BuiltIn, ColumnSpec['type']>> = {
  ico: 'id', dic: 'id', vatId: 'id', postalCode: 'id', phone: 'id', firmPhone: 'id',
  lastContactAt: 'date', createdAt: 'date', openOpportunities: 'number', revenue12m: 'number',
};

const KIND_COLUMN = { customer: 'is_customer', prospect: 'is_prospect', supplier: 'is_supplier' } as const;
const ADDRESS_COLUMNS = new Set<string>(['street', 'city', 'postalCode', 'country', 'address1', 'address2', 'address3']);
const PERSON_COLUMNS = new Set<string>(['titleBefore', 'firstName', 'patronymic', 'lastName', 'titleAfter', 'jobTitle', 'role', 'salutation', 'addressee']);

export interface ColumnPlan {
  keys: ExportColumn[];
  specs: ColumnSpec[];
  defs: Map<string, LoadedDef>;
}

/** The columns' headers (in the export's language) and types; a user field that is gone is an
 * error naming its place in the list. */
export async function planColumns(ctx: Ctx, keys: readonly string[], locale: Locale): Promise<ColumnPlan> {
  const fieldIds = keys.filter((k) => k.startsWith('field:')).map((k) => k.slice(6));
  const defs = new Map((await loadDefs(ctx.db, { ids: [...new Set(fieldIds)] })).map((d) => [d.id, d]));
  const specs = keys.map((key, i): ColumnSpec => {
    if (key.startsWith('field:')) {
      const def = defs.get(key.slice(6));
      if (!def) throw invalid('errors.unknown_ref', `columns.${i}`);
      const type = def.hasOptions ? 'text' : def.type === 'number' ? 'number' : def.type === 'date' ? 'date' : 'text';
      return { key, header: def.label, type };
    }
    if (!(EXPORT_COLUMNS as readonly string[]).includes(key)) throw invalid('errors.invalid', `columns.${i}`);
    return { key, header: COLUMN_HEADERS[locale][key as BuiltIn], type: TYPES[key as BuiltIn] ?? 'text' };
  });
  return { keys: [...keys] as ExportColumn[], specs, defs };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A calendar day as the Date the formats write as that day (local midnight). */
function dayDate(day: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}
const instantDay = (ms: number) => { const d = new Date(ms); return new Date(d.getFullYear(), d.getMonth(), d.getDate()); };

const POSTAL_CODE_WRITTEN = /^\d{3} \d{2}$/;

/** Czech and Slovak postal codes written "110 00", others as typed. */
function postalCodeText(code: string, country: string): string {
  if (country !== 'CZ' && country !== 'SK') return code.trim();
  if (POSTAL_CODE_WRITTEN.test(code)) return code; // already so (most are): one test, no new string
  const digits = code.replace(/\s+/g, '');
  return /^\d{5}$/.test(digits) ? `${digits.slice(0, 3)} ${digits.slice(3)}` : code.trim();
}

interface FirmRow {
  rid: number; id: string; name: string; ico: string | null; dic: string | null; vat_id: string | null; country: string;
  website: string | null; is_customer: number;
  is_prospect: number; is_supplier: number; owner_id: string | null; created_at: number; is_lead: number;
  // (the columns above other than rid and name are read only when their column is exported; id
  // only for the columns looked up by it)
  /** the first own e-mail and phone (when asked for) */
  email?: string | null; phone?: string | null;
  /** the main postal address (when asked for; a_rowid null: none) */
  a_rowid?: number | null; a_street?: string; a_number?: string; a_city?: string; a_postal_code?: string; a_country?: string;
}
interface PersonRow {
  id: string; title_before: string; first_name: string; patronymic: string; last_name: string; title_after: string; gender: string;
  job_title: string; role_id: string | null; salutation: string; addressee: string;
}
/** A firm row that has a main address (read off the row itself: no object per firm). */
type WithAddress = FirmRow & Required<Pick<FirmRow, 'a_street' | 'a_number' | 'a_city' | 'a_postal_code' | 'a_country'>>;
interface ChannelRow { owner: string; kind: string; sort: number; value: string }

type Expr = RawBuilder<unknown>;
/** Ids as one JSON parameter, read as a set (cheap to bind however many; the queries below name
 * their index where SQLite, without statistics, would pick a wrong one). */
const params = (values: readonly string[]): Expr => sql`(SELECT value FROM json_each(${JSON.stringify(values)}))`;

/** "owner|kind" → the value (the query already picked the first one of each). */
function firstChannels(rows: readonly ChannelRow[] | undefined): Map<string, string> {
  const m = new Map<string, string>();
  for (const r of rows ?? []) m.set(`${r.owner}|${r.kind}`, r.value);
  return m;
}

/** Yields the rows' cells, aligned with `plan.specs`. */
export async function* buildRows(ctx: Ctx, refs: readonly RowRef[], plan: ColumnPlan, locale: Locale, people: boolean, window = 20000): AsyncGenerator<Cell[]> {
  for await (const batch of buildRowBatches(ctx, refs, plan, locale, people, window)) yield* batch;
}

/** The rows' cells in batches of up to 512 (the export's writers take them a batch at a time:
 * no promise per row), in the order of `refs`, a window of refs at a time (flat memory for a
 * streamed export of any size). */
export async function* buildRowBatches(ctx: Ctx, refs: readonly RowRef[], plan: ColumnPlan, locale: Locale, people: boolean, window = 20000): AsyncGenerator<Cell[][]> {
  const setup = await exportSetup(ctx, plan, locale);
  for (let start = 0; start < refs.length; start += window) {
    const part = refs.slice(start, start + window);
    const rids = distinctRids(part);
    const firmRows = await readFirms(ctx, setup, rids);
    const cellsOf = await windowCells(ctx, setup, part, people, () => firmIdsIn(firmRows, rids));
    // By the integer rid (util/rid-index.ts: no Map of 100k keys).
    const firmAt = new RidIndex(firmRows.length, (i) => firmRows[i]!.rid);
    const shared = new Map<number, Cell[]>();
    let batch: Cell[][] = [];
    for (const ref of part) {
      if (batch.length >= 512) { yield batch; batch = []; }
      const at = firmAt.get(ref.rid);
      if (at < 0) continue; // gone between the selection and now (cannot happen inside one transaction)
      batch.push(cellsOf(ref.personId, firmRows[at]!, shared));
    }
    if (batch.length) yield batch;
  }
}

/** Firms read per query by buildPlacedRows: their rows are done with (and collected young)
 * before the next ones are read. */
const FIRMS_PER_READ = 8192;

/** The rows' cells with their places in `refs`, made firm by firm in rid order (formats/sink.ts,
 * PlacedRows) — for an export held whole anyway (exports.run). The firms are read in runs of the
 * table's key, where neighbouring rows share pages (SQLite reads 100k firms in a third of the
 * time it takes in file order), and each run's rows are made into cells and handed on at once:
 * no firm row outlives its run (held for the whole export, they were a million objects for every
 * garbage collection to copy and promote). */
export async function* buildPlacedRows(ctx: Ctx, refs: readonly RowRef[], plan: ColumnPlan, locale: Locale, people: boolean)
  : AsyncGenerator<{ at: number[]; rows: Cell[][] }> {
  const setup = await exportSetup(ctx, plan, locale);
  // Each row's rid and place in rid order, then place order (a firm's rows together, in their
  // order): packed into one float, rid × n + place, and sorted as a typed array — exact for rids
  // from 0 while below 2^53; otherwise (rids in the billions, or below 0) a comparator sort. The
  // RowRefs themselves are not walked in rid order (a jump in memory per row: they lie in file order).
  const n = refs.length;
  const ridAt = new Float64Array(n);
  const placeAt = new Float64Array(n);
  let minRid = 0;
  let maxRid = 0;
  for (let i = 0; i < n; i++) {
    const rid = refs[i]!.rid;
    ridAt[i] = rid * n + i;
    if (rid > maxRid) maxRid = rid;
    if (rid < minRid) minRid = rid;
  }
  if (minRid >= 0 && (maxRid + 1) * n <= Number.MAX_SAFE_INTEGER) {
    ridAt.sort();
    for (let k = 0; k < n; k++) {
      placeAt[k] = ridAt[k]! % n;
      ridAt[k] = (ridAt[k]! - placeAt[k]!) / n; // an exact multiple of n: exact
    }
  } else {
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => refs[a]!.rid - refs[b]!.rid || a - b);
    for (let k = 0; k < n; k++) { placeAt[k] = order[k]!; ridAt[k] = refs[order[k]!]!.rid; }
  }
  // The firms (rids each once) in runs of FIRMS_PER_READ, each run with its rows.
  let k = 0;
  while (k < n) {
    const from = k;
    const run: number[] = [];
    while (k < n && (ridAt[k] === run[run.length - 1] || run.length < FIRMS_PER_READ)) {
      if (ridAt[k] !== run[run.length - 1]) run.push(ridAt[k]!);
      k++;
    }
    const places = placeAt.subarray(from, k);
    const rids = Float64Array.from(run);
    const firmRows = await readFirms(ctx, setup, rids);
    // Only people rows are looked at (for their persons): firm rows need not be fetched.
    const part = people ? Array.from(places, (place) => refs[place]!) : [];
    const cellsOf = await windowCells(ctx, setup, part, people, () => firmIdsIn(firmRows, rids));
    const firmAt = new RidIndex(firmRows.length, (i) => firmRows[i]!.rid);
    const shared = new Map<number, Cell[]>(); // a firm's rows all fall in its run
    let at: number[] = [];
    let rows: Cell[][] = [];
    for (let i = 0; i < places.length; i++) {
      if (rows.length >= 512) { yield { at, rows }; at = []; rows = []; }
      const f = firmAt.get(ridAt[from + i]!);
      if (f < 0) continue; // gone between the selection and now (cannot happen inside one transaction)
      at.push(places[i]!);
      rows.push(cellsOf(people ? part[i]!.personId : null, firmRows[f]!, shared));
    }
    if (rows.length) yield { at, rows };
  }
}

/** The text ids of those of `firms` whose rid is one of `rids` (a read of a rid range holds
 * others too), sorted: for the queries by firm id, which only some columns need. */
function firmIdsIn(firms: readonly FirmRow[], rids: Float64Array): string[] {
  const wanted = new RidIndex(rids.length, (i) => rids[i]!);
  return firms.filter((f) => wanted.get(f.rid) >= 0).map((f) => f.id).sort();
}

/** The rids of these rows ascending, each once: a typed array's numeric sort (no comparator call
 * per pair), then repeats (people of one firm) dropped in place — no Set of 100k numbers. */
function distinctRids(refs: readonly RowRef[]): Float64Array {
  const sorted = new Float64Array(refs.length);
  for (let i = 0; i < refs.length; i++) sorted[i] = refs[i]!.rid;
  sorted.sort();
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) if (distinct === 0 || sorted[i] !== sorted[distinct - 1]) sorted[distinct++] = sorted[i]!;
  return sorted.subarray(0, distinct);
}

type Setup = Awaited<ReturnType<typeof exportSetup>>;

/** What every window of an export shares: the columns asked for, the lookups (users, roles). */
async function exportSetup(ctx: Ctx, plan: ColumnPlan, locale: Locale) {
  const keys = plan.keys as string[];
  const has = (k: string) => keys.includes(k);
  const want = {
    address: keys.some((k) => ADDRESS_COLUMNS.has(k)),
    people: keys.some((k) => PERSON_COLUMNS.has(k) || k === 'email' || k === 'phone'),
    firmEmail: has('firmEmail') || has('email'),
    firmPhone: has('firmPhone') || has('phone'),
    personChannels: has('email') || has('phone'),
    segments: has('segments'),
    lastContact: has('lastContactAt'),
    opportunities: has('openOpportunities'),
    revenue: has('revenue12m'),
    firmFields: [...plan.defs.values()].some((d) => d.entity === 'firm'),
    personFields: [...plan.defs.values()].some((d) => d.entity === 'person'),
  };
  const users = has('owner') ? new Map((await ctx.db.selectFrom('users').select(['id', 'name']).execute()).map((u) => [u.id, u.name])) : new Map<string, string>();
  const roles = has('role') ? new Map((await ctx.db.selectFrom('codes').select(['id', 'code', 'label', 'built_in'])
    .where('list', '=', 'person_role').execute()).map((c) => [c.id, c.label ?? (c.built_in ? builtInCodeLabel(locale, 'person_role', c.code) ?? c.code : c.code)]))
    : new Map<string, string>();
  const since = yearAgoSince(localDay(ctx.now()));
  // Address lines leave out the country of mail that stays at home — the office's home, as printing
  // decides it (the letterhead's country), not the export language's: a Hungarian export of a
  // Czech office still sends Czech mail without "CSEHORSZÁG".
  const homeCountry = keys.some((k) => k.startsWith('address')) ? (await loadLetterhead(ctx)).country || undefined : undefined;
  // Only the firm columns the export shows: every value read is a JS value made (and collected).
  // The firm's text id only for the columns looked up by it (100k strings an export need not make).
  const byFirmId = want.segments || want.lastContact || want.opportunities || want.revenue || want.firmFields;
  const labelledIds = has('companyIds');
  const firmColumns = sql.raw(['f.rid', ...(byFirmId ? ['f.id'] : []), 'f.name', ...(has('ico') || labelledIds ? ['f.ico'] : []),
    ...(has('dic') || labelledIds ? ['f.dic'] : []), ...(has('vatId') || labelledIds ? ['f.vat_id'] : []), ...(labelledIds || has('addressee') ? ['f.country'] : []),
    ...(has('website') ? ['f.website'] : []), ...(has('kinds') ? ['f.is_customer', 'f.is_prospect', 'f.is_supplier'] : []),
    ...(has('owner') ? ['f.owner_id'] : []), ...(has('createdAt') ? ['f.created_at'] : [])].join(', '));
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  return { keys, want, users, roles, since, homeCountry, firmColumns, collator, plan, locale };
}

/** The firms with these rids (ascending, each once) with their main address and first own e-mail
 * and phone, in one query by the integer rid (the table's key: no index lookup). The main address:
 * postal, registered, any other; then the user's order (mainAddressRowid in select.ts). The first
 * e-mail and phone by (sort, value) — the index's order, the one select.ts's e-mail key takes.
 * INDEXED BY: without statistics SQLite takes channels_person for "person_id IS NULL". */
async function readFirms(ctx: Ctx, { want, firmColumns }: Setup, rids: Float64Array): Promise<FirmRow[]> {
  // A window holding most firms of its rid span (an export of every firm, of a big segment)
  // reads the span: a range of the table's key, instead of a 100k-number JSON list parsed
  // into a temporary index and probed firm by firm (~2× the CPU). Firms of the span outside
  // the window are read and left unused.
  const span = rids.length ? rids[rids.length - 1]! - rids[0]! + 1 : 0;
  const which = rids.length >= 1000 && rids.length * 2 >= span
    ? sql`f.rid BETWEEN ${rids[0]!} AND ${rids[rids.length - 1]!}`
    : sql`f.rid IN (SELECT value FROM json_each(${JSON.stringify(Array.from(rids))}))`;
  const firmChannel = (kind: string) => sql`(SELECT c.value FROM channels c INDEXED BY channels_firm_own WHERE c.firm_id = f.id
    AND c.person_id IS NULL AND c.deleted_at IS NULL AND c.kind = ${kind} ORDER BY c.sort, c.value LIMIT 1)`;
  return (await sql<FirmRow>`SELECT ${firmColumns}${want.firmEmail ? sql`, ${firmChannel('email')} AS email` : sql``}${
    want.firmPhone ? sql`, ${firmChannel('phone')} AS phone` : sql``}${
    want.address ? sql`, a.rowid AS a_rowid, a.street AS a_street, a.number AS a_number, a.city AS a_city, a.postal_code AS a_postal_code,
      a.country AS a_country FROM firms f LEFT JOIN addresses a ON a.rowid = ${mainAddressRowid('f.id')}`
      : sql` FROM firms f`}
    WHERE ${which}`.execute(ctx.db)).rows;
}

/** How a row's cells are made from its person (id) and firm row, for these rows (`part`: read
 * only for people recipients, for their persons; `firmIds`: the rows' firms, sorted): the
 * per-person and per-firm values the columns need are read here, by id in id order (neighbouring
 * ids share pages). `shared`: a firm's own cells, computed once for the rows of the firm that
 * come with it (people rows share them; address blocks and money formatting are the costly ones). */
async function windowCells(ctx: Ctx, setup: Setup, part: readonly RowRef[], people: boolean, firmIds: () => string[])
  : Promise<(personId: string | null, firm: FirmRow, shared: Map<number, Cell[]>) => Cell[]> {
  const { keys, want, users, roles, since, homeCountry, collator, plan, locale } = setup;
  // Computed only when a per-firm or per-person query needs them (the common columns do not).
  let firmIdList: string[] | null = null;
  let personIdList: string[] | null = null;
  const firmIdsOf = () => (firmIdList ??= firmIds());
  const personIdsOf = () => {
    if (personIdList) return personIdList;
    const set = new Set<string>();
    for (const r of part) if (r.personId) set.add(r.personId);
    return (personIdList = [...set].sort());
  };
  const withPeople = people && part.some((r) => r.personId !== null);
  const each = async <T>(list: string[], query: (ids: Expr) => Promise<{ rows: T[] }>): Promise<{ rows: T[] }> => {
    const rows: T[] = [];
    for (let i = 0; i < list.length; i += 2000) rows.push(...(await query(params(list.slice(i, i + 2000)))).rows);
    return { rows };
  };
  const byFirm = <T>(query: (ids: Expr) => Promise<{ rows: T[] }>) => each(firmIdsOf(), query);
  const byPerson = <T>(query: (ids: Expr) => Promise<{ rows: T[] }>) => each(personIdsOf(), query);
  const persons = withPeople && want.people ? await byPerson((ids) => sql<PersonRow>`SELECT id, title_before, first_name, patronymic, last_name,
    title_after, gender, job_title, role_id, salutation, addressee FROM people WHERE id IN ${ids}`.execute(ctx.db)) : null;
  // The first e-mail and phone of each person by (sort, value) — the index's order, so min(sort)
  // takes the same one select.ts's e-mail key takes (SQLite fills the bare column from the min row).
  // INDEXED BY: without statistics SQLite may pick a wrong index (and likewise contacts_done_firm_at below).
  const personChannels = withPeople && want.personChannels ? await byPerson((ids) => sql<ChannelRow>`SELECT person_id AS owner, kind,
    value, min(sort) AS sort FROM channels INDEXED BY channels_person_kind WHERE person_id IN ${ids} AND deleted_at IS NULL
      AND kind IN ('email', 'phone') GROUP BY person_id, kind`.execute(ctx.db)) : null;
  const segments = want.segments ? await byFirm((ids) => sql<{ firm_id: string; kind: string; name: string }>`SELECT m.firm_id, s.kind,
    s.name FROM segment_members m JOIN segments s ON s.id = m.segment_id WHERE m.firm_id IN ${ids}
      AND m.deleted_at IS NULL AND s.deleted_at IS NULL`.execute(ctx.db)) : null;
  const lastContacts = want.lastContact ? await byFirm((ids) => sql<{ firm_id: string; at: number }>`SELECT c.firm_id, max(c.at) AS at
    FROM contacts c INDEXED BY contacts_done_firm_at WHERE c.firm_id IN ${ids} AND c.status = 'done' AND c.deleted_at IS NULL
    GROUP BY c.firm_id`.execute(ctx.db)) : null;
  const opportunities = want.opportunities ? await byFirm((ids) => sql<{ firm_id: string; n: number }>`SELECT o.firm_id, count(*) AS n
    FROM opportunities o JOIN pipeline_stages s ON s.id = o.stage_id WHERE o.firm_id IN ${ids}
      AND o.deleted_at IS NULL AND s.outcome = 'open' GROUP BY o.firm_id`.execute(ctx.db)) : null;
  const revenue = want.revenue ? await byFirm((ids) => sql<{ firm_id: string; currency: Currency; amount: number }>`SELECT firm_id,
    currency, sum(amount) AS amount FROM sales WHERE firm_id IN ${ids} AND deleted_at IS NULL AND date >= ${since}
    GROUP BY firm_id, currency`.execute(ctx.db)) : null;
  const firmValues = want.firmFields ? fieldValues(await byFirm((ids) => fieldValueRows(ctx, ids))) : null;
  const personValues = withPeople && want.personFields ? fieldValues(await byPerson((ids) => fieldValueRows(ctx, ids))) : null;

  const personById = new Map((persons?.rows ?? []).map((p) => [p.id, p]));
  const personChannel = firstChannels(personChannels?.rows);
  const segmentsOf = new Map<string, { kind: string; name: string }[]>();
  for (const s of segments?.rows ?? []) (segmentsOf.get(s.firm_id) ?? segmentsOf.set(s.firm_id, []).get(s.firm_id)!).push(s);
  const lastContact = new Map((lastContacts?.rows ?? []).map((r) => [r.firm_id, r.at]));
  const openOpps = new Map((opportunities?.rows ?? []).map((r) => [r.firm_id, r.n]));
  const revenueOf = new Map<string, { currency: Currency; amount: number }[]>();
  for (const r of revenue?.rows ?? []) (revenueOf.get(r.firm_id) ?? revenueOf.set(r.firm_id, []).get(r.firm_id)!).push(r);

  const firmCellsOf = (firm: FirmRow, withPerson: boolean, shared: Map<number, Cell[]>): Cell[] => {
    let cells = people ? shared.get(firm.rid) : undefined;
    if (cells) return cells;
    // The firm row carries its main address (a_rowid null: none).
    const address = firm.a_rowid == null ? null : firm as WithAddress;
    const country = (address?.a_country || 'CZ').toUpperCase();
    let lines: string[] | null = null;
    const addressLines = () => {
      if (lines) return lines;
      const block = address
        ? formatPostalBlock({ person: null, firmName: withPerson ? firm.name : null, locale, homeCountry,
          address: { street: address.a_street, number: address.a_number, city: address.a_city, postalCode: address.a_postal_code, country } })
        : (withPerson ? firm.name : '');
      lines = block ? block.split('\n') : [];
      while (lines.length > 3) lines.splice(lines.length - 2, 2, `${lines[lines.length - 2]}, ${lines[lines.length - 1]}`);
      return lines;
    };
    cells = keys.map((key): Cell => {
      if (key.startsWith('field:')) {
        const def = plan.defs.get(key.slice(6))!;
        return def.entity === 'firm' ? fieldCell(def, firmValues?.get(`${firm.id}|${def.id}`)) : null;
      }
      switch (key as BuiltIn) {
        case 'firmName': return firm.name;
        case 'ico': return firm.ico || null;
        case 'dic': return firm.dic || null;
        case 'vatId': return firm.vat_id || null;
        case 'companyIds': return companyIdsLine(firm.country, { ico: firm.ico, dic: firm.dic, vatId: firm.vat_id }) || null;
        case 'kinds': return FIRM_KINDS.filter((k: FirmKind) => firm[KIND_COLUMN[k]] === 1).map((k) => KIND_LABELS[locale][k]).join(', ') || null;
        case 'owner': return firm.owner_id ? users.get(firm.owner_id) ?? null : null;
        case 'segments': {
          const rank = (k: string) => (k === 'category' ? 0 : k === 'group' ? 1 : 2);
          const list = (segmentsOf.get(firm.id) ?? []).sort((a, b) => rank(a.kind) - rank(b.kind) || collator.compare(a.name, b.name));
          return list.map((x) => x.name).join('; ') || null;
        }
        case 'website': return firm.website || null;
        case 'firmEmail': return firm.email ?? null;
        case 'firmPhone': return firm.phone ?? null;
        case 'street': {
          if (!address) return null;
          const street = address.a_street.trim();
          const number = address.a_number.trim();
          return (street && number ? `${street} ${number}` : street || number) || null;
        }
        case 'city': return address?.a_city.trim() || null;
        case 'postalCode': return address ? postalCodeText(address.a_postal_code, country) || null : null;
        case 'country': return address ? country : null;
        case 'address1': return addressLines()[0] ?? null;
        case 'address2': return addressLines()[1] ?? null;
        case 'address3': return addressLines()[2] ?? null;
        case 'lastContactAt': { const at = lastContact.get(firm.id); return at === undefined ? null : instantDay(at); }
        case 'openOpportunities': return openOpps.get(firm.id) ?? 0;
        case 'revenue12m': {
          const totals = revenueOf.get(firm.id) ?? [];
          if (totals.length === 1) {
            // One currency: a number XLSX formats in it (text formats write `text`, as before).
            const m = totals[0]!;
            return { money: m.amount / 10 ** minorDigits(m.currency), currency: m.currency, text: formatMoney(m, locale) };
          }
          return totals.length ? totals.sort((a, b) => (a.currency < b.currency ? -1 : 1)).map((m) => formatMoney(m, locale)).join(' · ') : null;
        }
        case 'createdAt': return instantDay(firm.created_at);
        // A row without a person (a firm, or a lead's own row in people recipients) addresses
        // the firm: its own e-mail and phone are the row's "E-mail" and "Phone".
        case 'email': return firm.email ?? null;
        case 'phone': return firm.phone ?? null;
        case 'salutation': return salutation(locale, null);
        case 'addressee': return firm.name;
        default: return null; // the person's own columns
      }
    });
    if (people) shared.set(firm.rid, cells); // firm recipients: one row per firm, nothing to share
    return cells;
  };

  return (personId, firm, shared) => {
    const person = personId ? personById.get(personId) ?? null : null;
    const own = firmCellsOf(firm, person !== null, shared);
    if (!person) return people ? own.slice() : own; // a shared (cached) array is copied
    return keys.map((key, i): Cell => {
      if (key.startsWith('field:')) {
        const def = plan.defs.get(key.slice(6))!;
        return def.entity === 'person' ? fieldCell(def, personValues?.get(`${person.id}|${def.id}`)) : own[i]!;
      }
      switch (key as BuiltIn) {
        case 'titleBefore': return person.title_before || null;
        case 'firstName': return person.first_name || null;
        case 'patronymic': return person.patronymic || null;
        case 'lastName': return person.last_name || null;
        case 'titleAfter': return person.title_after || null;
        case 'jobTitle': return person.job_title || null;
        case 'role': return person.role_id ? roles.get(person.role_id) ?? null : null;
        case 'email': return personChannel.get(`${person.id}|email`) ?? null;
        case 'phone': return personChannel.get(`${person.id}|phone`) ?? null;
        case 'salutation': return salutation(locale, namesOf(person));
        // Family name first for Hungarian names only (the firm's country), whatever the language.
        case 'addressee': return personAddressee(namesOf(person), { language: locale, country: firm.country });
        default: return own[i]!;
      }
    });
  };
}

/** A person row as the salutation rules read it (with the stored overrides). */
function namesOf(p: PersonRow): SalutationPerson {
  return { titleBefore: p.title_before, firstName: p.first_name, patronymic: p.patronymic, lastName: p.last_name, titleAfter: p.title_after,
    gender: p.gender as Gender, salutation: p.salutation, addressee: p.addressee };
}

/** A user field's value as a cell: an option's label, a number, a date (as a Date), text. */
function fieldCell(def: LoadedDef, raw: RawValue | undefined): Cell {
  const shown = present(def, raw);
  if (def.hasOptions) return shown.display || null;
  const value = shown.value;
  if (def.type === 'date') return typeof value === 'string' ? dayDate(value) : null;
  return value;
}

type ValueRow = RawValue & { entity_id: string; field_id: string };

function fieldValueRows(ctx: Ctx, entityIds: Expr) {
  return sql<ValueRow>`SELECT entity_id, field_id, value_text, value_num, option_id
    FROM field_values WHERE entity_id IN ${entityIds} AND deleted_at IS NULL`.execute(ctx.db);
}

function fieldValues({ rows }: { rows: ValueRow[] }): Map<string, RawValue> {
  return new Map(rows.map((r) => [`${r.entity_id}|${r.field_id}`, r]));
}

/** A cell as text, the way the text formats write it (dates as YYYY-MM-DD). */
export function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (cell instanceof Date) return `${cell.getFullYear()}-${pad(cell.getMonth() + 1)}-${pad(cell.getDate())}`;
  if (typeof cell === 'object') return cell.text;
  return String(cell);
}
