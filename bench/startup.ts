// Start-up of the command line and the browser host, timed from outside as a user meets it: a
// fresh process per run, wall time from spawn, CPU time (user + sys) of the process beside it
// (a busy machine shows as wall ≫ CPU; a slow program as CPU ≫ its target), memory from /proc.
//
//   npm run bench:startup           (also the last part of `npm run bench`)
//   BENCH_STARTUP_RUNS=7            runs per measure (median reported; default 5)
//   BENCH_DB=path.sqlite            measure on this database instead of the cached dataset L
//
// Dataset L is the one `npm run bench` builds into .cache/ (BENCH_BUILD_ONLY=1 builds just it);
// it is copied to a scratch file first, so the runs (serve opens it read-write) never touch it.
// Results: a table on stdout and .cache/bench-startup.json. Linux only (/proc).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import SQLite from 'better-sqlite3';
import { DEMO_GENERATOR_VERSION } from '../main/core/demo/generate.ts';
import { UI_LOCALE_SETTING } from '../shared/locale.ts';
import { startServe } from '../main/core/test-helpers.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'kartoteka.mjs');
const CACHE_DIR = path.join(ROOT, '.cache');
const RUNS = Math.max(1, Number(process.env.BENCH_STARTUP_RUNS ?? 5) || 5);
/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on every Linux we run on). */
const TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

interface Sample { wallMs: number; cpuMs: number; rssMb?: number }
interface Row { measure: string; target: string; wallMs: number; cpuMs: number; rssMb?: number; runs: number; ok: boolean | null }

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** utime + stime of a live process (all its threads), in ms. */
function cpuOf(pid: number | 'self'): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / TICKS;
}

/** Peak resident memory (VmHWM) of a live process — the host and its worker thread are one process. */
function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** One short command, run to its end by a small wrapper process that reads the CPU time of its
 * waited-for child from its own /proc entry (cutime + cstime): a finished child's own entry
 * is gone by the time Node reports its exit. */
function timeCommand(args: string[]): Sample {
  const wrapper = `
    const { spawnSync } = require('node:child_process');
    const fs = require('node:fs');
    const t0 = performance.now();
    const r = spawnSync(process.execPath, process.argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
    const wallMs = performance.now() - t0;
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    process.stdout.write(JSON.stringify({ status: r.status, stderr: String(r.stderr).slice(0, 2000), wallMs, ticks: Number(f[13]) + Number(f[14]) }));`;
  const r = spawnSync(process.execPath, ['-e', wrapper, BIN, ...args], { encoding: 'utf8', cwd: ROOT });
  const out = JSON.parse(r.stdout) as { status: number; stderr: string; wallMs: number; ticks: number };
  if (out.status !== 0) throw new Error(`kartoteka ${args.join(' ')} exited with ${out.status}: ${out.stderr}`);
  return { wallMs: out.wallMs, cpuMs: (out.ticks * 1000) / TICKS };
}

interface ServeSample { url: Sample; firstList: Sample & { rssMb: number; total: number }; warm: Sample & { rssMb: number } }

/** `kartoteka serve`: until the URL is printed, then until the first page of the firm list
 * (as the window asks for it) is answered; CPU and peak memory of the process at that point. */
async function timeServe(db: string, locale: string): Promise<ServeSample> {
  const t0 = performance.now();
  const serve = await startServe([BIN, '--db', db, 'serve'], { cwd: ROOT });
  try {
    const pid = serve.child.pid!;
    const urlSample = { wallMs: performance.now() - t0, cpuMs: cpuOf(pid) };
    const res = await serve.rpc('firms.list', { q: '', locale, offset: 0, limit: 100 });
    const envelope = await res.json() as { ok: boolean; value?: { total: number; rows: unknown[] }; error?: unknown };
    const wallMs = performance.now() - t0;
    if (!envelope.ok || !envelope.value?.rows.length) throw new Error(`firms.list answered ${JSON.stringify(envelope).slice(0, 300)}`);
    const firstList = { wallMs, cpuMs: cpuOf(pid), rssMb: peakRssMb(pid), total: envelope.value.total };
    // A search needs the warm list: once it is answered, the list is sorted and in memory.
    const searched = await (await serve.rpc('firms.list', { q: 'novak', locale, offset: 0, limit: 100 })).json() as { ok: boolean };
    if (!searched.ok) throw new Error('the search after the first page failed');
    const warm = { wallMs: performance.now() - t0, cpuMs: cpuOf(pid), rssMb: peakRssMb(pid) };
    return { url: urlSample, firstList, warm };
  } finally {
    await serve.stop();
  }
}

/** The cached dataset L of bench.ts (the same name: generator version + schema hash). */
function datasetL(): string | null {
  const schema = createHash('sha256').update(fs.readFileSync(path.join(ROOT, 'migrations', 'schema.snapshot.sql'))).digest('hex').slice(0, 8);
  const file = path.join(CACHE_DIR, `bench-L-v${DEMO_GENERATOR_VERSION}-${schema}.sqlite`);
  return fs.existsSync(file) ? file : null;
}

function row(measure: string, target: string, samples: Sample[], limitMs: number | null, rssLimitMb?: number): Row {
  const wallMs = median(samples.map((s) => s.wallMs));
  const rss = samples.every((s) => s.rssMb !== undefined) ? median(samples.map((s) => s.rssMb!)) : undefined;
  const ok = limitMs === null ? null : wallMs <= limitMs && (rssLimitMb === undefined || (rss ?? Infinity) <= rssLimitMb);
  return { measure, target, wallMs, cpuMs: median(samples.map((s) => s.cpuMs)), rssMb: rss, runs: samples.length, ok };
}

async function main(): Promise<void> {
  // Build the bundle first (as `kartoteka` would on its first start), and the UI `serve` serves:
  // neither build belongs to a start-up.
  const build = pathToFileURL(path.join(ROOT, 'scripts', 'build-electron.mjs')).href;
  const { buildCli, cliIsStale } = await import(build) as { buildCli(): Promise<unknown>; cliIsStale(): boolean };
  if (cliIsStale()) await buildCli();
  if (!fs.existsSync(path.join(ROOT, 'dist', 'renderer', 'index.html'))) {
    const vite = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
    if (vite.status !== 0) throw new Error('the user interface did not build');
  }

  const rows: Row[] = [];
  const help: Sample[] = [];
  timeCommand(['--help']); // the first start after a build fills V8's compile cache
  for (let i = 0; i < RUNS; i++) help.push(timeCommand(['--help']));
  rows.push(row('kartoteka --help', '≤ 300 ms', help, 300));

  const source = process.env.BENCH_DB ? path.resolve(process.env.BENCH_DB) : datasetL();
  let dataset: string | null = null;
  if (!source) {
    console.log('No dataset L in .cache/ (build it with BENCH_BUILD_ONLY=1 npm run bench): only --help measured.');
  } else {
    const scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kartoteka-startup-'));
    const scratch = path.join(scratchDir, 'startup.sqlite');
    try {
      process.stdout.write(`Copying ${path.relative(ROOT, source)} to a scratch file … `);
      fs.copyFileSync(source, scratch, fs.constants.COPYFILE_FICLONE);
      console.log('done');
      // The language the user chose in the app: what the worker warms the list for, and what
      // the window then asks in.
      const locale = 'cs';
      const sqlite = new SQLite(scratch);
      sqlite.prepare('INSERT OR REPLACE INTO settings (key, value, updated_at) VALUES (?, ?, ?)').run(UI_LOCALE_SETTING, JSON.stringify(locale), Date.now());
      const firms = sqlite.prepare('SELECT count(*) FROM firms WHERE deleted_at IS NULL AND is_lead = 0').pluck().get() as number;
      sqlite.close();
      dataset = `${path.relative(ROOT, source)} (${firms} firms)`;

      const find: Sample[] = [];
      timeCommand(['--db', scratch, 'find', 'novak', '--json']); // warms the OS file cache, as a second search would find it
      for (let i = 0; i < RUNS; i++) find.push(timeCommand(['--db', scratch, 'find', 'novak', '--json']));
      rows.push(row('kartoteka find novak --json (L)', '≤ 600 ms', find, 600));

      const serve: ServeSample[] = [];
      await timeServe(scratch, locale); // the same: the file in the OS cache, as after any earlier start
      for (let i = 0; i < RUNS; i++) serve.push(await timeServe(scratch, locale));
      rows.push(row('kartoteka serve (L): URL printed', '≤ 500 ms', serve.map((s) => s.url), 500));
      rows.push(row('kartoteka serve (L): first firms.list page', '≤ 1500 ms, ≤ 300 MB', serve.map((s) => s.firstList), 1500, 300));
      rows.push(row('kartoteka serve (L): then a search (list warm)', '(no target)', serve.map((s) => s.warm), null));
    } finally {
      fs.rmSync(scratchDir, { recursive: true, force: true });
    }
  }

  const pad = (s: string, n: number) => s.padEnd(n);
  console.log(`\nStart-up (median of ${RUNS} runs; CPU = user + sys of the process, the host with its worker thread)`);
  console.log(`${pad('measure', 44)}${pad('target', 22)}${pad('wall ms', 10)}${pad('CPU ms', 10)}${pad('peak RSS', 10)}`);
  for (const r of rows) {
    console.log(`${pad(r.measure, 44)}${pad(r.target, 22)}${pad(r.wallMs.toFixed(0), 10)}${pad(r.cpuMs.toFixed(0), 10)}${pad(r.rssMb === undefined ? '' : `${r.rssMb.toFixed(0)} MB`, 10)}${r.ok === null ? '' : r.ok ? 'ok' : 'MISSED'}`);
  }
  const load = os.loadavg()[0]!;
  console.log(`load average ${load.toFixed(2)} on ${os.cpus().length} cores${load > 0.5 ? ' (not idle: compare wall with CPU)' : ''}`);
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const out = path.join(CACHE_DIR, 'bench-startup.json');
  fs.writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), node: process.version, cores: os.cpus().length, loadAverage: os.loadavg(), runs: RUNS, dataset, rows }, null, 2)}\n`);
  console.log(`Written to ${path.relative(ROOT, out)}`);
}

await main();
