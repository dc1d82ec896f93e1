// Test support: real SQLite files in a temporary folder, the real dispatcher, no mocks.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, closeDatabase, type OpenDb, type OpenOptions } from './db/open.ts';
import { createCore, type Core } from './dispatcher.ts';
import type { ChannelName, Input, Output } from '../../shared/contract.ts';
import type { AppErrorData } from '../../shared/errors.ts';

export function tempDir(prefix = 'kartoteka-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface TestCore {
  core: Core;
  open: OpenDb;
  dir: string;
  file: string;
  call<C extends ChannelName>(channel: C, input: Input<C>): Promise<Output<C>>;
  fail<C extends ChannelName>(channel: C, input: unknown): Promise<AppErrorData>;
  count(table: string): number;
  /** The same database seen by another user (a colleague on the office network, later sync). */
  as(userId: string): Pick<TestCore, 'call' | 'fail'>;
  close(): Promise<void>;
}

/** `call` and `fail` on a core (a test that opens its own file, e.g. for the CLI, sets its scene with them). */
export function caller(core: Core): Pick<TestCore, 'call' | 'fail'> {
  return {
    async call(channel, input) {
      const { envelope } = await core.dispatch(channel, input);
      if (!envelope.ok) throw new Error(`${channel} failed: ${JSON.stringify(envelope.error)}`);
      return envelope.value as never;
    },
    async fail(channel, input) {
      const { envelope } = await core.dispatch(channel, input);
      if (envelope.ok) throw new Error(`${channel} was expected to fail but returned ${JSON.stringify(envelope.value)}`);
      return envelope.error;
    },
  };
}

export async function openTestCore(opts: OpenOptions & { now?: () => number } = {}): Promise<TestCore> {
  const dir = tempDir();
  const file = path.join(dir, 'kartoteka.sqlite');
  const open = await openDatabase(file, { localUserName: 'Eva Testová', ...opts });
  const core = createCore(open, { now: opts.now });
  return {
    core, open, dir, file,
    ...caller(core),
    as(userId) {
      return caller(createCore(open, { now: opts.now, actAs: userId }));
    },
    count(table) {
      return (open.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    },
    async close() {
      await closeDatabase(open);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Ids of built-in code list entries, by list and code. */
export function codeId(t: TestCore, list: string, code: string): string {
  const row = t.open.sqlite.prepare('SELECT id FROM codes WHERE list = ? AND code = ?').get(list, code) as { id: string } | undefined;
  if (!row) throw new Error(`no code ${list}.${code}`);
  return row.id;
}

export interface ServeProcess {
  child: import('node:child_process').ChildProcess;
  /** The URL `kartoteka serve` printed (with its token). */
  url: URL;
  /** POSTs a contract channel with the token (or another one), as the browser page does. */
  rpc(channel: string, input: unknown, token?: string): Promise<Response>;
  /** SIGTERM, and the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `kartoteka serve` as a process (`args` after node, e.g. [bin, '--db', file, 'serve'])
 * and resolves once it has printed its URL; rejects with its stderr if it exits before. */
export async function startServe(args: string[], opts: import('node:child_process').SpawnOptions = {}): Promise<ServeProcess> {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => { stderr += c.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const url = await new Promise<URL>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /Open in your browser: (\S+)/.exec(out);
        if (m) resolve(new URL(m[1]!));
      });
      void exited.then((code) => reject(new Error(`serve exited (${code}) before printing its URL: ${stderr}`)));
    });
    return {
      child, url,
      rpc: (channel, input, token = url.searchParams.get('token') ?? '') => fetch(new URL(`/rpc/${channel}`, url), {
        method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Kartoteka': '1', 'X-Kartoteka-Token': token }, body: JSON.stringify(input),
      }),
      async stop() {
        child.kill('SIGTERM');
        return exited;
      },
    };
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
}
