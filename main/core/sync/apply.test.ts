// Applying remote changes on real SQLite files: last writer wins per field, tombstones, conflicts
// exactly for concurrent different edits, nothing echoed back, rows arriving in pieces.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../test-helpers.ts';
import { applyChanges } from './apply.ts';
import { formatHlc } from './hlc.ts';
import { migratedTemplate, Replica } from './test-replicas.ts';
import type { Change } from '../../../shared/sync.ts';

let dir: string;
let template: string;
let n = 0;
const T0 = Date.UTC(2026, 11, 8, 9, 0);
let time = T0;
const wall = () => time;
const replica = () => new Replica(template, path.join(dir, `r${n++}.sqlite`), wall);
const stamp = (ms: number, device = 'aaaaaaaaaaaaaaaa', counter = 0) => formatHlc({ ms, counter, device });
const firm = (r: Replica, id: string) => r.sqlite.prepare('SELECT name, website, ico FROM firms WHERE id = ?').get(id) as { name: string; website: string | null; ico: string | null } | undefined;
const conflicts = (r: Replica) => r.sqlite.prepare('SELECT kind, tbl, row_id, col, local_val, remote_val FROM sync_conflicts ORDER BY id').all();
const outbox = (r: Replica) => r.sqlite.prepare('SELECT count(*) FROM sync_outbox').pluck().get();
/** A firm as another laptop would send it: its fields under one stamp. */
const newFirm = (id: string, name: string, hlc: string): Change[] => [
  { tbl: 'firms', row: id, col: 'name', val: name, hlc },
  { tbl: 'firms', row: id, col: 'created_at', val: 1, hlc },
  { tbl: 'firms', row: id, col: 'updated_at', val: 1, hlc },
];

beforeAll(async () => {
  dir = tempDir();
  template = await migratedTemplate(dir);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('applyChanges', () => {
  it('inserts a new row from its fields and writes nothing to the outbox (no echo)', () => {
    const r = replica();
    const res = applyChanges(r.sqlite, newFirm('f1', 'Pekárna', stamp(T0 - 1000)));
    expect(firm(r, 'f1')).toEqual({ name: 'Pekárna', website: null, ico: null });
    expect(res.tables).toEqual(new Set(['firms']));
    expect(outbox(r)).toBe(0);
    // The search index followed (its triggers fire on any write).
    expect(r.sqlite.prepare(`SELECT count(*) FROM firm_search WHERE firm_search MATCH 'pekarna OR Pekárna'`).pluck().get()).toBe(1);
    r.close();
  });

  it('last writer wins per field, by stamp, whatever the order of arrival', () => {
    const r = replica();
    applyChanges(r.sqlite, newFirm('f1', 'A', stamp(T0 - 5000)));
    applyChanges(r.sqlite, [
      { tbl: 'firms', row: 'f1', col: 'name', val: 'newer', hlc: stamp(T0 - 3000, 'bbbbbbbbbbbbbbbb') },
      { tbl: 'firms', row: 'f1', col: 'name', val: 'older', hlc: stamp(T0 - 4000, 'cccccccccccccccc') },
      { tbl: 'firms', row: 'f1', col: 'website', val: 'x.cz', hlc: stamp(T0 - 4500, 'cccccccccccccccc') },
    ]);
    expect(firm(r, 'f1')).toEqual({ name: 'newer', website: 'x.cz', ico: null });
    expect(conflicts(r)).toEqual([]);
    r.close();
  });

  it('a local edit made after seeing a remote change wins over it, even with the wall clock behind', () => {
    const r = replica();
    // The remote stamp is 8 minutes ahead of this laptop's clock.
    applyChanges(r.sqlite, newFirm('f1', 'remote', stamp(T0 + 8 * 60_000)));
    r.sqlite.prepare(`UPDATE firms SET name = 'local' WHERE id = 'f1'`).run();
    expect(r.lastStamp() > stamp(T0 + 8 * 60_000, 'ffffffffffffffff')).toBe(true);
    // And after a restart with an empty outbox too.
    r.sqlite.exec('DELETE FROM sync_outbox');
    r.reopen();
    r.sqlite.prepare(`UPDATE firms SET name = 'again' WHERE id = 'f1'`).run();
    expect(r.lastStamp() > stamp(T0 + 8 * 60_000, 'ffffffffffffffff')).toBe(true);
    r.close();
  });

  it('records a conflict for a concurrent edit of another value, whichever wins — never for an equal value', () => {
    const r = replica();
    applyChanges(r.sqlite, newFirm('f1', 'base', stamp(T0 - 60_000)));
    r.sqlite.prepare(`UPDATE firms SET name = 'mine', website = 'same.cz' WHERE id = 'f1'`).run();
    applyChanges(r.sqlite, [
      { tbl: 'firms', row: 'f1', col: 'name', val: 'theirs-older', hlc: stamp(T0 - 30_000) },
      { tbl: 'firms', row: 'f1', col: 'website', val: 'same.cz', hlc: stamp(T0 + 30_000) },
    ]);
    expect(firm(r, 'f1')?.name).toBe('mine'); // the local edit is later
    applyChanges(r.sqlite, [{ tbl: 'firms', row: 'f1', col: 'name', val: 'theirs-newer', hlc: stamp(T0 + 60_000) }]);
    expect(firm(r, 'f1')?.name).toBe('theirs-newer');
    expect(conflicts(r)).toEqual([
      { kind: 'field', tbl: 'firms', row_id: 'f1', col: 'name', local_val: 'mine', remote_val: 'theirs-older' },
      { kind: 'field', tbl: 'firms', row_id: 'f1', col: 'name', local_val: 'mine', remote_val: 'theirs-newer' },
    ]);
    // Delivered again: still one record per pair.
    applyChanges(r.sqlite, [{ tbl: 'firms', row: 'f1', col: 'name', val: 'theirs-newer', hlc: stamp(T0 + 60_000) }]);
    expect(conflicts(r)).toHaveLength(2);
    r.close();
  });

  it('a tombstone deletes; a later edit of the deleted row is dropped; an edit meeting a deletion is a notice', () => {
    const r = replica();
    applyChanges(r.sqlite, [...newFirm('f1', 'F', stamp(T0 - 9000)), ...newFirm('f2', 'G', stamp(T0 - 9000))]);
    applyChanges(r.sqlite, [
      { tbl: 'firms', row: 'f1', col: null, val: null, hlc: stamp(T0 - 8000) },
      { tbl: 'firms', row: 'f1', col: 'name', val: 'late edit', hlc: stamp(T0 - 7000, 'bbbbbbbbbbbbbbbb') },
    ]);
    expect(firm(r, 'f1')).toBeUndefined();
    expect(conflicts(r)).toEqual([]);
    // Edited here, deleted there.
    r.sqlite.prepare(`UPDATE firms SET website = 'g.cz' WHERE id = 'f2'`).run();
    applyChanges(r.sqlite, [{ tbl: 'firms', row: 'f2', col: null, val: null, hlc: stamp(T0 - 6000) }]);
    expect(firm(r, 'f2')).toBeUndefined();
    expect(conflicts(r)).toEqual([{ kind: 'deleted', tbl: 'firms', row_id: 'f2', col: null, local_val: expect.stringContaining('"website":"g.cz"'), remote_val: null }]);
    r.close();
  });

  it('deleted here and not yet sent: a remote edit stays out, with a notice', () => {
    const r = replica();
    applyChanges(r.sqlite, newFirm('f1', 'F', stamp(T0 - 9000)));
    r.sqlite.prepare(`DELETE FROM firms WHERE id = 'f1'`).run();
    applyChanges(r.sqlite, [{ tbl: 'firms', row: 'f1', col: 'name', val: 'edited', hlc: stamp(T0 + 1000) }]);
    expect(firm(r, 'f1')).toBeUndefined();
    expect(conflicts(r)).toEqual([{ kind: 'deleted', tbl: 'firms', row_id: 'f1', col: 'name', local_val: null, remote_val: 'edited' }]);
    r.close();
  });

  it('a row arriving in pieces, or before its parent, is parked until it can be inserted', () => {
    const r = replica();
    const h = stamp(T0 - 1000);
    applyChanges(r.sqlite, [
      { tbl: 'people', row: 'p1', col: 'firm_id', val: 'f1', hlc: h },
      { tbl: 'people', row: 'p1', col: 'last_name', val: 'Nováková', hlc: h },
    ]);
    expect(r.sqlite.prepare('SELECT count(*) FROM sync_parked').pluck().get()).toBe(2);
    applyChanges(r.sqlite, [
      { tbl: 'people', row: 'p1', col: 'created_at', val: 1, hlc: h },
      { tbl: 'people', row: 'p1', col: 'updated_at', val: 1, hlc: h },
      ...newFirm('f1', 'F', h),
    ]);
    expect(r.sqlite.prepare(`SELECT last_name, firm_id FROM people WHERE id = 'p1'`).get()).toEqual({ last_name: 'Nováková', firm_id: 'f1' });
    expect(r.sqlite.prepare('SELECT count(*) FROM sync_parked').pluck().get()).toBe(0);
    r.close();
  });

  it('a tombstone for a row something here still refers to leaves the row, and the batch applies', () => {
    const r = replica();
    const h = stamp(T0 - 9000);
    applyChanges(r.sqlite, newFirm('f1', 'F', h));
    r.sqlite.prepare(`INSERT INTO people (id, firm_id, last_name, created_at, updated_at) VALUES ('p1', 'f1', 'Nová', 1, 1)`).run();
    const res = applyChanges(r.sqlite, [
      { tbl: 'firms', row: 'f1', col: null, val: null, hlc: stamp(T0 - 8000) },
      ...newFirm('f2', 'G', stamp(T0 - 8000)),
    ]);
    expect(res.deleted).toBe(0);
    expect(firm(r, 'f1')?.name).toBe('F');
    expect(firm(r, 'f2')?.name).toBe('G');
    r.close();
  });

  it("ignores tables and columns this laptop does not sync (a newer colleague's, or local-only)", () => {
    const r = replica();
    applyChanges(r.sqlite, newFirm('f1', 'F', stamp(T0 - 1000)));
    const rid = r.sqlite.prepare(`SELECT rid FROM firms WHERE id = 'f1'`).pluck().get();
    const res = applyChanges(r.sqlite, [
      { tbl: 'firms', row: 'f1', col: 'rid', val: 999, hlc: stamp(T0) },
      { tbl: 'sync_outbox', row: '1', col: 'val', val: 'x', hlc: stamp(T0) },
      { tbl: 'future_table', row: 'x', col: 'a', val: 'x', hlc: stamp(T0) },
    ]);
    expect(res.skipped).toBe(3);
    expect(r.sqlite.prepare(`SELECT rid FROM firms WHERE id = 'f1'`).pluck().get()).toBe(rid);
    r.close();
  });
});
