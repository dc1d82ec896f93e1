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

function caller(core: Core): Pick<TestCore, 'call' | 'fail'> {
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
