import { describe, expect, it } from 'vitest';
import { selectionGroup } from '../../shared/contract.ts';
import {
  addNode, canAddGroup, changeKind, compileCondition, compileWhere, condNode, countConditions, defaultCondition, depthOf,
  draftFromWhere, emptyGroup, MAX_DEPTH, removeNode, setOp, updateCondition, type GroupNode,
} from './tree.ts';

const SEG_A = '0190a1b2-0000-7000-8000-00000000000a';
const SEG_B = '0190a1b2-0000-7000-8000-00000000000b';
const TOPIC = '0190a1b2-0000-7000-8000-0000000000c1';
const FIELD = '0190a1b2-0000-7000-8000-0000000000f1';
const USER = '0190a1b2-0000-7000-8000-0000000000e1';

function sample(): { root: GroupNode; segKey: string; subKey: string; revKey: string } {
  let root = emptyGroup('and');
  const seg = condNode({ on: 'segment', ids: [SEG_A], not: false });
  root = addNode(root, root.key, seg);
  const sub = emptyGroup('or');
  root = addNode(root, root.key, sub);
  const rev = condNode({ on: 'revenue', currency: 'CZK', since: '', min: '12 500,50', max: '' });
  root = addNode(root, sub.key, rev);
  root = addNode(root, sub.key, condNode({ on: 'topic', topicId: TOPIC }));
  return { root, segKey: seg.key, subKey: sub.key, revKey: rev.key };
}

describe('editing the condition tree', () => {
  it('adds conditions and groups where asked, without touching the old tree', () => {
    const before = emptyGroup();
    const after = addNode(before, before.key, condNode(defaultCondition('kind')));
    expect(before.items).toHaveLength(0);
    expect(after.items).toHaveLength(1);
    const { root, subKey } = sample();
    expect(countConditions(root)).toBe(3);
    expect(depthOf(root, subKey)).toBe(2);
  });

  it('removes a condition or a whole nested group', () => {
    const { root, segKey, subKey } = sample();
    expect(countConditions(removeNode(root, segKey))).toBe(2);
    const noSub = removeNode(root, subKey);
    expect(noSub.items.map((n) => n.key)).toEqual([segKey]);
  });

  it('switches AND / OR of one group only', () => {
    const { root, subKey } = sample();
    const next = setOp(root, subKey, 'and');
    expect(next.op).toBe('and');
    expect((next.items[1] as GroupNode).op).toBe('and');
    expect((root.items[1] as GroupNode).op).toBe('or');
  });

  it('updates a condition in a nested group and changes its kind to a fresh one', () => {
    const { root, revKey } = sample();
    const edited = updateCondition(root, revKey, { on: 'revenue', currency: 'EUR', since: '2026-01-01', min: '', max: '100' });
    expect(((edited.items[1] as GroupNode).items[0] as { c: unknown }).c).toMatchObject({ currency: 'EUR', max: '100' });
    const changed = changeKind(root, revKey, 'owner');
    expect(((changed.items[1] as GroupNode).items[0] as { c: unknown }).c).toEqual({ on: 'owner', ids: [] });
  });

  it('nests groups at most four levels deep', () => {
    let root = emptyGroup();
    let parent = root.key;
    for (let i = 0; i < 6; i++) {
      const g = emptyGroup();
      root = addNode(root, parent, g);
      if (depthOf(root, g.key)) parent = g.key;
    }
    expect(depthOf(root, parent)).toBe(MAX_DEPTH);
    expect(canAddGroup(root, parent)).toBe(false);
    expect(canAddGroup(root, root.key)).toBe(true);
  });
});

describe('compiling to the contract', () => {
  it('reads amounts in the UI language into minor units', () => {
    expect(compileCondition({ on: 'revenue', currency: 'CZK', since: '', min: '12 500,50', max: '' }, 'cs'))
      .toEqual({ on: 'revenue', currency: 'CZK', since: null, min: 1_250_050, max: null });
    expect(compileCondition({ on: 'revenue', currency: 'EUR', since: '2026-01-01', min: '1,250.50', max: '2000' }, 'en'))
      .toEqual({ on: 'revenue', currency: 'EUR', since: '2026-01-01', min: 125_050, max: 200_000 });
    expect(compileCondition({ on: 'revenue', currency: 'CZK', since: '', min: 'lots', max: '' }, 'cs')).toBe('amount');
    expect(compileCondition({ on: 'revenue', currency: 'CZK', since: '', min: '500', max: '100' }, 'cs')).toBe('range');
  });

  it('leaves out half-filled conditions and empty groups, and says why', () => {
    let root = emptyGroup('and');
    const empty = condNode(defaultCondition('segment'));
    const lc = condNode({ on: 'lastContact', op: 'before', date: '', kindIds: [] });
    const none = condNode({ on: 'lastContact', op: 'none', date: '', kindIds: [] });
    const sub = emptyGroup('or');
    root = addNode(root, root.key, empty);
    root = addNode(root, root.key, lc);
    root = addNode(root, root.key, none);
    root = addNode(root, root.key, sub);
    root = addNode(root, root.key, condNode({ on: 'place', part: 'city', values: [' Brno ', ' '] }));
    const { where, problems } = compileWhere(root, 'cs');
    expect(where).toEqual({
      op: 'and',
      items: [
        { on: 'lastContact', op: 'none', date: null, kindIds: [] },
        { on: 'place', part: 'city', values: ['Brno'] },
      ],
    });
    expect([...problems]).toEqual([[empty.key, 'incomplete'], [lc.key, 'incomplete']]);
  });

  it('gives what the contract accepts, and reads it back into the same tree', () => {
    let root = emptyGroup('and');
    root = addNode(root, root.key, condNode({ on: 'segment', ids: [SEG_A, SEG_B], not: true }));
    root = addNode(root, root.key, condNode({ on: 'kind', kinds: ['customer', 'prospect'] }));
    root = addNode(root, root.key, condNode({ on: 'field', filter: { fieldId: FIELD, op: 'range', min: 10, max: null } }));
    root = addNode(root, root.key, condNode({ on: 'owner', ids: [USER] }));
    const sub = emptyGroup('or');
    root = addNode(root, root.key, sub);
    root = addNode(root, sub.key, condNode({ on: 'lastContact', op: 'after', date: '2026-02-01', kindIds: [] }));
    root = addNode(root, sub.key, condNode({ on: 'openOpportunities', has: false }));
    root = addNode(root, sub.key, condNode({ on: 'revenue', currency: 'HUF', since: '', min: '1 000 000', max: '' }));
    root = addNode(root, sub.key, condNode({ on: 'topic', topicId: TOPIC }));
    root = addNode(root, sub.key, condNode({ on: 'place', part: 'region', values: ['60'] }));
    const { where, problems } = compileWhere(root, 'hu');
    expect(problems.size).toBe(0);
    expect(selectionGroup.safeParse(where).success).toBe(true);
    expect(countConditions(draftFromWhere(where, 'hu'))).toBe(9);
    // Round trip: draft → where → draft → where gives the same where, amounts included.
    const again = compileWhere(draftFromWhere(where, 'hu'), 'hu').where;
    expect(again).toEqual(where);
    const rev = (draftFromWhere(where, 'cs').items[4] as GroupNode).items[2] as { c: { min: string } };
    expect(rev.c.min).toBe('1000000');
  });

  it('reads an unreadable saved tree as an empty one', () => {
    expect(draftFromWhere({ op: 'xor', items: 1 }, 'cs').items).toEqual([]);
    expect(draftFromWhere(null, 'cs')).toMatchObject({ op: 'and', items: [] });
  });
});
