// One sync at a time for this window, and automatic sync while a server is configured: every
// AUTO_MS, soon after this laptop's own edits, and when the browser says it is back online.
// A failure (offline, server down) only waits for the next round — the laptop keeps working —
// with the wait growing up to MAX_BACKOFF_MS so a laptop on a train does not spin.
import { create } from 'zustand';
import type { SyncNowResult, SyncStatus } from '../../shared/sync-status.ts';
import { errorData, onChange, send } from '../api.ts';
import type { AppErrorData } from '../../shared/errors.ts';

export const AUTO_MS = 60_000;
export const AFTER_EDIT_MS = 5_000;
export const MAX_BACKOFF_MS = 10 * 60_000;

/** The wait before the next automatic sync after `failures` failures in a row. */
export function nextDelay(failures: number, base = AUTO_MS): number {
  if (failures <= 0) return base;
  return Math.min(MAX_BACKOFF_MS, base * 2 ** Math.min(failures, 10));
}

interface SyncUi {
  status: SyncStatus | null;
  running: boolean;
  lastResult: SyncNowResult | null;
  lastFailure: AppErrorData | null;
  failures: number;
  refresh(): Promise<void>;
  syncNow(): Promise<SyncNowResult | null>;
}

export const useSync = create<SyncUi>((set, get) => ({
  status: null,
  running: false,
  lastResult: null,
  lastFailure: null,
  failures: 0,
  async refresh() {
    try { set({ status: await send('sync.status', {}) }); } catch { /* the status bar just stays as it was */ }
  },
  async syncNow() {
    if (get().running) return null;
    set({ running: true });
    try {
      const r = await send('sync.now', {});
      set({ lastResult: r, lastFailure: null, failures: 0 });
      return r;
    } catch (e) {
      set((s) => ({ lastFailure: errorData(e), failures: s.failures + 1 }));
      return null;
    } finally {
      set({ running: false });
      await get().refresh();
    }
  },
}));

/** Starts the automatic sync of this window; returns its stop. */
export function startAutoSync(): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  const schedule = (ms: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void round(), ms);
  };
  const round = async () => {
    const s = useSync.getState();
    await s.refresh();
    if (useSync.getState().status?.configured) await useSync.getState().syncNow();
    schedule(nextDelay(useSync.getState().failures));
  };
  void useSync.getState().refresh().then(() => schedule(useSync.getState().status?.configured ? 1500 : AUTO_MS));
  // This laptop's own edits: counted as waiting at once, sent a few seconds later.
  const off = onChange((e) => {
    if (e.tables.some((t) => t !== 'settings')) {
      void useSync.getState().refresh();
      if (useSync.getState().status?.configured && useSync.getState().failures === 0) schedule(AFTER_EDIT_MS);
    }
  });
  const online = () => schedule(500);
  if (typeof window !== 'undefined') window.addEventListener('online', online);
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    off();
    if (typeof window !== 'undefined') window.removeEventListener('online', online);
  };
}
