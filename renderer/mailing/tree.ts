// The selection builder's condition tree as the user edits it: every node has a stable key for
// React, conditions may be half-filled (a segment condition before any segment is picked), and
// amounts are the text the user typed. `compileWhere` turns it into the contract's
// SelectionGroup: half-filled conditions and empty groups are left out (and reported), amounts
// are read in the UI language. `draftFromWhere` goes the other way for a saved selection.
import type { FieldFilter, SelectionCondition, SelectionGroup } from '../../shared/contract.ts';
import { selectionGroup } from '../../shared/contract.ts';
import type { Currency, FirmKind, Locale } from '../../shared/types.ts';
import { CURRENCIES } from '../../shared/types.ts';
import { parseMoney } from '../../shared/money.ts';
import { moneyToInput } from '../opportunities/draft.ts';

export type ConditionKind = SelectionCondition['on'];
export const CONDITION_KINDS: readonly ConditionKind[] = [
  'segment', 'kind', 'field', 'owner', 'place', 'lastContact', 'openOpportunities', 'revenue', 'topic',
];
export type GroupOp = SelectionGroup['op'];
/** The contract allows four levels of groups: the root and three nested under it. */
export const MAX_DEPTH = 4;
export const MAX_ITEMS = 50;

export type DraftCondition =
  | { on: 'kind'; kinds: FirmKind[] }
  | { on: 'segment'; ids: string[]; not: boolean }
  | { on: 'field'; filter: FieldFilter | null }
  | { on: 'owner'; ids: string[] }
  | { on: 'place'; part: 'city' | 'region' | 'country'; values: string[] }
  | { on: 'lastContact'; op: 'before' | 'after' | 'none'; date: string; kindIds: string[] }
  | { on: 'openOpportunities'; has: boolean }
  | { on: 'revenue'; currency: Currency; since: string; min: string; max: string }
  | { on: 'topic'; topicId: string };

export interface CondNode { key: string; type: 'cond'; c: DraftCondition }
export interface GroupNode { key: string; type: 'group'; op: GroupOp; items: DraftNode[] }
export type DraftNode = CondNode | GroupNode;

let seq = 0;
export const nodeKey = (): string => `n${++seq}`;

export function emptyGroup(op: GroupOp = 'and'): GroupNode {
  return { key: nodeKey(), type: 'group', op, items: [] };
}

/** A fresh condition of a kind, with what is most often wanted pre-filled. */
export function defaultCondition(on: ConditionKind, p: { currency?: Currency; topicId?: string } = {}): DraftCondition {
  switch (on) {
    case 'kind': return { on, kinds: [] };
    case 'segment': return { on, ids: [], not: false };
    case 'field': return { on, filter: null };
    case 'owner': return { on, ids: [] };
    case 'place': return { on, part: 'city', values: [] };
    case 'lastContact': return { on, op: 'before', date: '', kindIds: [] };
    case 'openOpportunities': return { on, has: true };
    case 'revenue': return { on, currency: p.currency ?? 'CZK', since: '', min: '', max: '' };
    case 'topic': return { on, topicId: p.topicId ?? '' };
  }
}

export function condNode(c: DraftCondition): CondNode {
  return { key: nodeKey(), type: 'cond', c };
}

// ---- editing (immutable; every function returns a new root) -----------------------------------

/** The group with this key, anywhere in the tree. */
export function findGroup(root: GroupNode, key: string): GroupNode | null {
  if (root.key === key) return root;
  for (const n of root.items) {
    if (n.type === 'group') {
      const found = findGroup(n, key);
      if (found) return found;
    }
  }
  return null;
}

/** Depth of the group with this key (root = 1), or 0 if it is not there. */
export function depthOf(root: GroupNode, key: string, depth = 1): number {
  if (root.key === key) return depth;
  for (const n of root.items) {
    if (n.type === 'group') {
      const d = depthOf(n, key, depth + 1);
      if (d) return d;
    }
  }
  return 0;
}

function mapGroups(g: GroupNode, fn: (g: GroupNode) => GroupNode): GroupNode {
  const items = g.items.map((n) => (n.type === 'group' ? mapGroups(n, fn) : n));
  const changed = items.some((n, i) => n !== g.items[i]);
  return fn(changed ? { ...g, items } : g);
}

/** Appends a node to the group `groupKey` (refused beyond MAX_ITEMS, or a group beyond MAX_DEPTH). */
export function addNode(root: GroupNode, groupKey: string, node: DraftNode): GroupNode {
  if (node.type === 'group' && depthOf(root, groupKey) >= MAX_DEPTH) return root;
  return mapGroups(root, (g) => (g.key === groupKey && g.items.length < MAX_ITEMS ? { ...g, items: [...g.items, node] } : g));
}

export function canAddGroup(root: GroupNode, groupKey: string): boolean {
  const d = depthOf(root, groupKey);
  return d > 0 && d < MAX_DEPTH;
}

/** Removes a condition or a nested group (the root stays). */
export function removeNode(root: GroupNode, key: string): GroupNode {
  return mapGroups(root, (g) => (g.items.some((n) => n.key === key) ? { ...g, items: g.items.filter((n) => n.key !== key) } : g));
}

export function setOp(root: GroupNode, groupKey: string, op: GroupOp): GroupNode {
  return mapGroups(root, (g) => (g.key === groupKey ? { ...g, op } : g));
}

export function updateCondition(root: GroupNode, key: string, c: DraftCondition): GroupNode {
  return mapGroups(root, (g) => {
    const i = g.items.findIndex((n) => n.key === key && n.type === 'cond');
    if (i < 0) return g;
    const items = g.items.slice();
    items[i] = { ...(items[i] as CondNode), c };
    return { ...g, items };
  });
}

/** Changes a condition's kind: a fresh condition of the new kind in the same place. */
export function changeKind(root: GroupNode, key: string, on: ConditionKind, p: { currency?: Currency; topicId?: string } = {}): GroupNode {
  return updateCondition(root, key, defaultCondition(on, p));
}

/** How many conditions the tree holds, nested ones included. */
export function countConditions(root: GroupNode): number {
  return root.items.reduce((n, x) => n + (x.type === 'group' ? countConditions(x) : 1), 0);
}

// ---- to and from the contract ------------------------------------------------------------------

export type Problem = 'incomplete' | 'amount' | 'range';

export interface Compiled {
  where: SelectionGroup;
  /** Conditions left out, by node key, and why (shown beside them). */
  problems: Map<string, Problem>;
}

/** One condition as the contract wants it, or why it cannot be sent yet. */
export function compileCondition(c: DraftCondition, locale: Locale | string): SelectionCondition | Problem {
  switch (c.on) {
    case 'kind': return c.kinds.length ? { on: 'kind', kinds: [...c.kinds] } : 'incomplete';
    case 'segment': return c.ids.length ? { on: 'segment', ids: [...c.ids], not: c.not } : 'incomplete';
    case 'field': return c.filter ? { on: 'field', filter: c.filter } : 'incomplete';
    case 'owner': return c.ids.length ? { on: 'owner', ids: [...c.ids] } : 'incomplete';
    case 'place': {
      const values = c.values.map((v) => v.trim()).filter(Boolean);
      return values.length ? { on: 'place', part: c.part, values } : 'incomplete';
    }
    case 'lastContact':
      if (c.op === 'none') return { on: 'lastContact', op: 'none', date: null, kindIds: [...c.kindIds] };
      return c.date ? { on: 'lastContact', op: c.op, date: c.date, kindIds: [...c.kindIds] } : 'incomplete';
    case 'openOpportunities': return { on: 'openOpportunities', has: c.has };
    case 'revenue': {
      const read = (s: string): number | null | 'bad' => {
        if (!s.trim()) return null;
        const v = parseMoney(s, c.currency, locale === 'en' ? 'en-GB' : String(locale));
        return v === null ? 'bad' : v;
      };
      const min = read(c.min);
      const max = read(c.max);
      if (min === 'bad' || max === 'bad') return 'amount';
      if (min !== null && max !== null && min > max) return 'range';
      return { on: 'revenue', currency: c.currency, since: c.since || null, min, max };
    }
    case 'topic': return c.topicId ? { on: 'topic', topicId: c.topicId } : 'incomplete';
  }
}

/** The tree as the contract's SelectionGroup: unusable conditions and empty groups left out. */
export function compileWhere(root: GroupNode, locale: Locale | string): Compiled {
  const problems = new Map<string, Problem>();
  const walk = (g: GroupNode): SelectionGroup => {
    const items: SelectionGroup['items'] = [];
    for (const n of g.items) {
      if (n.type === 'group') {
        const sub = walk(n);
        if (sub.items.length) items.push(sub);
      } else {
        const c = compileCondition(n.c, locale);
        if (typeof c === 'string') problems.set(n.key, c);
        else items.push(c);
      }
    }
    return { op: g.op, items };
  };
  return { where: walk(root), problems };
}

const isGroup = (x: SelectionCondition | SelectionGroup): x is SelectionGroup => 'items' in x;

/** A saved condition tree back into an editable draft; anything unreadable gives an empty root. */
export function draftFromWhere(where: unknown, locale: Locale | string): GroupNode {
  const parsed = selectionGroup.safeParse(where ?? { op: 'and', items: [] });
  if (!parsed.success) return emptyGroup();
  const money = (v: number | null | undefined, currency: Currency) => (v === null || v === undefined ? '' : moneyToInput(v, currency, locale));
  const cond = (c: SelectionCondition): DraftCondition => {
    switch (c.on) {
      case 'kind': return { on: 'kind', kinds: [...c.kinds] };
      case 'segment': return { on: 'segment', ids: [...c.ids], not: c.not ?? false };
      case 'field': return { on: 'field', filter: c.filter };
      case 'owner': return { on: 'owner', ids: [...c.ids] };
      case 'place': return { on: 'place', part: c.part, values: [...c.values] };
      case 'lastContact': return { on: 'lastContact', op: c.op, date: c.date ?? '', kindIds: [...(c.kindIds ?? [])] };
      case 'openOpportunities': return { on: 'openOpportunities', has: c.has };
      case 'revenue': {
        const currency = (CURRENCIES as readonly string[]).includes(c.currency) ? c.currency : 'CZK';
        return { on: 'revenue', currency, since: c.since ?? '', min: money(c.min, currency), max: money(c.max, currency) };
      }
      case 'topic': return { on: 'topic', topicId: c.topicId };
    }
  };
  const group = (g: SelectionGroup): GroupNode => ({
    key: nodeKey(), type: 'group', op: g.op,
    items: g.items.map((x) => (isGroup(x) ? group(x) : condNode(cond(x)))),
  });
  return group(parsed.data);
}
