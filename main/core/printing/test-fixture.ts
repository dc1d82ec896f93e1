// Test data for the printing tests: a letterhead, Czech, Hungarian and Russian firms with people
// and addresses, a firm named like markup, one without an address, all in one segment; contacts,
// notes (private and shared, by two users), two years of sales, an opportunity and a task.
export type Call = (channel: string, input: unknown) => Promise<any>;

export const NOW = new Date(2026, 10, 29, 10, 0).getTime();
export const TODAY = '2026-11-29';

export interface Fixture {
  me: string; colleague: string; segmentId: string;
  czFirm: string; czPerson: string; huFirm: string; ruFirm: string; markupFirm: string; noAddressFirm: string;
}

export async function seed(call: Call, codes: (list: string, code: string) => string, me: string): Promise<Fixture> {
  await call('letterhead.save', {
    companyName: 'Kartoteka Demo s.r.o.', street: 'Vinohradská', number: '12', city: 'Praha 2', postalCode: '12000', country: 'CZ',
    phone: '+420 222 333 444', email: 'info@kartoteka.example', web: 'kartoteka.example', ico: '27074358', dic: 'CZ27074358',
    bankName: 'Fio banka', bankAccount: '2100123456/2010', iban: 'CZ65 2010 0000 0021 0012 3456', footerNote: 'Zapsáno v OR u MS v Praze, C 12345',
    signatureName: 'Eva Testová', signatureTitle: 'obchodní ředitelka',
  });
  const colleague = (await call('users.create', { name: 'Bohuslav Kolega' })).id as string;
  const segmentId = (await call('segments.create', { kind: 'category', name: 'Odběratelé' })).id as string;
  const firm = async (name: string, address: Record<string, string> | null, extra: Record<string, unknown> = {}) => (await call('firms.create', {
    name, kinds: ['customer'], addresses: address ? [{ kind: 'registered', ...address }] : [], ...extra,
  })).id as string;
  const person = async (firmId: string, p: Record<string, unknown>) => (await call('people.create', { firmId, ...p })).id as string;

  const bakery = (await call('codes.add', { list: 'industry', label: 'Pekařství' })).id as string;
  const czFirm = await firm('Pekárna Dvořák s.r.o.', { street: 'Husova', number: '15', city: 'Hořice', postalCode: '50801' }, {
    ico: '25596641', dic: 'CZ25596641', industryId: bakery, ownerId: me,
    channels: [{ kind: 'phone', value: '+420 493 123 456' }, { kind: 'email', value: 'info@pekarna-dvorak.cz' }],
  });
  const czPerson = await person(czFirm, { firstName: 'Petr', lastName: 'Dvořák', gender: 'male', isMain: true, jobTitle: 'jednatel',
    roleId: codes('person_role', 'decision_maker'), channels: [{ kind: 'email', value: 'petr@pekarna-dvorak.cz' }] });
  await person(czFirm, { titleBefore: 'Ing.', firstName: 'Jana', lastName: 'Nováková', gender: 'female', jobTitle: 'nákupčí',
    roleId: codes('person_role', 'influencer'), reportsToId: czPerson });
  const huFirm = await firm('Kővágó Műszaki Kft.', { street: 'Fő utca', number: '12.', city: 'Budapest', postalCode: '1052', country: 'HU' });
  await person(huFirm, { firstName: 'Győző', lastName: 'Szűts', gender: 'male', isMain: true });
  const ruFirm = await firm('ООО «Ромашка»', { street: 'ул. Тверская', number: 'д. 7', city: 'Москва', postalCode: '125009', country: 'RU' });
  await person(ruFirm, { firstName: 'Иван', lastName: 'Сидоров', gender: 'male', isMain: true });
  const markupFirm = await firm('<b>X</b>', { street: 'Dlouhá', number: '1', city: 'Brno', postalCode: '60200' });
  const noAddressFirm = await firm('Bez Adresy a.s.', null);
  await call('segments.members', { id: segmentId, add: [czFirm, huFirm, ruFirm, markupFirm, noAddressFirm] });

  // History of the Czech firm.
  const kind = codes('contact_kind', 'meeting');
  for (let i = 1; i <= 3; i++) {
    await call('contacts.create', { firmId: czFirm, personId: czPerson, at: NOW - i * 20 * 86_400_000, kindId: kind, referentId: me,
      resultId: codes('contact_result', 'offer_sent'), summary: `Schůzka č. ${i}: ceník na rok 2027` });
  }
  await call('contacts.create', { firmId: czFirm, personId: czPerson, status: 'planned', at: NOW + 3 * 86_400_000, kindId: codes('contact_kind', 'call'),
    referentId: me, summary: 'Zavolat kvůli vánočním objednávkám' });
  await call('tasks.create', { firmId: czFirm, title: 'Poslat vzorky chleba', dueDate: '2026-12-05', assigneeId: me });
  await call('notes.create', { firmId: czFirm, title: 'Sdílená poznámka', body: 'Platí vždy včas.', at: NOW - 86_400_000, visibility: 'everyone' });
  await call('notes.create', { firmId: czFirm, title: 'Moje soukromá', body: 'Jen pro mě.', at: NOW - 86_400_000 });
  for (let m = 0; m < 24; m++) {
    const d = new Date(2026, 10 - m, 10);
    const date = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-10`;
    await call('sales.create', { firmId: czFirm, date, amount: (m < 12 ? 150_000 : 100_000) + m * 1_000_00, currency: 'CZK' });
  }
  const stages = await call('stages.list', {}) as { id: string; outcome: string }[];
  await call('opportunities.create', { firmId: czFirm, title: 'Dodávky pečiva 2027', stageId: stages.find((s) => s.outcome === 'open')!.id,
    amount: 48_000_000, currency: 'CZK', closeDate: '2027-01-31', ownerId: me });
  return { me, colleague, segmentId, czFirm, czPerson, huFirm, ruFirm, markupFirm, noAddressFirm };
}

/** The colleague's notes on the Czech firm: one private (must never print), one for everyone. */
export async function colleagueNotes(callAs: Call, czFirm: string): Promise<void> {
  await callAs('notes.create', { firmId: czFirm, title: 'TAJNÉ kolegy', body: 'Soukromá poznámka kolegy.', at: NOW - 2 * 86_400_000 });
  await callAs('notes.create', { firmId: czFirm, title: 'Od kolegy pro všechny', body: 'Majitel miluje kávu.', at: NOW - 3 * 86_400_000, visibility: 'everyone' });
}
