// The home screen: every firm, sorted by the core in the UI language, paged in lazily as the
// virtual list scrolls (100k firms stay smooth: only the visible pages are ever fetched).
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Button, Checkbox, Chip, CloseButton, Group, MultiSelect, NativeSelect, NumberInput, Pill, Popover, Select, Stack, TextInput } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { FieldFilter, Table } from '../../shared/contract.ts';
import type { FieldDef, FirmKind, FirmListRow, Locale, SearchMatch } from '../../shared/types.ts';
import { FIRM_KINDS } from '../../shared/types.ts';
import { errorData, onChange, send, touches } from '../api.ts';
import { EMPTY_FILTERS, useApp, type ListFilters, type ListSort } from '../store.ts';
import { formatNumber } from '../ui/format.ts';
import { useRemote } from '../ui/useRemote.ts';
import { foldFilter, segmentGroups } from '../segments/common.tsx';
import { formatFieldValue } from '../settings/fieldFormat.ts';
import { FirmForm } from './FirmForm.tsx';
import { ImportWizard } from '../import/ImportWizard.tsx';

const PAGE = 100;
const ROW_H = 32;
const MAX_PAGES = 200;
const SEARCH_DEBOUNCE_MS = 120;
const LIST_TABLES: readonly Table[] = ['firms', 'addresses', 'people', 'channels', 'users', 'segment_members', 'field_values', 'field_options', 'field_defs'];
const BASE_COLUMNS = 'minmax(200px, 3fr) 90px minmax(140px, 1.3fr) minmax(110px, 1.2fr) minmax(110px, 1.2fr)';
const FIELD_COLUMN = 'minmax(90px, 1fr)';

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
  const [importOpen, setImportOpen] = useState(false);
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

  const fieldDefs = useRemote('fields.list', { entity: 'firm' }, ['field_defs', 'field_options']);
  const segments = useRemote('segments.list', {}, ['segments', 'segment_members']);

  // A field or segment deleted since the filters were set would make the core refuse the
  // whole query: forget the conditions, columns and sort that name it.
  useEffect(() => {
    if (!fieldDefs.data || !segments.data) return;
    const pruned = pruneFilters(filters, new Set(fieldDefs.data.map((f) => f.id)), new Set(segments.data.map((x) => x.id)));
    if (pruned) setFilters(pruned);
  }, [fieldDefs.data, segments.data, filters, setFilters]);

  const columns = useMemo(() => {
    const byId = new Map((fieldDefs.data ?? []).map((f) => [f.id, f]));
    return filters.fieldColumns.map((id) => byId.get(id)).filter((f): f is FieldDef => f !== undefined);
  }, [fieldDefs.data, filters.fieldColumns]);
  const gridStyle = columns.length ? { gridTemplateColumns: `${BASE_COLUMNS} ${columns.map(() => FIELD_COLUMN).join(' ')}` } : undefined;

  const filtered = isFiltered(filters);
  const activeRowId = rowAt(display, clampSel)?.id;

  const sortBy = (next: Omit<ListSort, 'dir'>) => {
    const same = filters.sort.by === next.by && (next.by !== 'field' || filters.sort.fieldId === next.fieldId);
    setFilters({ sort: { ...next, dir: same && filters.sort.dir === 'asc' ? 'desc' : 'asc' } });
    setSelected(0);
  };
  // A search in the name's ascending order lists by relevance (the core's ranks), not by name:
  // the name header says so instead of claiming "▲".
  const byRelevance = filters.q.trim() !== '' && filters.sort.by === 'name' && filters.sort.dir === 'asc';
  const sortState = (by: ListSort['by'], fieldId?: string): 'ascending' | 'descending' | undefined =>
    byRelevance ? undefined
      : filters.sort.by === by && (by !== 'field' || filters.sort.fieldId === fieldId) ? (filters.sort.dir === 'asc' ? 'ascending' : 'descending') : undefined;

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
        <Button data-testid="import-open" size="sm" variant="default" ml="auto" style={{ flex: 'none' }} onClick={() => setImportOpen(true)}>
          {t('import.open')}
        </Button>
        <Button data-testid="new-firm" size="sm" style={{ flex: 'none' }} onClick={() => setFormOpen(true)}>
          + {t('firms.new')}
        </Button>
      </div>
      <FilterBar
        filters={filters}
        setFilters={(f) => { setFilters(f); setSelected(0); }}
        fields={fieldDefs.data ?? []}
        segmentData={segmentGroups(t, segments.data ?? [])}
        onClear={() => { setQInput(''); setFilters({ ...EMPTY_FILTERS, fieldColumns: filters.fieldColumns, sort: filters.sort }); setSelected(0); }}
      />

      <div className="list-wrap">
        <div className="list-grid list-head" role="presentation" style={gridStyle}>
          <SortHeader label={byRelevance ? `${t('firms.name')} · ${t('screens.firm_filters.by_relevance')}` : t('firms.name')} testid="col-header-name"
            state={sortState('name')} onClick={() => sortBy({ by: 'name' })} />
          <span>{t('firms.ico')}</span>
          <span>{t('firms.kinds')}</span>
          <SortHeader label={t('firms.city')} testid="col-header-city" state={sortState('city')} onClick={() => sortBy({ by: 'city' })} />
          <span>{t('firms.owner')}</span>
          {columns.map((f) => (
            <SortHeader key={f.id} label={f.label} testid={`col-header-${f.id}`} state={sortState('field', f.id)} end={f.type === 'number'}
              onClick={() => sortBy({ by: 'field', fieldId: f.id })} />
          ))}
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
              const style = { transform: `translateY(${item.start}px)`, top: 0, ...gridStyle };
              if (!row) {
                return (
                  <div key={item.key} className="list-row list-grid" style={style} aria-hidden data-testid="firm-row-loading">
                    <div className="skeleton-bar" style={{ width: `${40 + ((item.index * 37) % 45)}%` }} />
                    <div className="skeleton-bar" style={{ width: '70%' }} />
                    <div className="skeleton-bar" style={{ width: '40%' }} />
                    <div className="skeleton-bar" style={{ width: '55%' }} />
                    <div className="skeleton-bar" style={{ width: '50%' }} />
                    {columns.map((f) => <div key={f.id} className="skeleton-bar" style={{ width: '45%' }} />)}
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
                  aria-label={[row.name, row.match ? matchText(t, row.match) : null, row.ico, row.kinds.map((k) => t(`firm_kinds.${k}`)).join(', '), row.city, row.ownerName,
                    ...columns.map((f) => formatFieldValue(f, row.fields?.[f.id] ?? null, locale))].filter(Boolean).join(' · ')}
                  onClick={() => open(item.index)}
                  onMouseDown={(e) => { if (e.detail > 1) e.preventDefault(); }}
                >
                  <span className="cell name" title={row.name}>
                    {row.name}
                    {/* Why a search found this firm when not by its name: drawn from data-text too, so
                        the row's text stays the name alone. */}
                    {row.match && <span className="match-why" data-testid="firm-row-match" data-match-kind={row.match.kind}
                      title={t('firms.match_hint')} data-text={matchText(t, row.match)} />}
                  </span>
                  {/* The other columns are drawn from data attributes (CSS ::before), so a row's text is
                      exactly the firm's name — handy for tests and for type-ahead — while the
                      accessible label below still carries everything. */}
                  <span className="cell mono" data-text={row.ico ?? ''} />
                  <span className="cell kinds">
                    {row.kinds.map((k) => <span key={k} className={`kind-badge kind-${k}`} data-text={t(`firm_kinds.${k}`)} />)}
                  </span>
                  <span className="cell" data-text={row.city ?? ''} />
                  <span className="cell dim" data-text={row.ownerName ?? ''} />
                  {columns.map((f) => (
                    <span key={f.id} className={`cell${f.type === 'number' ? ' num' : ''}`} data-testid="firm-field-cell"
                      data-text={formatFieldValue(f, row.fields?.[f.id] ?? null, locale)} />
                  ))}
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
      <ImportWizard opened={importOpen} onClose={() => setImportOpen(false)} />
    </div>
  );
}

// ---- filters beyond the search box ----------------------------------------------------------
export function isFiltered(f: ListFilters): boolean {
  return f.q.trim() !== '' || f.kinds.length > 0 || f.ownerId !== null || f.city !== '' || f.segmentIds.length > 0 || f.fieldFilters.length > 0;
}

/** The filters without what names a field or segment that no longer exists; null if nothing changes. */
export function pruneFilters(f: ListFilters, fieldIds: ReadonlySet<string>, segmentIds: ReadonlySet<string>): Partial<ListFilters> | null {
  const out: Partial<ListFilters> = {};
  const segs = f.segmentIds.filter((id) => segmentIds.has(id));
  if (segs.length !== f.segmentIds.length) out.segmentIds = segs;
  const conds = f.fieldFilters.filter((c) => fieldIds.has(c.fieldId));
  if (conds.length !== f.fieldFilters.length) out.fieldFilters = conds;
  const cols = f.fieldColumns.filter((id) => fieldIds.has(id));
  if (cols.length !== f.fieldColumns.length) out.fieldColumns = cols;
  if (f.sort.by === 'field' && !fieldIds.has(f.sort.fieldId ?? '')) out.sort = { by: 'name', dir: 'asc' };
  return Object.keys(out).length ? out : null;
}

function SortHeader({ label, testid, state, onClick, end }: {
  label: string; testid: string; state: 'ascending' | 'descending' | undefined; onClick(): void;
  /** Right-aligned, over a column of numbers. */
  end?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <button type="button" className={`sort-head${state ? ' sorted' : ''}${end ? ' end' : ''}`} data-testid={testid} aria-sort={state}
      title={t('screens.firm_filters.sort_by', { column: label })} onClick={onClick}>
      <span className="sort-label">{label}</span>
      <span aria-hidden className="sort-arrow">{state === 'ascending' ? '▲' : state === 'descending' ? '▼' : ''}</span>
    </button>
  );
}

type Op = FieldFilter['op'];

/** Which conditions make sense for a field: ranges only on numbers and dates. */
export function opsFor(f: FieldDef): Op[] {
  return f.type === 'text' ? ['eq', 'empty', 'not_empty'] : ['eq', 'range', 'empty', 'not_empty'];
}

/** "Region = Morava", "Employees: 10 – 50", "Founded ≥ 1. 1. 2020", "Region: empty". */
export function describeCondition(t: TFunction, c: FieldFilter, f: FieldDef | undefined, locale: Locale): string {
  const field = f?.label ?? '?';
  const show = (v: string | number | null | undefined) => {
    if (v === null || v === undefined || v === '') return '';
    if (f?.options) return f.options.find((o) => o.id === v)?.label ?? String(v);
    return f ? formatFieldValue(f, v, locale) : String(v);
  };
  switch (c.op) {
    case 'eq': return t('screens.firm_filters.cond_eq', { field, value: show(c.value) });
    case 'empty': return t('screens.firm_filters.cond_empty', { field });
    case 'not_empty': return t('screens.firm_filters.cond_not_empty', { field });
    case 'range': {
      const min = show(c.min);
      const max = show(c.max);
      if (min && max) return t('screens.firm_filters.cond_range', { field, min, max });
      return min ? t('screens.firm_filters.cond_min', { field, min }) : t('screens.firm_filters.cond_max', { field, max });
    }
  }
}

function FilterBar({ filters, setFilters, fields, segmentData, onClear }: {
  filters: ListFilters;
  setFilters(f: Partial<ListFilters>): void;
  fields: FieldDef[];
  segmentData: ReturnType<typeof segmentGroups>;
  onClear(): void;
}) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const byId = useMemo(() => new Map(fields.map((f) => [f.id, f])), [fields]);
  const removeCondition = (i: number) => setFilters({ fieldFilters: filters.fieldFilters.filter((_, j) => j !== i) });
  const active = isFiltered(filters);
  // Beside the conditions when there are some, else at the end of the first row.
  const clear = (
    <Button variant="subtle" size="compact-xs" color="gray" data-testid="filter-clear" onClick={onClear} style={{ flex: 'none' }}>
      ✕ {t('screens.firm_filters.clear')}
    </Button>
  );
  return (
    <div className="filter-bar" data-testid="filter-bar">
      <div className="filter-row">
        <MultiSelect
          data-testid="filter-segments"
          aria-label={t('screens.firm_filters.segments')}
          placeholder={filters.segmentIds.length ? undefined : t('screens.firm_filters.segments')}
          size="xs"
          style={{ flex: '1 1 240px', maxWidth: 460, minWidth: 180 }}
          data={segmentData}
          value={filters.segmentIds}
          onChange={(v) => setFilters({ segmentIds: v })}
          searchable
          clearable
          filter={foldFilter}
          selectFirstOptionOnChange
          nothingFoundMessage={t('screens.firm_filters.no_segments')}
          maxValues={20}
        />
        {fields.length > 0 && <ConditionBuilder fields={fields} onAdd={(c) => setFilters({ fieldFilters: [...filters.fieldFilters, c] })}
          full={filters.fieldFilters.length >= 10} />}
        {active && filters.fieldFilters.length === 0 && clear}
        {fields.length > 0 && (
          <ColumnPicker
            fields={fields}
            value={filters.fieldColumns}
            onChange={(cols) => {
              // Sorting by a column that is no longer shown would be invisible: back to names.
              const sortGone = filters.sort.by === 'field' && !cols.includes(filters.sort.fieldId ?? '');
              setFilters(sortGone ? { fieldColumns: cols, sort: { by: 'name', dir: 'asc' } } : { fieldColumns: cols });
            }}
          />
        )}
      </div>
      {filters.fieldFilters.length > 0 && (
        <div className="filter-row">
          {filters.fieldFilters.length > 0 && (
            <Pill.Group data-testid="filter-conditions">
              {filters.fieldFilters.map((c, i) => (
                <Pill key={i} withRemoveButton onRemove={() => removeCondition(i)} data-testid="filter-condition"
                  removeButtonProps={{ 'aria-label': t('common.remove') }}>
                  {describeCondition(t, c, byId.get(c.fieldId), locale)}
                </Pill>
              ))}
            </Pill.Group>
          )}
          {clear}
        </div>
      )}
    </div>
  );
}

/** Which user fields show as extra columns: a short button, the choice in a popover. */
function ColumnPicker({ fields, value, onChange }: { fields: FieldDef[]; value: string[]; onChange(v: string[]): void }) {
  const { t } = useTranslation();
  const toggle = (id: string, on: boolean) => onChange(on ? [...value, id] : value.filter((x) => x !== id));
  return (
    <Popover position="bottom-end" shadow="md" withinPortal>
      <Popover.Target>
        <Button variant="default" size="xs" ml="auto" data-testid="column-picker" style={{ flex: 'none' }}>
          ▦ {t('screens.firm_filters.columns')}{value.length ? ` (${value.length})` : ''}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap={6} maw={280}>
          {fields.map((f) => (
            <Checkbox key={f.id} label={f.label} checked={value.includes(f.id)} data-testid={`column-option-${f.id}`}
              disabled={!value.includes(f.id) && value.length >= 20}
              onChange={(e) => toggle(f.id, e.currentTarget.checked)} />
          ))}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

/** Pick a field, a condition and its value(s), then add it to the list's filters. */
export function ConditionBuilder({ fields, onAdd, full }: { fields: FieldDef[]; onAdd(c: FieldFilter): void; full: boolean }) {
  const { t } = useTranslation();
  const [fieldId, setFieldId] = useState('');
  const [op, setOp] = useState<Op>('eq');
  const [value, setValue] = useState<string | number>('');
  const [max, setMax] = useState<string | number>('');
  const locale = useApp((s) => s.locale);
  const field = fields.find((f) => f.id === fieldId);
  const ops = field ? opsFor(field) : [];

  const pickField = (id: string) => {
    setFieldId(id);
    setValue('');
    setMax('');
    const f = fields.find((x) => x.id === id);
    if (f && !opsFor(f).includes(op)) setOp('eq');
  };

  const blank = (v: string | number) => v === '' || (typeof v === 'string' && v.trim() === '');
  const condition = (): FieldFilter | null => {
    if (!field) return null;
    const num = (v: string | number) => (typeof v === 'number' ? v : Number(v.replace(',', '.')));
    const cast = (v: string | number) => (field.type === 'number' ? num(v) : String(v).trim());
    switch (op) {
      case 'empty': case 'not_empty': return { fieldId, op };
      case 'eq': return blank(value) ? null : { fieldId, op, value: cast(value) };
      case 'range': return blank(value) && blank(max) ? null : { fieldId, op, min: blank(value) ? null : cast(value), max: blank(max) ? null : cast(max) };
    }
  };
  const ready = condition();
  const add = () => {
    const c = condition();
    if (!c || full) return;
    onAdd(c);
    setValue('');
    setMax('');
  };
  const onEnter = (e: KeyboardEvent<HTMLElement>) => { if (e.key === 'Enter') { e.preventDefault(); add(); } };

  const valueInput = (v: string | number, set: (v: string | number) => void, testid: string, label: string) => {
    if (!field) return null;
    if (field.options) {
      return (
        <NativeSelect data-testid={testid} aria-label={label} size="xs" style={{ flex: '0 1 150px' }} value={String(v)}
          onChange={(e) => set(e.currentTarget.value)}
          data={[{ value: '', label: '—' }, ...field.options.map((o) => ({ value: o.id, label: o.label }))]} />
      );
    }
    if (field.type === 'number') {
      return (
        <NumberInput data-testid={testid} aria-label={label} placeholder={label} size="xs" style={{ flex: '0 1 110px' }} value={v}
          onChange={set} onKeyDown={onEnter} hideControls decimalSeparator={locale === 'en' ? '.' : ','} />
      );
    }
    return (
      <TextInput data-testid={testid} aria-label={label} placeholder={label} size="xs" style={{ flex: field.type === 'date' ? '0 1 140px' : '0 1 150px' }}
        type={field.type === 'date' ? 'date' : 'text'} value={String(v)} onChange={(e) => set(e.currentTarget.value)} onKeyDown={onEnter} />
    );
  };

  return (
    <Group gap={4} wrap="nowrap" data-testid="filter-field-builder" className="cond-builder">
      <NativeSelect
        data-testid="filter-field"
        aria-label={t('screens.firm_filters.field')}
        size="xs"
        style={{ flex: '0 1 160px' }}
        value={fieldId}
        onChange={(e) => pickField(e.currentTarget.value)}
        data={[{ value: '', label: t('screens.firm_filters.field_pick') }, ...fields.map((f) => ({ value: f.id, label: f.label }))]}
      />
      {field && (
        <>
          <NativeSelect
            data-testid="filter-field-op"
            aria-label={t('screens.firm_filters.op')}
            size="xs"
            style={{ flex: '0 1 130px' }}
            value={op}
            onChange={(e) => setOp(e.currentTarget.value as Op)}
            data={ops.map((o) => ({ value: o, label: t(`screens.firm_filters.op_${o}`) }))}
          />
          {op === 'eq' && valueInput(value, setValue, 'filter-field-value', t('screens.firm_filters.value'))}
          {op === 'range' && (
            <>
              {valueInput(value, setValue, 'filter-field-value', t('screens.firm_filters.from'))}
              <span className="dim" aria-hidden>–</span>
              {valueInput(max, setMax, 'filter-field-value-max', t('screens.firm_filters.to'))}
            </>
          )}
          <Button size="xs" variant="light" style={{ flex: 'none' }} data-testid="filter-field-apply" disabled={!ready || full} onClick={add}
            title={full ? t('screens.firm_filters.full') : undefined}>
            {t('screens.firm_filters.apply')}
          </Button>
          <CloseButton size="sm" aria-label={t('common.cancel')} onClick={() => pickField('')} />
        </>
      )}
    </Group>
  );
}

/** A search hit's reason as its row shows it: "osoba: Pavel Dvořák", "Praha", the e-mail, phone or id. */
function matchText(t: TFunction, m: SearchMatch): string {
  return m.kind === 'person' ? t('firms.match_person', { name: m.text }) : m.text;
}
