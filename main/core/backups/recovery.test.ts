// Issue 15, recovery: a main file with overwritten bytes is recovered at start from the newest
// backup that passes its own check; the damaged file is kept aside; the app is told which
// period may be missing, once.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-helpers.ts';
import { DbClient } from '../db/client.ts';
import { openDatabase, closeDatabase } from '../db/open.ts';
import { createCore } from '../dispatcher.ts';
import { runBackup } from './backups.ts';
import { damage } from '../../../migrations/old-database.ts';
import type { BackupsOverview, FirmList } from '../../../shared/types.ts';
import type { Envelope } from '../../../shared/errors.ts';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => { for (const fn of cleanup.splice(0).reverse()) await fn(); });

async function value<T>(p: Promise<Envelope<unknown>>): Promise<T> {
  const e = await p;
  if (!e.ok) throw new Error(JSON.stringify(e.error));
  return e.value as T;
}

/** A database with `n` firms and a manual backup of it, then `later` firms after the backup. */
async function backedUp(n: number, later: number): Promise<{ dir: string; file: string }> {
  const dir = tempDir();
  cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'kartoteka.sqlite');
  const open = await openDatabase(file, { localUserName: 'Test' });
  try {
    open.sqlite.pragma('synchronous = OFF'); // setting up only: no fsync per firm
    const core = createCore(open);
    const add = async (name: string) => value(core.dispatch('firms.create', { name, kinds: ['customer'] }).then((r) => r.envelope));
    for (let i = 0; i < n; i++) await add(`Firma ${i}`);
    await runBackup(file, { kind: 'manual' });
    for (let i = 0; i < later; i++) await add(`Později ${i}`);
  } finally {
    await closeDatabase(open);
  }
  return { dir, file };
}

describe('recovery at start', () => {
  it('a main file with overwritten bytes is moved aside and the newest sound backup restored', async () => {
    const { dir, file } = await backedUp(600, 5);
    // An older backup that is itself damaged is passed over for the sound one.
    const backups = path.join(dir, 'backups');
    const older = path.join(backups, 'kartoteka-2020-01-01T00-00-00-000Z-auto.sqlite');
    fs.copyFileSync(path.join(backups, fs.readdirSync(backups).find((n) => n.endsWith('-manual.sqlite'))!), older);
    damage(older);
    damage(file);
    const damagedAt = fs.statSync(file).mtimeMs;

    const c = await DbClient.open({ dbPath: file });
    cleanup.push(() => c.close());
    const states: string[] = [];
    c.onRestart((s) => states.push(s));
    // The background check finds the damage after the worker said ready, or the open itself did.
    if (!c.info.recovered) {
      while (!states.includes('reopened')) await new Promise((r) => setTimeout(r, 50));
    }
    const list = await value<FirmList>(c.invoke('firms.list', { locale: 'cs', limit: 1000 }));
    expect(list.total).toBe(600);
    const overview = await value<BackupsOverview>(c.invoke('backups.list', {}));
    expect(overview.recovery).toMatchObject({ restoredFrom: expect.stringMatching(/-manual\.sqlite$/) });
    const r = overview.recovery!;
    expect(path.dirname(r.damagedAs)).toBe(dir);
    expect(path.basename(r.damagedAs)).toMatch(/^kartoteka\.sqlite\.damaged-\d{4}-/);
    expect(fs.existsSync(r.damagedAs)).toBe(true);
    // The period that may be missing: from the backup to the damaged file's last change.
    const backupEntry = overview.backups.find((b) => b.path === r.restoredFrom)!;
    expect(r.missingFrom).toBe(backupEntry.time);
    expect(r.missingTo).toBe(damagedAt);
    // Writes go to the restored file.
    await value(c.invoke('firms.create', { name: 'Po obnově', kinds: ['customer'] }));
    // Told once: dismissed, it is gone.
    await value(c.invoke('backups.dismiss', { notice: 'recovery' }));
    expect((await value<BackupsOverview>(c.invoke('backups.list', {}))).recovery).toBeNull();
  }, 120_000);

  it('without a sound backup the damaged file is refused as before, untouched', async () => {
    const { dir, file } = await backedUp(600, 0);
    fs.rmSync(path.join(dir, 'backups'), { recursive: true });
    damage(file);
    const before = fs.readFileSync(file);
    const c = await DbClient.open({ dbPath: file });
    cleanup.push(() => c.close());
    const write = await c.invoke('firms.create', { name: 'Nic', kinds: ['customer'] });
    expect(write).toMatchObject({ ok: false, error: { code: 'db_damaged' } });
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.readdirSync(dir).filter((n) => n.includes('damaged'))).toEqual([]);
  }, 120_000);
});
