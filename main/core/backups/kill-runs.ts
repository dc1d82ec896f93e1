// The kill test's engine (kill.test.ts runs it in the suite, scripts/kill-test.ts from the command
// line): a child process commits writes through the real database layer and prints each one
// acknowledged; it is killed with SIGKILL at a random moment — after a random number of
// acknowledged writes, plus a random few milliseconds, so the kill lands anywhere in a write —
// and then the file must pass integrity_check and hold every acknowledged write.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import SQLite from 'better-sqlite3';
import { build } from 'esbuild';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const FIXTURE = path.join(import.meta.dirname, 'kill-child.fixture.ts');

/** The child as one bundle: from sources, Node would load and strip ~100 modules per run. */
export async function bundleChild(): Promise<string> {
  const out = path.join(ROOT, 'node_modules', '.cache', 'kartoteka-kill', 'child.mjs');
  await build({
    entryPoints: [FIXTURE], outfile: out, bundle: true, platform: 'node', format: 'esm', target: 'node22',
    external: ['better-sqlite3'], logLevel: 'silent',
    banner: { js: `import { createRequire as __kartotekaCreateRequire } from 'node:module';\nconst require = __kartotekaCreateRequire(import.meta.url);` },
  });
  return out;
}

export interface KillFigures {
  runs: number;
  /** Writes the children printed as committed, in all. */
  acknowledged: number;
  /** Acknowledged writes not in the file after the kill: must be 0. */
  missing: number;
  /** Runs whose file passed integrity_check: must be all. */
  integrityOk: number;
  /** Runs where the write in flight at the kill was found committed (allowed: it had reached the disk). */
  inFlightKept: number;
  problems: string[];
}

/** A small seeded generator, so a failing run can be repeated (the seed is printed). */
function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x / 0x1_0000_0000; };
}

export async function killRuns(file: string, runs: number, seed: number, child?: string): Promise<KillFigures> {
  const script = child ?? await bundleChild();
  const rnd = random(seed);
  const figures: KillFigures = { runs, acknowledged: 0, missing: 0, integrityOk: 0, inFlightKept: 0, problems: [] };
  for (let run = 1; run <= runs; run++) {
    const after = 1 + Math.floor(rnd() * 40);
    const delayMs = rnd() * 6;
    const acked = await runOnce(script, file, run, after, delayMs);
    const db = new SQLite(file);
    try {
      const integrity = String(db.pragma('integrity_check', { simple: true }));
      if (integrity === 'ok') figures.integrityOk++;
      else figures.problems.push(`run ${run}: integrity_check: ${integrity}`);
      const found = new Set((db.prepare(`SELECT name FROM firms WHERE name LIKE ?`).all(`Zápis ${run}/%`) as { name: string }[])
        .map((r) => Number(r.name.split('/')[1])));
      for (let seq = 1; seq <= acked; seq++) {
        if (!found.has(seq)) { figures.missing++; figures.problems.push(`run ${run}: acknowledged write ${seq} is missing`); }
      }
      if (found.has(acked + 1)) figures.inFlightKept++;
    } finally {
      db.close();
    }
    figures.acknowledged += acked;
  }
  return figures;
}

/** One child: killed once it acknowledged `after` writes and `delayMs` more passed; returns how many it acknowledged. */
function runOnce(script: string, file: string, run: number, after: number, delayMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, file, String(run)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let acked = 0;
    let buffer = '';
    let stderr = '';
    let killing = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) if (/^\d+$/.test(line)) acked = Math.max(acked, Number(line));
      if (acked >= after && !killing) {
        killing = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.stderr.on('data', (d) => { stderr += String(d); });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      // A line printed just before the kill may still sit in the pipe: 'exit' can come before the
      // last 'data', so the count is taken once stdout has ended.
      child.stdout.once('end', () => {
        if (/^\d+$/.test(buffer)) acked = Math.max(acked, Number(buffer));
        if (signal !== 'SIGKILL') reject(new Error(`the writer ended by itself (${code}): ${stderr.slice(0, 500)}`));
        else resolve(acked);
      });
      if (child.stdout.readableEnded) child.stdout.emit('end');
    });
  });
}
