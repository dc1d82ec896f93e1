// People and firms of other countries end to end in Chromium (issue 14): a Hungarian firm's
// form names its ids as Hungary does and checks the adószám's check digit at its field; a
// Russian person gets a patronymic, shown on the card and found by search; a template gets a
// Russian version, and serial letters write to the Russian firm in Russian — while a template
// without one is held back with a warning naming who would get a letter not in their language.
// Screenshots 90-… in artifacts/e2e.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FrameLocator } from 'playwright-core';
import { startSession, type Session } from './harness.ts';
import type { FirmCard, LetterTemplate } from '../shared/types.ts';

let s: Session;
const tid = (id: string) => s.page.getByTestId(id);
const call = <T>(channel: string, input: unknown) => s.call<T>(channel, input);
const ids: Record<string, string> = {};
const SEGMENT = 'Zahraniční odběratelé';

beforeAll(async () => {
  s = await startSession({ locale: 'en-US' });
  ids.cz = (await call<{ id: string }>('firms.create', { name: 'Pekárna Dvořák s.r.o.', kinds: ['customer'], ico: '25596641',
    addresses: [{ kind: 'registered', street: 'Husova', number: '15', city: 'Hořice', postalCode: '50801', country: 'CZ' }] })).id;
  await call('people.create', { firmId: ids.cz, firstName: 'Petr', lastName: 'Dvořák', gender: 'male', isMain: true });
  ids.ru = (await call<{ id: string }>('firms.create', { name: 'ООО «Лебедев и партнёры»', kinds: ['customer'], country: 'RU',
    ico: '7707083893', dic: '1027700132195',
    addresses: [{ kind: 'registered', street: 'ул. Тверская', number: 'д. 7', city: 'Москва', postalCode: '125009', country: 'RU' }] })).id;
  ids.segment = (await call<{ id: string }>('segments.create', { kind: 'category', name: SEGMENT })).id;
  await call('segments.members', { id: ids.segment, add: [ids.cz, ids.ru] });
  await s.page.reload();
  await tid('nav-firms').waitFor();
});
afterAll(async () => { await s?.close(); });

const frameIn = (scope: string): FrameLocator => s.page.getByTestId(scope).frameLocator('[data-testid="print-preview-frame"]');
const frameText = (scope: string) => frameIn(scope).locator('body').innerText();

describe('other countries, in the browser', () => {
  it('names a Hungarian firm’s ids as Hungary does and checks the adószám at its field', async () => {
    await tid('new-firm').click();
    await tid('firm-name').fill('Kővágó Műszaki Kft.');
    await tid('firm-country').selectOption('HU');
    await expect.poll(() => tid('firm-ico').getAttribute('data-id-name')).toBe('Adószám');
    expect(await tid('firm-dic').getAttribute('data-id-name')).toBe('Cégjegyzékszám');
    expect(await tid('firm-vat-id').count()).toBe(0);
    // The address row not filled in yet follows the firm's country.
    expect(await tid('address-country').first().inputValue()).toBe('HU');
    await tid('firm-ico').fill('12345678-2-41');
    await tid('firm-dic').fill('Cg. 01-09-123456');
    await tid('save').click();
    await expect.poll(() => tid('firm-ico').getAttribute('aria-invalid')).toBe('true');
    await expect.poll(async () => (await s.page.locator('.mantine-InputWrapper-error').allTextContents()).join(' '))
      .toContain('not a valid Hungarian tax number');
    await s.shot('90-firm-form-hu-ids');
    // Typed without dashes: written as Hungary writes it once it checks.
    await tid('firm-ico').fill('12345676241');
    await tid('firm-ico').blur();
    await expect.poll(() => tid('firm-ico').inputValue()).toBe('12345676-2-41');
    await tid('save').click();
    await tid('firm-card').waitFor();
    await expect.poll(() => tid('firm-card-ico').textContent()).toBe('12345676-2-41');
    expect(await tid('firm-card-ico-name').textContent()).toBe('Adószám');
    expect(await tid('firm-card-dic').textContent()).toBe('01-09-123456');
    expect(await tid('firm-card-country').getAttribute('data-country')).toBe('HU');
    await s.shot('91-firm-card-hu');
  });

  it('gives a Russian person a patronymic: on the card, found by search', async () => {
    await s.page.goto(`${s.host.url.split('#')[0]}#/firm/${ids.ru}`);
    await tid('firm-card').waitFor();
    expect(await tid('firm-card-ico-name').textContent()).toBe('ИНН');
    // In Russian: the form's suggestions are in the UI language.
    await tid('lang-select').selectOption('ru');
    await tid('add-person').click();
    await tid('person-first-name').fill('Алексей');
    await tid('person-patronymic').fill('Петрович');
    await tid('person-last-name').fill('Лебедев');
    await tid('person-gender').selectOption('male');
    // The suggestion follows the rules: by given name and patronymic; the addressee in the dative.
    await expect.poll(() => tid('person-salutation').getAttribute('placeholder')).toBe('Уважаемый Алексей Петрович');
    expect(await tid('person-addressee').getAttribute('placeholder')).toBe('Лебедеву Алексею Петровичу');
    await s.shot('92-person-patronymic');
    await tid('save').click();
    await tid('person-row').filter({ hasText: 'Алексей Петрович Лебедев' }).waitFor();
    await tid('lang-select').selectOption('en');
    const card = await call<FirmCard>('firms.get', { id: ids.ru });
    expect(card.people[0]).toMatchObject({ firstName: 'Алексей', patronymic: 'Петрович', lastName: 'Лебедев' });
    await tid('nav-firms').click();
    await tid('firm-search').fill('петрович');
    await tid('firm-row').filter({ hasText: 'ООО «Лебедев и партнёры»' }).waitFor();
    await expect.poll(() => tid('firm-row').count()).toBe(1);
    await tid('firm-search').fill('');
  });

  it('adds a Russian version to a template; serial letters write to the Russian firm in Russian', async () => {
    await tid('nav-printing').click();
    await tid('printing-tab-letters').click();
    await tid('tpl-new').click();
    await tid('tpl-name').fill('Nabídka – cs, ru');
    await tid('tpl-language').selectOption('cs');
    await tid('tpl-subject').fill('Nabídka spolupráce');
    await tid('tpl-body').fill('dovolte nám představit naši nabídku.');
    await tid('tpl-add-language').selectOption('ru');
    await expect.poll(() => tid('tpl-body').inputValue()).toBe('');
    await tid('tpl-subject').fill('Предложение о сотрудничестве');
    await tid('tpl-body').fill('позвольте представить наше предложение для {{firmName}} ({{companyIds}}).');
    await tid('tpl-closing').fill('С уважением');
    // The live preview shows the version being edited.
    await tid('tpl-sample').click();
    await s.page.keyboard.type('Лебедев');
    await s.page.getByRole('option', { name: /Лебедев/ }).click();
    await frameIn('tpl-preview').getByText('Предложение о сотрудничестве').waitFor({ timeout: 15_000 });
    expect(await frameText('tpl-preview')).toContain('Уважаемый Алексей Петрович,');
    await tid('tpl-name').scrollIntoViewIfNeeded();
    await s.shot('93-template-languages');
    await tid('tpl-lang-cs').click();
    await expect.poll(() => tid('tpl-body').inputValue()).toBe('dovolte nám představit naši nabídku.');
    await tid('tpl-save').click();
    await expect.poll(async () => (await call<LetterTemplate[]>('templates.list', {})).find((x) => x.name === 'Nabídka – cs, ru')?.variants.length).toBe(1);

    await tid('letters-target-kind').selectOption('segment');
    await tid('letters-target-select').selectOption(ids.segment!);
    await tid('letters-preview').click();
    await frameIn('letters-serial-preview').getByText('Уважаемый Алексей Петрович,').waitFor({ timeout: 15_000 });
    const text = await frameText('letters-serial-preview');
    expect(text).toContain('Vážený pane Dvořáku,');
    expect(text).toContain('ООО «Лебедев и партнёры» (ИНН 7707083893 · ОГРН 1027700132195)');
    expect(await tid('letters-serial-preview').getByTestId('print-mismatch').count()).toBe(0);
    expect(await tid('letters-serial-preview').getByTestId('print-preview-print').isEnabled()).toBe(true);
    await s.shot('94-serial-letters-ru');
    await s.page.keyboard.press('Escape');
  });

  it('warns before printing serial letters from a template without the recipients’ language, and lets the user go on', async () => {
    await tid('tpl-item').filter({ hasText: 'Dopis (česky)' }).click();
    await expect.poll(() => tid('tpl-name').inputValue()).toBe('Dopis (česky)');
    await tid('letters-preview').click();
    const dialog = tid('letters-serial-preview');
    const warning = dialog.getByTestId('print-mismatch');
    await warning.waitFor();
    expect(await warning.getAttribute('data-count')).toBe('1');
    expect(await warning.textContent()).toContain('Алексей Петрович Лебедев (ООО «Лебедев и партнёры») – Russian');
    expect(await dialog.getByTestId('print-preview-print').isDisabled()).toBe(true);
    expect(await frameText('letters-serial-preview')).toContain('Vážený pane Лебедев');
    await s.shot('95-serial-letters-language-warning');
    await dialog.getByTestId('print-mismatch-continue').click();
    await expect.poll(() => dialog.getByTestId('print-preview-print').isEnabled()).toBe(true);
    await s.page.keyboard.press('Escape');
  });
});
