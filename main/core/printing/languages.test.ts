// Letters to recipients of other countries (issue 14): a template may carry its text in further
// languages; serial letters write to each recipient in the language of their firm's country
// when the template has it, and list those who would get a language not theirs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCore, type TestCore } from '../test-helpers.ts';
import { NOW, TODAY } from './test-fixture.ts';

let t: TestCore;
let segmentId: string;
let czFirm: string;
let ruFirm: string;
let ruPerson: string;

const LETTER = (html: string) => html.split('<article class="letter"').slice(1);

beforeAll(async () => {
  t = await openTestCore({ now: () => NOW });
  await t.call('letterhead.save', { companyName: 'Kartoteka Demo s.r.o.', street: 'Vinohradská', number: '12', city: 'Praha 2', postalCode: '12000', country: 'CZ' });
  segmentId = (await t.call('segments.create', { kind: 'category', name: 'Odběratelé' })).id;
  czFirm = (await t.call('firms.create', { name: 'Pekárna Dvořák s.r.o.', kinds: ['customer'],
    addresses: [{ kind: 'registered', street: 'Husova', number: '15', city: 'Hořice', postalCode: '50801', country: 'CZ' }] })).id;
  await t.call('people.create', { firmId: czFirm, firstName: 'Petr', lastName: 'Dvořák', gender: 'male', isMain: true });
  ruFirm = (await t.call('firms.create', { name: 'ООО «Лебедев»', kinds: ['customer'], country: 'RU', ico: '7707083893',
    addresses: [{ kind: 'registered', street: 'ул. Тверская', number: 'д. 7', city: 'Москва', postalCode: '125009', country: 'RU' }] })).id;
  ruPerson = (await t.call('people.create', { firmId: ruFirm, firstName: 'Алексей', patronymic: 'Петрович', lastName: 'Лебедев', isMain: true })).id;
  await t.call('segments.members', { id: segmentId, add: [czFirm, ruFirm] });
});
afterAll(async () => { await t.close(); });

const template = (variants: { language: 'cs' | 'en' | 'hu' | 'ru'; subject: string; body: string; closing?: string }[]) => ({
  name: `Nabídka ${variants.map((v) => v.language).join('+')}`, language: 'cs' as const, subject: 'Nabídka spolupráce',
  body: 'dovolte nám představit naši nabídku pro {{firmName}}.', closing: 'S pozdravem', variants,
});
const RU = { language: 'ru' as const, subject: 'Предложение о сотрудничестве', body: 'позвольте представить наше предложение для {{firmName}} ({{companyIds}}).', closing: 'С уважением' };

describe('serial letters in each recipient’s language', () => {
  it('writes to the Russian firm in Russian when the template has a Russian version, and warns of no one', async () => {
    const { id: templateId } = await t.call('templates.save', template([RU]));
    const saved = (await t.call('templates.list', {})).find((x) => x.id === templateId)!;
    expect(saved.variants).toEqual([{ ...RU }]);
    const doc = await t.call('print.letters', { templateId, target: { from: 'segment', segmentId }, date: TODAY });
    expect(doc.count).toBe(2);
    expect(doc.mismatched).toEqual([]);
    const [cz, ru] = LETTER(doc.html);
    expect(cz).toContain('Vážený pane Dvořáku,');
    expect(cz).toContain('Nabídka spolupráce');
    expect(cz).toContain('V Praze dne 29. listopadu 2026');
    expect(ru).toContain('lang="ru"');
    expect(ru).toContain('Уважаемый Алексей Петрович,');
    expect(ru).not.toContain('Vážený');
    expect(ru).toContain('Предложение о сотрудничестве');
    expect(ru).toContain('позвольте представить наше предложение для ООО «Лебедев» (ИНН 7707083893).');
    expect(ru).toContain('С уважением');
    // The address as the Russian post has it: the dative, family name, given name, patronymic.
    expect(ru).toContain('Лебедеву Алексею Петровичу<br>ООО «Лебедев»<br>ул. Тверская, д. 7<br>Москва (MOSKVA)<br>125009<br>РОССИЯ / RUSSIA');
    expect(ru).toContain('Praha, 29 ноября 2026 г.');
  });

  it('without a Russian version: the Czech letter, and the Russian recipient listed for the print dialog’s warning', async () => {
    const { id: templateId } = await t.call('templates.save', template([]));
    const doc = await t.call('print.letters', { templateId, target: { from: 'segment', segmentId }, date: TODAY });
    expect(doc.count).toBe(2);
    expect(LETTER(doc.html)[1]).toContain('Vážený pane Лебедев,');
    expect(doc.mismatched).toEqual([{ firmId: ruFirm, personId: ruPerson, name: 'Алексей Петрович Лебедев (ООО «Лебедев»)', country: 'RU', wanted: 'ru', language: 'cs' }]);
    // With an English version (and still no Russian one), English rather than Czech — and still listed.
    const { id: withEn } = await t.call('templates.save', template([{ language: 'en', subject: 'Our offer', body: 'please find our offer.' }]));
    const en = await t.call('print.letters', { templateId: withEn, target: { from: 'segment', segmentId }, date: TODAY });
    expect(LETTER(en.html)[1]).toContain('Dear Mr Лебедев,');
    expect(LETTER(en.html)[0]).toContain('Vážený pane Dvořáku,');
    expect(en.mismatched).toMatchObject([{ firmId: ruFirm, wanted: 'ru', language: 'en' }]);
  });

  it('previews one language version on demand (the editor’s tab), whoever the sample is', async () => {
    const doc = await t.call('print.letters', { template: template([RU]), language: 'ru', target: { from: 'firm', firmId: czFirm }, limit: 1, date: TODAY });
    expect(doc.html).toContain('Уважаемый господин Dvořák,');
    expect(doc.mismatched).toEqual([]);
    expect(await t.fail('print.letters', { template: template([]), language: 'ru', target: { from: 'firm', firmId: czFirm } }))
      .toMatchObject({ code: 'validation', field: 'language' });
  });

  it('refuses a language twice and unknown merge fields in a version, naming where', async () => {
    expect(await t.fail('templates.save', template([RU, { ...RU }]))).toMatchObject({ messageKey: 'errors.variant_language_twice', field: 'variants.1.language' });
    expect(await t.fail('templates.save', { ...template([]), variants: [{ language: 'cs', subject: '', body: '' }] }))
      .toMatchObject({ messageKey: 'errors.variant_language_twice', field: 'variants.0.language' });
    expect(await t.fail('templates.save', { ...template([{ ...RU, body: 'Здравствуйте {{nesmysl}}' }]), name: 'Nová' }))
      .toMatchObject({ messageKey: 'errors.merge_field', field: 'variants.0.body', params: { name: 'nesmysl' } });
  });
});
