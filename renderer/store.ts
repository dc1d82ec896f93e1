// App-wide state: where we are (hash route), who we are, the code lists, the UI language and
// the firm list's filters (kept here so they survive a visit to a firm card).
import { create } from 'zustand';
import type { FieldFilter } from '../shared/contract.ts';
import type { Code, CodeListName, FirmKind, Locale, User } from '../shared/types.ts';
import { errorData, onChange, send, touches } from './api.ts';
import { initialLocale, setLocale, storedLocale } from './i18n/index.ts';

export type Route =
  | { name: 'firms' }
  | { name: 'agenda' }
  | { name: 'leads' }
  | { name: 'segments' }
  | { name: 'duplicates' }
  | { name: 'incomplete' }
  | { name: 'settings' }
  | { name: 'pipeline' }
  | { name: 'neglected' }
  | { name: 'sales-import' }
  | { name: 'mailing' }
  | { name: 'printing' }
  | { name: 'trash' }
  | { name: 'firm'; id: string }
  | { name: 'segment'; id: string }
  | { name: 'opportunity'; id: string };

const SIMPLE_ROUTES = ['firms', 'agenda', 'leads', 'segments', 'duplicates', 'incomplete', 'settings', 'pipeline', 'neglected', 'sales-import', 'mailing', 'printing', 'trash'] as const;
const ID_ROUTES = ['firm', 'segment', 'opportunity'] as const;

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const [head, arg] = parts;
  if (arg && (ID_ROUTES as readonly string[]).includes(head ?? '')) {
    return { name: head as (typeof ID_ROUTES)[number], id: decodeURIComponent(arg) };
  }
  if ((SIMPLE_ROUTES as readonly string[]).includes(head ?? '')) return { name: head as (typeof SIMPLE_ROUTES)[number] };
  return { name: 'firms' };
}

export function routeHash(r: Route): string {
  return 'id' in r ? `#/${r.name}/${encodeURIComponent(r.id)}` : `#/${r.name}`;
}

export interface ListSort {
  by: 'name' | 'city' | 'field';
  fieldId?: string;
  dir: 'asc' | 'desc';
}

export interface ListFilters {
  q: string;
  kinds: FirmKind[];
  ownerId: string | null;
  city: string;
  /** Member of every one of these segments, groups and tags. */
  segmentIds: string[];
  /** Conditions on user-defined firm fields (all must hold). */
  fieldFilters: FieldFilter[];
  /** User fields shown as extra columns. */
  fieldColumns: string[];
  sort: ListSort;
}

export const EMPTY_FILTERS: ListFilters = {
  q: '', kinds: [], ownerId: null, city: '', segmentIds: [], fieldFilters: [], fieldColumns: [], sort: { by: 'name', dir: 'asc' },
};

interface AppState {
  route: Route;
  locale: Locale;
  users: User[];
  codes: Code[];
  localUserId: string | null;
  /** First start: ask the local user for their name and e-mail (app.info says when). */
  askProfile: boolean;
  loaded: boolean;
  loadError: string | null;
  filters: ListFilters;
  listSelected: number;
  listScroll: number;
  navigate(r: Route): void;
  setLocale(l: Locale): void;
  setFilters(f: Partial<ListFilters>): void;
  setListPosition(selected: number, scroll: number): void;
  loadRefs(): Promise<void>;
}

export const useApp = create<AppState>()((set, get) => ({
  route: typeof window !== 'undefined' ? parseRoute(window.location.hash) : { name: 'firms' },
  locale: initialLocale(),
  users: [],
  codes: [],
  localUserId: null,
  askProfile: false,
  loaded: false,
  loadError: null,
  filters: EMPTY_FILTERS,
  listSelected: 0,
  listScroll: 0,
  navigate(r) {
    const hash = routeHash(r);
    if (window.location.hash !== hash) window.location.hash = hash;
    set({ route: r });
  },
  setLocale(l) {
    setLocale(l);
    set({ locale: l });
    // Also into the database: the CLI exports and prints in it, the worker sorts the list for it.
    send('app.setLocale', { locale: l }).catch(() => { /* the UI keeps working in it anyway */ });
  },
  setFilters(f) {
    set({ filters: { ...get().filters, ...f }, listSelected: 0, listScroll: 0 });
  },
  setListPosition(listSelected, listScroll) {
    set({ listSelected, listScroll });
  },
  async loadRefs() {
    try {
      const [users, codes, info] = await Promise.all([send('users.list', {}), send('codes.list', {}), send('app.info', {})]);
      set({
        users, codes, localUserId: info.localUserId ?? users.find((u) => u.isLocal)?.id ?? null, askProfile: info.askProfile,
        loaded: true, loadError: null,
      });
      // The database remembers the language across browsers and ports (the browser host's
      // origin, and so its localStorage, changes with each start); a choice this browser
      // remembers but the database does not (made before it was saved there) is saved now.
      const stored = storedLocale();
      if (!stored && info.uiLocale && info.uiLocale !== get().locale) { setLocale(info.uiLocale); set({ locale: info.uiLocale }); }
      else if (stored && info.uiLocale !== stored) send('app.setLocale', { locale: stored }).catch(() => {});
    } catch (e) {
      set({ loaded: true, loadError: errorData(e).messageKey });
    }
  },
}));

/** Keeps the route in step with the address bar and the reference data with the core. */
export function startAppSync(): () => void {
  const onHash = () => useApp.setState({ route: parseRoute(window.location.hash) });
  window.addEventListener('hashchange', onHash);
  const off = onChange((e) => {
    if (touches(e, ['users', 'codes'])) void useApp.getState().loadRefs();
  });
  void useApp.getState().loadRefs();
  return () => { window.removeEventListener('hashchange', onHash); off(); };
}

// ---- selectors --------------------------------------------------------------------------------
export function useCodes(list: CodeListName): Code[] {
  const codes = useApp((s) => s.codes);
  return codes.filter((c) => c.list === list);
}

export function localUser(s: Pick<AppState, 'users' | 'localUserId'>): User | undefined {
  return s.users.find((u) => u.id === s.localUserId) ?? s.users.find((u) => u.isLocal);
}
