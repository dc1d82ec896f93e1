// The decision hierarchy of a firm's people, and which address a letter goes to: pure, so the
// tree order is tested without a browser.
import type { Address, Person } from '../../shared/types.ts';

export interface TreeNode { person: Person; depth: number; hasChildren: boolean }

/** People in hierarchy order (depth-first; main person and then names first among siblings).
 * A manager outside the list — or a loop in old data — puts the person at the root. */
export function hierarchy(people: Person[], locale: string): TreeNode[] {
  const collator = new Intl.Collator(locale);
  const ids = new Set(people.map((p) => p.id));
  const children = new Map<string | null, Person[]>();
  for (const p of people) {
    const parent = p.reportsToId && ids.has(p.reportsToId) && p.reportsToId !== p.id ? p.reportsToId : null;
    children.set(parent, [...(children.get(parent) ?? []), p]);
  }
  const order = (a: Person, b: Person) => Number(b.isMain) - Number(a.isMain)
    || collator.compare(a.lastName, b.lastName) || collator.compare(a.firstName, b.firstName);
  const out: TreeNode[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number) => {
    for (const p of [...(children.get(parent) ?? [])].sort(order)) {
      if (seen.has(p.id)) continue;
      seen.add(p.id);
      out.push({ person: p, depth, hasChildren: (children.get(p.id)?.length ?? 0) > 0 });
      walk(p.id, depth + 1);
    }
  };
  walk(null, 0);
  // People caught in a cycle never hang below the root: show them at the top level anyway.
  for (const p of [...people].sort(order)) {
    if (!seen.has(p.id)) { seen.add(p.id); out.push({ person: p, depth: 0, hasChildren: false }); walk(p.id, 1); }
  }
  return out;
}

/** The address a letter goes to: the postal one, else the registered office, else any. */
export function letterAddress(addresses: Address[]): Address | undefined {
  const rank = { postal: 0, registered: 1, billing: 2, delivery: 3 } as const;
  return [...addresses].sort((a, b) => rank[a.kind] - rank[b.kind])[0];
}
