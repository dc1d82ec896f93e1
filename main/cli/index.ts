// `kartoteka` — the command line: demo data, the browser host, search, migrations, checks.
// Every command works on one SQLite file (--db), by default the desktop app's own.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { defaultDbPath } from '../core/paths.ts';
import { openDatabase, closeDatabase, type OpenOptions } from '../core/db/open.ts';
import type { CoreOptions } from '../core/dispatcher.ts';
import { DbClient } from '../core/db/client.ts';
import { AUTO_BACKUPS } from '../core/db/protocol.ts';
import { pendingClient } from '../core/db/pending-client.ts';
import { searchFirms } from '../core/firms/search.ts';
import { startHost } from '../host/server.ts';
import { AppError } from '../../shared/errors.ts';
import { migrations, LATEST_SCHEMA_VERSION } from '../../migrations/index.ts';
import { LOCALES, type FirmList, type Locale } from '../../shared/types.ts';
import { helpText } from './help.ts';
import { cliLocale } from './locale.ts';

export { helpText };
import { describeDbError, recoveryHint } from './db-errors.ts';
import { dbErrorData } from '../core/db/integrity.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const RENDERER_DIR = path.join(ROOT, 'dist', 'renderer');

class UsageError extends Error {}

/** How this run opens the database and runs the core (set from --verbose). */
let dbOptions: OpenOptions = {};
let coreOptions: CoreOptions = {};

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      db: { type: 'string' }, help: { type: 'boolean', short: 'h' }, port: { type: 'string' },
      firms: { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean' }, limit: { type: 'string' },
      selection: { type: 'string' }, where: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' },
      columns: { type: 'string' }, locale: { type: 'string' }, verbose: { type: 'boolean' },
      firm: { type: 'string' }, person: { type: 'string' }, template: { type: 'string' }, segment: { type: 'string' },
      people: { type: 'boolean' }, start: { type: 'string' }, size: { type: 'string' }, date: { type: 'string' },
      consents: { type: 'boolean' }, kind: { type: 'string' }, mode: { type: 'string' }, mapping: { type: 'string' },
      'dry-run': { type: 'boolean' }, 'skip-invalid': { type: 'boolean' },
    },
  });
  return { values, positionals };
}

/** Prints what a backup command reports (exit 0); its own refusal (CliFailure) is one line on
 * stderr and exit 1; anything else goes to the caller's handler. */
async function printed(run: () => Promise<string>): Promise<number> {
  const { CliFailure } = await import('./backup.ts');
  try {
    process.stdout.write(await run());
    return 0;
  } catch (e) {
    if (e instanceof CliFailure) { process.stderr.write(`kartoteka: ${e.message}\n`); return 1; }
    throw e;
  }
}

function int(name: string, value: string | undefined, min: number, max: number, fallback?: number): number {
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw new UsageError(`--${name} is required`);
  }
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${value}"`);
  return n;
}

export async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (e) {
    process.stderr.write(`kartoteka: ${(e as Error).message}\n\n${helpText()}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) {
    process.stdout.write(helpText());
    return values.help ? 0 : 2;
  }
  const [command, ...rest] = positionals;
  const db = values.db ?? defaultDbPath();
  // Slow statements and handlers are for whoever tunes the app, not for the answer: reported
  // only with --verbose (failures are always reported).
  const quiet = !values.verbose;
  dbOptions = quiet ? { slowQueryMs: Infinity } : {};
  coreOptions = quiet ? { slowHandlerMs: Infinity } : {};
  try {
    switch (command) {
      case 'serve': return await serve(db, int('port', values.port, 0, 65535, 0), rest);
      case 'demo': return await demo(db, int('firms', values.firms, 1, 1_000_000), int('seed', values.seed, 0, 2 ** 31, 1), rest);
      case 'find': return await find(db, rest.join(' '), values.json ?? false, int('limit', values.limit, 1, 1000, 20), values.locale);
      case 'migrate': return await migrate(db, rest);
      case 'check': return await check(db, rest);
      case 'export': {
        noExtra(rest);
        const { exportCommand } = await import('./export.ts');
        const r = await exportCommand(db, { ...values, locale: values.locale ?? cliLocale(db) }, dbOptions);
        if ('usage' in r) throw new UsageError(r.usage);
        process.stdout.write(r.message);
        return 0;
      }
      case 'print': {
        const [kind, ...more] = rest;
        noExtra(more);
        const { printCommand } = await import('./print.ts');
        const r = await printCommand(db, kind, { ...values, locale: values.locale ?? cliLocale(db) }, { db: dbOptions, core: coreOptions });
        if ('usage' in r) throw new UsageError(r.usage);
        process.stderr.write(r.warnings);
        process.stdout.write(r.message);
        return 0;
      }
      case 'backup': {
        noExtra(rest);
        if (!fs.existsSync(db)) throw new UsageError(`no database at ${db}`);
        const { backupCommand } = await import('./backup.ts');
        return printed(() => backupCommand(db, values.out));
      }
      case 'restore': {
        const [file, ...extra] = rest;
        noExtra(extra);
        if (!file) throw new UsageError('restore needs the backup file to restore from');
        const { restoreCommand } = await import('./backup.ts');
        return printed(() => restoreCommand(db, file));
      }
      case 'import': {
        const [file, ...more] = rest;
        noExtra(more);
        if (!fs.existsSync(db)) throw new UsageError(`no database at ${db}`);
        const { importCommand } = await import('./import.ts');
        const r = await importCommand(db, file, { ...values, locale: values.locale ?? cliLocale(db) }, { db: dbOptions, core: coreOptions });
        if ('usage' in r) throw new UsageError(r.usage);
        process.stdout.write(r.message);
        return r.code;
      }
      case 'privacy': {
        const [action, ...more] = rest;
        noExtra(more);
        const { privacyCommand } = await import('./privacy.ts');
        const r = await privacyCommand(db, action, { ...values, locale: values.locale ?? cliLocale(db) }, { db: dbOptions, core: coreOptions });
        if ('usage' in r) throw new UsageError(r.usage);
        process.stdout.write(r.message);
        return 0;
      }
      default: throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`kartoteka: ${e.message}\nRun "kartoteka --help" for usage.\n`);
      return 2;
    }
    const dbError = e instanceof AppError ? e.data : dbErrorData(e, db);
    const dbLine = dbError ? describeDbError(dbError, db) : null;
    if (dbLine) {
      process.stderr.write(`kartoteka: ${dbLine}\n`);
      return 1;
    }
    process.stderr.write(`kartoteka: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

function noExtra(rest: string[]): void {
  if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
}

async function serve(db: string, port: number, rest: string[]): Promise<number> {
  noExtra(rest);
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    process.stderr.write(`kartoteka: the user interface is not built (${RENDERER_DIR}). Run "npm run build:renderer" or "npm start".\n`);
    return 1;
  }
  // The worker opens the file (loads its code, checks, maybe migrates) while the host starts
  // listening: the URL is out at once and the page's first requests wait for the worker.
  const opening = DbClient.open({ dbPath: db, options: dbOptions, slowHandlerMs: coreOptions.slowHandlerMs, autoBackups: AUTO_BACKUPS });
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  let host: Awaited<ReturnType<typeof startHost>>;
  try {
    host = await startHost({ client: pendingClient(opening), staticDir: RENDERER_DIR, port });
  } catch (e) {
    void opening.then((c) => c.close(), () => {});
    throw e;
  }
  process.stdout.write(`Kartoteka is running on ${db}\nOpen in your browser: ${host.url}\nPress Ctrl+C to stop.\n`);
  let client: DbClient | null = null;
  try {
    client = await Promise.race([opening, stopped.then(() => null)]);
    if (client) await stopped;
  } finally {
    await host.close();
    // Stopped while the worker was still opening: let it finish (never kill it mid-migration).
    client ??= await opening.catch(() => null);
    await client?.close();
  }
  return 0;
}

async function demo(db: string, firms: number, seed: number, rest: string[]): Promise<number> {
  noExtra(rest);
  const { generateDemo } = await import('../core/demo/generate.ts');
  const open = await openDatabase(db, dbOptions);
  try {
    const started = Date.now();
    let last = 0;
    const counts = await generateDemo(open, {
      firms, seed,
      // Beside the database, where the app looks for attachments, so the demo's files open.
      filesDir: path.join(path.dirname(open.path), 'files'),
      onProgress: (done, total) => {
        if (process.stderr.isTTY && Date.now() - last > 500) {
          last = Date.now();
          process.stderr.write(`\r${done} / ${total} firms`);
        }
      },
    });
    if (process.stderr.isTTY) process.stderr.write('\r');
    process.stdout.write(`Added ${counts.firms} firms, ${counts.people} people, ${counts.contacts} contacts and ${counts.users} salespeople to ${db} in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`
      + `  with ${counts.leads} leads, ${counts.duplicates} deliberate duplicates, ${counts.segmentMembers} segment memberships, `
      + `${counts.fieldValues} field values, ${counts.notes} notes, ${counts.tasks} tasks, ${counts.attachments} attachments `
      + `(${counts.files} files written), ${counts.changes} recorded changes, ${counts.opportunities} opportunities `
      + `(${counts.openOpportunities} open), ${counts.sales} sales, ${counts.reminders} reminders, ${counts.rules} contact rules and ${counts.subscriptions} newsletter subscriptions.\n`);
    return 0;
  } finally {
    await closeDatabase(open);
  }
}

async function find(db: string, text: string, json: boolean, limit: number, locale: string | undefined): Promise<number> {
  if (!text.trim()) throw new UsageError('find needs the text to search for');
  if (!fs.existsSync(db)) throw new UsageError(`no database at ${db}`);
  // Checked here as firms.list's contract would: loading the contract (zod) or the dispatcher
  // with every handler costs a search more than the search itself.
  if (text.trim().length > 200) throw new UsageError('the text to search for is longer than 200 characters');
  if (locale !== undefined && !(LOCALES as readonly string[]).includes(locale)) throw new UsageError(`--locale must be one of ${LOCALES.join(', ')}, not "${locale}"`);
  const input = { q: text.trim(), limit, locale: (locale as Locale | undefined) ?? cliLocale(db) };
  // Read-only: a search never migrates nor writes, so it cannot make a damaged file worse.
  const open = await openDatabase(db, { ...dbOptions, readonly: true });
  try {
    // The hits alone, not the sorted list of all firms (the same rows as firms.list); text
    // without a word to search for lists every firm, as the app's search box does.
    let list = await searchFirms(open.db, input);
    if (!list) {
      const { createCore } = await import('../core/dispatcher.ts');
      const { envelope } = await createCore(open, coreOptions).dispatch('firms.list', input);
      if (!envelope.ok) throw new AppError(envelope.error);
      list = envelope.value as FirmList;
    }
    if (json) {
      process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    } else {
      for (const r of list.rows) process.stdout.write(`${r.name}\t${r.ico ?? ''}\t${r.city ?? ''}\t${r.id}\n`);
      process.stdout.write(`${list.total} found${list.total > list.rows.length ? `, ${list.rows.length} shown` : ''}\n`);
    }
    return 0;
  } finally {
    await closeDatabase(open);
  }
}

async function migrate(db: string, rest: string[]): Promise<number> {
  noExtra(rest);
  // As the app does at start: a damaged file is replaced by its newest sound backup, and said so.
  const { openOrRecover, recoveryMessage } = await import('../core/backups/open-or-recover.ts');
  const { open, recovery } = await openOrRecover(db, dbOptions);
  if (recovery) process.stderr.write(`kartoteka: ${recoveryMessage(db, recovery)}\n`);
  process.stdout.write(`${db}: schema version ${open.schemaVersion}${open.backupPath ? ` (backup before migrating: ${open.backupPath})` : ''}\n`);
  await closeDatabase(open);
  return 0;
}

function locationWarning(place: { kind: 'network' | 'cloud'; where: string }): string {
  return place.kind === 'cloud'
    ? `the database is in a folder synced by ${place.where}. Sync services damage open databases: move it to a folder on this computer that is not synced (backups may go to the cloud).`
    : `the database is on a network drive (${place.where}). SQLite files on network drives get damaged, above all when two computers open them: keep it on this computer's own disk.`;
}

/** Read-only: never migrates, so it can look at a file a newer app wrote. */
async function check(db: string, rest: string[]): Promise<number> {
  noExtra(rest);
  if (!fs.existsSync(db)) throw new UsageError(`no database at ${db}`);
  const sqlite = new SQLite(db, { readonly: true, fileMustExist: true });
  try {
    const problems: string[] = [];
    // A damaged page can also make these reads fail: that is a finding, not a crash.
    try {
      const integrity = sqlite.pragma('integrity_check', { simple: true });
      if (integrity !== 'ok') problems.push(`integrity: ${String(integrity)}`);
      const fk = sqlite.pragma('foreign_key_check') as unknown[];
      if (fk.length) problems.push(`${fk.length} broken references`);
      const hasMigrations = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'kysely_migration'`).get();
      const applied = hasMigrations ? (sqlite.prepare('SELECT name FROM kysely_migration').all() as { name: string }[]).map((r) => r.name) : [];
      const unknown = applied.filter((n) => !Object.hasOwn(migrations, n));
      const version = applied.length;
      if (unknown.length) problems.push(`written by a newer Kartoteka (unknown migrations: ${unknown.join(', ')})`);
      else if (version < LATEST_SCHEMA_VERSION) problems.push(`schema version ${version}, this app needs ${LATEST_SCHEMA_VERSION}: run "kartoteka migrate"`);
      if (hasMigrations) {
        const search = searchIndexProblem(db);
        if (search) problems.push(`search index: ${search}`);
        const live = sqlite.prepare('SELECT count(*) AS n FROM firms WHERE deleted_at IS NULL').get() as { n: number };
        const indexed = sqlite.prepare('SELECT count(*) AS n FROM firm_search').get() as { n: number };
        if (live.n !== indexed.n) problems.push(`search index has ${indexed.n} firms, the database ${live.n}`);
        // Leads are firm rows too (indexed for the leads list), but not firms to the user (schema v2+).
        const hasLeads = (sqlite.prepare(`SELECT count(*) AS n FROM pragma_table_info('firms') WHERE name = 'is_lead'`).get() as { n: number }).n > 0;
        const leads = hasLeads ? (sqlite.prepare('SELECT count(*) AS n FROM firms WHERE deleted_at IS NULL AND is_lead = 1').get() as { n: number }).n : 0;
        process.stdout.write(`${db}: schema version ${version} (latest ${LATEST_SCHEMA_VERSION}), ${live.n - leads} firms${hasLeads ? `, ${leads} leads` : ''}\n`);
      }
    } catch (e) {
      if (!dbErrorData(e, db)) throw e;
      problems.push(`reading stopped: ${(e as Error).message}`);
    }
    const { locationOf } = await import('../core/backups/handlers.ts');
    const place = locationOf(db);
    if (place) process.stdout.write(`warning: ${locationWarning(place)}\n`);
    for (const p of problems) process.stdout.write(`problem: ${p}\n`);
    process.stdout.write(problems.length ? `${problems.length} problem(s) found\n${recoveryHint(db)}\n` : 'ok\n');
    return problems.length ? 1 : 0;
  } finally {
    sqlite.close();
  }
}

/** FTS5's own check of the search index (which integrity_check sees as opaque blobs). It is
 * write-shaped, so it runs on a read-write handle inside a transaction that is rolled back. */
function searchIndexProblem(db: string): string | null {
  const rw = new SQLite(db, { fileMustExist: true });
  try {
    rw.exec('BEGIN');
    rw.prepare(`INSERT INTO firm_search(firm_search, rank) VALUES ('integrity-check', 1)`).run();
    return null;
  } catch (e) {
    return (e as Error).message;
  } finally {
    if (rw.inTransaction) rw.exec('ROLLBACK');
    rw.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
