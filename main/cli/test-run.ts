// The CLI as a user runs it in the CLI tests: the built entry point as a process of its own,
// with the data folder (KARTOTEKA_HOME) of the test.
import path from 'node:path';
import { spawnSync } from 'node:child_process';

export const BIN = path.resolve(import.meta.dirname, '../../bin/kartoteka.mjs');

export interface CliResult { code: number | null; out: string; err: string }

export function runCli(home: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, KARTOTEKA_HOME: home, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
