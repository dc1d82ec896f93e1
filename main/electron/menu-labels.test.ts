import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../shared/types.ts';
import { MENU_LABELS, menuLabels, menuLocale, menuTemplate, type MenuItemSpec } from './menu-labels.ts';

const flatten = (items: MenuItemSpec[]): MenuItemSpec[] => items.flatMap((i) => [i, ...flatten(i.submenu ?? [])]);
const roles = (items: MenuItemSpec[]) => flatten(items).map((i) => i.role).filter(Boolean);

describe('menu labels', () => {
  it('exist in every app language, for every key, none empty', () => {
    expect(Object.keys(MENU_LABELS).sort()).toEqual([...LOCALES].sort());
    const keys = Object.keys(MENU_LABELS.en).sort();
    for (const locale of LOCALES) {
      const labels = MENU_LABELS[locale];
      expect(Object.keys(labels).sort(), locale).toEqual(keys);
      for (const [key, value] of Object.entries(labels)) expect(value.trim(), `${locale}.${key}`).not.toBe('');
    }
  });

  it('are really translated (not English left in place)', () => {
    for (const locale of ['cs', 'hu', 'ru'] as const) {
      for (const key of ['file', 'quit', 'edit', 'copy', 'paste', 'view'] as const) {
        expect(MENU_LABELS[locale][key], `${locale}.${key}`).not.toBe(MENU_LABELS.en[key]);
      }
    }
    expect(MENU_LABELS.cs.file).toBe('Soubor');
    expect(MENU_LABELS.hu.quit).toBe('Kilépés');
    expect(MENU_LABELS.ru.edit).toBe('Правка');
  });

  it.each([
    ['cs', 'cs'], ['cs-CZ', 'cs'], ['CS_cz', 'cs'], ['hu', 'hu'], ['hu-HU', 'hu'], ['ru', 'ru'], ['ru-RU', 'ru'], ['ru-UA', 'ru'],
    ['en', 'en'], ['en-US', 'en'], ['en-GB', 'en'], ['de-DE', 'en'], ['sk', 'en'], ['uk-UA', 'en'], ['', 'en'], ['c', 'en'],
    ['czech', 'en'], [undefined, 'en'], [null, 'en'], [42, 'en'],
  ])('the system locale %j gives %s', (locale, expected) => {
    expect(menuLocale(locale)).toBe(expected);
    expect(menuLabels(locale)).toBe(MENU_LABELS[expected as keyof typeof MENU_LABELS]);
  });
});

describe('menuTemplate', () => {
  it('Windows/Linux: File (Quit), Edit, View; no reload or devtools outside development', () => {
    const menu = menuTemplate('cs-CZ', { platform: 'win32', isDev: false });
    expect(menu.map((m) => m.label)).toEqual(['Soubor', 'Úpravy', 'Zobrazení']);
    expect(menu[0]!.submenu).toEqual([{ role: 'quit', label: 'Ukončit' }]);
    expect(roles(menu)).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']));
    expect(roles(menu)).not.toContain('reload');
    expect(roles(menu)).not.toContain('toggleDevTools');
    expect(roles(menuTemplate('en', { platform: 'linux', isDev: false }))).not.toContain('toggleDevTools');
  });

  it('development adds reload and devtools to View', () => {
    const menu = menuTemplate('hu', { platform: 'linux', isDev: true });
    const view = menu.find((m) => m.label === MENU_LABELS.hu.view)!;
    expect(view.submenu!.slice(0, 2)).toEqual([
      { role: 'reload', label: 'Újratöltés' },
      { role: 'toggleDevTools', label: 'Fejlesztői eszközök' },
    ]);
  });

  it('macOS: the app menu first (Quit there), File closes the window, a Window menu last', () => {
    const menu = menuTemplate('ru-RU', { platform: 'darwin', isDev: false });
    expect(menu.map((m) => m.label)).toEqual(['Kartoteka', 'Файл', 'Правка', 'Вид', 'Окно']);
    expect(roles(menu.slice(0, 1))).toEqual(['about', 'hide', 'hideOthers', 'unhide', 'quit']);
    expect(menu[1]!.submenu).toEqual([{ role: 'close', label: 'Закрыть окно' }]);
    expect(roles(menu)).not.toContain('toggleDevTools');
  });

  it('every item is labelled in the chosen language (or a separator), and the menu is plain data', () => {
    for (const locale of LOCALES) {
      for (const platform of ['darwin', 'win32', 'linux']) {
        for (const isDev of [false, true]) {
          const menu = menuTemplate(locale, { platform, isDev });
          const labels = new Set([...Object.values(MENU_LABELS[locale]), 'Kartoteka']);
          for (const item of flatten(menu)) {
            if (item.type === 'separator') continue;
            expect(labels.has(item.label ?? ''), `${locale}/${platform}: ${JSON.stringify(item)}`).toBe(true);
          }
          // No click handlers or other functions: roles do all the work.
          expect(JSON.parse(JSON.stringify(menu))).toEqual(menu);
        }
      }
    }
  });
});
