// The printing core on a real SQLite file with a fixed clock: the documents' HTML (escaping,
// serial letters skipping records without an address, the brief's privacy, label positions,
// envelope sizes), template validation, and the settings the documents use.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCore, codeId, type TestCore } from '../test-helpers.ts';
import { NOW, TODAY, colleagueNotes, seed, type Fixture } from './test-fixture.ts';
import { labelPosition, labelFontPt } from './labels.ts';
import { esc } from './page.ts';
import { mergeHtml, paragraphs } from './letter.ts';
import { placeDateLine } from './texts.ts';
import cs from './i18n/cs.json' with { type: 'json' };
import en from './i18n/en.json' with { type: 'json' };
import hu from './i18n/hu.json' with { type: 'json' };
import ru from './i18n/ru.json' with { type: 'json' };

let t: TestCore;
let f: Fixture;
let czTemplate: string;

beforeAll(async () => {
  t = await openTestCore({ now: () => NOW });
  f = await seed((c, i) => t.call(c as never, i as never), (l, c) => codeId(t, l, c), t.open.localUserId);
  await colleagueNotes((c, i) => t.as(f.colleague).call(c as never, i as never), f.czFirm);
  czTemplate = (await t.call('templates.list', {})).find((x) => x.language === 'cs')!.id;
});
afterAll(async () => { await t.close(); });

const articles = (html: string) => html.split('<article class="letter"').length - 1;

describe('printing: letters', () => {
  it('escapes every value: a firm named <b>X</b> prints literally', async () => {
    const doc = await t.call('print.letters', { templateId: czTemplate, target: { from: 'firm', firmId: f.markupFirm }, date: TODAY });
    expect(doc.count).toBe(1);
    expect(doc.html).toContain('&lt;b&gt;X&lt;/b&gt;');
    expect(doc.html).not.toContain('<b>X</b>');
    expect(doc.html).not.toMatch(/<script/i);
    expect(esc(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(mergeHtml('{{firmName}}\n{{x}}', { firmName: '<i>&</i>' })).toBe('&lt;i&gt;&amp;&lt;/i&gt;<br>');
    expect(paragraphs('a\nb\n\n\nc', {})).toBe('<p>a<br>b</p>\n<p>c</p>');
  });

  it('a Hungarian letter to a Czech person keeps his name in Czech order; a Hungarian one is family name first', async () => {
    const template = { name: 'hu', language: 'hu' as const, style: 'formal' as const, subject: '', body: 'x', closing: '' };
    const cz = await t.call('print.letters', { template, target: { from: 'firm', firmId: f.czFirm }, date: TODAY });
    expect(/<div class="addr">(.*?)<\/div>/.exec(cz.html)![1]).toMatch(/^Petr Dvořák<br>/);
    const hu = await t.call('print.letters', { template, target: { from: 'firm', firmId: f.huFirm }, date: TODAY });
    const huAddr = /<div class="addr">(.*?)<\/div>/.exec(hu.html)![1]!;
    expect(huAddr.split('<br>')[0]).toMatch(/^(Dr\. )?Sz/); // family name first: "Szűts Győző"
  });

  it('a letter to a firm "without a person" names no person, even when the firm has a main one', async () => {
    const toMain = await t.call('print.letters', { templateId: czTemplate, target: { from: 'firm', firmId: f.czFirm }, date: TODAY });
    expect(toMain.html).toContain('Dvořák');
    const toFirm = await t.call('print.letters', { templateId: czTemplate, target: { from: 'firm', firmId: f.czFirm, toFirm: true }, date: TODAY });
    const addr = /<div class="addr">(.*?)<\/div>/.exec(toFirm.html)![1]!;
    expect(addr).toContain('Pekárna Dvořák s.r.o.');
    expect(addr).not.toContain('Petr');
    expect(toFirm.html).toContain('Vážení obchodní přátelé,');
    expect(toFirm.html).not.toMatch(/Vážený pane/);
  });

  it('serial letters to a segment: one per recipient, records without an address skipped and listed', async () => {
    const doc = await t.call('print.letters', { templateId: czTemplate, target: { from: 'segment', segmentId: f.segmentId }, date: TODAY });
    expect(doc.count).toBe(4);
    expect(articles(doc.html)).toBe(4);
    expect(doc.skipped).toEqual([{ firmId: f.noAddressFirm, personId: null, name: 'Bez Adresy a.s.', reason: 'no_address' }]);
    // Each letter: the Czech vocative, the address block as the destination's post lays it out, the date line.
    expect(doc.html).toContain('Vážený pane Dvořáku,');
    expect(doc.html).toContain('508 01 Hořice');
    expect(doc.html).toContain('V Praze dne 29. listopadu 2026');
    expect(doc.html).toContain('MAĎARSKO');
    expect(doc.html).toContain('Kartoteka Demo s.r.o. · IČO 27074358 · DIČ CZ27074358');
    // The preview asks for one.
    const one = await t.call('print.letters', { templateId: czTemplate, target: { from: 'segment', segmentId: f.segmentId }, limit: 1 });
    expect(one.count).toBe(1);
  });

  it('refuses unknown merge fields, naming them, when saving and when printing', async () => {
    const bad = { name: 'Špatná', language: 'cs', subject: 'Věc', body: 'Dobrý den {{firmName}} a {{nesmysl}}' } as const;
    expect(await t.fail('templates.save', bad)).toMatchObject({ code: 'validation', messageKey: 'errors.merge_field', field: 'body', params: { name: 'nesmysl' } });
    expect(await t.fail('print.letters', { template: bad, target: { from: 'firm', firmId: f.czFirm } }))
      .toMatchObject({ messageKey: 'errors.merge_field', field: 'template.body', params: { name: 'nesmysl' } });
    expect(await t.fail('templates.save', { ...bad, body: '{{field:01900000-0000-7000-8000-000000000001}}' }))
      .toMatchObject({ messageKey: 'errors.merge_field', params: { name: 'field:01900000-0000-7000-8000-000000000001' } });
    const field = await t.call('fields.create', { entity: 'firm', label: 'Pobočka', type: 'text' });
    const ok = await t.call('templates.save', { ...bad, body: `Pobočka: {{field:${field.id}}}, {{salutation}}` });
    expect(ok.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await t.fail('templates.save', { ...bad, name: 'dopis (ČESKY)', body: '' })).toMatchObject({ messageKey: 'errors.template_name_taken', field: 'name' });
  });

  it('writes the date line in the letter’s language', () => {
    expect(placeDateLine('Budapest', TODAY, 'hu')).toBe('Budapest, 2026. november 29.');
    expect(placeDateLine('', TODAY, 'en')).toBe('29 November 2026');
    expect(placeDateLine('Москва', TODAY, 'ru')).toBe('Москва, 29 ноября 2026 г.');
    expect(placeDateLine('Hořice', TODAY, 'cs')).toBe('Hořice, 29. listopadu 2026');
  });
});

describe('printing: brief', () => {
  it('writes user fields\' dates and numbers as the screens do, in the brief and in merged letters', async () => {
    const since = (await t.call('fields.create', { entity: 'firm', label: 'Zákazníkem od', type: 'date' })).id;
    const staff = (await t.call('fields.create', { entity: 'firm', label: 'Zaměstnanců', type: 'number' })).id;
    await t.call('fields.set', { entity: 'firm', entityId: f.czFirm, values: [{ fieldId: since, value: '2026-07-17' }, { fieldId: staff, value: 1250.5 }] });
    const cs = (await t.call('print.brief', { firmId: f.czFirm, locale: 'cs', today: TODAY })).html;
    expect(cs).toContain('<dd>17.07.2026</dd>');
    expect(cs).not.toContain('2026-07-17');
    expect(cs).toMatch(/<dd>1\s250,5<\/dd>/);
    expect((await t.call('print.brief', { firmId: f.czFirm, locale: 'hu', today: TODAY })).html).toContain('<dd>2026. 07. 17.</dd>');
    // Dates in the brief's lists take the same short form as the fields.
    expect(cs).not.toMatch(/\b\d{1,2}\. \d{1,2}\. 20\d\d\b/);
    const letter = await t.call('print.letters', { template: { name: 'x', language: 'cs', style: 'formal', subject: '',
      body: `Od {{field:${since}}}, {{field:${staff}}} lidí.`, closing: '' }, target: { from: 'firm', firmId: f.czFirm }, date: TODAY });
    expect(letter.html).toMatch(/Od 17\.07\.2026, 1\s250,5 lidí\./);
  });

  it('shows the firm’s card, history, revenue and shared notes, never others’ private notes', async () => {
    const doc = await t.call('print.brief', { firmId: f.czFirm, locale: 'cs', today: TODAY });
    const html = doc.html;
    expect(doc.title).toBe('Podklady ke schůzce – Pekárna Dvořák s.r.o.');
    for (const s of ['25596641', 'CZ25596641', 'Husova 15', 'Petr Dvořák', 'jednatel', 'Rozhoduje', 'Ing. Jana Nováková',
      'Schůzka č. 1', 'Zavolat kvůli vánočním', 'Poslat vzorky chleba', 'Dodávky pečiva 2027', 'Sdílená poznámka', 'Majitel miluje kávu']) {
      expect(html, s).toContain(esc(s));
    }
    expect(html).not.toContain('TAJNÉ kolegy');
    expect(html).not.toContain('Soukromá poznámka kolegy');
    // Not even my own private note leaves the computer on paper.
    expect(html).not.toContain('Jen pro mě');
    expect(html).toMatch(/<svg[^>]*>.*<rect/s);
    expect((html.match(/<rect /g) ?? []).length).toBe(24);
    expect(html).toContain('counter(pages)');
    // The colleague sees their own note in their brief, never mine.
    const theirs = await t.as(f.colleague).call('print.brief', { firmId: f.czFirm, locale: 'en', today: TODAY });
    expect(theirs.html).not.toContain('Moje soukromá');
    expect(theirs.html).toContain('Meeting brief');
  });

  it('a person’s brief is the shorter one', async () => {
    const doc = await t.call('print.brief', { personId: f.czPerson, locale: 'hu', today: TODAY });
    expect(doc.html).toContain('Összefoglaló a személyről');
    expect(doc.html).toContain('Petr Dvořák');
    expect(doc.html).not.toContain('<svg');
  });
});

describe('printing: labels and envelopes', () => {
  it('places labels from startAt on a partly used sheet', async () => {
    const formats = await t.call('labelFormats.list', {});
    const f38 = formats.find((x) => x.columns === 3 && x.rows === 8)!;
    expect(labelPosition(f38, 5, 0)).toEqual({ sheet: 0, row: 1, column: 1, topMm: 37.5, leftMm: 70 });
    expect(labelPosition(f38, 24, 1)).toEqual({ sheet: 1, row: 0, column: 0, topMm: 0.5, leftMm: 0 });
    const doc = await t.call('print.labels', { formatId: f38.id, startAt: 5, target: { from: 'segment', segmentId: f.segmentId } });
    expect(doc.count).toBe(4);
    expect(doc.skipped).toHaveLength(1);
    const placed = [...doc.html.matchAll(/data-row="(\d)" data-column="(\d)" style="top:([\d.]+)mm;left:([\d.]+)mm/g)].map((m) => m.slice(1).join(','));
    expect(placed).toEqual(['2,2,37.5,70', '2,3,37.5,140', '3,1,74.5,0', '3,2,74.5,70']);
    expect(labelFontPt(['a'.repeat(80)], 62, 29)).toBeLessThan(10);
    expect(labelFontPt(['Short'], 62, 29)).toBe(10);
    expect(await t.fail('print.labels', { formatId: f38.id, startAt: 25, target: { from: 'firm', firmId: f.czFirm } }))
      .toMatchObject({ messageKey: 'errors.out_of_range', field: 'startAt' });
    // The editor's unsaved measures: the preview moves the labels, the saved format stays.
    const { id: _i, name: _n, builtIn: _b, ...measures } = f38;
    const moved = await t.call('print.labels', { formatId: f38.id, startAt: 5, measures: { ...measures, marginTopMm: 1.5 },
      target: { from: 'segment', segmentId: f.segmentId } });
    expect([...moved.html.matchAll(/data-row="(\d)" data-column="(\d)" style="top:([\d.]+)mm;left:([\d.]+)mm/g)][0]!.slice(1).join(','))
      .toBe('2,2,38.5,70');
    expect((await t.call('labelFormats.list', {})).find((x) => x.id === f38.id)!.marginTopMm).toBe(f38.marginTopMm);
    expect(await t.fail('print.labels', { formatId: f38.id, measures: { ...measures, labelWidthMm: 80 }, target: { from: 'firm', firmId: f.czFirm } }))
      .toMatchObject({ messageKey: 'errors.out_of_range', field: 'labelWidthMm' });
  });

  it('saves label margins (built-in too) but never deletes a built-in format', async () => {
    const f38 = (await t.call('labelFormats.list', {})).find((x) => x.columns === 3 && x.rows === 8)!;
    await t.call('labelFormats.save', { ...f38, marginTopMm: 1.5 });
    expect((await t.call('labelFormats.list', {})).find((x) => x.id === f38.id)!.marginTopMm).toBe(1.5);
    expect(await t.fail('labelFormats.delete', { id: f38.id })).toMatchObject({ messageKey: 'errors.label_format_built_in' });
    expect(await t.fail('labelFormats.save', { ...f38, id: null, name: 'Too wide', labelWidthMm: 80 })).toMatchObject({ field: 'labelWidthMm' });
    const own = await t.call('labelFormats.save', { ...f38, id: null, name: 'Vlastní 3×8' });
    await t.call('labelFormats.delete', { id: own.id });
  });

  it('envelopes: one page each in the envelope’s size, address in the window, return address', async () => {
    const sizes = { DL: '220mm 110mm', C5: '229mm 162mm', C4: '324mm 229mm' } as const;
    for (const [size, css] of Object.entries(sizes)) {
      const doc = await t.call('print.envelopes', { size: size as 'DL', target: { from: 'segment', segmentId: f.segmentId } });
      expect(doc.html).toContain(`@page{size:${css};`);
      expect(doc.count).toBe(4);
      expect(doc.html.split('<div class="envelope">').length - 1).toBe(4);
    }
    const dl = await t.call('print.envelopes', { size: 'DL', target: { from: 'firm', firmId: f.czFirm } });
    expect(dl.html).toContain('left:20mm;top:50mm;width:90mm;height:45mm');
    expect(dl.html).toContain('Vinohradská 12');
    const bare = await t.call('print.envelopes', { size: 'DL', returnAddress: false, target: { from: 'firm', firmId: f.czFirm } });
    expect(bare.html).not.toContain('Vinohradská 12');
  });
});

describe('printing: settings and texts', () => {
  it('keeps the letterhead', async () => {
    const lh = await t.call('letterhead.get', {});
    expect(lh).toMatchObject({ companyName: 'Kartoteka Demo s.r.o.', city: 'Praha 2', signatureName: 'Eva Testová' });
    expect(await t.fail('letterhead.save', { ...lh, logoDataUrl: 'javascript:alert(1)' })).toMatchObject({ field: 'logoDataUrl' });
  });

  it('has the same document texts in all four languages', () => {
    const keys = (o: object, prefix = ''): string[] => Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`])).sort();
    expect(keys(cs)).toEqual(keys(en));
    expect(keys(hu)).toEqual(keys(en));
    expect(keys(ru)).toEqual(keys(en));
  });
});
