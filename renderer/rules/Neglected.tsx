// Neglected clients per salesperson (past a contact-frequency rule) and firms gone quiet (no
// contact at all since a date). The core lists and limits; the columns sort here, names by the
// UI language's collation. A firm in two ruled segments past both rules shows once per rule.
import { useMemo, type ReactNode } from 'react';
import { Alert, Badge, Button, Center, Loader, NativeSelect, SegmentedControl, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { create } from 'zustand';
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { startOfDay } from 'date-fns/startOfDay';
import { subDays } from 'date-fns/subDays';
import type { Table as DbTable } from '../../shared/contract.ts';
import type { ContactRule, NeglectedFirm, QuietFirm } from '../../shared/types.ts';
import { SEGMENT_KINDS } from '../../shared/types.ts';
import { localUser, useApp } from '../store.ts';
import { codeById, codeLabel, formatNumber, toDateInput } from '../ui/format.ts';
import { translateError, validate } from '../ui/forms.ts';
import { useRemote } from '../ui/useRemote.ts';
import { formatShortDate } from '../settings/fieldFormat.ts';

const NEGLECTED_LIMIT = 2000;
const QUIET_PRESETS = ['90', '180', '365'] as const;
const TABLES: readonly DbTable[] = ['contacts', 'firms', 'segments', 'segment_members', 'contact_rules', 'users'];

type NeglectedSort = 'firm' | 'owner' | 'rule' | 'days' | 'last' | 'overdue';
type QuietSort = 'firm' | 'owner' | 'last';
interface SortState<K> { by: K; dir: 1 | -1 }

interface ViewState {
  tab: 'rules' | 'quiet';
  /** 'mine', 'all', or a colleague's user id. */
  scope: string;
  ruleId: string;
  sort: SortState<NeglectedSort>;
  /** A preset number of days, or 'custom' (then `since`, a YYYY-MM-DD date). */
  period: string;
  since: string;
  segmentId: string;
  quietSort: SortState<QuietSort> | null;
  set(p: Partial<Omit<ViewState, 'set'>>): void;
}

/** Kept outside the view so the choices survive a visit to a firm card. */
const useView = create<ViewState>()((set) => ({
  tab: 'rules', scope: 'mine', ruleId: '', sort: { by: 'overdue', dir: -1 },
  period: '90', since: '', segmentId: '', quietSort: null,
  set: (p) => set(p),
}));

/** The first click on a column sorts it its natural way (numbers and dates: largest / oldest
 * first where that is what one looks for), the next click reverses it. */
function nextSort<K extends string>(cur: SortState<K> | null, by: K, first: 1 | -1): SortState<K> {
  return cur && cur.by === by ? { by, dir: cur.dir === 1 ? -1 : 1 } : { by, dir: first };
}

function SortHead<K extends string>({ k, label, sort, onSort, end, first = 1 }: {
  k: K; label: string; sort: SortState<K> | null; onSort(s: SortState<K>): void; end?: boolean; first?: 1 | -1;
}) {
  const { t } = useTranslation();
  const state = sort?.by === k ? (sort.dir === 1 ? 'ascending' : 'descending') : undefined;
  return (
    <button type="button" className={`sort-head${state ? ' sorted' : ''}${end ? ' end' : ''}`} data-testid={`neglected-sort-${k}`}
      aria-sort={state} title={t('rules.neglected.sort_by', { column: label })} onClick={() => onSort(nextSort(sort, k, first))}>
      <span className="sort-label">{label}</span>
      <span aria-hidden className="sort-arrow">{state === 'ascending' ? '▲' : state === 'descending' ? '▼' : ''}</span>
    </button>
  );
}

export function Neglected() {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const users = useApp((s) => s.users);
  const me = useApp(localUser);
  const view = useView();
  const colleagues = useMemo(() => {
    const collator = new Intl.Collator(locale);
    return users.filter((u) => u.id !== me?.id).sort((a, b) => collator.compare(a.name, b.name));
  }, [users, me?.id, locale]);
  // A colleague no longer in the list falls back to my own clients.
  const scope = view.scope === 'mine' || view.scope === 'all' || colleagues.some((u) => u.id === view.scope) ? view.scope : 'mine';
  const ownerId = scope === 'all' ? null : scope === 'mine' ? (me?.id ?? null) : scope;
  const ready = scope === 'all' || ownerId !== null;

  return (
    <div className="page">
      <div className="toolbar" style={{ alignItems: 'center' }}>
        <Title order={2} mr="md">{t('selling.nav.neglected')}</Title>
        <Text size="sm" c="dimmed" visibleFrom="md">{t('rules.neglected.intro')}</Text>
        <NativeSelect
          data-testid="neglected-owner"
          aria-label={t('rules.neglected.whose')}
          size="xs"
          ml="auto"
          style={{ minWidth: 200 }}
          value={scope}
          onChange={(e) => view.set({ scope: e.currentTarget.value })}
          data={[
            { value: 'mine', label: t('rules.neglected.mine') },
            { value: 'all', label: t('rules.neglected.all') },
            ...(colleagues.length ? [{ group: t('rules.neglected.colleague'), items: colleagues.map((u) => ({ value: u.id, label: u.name })) }] : []),
          ]}
        />
      </div>
      <Tabs value={view.tab} onChange={(v) => { if (v === 'rules' || v === 'quiet') view.set({ tab: v }); }} keepMounted={false}
        style={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 }}>
        <Tabs.List px="md">
          <Tabs.Tab value="rules" data-testid="neglected-tab-rules">{t('rules.neglected.tab_rules')}</Tabs.Tab>
          <Tabs.Tab value="quiet" data-testid="neglected-tab-quiet">{t('rules.neglected.tab_quiet')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="rules" style={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 }}>
          {ready ? <RulesTab ownerId={ownerId} /> : <Center p="lg"><Loader size="sm" /></Center>}
        </Tabs.Panel>
        <Tabs.Panel value="quiet" style={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 }}>
          {ready ? <QuietTab ownerId={ownerId} /> : <Center p="lg"><Loader size="sm" /></Center>}
        </Tabs.Panel>
      </Tabs>
    </div>
  );
}

function RulesTab({ ownerId }: { ownerId: string | null }) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const codes = useApp((s) => s.codes);
  const navigate = useApp((s) => s.navigate);
  const { ruleId: wantedRule, sort, set } = useView();
  const rules = useRemote('rules.list', {}, ['contact_rules', 'segments', 'segment_members', 'firms']);
  const ruleById = useMemo(() => new Map((rules.data ?? []).map((r) => [r.id, r])), [rules.data]);
  // A rule deleted meanwhile falls back to every rule.
  const ruleId = wantedRule && (!rules.data || ruleById.has(wantedRule)) ? wantedRule : '';
  const list = useRemote('rules.neglected', { ownerId, ruleId: ruleId || null, limit: NEGLECTED_LIMIT }, TABLES);

  const rows = useMemo(() => sortNeglected(list.data ?? [], sort, new Intl.Collator(locale, { sensitivity: 'base', numeric: true })),
    [list.data, sort, locale]);
  const kindsOf = (rule: ContactRule | undefined) => !rule ? ''
    : rule.kindIds.length === 0 ? t('rules.settings.any_kind')
      : rule.kindIds.map((id) => codeLabel(t, codeById(codes, id))).filter(Boolean).join(', ');

  const onSort = (s: SortState<NeglectedSort>) => set({ sort: s });
  let body: ReactNode;
  if ((list.error && !list.data) || (rules.error && !rules.data)) body = <Alert color="red" maw={520}>{translateError(t, list.error ?? rules.error)}</Alert>;
  else if (!list.data || !rules.data) body = <Center p="lg"><Loader size="sm" /></Center>;
  else if (rules.data.length === 0) {
    body = (
      <div style={{ maxWidth: 520, margin: '24px auto', textAlign: 'center' }} data-testid="neglected-no-rules">
        <Text size="sm" c="dimmed" mb="sm">{t('rules.neglected.no_rules')}</Text>
        <Button size="xs" data-testid="neglected-to-settings" onClick={() => navigate({ name: 'settings' })}>{t('rules.neglected.to_settings')}</Button>
      </div>
    );
  } else if (rows.length === 0) body = <Text c="dimmed" size="sm" ta="center" p="xl" data-testid="neglected-empty">{t('rules.neglected.empty')}</Text>;
  else {
    body = (
      <div className="panel table-panel">
        <Table highlightOnHover verticalSpacing={4} fz="sm" className="click-table" data-testid="neglected-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th><SortHead k="firm" label={t('rules.neglected.firm')} sort={sort} onSort={onSort} /></Table.Th>
              <Table.Th><SortHead k="owner" label={t('rules.neglected.owner')} sort={sort} onSort={onSort} /></Table.Th>
              <Table.Th><SortHead k="rule" label={t('rules.neglected.rule_col')} sort={sort} onSort={onSort} /></Table.Th>
              <Table.Th w={110}><SortHead k="days" label={t('rules.neglected.days')} sort={sort} onSort={onSort} end /></Table.Th>
              <Table.Th w={140}><SortHead k="last" label={t('rules.neglected.last')} sort={sort} onSort={onSort} first={1} /></Table.Th>
              <Table.Th w={130}><SortHead k="overdue" label={t('rules.neglected.overdue')} sort={sort} onSort={onSort} end first={-1} /></Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={`${r.firmId}:${r.ruleId}`} data-testid="neglected-row" data-firm-id={r.firmId} data-rule-id={r.ruleId} tabIndex={0}
                onClick={() => navigate({ name: 'firm', id: r.firmId })}
                onKeyDown={(e) => { if (e.key === 'Enter') navigate({ name: 'firm', id: r.firmId }); }}>
                <Table.Td fw={600} data-testid="neglected-firm">{r.firmName}</Table.Td>
                <Table.Td>{r.ownerName ?? <span className="dim">—</span>}</Table.Td>
                <Table.Td>
                  {r.segmentName}
                  <Text span size="xs" c="dimmed" ml={6}>{kindsOf(ruleById.get(r.ruleId))}</Text>
                </Table.Td>
                <Table.Td ta="right" className="nowrap" style={{ fontVariantNumeric: 'tabular-nums' }}>{formatNumber(r.days, locale)}</Table.Td>
                <Table.Td className="nowrap" data-testid="neglected-last">
                  {r.lastContactAt === null ? <span className="dim">{t('rules.neglected.never')}</span> : formatShortDate(r.lastContactAt, locale)}
                </Table.Td>
                <Table.Td ta="right" className="nowrap" data-testid="neglected-overdue" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  <Badge variant="light" color={r.overdueDays >= r.days ? 'red' : 'orange'}>{formatNumber(r.overdueDays, locale)}</Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
    );
  }

  return (
    <>
      <div className="toolbar" style={{ alignItems: 'center' }}>
        <NativeSelect
          data-testid="neglected-rule"
          aria-label={t('rules.neglected.rule')}
          size="xs"
          style={{ minWidth: 240 }}
          value={ruleId}
          onChange={(e) => set({ ruleId: e.currentTarget.value })}
          data={[
            { value: '', label: t('rules.neglected.all_rules') },
            ...(rules.data ?? []).map((r) => ({ value: r.id, label: `${r.segmentName} · ${t('rules.settings.limit', { n: r.days })}` })),
          ]}
        />
      </div>
      <div className="page-scroll">{body}</div>
      <div className="statusbar">
        <span data-testid="neglected-count">{list.data ? t('rules.neglected.count', { n: formatNumber(rows.length, locale) }) : '…'}</span>
        {list.data && list.data.length >= NEGLECTED_LIMIT && <span className="dim">{t('rules.neglected.truncated', { count: NEGLECTED_LIMIT, n: formatNumber(NEGLECTED_LIMIT, locale) })}</span>}
        <span className="dim">{t('rules.neglected.hint')}</span>
      </div>
    </>
  );
}

function sortNeglected(rows: NeglectedFirm[], sort: SortState<NeglectedSort>, collator: Intl.Collator): NeglectedFirm[] {
  const text = (a: string | null, b: string | null) => (a === null ? (b === null ? 0 : 1) : b === null ? -1 : collator.compare(a, b));
  const cmp = (a: NeglectedFirm, b: NeglectedFirm): number => {
    switch (sort.by) {
      case 'firm': return collator.compare(a.firmName, b.firmName);
      case 'owner': return text(a.ownerName, b.ownerName);
      case 'rule': return collator.compare(a.segmentName, b.segmentName) || a.days - b.days;
      case 'days': return a.days - b.days;
      // Never contacted is the oldest "last contact".
      case 'last': return (a.lastContactAt ?? -1) - (b.lastContactAt ?? -1);
      case 'overdue': return a.overdueDays - b.overdueDays;
    }
  };
  // Ties keep the core's order (most overdue first): Array.prototype.sort is stable.
  return [...rows].sort((a, b) => sort.dir * cmp(a, b));
}

function QuietTab({ ownerId }: { ownerId: string | null }) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const navigate = useApp((s) => s.navigate);
  const { period, since, segmentId: wantedSegment, quietSort, set } = useView();
  const segments = useRemote('segments.list', {}, ['segments']);
  const segmentId = wantedSegment && (!segments.data || segments.data.some((s) => s.id === wantedSegment)) ? wantedSegment : '';

  // Presets count days back from today; a date counts the calendar days since it.
  const today = startOfDay(Date.now());
  const days = period === 'custom'
    ? (/^\d{4}-\d{2}-\d{2}$/.test(since) ? differenceInCalendarDays(today, new Date(`${since}T00:00:00`)) : NaN)
    : Number(period);
  const input = { days, ownerId, segmentId: segmentId || null, limit: NEGLECTED_LIMIT };
  // A date in the future or beyond the contract's range: said in terms of the date picked.
  const invalid = Number.isNaN(days) ? { code: 'validation' as const, messageKey: 'errors.date' }
    : validate('firms.quiet', input).days ? { code: 'validation' as const, messageKey: period === 'custom' ? 'errors.quiet_since' : 'errors.rule_days' }
      : undefined;
  const list = useRemote('firms.quiet', invalid ? null : input, TABLES);
  const sinceDate = Number.isFinite(days) ? subDays(today, days).getTime() : null;

  const rows = useMemo(() => {
    const data = list.data ?? [];
    if (!quietSort) return data;
    const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
    const text = (a: string | null, b: string | null) => (a === null ? (b === null ? 0 : 1) : b === null ? -1 : collator.compare(a, b));
    const cmp = (a: QuietFirm, b: QuietFirm) => quietSort.by === 'firm' ? collator.compare(a.firmName, b.firmName)
      : quietSort.by === 'owner' ? text(a.ownerName, b.ownerName) : (a.lastContactAt ?? -1) - (b.lastContactAt ?? -1);
    return [...data].sort((a, b) => quietSort.dir * cmp(a, b));
  }, [list.data, quietSort, locale]);
  // The core's order is "never contacted first, then the longest silent": the last-contact column ascending.
  const shownSort: SortState<QuietSort> = quietSort ?? { by: 'last', dir: 1 };
  const onSort = (s: SortState<QuietSort>) => set({ quietSort: s });

  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  const segmentOptions = (segments.data ?? []).slice().sort((a, b) => collator.compare(a.name, b.name));

  return (
    <>
      <div className="toolbar" style={{ alignItems: 'flex-end', gap: 12, flexWrap: 'wrap' }}>
        <SegmentedControl
          data-testid="neglected-quiet-days"
          aria-label={t('rules.quiet.period')}
          size="xs"
          value={period}
          onChange={(v) => set({ period: v, since: v === 'custom' && !since ? toDateInput(subDays(today, 90).getTime()) : since })}
          data={[
            ...QUIET_PRESETS.map((d) => ({ value: d, label: t(`rules.quiet.days_${d}`) })),
            { value: 'custom', label: t('rules.quiet.custom') },
          ]}
        />
        {period === 'custom' && (
          <TextInput type="date" size="xs" label={t('rules.quiet.date')} data-testid="neglected-quiet-date" value={since}
            max={toDateInput(Date.now())} error={translateError(t, invalid)} onChange={(e) => set({ since: e.currentTarget.value })} />
        )}
        <NativeSelect
          data-testid="neglected-quiet-segment"
          aria-label={t('rules.quiet.segment')}
          size="xs"
          style={{ minWidth: 200 }}
          value={segmentId}
          onChange={(e) => set({ segmentId: e.currentTarget.value })}
          data={[
            { value: '', label: t('rules.quiet.all_segments') },
            ...SEGMENT_KINDS.map((k) => ({
              group: t(`screens.segment_kinds_plural.${k}`),
              items: segmentOptions.filter((s) => s.kind === k).map((s) => ({ value: s.id, label: s.name })),
            })).filter((g) => g.items.length > 0),
          ]}
        />
        {sinceDate !== null && !invalid && (
          <Title order={4} fw={600} data-testid="neglected-quiet-since">{t('rules.quiet.since', { date: formatShortDate(sinceDate, locale) })}</Title>
        )}
      </div>
      <div className="page-scroll">
        {invalid ? null
          : list.error && !list.data ? <Alert color="red" maw={520}>{translateError(t, list.error)}</Alert>
            : !list.data ? <Center p="lg"><Loader size="sm" /></Center>
              : rows.length === 0 ? <Text c="dimmed" size="sm" ta="center" p="xl" data-testid="neglected-quiet-empty">{t('rules.quiet.empty')}</Text>
                : (
                  <div className="panel table-panel">
                    <Table highlightOnHover verticalSpacing={4} fz="sm" className="click-table" data-testid="neglected-quiet-table">
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th><SortHead k="firm" label={t('rules.neglected.firm')} sort={shownSort} onSort={onSort} /></Table.Th>
                          <Table.Th><SortHead k="owner" label={t('rules.neglected.owner')} sort={shownSort} onSort={onSort} /></Table.Th>
                          <Table.Th w={160}><SortHead k="last" label={t('rules.neglected.last')} sort={shownSort} onSort={onSort} /></Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {rows.map((r) => (
                          <Table.Tr key={r.firmId} data-testid="neglected-quiet-row" data-firm-id={r.firmId} tabIndex={0}
                            onClick={() => navigate({ name: 'firm', id: r.firmId })}
                            onKeyDown={(e) => { if (e.key === 'Enter') navigate({ name: 'firm', id: r.firmId }); }}>
                            <Table.Td fw={600}>{r.firmName}</Table.Td>
                            <Table.Td>{r.ownerName ?? <span className="dim">—</span>}</Table.Td>
                            <Table.Td className="nowrap">
                              {r.lastContactAt === null ? <span className="dim">{t('rules.neglected.never')}</span> : formatShortDate(r.lastContactAt, locale)}
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </div>
                )}
      </div>
      <div className="statusbar">
        <span data-testid="neglected-quiet-count">{list.data && !invalid ? t('rules.neglected.count', { n: formatNumber(rows.length, locale) }) : '…'}</span>
        {list.data && !invalid && list.data.length >= NEGLECTED_LIMIT && <span className="dim">{t('rules.quiet.truncated', { count: NEGLECTED_LIMIT, n: formatNumber(NEGLECTED_LIMIT, locale) })}</span>}
        <span className="dim">{t('rules.neglected.hint')}</span>
      </div>
    </>
  );
}
