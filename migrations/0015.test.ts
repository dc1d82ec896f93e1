// 0015_change_capture on a real v13 database: existing rows are not put in the outbox (they are
// the first data of a workspace, sent whole by a later step), the file gets a device id and its
// identity, and from then on each write is captured field by field — inserts, changed columns
// only, deletes as tombstones — by the triggers' own SQL, whoever writes.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, closeDatabase } from '../main/core/db/open.ts';
import { tempDir } from '../main/core/test-helpers.ts';
import { attachCapture } from '../main/core/sync/capture.ts';
import { databaseAt } from './old-database.ts';
import { CAPTURED_0015, captureTriggers } from './0015_change_capture.ts';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });

describe('0015_change_capture', () => {
  it('adds the outbox, a device id and the triggers; existing rows stay out, new writes go in', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = path.join(dir, 'k.sqlite');
    await databaseAt(file, '0013_data_protection', 5);
    const open = await openDatabase(file);
    const device = open.sqlite.prepare('SELECT device, file_identity, reason FROM sync_device').get() as { device: string; file_identity: string | null; reason: string };
    expect(device.device).toMatch(/^[0-9a-f]{16}$/);
    expect(device.file_identity).toBeTruthy(); // recorded by the first open after the migration
    expect(device.reason).toBe('created');
    // The local user openDatabase found (u1) was already there: nothing of the old data is in the outbox.
    expect(open.sqlite.prepare('SELECT count(*) FROM sync_outbox').pluck().get()).toBe(0);
    await closeDatabase(open);

    const sqlite = new SQLite(file);
    attachCapture(sqlite);
    try {
      const rows = () => sqlite.prepare('SELECT tbl, row_id, col, val FROM sync_outbox ORDER BY seq').all();
      sqlite.exec(`UPDATE firms SET name = 'Pekárna Nováková', website = website WHERE id = 'f1'`);
      expect(rows()).toEqual([{ tbl: 'firms', row_id: 'f1', col: 'name', val: 'Pekárna Nováková' }]);
      sqlite.exec(`DELETE FROM contacts WHERE id = 'k1'`);
      expect(rows().at(-1)).toEqual({ tbl: 'contacts', row_id: 'k1', col: null, val: null });
      sqlite.exec(`INSERT INTO topics (id, name, created_at, updated_at) VALUES ('t1', 'Novinky', 2, 2.5)`);
      expect(rows().slice(-5)).toEqual([
        { tbl: 'topics', row_id: 't1', col: 'name', val: 'Novinky' },
        { tbl: 'topics', row_id: 't1', col: 'note', val: '' },
        { tbl: 'topics', row_id: 't1', col: 'created_at', val: 2 },
        { tbl: 'topics', row_id: 't1', col: 'updated_at', val: 2.5 },
        { tbl: 'topics', row_id: 't1', col: 'deleted_at', val: null },
      ]);
      // The device is computed from the stamp.
      const stamps = sqlite.prepare('SELECT hlc, device FROM sync_outbox ORDER BY seq').all() as { hlc: string; device: string }[];
      expect(new Set(stamps.map((s) => s.device))).toEqual(new Set([device.device]));
      expect(stamps.map((s) => s.hlc)).toEqual(stamps.map((s) => s.hlc).sort());
      // The triggers in the file are exactly what the migration's generator makes of its list.
      for (const table of CAPTURED_0015) {
        const [insert, update, del] = captureTriggers(table);
        const stored = (op: string) => sqlite.prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?`).pluck().get(`sync_${table.table}_${op}`);
        expect([stored('insert'), stored('update'), stored('delete')]).toEqual([insert, update, del]);
      }
    } finally {
      sqlite.close();
    }
  });
});
