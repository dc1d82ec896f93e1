// Real PDFs printed by Chromium (the tests' browser, see test-browser.ts) through playwright-core,
// read back with pdfjs-dist: the names with Czech, Hungarian and Cyrillic letters are there as
// text (the embedded fonts cover them), one letter per recipient, the page counts and sizes. PNGs
// of the first page of a brief and of a label sheet are kept in artifacts/print/. One browser for
// the whole file.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCore, codeId, type TestCore } from '../test-helpers.ts';
import { NOW, TODAY, colleagueNotes, seed, type Fixture } from './test-fixture.ts';
import { candidatePaths, findChromium, htmlToPdf, NoChromiumError } from './pdf.ts';
import { launchTestBrowser } from '../test-browser.ts';
import { firstPageToPng, readPdf, textPlaces } from '../test-pdf.ts';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../../artifacts/print');
let t: TestCore;
let f: Fixture;
let browser: Browser;

beforeAll(async () => {
  t = await openTestCore({ now: () => NOW });
  f = await seed((c, i) => t.call(c as never, i as never), (l, c) => codeId(t, l, c), t.open.localUserId);
  await colleagueNotes((c, i) => t.as(f.colleague).call(c as never, i as never), f.czFirm);
  browser = await launchTestBrowser();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const text = async (pdf: string) => (await readPdf(pdf)).text;
/** The page count and the first page's size in points (as pdfinfo reported it). */
const info = async (pdf: string) => {
  const { pages, sizes } = await readPdf(pdf);
  return { pages: pages.length, size: sizes[0]! };
};
const mm = (pt: number) => Math.round((pt / 72) * 25.4);
const print = async (html: string, name: string) => {
  const file = path.join(t.dir, name);
  await htmlToPdf(html, file, browser);
  return file;
};
const png = (pdf: string, name: string) => firstPageToPng(pdf, path.join(ARTIFACTS, `${name}.png`));

describe('PDF output', () => {
  it('serial letters: one A4 letter per recipient, names in Czech, Hungarian and Cyrillic letters', async () => {
    const tpl = await t.call('templates.save', { name: 'Vánoce', language: 'cs', subject: 'Přání pro {{firmName}}',
      body: 'děkujeme za spolupráci v roce 2026.\n\nS přáním klidných svátků\n{{senderCompany}}' });
    const doc = await t.call('print.letters', { templateId: tpl.id, target: { from: 'segment', segmentId: f.segmentId }, date: TODAY });
    const pdf = await print(doc.html, 'letters.pdf');
    const { pages, sizes, text: s } = await readPdf(pdf);
    expect(pages).toHaveLength(4);
    expect(sizes.map((size) => size.map(mm))).toEqual(Array(4).fill([210, 297]));
    for (const name of ['Pekárna Dvořák s.r.o.', 'Vážený pane Dvořáku', 'Kővágó Műszaki Kft.', 'Győző Szűts', 'ООО «Ромашка»', 'Москва', 'V Praze dne 29. listopadu 2026', '<b>X</b>']) {
      expect(s, name).toContain(name);
    }
    // One letter per page: each page holds exactly one subject line.
    expect(pages.map((p) => p.match(/Přání pro /g)?.length)).toEqual([1, 1, 1, 1]);
    expect(s).not.toContain('Bez Adresy');
    expect(s).toContain('IČO 27074358');
  }, 60_000);

  it('a meeting brief, with a PNG of its first page', async () => {
    const doc = await t.call('print.brief', { firmId: f.czFirm, locale: 'cs', today: TODAY });
    const pdf = await print(doc.html, 'brief.pdf');
    expect((await info(pdf)).pages).toBeGreaterThanOrEqual(1);
    const s = await text(pdf);
    for (const x of ['Podklady ke schůzce', 'Pekárna Dvořák s.r.o.', 'Ing. Jana Nováková', 'Dodávky pečiva 2027', 'Strana 1 /']) expect(s, x).toContain(x);
    expect(s).not.toContain('TAJNÉ');
    await png(pdf, 'brief');
    expect(fs.statSync(path.join(ARTIFACTS, 'brief.png')).size).toBeGreaterThan(10_000);
  }, 60_000);

  it('a label sheet started at label 5, with a PNG', async () => {
    const format = (await t.call('labelFormats.list', {})).find((x) => x.columns === 3 && x.rows === 8)!;
    const doc = await t.call('print.labels', { formatId: format.id, startAt: 5, target: { from: 'segment', segmentId: f.segmentId, recipients: 'people' } });
    const pdf = await print(doc.html, 'labels.pdf');
    expect(await info(pdf)).toMatchObject({ pages: 1 });
    const s = await text(pdf);
    for (const x of ['Ing. Jana Nováková', 'Győző Szűts', '508 01 Hořice', 'Сидоров']) expect(s, x).toContain(x);
    await png(pdf, 'labels');
    expect(fs.statSync(path.join(ARTIFACTS, 'labels.png')).size).toBeGreaterThan(5_000);
  }, 60_000);

  it('a brief with a long history flows from page 1 instead of leaving it two-thirds empty', async () => {
    const firmId = (await t.call('firms.create', { name: 'Mlýn Hořice a.s.', kinds: ['customer'],
      addresses: [{ kind: 'registered', street: 'Husova', number: '1', city: 'Hořice', postalCode: '50801' }] })).id;
    await t.call('people.create', { firmId, firstName: 'Karel', lastName: 'Mlynář', isMain: true, jobTitle: 'ředitel' });
    await t.call('people.create', { firmId, firstName: 'Eva', lastName: 'Zrnová', jobTitle: 'nákupčí' });
    const meeting = codeId(t, 'contact_kind', 'meeting');
    for (let i = 0; i < 14; i++) {
      await t.call('contacts.create', { firmId, kindId: meeting, at: NOW - (i + 1) * 9 * 86_400_000, status: 'done', referentId: t.open.localUserId,
        summary: `Jednání č. ${i + 1} o dodávkách mouky`, note: 'Dohodli jsme ceny, termíny a balení na příští čtvrtletí. '.repeat(4) });
    }
    const doc = await t.call('print.brief', { firmId, locale: 'cs', today: TODAY });
    const { pages } = await readPdf(await print(doc.html, 'brief-long.pdf'));
    expect(pages.length).toBeLessThanOrEqual(2);
    // The history starts on page 1, below the people.
    expect(pages[0]).toContain('Jednání č. 1 o dodávkách');
    expect(pages[0]).toContain('Zrnová');
  }, 60_000);

  it('envelopes in their own paper size, one per page', async () => {
    const doc = await t.call('print.envelopes', { size: 'C5', target: { from: 'segment', segmentId: f.segmentId } });
    const pdf = await print(doc.html, 'envelopes.pdf');
    const { pages, size } = await info(pdf);
    expect(pages).toBe(4);
    expect(size.map(mm)).toEqual([229, 162]);
    expect(await text(pdf)).toContain('Kartoteka Demo s.r.o.');
  }, 60_000);

  it('puts the address in a left or a right window (ČSN 01 6910: 20 or 119 mm from the left edge)', async () => {
    for (const [side, from, to] of [['left', 20, 110], ['right', 119, 209]] as const) {
      const doc = await t.call('print.envelopes', { size: 'DL', window: side, target: { from: 'firm', firmId: f.czFirm } });
      const pdf = await print(doc.html, `envelope-${side}.pdf`);
      const places = await textPlaces(pdf);
      const recipient = places.find((p) => p.str.includes('Husova'))!;
      // The return address stays top left whichever the window.
      expect(places.find((p) => p.str.includes('Vinohradská'))!.xMm, side).toBeLessThan(20);
      expect(recipient.xMm, side).toBeGreaterThan(from);
      expect(recipient.xMm, side).toBeLessThan(to - 40);
      expect(recipient.yMm, side).toBeGreaterThan(50);
      if (side === 'right') await png(pdf, 'envelope-right');
    }
  }, 60_000);

  it('names what it looked for when no browser is found', () => {
    expect(() => findChromium({ CHROMIUM_PATH: '/nowhere/chrome' }, 'linux')).toThrow(NoChromiumError);
    expect(() => findChromium({ CHROMIUM_PATH: '/nowhere/chrome' }, 'linux')).toThrow(/CHROMIUM_PATH/);
    expect(candidatePaths({}, 'linux')).toContain('/usr/bin/chromium');
    expect(candidatePaths({ PROGRAMFILES: 'C:\\Program Files' }, 'win32')[0]).toMatch(/chrome\.exe$/);
  });
});
