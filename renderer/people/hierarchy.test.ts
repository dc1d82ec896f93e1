import { describe, expect, it } from 'vitest';
import type { Address, Person } from '../../shared/types.ts';
import { hierarchy, letterAddress } from './hierarchy.ts';

let n = 0;
const person = (lastName: string, reportsToId: string | null = null, over: Partial<Person> = {}): Person => ({
  id: `p${++n}`, firmId: 'f', titleBefore: '', firstName: '', patronymic: '', lastName, titleAfter: '', gender: 'unspecified', jobTitle: '',
  roleId: null, note: '', isMain: false, reportsToId, salutation: '', addressee: '', channels: [], fields: [], ...over,
});
const shape = (people: Person[]) => hierarchy(people, 'cs').map((x) => `${'  '.repeat(x.depth)}${x.person.lastName}`);

describe('hierarchy', () => {
  it('puts people without a manager at the root and reports beneath them, siblings by name (Czech order)', () => {
    const boss = person('Šimek');
    const a = person('Čermák', boss.id);
    const b = person('Cibulka', boss.id);
    const c = person('Dvořák', a.id);
    const lone = person('Adámek');
    expect(shape([c, a, lone, b, boss])).toEqual(['Adámek', 'Šimek', '  Cibulka', '  Čermák', '    Dvořák']);
  });

  it('lists the main person first among siblings', () => {
    const a = person('Adámek');
    const z = person('Zeman', null, { isMain: true });
    expect(shape([a, z])).toEqual(['Zeman', 'Adámek']);
  });

  it('shows people whose manager is gone, or who form a loop, instead of losing them', () => {
    const orphan = person('Orel', 'p-deleted');
    const x = person('Xaver');
    const y = person('Yvona', x.id);
    x.reportsToId = y.id; // a loop in old data
    const rows = shape([orphan, x, y]);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toBe('Orel');
    expect(rows.slice(1).map((r) => r.trim()).sort()).toEqual(['Xaver', 'Yvona']);
  });
});

describe('letterAddress', () => {
  const addr = (kind: Address['kind'], city: string): Address => ({ id: city, kind, street: '', number: '', city, postalCode: '', country: 'CZ' });
  it('prefers the postal address, then the registered office', () => {
    expect(letterAddress([addr('delivery', 'A'), addr('registered', 'B'), addr('postal', 'C')])?.city).toBe('C');
    expect(letterAddress([addr('delivery', 'A'), addr('registered', 'B')])?.city).toBe('B');
    expect(letterAddress([])).toBeUndefined();
  });
});
