import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestCore, codeId, type TestCore } from '../test-helpers.ts';
import type { Input } from '../../../shared/contract.ts';
import type { Money } from '../../../shared/types.ts';
import { sumByCurrency, weightedAmount } from '../../../shared/money.ts';

let t: TestCore;
let me: string;
let colleague: string;
let firmId: string;
let clock: number;
const DAY = 86_400_000;
/** Monday 2 November 2026, 08:00 UTC. */
const T0 = Date.UTC(2026, 10, 2, 8, 0);
const fixed = (n: number) => `00000000-0000-7000-8003-${n.toString(16).padStart(12, '0')}`;
const STAGE = { lead: fixed(1), rfi: fixed(2), offer: fixed(3), negotiation: fixed(4), won: fixed(5), lost: fixed(6) };

beforeEach(async () => {
  clock = T0;
  t = await openTestCore({ now: () => clock });
  me = t.open.localUserId;
  colleague = (await t.call('users.create', { name: 'Karel Obchodník' })).id;
  firmId = (await t.call('firms.create', { name: 'Pekárna Novák s.r.o.', kinds: ['customer'] })).id;
});
afterEach(async () => { await t.close(); });

const opp = (extra: Partial<Input<'opportunities.create'>> = {}): Input<'opportunities.create'> => ({
  firmId, title: 'Pec 2026', stageId: STAGE.offer, amount: 1_250_000_00, currency: 'CZK', ownerId: me, ...extra,
});
const create = async (extra: Partial<Input<'opportunities.create'>> = {}) => (await t.call('opportunities.create', opp(extra))).id;
/** The form sends back what it loaded, with changes. */
async function edit(id: string, change: Partial<Input<'opportunities.update'>>) {
  const o = await t.call('opportunities.get', { id });
  return t.call('opportunities.update', {
    id, firmId: o.firmId, title: o.title, stageId: o.stageId, probability: o.probability, amount: o.amount, currency: o.currency,
    closeDate: o.closeDate, deadlineAt: o.deadlineAt, watchDays: o.watchDays, ownerId: o.ownerId, salesIds: o.salesIds,
    watcherIds: o.watcherIds, note: o.note, lines: o.lines, competitors: o.competitors, ...change,
  });
}
const reminderRows = () => t.open.sqlite.prepare(
  `SELECT user_id, at, opportunity_id FROM reminders WHERE kind = 'deadline' AND deleted_at IS NULL ORDER BY user_id`).all() as
  { user_id: string; at: number; opportunity_id: string }[];
const liveSales = () => t.open.sqlite.prepare('SELECT firm_id, kind, source, date, amount, currency, product, document_no, opportunity_id, note FROM sales WHERE deleted_at IS NULL').all();
const history = () => t.open.sqlite.prepare(`SELECT old_value AS old, new_value AS new FROM changes WHERE field = 'opportunity' ORDER BY rowid`).all();
const stageOrder = async () => (await t.call('stages.list', {})).map((s) => s.code ?? s.label);

describe('stages', () => {
  it('are seeded, and users add, rename, reorder and delete open stages; won and lost stay last', async () => {
    expect(await t.call('stages.list', {})).toEqual([
      { id: STAGE.lead, code: 'lead', label: null, outcome: 'open', probability: 10, sort: 0 },
      { id: STAGE.rfi, code: 'rfi', label: null, outcome: 'open', probability: 20, sort: 1 },
      { id: STAGE.offer, code: 'offer', label: null, outcome: 'open', probability: 40, sort: 2 },
      { id: STAGE.negotiation, code: 'negotiation', label: null, outcome: 'open', probability: 70, sort: 3 },
      { id: STAGE.won, code: 'won', label: null, outcome: 'won', probability: 100, sort: 4 },
      { id: STAGE.lost, code: 'lost', label: null, outcome: 'lost', probability: 0, sort: 5 },
    ]);
    const demo = (await t.call('stages.create', { label: 'Předvedení', probability: 30 })).id;
    expect(await stageOrder()).toEqual(['lead', 'rfi', 'offer', 'negotiation', 'Předvedení', 'won', 'lost']);
    expect((await t.call('stages.list', {})).map((s) => s.sort)).toEqual([0, 1, 2, 3, 4, 5, 6]);

    // Renaming sets the label (the code stays for the record); won can be renamed too.
    await t.call('stages.update', { id: STAGE.lead, label: 'První kontakt', probability: 15 });
    await t.call('stages.update', { id: STAGE.won, label: 'Objednáno', probability: 100 });
    const stages = await t.call('stages.list', {});
    expect(stages[0]).toMatchObject({ code: 'lead', label: 'První kontakt', probability: 15 });
    expect(stages[5]).toMatchObject({ code: 'won', label: 'Objednáno', outcome: 'won' });
    expect(await t.fail('stages.update', { id: STAGE.won, label: 'Won', probability: 90 })).toMatchObject({ field: 'probability', messageKey: 'errors.stage_fixed' });

    await t.call('stages.reorder', { ids: [demo, STAGE.lead, STAGE.rfi, STAGE.offer, STAGE.negotiation] });
    expect(await stageOrder()).toEqual(['Předvedení', 'lead', 'rfi', 'offer', 'negotiation', 'won', 'lost']);
    // A stale or partial order is refused whole; so is one naming won.
    for (const ids of [[STAGE.lead, STAGE.rfi], [demo, STAGE.lead, STAGE.rfi, STAGE.offer, STAGE.won], [demo, demo, STAGE.rfi, STAGE.offer, STAGE.negotiation]]) {
      expect(await t.fail('stages.reorder', { ids })).toMatchObject({ field: 'ids', messageKey: 'errors.stage_order' });
    }

    await t.call('stages.delete', { id: demo });
    expect(await stageOrder()).toEqual(['lead', 'rfi', 'offer', 'negotiation', 'won', 'lost']);
    expect((await t.call('stages.list', {})).map((s) => s.sort)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(t.open.sqlite.prepare('SELECT deleted_at FROM pipeline_stages WHERE id = ?').get(demo)).toEqual({ deleted_at: T0 });
    expect(await t.fail('stages.delete', { id: demo })).toMatchObject({ code: 'not_found' });
  });

  it('refuses to delete won, lost, a stage with opportunities on it, and the last open stage', async () => {
    for (const id of [STAGE.won, STAGE.lost]) {
      expect(await t.fail('stages.delete', { id })).toMatchObject({ code: 'validation', field: 'id', messageKey: 'errors.stage_fixed' });
    }
    const a = await create({ stageId: STAGE.rfi });
    await create({ stageId: STAGE.rfi });
    expect(await t.fail('stages.delete', { id: STAGE.rfi })).toMatchObject({ field: 'id', messageKey: 'errors.stage_in_use', params: { count: 2 } });
    // Closed and deleted deals elsewhere do not hold it; a deal moved away no longer does.
    await t.call('opportunities.move', { id: a, stageId: STAGE.lead });
    expect(await t.fail('stages.delete', { id: STAGE.rfi })).toMatchObject({ params: { count: 1 } });
    const rest = (await t.call('opportunities.list', { stageId: STAGE.rfi })).rows;
    for (const r of rest) await t.call('opportunities.delete', { id: r.id });
    await t.call('stages.delete', { id: STAGE.rfi });
    await t.call('opportunities.delete', { id: a });
    await t.call('stages.delete', { id: STAGE.lead });
    await t.call('stages.delete', { id: STAGE.offer });
    expect(await t.fail('stages.delete', { id: STAGE.negotiation })).toMatchObject({ field: 'id', messageKey: 'errors.stage_last_open' });
    expect(await stageOrder()).toEqual(['negotiation', 'won', 'lost']);
  });
});

describe('opportunities: the deal', () => {
  it('round-trips lines, competitors, salespeople, watchers, comments and documents', async () => {
    const id = await create({
      probability: null, closeDate: '2026-12-15', note: 'Chtějí dodání před sezónou.', salesIds: [colleague], watcherIds: [me],
      deadlineAt: Date.UTC(2026, 10, 20, 10, 0), watchDays: 3,
      lines: [
        { product: 'Pec EKO 2000', productGroup: 'Pece', quantity: 2, unitPrice: 500_000_00 },
        { product: 'Montáž', quantity: 1.5, unitPrice: 100_000_00 },
      ],
      competitors: [{ name: 'Pekservis a.s.', strengths: 'Cena', weaknesses: 'Servis' }],
    });
    clock += 1000;
    const c1 = (await t.call('opportunities.comment', { opportunityId: id, body: 'Volal jsem, čekají na rozpočet.' })).id;
    clock += 1000;
    const c2 = (await t.as(colleague).call('opportunities.comment', { opportunityId: id, body: 'Posílám referenci.' })).id;
    const rfi = await t.call('attachments.add', { firmId, opportunityId: id, docKind: 'rfi', name: 'poptavka.pdf', content: 'aGVsbG8=' });
    const offer = await t.call('attachments.add', { firmId, opportunityId: id, docKind: 'offer', name: 'nabidka.pdf', content: 'aGVsbG8y' });
    const loose = await t.call('attachments.add', { firmId, name: 'vypis.pdf', content: 'aGVsbG8z' });
    expect(rfi).toMatchObject({ opportunityId: id, docKind: 'rfi' });
    expect(loose).toMatchObject({ opportunityId: null, docKind: null });
    // The firm's file list shows them too, with their link.
    expect((await t.call('attachments.list', { firmId })).map((a) => [a.name, a.opportunityId, a.docKind]).sort())
      .toEqual([['nabidka.pdf', id, 'offer'], ['poptavka.pdf', id, 'rfi'], ['vypis.pdf', null, null]]);

    const o = await t.call('opportunities.get', { id });
    expect(o).toMatchObject({
      id, firmId, firmName: 'Pekárna Novák s.r.o.', title: 'Pec 2026', stageId: STAGE.offer, outcome: 'open',
      probability: 40, amount: 1_250_000_00, currency: 'CZK', weighted: 500_000_00, closeDate: '2026-12-15',
      deadlineAt: Date.UTC(2026, 10, 20, 10, 0), watchDays: 3, ownerId: me, ownerName: 'Eva Testová', closedAt: null,
      note: 'Chtějí dodání před sezónou.', salesIds: [colleague], watcherIds: [me], lostReasonId: null, lostNote: '', saleId: null,
      lines: [
        { product: 'Pec EKO 2000', productGroup: 'Pece', quantity: 2, unitPrice: 500_000_00 },
        { product: 'Montáž', productGroup: '', quantity: 1.5, unitPrice: 100_000_00 },
      ],
      competitors: [{ name: 'Pekservis a.s.', strengths: 'Cena', weaknesses: 'Servis' }],
      comments: [
        { id: c1, authorId: me, authorName: 'Eva Testová', body: 'Volal jsem, čekají na rozpočet.', at: T0 + 1000 },
        { id: c2, authorId: colleague, authorName: 'Karel Obchodník', body: 'Posílám referenci.', at: T0 + 2000 },
      ],
    });
    expect(o.documents.map((d) => [d.id, d.docKind])).toEqual([[rfi.id, 'rfi'], [offer.id, 'offer']]);
    // The owner is a salesperson of the deal as well (stored once, not repeated in salesIds).
    expect(t.open.sqlite.prepare(`SELECT user_id, role FROM opportunity_users WHERE opportunity_id = ? ORDER BY role, user_id = ?`).all(id, colleague))
      .toEqual([{ user_id: me, role: 'sales' }, { user_id: colleague, role: 'sales' }, { user_id: me, role: 'watch' }]);

    // Update: one line kept (by id) and changed, one dropped, one added; the competitor goes; the
    // colleague leaves and comes back (the unique row is revived, not duplicated).
    const [pec] = o.lines;
    clock += DAY;
    await edit(id, {
      title: 'Pece 2026', probability: 55, salesIds: [],
      lines: [{ ...pec!, quantity: 3 }, { product: 'Školení', quantity: 1, unitPrice: 20_000_00 }], competitors: [],
    });
    let u = await t.call('opportunities.get', { id });
    expect(u).toMatchObject({ title: 'Pece 2026', probability: 55, weighted: 687_500_00, salesIds: [], competitors: [] });
    expect(u.lines.map((l) => [l.id === pec!.id, l.product, l.quantity])).toEqual([[true, 'Pec EKO 2000', 3], [false, 'Školení', 1]]);
    expect(t.open.sqlite.prepare('SELECT count(*) AS n FROM opportunity_lines WHERE opportunity_id = ? AND deleted_at IS NOT NULL').get(id)).toEqual({ n: 1 });
    await edit(id, { salesIds: [colleague] });
    u = await t.call('opportunities.get', { id });
    expect(u.salesIds).toEqual([colleague]);
    expect(t.count('opportunity_users')).toBe(3);
    // The firm's history names the deal and its stage.
    expect(history()).toEqual([{ old: '', new: 'Pec 2026 · offer' }, { old: 'Pec 2026 · offer', new: 'Pece 2026 · offer' }]);
    expect((await t.call('firms.get', { id: firmId })).counts).toMatchObject({ openOpportunities: 1, sales: 0 });
  });

  it('checks what it points at: firm, stage, users, and a document on another firm\'s deal', async () => {
    const other = (await t.call('firms.create', { name: 'Jiná firma', kinds: ['customer'] })).id;
    const bad = '01900000-0000-7000-8000-000000000bad';
    expect(await t.fail('opportunities.create', opp({ stageId: STAGE.won }))).toMatchObject({ field: 'stageId', messageKey: 'errors.stage_closing' });
    expect(await t.fail('opportunities.create', opp({ stageId: bad }))).toMatchObject({ field: 'stageId', messageKey: 'errors.unknown_ref' });
    expect(await t.fail('opportunities.create', opp({ salesIds: [colleague, bad] }))).toMatchObject({ field: 'salesIds.1', messageKey: 'errors.unknown_ref' });
    expect(await t.fail('opportunities.create', opp({ firmId: bad }))).toMatchObject({ field: 'firmId' });
    expect(await t.fail('opportunities.create', opp({ amount: 12.5 }))).toMatchObject({ field: 'amount', messageKey: 'errors.amount' });
    expect(await t.fail('opportunities.create', opp({ watchDays: 3 }))).toMatchObject({ field: 'watchDays', messageKey: 'errors.watch_needs_deadline' });
    expect(t.count('opportunities')).toBe(0);
    const id = await create();
    expect(await t.fail('attachments.add', { firmId: other, opportunityId: id, name: 'x.pdf', content: 'aGVsbG8=' }))
      .toMatchObject({ field: 'opportunityId', messageKey: 'errors.unknown_ref' });
    expect(await t.fail('opportunities.comment', { opportunityId: bad, body: 'x' })).toMatchObject({ field: 'opportunityId' });
    await t.call('opportunities.delete', { id });
    expect(await t.fail('opportunities.get', { id })).toMatchObject({ code: 'not_found' });
    expect((await t.call('opportunities.list', { state: 'all' })).total).toBe(0);
  });

  it('moves between open stages taking the stage\'s probability; won and lost only by closing', async () => {
    const id = await create({ stageId: STAGE.lead, probability: 25 });
    expect((await t.call('opportunities.get', { id })).probability).toBe(25);
    clock += DAY;
    await t.call('opportunities.move', { id, stageId: STAGE.negotiation });
    expect(await t.call('opportunities.get', { id })).toMatchObject({ stageId: STAGE.negotiation, probability: 70, outcome: 'open' });
    expect(t.open.sqlite.prepare('SELECT stage_changed_at FROM opportunities WHERE id = ?').get(id)).toEqual({ stage_changed_at: T0 + DAY });
    expect(await t.fail('opportunities.move', { id, stageId: STAGE.won })).toMatchObject({ field: 'stageId', messageKey: 'errors.stage_closing' });
    expect(await t.fail('opportunities.update', { ...opp({ stageId: STAGE.lost }), id })).toMatchObject({ field: 'stageId', messageKey: 'errors.stage_closing' });
    expect(history()).toEqual([{ old: '', new: 'Pec 2026 · lead' }, { old: 'Pec 2026 · lead', new: 'Pec 2026 · negotiation' }]);
  });
});

describe('the deadline watch', () => {
  it('reminds each watcher N days before the offer deadline, re-arms on a new deadline, and goes when cleared or closed', async () => {
    const deadline = Date.UTC(2026, 10, 20, 10, 0);
    const id = await create({ deadlineAt: deadline, watchDays: 3, watcherIds: [me, colleague] });
    const on17th = Date.UTC(2026, 10, 17, 10, 0);
    expect(reminderRows()).toEqual([me, colleague].sort().map((u) => ({ user_id: u, at: on17th, opportunity_id: id })));

    // Seen by each watcher: pending until the 17th at 10:00, due from then on.
    expect(await t.call('reminders.list', {})).toEqual([]);
    expect(await t.call('reminders.list', { state: 'pending' })).toMatchObject([{ kind: 'deadline', at: on17th, due: false, title: 'Pec 2026', opportunityId: id, eventAt: deadline, firmId }]);
    clock = on17th - 60_000;
    expect(await t.as(colleague).call('reminders.list', {})).toEqual([]);
    clock = on17th;
    expect(await t.as(colleague).call('reminders.list', {})).toMatchObject([{ opportunityId: id, due: true }]);
    const mine = (await t.call('reminders.list', {}))[0]!;
    await t.call('reminders.dismiss', { id: mine.id });
    expect(await t.call('reminders.list', {})).toEqual([]);

    // Saving without a change leaves the dismissal alone; a new deadline re-arms for everyone.
    await edit(id, { note: 'beze změny termínu' });
    expect(await t.call('reminders.list', { state: 'pending' })).toEqual([]);
    const later = Date.UTC(2026, 10, 27, 10, 0);
    await edit(id, { deadlineAt: later, watchDays: 5 });
    expect(reminderRows().map((r) => r.at)).toEqual([Date.UTC(2026, 10, 22, 10, 0), Date.UTC(2026, 10, 22, 10, 0)]);
    expect(await t.call('reminders.list', { state: 'pending' })).toMatchObject([{ at: Date.UTC(2026, 10, 22, 10, 0), due: false, eventAt: later }]);

    // A watcher who leaves loses theirs; clearing the deadline clears the watch.
    await edit(id, { watcherIds: [colleague] });
    expect(reminderRows().map((r) => r.user_id)).toEqual([colleague]);
    await edit(id, { deadlineAt: null, watchDays: null });
    expect(reminderRows()).toEqual([]);
    // Watch 0 days: on the deadline itself.
    await edit(id, { deadlineAt: later, watchDays: 0 });
    expect(reminderRows()).toEqual([{ user_id: colleague, at: later, opportunity_id: id }]);

    // Closing ends the watch; reopening with the deadline still ahead brings it back; deleting ends it.
    await t.call('opportunities.close', { id, outcome: 'lost', reasonId: codeId(t, 'lost_reason', 'price') });
    expect(reminderRows()).toEqual([]);
    await t.call('opportunities.reopen', { id, stageId: STAGE.offer });
    expect(reminderRows()).toEqual([{ user_id: colleague, at: later, opportunity_id: id }]);
    await t.call('opportunities.delete', { id });
    expect(reminderRows()).toEqual([]);
  });

  it('sets no reminders for a deadline already past', async () => {
    await create({ deadlineAt: T0 - DAY, watchDays: 1, watcherIds: [me] });
    expect(reminderRows()).toEqual([]);
  });
});

describe('closing', () => {
  it('won records a sale on the firm; the card counts it and reopening takes it back', async () => {
    const id = await create({ lines: [{ product: 'Pec EKO 2000', quantity: 1, unitPrice: 1_250_000_00 }] });
    await create({ title: 'Druhá' });
    expect((await t.call('firms.get', { id: firmId })).counts).toMatchObject({ openOpportunities: 2, sales: 0 });
    clock += DAY;
    const { saleId } = await t.call('opportunities.close', { id, outcome: 'won', date: '2026-11-03', documentNo: 'OBJ-2026-17' });
    expect(saleId).toEqual(expect.any(String));
    expect(liveSales()).toEqual([{
      firm_id: firmId, kind: 'order', source: 'opportunity', date: '2026-11-03', amount: 1_250_000_00, currency: 'CZK',
      product: 'Pec EKO 2000', document_no: 'OBJ-2026-17', opportunity_id: id, note: 'Pec 2026',
    }]);
    expect(await t.call('opportunities.get', { id })).toMatchObject({
      stageId: STAGE.won, outcome: 'won', probability: 100, closedAt: T0 + DAY, closeDate: '2026-11-03', saleId,
    });
    expect((await t.call('firms.get', { id: firmId })).counts).toMatchObject({ openOpportunities: 1, sales: 1 });
    expect(await t.call('sales.list', { firmId })).toMatchObject([{ id: saleId, source: 'opportunity', opportunityId: id, amount: 1_250_000_00 }]);
    expect(history().at(-1)).toEqual({ old: 'Pec 2026 · offer', new: 'Pec 2026 · won' });

    // A closed deal is not dragged or closed again; it is reopened.
    expect(await t.fail('opportunities.move', { id, stageId: STAGE.lead })).toMatchObject({ field: 'id', messageKey: 'errors.opportunity_closed' });
    expect(await t.fail('opportunities.close', { id, outcome: 'lost', reasonId: codeId(t, 'lost_reason', 'price') })).toMatchObject({ messageKey: 'errors.opportunity_closed' });
    expect(await t.fail('opportunities.update', { ...opp(), id })).toMatchObject({ field: 'stageId', messageKey: 'errors.opportunity_closed' });
    // Its details can still be edited where it stands.
    await edit(id, { note: 'Dodáno v prosinci.' });
    expect(await t.call('opportunities.get', { id })).toMatchObject({ note: 'Dodáno v prosinci.', outcome: 'won', saleId });

    expect(await t.fail('opportunities.reopen', { id, stageId: STAGE.won })).toMatchObject({ field: 'stageId', messageKey: 'errors.stage_closing' });
    await t.call('opportunities.reopen', { id, stageId: STAGE.negotiation });
    expect(await t.call('opportunities.get', { id })).toMatchObject({ outcome: 'open', stageId: STAGE.negotiation, probability: 70, closedAt: null, saleId: null });
    expect(liveSales()).toEqual([]);
    expect((await t.call('firms.get', { id: firmId })).counts).toMatchObject({ openOpportunities: 2, sales: 0 });
    expect(await t.fail('opportunities.reopen', { id, stageId: STAGE.lead })).toMatchObject({ field: 'id', messageKey: 'errors.opportunity_not_closed' });

    // Won again with a different amount and kind; the document number is free again (its sale went).
    await t.call('opportunities.close', { id, outcome: 'won', date: '2026-11-10', amount: 1_100_000_00, kind: 'contract', documentNo: 'OBJ-2026-17' });
    expect(liveSales()).toMatchObject([{ kind: 'contract', amount: 1_100_000_00, date: '2026-11-10' }]);
  });

  it('won refuses a document number already on a sale and an impossible date, and records nothing', async () => {
    await t.call('sales.create', { firmId, date: '2026-10-01', amount: 100, currency: 'CZK', documentNo: 'FV-1' });
    const id = await create();
    expect(await t.fail('opportunities.close', { id, outcome: 'won', date: '2026-11-03', documentNo: 'FV-1' })).toMatchObject({ field: 'documentNo' });
    expect(await t.fail('opportunities.close', { id, outcome: 'won', date: '2026-02-30' })).toMatchObject({ field: 'date' });
    expect(await t.call('opportunities.get', { id })).toMatchObject({ outcome: 'open', saleId: null });
    expect(liveSales()).toHaveLength(1);
  });

  it('lost requires a reason from the lost-reason list (and a note for “other”)', async () => {
    const id = await create();
    expect(await t.fail('opportunities.close', { id, outcome: 'lost' })).toMatchObject({ code: 'validation', field: 'reasonId', messageKey: 'errors.required' });
    expect(await t.fail('opportunities.close', { id, outcome: 'lost', reasonId: codeId(t, 'contact_kind', 'call') }))
      .toMatchObject({ field: 'reasonId', messageKey: 'errors.unknown_ref' });
    expect(await t.fail('opportunities.close', { id, outcome: 'lost', reasonId: codeId(t, 'lost_reason', 'other') }))
      .toMatchObject({ field: 'note', messageKey: 'errors.lost_note_required' });
    expect(await t.call('opportunities.get', { id })).toMatchObject({ outcome: 'open' });

    const reasonId = codeId(t, 'lost_reason', 'competitor');
    expect(await t.call('opportunities.close', { id, outcome: 'lost', reasonId, note: 'Levnější nabídka Pekservisu.' })).toEqual({ id, saleId: null });
    expect(await t.call('opportunities.get', { id })).toMatchObject({
      outcome: 'lost', stageId: STAGE.lost, probability: 0, weighted: 0, lostReasonId: reasonId, lostNote: 'Levnější nabídka Pekservisu.', saleId: null,
    });
    expect(liveSales()).toEqual([]);
    expect((await t.call('firms.get', { id: firmId })).counts).toMatchObject({ openOpportunities: 0, sales: 0 });
    // Reopened, the reason is gone with the loss.
    await t.call('opportunities.reopen', { id, stageId: STAGE.rfi });
    expect(await t.call('opportunities.get', { id })).toMatchObject({ outcome: 'open', probability: 20, lostReasonId: null, lostNote: '' });
  });
});

describe('the board', () => {
  it('has the open stages as columns with counts, totals and weighted totals per currency and the largest cards first within a currency', async () => {
    const other = (await t.call('firms.create', { name: 'Hotel Dunaj Kft.', kinds: ['customer'] })).id;
    const made: { stageId: string; amount: number; currency: 'CZK' | 'EUR' | 'HUF'; probability: number; owner: string }[] = [];
    const add = async (stageId: string, amount: number, currency: 'CZK' | 'EUR' | 'HUF', probability: number | null, extra: Partial<Input<'opportunities.create'>> = {}) => {
      const id = await create({ stageId, amount, currency, probability, ...extra });
      const o = await t.call('opportunities.get', { id });
      made.push({ stageId, amount, currency, probability: o.probability, owner: o.ownerId });
      return id;
    };
    await add(STAGE.lead, 123_45, 'CZK', null); // 10 %: 12.345 → 12 (half away from zero: 1234.5 → 1235)
    await add(STAGE.lead, 1_000_00, 'EUR', 15);
    await add(STAGE.lead, 99_999, 'CZK', 33, { firmId: other });
    await add(STAGE.offer, 5_000_000_00, 'HUF', null, { ownerId: colleague });
    await add(STAGE.offer, 2_500_00, 'EUR', 45, { salesIds: [colleague] });
    await add(STAGE.offer, 7_77, 'EUR', null);
    await add(STAGE.negotiation, 50_000_00, 'CZK', null);
    // Not on the board: closed, deleted, or on a deleted firm.
    const won = await create({ stageId: STAGE.negotiation, amount: 1 });
    await t.call('opportunities.close', { id: won, outcome: 'won', date: '2026-11-02' });
    await t.call('opportunities.delete', { id: await create({ stageId: STAGE.lead, amount: 5 }) });
    const gone = (await t.call('firms.create', { name: 'Zrušená', kinds: ['customer'] })).id;
    await create({ firmId: gone, stageId: STAGE.lead, amount: 7 });
    await t.call('firms.delete', { id: gone });

    const expected = (stageId: string, owner?: string) => {
      const mine = made.filter((m) => m.stageId === stageId && (!owner || m.owner === owner || m.amount === 2_500_00));
      const order = (ms: Money[]) => ms.sort((a, b) => a.currency.localeCompare(b.currency));
      return {
        count: mine.length,
        totals: order(sumByCurrency(mine)),
        weighted: order(sumByCurrency(mine.map((m) => ({ currency: m.currency, amount: weightedAmount(m.amount, m.probability) })))),
        // No rates kept: the office's currency (CZK) first, then the others by code, each largest first.
        amounts: [...mine].sort((a, b) => Number(a.currency !== 'CZK') - Number(b.currency !== 'CZK')
          || a.currency.localeCompare(b.currency) || b.amount - a.amount).map((m) => m.amount),
      };
    };
    const board = await t.call('opportunities.board', {});
    expect(board.columns.map((c) => c.stage.code)).toEqual(['lead', 'rfi', 'offer', 'negotiation']);
    for (const c of board.columns) {
      const e = expected(c.stage.id);
      expect({ count: c.count, totals: c.totals, weighted: c.weighted, amounts: c.cards.map((x) => x.amount) }, c.stage.code!).toEqual(e);
    }
    // Spelled out for the lead column, so the rounding is visible.
    expect(board.columns[0]).toMatchObject({
      count: 3,
      totals: [{ currency: 'CZK', amount: 123_45 + 99_999 }, { currency: 'EUR', amount: 1_000_00 }],
      weighted: [{ currency: 'CZK', amount: 1235 + 33000 }, { currency: 'EUR', amount: 150_00 }],
    });
    expect(board.columns[1]).toMatchObject({ count: 0, totals: [], weighted: [], cards: [] });
    expect(board.columns[2]!.cards[2]).toMatchObject({ amount: 5_000_000_00, currency: 'HUF', probability: 40, weighted: 2_000_000_00, ownerName: 'Karel Obchodník' });
    expect(board.rates).toBeNull();
    expect(board.columns.every((c) => c.converted === null && c.cards.every((x) => x.converted === null))).toBe(true);

    // The first N cards only; the count still says how many there are.
    const short = await t.call('opportunities.board', { cardsPerColumn: 1 });
    expect(short.columns[0]).toMatchObject({ count: 3 });
    expect(short.columns[0]!.cards.map((c) => c.amount)).toEqual([99_999]);

    // One salesperson's board: deals they own or sell on.
    const theirs = await t.call('opportunities.board', { ownerId: colleague });
    expect(theirs.columns.map((c) => c.count)).toEqual([0, 0, 2, 0]);
    expect(theirs.columns[2]).toMatchObject({
      totals: [{ currency: 'EUR', amount: 2_500_00 }, { currency: 'HUF', amount: 5_000_000_00 }],
      weighted: [{ currency: 'EUR', amount: 1_125_00 }, { currency: 'HUF', amount: 2_000_000_00 }],
    });
    // Theirs, and one they sell on with its owner — marked so (the owner filter's reason).
    expect(theirs.columns[2]!.cards.map((c) => [c.amount, c.ownerId, c.via])).toEqual([[2_500_00, me, 'co_seller'], [5_000_000_00, colleague, 'owner']]);
    expect(board.columns[2]!.cards.every((c) => c.via === null)).toBe(true);
    expect((await t.call('opportunities.board', { ownerId: colleague, cardsPerColumn: 1 })).columns.map((c) => c.cards.map((x) => x.amount)))
      .toEqual([[], [], [2_500_00], []]);
    expect((await t.call('opportunities.board', { ownerId: me })).columns.map((c) => c.count)).toEqual([3, 0, 2, 1]);

    // A renamed stage and a new one show up in order.
    await t.call('stages.create', { label: 'Předvedení', probability: 50 });
    expect((await t.call('opportunities.board', {})).columns.map((c) => c.stage.code ?? c.stage.label))
      .toEqual(['lead', 'rfi', 'offer', 'negotiation', 'Předvedení']);
  });
});

describe('the board with the office\'s exchange rates', () => {
  it('orders cards by the amount in the office\'s currency, converts totals, rounds forints to whole ones', async () => {
    const firm = (await t.call('firms.create', { name: 'Kurzy s.r.o.', kinds: ['customer'] })).id;
    const stage = (await t.call('stages.create', { label: 'Kurzy', probability: 33 })).id;
    // 4 187 320 HUF (~260k Kč at 0.0622) is less than 1 702 709 Kč; 33 % of it has fillér.
    await create({ firmId: firm, stageId: stage, amount: 4_187_320_00, currency: 'HUF', probability: null });
    await create({ firmId: firm, stageId: stage, amount: 1_702_709_00, currency: 'CZK', probability: null });
    await create({ firmId: firm, stageId: stage, amount: 50_000_00, currency: 'EUR', probability: null });
    const column = async () => (await t.call('opportunities.board', {})).columns.find((c) => c.stage.id === stage)!;
    // Without rates: within currency, forint weighted total in whole forints (1 381 815,60 → 1 381 816).
    let col = await column();
    expect(col.cards.map((c) => c.currency)).toEqual(['CZK', 'EUR', 'HUF']);
    expect(col.weighted.find((m) => m.currency === 'HUF')).toEqual({ currency: 'HUF', amount: 1_381_816_00 });
    expect(col.converted).toBeNull();
    // Rates for EUR only: HUF has none, so nothing is converted across the board's currencies.
    await t.call('rates.set', { base: 'CZK', rates: { EUR: 25.2 }, asOf: '2026-11-01' });
    col = await column();
    expect(col.cards.map((c) => c.currency)).toEqual(['CZK', 'EUR', 'HUF']);
    expect(col.converted).toBeNull();
    expect(col.cards[1]!.converted).toEqual({ currency: 'CZK', amount: 1_260_000_00 });
    // Every currency with a rate: by value in CZK.
    await t.call('rates.set', { base: 'CZK', rates: { EUR: 25.2, HUF: 0.0622 }, asOf: '2026-11-01' });
    expect(await t.call('rates.get', {})).toEqual({ rates: { base: 'CZK', rates: { EUR: 25.2, HUF: 0.0622 }, asOf: '2026-11-01' } });
    col = await column();
    expect(col.cards.map((c) => [c.currency, c.converted?.amount ?? null])).toEqual([
      ['CZK', null], ['EUR', 1_260_000_00], ['HUF', 260_451_30]]);
    const total = 1_702_709_00 + 1_260_000_00 + 260_451_30;
    expect(col.converted!.total).toEqual({ currency: 'CZK', amount: total });
    expect(col.converted!.weighted.currency).toBe('CZK');
    // Bad rates are refused by field.
    expect(await t.fail('rates.set', { base: 'CZK', rates: { EUR: -1 } })).toMatchObject({ field: 'rates.EUR', messageKey: 'errors.rate' });
    expect(await t.fail('rates.set', { base: 'XYZ', rates: {} })).toMatchObject({ field: 'base' });
  });
});

describe('opportunities.list', () => {
  it('filters by state, firm, salesperson and stage, searches folded text, sorts and pages', async () => {
    const chmel = (await t.call('firms.create', { name: 'Chmelařství Žatec', kinds: ['customer'] })).id;
    const hrad = (await t.call('firms.create', { name: 'Hradní pivovar', kinds: ['customer'] })).id;
    const a = await create({ title: 'Varna', firmId: chmel, amount: 300, closeDate: '2026-12-01' });
    clock += 1;
    const b = await create({ title: 'Sušárna chmele', firmId: hrad, amount: 500, closeDate: null, stageId: STAGE.lead, ownerId: colleague });
    clock += 1;
    const c = await create({ title: 'Pec', amount: 100, closeDate: '2026-11-20', salesIds: [colleague] });
    clock += 1;
    const d = await create({ title: 'Lis', amount: 900, closeDate: '2027-01-10' });
    clock += 1;
    const e = await create({ title: 'Mlýnek', amount: 50, closeDate: '2026-11-25' });
    await t.call('opportunities.close', { id: d, outcome: 'won', date: '2026-11-02' });
    clock += 1;
    await t.call('opportunities.close', { id: e, outcome: 'lost', reasonId: codeId(t, 'lost_reason', 'timing') });

    const ids = async (input: Partial<Input<'opportunities.list'>>) => (await t.call('opportunities.list', input)).rows.map((r) => r.id);
    // Default: open ones, soonest close date first, no date last.
    expect(await ids({})).toEqual([c, a, b]);
    expect(await ids({ state: 'won' })).toEqual([d]);
    expect(await ids({ state: 'lost' })).toEqual([e]);
    // Won sets the close date to the sale's date.
    expect(await ids({ state: 'all' })).toEqual([d, c, e, a, b]);
    expect(await ids({ firmId })).toEqual([c]);
    expect(await ids({ firmId, state: 'all' })).toEqual([d, c, e]);
    expect(await ids({ ownerId: colleague })).toEqual([c, b]);
    expect(await ids({ stageId: STAGE.lead })).toEqual([b]);
    expect(await ids({ sort: 'amount', state: 'all' })).toEqual([d, b, a, c, e]);
    expect(await ids({ sort: 'updated', state: 'all' })).toEqual([e, d, c, b, a]);
    // By firm in the UI language's order: Czech puts "ch" after "h".
    expect(await ids({ sort: 'firm', locale: 'cs' })).toEqual([b, a, c]);
    expect(await ids({ sort: 'firm', locale: 'en' })).toEqual([a, b, c]);
    // Search over title and firm, diacritics and case folded, every word must match.
    expect(await ids({ q: 'CHMEL' })).toEqual([a, b]);
    expect(await ids({ q: 'susarna chmel' })).toEqual([b]);
    expect(await ids({ q: 'pekarna' })).toEqual([c]);
    expect(await ids({ q: 'pekarna', state: 'all', sort: 'amount' })).toEqual([d, c, e]);
    // Paging keeps the total.
    const page = await t.call('opportunities.list', { state: 'all', sort: 'amount', offset: 1, limit: 2 });
    expect(page).toMatchObject({ total: 5, rows: [{ id: b }, { id: a }] });
    expect(await t.call('opportunities.list', { q: 'chmel', offset: 1, limit: 1 })).toMatchObject({ total: 2, rows: [{ id: b }] });
    expect((await t.call('opportunities.list', { state: 'all' })).rows.find((r) => r.id === d)).toMatchObject({
      firmName: 'Pekárna Novák s.r.o.', outcome: 'won', weighted: 900, ownerName: 'Eva Testová', closedAt: T0 + 4,
    });
  });
});
