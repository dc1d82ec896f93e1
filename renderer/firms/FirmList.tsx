// The home screen: every firm, sorted by the core in the UI language, paged in lazily as the
// virtual list scrolls (100k firms stay smooth: only the visible pages are ever fetched).
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Button, Chip, Group, NativeSelect, Select, TextInput } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { Table } from '../../shared/contract.ts';
import type { FirmKind, FirmListRow, Locale } from '../../shared/types.ts';
import { FIRM_KINDS } from '../../shared/types.ts';
import { errorData, onChange, send, touches } from '../api.ts';
import { useApp, type ListFilters } from '../store.ts';
import { formatNumber } from '../ui/format.ts';
import { useRemote } from '../ui/useRemote.ts';
import { FirmForm } from './FirmForm.tsx';

const PAGE = 100;
const ROW_H = 32;
const MAX_PAGES = 200;
const SEARCH_DEBOUNCE_MS = 120;
const LIST_TABLES: readonly Table[] = ['firms', 'addresses', 'people', 'channels', 'users'];

export const KIND_COLORS: Record<FirmKind, string> = { customer: 'teal', prospect: 'blue', supplier: 'grape' };

// ---- the page cache (module-level so it survives a visit to a firm card) ------------------
interface Page { rows: FirmListRow[]; epoch: number }
interface Cache {
  sig: string;
  input: ListFilters & { locale: Locale };
  total: number | null;
  pages: Map<number, Page>;
  inflight: Map<number, number>;
  epoch: number;
}

let current: Cache | null = null;
let lastComplete: Cache | null = null;

function cacheFor(filters: ListFilters, locale: Locale): Cache {
  const input = { ...filters, locale };
  const sig = JSON.stringify(input);
  if (current?.sig !== sig) current = { sig, input, total: null, pages: new Map(), inflight: new Map(), epoch: 0 };
  return current;
}

function rowAt(cache: Cache, index: number): FirmListRow | undefined {
  return cache.pages.get(Math.floor(index / PAGE))?.rows[index % PAGE];
}

export function FirmList() {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const filters = useApp((s) => s.filters);
  const setFilters = useApp((s) => s.setFilters);
  const users = useApp((s) => s.users);
  const navigate = useApp((s) => s.navigate);
  const [, bump] = useState(0);
  const rerender = useCallback(() => bump((n) => n + 1), []);
  const [qInput, setQInput] = useState(filters.q);
  const [selected, setSelected] = useState(() => useApp.getState().listSelected);
  const [formOpen, setFormOpen] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  const cache = cacheFor(filters, locale);
  const display = cache.total !== null ? cache : (lastComplete ?? cache);
  const total = display.total ?? 0;

  // Debounced search-as-you-type.
  useEffect(() => {
    if (qInput === filters.q) return;
    const timer = setTimeout(() => { setFilters({ q: qInput }); setSelected(0); }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [qInput, filters.q, setFilters]);

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_H,
    overscan: 12,
    initialOffset: () => useApp.getState().listScroll,
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();

  // A new query starts at the top (but coming back from a card keeps the old position).
  const shownSig = useRef(cache.sig);
  useEffect(() => {
    if (shownSig.current === cache.sig) return;
    shownSig.current = cache.sig;
    virtualizer.scrollToOffset(0);
  }, [cache.sig, virtualizer]);
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  const load = useCallback((c: Cache, page: number) => {
    const have = c.pages.get(page);
    if (have && have.epoch === c.epoch) return;
    if (c.inflight.get(page) === c.epoch) return;
    const epoch = c.epoch;
    c.inflight.set(page, epoch);
    send('firms.list', { ...c.input, offset: page * PAGE, limit: PAGE }).then(
      (res) => {
        if (c.inflight.get(page) === epoch) c.inflight.delete(page);
        const prev = c.pages.get(page);
        if (!prev || prev.epoch <= epoch) c.pages.set(page, { rows: res.rows, epoch });
        c.total = res.total;
        if (current === c) { lastComplete = c; setFailed(null); rerender(); }
      },
      (e: unknown) => {
        if (c.inflight.get(page) === epoch) c.inflight.delete(page);
        if (current === c) setFailed(errorData(e).messageKey);
      },
    );
  }, [rerender]);

  // Fetch the pages the viewport shows (the first one for a fresh query).
  useEffect(() => {
    if (cache.total === null || cache.total === 0) { load(cache, 0); return; }
    const lo = Math.floor(first / PAGE);
    const hi = Math.floor(last / PAGE);
    for (let p = lo; p <= hi; p++) load(cache, p);
    // Keep memory bounded on a long scroll through 100k firms: drop pages far from the view.
    if (cache.pages.size > MAX_PAGES) for (const p of cache.pages.keys()) if (p < lo - MAX_PAGES / 2 || p > hi + MAX_PAGES / 2) cache.pages.delete(p);
  });

  // Writes elsewhere: what we hold is stale; re-read what is visible (old rows stay until then).
  useEffect(() => {
    const stale = () => {
      if (!current) return;
      current.epoch++;
      if (lastComplete && lastComplete !== current) lastComplete.epoch++;
      rerender();
    };
    if (current?.total !== null) stale(); // coming back from a card: revalidate quietly
    return onChange((e) => { if (touches(e, LIST_TABLES)) stale(); });
  }, [rerender]);

  // Remember where we were when leaving for a card.
  const selectedRef = useRef(selected);
  selectedRef.current = selected;
  useEffect(() => () => {
    useApp.getState().setListPosition(selectedRef.current, scrollRef.current?.scrollTop ?? 0);
  }, []);

  useEffect(() => { searchRef.current?.focus(); }, []);

  const clampSel = Math.min(selected, Math.max(0, total - 1));

  // Enter typed faster than the debounce (or the first page) opens the first match once it is in.
  const pendingOpen = useRef(false);
  useEffect(() => {
    if (!pendingOpen.current || cache.total === null || qInput !== filters.q) return;
    if (cache.total === 0) { pendingOpen.current = false; return; }
    const row = rowAt(cache, 0);
    if (!row) return;
    pendingOpen.current = false;
    navigate({ name: 'firm', id: row.id });
  });

  const open = (index: number) => {
    const row = rowAt(display, index);
    if (!row) return;
    setSelected(index);
    selectedRef.current = index;
    navigate({ name: 'firm', id: row.id });
  };

  const move = (to: number) => {
    if (total === 0) return;
    const next = Math.max(0, Math.min(total - 1, to));
    setSelected(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const onKeys = (e: KeyboardEvent<HTMLElement>, fromSearch: boolean) => {
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_H * 10) / ROW_H) - 1);
    switch (e.key) {
      case 'ArrowDown': e.preventDefault(); move(clampSel + 1); break;
      case 'ArrowUp': e.preventDefault(); move(clampSel - 1); break;
      case 'PageDown': e.preventDefault(); move(clampSel + pageRows); break;
      case 'PageUp': e.preventDefault(); move(clampSel - pageRows); break;
      case 'Home': if (!fromSearch) { e.preventDefault(); move(0); } break;
      case 'End': if (!fromSearch) { e.preventDefault(); move(total - 1); } break;
      case 'Enter':
        e.preventDefault();
        if (qInput !== filters.q) { setFilters({ q: qInput }); setSelected(0); pendingOpen.current = true; break; }
        if (cache.total === null) { pendingOpen.current = true; break; }
        open(clampSel);
        break;
      case 'Escape': if (fromSearch && qInput) { e.preventDefault(); setQInput(''); } break;
    }
  };

  const cities = useRemote('firms.cities', { locale }, ['addresses', 'firms']);
  const cityData = useMemo(() => {
    const list = cities.data ?? [];
    return filters.city && !list.includes(filters.city) ? [filters.city, ...list] : list;
  }, [cities.data, filters.city]);

  const filtered = filters.q.trim() !== '' || filters.kinds.length > 0 || filters.ownerId !== null || filters.city !== '';
  const activeRowId = rowAt(display, clampSel)?.id;

  return (
    <div className="page">
      <div className="toolbar">
        <TextInput
          ref={searchRef}
          data-testid="firm-search"
          aria-label={t('firms.search')}
          placeholder={t('firms.search_placeholder')}
          value={qInput}
          onChange={(e) => setQInput(e.currentTarget.value)}
          onKeyDown={(e) => onKeys(e, true)}
          leftSection={<span aria-hidden>⌕</span>}
          size="sm"
          style={{ flex: '1 1 200px', minWidth: 140, maxWidth: 440 }}
          aria-controls="firm-list"
          aria-activedescendant={activeRowId ? `firm-${activeRowId}` : undefined}
          spellCheck={false}
          autoComplete="off"
        />
        <Chip.Group multiple value={filters.kinds} onChange={(v) => { setFilters({ kinds: v.filter((k): k is FirmKind => (FIRM_KINDS as readonly string[]).includes(k)) }); setSelected(0); }}>
          <Group gap={4} data-testid="filter-kinds" wrap="nowrap">
            {FIRM_KINDS.map((k) => (
              <Chip key={k} value={k} size="xs" color={KIND_COLORS[k]} data-testid={`filter-kind-${k}`}>{t(`firm_kinds.${k}`)}</Chip>
            ))}
          </Group>
        </Chip.Group>
        <NativeSelect
          data-testid="filter-owner"
          aria-label={t('firms.owner')}
          size="sm"
          style={{ flex: '0 1 160px', minWidth: 110 }}
          value={filters.ownerId ?? ''}
          onChange={(e) => { setFilters({ ownerId: e.currentTarget.value || null }); setSelected(0); }}
          data={[{ value: '', label: t('firms.all_owners') }, ...users.map((u) => ({ value: u.id, label: u.name }))]}
        />
        <Select
          data-testid="filter-city"
          aria-label={t('firms.city')}
          placeholder={t('firms.all_cities')}
          size="sm"
          style={{ flex: '0 1 160px', minWidth: 110 }}
          searchable
          clearable
          limit={100}
          nothingFoundMessage={t('common.nothing_found')}
          data={cityData}
          value={filters.city || null}
          onChange={(v) => { setFilters({ city: v ?? '' }); setSelected(0); }}
        />
        <Button data-testid="new-firm" size="sm" ml="auto" style={{ flex: 'none' }} onClick={() => setFormOpen(true)}>
          + {t('firms.new')}
        </Button>
      </div>

      <div className="list-wrap">
        <div className="list-grid list-head" role="presentation">
          <span>{t('firms.name')}</span>
          <span>{t('firms.ico')}</span>
          <span>{t('firms.kinds')}</span>
          <span>{t('firms.city')}</span>
          <span>{t('firms.owner')}</span>
        </div>
        {failed ? (
          <div className="list-empty" role="alert">{t(failed)}</div>
        ) : display.total === 0 ? (
          <div className="list-empty" data-testid="firm-list-empty">{filtered ? t('firms.none_found') : t('firms.none_yet')}</div>
        ) : null}
        <div
          ref={scrollRef}
          id="firm-list"
          className="list-scroll"
          role="listbox"
          aria-label={t('nav.firms')}
          tabIndex={0}
          onKeyDown={(e) => onKeys(e, false)}
          style={{ display: failed || display.total === 0 ? 'none' : undefined }}
        >
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const row = rowAt(display, item.index);
              const isSel = item.index === clampSel;
              const style = { transform: `translateY(${item.start}px)`, top: 0 };
              if (!row) {
                return (
                  <div key={item.key} className="list-row list-grid" style={style} aria-hidden data-testid="firm-row-loading">
                    <div className="skeleton-bar" style={{ width: `${40 + ((item.index * 37) % 45)}%` }} />
                    <div className="skeleton-bar" style={{ width: '70%' }} />
                    <div className="skeleton-bar" style={{ width: '40%' }} />
                    <div className="skeleton-bar" style={{ width: '55%' }} />
                    <div className="skeleton-bar" style={{ width: '50%' }} />
                  </div>
                );
              }
              return (
                <div
                  key={item.key}
                  id={`firm-${row.id}`}
                  className="list-row list-grid"
                  style={style}
                  role="option"
                  aria-selected={isSel}
                  data-testid="firm-row"
                  data-firm-id={row.id}
                  aria-label={[row.name, row.ico, row.kinds.map((k) => t(`firm_kinds.${k}`)).join(', '), row.city, row.ownerName].filter(Boolean).join(' · ')}
                  onClick={() => open(item.index)}
                  onMouseDown={(e) => { if (e.detail > 1) e.preventDefault(); }}
                >
                  <span className="cell name" title={row.name}>{row.name}</span>
                  {/* The other columns are drawn from data attributes (CSS ::before), so a row's text is
                      exactly the firm's name — handy for tests and for type-ahead — while the
                      accessible label below still carries everything. */}
                  <span className="cell mono" data-text={row.ico ?? ''} />
                  <span className="cell kinds">
                    {row.kinds.map((k) => <span key={k} className={`kind-badge kind-${k}`} data-text={t(`firm_kinds.${k}`)} />)}
                  </span>
                  <span className="cell" data-text={row.city ?? ''} />
                  <span className="cell dim" data-text={row.ownerName ?? ''} />
                </div>
              );
            })}
          </div>
        </div>
        <div className="statusbar">
          <span data-testid="firm-count">
            {display.total === null ? '…' : filtered
              ? t('firms.count_found', { n: formatNumber(total, locale) })
              : t('firms.count_all', { n: formatNumber(total, locale) })}
          </span>
          <span className="dim">{t('firms.keys_hint')}</span>
        </div>
      </div>

      <FirmForm
        opened={formOpen}
        onClose={() => setFormOpen(false)}
        onSaved={(id) => { setFormOpen(false); navigate({ name: 'firm', id }); }}
      />
    </div>
  );
}
