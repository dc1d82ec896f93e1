// The application menu: its labels in the app's four languages, picked by the system locale
// (app.getLocale()), and the menu itself as plain data. No `electron` import — every item
// works through a standard role, so there are no click handlers and vitest can check it all.
import { LOCALES, type Locale } from '../../shared/types.ts';

export interface MenuLabels {
  file: string;
  quit: string;
  close: string;
  edit: string;
  undo: string;
  redo: string;
  cut: string;
  copy: string;
  paste: string;
  selectAll: string;
  view: string;
  reload: string;
  devTools: string;
  resetZoom: string;
  zoomIn: string;
  zoomOut: string;
  fullScreen: string;
  window: string;
  minimize: string;
  zoom: string;
  front: string;
  about: string;
  hide: string;
  hideOthers: string;
  showAll: string;
}

export const MENU_LABELS: Record<Locale, MenuLabels> = {
  en: {
    file: 'File', quit: 'Quit', close: 'Close Window',
    edit: 'Edit', undo: 'Undo', redo: 'Redo', cut: 'Cut', copy: 'Copy', paste: 'Paste', selectAll: 'Select All',
    view: 'View', reload: 'Reload', devTools: 'Developer Tools',
    resetZoom: 'Actual Size', zoomIn: 'Zoom In', zoomOut: 'Zoom Out', fullScreen: 'Full Screen',
    window: 'Window', minimize: 'Minimize', zoom: 'Zoom', front: 'Bring All to Front',
    about: 'About Kartoteka', hide: 'Hide Kartoteka', hideOthers: 'Hide Others', showAll: 'Show All',
  },
  cs: {
    file: 'Soubor', quit: 'Ukončit', close: 'Zavřít okno',
    edit: 'Úpravy', undo: 'Zpět', redo: 'Znovu', cut: 'Vyjmout', copy: 'Kopírovat', paste: 'Vložit', selectAll: 'Vybrat vše',
    view: 'Zobrazení', reload: 'Načíst znovu', devTools: 'Nástroje pro vývojáře',
    resetZoom: 'Skutečná velikost', zoomIn: 'Zvětšit', zoomOut: 'Zmenšit', fullScreen: 'Celá obrazovka',
    window: 'Okno', minimize: 'Minimalizovat', zoom: 'Přizpůsobit velikost', front: 'Vše do popředí',
    about: 'O aplikaci Kartoteka', hide: 'Skrýt aplikaci Kartoteka', hideOthers: 'Skrýt ostatní', showAll: 'Zobrazit vše',
  },
  hu: {
    file: 'Fájl', quit: 'Kilépés', close: 'Ablak bezárása',
    edit: 'Szerkesztés', undo: 'Visszavonás', redo: 'Ismétlés', cut: 'Kivágás', copy: 'Másolás', paste: 'Beillesztés', selectAll: 'Összes kijelölése',
    view: 'Nézet', reload: 'Újratöltés', devTools: 'Fejlesztői eszközök',
    resetZoom: 'Eredeti méret', zoomIn: 'Nagyítás', zoomOut: 'Kicsinyítés', fullScreen: 'Teljes képernyő',
    window: 'Ablak', minimize: 'Kis méret', zoom: 'Nagyítás/kicsinyítés', front: 'Az összes előtérbe',
    about: 'A Kartoteka névjegye', hide: 'Kartoteka elrejtése', hideOthers: 'A többi elrejtése', showAll: 'Az összes megjelenítése',
  },
  ru: {
    file: 'Файл', quit: 'Выход', close: 'Закрыть окно',
    edit: 'Правка', undo: 'Отменить', redo: 'Повторить', cut: 'Вырезать', copy: 'Копировать', paste: 'Вставить', selectAll: 'Выделить всё',
    view: 'Вид', reload: 'Перезагрузить', devTools: 'Инструменты разработчика',
    resetZoom: 'Исходный размер', zoomIn: 'Увеличить', zoomOut: 'Уменьшить', fullScreen: 'Во весь экран',
    window: 'Окно', minimize: 'Свернуть', zoom: 'Изменить масштаб', front: 'Все окна — на передний план',
    about: 'О программе Kartoteka', hide: 'Скрыть Kartoteka', hideOthers: 'Скрыть остальные', showAll: 'Показать все',
  },
};

/** `cs`, `cs-CZ`, `hu_HU`, `RU`… → one of the app's languages; anything else → English. */
export function menuLocale(locale: unknown): Locale {
  if (typeof locale !== 'string') return 'en';
  const lang = locale.trim().toLowerCase().split(/[-_.@]/, 1)[0] ?? '';
  return (LOCALES as readonly string[]).includes(lang) ? (lang as Locale) : 'en';
}

export function menuLabels(locale: unknown): MenuLabels {
  return MENU_LABELS[menuLocale(locale)];
}

/** The subset of Electron's MenuItemConstructorOptions this menu uses (structurally assignable). */
export type MenuRole =
  | 'quit' | 'close' | 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'selectAll'
  | 'reload' | 'toggleDevTools' | 'resetZoom' | 'zoomIn' | 'zoomOut' | 'togglefullscreen'
  | 'window' | 'minimize' | 'zoom' | 'front' | 'about' | 'hide' | 'hideOthers' | 'unhide';

export interface MenuItemSpec {
  label?: string;
  role?: MenuRole;
  type?: 'separator';
  submenu?: MenuItemSpec[];
}

export interface MenuOptions {
  /** process.platform: macOS gets its app menu and Window menu. */
  platform: string;
  /** Reload and developer tools only while developing (`!app.isPackaged`). */
  isDev: boolean;
}

/** The whole application menu for Menu.buildFromTemplate. */
export function menuTemplate(locale: unknown, { platform, isDev }: MenuOptions): MenuItemSpec[] {
  const l = menuLabels(locale);
  const mac = platform === 'darwin';
  const sep: MenuItemSpec = { type: 'separator' };
  const menu: MenuItemSpec[] = [];
  if (mac) {
    menu.push({
      label: 'Kartoteka',
      submenu: [
        { role: 'about', label: l.about }, sep,
        { role: 'hide', label: l.hide }, { role: 'hideOthers', label: l.hideOthers }, { role: 'unhide', label: l.showAll }, sep,
        { role: 'quit', label: l.quit },
      ],
    });
  }
  menu.push({ label: l.file, submenu: [mac ? { role: 'close', label: l.close } : { role: 'quit', label: l.quit }] });
  menu.push({
    label: l.edit,
    submenu: [
      { role: 'undo', label: l.undo }, { role: 'redo', label: l.redo }, sep,
      { role: 'cut', label: l.cut }, { role: 'copy', label: l.copy }, { role: 'paste', label: l.paste }, sep,
      { role: 'selectAll', label: l.selectAll },
    ],
  });
  menu.push({
    label: l.view,
    submenu: [
      ...(isDev ? [{ role: 'reload', label: l.reload }, { role: 'toggleDevTools', label: l.devTools }, sep] satisfies MenuItemSpec[] : []),
      { role: 'resetZoom', label: l.resetZoom }, { role: 'zoomIn', label: l.zoomIn }, { role: 'zoomOut', label: l.zoomOut }, sep,
      { role: 'togglefullscreen', label: l.fullScreen },
    ],
  });
  if (mac) {
    menu.push({
      role: 'window',
      label: l.window,
      submenu: [{ role: 'minimize', label: l.minimize }, { role: 'zoom', label: l.zoom }, sep, { role: 'front', label: l.front }],
    });
  }
  return menu;
}
