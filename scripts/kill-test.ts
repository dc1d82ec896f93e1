// The kill test at the full count: `node scripts/kill-test.ts [runs] [seed]` (default 50
// runs; `npm run kill-test`). A child commits writes through the real database layer and is
// killed with SIGKILL at a random moment, again and again on one file; after each kill the file
// must pass integrity_check and hold every write the child acknowledged. Prints the figures;
// exits 1 on any problem. The suite runs the same engine with fewer runs (kill.test.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, closeDatabase } from '../main/core/db/open.ts';
import { killRuns } from '../main/core/backups/kill-runs.ts';

const runs = Number(process.argv[2] ?? 50);
const seed = Number(process.argv[3] ?? Date.now() % 1_000_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kartoteka-kill-'));
try {
  const file = path.join(dir, 'kill.sqlite');
  await closeDatabase(await openDatabase(file, { localUserName: 'Kill test' }));
  const started = performance.now();
  const f = await killRuns(file, runs, seed);
  console.log(`kill test (seed ${seed}): ${f.runs} runs, ${f.acknowledged} acknowledged writes, ${f.missing} missing, `
    + `integrity_check ok ${f.integrityOk}/${f.runs}, the write in flight found committed in ${f.inFlightKept} runs `
    + `(${((performance.now() - started) / 1000).toFixed(1)} s)`);
  for (const p of f.problems) console.log(`problem: ${p}`);
  process.exitCode = f.problems.length ? 1 : 0;
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
