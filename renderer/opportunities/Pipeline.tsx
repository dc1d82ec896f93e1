// The pipeline: a board of the open stages (drag a card to another column to move it; onto Won
// or Lost to close it, which asks for the sale or the reason) and a list of all opportunities
// with filters, sorting and pages. Each card also has a "Move to stage…" menu, so everything
// the drag does can be done from the keyboard.
import { useEffect, useMemo, useState, type DragEvent, type KeyboardEvent, type MouseEvent } from 'react';
import { ActionIcon, Alert, Badge, Button, Center, Loader, Menu, NativeSelect, Pagination, Table, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { create } from 'zustand';
import type { Table as TableName } from '../../shared/contract.ts';
import type { Board, BoardCard, Currency, OpportunityRow, PipelineStage } from '../../shared/types.ts';
import { formatMoney, formatTotals } from '../../shared/money.ts';
import { errorData, send } from '../api.ts';
import { useApp } from '../store.ts';
import { formatDate, formatIsoDate, todayIso } from '../ui/card-format.ts';
import { formatNumber } from '../ui/format.ts';
import { translateError } from '../ui/forms.ts';
import { toast } from '../ui/toast.tsx';
import { useRemote } from '../ui/useRemote.ts';
import { stageName } from '../card/OpportunitiesTab.tsx';
import { defaultCurrency } from '../sales/view.ts';
import { DRAG_MIME, carriesCard, dropAction, encodeDrag, findCard, moveCard, parseDrag, pipelineColumns, type PipelineColumn } from './board.ts';
import { CloseDialog, type CloseOutcome } from './CloseDialog.tsx';
import { OpportunityDialog } from './OpportunityDialog.tsx';
import { orderStages } from './stages.ts';
import './opportunities.css';

type View = 'board' | 'list';
type State = 'open' | 'won' | 'lost' | 'all';
type Sort = 'closeDate' | 'amount' | 'updated' | 'firm';

/** The view and its filters outlive a visit to an opportunity. */
interface PipelineState {
  view: View; ownerId: string | null; stageId: string | null; state: State; q: string; sort: Sort; page: number;
  set(p: Partial<Omit<PipelineState, 'set'>>): void;
}
const usePipeline = create<PipelineState>()((set) => ({
  view: 'board', ownerId: null, stageId: null, state: 'open', q: '', sort: 'closeDate', page: 0,
  // Any other filter change starts again at the first page.
  set: (p) => set({ ...p, page: p.page ?? 0 }),
}));

const TABLES: readonly TableName[] = ['opportunities', 'opportunity_users', 'pipeline_stages', 'users', 'firms', 'sales', 'settings'];
const PAGE = 50;
/** The order each sort key lists in (the contract has no direction): soonest close date first,
 * largest amount first, most recently changed first, firms A–Z. */
const SORT_DIR: Record<Sort, 'ascending' | 'descending'> = { closeDate: 'ascending', amount: 'descending', updated: 'descending', firm: 'ascending' };

const percent = (lng: string, p: number) => new Intl.NumberFormat(lng === 'en' ? 'en-GB' : lng, { style: 'percent' }).format(p / 100);

export function Pipeline() {
  const { t } = useTranslation();
  const users = useApp((s) => s.users);
  const locale = useApp((s) => s.locale);
  const { view, ownerId, stageId, state, q, set } = usePipeline();
  const stages = useRemote('stages.list', {}, ['pipeline_stages']);
  const ordered = useMemo(() => orderStages(stages.data ?? []), [stages.data]);
  const [creating, setCreating] = useState(false);
  const [qInput, setQInput] = useState(q);
  useEffect(() => {
    if (qInput === q) return;
    const timer = setTimeout(() => set({ q: qInput }), 250);
    return () => clearTimeout(timer);
  }, [qInput]);

  const collator = useMemo(() => new Intl.Collator(locale), [locale]);
  const userOptions = [...users].sort((a, b) => collator.compare(a.name, b.name)).map((u) => ({ value: u.id, label: u.name }));

  const pickStage = (id: string | null) => {
    const s = ordered.find((x) => x.id === id);
    // A won or lost stage only has won or lost opportunities: the state follows the stage.
    if (!s) set({ stageId: null });
    else if (s.outcome !== 'open') set({ stageId: s.id, state: s.outcome });
    else set({ stageId: s.id, state: state === 'won' || state === 'lost' ? 'open' : state });
  };

  return (
    <div className="page" data-testid="pipeline">
      <div className="toolbar">
        <Title order={2} mr="md">{t('opportunities.pipeline.title')}</Title>
        <Button.Group>
          <Button size="xs" variant={view === 'board' ? 'filled' : 'default'} data-testid="pipeline-view-board" aria-pressed={view === 'board'}
            onClick={() => set({ view: 'board' })}>{t('opportunities.pipeline.board')}</Button>
          <Button size="xs" variant={view === 'list' ? 'filled' : 'default'} data-testid="pipeline-view-list" aria-pressed={view === 'list'}
            onClick={() => set({ view: 'list' })}>{t('opportunities.pipeline.list')}</Button>
        </Button.Group>
        <NativeSelect size="xs" data-testid="pipeline-filter-owner" aria-label={t('opportunities.fields.owner')} style={{ flex: '0 1 170px' }}
          value={ownerId ?? ''} onChange={(e) => set({ ownerId: e.currentTarget.value || null })}
          data={[{ value: '', label: t('opportunities.pipeline.all_owners') }, ...userOptions]} />
        {view === 'list' && (
          <>
            <TextInput size="xs" data-testid="pipeline-filter-q" aria-label={t('opportunities.pipeline.search')} style={{ flex: '0 1 190px' }}
              placeholder={t('opportunities.pipeline.search')} value={qInput} onChange={(e) => setQInput(e.currentTarget.value)} />
            <NativeSelect size="xs" data-testid="pipeline-filter-stage" aria-label={t('opportunities.fields.stage')} style={{ flex: '0 1 150px' }}
              value={stageId ?? ''} onChange={(e) => pickStage(e.currentTarget.value || null)}
              data={[{ value: '', label: t('opportunities.pipeline.all_stages') }, ...ordered.map((s) => ({ value: s.id, label: stageName(t, s) }))]} />
            <NativeSelect size="xs" data-testid="pipeline-filter-state" aria-label={t('opportunities.pipeline.state')} style={{ flex: '0 1 120px' }}
              value={state} onChange={(e) => set({ state: e.currentTarget.value as State })}
              data={(['open', 'won', 'lost', 'all'] as const).map((s) => ({ value: s, label: t(`opportunities.pipeline.states.${s}`) }))} />
          </>
        )}
        <Button ml="auto" size="xs" data-testid="pipeline-new" onClick={() => setCreating(true)}>+ {t('opportunities.pipeline.new')}</Button>
      </div>
      {view === 'board'
        ? <BoardView ownerId={ownerId} stages={stages.data} onShowAll={(s) => { set({ view: 'list', stageId: s.id, state: 'open' }); }} />
        : <ListView stages={ordered} />}
      <OpportunityDialog opened={creating} onClose={() => setCreating(false)}
        onSaved={() => { setCreating(false); toast(t('opportunities.pipeline.created')); }} />
    </div>
  );
}

// ---- board ------------------------------------------------------------------------------------

interface Closing { row: OpportunityRow; outcome: CloseOutcome; stageId: string | null }

function BoardView({ ownerId, stages, onShowAll }: { ownerId: string | null; stages: PipelineStage[] | undefined; onShowAll(s: PipelineStage): void }) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const board = useRemote('opportunities.board', { ownerId, cardsPerColumn: 50 }, TABLES);
  // The board after our own move, until the core's answer (or its change event) brings the real one.
  const [local, setLocal] = useState<Board | null>(null);
  useEffect(() => { setLocal(null); }, [board.data]);
  const shown = local ?? board.data;
  const columns = useMemo(() => (shown ? pipelineColumns(shown, stages ?? []) : []), [shown, stages]);
  const ordered = useMemo(() => orderStages(stages ?? columns.map((c) => c.stage)), [stages, columns]);
  const [dragging, setDragging] = useState<string | null>(null);
  const [over, setOver] = useState<string | null>(null);
  const [closing, setClosing] = useState<Closing | null>(null);
  const fallback: Currency = defaultCurrency([], locale);

  const act = async (row: OpportunityRow, stage: PipelineStage) => {
    const a = dropAction(row, stage);
    if (a.kind === 'none') return;
    if (a.kind === 'close') { setClosing({ row, outcome: a.outcome, stageId: a.stageId }); return; }
    if (shown) setLocal(moveCard(shown, row.id, a.stageId, stage.probability));
    try {
      await send('opportunities.move', { id: row.id, stageId: a.stageId });
      toast(t('opportunities.pipeline.moved', { title: row.title, stage: stageName(t, stage) }));
    } catch (e) {
      setLocal(null);
      board.reload();
      toast(translateError(t, errorData(e)) ?? '', 'red');
    }
  };

  const onDrop = (e: DragEvent, col: PipelineColumn) => {
    if (!carriesCard(e.dataTransfer.types)) return;
    e.preventDefault();
    setOver(null);
    setDragging(null);
    const payload = parseDrag(e.dataTransfer.getData(DRAG_MIME));
    const row = payload && shown ? findCard(shown, payload.id) : undefined;
    if (row) void act(row, col.stage);
  };

  const renderColumn = (col: PipelineColumn) => {
    const outcome = col.stage.outcome;
    return (
      <section key={col.stage.id} data-testid="pipeline-column" data-stage-id={col.stage.id} data-stage-code={col.stage.code ?? ''}
        data-outcome={outcome} aria-label={stageName(t, col.stage)}
        className={`pipe-col${col.closing ? ` closing ${outcome}` : ''}${over === col.stage.id ? ' drop-ok' : ''}`}
        onDragOver={(e) => {
          if (!carriesCard(e.dataTransfer.types)) return;
          e.preventDefault();
          e.dataTransfer.dropEffect = 'move';
          if (over !== col.stage.id) setOver(col.stage.id);
        }}
        onDragLeave={(e) => {
          const next = e.relatedTarget as Node | null;
          if (!next || !e.currentTarget.contains(next)) setOver((o) => (o === col.stage.id ? null : o));
        }}
        onDrop={(e) => onDrop(e, col)}>
        <div className="pipe-col-head">
          <div className="pipe-col-name">
            <span data-testid="pipeline-column-name">{stageName(t, col.stage)}</span>
            {!col.closing && <Badge size="sm" variant="light" color="gray" data-testid="pipeline-column-count">{formatNumber(col.count, locale)}</Badge>}
          </div>
          {!col.closing ? (
            <>
              <div className="pipe-col-money" data-testid="pipeline-column-total" title={t('opportunities.pipeline.total')}>
                {formatTotals(col.totals, locale, fallback)}
              </div>
              <div className="pipe-col-money" title={t('opportunities.pipeline.weighted_hint')}>
                <span className="dim">{t('opportunities.pipeline.weighted')}: </span>
                <span data-testid="pipeline-column-weighted">{formatTotals(col.weighted, locale, fallback)}</span>
              </div>
              {col.converted && (
                <div className="pipe-col-money dim" data-testid="pipeline-column-converted"
                  title={t('rates.converted_hint', { date: board.data?.rates?.asOf ? formatIsoDate(board.data.rates.asOf, locale) : '—' })}>
                  {t('rates.converted_total', { total: formatMoney(col.converted.total, locale), weighted: formatMoney(col.converted.weighted, locale) })}
                </div>
              )}
            </>
          ) : (
            <Text size="xs" c="dimmed">{t('opportunities.pipeline.probability_short', { value: percent(locale, col.stage.probability) })}</Text>
          )}
        </div>
        <div className="pipe-col-body">
          {col.closing ? (
            <div className="pipe-drop-hint">{t(outcome === 'won' ? 'opportunities.pipeline.drop_won' : 'opportunities.pipeline.drop_lost')}</div>
          ) : col.cards.length === 0 ? (
            <div className="pipe-drop-hint">{t('opportunities.pipeline.empty_column')}</div>
          ) : col.cards.map((card) => (
            <Card key={card.id} card={card} stages={ordered} dragging={dragging === card.id}
              onDragStart={() => setDragging(card.id)} onMove={(s) => void act(card, s)} />
          ))}
          {!col.closing && col.count > col.cards.length && (
            <Button variant="subtle" size="compact-xs" data-testid="pipeline-column-more" onClick={() => onShowAll(col.stage)}>
              {t('opportunities.pipeline.show_all', { n: formatNumber(col.count, locale) })}
            </Button>
          )}
        </div>
      </section>
    );
  };

  if (board.error && !board.data) return <div className="page-scroll"><Alert color="red" maw={520}>{translateError(t, board.error)}</Alert></div>;
  if (!shown) return <Center p="lg"><Loader size="sm" /></Center>;

  return (
    <div className="pipe-board" data-testid="pipeline-board" onDragEnd={() => { setDragging(null); setOver(null); }}>
      <div className="pipe-open">{columns.filter((c) => !c.closing).map(renderColumn)}</div>
      <div className="pipe-rail">{columns.filter((c) => c.closing).map(renderColumn)}</div>
      <CloseDialog opened={closing !== null} opportunity={closing?.row ?? null} outcome={closing?.outcome ?? 'won'}
        onClose={() => setClosing(null)}
        onClosed={(res) => {
          const target = closing;
          setClosing(null);
          if (target?.stageId && shown) setLocal(moveCard(shown, res.id, target.stageId));
          toast(t(res.outcome === 'won' ? 'opportunities.close.done_won' : 'opportunities.close.done_lost', { title: target?.row.title ?? '' }));
        }} />
    </div>
  );
}

function Card({ card, stages, dragging, onDragStart, onMove }: {
  card: BoardCard; stages: PipelineStage[]; dragging: boolean; onDragStart(): void; onMove(s: PipelineStage): void;
}) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const navigate = useApp((s) => s.navigate);
  const open = () => navigate({ name: 'opportunity', id: card.id });
  const late = card.closeDate !== null && card.closeDate < todayIso();
  const stop = (e: MouseEvent | KeyboardEvent) => e.stopPropagation();
  return (
    <div className={`pipe-card${dragging ? ' dragging' : ''}`} data-testid="pipeline-card" data-id={card.id} draggable tabIndex={0}
      role="button" aria-roledescription={t('opportunities.pipeline.card_role')}
      onDragStart={(e) => {
        e.dataTransfer.setData(DRAG_MIME, encodeDrag({ id: card.id, stageId: card.stageId }));
        e.dataTransfer.effectAllowed = 'move';
        onDragStart();
      }}
      onClick={open}
      onKeyDown={(e) => { if (e.target === e.currentTarget && e.key === 'Enter') { e.preventDefault(); open(); } }}>
      <div className="pipe-card-top">
        <span className="pipe-card-title" data-testid="pipeline-card-title">{card.title}</span>
        <Menu position="bottom-end" withinPortal shadow="md">
          <Menu.Target>
            <ActionIcon size="sm" variant="subtle" color="gray" data-testid="pipeline-card-move" aria-label={t('opportunities.pipeline.move_to')}
              title={t('opportunities.pipeline.move_to')} onClick={stop} onKeyDown={stop}>⋯</ActionIcon>
          </Menu.Target>
          <Menu.Dropdown onClick={stop} onKeyDown={stop}>
            <Menu.Label>{t('opportunities.pipeline.move_to')}</Menu.Label>
            {stages.map((s) => (
              <Menu.Item key={s.id} data-testid="pipeline-card-move-to" data-stage-id={s.id} data-stage-code={s.code ?? ''}
                disabled={s.id === card.stageId} color={s.outcome === 'won' ? 'teal' : undefined}
                onClick={() => onMove(s)}>
                {s.outcome === 'open' ? stageName(t, s) : t(`opportunities.pipeline.close_as_${s.outcome}`, { stage: stageName(t, s) })}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      </div>
      <div className="pipe-card-firm" data-testid="pipeline-card-firm" title={card.firmName}>{card.firmName}</div>
      <div className="pipe-card-figures">
        <span data-testid="pipeline-card-amount" style={{ fontWeight: 600 }}>{formatMoney({ amount: card.amount, currency: card.currency }, locale)}</span>
        <span data-testid="pipeline-card-probability">{percent(locale, card.probability)}</span>
      </div>
      {card.converted && (
        <div className="pipe-card-meta dim" data-testid="pipeline-card-converted" title={t('rates.converted_card_hint')}>
          ≈ {formatMoney(card.converted, locale)}
        </div>
      )}
      <div className="pipe-card-meta">
        <span className={late ? 'pipe-card-late' : undefined} data-testid="pipeline-card-close"
          title={card.closeDate ? t('opportunities.fields.close_date') : undefined}>
          {card.closeDate ? formatIsoDate(card.closeDate, locale) : ''}
        </span>
        <span data-testid="pipeline-card-owner">
          {card.via === 'co_seller' && (
            <Badge size="xs" variant="light" color="grape" mr={4} style={{ textTransform: 'none' }} data-testid="pipeline-card-co-seller"
              title={t('opportunities.pipeline.co_seller_hint')}>{t('opportunities.pipeline.co_seller')}</Badge>
          )}
          {card.ownerName}
        </span>
      </div>
    </div>
  );
}

// ---- list -------------------------------------------------------------------------------------

const OUTCOME_COLORS = { open: 'blue', won: 'teal', lost: 'gray' } as const;

function ListView({ stages }: { stages: PipelineStage[] }) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const navigate = useApp((s) => s.navigate);
  const { ownerId, stageId, state, q, sort, page, set } = usePipeline();
  const list = useRemote('opportunities.list', { ownerId, stageId, state, q, sort, locale, offset: page * PAGE, limit: PAGE }, TABLES);
  const byId = useMemo(() => new Map(stages.map((s) => [s.id, s])), [stages]);
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE)) : 1;

  const head = (key: Sort, label: string, end = false) => (
    <button type="button" className={`sort-head${sort === key ? ' sorted' : ''}${end ? ' end' : ''}`} data-testid={`pipeline-sort-${key}`}
      aria-sort={sort === key ? SORT_DIR[key] : undefined} title={t('opportunities.pipeline.sort_by', { column: label })}
      onClick={() => set({ sort: key })}>
      <span className="sort-label">{label}</span>
      <span aria-hidden className="sort-arrow">{sort === key ? (SORT_DIR[key] === 'ascending' ? '▲' : '▼') : ''}</span>
    </button>
  );

  return (
    <div className="page-scroll">
      {list.error && !list.data ? <Alert color="red" maw={520}>{translateError(t, list.error)}</Alert>
        : !list.data ? <Center p="lg"><Loader size="sm" /></Center> : (
          <>
            <Text size="sm" c="dimmed" mb="xs" data-testid="pipeline-list-count">{t('opportunities.pipeline.count', { n: formatNumber(list.data.total, locale) })}</Text>
            {list.data.rows.length === 0 ? <Text c="dimmed" size="sm" ta="center" p="xl" data-testid="pipeline-list-empty">{t('opportunities.pipeline.none')}</Text> : (
              <div className="panel table-panel">
                <Table highlightOnHover verticalSpacing={4} fz="sm" className="click-table opp-table" data-testid="pipeline-list">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('opportunities.fields.title')}</Table.Th>
                      <Table.Th>{head('firm', t('opportunities.fields.firm'))}</Table.Th>
                      <Table.Th>{t('opportunities.fields.stage')}</Table.Th>
                      <Table.Th className="num">{head('amount', t('opportunities.fields.amount'), true)}</Table.Th>
                      <Table.Th className="num">{t('opportunities.fields.probability')}</Table.Th>
                      <Table.Th className="num">{t('opportunities.pipeline.weighted')}</Table.Th>
                      <Table.Th>{head('closeDate', t('opportunities.fields.close_date'))}</Table.Th>
                      <Table.Th>{t('opportunities.fields.owner')}</Table.Th>
                      <Table.Th>{head('updated', t('opportunities.pipeline.updated'))}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {list.data.rows.map((r) => {
                      const open = () => navigate({ name: 'opportunity', id: r.id });
                      const late = r.outcome === 'open' && r.closeDate !== null && r.closeDate < todayIso();
                      return (
                        <Table.Tr key={r.id} data-testid="pipeline-row" data-id={r.id} data-outcome={r.outcome} tabIndex={0} onClick={open}
                          onKeyDown={(e) => { if (e.key === 'Enter') open(); }}>
                          <Table.Td fw={600}>{r.title}</Table.Td>
                          <Table.Td>{r.firmName}</Table.Td>
                          <Table.Td>
                            <Badge size="sm" variant={r.outcome === 'open' ? 'light' : 'filled'} color={OUTCOME_COLORS[r.outcome]} style={{ textTransform: 'none' }}>
                              {stageName(t, byId.get(r.stageId))}
                            </Badge>
                          </Table.Td>
                          <Table.Td className="num">{formatMoney({ amount: r.amount, currency: r.currency }, locale)}</Table.Td>
                          <Table.Td className="num">{percent(locale, r.probability)}</Table.Td>
                          <Table.Td className="num">{formatMoney({ amount: r.weighted, currency: r.currency }, locale)}</Table.Td>
                          <Table.Td className={late ? 'pipe-card-late' : undefined}>
                            {r.outcome !== 'open' && r.closedAt !== null ? formatDate(r.closedAt, locale) : r.closeDate ? formatIsoDate(r.closeDate, locale) : ''}
                          </Table.Td>
                          <Table.Td>{r.ownerName}</Table.Td>
                          <Table.Td className="dim">{formatDate(r.updatedAt, locale)}</Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </div>
            )}
            {pages > 1 && (
              <Pagination mt="sm" size="sm" data-testid="pipeline-pages" total={pages} value={page + 1} onChange={(p) => set({ page: p - 1 })} />
            )}
          </>
        )}
    </div>
  );
}
