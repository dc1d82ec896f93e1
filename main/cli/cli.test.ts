import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../core/test-helpers.ts';
import { LATEST_SCHEMA_VERSION } from '../../migrations/index.ts';
import { BIN, runCli } from './test-run.ts';

const dir = tempDir();
const db = path.join(dir, 'cli.sqlite');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) => runCli(dir, args);

describe('kartoteka CLI', () => {
  it('prints help with the default data file', () => {
    const r = run('--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`default: ${path.join(dir, 'kartoteka.sqlite')}`);
  });

  it('answers bad arguments with a clear message and exit code 2', () => {
    expect(run('--frobnicate')).toMatchObject({ code: 2, err: expect.stringContaining("Unknown option '--frobnicate'") });
    expect(run('dance')).toMatchObject({ code: 2, err: expect.stringContaining('unknown command "dance"') });
    expect(run('--db', db, 'demo')).toMatchObject({ code: 2, err: expect.stringContaining('--firms is required') });
    expect(run('--db', db, 'demo', '--firms', 'many')).toMatchObject({ code: 2, err: expect.stringContaining('--firms must be a whole number') });
    expect(run('--db', db, 'find')).toMatchObject({ code: 2, err: expect.stringContaining('find needs the text') });
    expect(run()).toMatchObject({ code: 2 });
  });

  it('migrates, fills demo data, finds it like the UI does, and checks the file', () => {
    expect(run('--db', db, 'migrate')).toMatchObject({ code: 0, out: expect.stringContaining(`schema version ${LATEST_SCHEMA_VERSION}`) });
    const demo = run('--db', db, 'demo', '--firms', '40', '--seed', '7');
    expect(demo.code, demo.err).toBe(0);
    expect(demo.out).toMatch(/Added 40 firms, \d+ people, \d+ contacts/);
    const all = JSON.parse(run('--db', db, 'find', 'a', '--json', '--limit', '1000').out);
    expect(all.total).toBeGreaterThan(0);
    // Search for the first word of some firm, typed without diacritics: that firm is among the hits.
    const target = all.rows.find((r: { name: string }) => /[áčďéěíňóřšťúůýž]/i.test(r.name)) ?? all.rows[0];
    const word = target.name.split(/\s+/).find((w: string) => w.length > 3) ?? target.name;
    const plain = word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    const hits = JSON.parse(run('--db', db, 'find', plain, '--json').out);
    expect(hits.rows.map((r: { id: string }) => r.id)).toContain(target.id);
    const check = run('--db', db, 'check');
    expect(check.code, check.out).toBe(0);
    expect(check.out).toContain('40 firms');
  });

  it('check reports a database it cannot use, without changing it', () => {
    expect(run('--db', path.join(dir, 'missing.sqlite'), 'check')).toMatchObject({ code: 2, err: expect.stringContaining('no database at') });
  });

  it('serve prints a loopback URL with a token', async () => {
    const child = spawn(process.execPath, [BIN, '--db', db, 'serve', '--port', '0'], { env: process.env });
    try {
      const out = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (d) => { text += d; if (text.includes('token=')) resolve(text); });
        child.stderr.on('data', (d) => { text += d; });
        child.on('exit', () => reject(new Error(text)));
      });
      expect(out).toMatch(/http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
