// Issue 15's kill test: a child process doing committed writes through the real database layer
// is killed with SIGKILL at a random moment, again and again on one file: integrity_check passes
// after every kill and no acknowledged write is missing. The figures are printed. The suite runs
// 20 kills (50 take ~25 s on two busy cores); `npm run kill-test` runs the 50.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { tempDir } from '../test-helpers.ts';
import { openDatabase, closeDatabase } from '../db/open.ts';
import { killRuns } from './kill-runs.ts';

const RUNS = 20;
const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('a writer killed with SIGKILL at random moments, 20 times: integrity ok, no acknowledged write lost', async () => {
  const file = path.join(dir, 'kill.sqlite');
  await closeDatabase(await openDatabase(file, { localUserName: 'Kill test' }));
  const seed = Date.now() % 1_000_000;
  const f = await killRuns(file, RUNS, seed);
  console.log(`kill test (seed ${seed}): ${f.runs} runs, ${f.acknowledged} acknowledged writes, ${f.missing} missing, `
    + `integrity_check ok ${f.integrityOk}/${f.runs}, the write in flight found committed in ${f.inFlightKept} runs`);
  expect(f.problems).toEqual([]);
  expect(f.integrityOk).toBe(RUNS);
  expect(f.missing).toBe(0);
  expect(f.acknowledged).toBeGreaterThanOrEqual(RUNS);
}, 300_000);
