// Bench: a backup of dataset L while the app works (issue 15: ≤ 10 s, and the UI answers
// meanwhile — the worker keeps serving reads). `npm run bench:backup` (also the end of
// `npm run bench`). The dataset is bench.ts's cached L (BENCH_DB=path.sqlite for another),
// copied to a scratch folder first: the backup, its files store and any write stay there.
//
// Measured: the wall and CPU time of `backups.run` through the real database worker (copy on
// its own thread + quick_check of the copy + rename), and the latency of the reads a window
// sends meanwhile — a firm card or a search every 50 ms, faster than anyone clicks or types —
// beside the same reads with no backup running. CPU is the whole process's (the backup's
// threads and the reads), from process.cpuUsage. Results on stdout and in .cache/bench-backup.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { DbClient } from '../main/core/db/client.ts';
import { DEMO_GENERATOR_VERSION } from '../main/core/demo/generate.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const CACHE_DIR = path.join(ROOT, '.cache');

function datasetL(): string | null {
  const schema = createHash('sha256').update(fs.readFileSync(path.join(ROOT, 'migrations', 'schema.snapshot.sql'))).digest('hex').slice(0, 8);
  const file = path.join(CACHE_DIR, `bench-L-v${DEMO_GENERATOR_VERSION}-${schema}.sqlite`);
  return fs.existsSync(file) ? file : null;
}

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN; };

const PACE_MS = 50;

async function reads(c: DbClient, firmIds: string[], until: () => boolean, min = 0): Promise<number[]> {
  const ms: number[] = [];
  const words = ['novák', 'pekárna', 'kovács', 'строй', 'dvořák', 'servis'];
  for (let i = 0; !until() || i < min; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, PACE_MS));
    const t0 = performance.now();
    const r = i % 2 === 0
      ? await c.invoke('firms.get', { id: firmIds[i % firmIds.length] })
      : await c.invoke('firms.list', { q: words[i % words.length], locale: 'cs', limit: 50 });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    ms.push(performance.now() - t0);
  }
  return ms;
}

async function main(): Promise<void> {
  const source = process.env.BENCH_DB ? path.resolve(process.env.BENCH_DB) : datasetL();
  if (!source) { console.log('No dataset L in .cache/ (build it with BENCH_BUILD_ONLY=1 npm run bench): nothing measured.'); return; }
  const scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kartoteka-bench-backup-'));
  const scratch = path.join(scratchDir, 'kartoteka.sqlite');
  let client: DbClient | null = null;
  try {
    process.stdout.write(`Copying ${source} to a scratch file … `);
    fs.copyFileSync(source, scratch, fs.constants.COPYFILE_FICLONE);
    console.log('done');
    // Only the firms table checked at open: the full check is a start-up cost, not a backup's.
    client = await DbClient.open({ dbPath: scratch, options: { integrityCheck: { only: ['firms'] } } });
    const c = client;
    const list = await c.invoke('firms.list', { locale: 'cs', limit: 500 }); // warms the list
    if (!list.ok) throw new Error(JSON.stringify(list.error));
    const firmIds = (list.value as { rows: { id: string }[] }).rows.map((r) => r.id);
    const quiet = await reads(c, firmIds, () => true, 60);

    let done = false;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const backup = c.invoke('backups.run', {}).then((r) => { done = true; return r; });
    const during = await reads(c, firmIds, () => done);
    const result = await backup;
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    const { size, method } = result.value as { size: number; method: string };

    const row = (label: string, xs: number[]) => `${label.padEnd(28)} ${String(xs.length).padStart(5)} reads   p50 ${pct(xs, 50).toFixed(1).padStart(7)} ms   p95 ${pct(xs, 95).toFixed(1).padStart(7)} ms   max ${Math.max(...xs).toFixed(1).padStart(7)} ms`;
    console.log(`backup of ${(size / 2 ** 30).toFixed(2)} GB (copy by ${method}, quick_check, rename): ${seconds.toFixed(1)} s wall, ${cpuSeconds.toFixed(1)} s CPU (target ≤ 10 s: ${seconds <= 10 ? 'met' : 'NOT met'})`);
    console.log(row('reads, no backup running', quiet));
    console.log(row('reads during the backup', during));
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    fs.writeFileSync(path.join(CACHE_DIR, 'bench-backup.json'), JSON.stringify({
      at: new Date().toISOString(), dataset: source, bytes: size, method, seconds, cpuSeconds, targetMet: seconds <= 10,
      readsQuiet: { n: quiet.length, p50: pct(quiet, 50), p95: pct(quiet, 95), max: Math.max(...quiet) },
      readsDuring: { n: during.length, p50: pct(during, 50), p95: pct(during, 95), max: Math.max(...during) },
    }, null, 2));
  } finally {
    await client?.close();
    fs.rmSync(scratchDir, { recursive: true, force: true });
  }
}

await main();
