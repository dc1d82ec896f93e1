// The warm per-firm facts against SQL's own answer: every "last contact" condition, and counts
// deduplicated by the firm's e-mail, counted both ways — on a fresh build and after each kind of
// write that changes them: a new done contact, a planned one marked done, one deleted, a firm
// merged (its contacts and channels move), e-mails added, reordered and removed, a write that
// rolled back — and with a firm created after the build.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeId, openTestCore, type TestCore } from '../test-helpers.ts';
import { contract, type Input } from '../../../shared/contract.ts';
import { countSelection } from './select.ts';
import { firmFacts, type LastContacts } from './firm-facts.ts';
import type { Ctx } from '../context.ts';
import { FirmListIndex } from '../firms/list-index.ts';

const T0 = Date.UTC(2026, 10, 2, 8, 0);
const DAY = 86_400_000;

describe('per-firm facts kept warm', () => {
  let t: TestCore;
  let warm: LastContacts;
  let ctx: Ctx;
  let sqlOnly: Ctx;
  let kinds: { meeting: string; call: string; email: string };
  const firms: string[] = [];

  async function untilWarm(): Promise<void> {
    const facts = Object.values(firmFacts(t.open.sqlite));
    for (let i = 0; i < 1000 && !facts.every((f) => f.ready()); i++) await new Promise((r) => setImmediate(r));
    expect(facts.map((f) => f.status)).toEqual(['warm', 'warm']);
  }

  /** Every last-contact condition, each counted from the arrays and in SQL: the same. */
  async function agree(): Promise<number[]> {
    const counts: number[] = [];
    const days = ['2026-01-01', '2026-06-01', '2026-09-15', '2026-10-30', '2026-11-02'];
    const kindSets = [[], [kinds.meeting], [kinds.call], [kinds.call, kinds.email]];
    for (const kindIds of kindSets) {
      const conditions = [{ on: 'lastContact', op: 'none', kindIds }, ...days.flatMap((date) =>
        (['after', 'before'] as const).map((op) => ({ on: 'lastContact', op, date, kindIds })))];
      for (const c of conditions) {
        const spec = contract['selections.count'].input.parse({ where: { op: 'and', items: [c] } } satisfies Partial<Input<'selections.count'>>);
        const fast = await countSelection(ctx, spec);
        expect(await countSelection(sqlOnly, spec), JSON.stringify(c)).toEqual(fast);
        counts.push(fast.rows);
      }
    }
    // Firm rows deduplicated by e-mail (the firm's own first one): no e-mail and duplicates apart.
    for (const where of [{ op: 'and', items: [] }, { op: 'and', items: [{ on: 'lastContact', op: 'none', kindIds: [] }] }]) {
      const spec = contract['selections.count'].input.parse({ dedupe: 'email', where });
      const fast = await countSelection(ctx, spec);
      expect(await countSelection(sqlOnly, spec)).toEqual(fast);
      counts.push(fast.rows, fast.excluded.noEmail, fast.excluded.duplicates);
    }
    return counts;
  }

  const contact = (firmId: string, kindId: string, at: number, status: 'done' | 'planned' = 'done') => t.call('contacts.create', {
    firmId, kindId, at, status, referentId: t.open.localUserId, summary: 'x',
  });

  beforeAll(async () => {
    t = await openTestCore({ now: () => T0 });
    kinds = { meeting: codeId(t, 'contact_kind', 'meeting'), call: codeId(t, 'contact_kind', 'call'), email: codeId(t, 'contact_kind', 'email') };
    // Every third firm without an e-mail; two firms share one (in other case); firm 4 has two.
    const email = (i: number) => (i % 3 === 0 ? [] : [{ kind: 'email' as const, value: i === 7 ? ' INFO@Firma2.cz ' : `info@firma${i}.cz` }]);
    for (let i = 0; i < 12; i++) {
      firms.push((await t.call('firms.create', { name: `Firma ${i}`, kinds: ['customer'],
        channels: [...email(i), ...(i === 4 ? [{ kind: 'email' as const, value: 'druhy@firma4.cz' }] : [])] })).id);
    }
    const all = [kinds.meeting, kinds.call, kinds.email];
    for (let i = 0; i < 12; i++) {
      for (let j = 0; j < i % 4; j++) await contact(firms[i]!, all[(i + j) % 3]!, T0 - (i * 23 + j * 7) * DAY);
    }
    await contact(firms[11]!, kinds.meeting, T0 + 3 * DAY, 'planned');
    ctx = {
      db: t.open.db, localUserId: t.open.localUserId, dbPath: t.open.path, schemaVersion: t.open.schemaVersion,
      filesDir: t.dir, now: () => T0, firmList: new FirmListIndex(t.open.db), firmFacts: firmFacts(t.open.sqlite),
    };
    warm = ctx.firmFacts!.lastContacts;
    const { firmFacts: _, ...rest } = ctx;
    sqlOnly = rest;
  });
  afterAll(async () => { await t.close(); });

  it('answer as SQL does once built, and the core shares the one per connection', async () => {
    // The core created its own for this connection: the same object.
    expect(warm).toBe(firmFacts(t.open.sqlite).lastContacts);
    expect(warm.status).toBe('cold');
    // Cold: the first count starts the build and is answered in SQL.
    const first = await agree();
    await untilWarm();
    expect(await agree()).toEqual(first);
    expect(first.some((n) => n > 0) && first.some((n) => n < 12)).toBe(true);
  });

  it('stay right after contacts are written, moved, deleted and merged', async () => {
    await untilWarm();
    const base = await agree();
    // Every write below is caught up without a rebuild.
    const rebuilt = () => Object.values(firmFacts(t.open.sqlite)).some((f) => f.status !== 'warm');
    // A new done call today for a firm without contacts.
    await contact(firms[0]!, kinds.call, T0 - DAY);
    const afterCall = await agree();
    expect(afterCall).not.toEqual(base);
    // The planned meeting marked done (it moves to yesterday: a done contact is not in the future).
    const planned = t.open.sqlite.prepare(`SELECT id FROM contacts WHERE status = 'planned'`).pluck().get() as string;
    await t.call('contacts.update', { id: planned, firmId: firms[11]!, kindId: kinds.meeting, at: T0 - 2 * DAY, status: 'done',
      referentId: t.open.localUserId, summary: 'x' });
    await agree();
    // The newest contact of firm 3 deleted: its last one is the one before.
    const newest = t.open.sqlite.prepare(`SELECT id FROM contacts WHERE firm_id = ? AND status = 'done' ORDER BY at DESC LIMIT 1`).pluck().get(firms[3]!) as string;
    await t.call('contacts.delete', { id: newest });
    await agree();
    // Firm 5 merged into firm 0: its contacts count for firm 0 now.
    await t.call('firms.merge', { survivorId: firms[0]!, mergedId: firms[5]! });
    await agree();
    // A firm created after the build, with a contact and an e-mail another firm has.
    const late = (await t.call('firms.create', { name: 'Pozdní', kinds: ['customer'], channels: [{ kind: 'email', value: 'info@firma1.cz' }] })).id;
    await contact(late, kinds.email, T0 - 40 * DAY);
    await agree();
    // E-mails given to a firm without one, swapped in order, taken away.
    const update = async (i: number, channels: { kind: 'email'; value: string }[]) => {
      const firm = await t.call('firms.get', { id: firms[i]! });
      await t.call('firms.update', { id: firms[i]!, name: firm.firm.name, kinds: ['customer'], channels });
    };
    const withEmails = await agree();
    await update(6, [{ kind: 'email', value: 'info@firma8.cz' }]);
    expect(await agree()).not.toEqual(withEmails);
    await update(4, [{ kind: 'email', value: 'druhy@firma4.cz' }, { kind: 'email', value: 'info@firma4.cz' }]);
    await agree();
    await update(8, []);
    await agree();
    expect(rebuilt()).toBe(false);
  });

  it('ignore a write that rolled back', async () => {
    await untilWarm();
    const before = await agree();
    const insert = t.open.sqlite.prepare(`INSERT INTO contacts (id, firm_id, kind_id, status, at, referent_id, summary, note, created_at, updated_at)
      SELECT '01900000-0000-7000-8000-00000000c0de', ?, ?, 'done', ?, ?, 'x', '', 0, 0`);
    expect(() => t.open.sqlite.transaction(() => {
      insert.run(firms[1]!, kinds.meeting, T0 - DAY, t.open.localUserId);
      throw new Error('rolled back');
    })()).toThrow('rolled back');
    expect(await agree()).toEqual(before);
  });
});
