// An import's rows against the database: each row normalized (normalize.ts), matched to a firm
// (principal id in its country's namespace, then e-mail, then the duplicate finder's name key)
// and, for people and contacts, to a person of that firm (e-mail, then the name key); then,
// unless this is a dry run, written — inside the caller's one transaction, every insert and
// update noted in `import_changes` with the row's previous values, so the import can be undone.
//
// The dry run walks exactly the same code with writing off, so what it predicts is what a run
// does: rows creating a firm make it matchable for the rows after them in both.
//
// Written with prepared statements on the handler's connection (the transaction is Kysely's on
// that same connection) and the column functions of the firm and person handlers, so a row
// lands exactly as the forms would write it; the search index and the first-page epoch follow
// through their triggers, the firm list through the dispatcher's refresh after the commit.
import type SQLite from 'better-sqlite3';
import type { Ctx } from '../context.ts';
import type { ImportKind, ImportMapping } from '../../../shared/import-targets.ts';
import { MAX_REPORTED_ISSUES, type ImportCounts, type ImportIssue, type ImportMode, type ImportReport } from '../../../shared/imports.ts';
import { builtInCodeLabel } from '../../../shared/code-labels.ts';
import { LOCALES } from '../../../shared/types.ts';
import { principalIdKey } from '../../../shared/company-ids.ts';
import { fold, nameKey, normalizeEmail, normalizeFirmName, normalizePersonName } from '../duplicates/normalize.ts';
import { loadDefs } from '../fields/values.ts';
import { firmColumns, kindsOf } from '../firms/handlers.ts';
import type { ChangeField } from '../../../shared/types.ts';
import { personColumns } from '../people/handlers.ts';
import { uuidv7 } from '../util/ids.ts';
import { searchTriggers } from '../firms/search-triggers.ts';
import { columnsOf, normalizeRow, type Lookups, type NormalRow } from './normalize.ts';

export interface SourceRows {
  rows: readonly { line: number; cells: string[] }[];
}

export interface PipelineOptions {
  kind: ImportKind;
  mode: ImportMode;
  mapping: ImportMapping;
  /** Write (inside the caller's transaction), noting each change under this import id. */
  write: { importId: string } | null;
  /** Progress every this many rows (through ctx.job). */
  stepEvery?: number;
  /** The database's state (dataStamp) the rows are checked against, taken before anything of
   * this call was written: a run whose dry run saw the same state reuses its checked rows. */
  stamp?: string;
}

/**
 * The wizard dry-runs, then runs, the same kept table with the same mapping; checking a cell
 * reads only the table, the mapping and the code lists, users and fields — so when nothing was
 * written in between, the run takes the dry run's checked rows instead of checking 100k rows
 * again (~7 % of the run). Keyed by the kept table (one at a time: source.ts), never kept by a
 * run that writes, dropped at the next dry run.
 */
const checkedRows = new WeakMap<object, { key: string; rows: NormalRow[] }>();

/** Changes this connection made since it opened, and commits by others (PRAGMA data_version):
 * equal stamps mean an unchanged database. */
export function dataStamp(sqlite: SQLite.Database): string {
  return `${sqlite.prepare('SELECT total_changes()').pluck().get() as number}:${sqlite.pragma('data_version', { simple: true }) as number}`;
}

/** Code list entries by any of their names, users by name, user fields by id: what cells name. */
export async function loadLookups(ctx: Ctx): Promise<Lookups> {
  const codes = { industry: new Map(), firm_source: new Map(), person_role: new Map(), contact_kind: new Map(), contact_result: new Map() } as Lookups['codes'];
  const rows = await ctx.db.selectFrom('codes').select(['id', 'list', 'code', 'label', 'built_in', 'retired_at'])
    .where('deleted_at', 'is', null).where('retired_at', 'is', null).execute();
  let defaultContactKind: string | null = null;
  for (const r of rows) {
    const map = (codes as Record<string, Map<string, string>>)[r.list];
    if (!map) continue;
    const names = [r.label, r.code, ...(r.built_in ? LOCALES.map((l) => builtInCodeLabel(l, r.list, r.code)) : [])];
    for (const n of names) if (n) { const k = fold(n.trim()); if (!map.has(k)) map.set(k, r.id); }
    if (r.list === 'contact_kind' && r.code === 'call') defaultContactKind = r.id;
  }
  const users = new Map<string, string>();
  for (const u of await ctx.db.selectFrom('users').select(['id', 'name']).where('deleted_at', 'is', null).execute()) users.set(fold(u.name.trim()), u.id);
  const fields = new Map((await loadDefs(ctx.db)).map((d) => [d.id, d]));
  return { codes, defaultContactKind, users, fields, me: ctx.localUserId };
}


interface FirmInfo { id: string; idKey: string | null }

/** Live firms by what rows are matched on; rows creating a firm add it. */
class FirmIndex {
  byIdKey = new Map<string, string[]>();
  byEmail = new Map<string, string[]>();
  byName = new Map<string, string[]>();
  info = new Map<string, FirmInfo>();

  constructor(sqlite: SQLite.Database) {
    const firms = sqlite.prepare(`SELECT id, name, country, ico FROM firms WHERE deleted_at IS NULL AND is_lead = 0`).raw().iterate() as Iterable<[string, string, string, string | null]>;
    for (const [id, name, country, ico] of firms) this.add(id, name, country, ico, []);
    const mails = sqlite.prepare(`SELECT c.firm_id, c.value FROM channels c JOIN firms f ON f.id = c.firm_id
      WHERE c.kind = 'email' AND c.person_id IS NULL AND c.deleted_at IS NULL AND f.deleted_at IS NULL AND f.is_lead = 0`).raw().iterate() as Iterable<[string, string]>;
    for (const [firmId, value] of mails) push(this.byEmail, normalizeEmail(value), firmId);
  }

  add(id: string, name: string, country: string, ico: string | null, emails: readonly string[]): void {
    this.addKeys(id, { idKey: principalIdKey(country, ico), nameKey: nameKey(normalizeFirmName(name)), emails: emails.map(normalizeEmail) });
  }

  addKeys(id: string, k: FirmKeys): void {
    this.info.set(id, { id, idKey: k.idKey });
    if (k.idKey) push(this.byIdKey, k.idKey, id);
    push(this.byName, k.nameKey, id);
    for (const e of k.emails) push(this.byEmail, e, id);
  }

  /** The firms a row's firm is: by id, else by e-mail, else by name — never one whose own
   * principal id differs from the row's. */
  match(k: FirmKeys): string[] {
    const consistent = (ids: string[] | undefined) => [...new Set(ids ?? [])].filter((id) => {
      const other = this.info.get(id)?.idKey;
      return !k.idKey || !other || other === k.idKey;
    });
    if (k.idKey) { const hit = consistent(this.byIdKey.get(k.idKey)); if (hit.length) return hit; }
    const byMail = consistent(k.emails.flatMap((e) => this.byEmail.get(e) ?? []));
    if (byMail.length) return byMail;
    if (!k.nameKey) return [];
    return consistent(this.byName.get(k.nameKey));
  }
}

/** What a firm is matched by, computed once per row: the principal id in its country's
 * namespace (the country as the firm form would store it), the duplicate finder's name key,
 * its e-mails. */
interface FirmKeys { idKey: string | null; nameKey: string; emails: string[] }

function firmKeys(firm: NonNullable<NormalRow['firm']>): FirmKeys {
  const cols = firmColumns(firm);
  return {
    idKey: principalIdKey(cols.country, cols.ico),
    nameKey: firm.name ? nameKey(normalizeFirmName(firm.name)) : '',
    emails: firm.channels.filter((c) => c.kind === 'email').map((c) => normalizeEmail(c.value)),
  };
}

function push(map: Map<string, string[]>, key: string, id: string): void {
  if (!key) return;
  const list = map.get(key);
  if (!list) map.set(key, [id]);
  else if (!list.includes(id)) list.push(id);
}

interface PeopleOfFirm { byEmail: Map<string, string[]>; byName: Map<string, string[]>; names: Map<string, { first: string; last: string }> }

/** The person's own e-mails: not the firm's (which exports put where a person has none). */
function emailsOf(p: NonNullable<NormalRow['person']>, firmEmails: ReadonlySet<string>): string[] {
  return p.channels.filter((c) => c.kind === 'email').map((c) => normalizeEmail(c.value)).filter((e) => !firmEmails.has(e));
}

/** The firm's people a row's person is: by e-mail, else by the name key (words in any order).
 * An e-mail names the person only when the names do not disagree — the first or the last name
 * is the same (a surname changed at a wedding still matches): offices share addresses like
 * info@…, and Outlook's export puts the firm's address where a person has none. */
function matchPerson(own: PeopleOfFirm, p: NonNullable<NormalRow['person']>, firmEmails: ReadonlySet<string>): string[] {
  const first = fold(p.firstName.trim());
  const last = fold(p.lastName.trim());
  const agrees = (id: string) => {
    const n = own.names.get(id);
    return !n || (n.first === first && first !== '') || n.last === last;
  };
  const byMail = [...new Set(emailsOf(p, firmEmails).flatMap((e) => own.byEmail.get(e) ?? []))].filter(agrees);
  return byMail.length > 0 ? byMail : own.byName.get(normalizePersonName(p.firstName, p.lastName)) ?? [];
}

/** The running import's tally and report. */
class Tally {
  counts: ImportCounts = { rows: 0, created: 0, updated: 0, unchanged: 0, skipped: 0, duplicate: 0, invalid: 0 };
  issues: ImportIssue[] = [];
  totalIssues = 0;
  note(list: readonly ImportIssue[]): void {
    this.totalIssues += list.length;
    for (const i of list) if (this.issues.length < MAX_REPORTED_ISSUES) this.issues.push(i);
  }
  report(): ImportReport { return { counts: this.counts, issues: this.issues, totalIssues: this.totalIssues }; }
}

type Outcome = 'created' | 'updated' | 'unchanged' | 'skipped';

/** Normalizes, matches and (when `opts.write`) writes every row; answers the report. */
export async function runPipeline(ctx: Ctx, source: SourceRows, opts: PipelineOptions): Promise<ImportReport> {
  const sqlite = ctx.sqlite;
  if (!sqlite) throw new Error('import needs the connection');
  const lookups = await loadLookups(ctx);
  const columns = columnsOf(opts.mapping);
  const firms = new FirmIndex(sqlite);
  const w = new Writer(ctx, sqlite, opts.write?.importId ?? null);
  const tally = new Tally();
  const people = new Map<string, PeopleOfFirm>();
  const firmLine = new Map<string, number>();
  const personLine = new Map<string, number>();
  const total = source.rows.length;
  const every = opts.stepEvery ?? 2000;
  const creates = opts.mode !== 'update';
  const updates = opts.mode !== 'create';

  const peopleOf = (firmId: string): PeopleOfFirm => {
    let p = people.get(firmId);
    if (p) return p;
    p = { byEmail: new Map(), byName: new Map(), names: new Map() };
    for (const r of w.peopleOfFirm(firmId)) {
      push(p.byName, normalizePersonName(r.first_name, r.last_name), r.id);
      p.names.set(r.id, { first: fold(r.first_name.trim()), last: fold(r.last_name.trim()) });
    }
    for (const r of w.personEmailsOfFirm(firmId)) push(p.byEmail, normalizeEmail(r.value), r.person_id);
    people.set(firmId, p);
    return p;
  };
  const firmEmailsOf = (firmId: string, row: NormalRow): Set<string> => new Set([...w.firmChannels(firmId), ...(row.firm?.channels ?? [])]
    .filter((c) => c.kind === 'email').map((c) => normalizeEmail(c.value)));
  const dup = (row: NormalRow, messageKey: string, params?: ImportIssue['params']) => {
    tally.counts.duplicate++;
    tally.note([{ line: row.line, column: null, target: '', messageKey, ...(params ? { params } : {}) }]);
  };

  /** The row's firm: one match, or a new one (in modes that create); null when the row stops here. */
  const firmOf = (row: NormalRow, createMissing: boolean): { id: string; created: boolean } | 'stop' => {
    const keys = firmKeys(row.firm!);
    const hits = firms.match(keys);
    if (hits.length > 1) { dup(row, 'errors.import_matches_firms', { count: hits.length }); return 'stop'; }
    if (hits.length === 1) return { id: hits[0]!, created: false };
    // Update-only: a person of a firm not in the database is left alone with it.
    if (!createMissing) { tally.counts.skipped++; return 'stop'; }
    if (!row.firm!.name) {
      tally.counts.invalid++;
      tally.note([{ line: row.line, column: null, target: 'firm.name', messageKey: 'errors.import_firm_not_found' }]);
      return 'stop';
    }
    const id = w.createFirm(row);
    firms.addKeys(id, keys);
    return { id, created: true };
  };

  const memoKey = opts.stamp ? `${opts.kind}\u0000${JSON.stringify(opts.mapping)}\u0000${opts.stamp}` : null;
  const memo = memoKey ? checkedRows.get(source) : undefined;
  const reuse = memo && memo.key === memoKey && memo.rows.length === total ? memo.rows : null;
  const keep: NormalRow[] | null = memoKey && !opts.write ? [] : null;
  if (keep) checkedRows.delete(source);

  w.liftSearchTriggers(total, opts.kind);
  try {
    for (let i = 0; i < total; i++) {
      if (i % every === 0) await ctx.job?.step(i, total);
      const src = source.rows[i]!;
      const row = reuse ? reuse[i]! : normalizeRow(opts.kind, columns, src.line, src.cells, lookups);
      keep?.push(row);
      tally.counts.rows++;
      if (row.issues.length > 0) {
        tally.counts.invalid++;
        tally.note(row.issues);
        continue;
      }
      let outcome: Outcome;
      if (opts.kind === 'firms') {
        const keys = firmKeys(row.firm!);
        const hits = firms.match(keys);
        if (hits.length > 1) { dup(row, 'errors.import_matches_firms', { count: hits.length }); continue; }
        const hit = hits[0];
        if (hit && firmLine.has(hit)) { dup(row, 'errors.import_repeated', { line: firmLine.get(hit)! }); continue; }
        if (!hit) {
          if (!creates) outcome = 'skipped';
          else {
            const id = w.createFirm(row);
            firms.addKeys(id, keys);
            firmLine.set(id, row.line);
            outcome = 'created';
          }
        } else {
          firmLine.set(hit, row.line);
          outcome = updates ? (w.updateFirm(hit, row) ? 'updated' : 'unchanged') : 'skipped';
        }
      } else if (opts.kind === 'people') {
        const firm = firmOf(row, creates);
        if (firm === 'stop') continue;
        const p = row.person!;
        const own = peopleOf(firm.id);
        const firmEmails = firmEmailsOf(firm.id, row);
        const emails = emailsOf(p, firmEmails);
        const hits = matchPerson(own, p, firmEmails);
        if (hits.length > 1) { dup(row, 'errors.import_matches_people', { count: hits.length }); continue; }
        const hit = hits[0];
        if (hit && personLine.has(hit)) { dup(row, 'errors.import_repeated', { line: personLine.get(hit)! }); continue; }
        if (!hit) {
          if (!creates) outcome = 'skipped';
          else {
            const id = w.createPerson(firm.id, row);
            push(own.byName, normalizePersonName(p.firstName, p.lastName), id);
            own.names.set(id, { first: fold(p.firstName.trim()), last: fold(p.lastName.trim()) });
            for (const e of emails) push(own.byEmail, e, id);
            personLine.set(id, row.line);
            outcome = 'created';
          }
        } else {
          personLine.set(hit, row.line);
          outcome = updates ? (w.updatePerson(hit, firm.id, row) ? 'updated' : 'unchanged') : 'skipped';
        }
      } else {
        const hits = firms.match(firmKeys(row.firm!));
        if (hits.length > 1) { dup(row, 'errors.import_matches_firms', { count: hits.length }); continue; }
        if (hits.length === 0) {
          tally.counts.invalid++;
          tally.note([{ line: row.line, column: null, target: '', messageKey: 'errors.import_firm_not_found' }]);
          continue;
        }
        const firmId = hits[0]!;
        let personId: string | null = null;
        if (row.person) {
          const ph = matchPerson(peopleOf(firmId), row.person, firmEmailsOf(firmId, row));
          if (ph.length > 1) { dup(row, 'errors.import_matches_people', { count: ph.length }); continue; }
          if (ph.length === 0) {
            tally.counts.invalid++;
            tally.note([{ line: row.line, column: null, target: '', messageKey: 'errors.import_person_not_found' }]);
            continue;
          }
          personId = ph[0]!;
        }
        if (w.contactExists(firmId, row)) outcome = 'unchanged';
        else if (!creates) outcome = 'skipped';
        else { w.createContact(firmId, personId, row); outcome = 'created'; }
      }
      tally.counts[outcome]++;
    }
    w.restoreSearchTriggers();
  } finally {
    w.resetCache();
  }
  if (keep && keep.length === total) checkedRows.set(source, { key: memoKey!, rows: keep });
  await ctx.job?.step(total, total);
  return tally.report();
}

/** Column sets the import may update, by target. */
const FIRM_TARGET_COLUMNS: Record<string, (keyof ReturnType<typeof firmColumns>)[]> = {
  'firm.name': ['name'], 'firm.ico': ['ico'], 'firm.dic': ['dic'], 'firm.vatId': ['vat_id'], 'firm.country': ['country'],
  'firm.website': ['website'], 'firm.industry': ['industry_id'], 'firm.source': ['source_id'],
  'firm.isCustomer': ['is_customer'], 'firm.isProspect': ['is_prospect'], 'firm.isSupplier': ['is_supplier'],
};
const PERSON_TARGET_COLUMNS: Record<string, (keyof ReturnType<typeof personColumns>)[]> = {
  'person.titleBefore': ['title_before'], 'person.firstName': ['first_name'], 'person.lastName': ['last_name'],
  'person.patronymic': ['patronymic'], 'person.titleAfter': ['title_after'],
  'person.fullName': ['title_before', 'first_name', 'patronymic', 'last_name', 'title_after'],
  'person.gender': ['gender'], 'person.jobTitle': ['job_title'], 'person.role': ['role_id'], 'person.note': ['note'],
};
const ADDRESS_COLUMNS: Record<string, string> = {
  'address.street': 'street', 'address.number': 'number', 'address.city': 'city', 'address.postalCode': 'postal_code', 'address.country': 'country',
};

/** The writes, on prepared statements; a dry run (no import id) only reads. */
class Writer {
  private readonly now: number;
  private readonly stmts = new Map<string, SQLite.Statement>();
  private readonly inserts = new Map<string, SQLite.Statement>();
  private readonly segmentIds = new Map<string, string>();

  private readonly sqlite: SQLite.Database;
  private readonly importId: string | null;
  private readonly authorId: string;

  constructor(ctx: Ctx, sqlite: SQLite.Database, importId: string | null) {
    this.now = ctx.now();
    this.authorId = ctx.localUserId;
    this.sqlite = sqlite;
    this.importId = importId;
  }

  private st(sqlText: string): SQLite.Statement {
    let s = this.stmts.get(sqlText);
    if (!s) { s = this.sqlite.prepare(sqlText); this.stmts.set(sqlText, s); }
    return s;
  }

  private get writing(): boolean { return this.importId !== null; }

  private note(tbl: string, rowId: string, op: 'insert' | 'update', before: Record<string, unknown> | null): void {
    this.st(`INSERT INTO import_changes (import_id, tbl, row_id, op, before, stamp) VALUES (?, ?, ?, ?, ?, ?)`)
      .run(this.importId, tbl, rowId, op, before === null ? null : JSON.stringify(before), this.now);
  }

  private insert(tbl: string, values: Record<string, unknown>): number {
    const keys = Object.keys(values);
    // One statement per table and column list (a call site always writes the same columns).
    const shape = `${tbl}|${keys.join()}`;
    let statement = this.inserts.get(shape);
    if (!statement) {
      statement = this.sqlite.prepare(`INSERT INTO ${tbl} (${keys.join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`);
      this.inserts.set(shape, statement);
    }
    const info = statement.run(...keys.map((k) => values[k] as never));
    // What hangs on a firm or person this import created goes with it on undo (undo.ts): only
    // the firm or person is noted — a 100k-row import notes 100k rows, not 600k.
    const owner = tbl === 'field_values' ? values.entity_id as string : values.firm_id as string | undefined;
    const dependent = tbl !== 'firms' && tbl !== 'segments'
      && ((owner !== undefined && (this.created.has(owner) || this.createdPeople.has(owner))) || this.createdPeople.has(values.person_id as string));
    if (!dependent) this.note(tbl, values.id as string, 'insert', null);
    // A child of a firm this import did not create: its search row is rebuilt at the end.
    if (this.lifted && (tbl === 'addresses' || tbl === 'channels' || tbl === 'people') && !this.created.has(values.firm_id as string)) this.reindex.add(values.firm_id as string);
    return Number(info.lastInsertRowid);
  }

  // The search index in bulk: its AFTER INSERT triggers (one full re-index of the firm's search
  // row per address, channel or person) are lifted for the run, and each firm written is
  // re-indexed once at the end by firms_au — all inside the run's transaction, so a rollback
  // (a cancel, invalid rows) brings the triggers back with everything else.
  private lifted: { name: string; sql: string }[] | null = null;
  private readonly created = new Set<string>();
  private readonly createdPeople = new Set<string>();
  private readonly reindex = new Set<string>();
  private firstRid = Infinity;
  private lastRid = -Infinity;

  liftSearchTriggers(rows: number, kind: ImportKind): void {
    if (!this.writing) return;
    this.liftIndexes(rows, kind);
    this.lifted = searchTriggers(this.sqlite);
    // The first page's epoch (0012) moves once for the run instead of once per firm created.
    const epoch = this.sqlite.prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'first_page_firm_insert'`).pluck().get() as string | undefined;
    if (this.lifted && epoch) this.lifted.push({ name: 'first_page_firm_insert', sql: epoch });
    for (const t of this.lifted ?? []) this.sqlite.exec(`DROP TRIGGER "${t.name.replace(/"/g, '""')}"`);
    // A bulk write touches far more pages than the core's 128 MB page cache holds: spilling them
    // to the WAL in the middle of the transaction cost ~5 % of a 100k-row run. The cache is a
    // cap, filled only as pages are touched, and set back at the end.
    this.cacheSize = this.sqlite.pragma('cache_size', { simple: true }) as number;
    this.sqlite.pragma('cache_size = -524288');
  }

  private cacheSize: number | null = null;

  // Secondary indexes in bulk: an import at least as big as the table it fills (the first import
  // into a new file, from the old CRM) maintains each of these ~15 indexes row by row, a B-tree
  // insert per row and index; dropped for the run and built again at its end (one sort each) it
  // writes a quarter fewer pages and takes a tenth less time. Only indexes the run never reads
  // (lookups by firm or person and every UNIQUE index stay, so constraints still hold row by row);
  // all inside the run's transaction, so a rollback brings them back with everything else.
  // Into a big file a small import leaves them alone: rebuilding costs the whole table's size.
  private static readonly BULK_INDEXES = [
    'firms_updated', 'firms_lead', 'firms_deleted', 'firms_trash',
    'addresses_main', 'addresses_city', 'addresses_postal', 'addresses_country', 'addresses_trash',
    'channels_person_kind', 'channels_firm_own', 'channels_trash',
    'segment_members_live', 'segment_members_firm', 'import_changes_import',
  ];
  private liftedIndexes: string[] = [];

  private liftIndexes(rows: number, kind: ImportKind): void {
    if (kind === 'contacts' || rows < 1000) return;
    const table = kind === 'firms' ? 'firms' : 'people';
    const have = this.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    if (rows < have) return;
    const marks = Writer.BULK_INDEXES.map(() => '?').join(', ');
    const found = this.sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND name IN (${marks})`)
      .all(...Writer.BULK_INDEXES) as { name: string; sql: string }[];
    for (const i of found) this.sqlite.exec(`DROP INDEX "${i.name}"`);
    this.liftedIndexes = found.map((i) => i.sql);
  }

  /** The page cache back to the core's size (also after a cancel, which skips restoring: the
   * rollback brings the triggers back, but a connection setting stays). */
  resetCache(): void {
    if (this.cacheSize !== null) this.sqlite.pragma(`cache_size = ${Number(this.cacheSize)}`);
    this.cacheSize = null;
  }

  restoreSearchTriggers(): void {
    for (const sql of this.liftedIndexes) this.sqlite.exec(sql);
    this.liftedIndexes = [];
    if (!this.lifted) return;
    if (this.firstRid <= this.lastRid) {
      // The firms it created have no search row yet (firms_ai was lifted): firms_au's own INSERT,
      // run once over their rid range — one statement, not a trigger and a DELETE per firm.
      const au = this.sqlite.prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'firms_au'`).pluck().get() as string;
      const insert = /INSERT INTO firm_search[\s\S]*WHERE f\.id = NEW\.id AND f\.deleted_at IS NULL/.exec(au)?.[0];
      if (insert) this.sqlite.prepare(insert.replace('f.id = NEW.id', 'f.rid BETWEEN ? AND ?')).run(this.firstRid, this.lastRid);
      else this.sqlite.prepare('UPDATE firms SET name = name WHERE rid BETWEEN ? AND ?').run(this.firstRid, this.lastRid);
    }
    const one = this.sqlite.prepare('UPDATE firms SET name = name WHERE id = ?');
    for (const id of this.reindex) one.run(id);
    if (this.lifted.some((t) => t.name === 'first_page_firm_insert') && this.firstRid <= this.lastRid) {
      this.sqlite.prepare('UPDATE first_page_epoch SET n = n + 1').run();
    }
    for (const t of this.lifted) this.sqlite.exec(t.sql);
    this.lifted = null;
    this.resetCache();
  }

  /** Sets the columns that differ; notes their previous values. True when something changed. */
  private update(tbl: string, id: string, current: Record<string, unknown>, wanted: Record<string, unknown>): boolean {
    const diff = Object.keys(wanted).filter((k) => wanted[k] !== current[k]);
    if (diff.length === 0) return false;
    if (!this.writing) return true;
    this.st(`UPDATE ${tbl} SET ${diff.map((k) => `${k} = ?`).join(', ')}, updated_at = ? WHERE id = ?`)
      .run(...diff.map((k) => wanted[k] as never), this.now, id);
    this.note(tbl, id, 'update', Object.fromEntries(diff.map((k) => [k, current[k]])));
    return true;
  }

  private stamps() { return { created_at: this.now, updated_at: this.now }; }

  peopleOfFirm(firmId: string): { id: string; first_name: string; last_name: string }[] {
    return this.st(`SELECT id, first_name, last_name FROM people WHERE firm_id = ? AND deleted_at IS NULL`).all(firmId) as never;
  }

  personEmailsOfFirm(firmId: string): { person_id: string; value: string }[] {
    return this.st(`SELECT person_id, value FROM channels WHERE firm_id = ? AND person_id IS NOT NULL AND kind = 'email' AND deleted_at IS NULL`).all(firmId) as never;
  }

  createFirm(row: NormalRow): string {
    const id = uuidv7(this.now);
    if (!this.writing) return id;
    const f = row.firm!;
    const rid = this.insert('firms', { id, ...firmColumns(f), ...this.stamps() });
    this.created.add(id);
    this.firstRid = Math.min(this.firstRid, rid);
    this.lastRid = Math.max(this.lastRid, rid);
    for (const [sort, a] of f.addresses.entries()) {
      this.insert('addresses', { id: uuidv7(this.now), firm_id: id, kind: a.kind, street: a.street, number: a.number, city: a.city, postal_code: a.postalCode, country: a.country, sort, ...this.stamps() });
    }
    this.addChannels(id, null, f.channels, []);
    this.memberships(id, row);
    this.fieldValues(id, row.firmFields);
    this.note_(id, row);
    return id;
  }

  updateFirm(id: string, row: NormalRow): boolean {
    const f = row.firm!;
    const current = this.st(`SELECT * FROM firms WHERE id = ?`).get(id) as Record<string, unknown>;
    const cols = firmColumns({ ...f, country: f.country ?? (current.country as string) }) as Record<string, unknown>;
    const wanted: Record<string, unknown> = {};
    for (const t of row.firmGiven) for (const c of FIRM_TARGET_COLUMNS[t] ?? []) wanted[c] = cols[c];
    let changed = this.update('firms', id, current, wanted);
    if (changed && this.writing) this.keyChanges(id, current, { ...current, ...wanted });
    if (f.addresses.length > 0) {
      const a = f.addresses[0]!;
      const existing = this.st(`SELECT * FROM addresses WHERE firm_id = ? AND deleted_at IS NULL ORDER BY kind <> 'registered', sort LIMIT 1`).get(id) as Record<string, unknown> | undefined;
      const values: Record<string, unknown> = { street: a.street, number: a.number, city: a.city, postal_code: a.postalCode, country: a.country };
      if (existing) {
        const want: Record<string, unknown> = {};
        for (const t of row.firmGiven) if (ADDRESS_COLUMNS[t]) want[ADDRESS_COLUMNS[t]] = values[ADDRESS_COLUMNS[t]];
        changed = this.update('addresses', existing.id as string, existing, want) || changed;
      } else {
        changed = true;
        if (this.writing) this.insert('addresses', { id: uuidv7(this.now), firm_id: id, kind: 'registered', ...values, sort: 0, ...this.stamps() });
      }
    }
    const have = (this.st(`SELECT kind, value FROM channels WHERE firm_id = ? AND person_id IS NULL AND deleted_at IS NULL`).all(id) as { kind: string; value: string }[]);
    changed = this.addChannels(id, null, f.channels, have) || changed;
    changed = this.memberships(id, row) || changed;
    changed = this.fieldValues(id, row.firmFields) || changed;
    changed = this.note_(id, row) || changed;
    // The firm's own row moves too, as fields.set does: the list and a later sync notice.
    if (changed && this.writing && !this.touched(id)) this.st(`UPDATE firms SET updated_at = ? WHERE id = ?`).run(this.now, id);
    return changed;
  }

  private touched(firmId: string): boolean {
    return (this.st(`SELECT updated_at FROM firms WHERE id = ?`).get(firmId) as { updated_at: number }).updated_at === this.now;
  }

  createPerson(firmId: string, row: NormalRow): string {
    const id = uuidv7(this.now);
    if (!this.writing) return id;
    const p = row.person!;
    this.insert('people', { id, firm_id: firmId, ...personColumns({ ...p, firmId }), ...this.stamps() });
    this.createdPeople.add(id);
    this.addChannels(firmId, id, p.channels, [], this.firmChannels(firmId));
    this.fieldValues(id, row.personFields);
    return id;
  }

  updatePerson(id: string, firmId: string, row: NormalRow): boolean {
    const p = row.person!;
    const current = this.st(`SELECT * FROM people WHERE id = ?`).get(id) as Record<string, unknown>;
    const cols = personColumns({ ...p, firmId }) as Record<string, unknown>;
    const wanted: Record<string, unknown> = {};
    // "Malá Eva" for Eva Malá is the same person, matched by the name key: one column holding
    // the whole name renames nobody, it only adds the titles it carries.
    const sameName = normalizePersonName(String(current.first_name), String(current.last_name)) === normalizePersonName(p.firstName, p.lastName);
    for (const t of row.personGiven) {
      for (const c of PERSON_TARGET_COLUMNS[t] ?? []) {
        if (t === 'person.fullName' && (cols[c] === '' || (sameName && !c.startsWith('title_')))) continue;
        wanted[c] = cols[c];
      }
    }
    let changed = this.update('people', id, current, wanted);
    const have = this.st(`SELECT kind, value FROM channels WHERE person_id = ? AND deleted_at IS NULL`).all(id) as { kind: string; value: string }[];
    changed = this.addChannels(firmId, id, p.channels, have, this.firmChannels(firmId)) || changed;
    changed = this.fieldValues(id, row.personFields) || changed;
    return changed;
  }

  contactExists(firmId: string, row: NormalRow): boolean {
    const c = row.contact!;
    return this.st(`SELECT 1 FROM contacts WHERE firm_id = ? AND at = ? AND kind_id = ? AND summary = ? AND deleted_at IS NULL`).get(firmId, c.at, c.kindId, c.summary) !== undefined;
  }

  createContact(firmId: string, personId: string | null, row: NormalRow): void {
    if (!this.writing) return;
    const c = row.contact!;
    this.insert('contacts', {
      id: uuidv7(this.now), firm_id: firmId, person_id: personId, status: c.status, at: c.at, kind_id: c.kindId,
      referent_id: c.referentId, result_id: c.resultId, summary: c.summary, note: c.note, ...this.stamps(),
    });
  }

  /** The key-field log, as firms.update keeps it: a renamed firm, a new IČO, other kinds. */
  private keyChanges(firmId: string, before: Record<string, unknown>, after: Record<string, unknown>): void {
    const kinds = (r: Record<string, unknown>) => kindsOf(r as never).join(', ');
    const fields: [ChangeField, string, string][] = [
      ['name', String(before.name), String(after.name)], ['ico', String(before.ico ?? ''), String(after.ico ?? '')], ['kinds', kinds(before), kinds(after)],
    ];
    for (const [field, oldValue, newValue] of fields) {
      if (oldValue === newValue) continue;
      this.insert('changes', { id: uuidv7(this.now), firm_id: firmId, user_id: this.authorId, at: this.now, field,
        old_value: oldValue.slice(0, 500), new_value: newValue.slice(0, 500), ...this.stamps() });
    }
  }

  /** The row's note about the firm, unless the firm has that very note already. */
  private note_(firmId: string, row: NormalRow): boolean {
    const n = row.firmNote;
    if (!n) return false;
    if (!this.created.has(firmId) && this.st(`SELECT 1 FROM notes WHERE firm_id = ? AND body = ? AND deleted_at IS NULL`).get(firmId, n.body)) return false;
    if (this.writing) {
      this.insert('notes', { id: uuidv7(this.now), firm_id: firmId, person_id: null, contact_id: null, title: n.title, body: n.body,
        at: this.now, author_id: this.authorId, visibility: n.visibility, ...this.stamps() });
    }
    return true;
  }

  /** The firm's own e-mails and phones. */
  firmChannels(firmId: string): { kind: string; value: string }[] {
    return this.st(`SELECT kind, value FROM channels WHERE firm_id = ? AND person_id IS NULL AND deleted_at IS NULL`).all(firmId) as never;
  }

  /** Adds the e-mails and phones not held yet (compared as the duplicate finder compares them).
   * A person's e-mail or phone that is the firm's own is the firm's: exports fill a person's
   * empty e-mail with the firm's, and it must not come back as theirs. */
  private addChannels(firmId: string, personId: string | null, list: readonly { kind: string; value: string; label: string }[], have: readonly { kind: string; value: string }[],
    firmOwn: readonly { kind: string; value: string }[] = []): boolean {
    const key = (k: string, v: string) => `${k}:${k === 'phone' ? v.replace(/\D/g, '') : normalizeEmail(v)}`;
    const held = new Set([...have, ...firmOwn].map((c) => key(c.kind, c.value)));
    let sort = have.length;
    let added = false;
    for (const c of list) {
      const k = key(c.kind, c.value);
      if (held.has(k)) continue;
      held.add(k);
      added = true;
      if (this.writing) this.insert('channels', { id: uuidv7(this.now), firm_id: firmId, person_id: personId, kind: c.kind, value: c.value, label: c.label, sort: sort++, ...this.stamps() });
    }
    return added;
  }

  /** The row's category (by name; created when missing) and tags (the same, of kind tag). */
  private memberships(firmId: string, row: NormalRow): boolean {
    const wanted: { kind: 'category' | 'tag'; name: string }[] = [];
    if (row.segment) wanted.push({ kind: 'category', name: row.segment });
    for (const t of row.tags) wanted.push({ kind: 'tag', name: t });
    let changed = false;
    for (const s of wanted) {
      const segmentId = this.segment(s.kind, s.name);
      const m = segmentId && !this.created.has(firmId) ? this.st(`SELECT id, deleted_at FROM segment_members WHERE segment_id = ? AND firm_id = ?`).get(segmentId, firmId) as { id: string; deleted_at: number | null } | undefined : undefined;
      if (m && m.deleted_at === null) continue;
      changed = true;
      if (!this.writing) continue;
      if (m) this.update('segment_members', m.id, m, { deleted_at: null });
      else this.insert('segment_members', { id: uuidv7(this.now), segment_id: segmentId, firm_id: firmId, ...this.stamps() });
    }
    return changed;
  }

  private segment(kind: 'category' | 'tag', name: string): string | null {
    const key = `${kind}:${fold(name)}`;
    const known = this.segmentIds.get(key);
    if (known) return known;
    const all = this.st(`SELECT id, name FROM segments WHERE kind = ? AND deleted_at IS NULL`).all(kind) as { id: string; name: string }[];
    const hit = all.find((s) => fold(s.name) === fold(name));
    if (hit) { this.segmentIds.set(key, hit.id); return hit.id; }
    if (!this.writing) return null;
    const id = uuidv7(this.now);
    this.insert('segments', { id, kind, name, parent_firm_id: null, color: '', note: '', ...this.stamps() });
    this.segmentIds.set(key, id);
    return id;
  }

  private fieldValues(entityId: string, values: NormalRow['firmFields']): boolean {
    let changed = false;
    for (const v of values) {
      if (!v.stored) continue;
      const current = this.st(`SELECT id, value_text, value_num, option_id, deleted_at FROM field_values WHERE field_id = ? AND entity_id = ?`).get(v.fieldId, entityId) as Record<string, unknown> | undefined;
      const wanted = { ...v.stored, deleted_at: null };
      if (current) changed = this.update('field_values', current.id as string, current, wanted) || changed;
      else {
        changed = true;
        if (this.writing) this.insert('field_values', { id: uuidv7(this.now), field_id: v.fieldId, entity_id: entityId, ...v.stored, ...this.stamps() });
      }
    }
    return changed;
  }
}
