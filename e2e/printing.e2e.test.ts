// Printing end to end in Chromium: the meeting brief from a firm card (its preview frame taken
// as a PDF and read back with pdfjs-dist: Czech diacritics intact), the letterhead with a logo,
// a letter template written with the field picker and its live preview (a firm named <b>X</b>
// prints literally), serial letters to a segment (one PDF page per letter, the firm without an
// address skipped and named), a single letter from the card, a label sheet starting at label 5
// and DL envelopes. Screenshots 60-… in artifacts/e2e.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FrameLocator } from 'playwright-core';
import { ARTIFACTS, startSession, type Session } from './harness.ts';
import { tempDir } from '../main/core/test-helpers.ts';
import { readPdf } from '../main/core/test-pdf.ts';
import type { LabelFormat, Letterhead, LetterTemplate } from '../shared/types.ts';

let s: Session;
let pdfDir: string;
const tid = (id: string) => s.page.getByTestId(id);
const call = <T>(channel: string, input: unknown) => s.call<T>(channel, input);
const ids: Record<string, string> = {};

const DVORAK = 'Strojírny Dvořák s.r.o.';
const VODARNA = 'Pražská vodárna a.s.';
const NOADDR = 'Bez adresy s.r.o.';
const EVIL = '<b>X</b>';
const SEGMENT = 'Tisk – zákazníci';
const TEMPLATE = 'Nabídka 2026';
// A 1×1 transparent PNG.
const PNG_1PX = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

beforeAll(async () => {
  s = await startSession({ locale: 'en-US' });
  pdfDir = tempDir('kartoteka-print-e2e-');
  const firm = async (name: string, address: { street: string; city: string; postalCode: string } | null) => (await call<{ id: string }>('firms.create', {
    name, kinds: ['customer'], addresses: address ? [{ kind: 'registered', number: '12', ...address }] : [],
  })).id;
  ids.dvorak = await firm(DVORAK, { street: 'Nádražní', city: 'Tábor', postalCode: '39001' });
  ids.vodarna = await firm(VODARNA, { street: 'Žitná', city: 'Praha', postalCode: '11000' });
  ids.noaddr = await firm(NOADDR, null);
  ids.evil = await firm(EVIL, { street: 'Husova', city: 'Brno', postalCode: '60200' });
  const person = async (firmId: string, firstName: string, lastName: string, gender: 'male' | 'female') => (await call<{ id: string }>('people.create', {
    firmId, firstName, lastName, gender, isMain: true, jobTitle: 'jednatel',
  })).id;
  ids.zluty = await person(ids.dvorak, 'Řehoř', 'Žlutý', 'male');
  ids.stastna = await person(ids.vodarna, 'Jiřina', 'Šťastná', 'female');
  ids.segment = (await call<{ id: string }>('segments.create', { kind: 'category', name: SEGMENT })).id;
  await call('segments.members', { id: ids.segment, add: [ids.dvorak, ids.vodarna, ids.noaddr] });
  await s.page.reload();
  await tid('nav-printing').waitFor();
});
afterAll(async () => {
  await s?.close();
  if (pdfDir) fs.rmSync(pdfDir, { recursive: true, force: true });
});

/** The document in a preview frame, laid out as PDF by the same Chromium; its text and pages. */
async function previewPdf(scope: string, name: string): Promise<{ text: string; pages: number; sizes: [number, number][] }> {
  const html = await s.page.getByTestId(scope).getByTestId('print-preview-frame').getAttribute('srcdoc');
  expect(html).toBeTruthy();
  const page = await s.page.context().newPage();
  try {
    await page.setContent(html!, { waitUntil: 'load' });
    // As pdf.ts and the desktop shell do: the embedded faces decoded before the page is printed.
    await page.evaluate('document.fonts.ready');
    const file = path.join(pdfDir, `${name}.pdf`);
    await page.pdf({ path: file, preferCSSPageSize: true, printBackground: true });
    const { text, pages, sizes } = await readPdf(file);
    return { text, pages: pages.length, sizes };
  } finally {
    await page.close();
  }
}

const frameIn = (scope: string): FrameLocator => s.page.getByTestId(scope).frameLocator('[data-testid="print-preview-frame"]');
const frameText = (scope: string) => frameIn(scope).locator('body').innerText();

describe('printing', () => {
  it('prints the meeting brief from the firm card: preview, PDF with diacritics', async () => {
    await s.page.goto(`${s.host.url.split('#')[0]}#/firm/${ids.dvorak}`);
    await tid('card-print-brief').click();
    await expect.poll(() => frameText('brief-dialog'), { timeout: 15_000 }).toContain(DVORAK);
    expect(await frameText('brief-dialog')).toContain('Žlutý');
    expect(await tid('brief-dialog').getByTestId('print-preview-count').getAttribute('data-count')).toBe('1');
    await s.shot('60-print-brief');
    const pdf = await previewPdf('brief-dialog', 'brief');
    expect(pdf.text).toContain(DVORAK);
    expect(pdf.text).toContain('Žlutý');
    expect(pdf.pages).toBeGreaterThanOrEqual(1);
    fs.copyFileSync(path.join(pdfDir, 'brief.pdf'), path.join(ARTIFACTS, '60-print-brief.pdf'));
    await s.page.keyboard.press('Escape');
    await tid('brief-dialog').waitFor({ state: 'detached' });

    // A person's shorter brief from their row.
    await s.page.locator(`[data-testid="person-row"][data-person-id="${ids.zluty}"]`).getByTestId('person-print-brief').click();
    await expect.poll(() => frameText('brief-dialog'), { timeout: 15_000 }).toContain('Žlutý');
    await s.page.keyboard.press('Escape');
    await tid('brief-dialog').waitFor({ state: 'detached' });
  });

  it('keeps the letterhead with a logo; a bad country code is shown at its field', async () => {
    await tid('nav-printing').click();
    await tid('printing-tab-letterhead').click();
    await tid('letterhead-company').fill('Kancelář Nováková s.r.o.');
    await tid('letterhead-street').fill('Vinohradská');
    await tid('letterhead-number').fill('7');
    await tid('letterhead-postal-code').fill('12000');
    await tid('letterhead-city').fill('Praha');
    await tid('letterhead-signature-name').fill('Eva Nováková');
    await tid('letterhead-logo').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: PNG_1PX });
    await tid('letterhead-logo-preview').waitFor();
    await tid('letterhead-country').fill('CZE');
    await tid('letterhead-save').click();
    await expect.poll(() => s.page.getByText('Use a two-letter country code, e.g. CZ.').count()).toBeGreaterThan(0);
    await tid('letterhead-country').fill('CZ');
    await tid('letterhead-save').click();
    await expect.poll(async () => (await call<Letterhead>('letterhead.get', {})).companyName).toBe('Kancelář Nováková s.r.o.');
    const lh = await call<Letterhead>('letterhead.get', {});
    expect(lh.logoDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(lh.city).toBe('Praha');
    await s.shot('66-print-letterhead');
  });

  it('writes a template with the field picker; the live preview prints <b>X</b> literally', async () => {
    await tid('printing-tab-letters').click();
    await tid('tpl-new').click();
    await tid('tpl-name').fill(TEMPLATE);
    await tid('tpl-subject').fill('Nabídka servisu');
    const body = tid('tpl-body');
    await body.fill('Dovolte nám nabídnout firmě  náš servis.\n\nDěkujeme.');
    // The cursor between the two spaces, then the picker inserts {{firmName}} right there.
    await body.evaluate((el: HTMLTextAreaElement) => { el.focus(); el.setSelectionRange(28, 28); });
    await tid('tpl-field-picker').selectOption('{{firmName}}');
    await expect.poll(() => body.inputValue()).toBe('Dovolte nám nabídnout firmě {{firmName}} náš servis.\n\nDěkujeme.');
    expect(await tid('tpl-field-picker').inputValue()).toBe('');
    // Sample recipient: the firm with markup in its name.
    await tid('tpl-sample').click();
    await s.page.keyboard.type('X');
    await s.page.getByRole('option', { name: /<b>X<\/b>/ }).click();
    await expect.poll(() => frameText('tpl-preview'), { timeout: 15_000 }).toContain(`nabídnout firmě ${EVIL} náš servis`);
    // Literally: the frame holds no <b> element made of the firm's name.
    expect(await frameIn('tpl-preview').locator('b', { hasText: /^X$/ }).count()).toBe(0);
    await tid('tpl-save').click();
    await expect.poll(() => tid('tpl-item').allTextContents()).toContain(TEMPLATE);
    const saved = await call<LetterTemplate[]>('templates.list', {});
    const mine = saved.find((x) => x.name === TEMPLATE);
    expect(mine?.body).toContain('{{firmName}}');
    ids.template = mine!.id;
    await s.shot('61-print-template');

    // An empty name is refused at its field.
    await tid('tpl-name').fill('');
    await tid('tpl-save').click();
    await expect.poll(() => s.page.locator('[data-testid="tpl-name"][aria-invalid="true"]').count()).toBe(1);
    await tid('tpl-name').fill(TEMPLATE);
  });

  it('prints serial letters to a segment: one page per letter, the firm without an address skipped', async () => {
    await tid('letters-target-kind').selectOption('segment');
    await tid('letters-target-select').selectOption(ids.segment!);
    await tid('letters-preview').click();
    const dialog = tid('letters-serial-preview');
    await expect.poll(() => dialog.getByTestId('print-preview-count').getAttribute('data-count'), { timeout: 15_000 }).toBe('2');
    expect(await dialog.getByTestId('print-skipped').textContent()).toContain(NOADDR);
    expect(await dialog.getByTestId('print-skipped').textContent()).toMatch(/^1 without a postal address skipped/);
    await expect.poll(() => frameText('letters-serial-preview')).toContain(VODARNA);
    await s.shot('62-print-serial-letters');
    const pdf = await previewPdf('letters-serial-preview', 'serial');
    expect(pdf.pages).toBe(2);
    expect(pdf.text).toContain(DVORAK);
    expect(pdf.text).toContain(VODARNA);
    expect(pdf.text).toContain('Šťastná');
    expect(pdf.text).not.toContain(NOADDR);
    await s.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('prints a single letter from the firm card to its main person', async () => {
    await s.page.goto(`${s.host.url.split('#')[0]}#/firm/${ids.vodarna}`);
    await tid('card-print-letter').click();
    await tid('letter-template').selectOption(ids.template!);
    expect(await tid('letter-person').inputValue()).toBe(ids.stastna);
    await expect.poll(() => frameText('letter-dialog'), { timeout: 15_000 }).toContain('Šťastná');
    expect(await frameText('letter-dialog')).toContain(`firmě ${VODARNA} náš servis`);
    await s.shot('63-print-letter');
    const pdf = await previewPdf('letter-dialog', 'letter');
    expect(pdf.pages).toBe(1);
    expect(pdf.text).toContain('Kancelář Nováková s.r.o.');
    // To the firm itself: no person in the address or the salutation.
    await tid('letter-person').selectOption('');
    await expect.poll(() => frameText('letter-dialog'), { timeout: 15_000 }).not.toContain('Šťastná');
    expect(await frameText('letter-dialog')).toContain('Dear Sir or Madam,');
    expect(await frameText('letter-dialog')).toContain(VODARNA);
    await s.page.keyboard.press('Escape');
    await tid('letter-dialog').waitFor({ state: 'detached' });
  });

  it('prints a label sheet starting at label 5', async () => {
    await tid('nav-printing').click();
    await tid('printing-tab-labels').click();
    const formats = await call<LabelFormat[]>('labelFormats.list', {});
    const f = formats.find((x) => x.columns === 3 && x.rows === 7) ?? formats[0]!;
    await tid('labels-format').selectOption(f.id);
    await tid('labels-start-5').click();
    expect(await tid('labels-start-5').getAttribute('aria-pressed')).toBe('true');
    await tid('labels-target-kind').selectOption('segment');
    await tid('labels-target-select').selectOption(ids.segment!);
    await tid('labels-preview').click();
    await expect.poll(() => tid('labels-tab').getByTestId('print-preview-count').getAttribute('data-count'), { timeout: 15_000 }).toBe('2');
    expect(await tid('labels-tab').getByTestId('print-preview-count').textContent()).toBe('2 labels');
    expect(await tid('labels-tab').getByTestId('print-skipped').textContent()).toContain(NOADDR);
    await expect.poll(() => frameText('labels-tab')).toContain('Šťastná');
    await s.shot('64-print-labels');
    const pdf = await previewPdf('labels-tab', 'labels');
    expect(pdf.pages).toBe(1);
    expect(pdf.text).toContain('Žlutý');
    expect(pdf.text).toContain('390 01');

    // The margins are editable and saved per format.
    // Too big a margin: the labels would run off the sheet — the core says so at the height field.
    await tid('labels-margin-top').fill('60');
    await tid('labels-format-save').click();
    await expect.poll(() => s.page.locator('[data-testid="labels-height"][aria-invalid="true"]').count()).toBe(1);
    const top = Math.round(Math.max(0, f.marginTopMm - 0.25) * 100) / 100;
    await tid('labels-margin-top').fill(String(top));
    // The preview follows the measures being edited, before they are saved: label 5 (row 2) moves.
    await tid('labels-preview').click();
    const row2 = Math.round((top + f.labelHeightMm + f.gapYMm) * 100) / 100;
    await expect.poll(async () => (await tid('labels-tab').getByTestId('print-preview-frame').getAttribute('srcdoc')) ?? '')
      .toContain(`data-row="2" data-column="2" style="top:${row2}mm`);
    await tid('labels-format-save').click();
    await expect.poll(async () => (await call<LabelFormat[]>('labelFormats.list', {})).find((x) => x.id === f.id)?.marginTopMm).toBeCloseTo(top, 5);
  });

  it('prints DL envelopes with the return address', async () => {
    await tid('printing-tab-envelopes').click();
    await tid('envelopes-size').selectOption('DL');
    expect(await tid('envelopes-return').isChecked()).toBe(true);
    await tid('envelopes-target-kind').selectOption('segment');
    await tid('envelopes-target-select').selectOption(ids.segment!);
    await tid('envelopes-preview').click();
    await expect.poll(() => tid('envelopes-tab').getByTestId('print-preview-count').getAttribute('data-count'), { timeout: 15_000 }).toBe('2');
    expect(await tid('envelopes-tab').getByTestId('print-preview-count').textContent()).toBe('2 envelopes');
    await expect.poll(() => frameText('envelopes-tab')).toContain('Kancelář Nováková s.r.o.');
    await s.shot('65-print-envelopes');
    // A right-window envelope: the address field 119 mm from the left edge (ČSN 01 6910).
    const addressLeft = () => frameIn('envelopes-tab').locator('.to').first().evaluate((el) => el.getBoundingClientRect().left
      - el.closest('.envelope')!.getBoundingClientRect().left);
    const leftWindow = await addressLeft();
    await tid('envelopes-window').selectOption('right');
    await tid('envelopes-preview').click();
    // 99 mm further right, at the preview's scale (the left window's 20 mm gives the scale).
    await expect.poll(async () => Math.round((await addressLeft()) / leftWindow * 20), { timeout: 15_000 }).toBe(119);
    await s.shot('65b-print-envelopes-right-window');
    const pdf = await previewPdf('envelopes-tab', 'envelopes');
    expect(pdf.pages).toBe(2);
    // DL: 220 × 110 mm = 623.6 × 311.8 pt.
    for (const [width, height] of pdf.sizes) {
      expect(width).toBeCloseTo(623.6, 0);
      expect(height).toBeCloseTo(311.8, 0);
    }
    expect(pdf.text).toContain('Strojírny Dvořák');
  });
});
