// Issue 15 end to end: a Windows-1250 CSV as Czech Excel saves it, imported through the wizard —
// the encoding confirmed, one column mapped by hand, an invalid cell shown, the dry run, the
// import — then the firms are in the list and found by search; Settings lists the import, and
// undoing it removes them.
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSession, type Session } from './harness.ts';

let s: Session;
beforeAll(async () => { s = await startSession({ locale: 'cs-CZ' }); });
afterAll(async () => { await s?.close(); });

const tid = (id: string) => s.page.getByTestId(id);

const CSV = [
  'Název firmy;IČO;Město;E-mail;Skupina',
  'Řeznictví Šťastný s.r.o.;25596641;Hořice;info@stastny.cz;maso, VIP',
  'Žluťoučký kůň a.s.;;Pardubice;kun@zlutoucky.cz;VIP',
  'Chybná firma;12345678;Brno;chyba;',
].join('\r\n');

describe('import wizard', () => {
  it('imports a CSV with a mapping, shows the firms in the list and search, and undoes it', async () => {
    await tid('nav-firms').click();
    await tid('import-open').click();
    await tid('import-choose').waitFor();
    await s.page.setInputFiles('[data-testid="import-file"]', { name: 'firmy.csv', mimeType: 'text/csv', buffer: iconv.encode(CSV, 'windows-1250') });
    await tid('import-read-summary').waitFor();
    expect(await tid('import-read-summary').textContent()).toContain('řádků 3');
    expect(await tid('import-sample').textContent()).toContain('Řeznictví Šťastný');
    expect(await s.page.locator('[data-testid="import-decoding"]').count()).toBeGreaterThan(1);
    await s.shot('100-import-reading');
    await tid('import-reading-ok').click();

    // The suggested mapping, and "Skupina" mapped by hand to the tags.
    const skupina = s.page.locator('[data-testid="import-mapping-row"][data-column="Skupina"]').getByTestId('import-target');
    await skupina.click();
    await skupina.fill('Štítky');
    await s.page.getByRole('option', { name: /Štítky/ }).click();
    const target = (column: string) => s.page.locator(`[data-testid="import-mapping-row"][data-column="${column}"]`).getByTestId('import-target').inputValue();
    expect(await target('Název firmy')).toBe('Název firmy');
    expect(await target('IČO')).toMatch(/^IČO/);
    await s.shot('101-import-mapping');
    await tid('import-mapping-ok').click();

    await tid('import-preview').waitFor();
    expect(await tid('import-cell-bad').count()).toBe(2);
    await s.shot('102-import-check');
    await tid('import-dryrun').click();
    await tid('import-counts').waitFor();
    expect(await tid('import-counts').getAttribute('data-created')).toBe('2');
    expect(await tid('import-counts').getAttribute('data-invalid')).toBe('1');
    expect(await tid('import-issues').textContent()).toContain('Řádek 4, sloupec IČO');
    await s.shot('103-import-dryrun');
    await tid('import-skip-invalid').click();
    await tid('import-run').click();
    await tid('import-done').waitFor();
    expect(await tid('import-done').textContent()).toContain('2 nových');
    await s.shot('104-import-done');
    await tid('import-close').click();

    await tid('firm-search').fill('stastny');
    await tid('firm-row').filter({ hasText: 'Řeznictví Šťastný s.r.o.' }).waitFor();
    await tid('firm-search').fill('');
    await tid('firm-row').filter({ hasText: 'Žluťoučký kůň a.s.' }).waitFor();

    await tid('nav-settings').click();
    await tid('settings-imports').scrollIntoViewIfNeeded();
    await tid('imports-row').first().waitFor();
    expect(await tid('imports-row').first().textContent()).toContain('firmy.csv');
    await s.shot('105-import-settings');
    await tid('imports-undo').click();
    await s.page.locator('[data-testid="imports-row"][data-undone="true"]').waitFor();

    await tid('nav-firms').click();
    await tid('firm-search').fill('stastny');
    await expect.poll(() => tid('firm-row').count()).toBe(0);
    await tid('firm-search').fill('');
    await expect.poll(() => tid('firm-row').filter({ hasText: 'Žluťoučký' }).count()).toBe(0);
  });
});
