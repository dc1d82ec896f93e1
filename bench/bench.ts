// `npm run bench`: the dispatcher on dataset L (100k firms, ~300k people, ~2M contacts).
// The dataset is built once into .cache/ (reused while the generator version is the same),
// copied to a scratch file for each run so the run's writes never reach the cache, and then
// the three things a user feels are measured through core.dispatch, as the UI calls them:
// search-as-you-type, opening a firm card, logging a contact. A report: exit code 0 even when
// a target is missed, non-zero only when something fails.
//   BENCH_FIRMS=5000   a small dataset for a quick try (cached under its own name)
//   BENCH_PASSES=5     recorded passes over the search terms (after one warm-up pass)
//   BENCH_ITER=500     recorded card opens and contact logs (after 30 warm-ups each)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, closeDatabase, type SlowQuery } from '../main/core/db/open.ts';
import { createCore, type Core } from '../main/core/dispatcher.ts';
import { generateDemo, DEMO_GENERATOR_VERSION, type DemoCounts } from '../main/core/demo/generate.ts';
import { toFtsQuery } from '../main/core/firms/search-query.ts';
import type { FirmList } from '../shared/types.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CACHE_DIR = path.join(ROOT, '.cache');
const SEED = 20260101;
/** The dataset's "now", pinned so that every rebuild, on any machine, holds the same data. */
const DATA_NOW = Date.UTC(2026, 5, 1, 8, 0);
const DAY = 86_400_000;

const FIRMS = intEnv('BENCH_FIRMS', 100_000);
const PASSES = intEnv('BENCH_PASSES', 5);
const ITER = intEnv('BENCH_ITER', 500);
const WARMUP = 30;

// What people type: surnames, firm-name words and cities, with and without diacritics, in
// all three languages. Each is typed letter by letter: n, no, nov, nova, novak.
const TERMS = [
  'novak', 'Novák', 'dvorak', 'Dvořák', 'prochazkova', 'kučera', 'ruzicka', 'stastny', 'horak', 'nemec', 'pokorny',
  'chalupa', 'strojirny', 'elektro', 'stavby', 'pannon', 'agro', 'praha', 'brno', 'plzen', 'hořice', 'ceske budejovice',
  'kovacs', 'kovács', 'nagy', 'szabo', 'gyori', 'budapest', 'иван', 'смирнов', 'москва', 'строй',
];

interface Metric {
  metric: string;
  n: number;
  p50: number;
  p95: number;
  max: number;
  target: string;
  met: boolean | null;
}

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number, not "${raw}"`);
  return n;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function summarize(metric: string, samples: number[], target: string, met: (p95: number) => boolean | null): Metric {
  const sorted = [...samples].sort((a, b) => a - b);
  const p95 = percentile(sorted, 95);
  return { metric, n: samples.length, p50: round(percentile(sorted, 50)), p95: round(p95), max: round(sorted[sorted.length - 1] ?? NaN), target, met: met(p95) };
}

const round = (ms: number) => Math.round(ms * 100) / 100;

/** mulberry32, so every run opens and logs on the same firms. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function removeDb(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
}

interface DatasetMeta {
  generatorVersion: number;
  seed: number;
  now: string;
  firms: number;
  counts: DemoCounts;
  buildSeconds: number;
  builtAt: string;
}

/** The cached dataset: built into a temporary name and renamed only when complete. */
async function dataset(): Promise<{ file: string; meta: DatasetMeta; reused: boolean }> {
  const label = FIRMS === 100_000 ? 'L' : String(FIRMS);
  const base = `bench-${label}-v${DEMO_GENERATOR_VERSION}`;
  const file = path.join(CACHE_DIR, `${base}.sqlite`);
  const metaFile = path.join(CACHE_DIR, `${base}.json`);
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  if (fs.existsSync(file) && fs.existsSync(metaFile)) {
    return { file, meta: JSON.parse(fs.readFileSync(metaFile, 'utf8')) as DatasetMeta, reused: true };
  }
  // Leftovers of an interrupted build are never reused.
  for (const f of fs.readdirSync(CACHE_DIR)) if (f.startsWith(`${base}.sqlite.tmp-`)) fs.rmSync(path.join(CACHE_DIR, f), { force: true });
  const tmp = `${file}.tmp-${process.pid}`;
  removeDb(tmp);
  console.log(`Building dataset ${label} (${FIRMS} firms, seed ${SEED}) into ${path.relative(ROOT, file)} …`);
  const started = performance.now();
  try {
    const open = await openDatabase(tmp, { localUserName: 'Eva Benchová', slowQueryMs: Infinity });
    let lastPrint = 0;
    let counts: DemoCounts;
    try {
      counts = await generateDemo(open, {
        firms: FIRMS, seed: SEED, now: DATA_NOW,
        onProgress: (done, total) => {
          const t = performance.now();
          if (t - lastPrint < 2000 && done < total) return;
          lastPrint = t;
          process.stderr.write(`  ${done} / ${total} firms, ${((t - started) / 1000).toFixed(0)} s\n`);
        },
      });
    } finally {
      await closeDatabase(open); // checkpoints and removes the WAL: one self-contained file
    }
    if (fs.existsSync(`${tmp}-wal`)) throw new Error(`${tmp}-wal was left behind; the dataset is not self-contained`);
    const meta: DatasetMeta = {
      generatorVersion: DEMO_GENERATOR_VERSION, seed: SEED, now: new Date(DATA_NOW).toISOString(), firms: FIRMS, counts,
      buildSeconds: round((performance.now() - started) / 1000), builtAt: new Date().toISOString(),
    };
    fs.writeFileSync(metaFile, `${JSON.stringify(meta, null, 2)}\n`);
    fs.renameSync(tmp, file);
    return { file, meta, reused: false };
  } catch (e) {
    removeDb(tmp);
    throw e;
  }
}

/** fsync latency of the disk under .cache: every logged contact waits for one (synchronous=FULL),
 * so the log figures only carry over to a machine whose disk syncs about as fast. */
function fsyncProbe(): { p50: number; p95: number } {
  const file = path.join(CACHE_DIR, `fsync-probe-${process.pid}.tmp`);
  const fd = fs.openSync(file, 'w');
  const ms: number[] = [];
  try {
    const page = Buffer.alloc(4096, 1);
    for (let i = 0; i < 100; i++) {
      fs.writeSync(fd, page, 0, page.length, (i % 16) * page.length);
      const s = performance.now();
      fs.fsyncSync(fd);
      ms.push(performance.now() - s);
    }
  } finally {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
  }
  ms.sort((a, b) => a - b);
  return { p50: round(percentile(ms, 50)), p95: round(percentile(ms, 95)) };
}

async function call<T>(core: Core, channel: string, input: unknown): Promise<T> {
  const { envelope } = await core.dispatch(channel, input);
  if (!envelope.ok) throw new Error(`${channel} failed: ${JSON.stringify(envelope.error)}`);
  return envelope.value as T;
}

function prefixes(term: string): string[] {
  const chars = [...term];
  return chars.map((_, i) => chars.slice(0, i + 1).join(''));
}

async function main(): Promise<void> {
  const { file: cached, meta, reused } = await dataset();
  const scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kartoteka-bench-'));
  const scratch = path.join(scratchDir, 'bench.sqlite');
  fs.copyFileSync(cached, scratch);
  const slow: SlowQuery[] = [];
  const slowHandlers: string[] = [];
  const open = await openDatabase(scratch, { onSlowQuery: (q) => slow.push(q) });
  try {
    const core = createCore(open, { log: (line) => slowHandlers.push(line) });
    const sqlite = open.sqlite;
    const firmsInDb = (sqlite.prepare('SELECT count(*) FROM firms').pluck().get() as number);
    console.log(`Dataset: ${firmsInDb} firms, ${meta.counts.people} people, ${meta.counts.contacts} contacts `
      + `(${reused ? 'cached' : 'built'}; build took ${meta.buildSeconds.toFixed(1)} s on ${meta.builtAt.slice(0, 10)})`);

    // The first list after opening loads the in-memory list index: what the user waits for at start.
    let t = performance.now();
    await call<FirmList>(core, 'firms.list', { locale: 'cs', offset: 0, limit: 100 });
    const firstList = performance.now() - t;
    t = performance.now();
    await call<FirmList>(core, 'firms.list', { q: 'novak', locale: 'cs', offset: 0, limit: 100 });
    const firstSearch = performance.now() - t;

    // --- search as you type ---------------------------------------------------------------
    const raw = sqlite.prepare('SELECT rowid FROM firm_search WHERE firm_search MATCH ?');
    const typed = TERMS.flatMap(prefixes);
    const searchMs: number[] = [];
    const rawMs: number[] = [];
    const byLength = new Map<string, { list: number[]; raw: number[] }>();
    const perPrefix = new Map<string, { list: number[]; raw: number[]; total: number }>();
    for (let pass = 0; pass <= PASSES; pass++) {
      for (const q of typed) {
        const fts = toFtsQuery(q);
        // Alternate which goes first so neither always finds the pages warmer.
        const order = pass % 2 === 0 ? ['list', 'raw'] : ['raw', 'list'];
        let listTime = 0;
        let rawTime = 0;
        let total = 0;
        for (const which of order) {
          if (which === 'list') {
            const s = performance.now();
            const res = await call<FirmList>(core, 'firms.list', { q, locale: 'cs', offset: 0, limit: 100 });
            listTime = performance.now() - s;
            total = res.total;
          } else {
            const s = performance.now();
            if (fts) raw.all(fts);
            rawTime = performance.now() - s;
          }
        }
        if (pass === 0) continue; // warm-up
        searchMs.push(listTime);
        rawMs.push(rawTime);
        const len = [...q.trim()].length;
        const bucket = len >= 4 ? '4+ letters' : `${len} letter${len === 1 ? '' : 's'}`;
        const b = byLength.get(bucket) ?? { list: [], raw: [] };
        b.list.push(listTime);
        b.raw.push(rawTime);
        byLength.set(bucket, b);
        const p = perPrefix.get(q) ?? { list: [], raw: [], total };
        p.list.push(listTime);
        p.raw.push(rawTime);
        perPrefix.set(q, p);
      }
    }

    // --- open a firm card -------------------------------------------------------------------
    const ids = sqlite.prepare('SELECT id FROM firms WHERE deleted_at IS NULL ORDER BY rid').pluck().all() as string[];
    const random = rng(SEED);
    const pickFirm = () => ids[Math.floor(random() * ids.length)]!;
    const cardMs: number[] = [];
    const cardSizes: number[] = [];
    for (let i = 0; i < WARMUP + ITER; i++) {
      const id = pickFirm();
      const s = performance.now();
      await call(core, 'firms.get', { id });
      const contacts = await call<unknown[]>(core, 'contacts.list', { firmId: id });
      const ms = performance.now() - s;
      if (i >= WARMUP) { cardMs.push(ms); cardSizes.push(contacts.length); }
    }

    // --- log a contact with a next contact ----------------------------------------------------
    const code = (list: string, c: string) => sqlite.prepare('SELECT id FROM codes WHERE list = ? AND code = ?').pluck().get(list, c) as string;
    const mainPerson = sqlite.prepare('SELECT id FROM people WHERE firm_id = ? AND is_main = 1 AND deleted_at IS NULL');
    const kindCall = code('contact_kind', 'call');
    const followUp = code('contact_result', 'follow_up');
    const me = open.localUserId;
    const logMs: number[] = [];
    for (let i = 0; i < WARMUP + ITER; i++) {
      const firmId = pickFirm();
      const personId = (mainPerson.pluck().get(firmId) as string | undefined) ?? null;
      const now = Date.now();
      const input = {
        firmId, personId, status: 'done', at: now, kindId: kindCall, referentId: me, resultId: followUp,
        summary: 'Telefonát: zájem o ložiska, poslat nabídku', note: '',
        next: { at: now + 7 * DAY, task: 'Zavolat kvůli nabídce – ložiska', referentId: me },
      };
      const s = performance.now();
      await call(core, 'contacts.create', input);
      const ms = performance.now() - s;
      if (i >= WARMUP) logMs.push(ms);
    }

    // --- report -----------------------------------------------------------------------------
    const fsync = fsyncProbe();
    const rawSummary = summarize('search: raw FTS5 MATCH (better-sqlite3)', rawMs, 'reference', () => null);
    const rawP95 = percentile([...rawMs].sort((a, b) => a - b), 95);
    const metrics: Metric[] = [
      summarize('search: firms.list {q} as you type', searchMs, `≤ 20 ms and ≤ 1.5× raw (${(1.5 * rawP95).toFixed(1)} ms)`,
        (p95) => p95 <= 20 && p95 <= 1.5 * rawP95),
      rawSummary,
      ...[...byLength.entries()].sort().flatMap(([bucket, b]) => [
        summarize(`  firms.list, ${bucket}`, b.list, 'info', () => null),
        summarize(`  raw FTS5, ${bucket}`, b.raw, 'info', () => null),
      ]),
      summarize('card: firms.get + contacts.list', cardMs, '≤ 30 ms', (p95) => p95 <= 30),
      summarize('log: contacts.create with next', logMs, '≤ 5 ms', (p95) => p95 <= 5),
    ];
    const slowest = [...perPrefix.entries()]
      .map(([q, p]) => ({ q, hits: p.total, listP50: round(percentile([...p.list].sort((a, b) => a - b), 50)), rawP50: round(percentile([...p.raw].sort((a, b) => a - b), 50)) }))
      .sort((a, b) => b.listP50 - a.listP50).slice(0, 8);

    console.log('');
    printTable(metrics);
    console.log('');
    console.log(`dataset build: ${meta.buildSeconds.toFixed(1)} s${reused ? ' (cached; measured when it was built)' : ''}`);
    console.log(`first firms.list after open (cold list index): ${firstList.toFixed(1)} ms; first search after it: ${firstSearch.toFixed(1)} ms`);
    console.log(`card contacts per firm: p50 ${percentile([...cardSizes].sort((a, b) => a - b), 50)}, max ${Math.max(...cardSizes)}`);
    console.log('slowest prefixes (p50 ms, list vs raw, hits):');
    for (const s of slowest) console.log(`  ${JSON.stringify(s.q).padEnd(12)} ${String(s.listP50).padStart(7)} ${String(s.rawP50).padStart(7)} ${String(s.hits).padStart(7)}`);
    console.log(`fsync on this disk: p50 ${fsync.p50} ms, p95 ${fsync.p95} ms (one per logged contact: synchronous=FULL)`);
    if (slow.length) console.log(`slow-query log: ${slow.length} statements ≥ 50 ms, e.g. ${slow.slice(0, 3).map((q) => `${q.ms.toFixed(0)} ms ${q.sql.replace(/\s+/g, ' ').slice(0, 100)}`).join(' | ')}`);
    if (slowHandlers.length) console.log(`slow-handler log: ${slowHandlers.length} lines, e.g. ${slowHandlers.slice(0, 3).join(' | ')}`);

    const results = {
      generatedAt: new Date().toISOString(),
      dataset: { file: path.relative(ROOT, cached), reused, ...meta },
      environment: { node: process.version, platform: `${process.platform} ${os.arch()}`, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? '', fsyncMs: fsync },
      firstListMs: round(firstList),
      firstSearchMs: round(firstSearch),
      metrics,
      slowestPrefixes: slowest,
      slowQueries: slow.length,
      slowHandlers: slowHandlers.length,
    };
    fs.writeFileSync(path.join(CACHE_DIR, 'bench-results.json'), `${JSON.stringify(results, null, 2)}\n`);
    console.log('');
    console.log(JSON.stringify(results, null, 2));
  } finally {
    await closeDatabase(open);
    fs.rmSync(scratchDir, { recursive: true, force: true });
  }
}

function printTable(metrics: Metric[]): void {
  const head = ['metric', 'n', 'p50 ms', 'p95 ms', 'max ms', 'target', 'met?'];
  const rows = metrics.map((m) => [m.metric, String(m.n), m.p50.toFixed(2), m.p95.toFixed(2), m.max.toFixed(2), m.target,
    m.met === null ? '' : m.met ? 'yes' : 'NO']);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === 5 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

try {
  await main();
} catch (e) {
  console.error(`bench failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  process.exitCode = 1;
}
