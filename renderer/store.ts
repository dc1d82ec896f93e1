// App-wide state: where we are (hash route), who we are, the code lists, the UI language and
// the firm list's filters (kept here so they survive a visit to a firm card).
import { create } from 'zustand';
import type { Code, CodeListName, FirmKind, Locale, User } from '../shared/types.ts';
import { errorData, onChange, send, touches } from './api.ts';
import { initialLocale, setLocale } from './i18n/index.ts';

export type Route =
  | { name: 'firms' }
  | { name: 'agenda' }
  | { name: 'firm'; id: string };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  if (parts[0] === 'agenda') return { name: 'agenda' };
  if (parts[0] === 'firm' && parts[1]) return { name: 'firm', id: decodeURIComponent(parts[1]) };
  return { name: 'firms' };
}

export function routeHash(r: Route): string {
  return r.name === 'firm' ? `#/firm/${encodeURIComponent(r.id)}` : `#/${r.name}`;
}

export interface ListFilters {
  q: string;
  kinds: FirmKind[];
  ownerId: string | null;
  city: string;
}

interface AppState {
  route: Route;
  locale: Locale;
  users: User[];
  codes: Code[];
  localUserId: string | null;
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
  loaded: false,
  loadError: null,
  filters: { q: '', kinds: [], ownerId: null, city: '' },
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
      set({ users, codes, localUserId: info.localUserId ?? users.find((u) => u.isLocal)?.id ?? null, loaded: true, loadError: null });
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
