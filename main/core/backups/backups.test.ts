// Issue 15, backups: the online copy verified before it counts, attachments copied once, the
// rotation, restoring through the worker (the current state kept aside), and the rules shared
// with the pre-migration backups (nothing of theirs is touched by rotation).
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestCore, tempDir, type TestCore } from '../test-helpers.ts';
import { putBlob } from '../attachments/store.ts';
import { DbClient } from '../db/client.ts';
import { listAllBackups, runBackup } from './backups.ts';
import { backupsToKeep } from './rotation.ts';
import { stampOf } from '../db/backup.ts';
import type { BackupsOverview, FirmList } from '../../../shared/types.ts';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => { for (const fn of cleanup.splice(0).reverse()) await fn(); });

async function core(): Promise<TestCore> {
  const t = await openTestCore();
  cleanup.push(() => t.close());
  return t;
}

function integrity(file: string): string {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try { return String(db.pragma('integrity_check', { simple: true })); } finally { db.close(); }
}

function firmNames(file: string): string[] {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try { return (db.prepare('SELECT name FROM firms ORDER BY name').all() as { name: string }[]).map((r) => r.name); } finally { db.close(); }
}

describe('backups.run', () => {
  it('writes a verified copy into backups/ beside the database, listed with its size and kind', async () => {
    const t = await core();
    await t.call('firms.create', { name: 'Pekárna Dvořák', kinds: ['customer'] });
    const done = await t.call('backups.run', {});
    expect(path.dirname(done.path)).toBe(path.join(t.dir, 'backups'));
    expect(path.basename(done.path)).toMatch(/^kartoteka-\d{4}-\d{2}-\d{2}T[\d-]+Z-manual\.sqlite$/);
    expect(integrity(done.path)).toBe('ok');
    expect(firmNames(done.path)).toEqual(['Pekárna Dvořák']);
    // Rollback journal: the copy is one file, opened read-only without leaving -wal/-shm behind.
    expect(fs.readdirSync(path.dirname(done.path)).filter((n) => n.includes('partial') || n.endsWith('-wal'))).toEqual([]);
    const list: BackupsOverview = await t.call('backups.list', {});
    expect(list.folder).toBe(path.join(t.dir, 'backups'));
    expect(list.backups).toEqual([{ name: path.basename(done.path), path: done.path, time: done.time, size: fs.statSync(done.path).size, kind: 'manual', verified: true }]);
  });

  it('copies only the attachments the backup folder does not hold yet', async () => {
    const t = await core();
    const filesDir = path.join(t.dir, 'files');
    const a = await putBlob(filesDir, Buffer.from('faktura 2026/001'));
    const first = await t.call('backups.run', {});
    expect(first.filesCopied).toBe(1);
    const stored = path.join(t.dir, 'backups', 'files', a.sha256.slice(0, 2), a.sha256);
    expect(fs.readFileSync(stored, 'utf8')).toBe('faktura 2026/001');
    await putBlob(filesDir, Buffer.from('smlouva'));
    const second = await t.call('backups.run', {});
    expect(second.filesCopied).toBe(1);
    expect((await t.call('backups.run', {})).filesCopied).toBe(0);
  });

  it('goes to a chosen folder or a new file, never over the database or an existing file', async () => {
    const t = await core();
    const usb = tempDir();
    cleanup.push(() => fs.rmSync(usb, { recursive: true, force: true }));
    const inFolder = await t.call('backups.run', { target: usb });
    expect(path.dirname(inFolder.path)).toBe(usb);
    const named = await t.call('backups.run', { target: path.join(usb, 'kartoteka-pátek.sqlite') });
    expect(named.path).toBe(path.join(usb, 'kartoteka-pátek.sqlite'));
    expect(integrity(named.path)).toBe('ok');
    expect(await t.fail('backups.run', { target: named.path })).toMatchObject({ messageKey: 'errors.backup_exists', field: 'target' });
    expect(await t.fail('backups.run', { target: t.file })).toMatchObject({ messageKey: 'errors.backup_onto_database', field: 'target' });
    expect(await t.fail('backups.run', { target: '' })).toMatchObject({ field: 'target' });
  });

  it('taken during continuous writes, each opens and passes integrity_check with a consistent count', async () => {
    const t = await core();
    let writing = true;
    let committed = 0;
    const writer = (async () => {
      while (writing) {
        await t.call('firms.create', { name: `Firma ${committed}`, kinds: ['customer'] });
        committed++;
        // Let the backup thread's answers in between commits, as the worker's event loop does.
        await new Promise((r) => setImmediate(r));
      }
    })();
    const counts: number[] = [];
    for (let i = 0; i < 5; i++) {
      const before = committed;
      const done = await runBackup(t.file, { kind: 'manual', target: path.join(t.dir, `b${i}.sqlite`) });
      const after = committed;
      expect(integrity(done.path)).toBe('ok');
      const n = firmNames(done.path).length;
      // A snapshot of committed writes: no fewer than were done when it began, no more than at its end.
      expect(n).toBeGreaterThanOrEqual(before);
      expect(n).toBeLessThanOrEqual(after);
      counts.push(n);
    }
    writing = false;
    await writer;
    expect(committed).toBeGreaterThan(0);
    console.log(`backups during writes: ${counts.join(', ')} firms in the copies; ${committed} committed in all`);
  }, 120_000);
});

describe('rotation', () => {
  const H = 3_600_000;
  const start = Date.UTC(2026, 0, 5, 8); // a Monday

  it('keeps the newest of the last 7 days and of the last 4 weeks, whatever came before', () => {
    let kept: { name: string; time: number }[] = [];
    // Ten weeks of use: a backup at start (8:00) and every 4 hours until 20:00, weekdays only.
    for (let day = 0; day < 70; day++) {
      const d = new Date(start + day * 24 * H);
      if (d.getUTCDay() === 0 || d.getUTCDay() === 6) continue;
      for (const h of [0, 4, 8, 12]) {
        const time = start + day * 24 * H + h * H;
        kept.push({ name: stampOf(new Date(time)), time });
        const keep = backupsToKeep(kept);
        kept = kept.filter((b) => keep.has(b.name));
      }
    }
    const days = kept.map((b) => new Date(b.time).toISOString().slice(0, 10));
    // 70 days from Monday 5 Jan: the last weekday is Friday 13 March. The 7 newest days with
    // backups, each by its last backup of the day (20:00)…
    const daily = ['2026-03-13', '2026-03-12', '2026-03-11', '2026-03-10', '2026-03-09', '2026-03-06', '2026-03-05'];
    // …and each of the 4 newest weeks by its newest backup (Fridays; this week's is today's).
    const weekly = ['2026-03-13', '2026-03-06', '2026-02-27', '2026-02-20'];
    expect([...new Set(days)].sort().reverse()).toEqual([...new Set([...daily, ...weekly])].sort().reverse());
    expect(kept.every((b) => new Date(b.time).getUTCHours() === 20)).toBe(true);
    expect(kept).toHaveLength(9);
  });

  it('after a month away keeps what it had rather than deleting every backup', () => {
    const old = [0, 1, 2].map((d) => ({ name: `old${d}`, time: start + d * 24 * H }));
    const now = { name: 'now', time: start + 40 * 24 * H };
    expect([...backupsToKeep([...old, now])].sort()).toEqual(['now', 'old0', 'old1', 'old2']);
  });

  it('drops older automatic backups only, and only after the new one verified', async () => {
    const t = await core();
    const folder = path.join(t.dir, 'backups');
    fs.mkdirSync(folder);
    // Backups that are not the rotation's: before a migration, manual, another database's, a restore's.
    const others = [
      `kartoteka-${stampOf(new Date(start))}-before-v3.sqlite`,
      `kartoteka-${stampOf(new Date(start + H))}-manual.sqlite`,
      `kartoteka-${stampOf(new Date(start + 2 * H))}-before-restore.sqlite`,
      `kartoteka-2025-${stampOf(new Date(start))}-auto.sqlite`,
    ];
    for (const n of others) fs.copyFileSync(t.file, path.join(folder, n));
    // Thirty days of automatic backups, one per day.
    for (let day = 0; day < 30; day++) {
      await runBackup(t.file, { kind: 'auto', now: () => start + day * 24 * H });
    }
    const autos = listAllBackups(t.file).filter((b) => b.kind === 'auto').map((b) => new Date(b.time).toISOString().slice(0, 10));
    // 7 days (28 Jan – 3 Feb) and the newest of 4 weeks (3 Feb, 1 Feb, 25 Jan, 18 Jan).
    expect(autos).toEqual(['2026-02-03', '2026-02-02', '2026-02-01', '2026-01-31', '2026-01-30', '2026-01-29', '2026-01-28', '2026-01-25', '2026-01-18']);
    for (const n of others) expect(fs.existsSync(path.join(folder, n))).toBe(true);

    // A backup that fails its verification drops nothing.
    const before = fs.readdirSync(folder).sort();
    fs.writeFileSync(path.join(t.dir, 'broken.sqlite'), Buffer.alloc(8192, 'x'));
    await expect(runBackup(path.join(t.dir, 'broken.sqlite'), { kind: 'auto', target: folder, now: () => start + 60 * 24 * H })).rejects.toThrow();
    expect(fs.readdirSync(folder).sort()).toEqual(before);
  }, 120_000);

  it('takes backups into one folder one after another, each complete', async () => {
    const t = await core();
    await t.call('firms.create', { name: 'Pekárna Dvořák', kinds: ['customer'] });
    const both = await Promise.all([0, 1].map((i) => runBackup(t.file, { kind: i === 0 ? 'auto' : 'manual', now: () => start + i * H })));
    expect(new Set(both.map((b) => b.path)).size).toBe(2);
    for (const b of both) expect(firmNames(b.path)).toEqual(['Pekárna Dvořák']);
  }, 60_000);

  it('removes from the files store what only dropped backups referred to', async () => {
    const t = await core();
    const folder = path.join(t.dir, 'backups');
    const { id: firmId } = await t.call('firms.create', { name: 'Pekárna Dvořák', kinds: ['customer'] });
    const attach = async (text: string) => (await t.call('attachments.add', { firmId, name: `${text}.txt`, content: Buffer.from(text).toString('base64') })).id;
    const gone = await attach('smlouva 2025');
    await attach('faktura 2026');
    await runBackup(t.file, { kind: 'auto', now: () => start });
    const shaOf = (text: string) => createHash('sha256').update(text).digest('hex');
    const stored = (text: string) => fs.existsSync(path.join(folder, 'files', shaOf(text).slice(0, 2), shaOf(text)));
    expect(stored('smlouva 2025') && stored('faktura 2026')).toBe(true);
    // Purged from the database (as emptying the trash does): only the first backup refers to it.
    t.open.sqlite.prepare('DELETE FROM attachments WHERE id = ?').run(gone);
    for (let day = 1; day < 30; day++) {
      await runBackup(t.file, { kind: 'auto', now: () => start + day * 24 * H });
      // Kept while the first backup is kept (rotation drops it after 4 weeks).
      if (listAllBackups(t.file).some((b) => b.time === start)) expect(stored('smlouva 2025')).toBe(true);
    }
    expect(listAllBackups(t.file).some((b) => b.time === start)).toBe(false);
    expect(stored('smlouva 2025')).toBe(false);
    expect(stored('faktura 2026')).toBe(true);
  }, 120_000);
});

describe('backups.restore (through the database worker)', () => {
  async function client(): Promise<{ c: DbClient; dir: string; file: string; restarts: string[] }> {
    const dir = tempDir();
    const file = path.join(dir, 'kartoteka.sqlite');
    const c = await DbClient.open({ dbPath: file });
    const restarts: string[] = [];
    c.onRestart((s) => restarts.push(s));
    cleanup.push(async () => { await c.close(); fs.rmSync(dir, { recursive: true, force: true }); });
    return { c, dir, file, restarts };
  }
  const ok = async <T,>(p: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> => {
    const e = await p;
    if (!e.ok) throw new Error(JSON.stringify(e.error));
    return e.value as T;
  };
  const names = async (c: DbClient) => (await ok<FirmList>(c.invoke('firms.list', { locale: 'cs' }))).rows.map((r) => r.name).sort();

  it('replaces the database with a listed backup, keeps the current state aside, and the windows re-read', async () => {
    const { c, dir, file, restarts } = await client();
    await ok(c.invoke('firms.create', { name: 'Před zálohou', kinds: ['customer'] }));
    const backup = await ok<{ path: string }>(c.invoke('backups.run', {}));
    await ok(c.invoke('firms.create', { name: 'Po záloze', kinds: ['customer'] }));
    expect(await names(c)).toEqual(['Po záloze', 'Před zálohou']);

    const restored = await ok<{ keptAside: string; restoredFrom: string }>(c.invoke('backups.restore', { name: path.basename(backup.path) }));
    expect(restored.restoredFrom).toBe(backup.path);
    expect(await names(c)).toEqual(['Před zálohou']);
    expect(restarts).toEqual(['reopened']);
    // The state before the restore, with the firm the backup lacks, is in the list to go back to.
    expect(firmNames(restored.keptAside).sort()).toEqual(['Po záloze', 'Před zálohou']);
    const list = await ok<BackupsOverview>(c.invoke('backups.list', {}));
    expect(list.backups.map((b) => b.kind).sort()).toEqual(['before-restore', 'manual']);
    // And writes go on in the restored file.
    await ok(c.invoke('firms.create', { name: 'Po obnovení', kinds: ['customer'] }));
    expect(await names(c)).toEqual(['Po obnovení', 'Před zálohou']);
    expect(fs.existsSync(file)).toBe(true);
    void dir;
  }, 120_000);

  it('restores from a file path, with the backup folder’s attachments the data folder lacks', async () => {
    const { c, dir } = await client();
    const usb = tempDir();
    cleanup.push(() => fs.rmSync(usb, { recursive: true, force: true }));
    await ok(c.invoke('firms.create', { name: 'Na flashce', kinds: ['customer'] }));
    const blob = await putBlob(path.join(dir, 'files'), Buffer.from('příloha'));
    const backup = await ok<{ path: string }>(c.invoke('backups.run', { target: path.join(usb, 'záloha.sqlite') }));
    fs.rmSync(path.join(dir, 'files'), { recursive: true });
    await ok(c.invoke('firms.create', { name: 'Jen tady', kinds: ['customer'] }));
    await ok(c.invoke('backups.restore', { path: backup.path }));
    expect(await names(c)).toEqual(['Na flashce']);
    expect(fs.readFileSync(path.join(dir, 'files', blob.sha256.slice(0, 2), blob.sha256), 'utf8')).toBe('příloha');
  }, 120_000);

  it('refuses a file that is no sound database, changing nothing', async () => {
    const { c, dir } = await client();
    await ok(c.invoke('firms.create', { name: 'Zůstane', kinds: ['customer'] }));
    const junk = path.join(dir, 'junk.sqlite');
    fs.writeFileSync(junk, Buffer.alloc(16384, 'není to databáze '));
    const e = await c.invoke('backups.restore', { path: junk });
    expect(e).toMatchObject({ ok: false, error: { messageKey: 'errors.backup_bad', field: 'path' } });
    expect(await c.invoke('backups.restore', { name: 'kartoteka-nic.sqlite' })).toMatchObject({ ok: false, error: { messageKey: 'errors.backup_missing', field: 'name' } });
    expect(await c.invoke('backups.restore', {})).toMatchObject({ ok: false, error: { messageKey: 'errors.restore_source' } });
    expect(await c.invoke('backups.restore', { name: '../kartoteka.sqlite' })).toMatchObject({ ok: false, error: { field: 'name' } });
    expect(await names(c)).toEqual(['Zůstane']);
    expect(fs.readdirSync(dir).filter((n) => n.includes('restoring'))).toEqual([]);
  }, 120_000);

  it('takes an automatic backup in the worker at start', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'kartoteka.sqlite');
    const c = await DbClient.open({ dbPath: file, autoBackups: { everyMs: 3_600_000, startDelayMs: 0 } });
    cleanup.push(async () => { await c.close(); fs.rmSync(dir, { recursive: true, force: true }); });
    await ok(c.invoke('firms.create', { name: 'Automaticky', kinds: ['customer'] }));
    // No clock in the assertion: poll until the start's backup is there (the test's timeout bounds it).
    let autos = listAllBackups(file).filter((b) => b.kind === 'auto');
    while (autos.length === 0) {
      await new Promise((r) => setTimeout(r, 100));
      autos = listAllBackups(file).filter((b) => b.kind === 'auto');
    }
    expect(autos).toHaveLength(1);
    expect(integrity(autos[0]!.path)).toBe('ok');
  }, 120_000);
});
