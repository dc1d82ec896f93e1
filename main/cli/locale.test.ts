// The CLI's language when --locale does not name one: the app's saved choice, else the OS
// locale, else English.
import { afterEach, describe, expect, it } from 'vitest';
import { defaultLocale, savedLocale } from './locale.ts';
import { openTestCore, type TestCore } from '../core/test-helpers.ts';

describe('defaultLocale', () => {
  it('takes the language chosen in the app first', () => {
    expect(defaultLocale('hu', { LANG: 'cs_CZ.UTF-8' }, 'ru-RU')).toBe('hu');
  });

  it('else the OS locale, in POSIX order (LC_ALL, LC_MESSAGES, LANG), then the runtime default', () => {
    expect(defaultLocale(null, { LANG: 'cs_CZ.UTF-8' }, 'en-US')).toBe('cs');
    expect(defaultLocale(null, { LC_ALL: 'ru_RU.UTF-8', LANG: 'cs_CZ.UTF-8' }, 'en-US')).toBe('ru');
    expect(defaultLocale(null, { LC_MESSAGES: 'hu_HU', LANG: 'cs_CZ.UTF-8' }, 'en-US')).toBe('hu');
    expect(defaultLocale(null, { LANG: 'sk_SK.UTF-8' }, 'en-US')).toBe('cs');
    expect(defaultLocale(null, { LANG: 'uk_UA.UTF-8' }, 'en-US')).toBe('ru');
    expect(defaultLocale(null, {}, 'hu-HU')).toBe('hu');
    // "C" names no language: the runtime's default decides.
    expect(defaultLocale(null, { LC_ALL: 'C', LANG: 'C.UTF-8' }, 'cs-CZ')).toBe('cs');
  });

  it('else English', () => {
    expect(defaultLocale(null, { LANG: 'de_DE.UTF-8' }, 'cs-CZ')).toBe('en');
    expect(defaultLocale(null, {}, 'en-US')).toBe('en');
    expect(defaultLocale(null, {}, 'ja-JP')).toBe('en');
  });
});

describe('savedLocale', () => {
  let t: TestCore | null = null;
  afterEach(async () => { await t?.close(); t = null; });

  it('reads the language the app saved (app.setLocale), null before any choice or without a file', async () => {
    t = await openTestCore();
    expect(savedLocale(t.file)).toBeNull();
    expect((await t.call('app.info', {})).uiLocale).toBeNull();
    await t.call('app.setLocale', { locale: 'ru' });
    await t.call('app.setLocale', { locale: 'hu' });
    expect(savedLocale(t.file)).toBe('hu');
    expect((await t.call('app.info', {})).uiLocale).toBe('hu');
    expect(savedLocale(`${t.file}.missing`)).toBeNull();
    expect((await t.fail('app.setLocale', { locale: 'de' })).field).toBe('locale');
  });
});
