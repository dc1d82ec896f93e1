// How the worker starts answering: the firm list is warmed (every firm sorted in the language
// the user chose in the app — seconds at 100k firms) right after the database opens, and the
// window's first request — the list's first page — is answered before that, from a bounded
// selection (firms/first-page.ts). Requests made while it warms wait for it (two requests
// building the list at once would each load and sort it); ones made before it starts run
// at once, and the warm-up waits for them.
import type { Core, DispatchResult } from '../dispatcher.ts';
import { contract } from '../../../shared/contract.ts';
import type { Locale } from '../../../shared/types.ts';
import { pickLocale } from '../../../shared/locale.ts';
import { loadUiLocale } from '../app/ui-locale.ts';
import { firstPage, fromFirstPage, keepFirstPage, type FirstPage } from '../firms/first-page.ts';

/** Rows of the first page kept: the window asks for 100 at a time. */
const FIRST_PAGE_ROWS = 200;
/** When no window asks for the first page, the list is warmed anyway after this long. */
const WARM_AFTER_MS = 1500;

export interface WarmStart {
  dispatch(channel: string, input: unknown): Promise<DispatchResult>;
  /** Settles when the list is warm (for tests and shutdown). */
  warmed(): Promise<void>;
  /** No warm-up starts any more; settles when the reads already running are done (before the
   * worker closes the database to replace the file). */
  stop(): Promise<void>;
}

export function warmStart(core: Core, opts: { systemLocale?: string; warmAfterMs?: number } = {}): WarmStart {
  const locale: Promise<Locale> = loadUiLocale(core.open.db).catch(() => null)
    .then((saved) => saved ?? pickLocale([opts.systemLocale ?? Intl.DateTimeFormat().resolvedOptions().locale]));
  // A failure here only means no early page: the warm list answers instead.
  const early: Promise<(FirstPage & { cached: boolean }) | null> = locale.then((l) => firstPage(core.open.db, l, FIRST_PAGE_ROWS)).catch(() => null);
  // A page worked out by the pass is kept for the next start — once the file has passed its
  // integrity check (nothing is written before that). A cache: failing to keep it is harmless.
  void early.then(async (page) => {
    if (!page || page.cached || core.open.readonly) return;
    await core.open.integrity;
    await keepFirstPage(core.open.db, page, Date.now());
  }).catch(() => {});
  let warm: Promise<void> | null = null;
  let done = false;
  let wrote = false;
  /** Requests let through before the warm-up started; it waits for them (one list load at a time). */
  const before = new Set<Promise<unknown>>();
  let stopped = false;
  const warmNow = (): Promise<void> => {
    if (stopped && !warm) return Promise.resolve();
    warm ??= Promise.allSettled([...before]).then(() => locale)
      .then((l) => core.dispatch('firms.list', { locale: l, limit: 1 }))
      .then(() => { done = true; }, () => { done = true; });
    return warm;
  };
  // Counted from when the first page is ready; warmNow is idempotent, so a late timer is harmless.
  void early.then(() => setTimeout(() => void warmNow(), opts.warmAfterMs ?? WARM_AFTER_MS).unref());

  return {
    async dispatch(channel, input) {
      if (!done) {
        if (channel === 'firms.list') {
          if (!warm && !wrote) {
            const page = await early;
            const parsed = contract['firms.list'].input.safeParse(input ?? {});
            const list = page && parsed.success ? fromFirstPage(page, parsed.data) : null;
            if (list) {
              // Warmed as soon as this answer is out.
              setImmediate(() => void warmNow());
              return { envelope: { ok: true, value: list }, changed: [] };
            }
          }
          await warmNow();
        } else if (warm) {
          await warm;
        } else {
          // The window's other first requests (app.info, users, code lists) do not wait for
          // the list, nor start warming it ahead of the first page.
          const result = core.dispatch(channel, input);
          // A write makes the first page, read at start, possibly wrong: from then on the warm list answers.
          void result.then((r) => { if (r.changed.length > 0) wrote = true; });
          before.add(result);
          void result.finally(() => before.delete(result));
          return result;
        }
      }
      return core.dispatch(channel, input);
    },
    warmed: warmNow,
    async stop() {
      stopped = true;
      await Promise.allSettled([early, warm, ...before]);
    },
  };
}
