// Change capture (issue 16, migration 0015): every table and column of the schema is captured or
// named local-only with a reason; every write path lands field rows in the outbox, stamped by
// this device's clock in increasing order, in the same transaction as the write.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../db/open.ts';
import { openTestCore, tempDir, type TestCore } from '../test-helpers.ts';
import { generateDemo } from '../demo/generate.ts';
import { restoreBackup, runBackup } from '../backups/backups.ts';
import { LOCAL_ONLY_COLUMNS, LOCAL_ONLY_SETTINGS, LOCAL_ONLY_TABLES } from './local-only.ts';
import { attachCapture, deviceId } from './capture.ts';
import { parseHlc } from './hlc.ts';

interface OutboxRow { seq: number; tbl: string; row_id: string; col: string | null; val: unknown; hlc: string; device: string }

let t: TestCore;
const dirs: string[] = [];
afterEach(async () => {
  await t?.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const lastSeq = (db: SQLite.Database) => (db.prepare('SELECT coalesce(max(seq), 0) FROM sync_outbox').pluck().get() as number);
const outboxAfter = (db: SQLite.Database, seq: number) => db.prepare('SELECT * FROM sync_outbox WHERE seq > ? ORDER BY seq').all(seq) as OutboxRow[];

/** The rows since `seq`: stamped by this file's device, in strictly increasing clock order. */
function since(seq: number): OutboxRow[] {
  const rows = outboxAfter(t.open.sqlite, seq);
  const device = t.open.sqlite.prepare('SELECT device FROM sync_device').pluck().get() as string;
  for (let i = 0; i < rows.length; i++) {
    expect(rows[i]!.device).toBe(device);
    expect(parseHlc(rows[i]!.hlc).device).toBe(device);
    if (i > 0) expect(rows[i]!.hlc > rows[i - 1]!.hlc).toBe(true);
  }
  return rows;
}
const fieldsOf = (rows: OutboxRow[], tbl: string, id: string) => Object.fromEntries(rows.filter((r) => r.tbl === tbl && r.row_id === id && r.col !== null).map((r) => [r.col, r.val]));
const tombstones = (rows: OutboxRow[]) => rows.filter((r) => r.col === null).map((r) => `${r.tbl}:${r.row_id}`);

describe('change capture: the schema', () => {
  it('captures every table and column that is not named local-only with a reason', async () => {
    t = await openTestCore();
    const db = t.open.sqlite;
    const tables = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[];
    const triggers = new Map((db.prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'sync\\_%' ESCAPE '\\'`).all() as { name: string; sql: string }[])
      .map((r) => [r.name, r.sql]));
    const problems: string[] = [];
    for (const table of tables) {
      const local = LOCAL_ONLY_TABLES[table];
      const ops = ['insert', 'update', 'delete'].map((op) => triggers.get(`sync_${table}_${op}`));
      if (local !== undefined) {
        if (local.trim().length < 10) problems.push(`${table}: local-only without a reason`);
        if (ops.some(Boolean)) problems.push(`${table}: named local-only but captured`);
        continue;
      }
      if (!ops.every(Boolean)) {
        problems.push(`${table}: neither captured nor local-only (migration 0015's captureTriggers, or LOCAL_ONLY_TABLES with a reason)`);
        continue;
      }
      const [insert, update] = ops as string[];
      const key = table === 'settings' ? 'key' : 'id';
      const columns = (db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[]);
      for (const column of columns) {
        if (column === key) continue; // the row's id, on every outbox row
        const captured = insert!.includes(`NEW."${column}"`) && update!.includes(`NEW."${column}" IS NOT OLD."${column}"`);
        const reason = LOCAL_ONLY_COLUMNS[`${table}.${column}`];
        if (reason !== undefined && captured) problems.push(`${table}.${column}: named local-only but captured`);
        if (reason === undefined && !captured) problems.push(`${table}.${column}: neither captured nor local-only (LOCAL_ONLY_COLUMNS with a reason)`);
      }
    }
    // No stale entries: what is named local-only exists.
    for (const table of Object.keys(LOCAL_ONLY_TABLES)) if (!tables.includes(table)) problems.push(`${table}: named local-only but no such table`);
    for (const [name, reason] of Object.entries(LOCAL_ONLY_COLUMNS)) {
      const [table, column] = name.split('.') as [string, string];
      if (!(db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[]).includes(column)) problems.push(`${name}: named local-only but no such column`);
      if (reason.trim().length < 10) problems.push(`${name}: local-only without a reason`);
    }
    expect(problems).toEqual([]);
  });

  it('keeps this laptop\'s settings out, and the office\'s in', async () => {
    t = await openTestCore();
    const before = lastSeq(t.open.sqlite);
    await t.call('app.setLocale', { locale: 'hu' });
    expect(since(before).filter((r) => r.tbl === 'settings')).toEqual([]);
    expect(Object.keys(LOCAL_ONLY_SETTINGS)).toContain('ui_locale');
    t.open.sqlite.prepare(`INSERT INTO settings (key, value, updated_at) VALUES ('letterhead', '{}', 1)`).run();
    expect(fieldsOf(since(before), 'settings', 'letterhead')).toEqual({ value: '{}', updated_at: 1 });
  });
});

describe('change capture: every writer', () => {
  it('a firm created, edited and trashed through the handlers: its fields, then only what changed', async () => {
    t = await openTestCore();
    let seq = lastSeq(t.open.sqlite);
    const { id } = await t.call('firms.create', { name: 'Alfa s.r.o.', kinds: ['customer'], ico: '25596641' });
    let rows = since(seq);
    const created = fieldsOf(rows, 'firms', id);
    expect(created).toMatchObject({ name: 'Alfa s.r.o.', is_customer: 1, is_supplier: 0, ico: '25596641', deleted_at: null, country: 'CZ' });
    expect(created).not.toHaveProperty('rid');
    // Values keep their SQLite type.
    expect(t.open.sqlite.prepare(`SELECT typeof(val) FROM sync_outbox WHERE tbl = 'firms' AND row_id = ? AND col = 'is_customer'`).pluck().get(id)).toBe('integer');

    seq = lastSeq(t.open.sqlite);
    await t.call('firms.update', { id, name: 'Alfa a.s.', kinds: ['customer'], ico: '25596641' });
    rows = since(seq);
    const changed = fieldsOf(rows, 'firms', id);
    expect(changed).toMatchObject({ name: 'Alfa a.s.' });
    expect(Object.keys(changed)).not.toContain('ico');
    expect(Object.keys(changed)).not.toContain('country');

    seq = lastSeq(t.open.sqlite);
    await t.call('firms.delete', { id });
    rows = since(seq);
    expect(fieldsOf(rows, 'firms', id).deleted_at).toEqual(expect.any(Number));
    expect(rows.some((r) => r.tbl === 'trash' && r.col === 'entity_id' && r.val === id)).toBe(true);

    // Delete for good: the firm's row goes, and says so with a tombstone.
    const trashId = t.open.sqlite.prepare('SELECT id FROM trash WHERE entity_id = ?').pluck().get(id) as string;
    seq = lastSeq(t.open.sqlite);
    await t.call('trash.erase', { id: trashId });
    expect(tombstones(since(seq))).toContain(`firms:${id}`);
  });

  it('a merge moves children and records itself', async () => {
    t = await openTestCore();
    const S = (await t.call('firms.create', { name: 'Beta', kinds: ['customer'] })).id;
    const M = (await t.call('firms.create', { name: 'Beta a.s.', kinds: ['supplier'] })).id;
    const person = await t.call('people.create', { firmId: M, lastName: 'Nováková' });
    const seq = lastSeq(t.open.sqlite);
    const { mergeId } = await t.call('firms.merge', { survivorId: S, mergedId: M });
    const rows = since(seq);
    expect(fieldsOf(rows, 'people', person.id)).toMatchObject({ firm_id: S });
    expect(fieldsOf(rows, 'merges', mergeId)).toMatchObject({ survivor_id: S, merged_id: M });
    expect(fieldsOf(rows, 'firms', M)).toMatchObject({ merged_into_id: S });
  });

  it('an erasure: the placeholders, and tombstones of what it removes', async () => {
    t = await openTestCore();
    const firmId = (await t.call('firms.create', { name: 'Gama', kinds: ['customer'] })).id;
    const person = await t.call('people.create', { firmId, lastName: 'Dvořáková', firstName: 'Jana', channels: [{ kind: 'email', value: 'jana@gama.cz' }] });
    const channel = t.open.sqlite.prepare('SELECT id FROM channels WHERE person_id = ?').pluck().get(person.id) as string;
    const seq = lastSeq(t.open.sqlite);
    await t.call('privacy.erase', { personId: person.id, locale: 'cs' });
    const rows = since(seq);
    expect(fieldsOf(rows, 'people', person.id)).toHaveProperty('last_name');
    expect(fieldsOf(rows, 'people', person.id).last_name).not.toBe('Dvořáková');
    expect(tombstones(rows)).toContain(`channels:${channel}`);
    expect(rows.some((r) => r.tbl === 'erasures')).toBe(true);
    // Nothing of hers waits in the outbox any more: her rows' earlier pending values took the
    // placeholders, the removed e-mail's lost its value.
    const left = t.open.sqlite.prepare(`SELECT tbl, col FROM sync_outbox WHERE CAST(val AS TEXT) LIKE '%Dvořáková%' OR CAST(val AS TEXT) LIKE '%jana@gama.cz%' OR CAST(val AS TEXT) LIKE '%Jana%'`).all();
    expect(left).toEqual([]);
    expect(t.open.sqlite.prepare('SELECT count(*) FROM sync_outbox WHERE seq <= ?').pluck().get(seq)).toBeGreaterThan(0); // the stamps stay
  });

  it('an import-like bulk write through Kysely, and a rolled-back one that leaves nothing', async () => {
    t = await openTestCore();
    const firmId = (await t.call('firms.create', { name: 'Delta', kinds: ['customer'] })).id;
    const seq = lastSeq(t.open.sqlite);
    const lines = Array.from({ length: 50 }, (_, i) => ({
      id: `sale-${i}`, firm_id: firmId, kind: 'invoice' as const, source: 'import' as const, date: '2026-01-15', amount: 1000 + i, currency: 'CZK', product: '', note: '', created_at: 1, updated_at: 1,
    }));
    await t.open.db.transaction().execute(async (trx) => { await trx.insertInto('sales').values(lines).execute(); });
    const rows = since(seq);
    expect(new Set(rows.filter((r) => r.tbl === 'sales').map((r) => r.row_id)).size).toBe(50);
    expect(fieldsOf(rows, 'sales', 'sale-7')).toMatchObject({ amount: 1007, currency: 'CZK', note: '', kind: 'invoice' });

    const after = lastSeq(t.open.sqlite);
    await expect(t.open.db.transaction().execute(async (trx) => {
      await trx.updateTable('sales').set({ amount: 1 }).execute();
      expect(t.open.sqlite.prepare('SELECT count(*) FROM sync_outbox WHERE seq > ?').pluck().get(after)).toBe(50);
      throw new Error('import refused');
    })).rejects.toThrow(/import refused/);
    expect(lastSeq(t.open.sqlite)).toBe(after);
    expect(t.open.sqlite.prepare('SELECT count(*) FROM sync_outbox WHERE seq > ?').pluck().get(after)).toBe(0);
    // A refused handler writes nothing, so captures nothing.
    await t.fail('firms.update', { id: firmId, name: '', kinds: ['customer'] });
    expect(lastSeq(t.open.sqlite)).toBe(after);
  });

  it('a connection without the clock cannot write to a synced table; with it, it captures', async () => {
    t = await openTestCore();
    const raw = new SQLite(t.file);
    try {
      expect(() => raw.prepare(`INSERT INTO topics (id, name, created_at, updated_at) VALUES ('t1', 'Novinky', 1, 1)`).run()).toThrow(/no such function/);
      expect(raw.prepare(`SELECT count(*) FROM topics WHERE id = 't1'`).pluck().get()).toBe(0);
      attachCapture(raw);
      raw.prepare(`INSERT INTO topics (id, name, created_at, updated_at) VALUES ('t1', 'Novinky', 1, 1)`).run();
      expect(fieldsOf(outboxAfter(raw, 0), 'topics', 't1')).toEqual({ name: 'Novinky', note: '', created_at: 1, updated_at: 1, deleted_at: null });
      expect(deviceId(raw)).toBe(deviceId(t.open.sqlite));
    } finally {
      raw.close();
    }
  });

  it('the demo generator writes without capture, and capture is on again after it', async () => {
    t = await openTestCore();
    const seq = lastSeq(t.open.sqlite);
    await generateDemo(t.open, { firms: 30, seed: 7, now: Date.UTC(2026, 5, 1) });
    expect(t.count('firms')).toBeGreaterThanOrEqual(30);
    expect(lastSeq(t.open.sqlite)).toBe(seq);
    await t.call('firms.create', { name: 'Po demu', kinds: ['customer'] });
    expect(lastSeq(t.open.sqlite)).toBeGreaterThan(seq);
  });
});

describe('change capture: the device and its clock', () => {
  const fresh = () => { const d = tempDir(); dirs.push(d); return path.join(d, 'k.sqlite'); };
  const device = (file: string) => {
    const db = new SQLite(file, { readonly: true });
    try { return db.prepare('SELECT device, previous_device, reason FROM sync_device').get() as { device: string; previous_device: string | null; reason: string }; } finally { db.close(); }
  };

  it('keeps its id across reopens and a rename, and a copied file gets a new one', async () => {
    const file = fresh();
    await closeDatabase(await openDatabase(file));
    const first = device(file).device;
    expect(first).toMatch(/^[0-9a-f]{16}$/);
    await closeDatabase(await openDatabase(file));
    expect(device(file).device).toBe(first);
    const moved = path.join(path.dirname(file), 'renamed.sqlite');
    fs.renameSync(file, moved);
    await closeDatabase(await openDatabase(moved));
    expect(device(moved).device).toBe(first);

    const copy = path.join(path.dirname(file), 'copy.sqlite');
    fs.copyFileSync(moved, copy);
    await closeDatabase(await openDatabase(copy));
    expect(device(copy)).toMatchObject({ previous_device: first, reason: 'another_file' });
    expect(device(copy).device).not.toBe(first);
    await closeDatabase(await openDatabase(moved)); // the original keeps its own
    expect(device(moved).device).toBe(first);

    // The app's worker checks integrity in the background: the new id waits for it, as writes do.
    const copy2 = path.join(path.dirname(file), 'copy2.sqlite');
    fs.copyFileSync(moved, copy2);
    const open = await openDatabase(copy2, { integrityCheck: 'background' });
    await open.integrity;
    expect(deviceId(open.sqlite)).not.toBe(first);
    await closeDatabase(open);
    expect(device(copy2).device).not.toBe(device(copy).device);
  });

  it('a restored backup gets a new device id', async () => {
    t = await openTestCore();
    const before = deviceId(t.open.sqlite)!;
    await t.call('firms.create', { name: 'Zálohovaná', kinds: ['customer'] });
    const backup = await runBackup(t.file, { kind: 'manual', target: path.join(t.dir, 'b.sqlite') });
    await closeDatabase(t.open);
    await restoreBackup(t.file, backup.path);
    t.open = await openDatabase(t.file);
    expect(deviceId(t.open.sqlite)).not.toBe(before);
    expect(device(t.file)).toMatchObject({ previous_device: before, reason: 'another_file' });
  });

  it('stamps stay increasing across a restart with the wall clock set back', async () => {
    const file = fresh();
    const now = Date.now();
    let open = await openDatabase(file, { capture: { wall: () => now + 3_600_000 } });
    await open.db.insertInto('topics').values({ id: 'a', name: 'A', note: '', created_at: 1, updated_at: 1, deleted_at: null }).execute();
    const last = open.sqlite.prepare('SELECT max(hlc) FROM sync_outbox').pluck().get() as string;
    await closeDatabase(open);
    open = await openDatabase(file, { capture: { wall: () => now } });
    try {
      const seq = lastSeq(open.sqlite);
      await open.db.insertInto('topics').values({ id: 'b', name: 'B', note: '', created_at: 1, updated_at: 1, deleted_at: null }).execute();
      const next = outboxAfter(open.sqlite, seq);
      expect(next.length).toBeGreaterThan(0);
      expect(next.every((r) => r.hlc > last)).toBe(true);
    } finally {
      await closeDatabase(open);
    }
  });
});
