// The outbox read as the protocol's field changes: an INSERT's row image becomes one change per
// captured column with the row's stamp, an UPDATE one per changed column, a DELETE a tombstone —
// and every change passes the protocol's own schema (shared/sync.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { openTestCore, type TestCore } from '../test-helpers.ts';
import { changeSchema } from '../../../shared/sync.ts';
import { expandOutbox, readOutbox, type OutboxRow } from './outbox.ts';

let t: TestCore;
afterEach(async () => { await t?.close(); });

const lastSeq = () => t.open.sqlite.prepare('SELECT coalesce(max(seq), 0) FROM sync_outbox').pluck().get() as number;

describe('expandOutbox', () => {
  it('expands a row image into one change per column, all with its stamp; passes other rows through', () => {
    const hlc = (n: number) => `0190abcdef1${n}-0000-00112233445566aa`;
    const rows: OutboxRow[] = [
      { seq: 1, tbl: 'topics', row_id: 't1', col: '*', val: '{"name":"Novinky \\"A\\"","note":"","created_at":2,"updated_at":2.5,"deleted_at":null}', hlc: hlc(1) },
      { seq: 2, tbl: 'topics', row_id: 't1', col: 'name', val: 'Zprávy', hlc: hlc(2) },
      { seq: 3, tbl: 'topics', row_id: 't1', col: null, val: null, hlc: hlc(3) },
    ];
    expect(expandOutbox(rows)).toEqual([
      { tbl: 'topics', row: 't1', col: 'name', val: 'Novinky "A"', hlc: hlc(1) },
      { tbl: 'topics', row: 't1', col: 'note', val: '', hlc: hlc(1) },
      { tbl: 'topics', row: 't1', col: 'created_at', val: 2, hlc: hlc(1) },
      { tbl: 'topics', row: 't1', col: 'updated_at', val: 2.5, hlc: hlc(1) },
      { tbl: 'topics', row: 't1', col: 'deleted_at', val: null, hlc: hlc(1) },
      { tbl: 'topics', row: 't1', col: 'name', val: 'Zprávy', hlc: hlc(2) },
      { tbl: 'topics', row: 't1', col: null, val: null, hlc: hlc(3) },
    ]);
    expect(expandOutbox([])).toEqual([]);
  });

  it('refuses a value that cannot sync (a blob) instead of sending it wrong', () => {
    expect(() => expandOutbox([{ seq: 9, tbl: 'topics', row_id: 't1', col: 'note', val: Buffer.from('x'), hlc: '0190abcdef12-0000-00112233445566aa' }]))
      .toThrow(/seq 9 holds a blob/);
  });
});

describe('readOutbox', () => {
  it('reads what the handlers wrote, after a seq and up to a limit, as valid protocol changes', async () => {
    t = await openTestCore();
    const start = lastSeq();
    const { id } = await t.call('firms.create', { name: 'Alfa s.r.o.', kinds: ['customer'], ico: '25596641' });
    const afterCreate = lastSeq();
    await t.call('firms.update', { id, name: 'Alfa a.s.', kinds: ['customer'], ico: '25596641' });
    const batches = readOutbox(t.open.sqlite, start, 1000);
    expect(batches.map((b) => b.seq)).toEqual((t.open.sqlite.prepare('SELECT seq FROM sync_outbox WHERE seq > ? ORDER BY seq').pluck().all(start) as number[]));
    const changes = batches.flatMap((b) => b.changes);
    for (const c of changes) expect(changeSchema.safeParse(c).success).toBe(true);

    // The firm's insert: one outbox row, many field changes with one stamp, the local-only rid not among them.
    const insert = batches.find((b) => b.changes.some((c) => c.tbl === 'firms' && c.row === id))!;
    expect(insert.seq).toBeLessThanOrEqual(afterCreate);
    const fields = Object.fromEntries(insert.changes.map((c) => [c.col, c.val]));
    expect(fields).toMatchObject({ name: 'Alfa s.r.o.', is_customer: 1, ico: '25596641', deleted_at: null });
    expect(fields).not.toHaveProperty('rid');
    expect(new Set(insert.changes.map((c) => c.hlc)).size).toBe(1);
    // The update: only what changed, after the insert's stamp.
    const updates = batches.filter((b) => b.seq > afterCreate).flatMap((b) => b.changes).filter((c) => c.tbl === 'firms' && c.row === id);
    expect(updates.find((c) => c.col === 'name')).toMatchObject({ val: 'Alfa a.s.' });
    expect(updates.some((c) => c.col === 'ico')).toBe(false);
    expect(updates.every((c) => c.hlc > insert.changes[0]!.hlc)).toBe(true);

    // Paging: a limit counts outbox rows, and the next page starts after the last seq read.
    const first = readOutbox(t.open.sqlite, start, 2);
    expect(first).toHaveLength(2);
    const rest = readOutbox(t.open.sqlite, first.at(-1)!.seq, 1000);
    expect([...first, ...rest]).toEqual(batches);
    expect(readOutbox(t.open.sqlite, lastSeq(), 10)).toEqual([]);
  });
});
