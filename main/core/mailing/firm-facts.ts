// Facts about every firm kept warm in the worker, by the firm's rid, for the mailing builder's
// counts: each firm's last done contact per contact kind (the "last contact" conditions) and its
// first own e-mail (the key that deduplicates firm rows by e-mail).
//
// Why: in SQL each is a correlated seek per firm — ~3 µs on a 2M-contact file (36-character keys,
// pages outside SQLite's cache) — so a count over 20k firms spends ~50–70 ms on one of them and
// a count over every firm ~0.5 s. Here each is an array read through a SQL function
// (`kt_last_done(f.rid, key)`, `kt_firm_email(f.rid)`: ~0.2 µs a row).
//
// Fresh without being rebuilt: TEMP triggers on this connection note the firm of every row
// written in the source table (insert, update — also the old firm of a moved row — and delete)
// in a temp table, in the same transaction as the write (a rolled-back write leaves no note).
// Before a fact answers, its noted firms are recomputed (a seek each). Writes by another process
// are not seen; the worker is the file's one writer while the app runs (as for the firm list).
//
// Cheap to start: a fact is built only when a count first asks for it, in slices of firms
// between other requests (counts are answered in SQL meanwhile), so the worker is never held for
// the whole build (last contacts: ~0.8 s at 100k firms, ~8 s at a million).
//
// Only outside transactions: a fact read inside one (an export's) could take in a write that
// still rolls back, and its notes with it — the callers ask SQL there.
import type SQLite from 'better-sqlite3';

/** Firms per slice of a build: a few tens of milliseconds of the worker's time at most. */
const SLICE = 5_000;
/** More noted firms than this (an import, a merge of many) rebuild from scratch instead. */
const MAX_NOTED = 20_000;

export const LAST_DONE_FUNCTION = 'kt_last_done';
export const FIRM_EMAIL_FUNCTION = 'kt_firm_email';

type State = 'cold' | 'building' | 'warm';

/** One fact: its source table's notes, the build in slices, the catch-up of noted firms. */
abstract class WarmFact {
  protected readonly sqlite: SQLite.Database;
  private readonly notes: string;
  protected size = 0;
  private state: State = 'cold';
  /** Bumped by every restart, so a slice of an abandoned build stops. */
  private generation = 0;

  private readonly source: 'contacts' | 'channels';

  protected constructor(sqlite: SQLite.Database, source: 'contacts' | 'channels') {
    this.sqlite = sqlite;
    this.source = source;
    this.notes = `kt_${source}_firms`;
  }

  /** The notes start with the first build: a laptop that never counts pays nothing per write. */
  private watch(): void {
    const source = this.source;
    const t = `kt_${source}`;
    // Channels of a person carry no firm: nothing to note (the NULL is skipped when read).
    this.sqlite.exec(`
      CREATE TEMP TABLE IF NOT EXISTS ${this.notes} (firm_id TEXT);
      CREATE TEMP TRIGGER IF NOT EXISTS ${t}_ai AFTER INSERT ON main.${source}
        BEGIN INSERT INTO ${this.notes} VALUES (NEW.firm_id); END;
      CREATE TEMP TRIGGER IF NOT EXISTS ${t}_au AFTER UPDATE ON main.${source}
        BEGIN INSERT INTO ${this.notes} VALUES (NEW.firm_id); INSERT INTO ${this.notes} SELECT OLD.firm_id WHERE OLD.firm_id IS NOT NEW.firm_id; END;
      CREATE TEMP TRIGGER IF NOT EXISTS ${t}_ad AFTER DELETE ON main.${source}
        BEGIN INSERT INTO ${this.notes} VALUES (OLD.firm_id); END;`);
  }

  /** Whether the fact answers now (noted firms brought up to date first). When cold, the build
   * starts in the background and the caller answers in SQL this time. */
  ready(): boolean {
    if (this.state === 'cold') this.start();
    if (this.state !== 'warm') return false;
    return this.catchUp();
  }

  /** What is kept (tests, diagnostics, the bench). */
  get status(): State {
    return this.state;
  }

  /** Empty arrays for `size` firm rids. */
  protected abstract reset(size: number): void;
  /** Reads firms rid ∈ [from, to) into the arrays. */
  protected abstract buildSlice(from: number, to: number): void;
  /** Recomputes one firm (its old value cleared first). */
  protected abstract recompute(firmId: string, rid: number): void;
  /** Makes room for rids below `size`. */
  protected abstract grow(size: number): void;

  private start(): void {
    const generation = ++this.generation;
    this.state = 'building';
    let size: number;
    try {
      this.watch();
      // Notes taken before now are covered by the build; later ones are caught up after it.
      this.sqlite.prepare(`DELETE FROM ${this.notes}`).run();
      size = ((this.sqlite.prepare('SELECT max(rid) FROM firms').pluck().get() as number | null) ?? 0) + 1;
    } catch {
      this.state = 'cold';
      return;
    }
    this.size = size;
    this.reset(size);
    const step = (from: number) => {
      if (generation !== this.generation) return;
      // Never read in the middle of a write transaction (a handler awaiting between statements).
      if (this.sqlite.inTransaction) {
        setTimeout(() => step(from), 5);
        return;
      }
      try {
        if (!this.sqlite.open) throw new Error('closed');
        this.buildSlice(from, from + SLICE);
      } catch {
        // The file closed or changed under us: start again when next asked.
        if (generation === this.generation) this.state = 'cold';
        return;
      }
      if (from + SLICE < size) setImmediate(() => step(from + SLICE));
      else this.state = 'warm';
    };
    setImmediate(() => step(0));
  }

  private catchUp(): boolean {
    const firmIds = this.sqlite.prepare(`SELECT DISTINCT firm_id FROM ${this.notes} WHERE firm_id IS NOT NULL`).pluck().all() as string[];
    if (firmIds.length > MAX_NOTED) {
      this.start();
      return false;
    }
    if (firmIds.length > 0) {
      const ridOf = this.sqlite.prepare('SELECT rid FROM firms WHERE id = ?').pluck();
      for (const id of firmIds) {
        const rid = ridOf.get(id) as number | undefined;
        if (rid === undefined) continue;
        if (rid >= this.size) {
          const size = Math.max(rid + 1, Math.ceil(this.size * 1.25));
          this.grow(size);
          this.size = size;
        }
        this.recompute(id, rid);
      }
    }
    this.sqlite.prepare(`DELETE FROM ${this.notes}`).run();
    return true;
  }
}

/** Each firm's last done contact per kind. */
export class LastContacts extends WarmFact {
  /** kind id → the last done contact's time (ms) by firm rid; 0 = none of that kind. */
  private byKind = new Map<string, Float64Array>();
  /** The arrays a key ('' = every kind, else kind ids joined by ',') takes the maximum of. */
  private readonly combos = new Map<string, Float64Array[]>();
  private lastOfFirm: SQLite.Statement | undefined;

  constructor(sqlite: SQLite.Database) {
    super(sqlite, 'contacts');
    sqlite.function(LAST_DONE_FUNCTION, { deterministic: false, directOnly: true },
      (rid: unknown, key: unknown) => this.lastDone(Number(rid), String(key)));
  }

  /** The key a condition passes to kt_last_done for these kinds (none: any kind). */
  static key(kindIds: readonly string[]): string {
    return [...new Set(kindIds)].sort().join(',');
  }

  private lastDone(rid: number, key: string): number | null {
    if (rid >= this.size) return null; // newer than the arrays, and no contact noted since: none
    let arrays = this.combos.get(key);
    if (!arrays) {
      arrays = key === '' ? [...this.byKind.values()] : key.split(',').flatMap((k) => this.byKind.get(k) ?? []);
      this.combos.set(key, arrays);
    }
    let last = 0;
    for (const a of arrays) if (a[rid]! > last) last = a[rid]!;
    return last === 0 ? null : last;
  }

  protected reset(): void {
    this.byKind = new Map();
    this.combos.clear();
  }

  protected buildSlice(from: number, to: number): void {
    const rows = this.sqlite.prepare(`SELECT f.rid, c.kind_id, max(c.at) FROM firms f
      CROSS JOIN contacts c INDEXED BY contacts_done_firm_kind ON c.firm_id = f.id AND c.status = 'done' AND c.deleted_at IS NULL
      WHERE f.rid >= ? AND f.rid < ? GROUP BY f.rid, c.kind_id`).raw().iterate(from, to) as Iterable<[number, string, number]>;
    for (const [rid, kind, at] of rows) this.arrayFor(kind)[rid] = at;
  }

  protected recompute(firmId: string, rid: number): void {
    for (const a of this.byKind.values()) a[rid] = 0;
    this.lastOfFirm ??= this.sqlite.prepare(`SELECT kind_id, max(at) FROM contacts INDEXED BY contacts_done_firm_kind
      WHERE firm_id = ? AND status = 'done' AND deleted_at IS NULL GROUP BY kind_id`).raw();
    const rows = this.lastOfFirm.iterate(firmId) as Iterable<[string, number]>;
    for (const [kind, at] of rows) this.arrayFor(kind)[rid] = at;
  }

  protected grow(size: number): void {
    for (const [kind, a] of this.byKind) {
      const bigger = new Float64Array(size);
      bigger.set(a);
      this.byKind.set(kind, bigger);
    }
    this.combos.clear();
  }

  private arrayFor(kind: string): Float64Array {
    let a = this.byKind.get(kind);
    if (!a) {
      a = new Float64Array(this.size);
      this.byKind.set(kind, a);
      this.combos.clear();
    }
    return a;
  }
}

/** The firm's own first e-mail (the user's order, then by value), lowercased and trimmed — the
 * deduplication key of a firm row (select.ts). */
export const FIRM_EMAIL_SQL = (firm: string) => `(SELECT lower(trim(c.value)) FROM channels c WHERE c.firm_id = ${firm} AND c.person_id IS NULL
      AND c.kind = 'email' AND c.deleted_at IS NULL ORDER BY c.sort, c.value LIMIT 1)`;

/** Each firm's own first e-mail. */
export class FirmEmails extends WarmFact {
  private emails: (string | null)[] = [];
  private emailOfFirm: SQLite.Statement | undefined;

  constructor(sqlite: SQLite.Database) {
    super(sqlite, 'channels');
    sqlite.function(FIRM_EMAIL_FUNCTION, { deterministic: false, directOnly: true },
      (rid: unknown) => this.emails[Number(rid)] ?? null);
  }

  protected reset(size: number): void {
    this.emails = new Array<string | null>(size).fill(null);
  }

  protected buildSlice(from: number, to: number): void {
    const rows = this.sqlite.prepare(`SELECT f.rid, ${FIRM_EMAIL_SQL('f.id')} FROM firms f WHERE f.rid >= ? AND f.rid < ?`)
      .raw().iterate(from, to) as Iterable<[number, string | null]>;
    for (const [rid, email] of rows) this.emails[rid] = email;
  }

  protected recompute(firmId: string, rid: number): void {
    this.emailOfFirm ??= this.sqlite.prepare(`SELECT ${FIRM_EMAIL_SQL('?')}`).pluck();
    this.emails[rid] = (this.emailOfFirm.get(firmId) as string | null) ?? null;
  }

  protected grow(size: number): void {
    while (this.emails.length < size) this.emails.push(null);
  }
}

/** One set per connection: the SQL functions and the temp tables of notes belong to the
 * connection, and two cores on one file (tests acting as a colleague) must read the same arrays. */
export interface FirmFacts { lastContacts: LastContacts; firmEmails: FirmEmails }
const perConnection = new WeakMap<SQLite.Database, FirmFacts>();

export function firmFacts(sqlite: SQLite.Database): FirmFacts {
  let found = perConnection.get(sqlite);
  if (!found) {
    found = { lastContacts: new LastContacts(sqlite), firmEmails: new FirmEmails(sqlite) };
    perConnection.set(sqlite, found);
  }
  return found;
}
