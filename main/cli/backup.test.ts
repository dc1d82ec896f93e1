// `kartoteka backup` and `kartoteka restore` as a user runs them (the built CLI as a process),
// and what the CLI says when it recovers a damaged file or finds it in a synced folder.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../core/test-helpers.ts';
import { openDatabase, closeDatabase } from '../core/db/open.ts';
import { createCore } from '../core/dispatcher.ts';
import { putBlob } from '../core/attachments/store.ts';
import { damage } from '../../migrations/old-database.ts';
import { runCli } from './test-run.ts';

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) => runCli(dir, args);

/** A data folder of its own per test: backups/ and files/ beside the database. */
function freshHome(name: string): { home: string; db: string } {
  const home = path.join(dir, name);
  fs.mkdirSync(home);
  return { home, db: path.join(home, 'kartoteka.sqlite') };
}

async function withFirms(file: string, ...names: string[]): Promise<void> {
  const open = await openDatabase(file, { localUserName: 'Test' });
  try {
    const core = createCore(open);
    for (const name of names) {
      const { envelope } = await core.dispatch('firms.create', { name, kinds: ['customer'] });
      if (!envelope.ok) throw new Error(JSON.stringify(envelope.error));
    }
  } finally {
    await closeDatabase(open);
  }
}

function firms(file: string): string[] {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try { return (db.prepare('SELECT name FROM firms ORDER BY name').all() as { name: string }[]).map((r) => r.name); } finally { db.close(); }
}

describe('kartoteka backup / restore', () => {
  it('backs up beside the database or to --out, then restores, keeping the current file aside', async () => {
    const { home, db } = freshHome('a');
    await withFirms(db, 'Pekárna Dvořák');
    const blob = await putBlob(path.join(home, 'files'), Buffer.from('ceník 2026'));

    const plain = run('--db', db, 'backup');
    expect(plain.code, plain.err).toBe(0);
    const made = /Backed up .* to (.+?) \(/.exec(plain.out)![1]!;
    expect(path.dirname(made)).toBe(path.join(home, 'backups'));
    expect(plain.out).toContain('1 new attached file copied');
    expect(fs.existsSync(path.join(home, 'backups', 'files', blob.sha256.slice(0, 2), blob.sha256))).toBe(true);

    const usb = path.join(dir, 'usb');
    fs.mkdirSync(usb);
    const out = path.join(usb, 'pátek.sqlite');
    expect(run('--db', db, 'backup', '--out', out)).toMatchObject({ code: 0, out: expect.stringContaining(`to ${out}`) });
    expect(firms(out)).toEqual(['Pekárna Dvořák']);
    expect(run('--db', db, 'backup', '--out', out)).toMatchObject({ code: 1, err: `kartoteka: ${out} already exists: give a folder or a new file name.\n` });

    await withFirms(db, 'Po záloze');
    const restored = run('--db', db, 'restore', out);
    expect(restored.code, restored.err).toBe(0);
    expect(restored.out).toContain(`Restored ${db} from ${out}.`);
    expect(firms(db)).toEqual(['Pekárna Dvořák']);
    const aside = /kept as (.+?) \(/.exec(restored.out)![1]!;
    expect(firms(aside)).toEqual(['Pekárna Dvořák', 'Po záloze']);
    const check = run('--db', db, 'check');
    expect(check.code, check.out).toBe(0);
  }, 180_000);

  it('refuses to restore under a program that has the database open, and a file that is no database', async () => {
    const { home, db } = freshHome('b');
    await withFirms(db, 'Otevřená');
    expect(run('--db', db, 'backup').code).toBe(0);
    const backup = fs.readdirSync(path.join(home, 'backups')).find((n) => n.endsWith('.sqlite'))!;
    const holder = new SQLite(db);
    holder.pragma('journal_mode = WAL');
    holder.prepare('SELECT count(*) FROM firms').get();
    try {
      const r = run('--db', db, 'restore', path.join(home, 'backups', backup));
      expect(r).toMatchObject({ code: 1, err: `kartoteka: ${db} is open in Kartoteka (or another program): close it first, then restore.\n` });
    } finally {
      holder.close();
    }
    const junk = path.join(home, 'junk.sqlite');
    fs.writeFileSync(junk, 'not a database '.repeat(1000));
    const r = run('--db', db, 'restore', junk);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`kartoteka: ${junk} cannot be restored: it is not a sound Kartoteka database`);
    expect(run('--db', db, 'restore')).toMatchObject({ code: 2, err: expect.stringContaining('restore needs the backup file') });
    expect(firms(db)).toEqual(['Otevřená']);
  }, 180_000);

  it('a damaged file is recovered from the newest backup at start, and the CLI says what may be missing', async () => {
    const { home, db } = freshHome('c');
    await withFirms(db, ...Array.from({ length: 400 }, (_, i) => `Firma ${String(i).padStart(3, '0')}`));
    expect(run('--db', db, 'backup').code).toBe(0);
    damage(db);
    const r = run('--db', db, 'migrate');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(new RegExp(`${db.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} was damaged\\. It was moved to .*\\.damaged-.* and the newest sound backup, .*-manual\\.sqlite, was restored\\.`));
    expect(r.err).toMatch(/Changes made between \d{4}-\d\d-\d\d \d\d:\d\d UTC and \d{4}-\d\d-\d\d \d\d:\d\d UTC may be missing/);
    expect(firms(db)).toHaveLength(400);
    expect(fs.readdirSync(home).some((n) => n.startsWith('kartoteka.sqlite.damaged-'))).toBe(true);
    expect(run('--db', db, 'check').code).toBe(0);
  }, 180_000);

  it('check warns about a database in a cloud-synced folder', async () => {
    const synced = path.join(dir, 'Dropbox');
    fs.mkdirSync(synced);
    const db = path.join(synced, 'kartoteka.sqlite');
    await withFirms(db, 'V cloudu');
    const r = run('--db', db, 'check');
    expect(r.out).toContain('warning: the database is in a folder synced by Dropbox.');
  }, 120_000);
});
