// The calendar: day / week / month of planned contacts, contacts done in the period and tasks
// due in it — mine or a colleague's (standing in for someone on leave). Drag an item onto another
// day to move it (a contact keeps its time of day), or use its menu ("Move to…"); a planned
// contact's "Done…" logs the result and plans the next contact in one step.
import { useMemo, useState, type DragEvent } from 'react';
import {
  ActionIcon, Alert, Button, Checkbox, Group, Loader, Menu, NativeSelect, SegmentedControl, Text, Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { format } from 'date-fns/format';
import { create } from 'zustand';
import type { AgendaItem, Contact } from '../../shared/types.ts';
import { errorData, send } from '../api.ts';
import { dateLocale } from '../i18n/index.ts';
import { localUser, useApp } from '../store.ts';
import { codeById, codeLabel, formatDateTime, formatDay, formatTime } from '../ui/format.ts';
import { translateError } from '../ui/forms.ts';
import { toast } from '../ui/toast.tsx';
import { useRemote } from '../ui/useRemote.ts';
import {
  AGENDA_VIEWS, groupByDay, isOverdue, isoDate, moveToDay, parseIsoDate, shiftAnchor, viewRange, weeks,
  type AgendaView, type WeekStart,
} from './calendar.ts';
import { CompleteDialog } from './CompleteDialog.tsx';
import { MoveDialog } from './MoveDialog.tsx';
import { BellIcon } from '../reminders/BellIcon.tsx';
import './agenda.css';

/** What the calendar shows; kept outside the view so it survives a visit to a firm card. */
const useCalendar = create<{ view: AgendaView; anchor: string; scope: string; set(p: Partial<{ view: AgendaView; anchor: string; scope: string }>): void }>()((set) => ({
  view: 'week',
  anchor: isoDate(Date.now()),
  /** 'mine' or a colleague's user id. */
  scope: 'mine',
  set: (p) => set(p),
}));

/** A month cell shows this many items, then "+N more" (the day view shows them all). */
const MONTH_CELL_ITEMS = 4;
const DRAG_TYPE = 'application/x-kartoteka-agenda';

export function Agenda() {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const users = useApp((s) => s.users);
  const me = useApp(localUser);
  const { view, anchor, scope, set } = useCalendar();
  const [version, setVersion] = useState(0);
  const [completing, setCompleting] = useState<Contact | null>(null);
  const [moving, setMoving] = useState<AgendaItem | null>(null);
  const [dropDay, setDropDay] = useState<string | null>(null);
  const [dragId, setDragId] = useState<string | null>(null);

  const dfLocale = dateLocale(locale);
  const weekStartsOn = (dfLocale.options?.weekStartsOn ?? 1) as WeekStart;
  const range = useMemo(() => viewRange(view, anchor, weekStartsOn), [view, anchor, weekStartsOn]);
  const colleagues = useMemo(() => {
    const collator = new Intl.Collator(locale);
    return users.filter((u) => u.id !== me?.id).sort((a, b) => collator.compare(a.name, b.name));
  }, [users, me?.id, locale]);
  // A colleague who is no longer in the list falls back to my own calendar.
  const whose = colleagues.some((u) => u.id === scope) ? scope : 'mine';
  const today = isoDate(Date.now());
  const days = { from: range.from, to: range.to, tzOffset: -new Date().getTimezoneOffset(), userId: whose === 'mine' ? null : whose };
  // A month cell shows a few items: the core sends only those (and one more, to know whether
  // "+N more" is needed), and the true totals per day come from agenda.counts.
  const list = useRemote('agenda.range', { ...days, today, perDay: view === 'month' ? MONTH_CELL_ITEMS + 1 : null },
    ['contacts', 'tasks', 'reminders', 'firms', 'people', 'users'], version);
  const counts = useRemote('agenda.counts', view === 'month' ? days : null, ['contacts', 'tasks'], version);
  const totals = useMemo(() => new Map((counts.data ?? []).map((c) => [c.day, c.count])), [counts.data]);
  const byDay = useMemo(() => groupByDay(list.data ?? []), [list.data]);
  const byId = useMemo(() => new Map((list.data ?? []).map((i) => [i.id, i])), [list.data]);

  const reload = () => setVersion((v) => v + 1);

  const fail = (e: unknown) => toast(translateError(t, errorData(e)) ?? '', 'red', 6000);

  /** A drop on a day cell: the contact keeps its time of day, the task gets the new due date. */
  const moveTo = async (item: AgendaItem, day: string) => {
    try {
      if (item.type === 'contact') {
        if (item.contact.status !== 'planned') return;
        const at = moveToDay(item.at, day);
        if (at === item.at) return;
        await send('contacts.reschedule', { id: item.id, at });
      } else {
        if (item.date === day) return;
        await send('tasks.reschedule', { id: item.id, dueDate: day });
      }
      toast(t('agenda_ui.move.moved', { date: formatDay(parseIsoDate(day)!.getTime(), locale) }));
      reload();
    } catch (e) {
      fail(e);
    }
  };

  const setTaskDone = async (id: string, done: boolean) => {
    try {
      await send('tasks.setDone', { id, done });
      reload();
    } catch (e) {
      fail(e);
    }
  };

  const dropProps = (day: string) => ({
    onDragOver: (e: DragEvent) => {
      if (!e.dataTransfer.types.includes(DRAG_TYPE)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'move';
      if (dropDay !== day) setDropDay(day);
    },
    onDragLeave: (e: DragEvent) => {
      if (!(e.currentTarget as HTMLElement).contains(e.relatedTarget as Node | null)) setDropDay((d) => (d === day ? null : d));
    },
    onDrop: (e: DragEvent) => {
      e.preventDefault();
      setDropDay(null);
      setDragId(null);
      const item = byId.get(e.dataTransfer.getData(DRAG_TYPE));
      if (item) void moveTo(item, day);
    },
  });

  const entry = (item: AgendaItem, size: 'full' | 'compact') => (
    <AgendaEntry key={item.id} item={item} size={size} dragging={dragId === item.id}
      onDragStart={(e) => {
        e.dataTransfer.setData(DRAG_TYPE, item.id);
        e.dataTransfer.effectAllowed = 'move';
        setDragId(item.id);
      }}
      onDragEnd={() => { setDragId(null); setDropDay(null); }}
      onComplete={setCompleting} onMove={setMoving} onTaskDone={setTaskDone} />
  );

  const title = view === 'day'
    ? formatDay(parseIsoDate(anchor)!.getTime(), locale)
    : view === 'week'
      ? `${format(parseIsoDate(range.from)!, 'PP', { locale: dfLocale })} – ${format(parseIsoDate(range.to)!, 'PP', { locale: dfLocale })}`
      : capitalize(format(parseIsoDate(anchor)!, 'LLLL yyyy', { locale: dfLocale }));
  const anchorMonth = anchor.slice(0, 7);

  const cell = (day: string, kind: 'week' | 'month') => {
    const d = parseIsoDate(day)!;
    const items = byDay.get(day) ?? [];
    // A month cell holds five entries: all five when that is all the day has, else four and "+N more".
    const total = kind === 'month' ? Math.max(totals.get(day) ?? 0, items.length) : items.length;
    const shown = kind === 'month' ? items.slice(0, total > MONTH_CELL_ITEMS + 1 ? MONTH_CELL_ITEMS : MONTH_CELL_ITEMS + 1) : items;
    const cls = ['cal-cell', day === today ? 'today' : '', kind === 'month' && day.slice(0, 7) !== anchorMonth ? 'other' : '', dropDay === day ? 'drop' : '']
      .filter(Boolean).join(' ');
    return (
      <div key={day} className={cls} data-testid={`agenda-day-${day}`} data-day={day} {...dropProps(day)}>
        <button type="button" className="cal-date" title={t('agenda_ui.open_day')} data-testid="agenda-open-day"
          onClick={() => set({ view: 'day', anchor: day })}>
          {kind === 'week' && <span>{format(d, 'EEE', { locale: dfLocale })}</span>}
          <span>{format(d, 'd')}</span>
        </button>
        {shown.map((i) => entry(i, 'compact'))}
        {total > shown.length && (
          <button type="button" className="cal-more" data-testid="agenda-more" onClick={() => set({ view: 'day', anchor: day })}>
            {t('agenda_ui.more', { count: total - shown.length, n: total - shown.length })}
          </button>
        )}
      </div>
    );
  };

  const viewLabel = (v: AgendaView) => <span data-testid={`agenda-view-${v}`}>{t(`agenda_ui.views.${v}`)}</span>;

  return (
    <div className="page">
      <div className="toolbar" style={{ alignItems: 'center' }}>
        <Title order={2} mr="sm">{t('agenda.title')}</Title>
        <SegmentedControl size="xs" data-testid="agenda-view" aria-label={t('agenda_ui.views.label')} value={view}
          onChange={(v) => set({ view: v as AgendaView })}
          data={AGENDA_VIEWS.map((v) => ({ value: v, label: viewLabel(v) }))} />
        <Group gap={4}>
          <ActionIcon variant="default" aria-label={t('agenda_ui.prev')} title={t('agenda_ui.prev')} data-testid="agenda-prev"
            onClick={() => set({ anchor: shiftAnchor(view, anchor, -1) })}>‹</ActionIcon>
          <Button size="xs" variant="default" data-testid="agenda-today" onClick={() => set({ anchor: isoDate(Date.now()) })}>
            {t('agenda_ui.today')}
          </Button>
          <ActionIcon variant="default" aria-label={t('agenda_ui.next')} title={t('agenda_ui.next')} data-testid="agenda-next"
            onClick={() => set({ anchor: shiftAnchor(view, anchor, 1) })}>›</ActionIcon>
        </Group>
        <span className="cal-range" data-testid="agenda-range">{title}</span>
        {list.loading && <Loader size="xs" />}
        <NativeSelect ml="auto" size="xs" style={{ minWidth: 200 }} data-testid="agenda-scope" aria-label={t('agenda_ui.scope')}
          value={whose} onChange={(e) => set({ scope: e.currentTarget.value })}
          data={[
            { value: 'mine', label: t('agenda_ui.mine') },
            ...(colleagues.length ? [{ group: t('agenda_ui.colleagues'), items: colleagues.map((u) => ({ value: u.id, label: u.name })) }] : []),
          ]} />
      </div>
      <div className="page-scroll">
        {whose !== 'mine' && (
          <p className="cal-substitute" data-testid="agenda-substitute">
            {t('agenda_ui.substitute', { name: colleagues.find((u) => u.id === whose)?.name ?? '' })}
          </p>
        )}
        {list.error && <Alert color="red" mb="sm" data-testid="agenda-error">{translateError(t, list.error)}</Alert>}
        {view !== 'day' && <p className="cal-hint">{t('agenda_ui.drag_hint')}</p>}
        {view === 'day' ? (
          <div className="cal-day">
            <div className={`cal-cell${anchor === today ? ' today' : ''}`} data-testid={`agenda-day-${anchor}`} data-day={anchor}>
              {(byDay.get(anchor) ?? []).map((i) => entry(i, 'full'))}
              {list.data && !byDay.get(anchor)?.length && <div className="cal-empty" data-testid="agenda-empty">{t('agenda_ui.empty_day')}</div>}
            </div>
          </div>
        ) : view === 'week' ? (
          <div className="cal-week">{range.days.map((d) => cell(d, 'week'))}</div>
        ) : (
          <div className="cal-month">
            {weeks(range.days)[0]!.map((d) => (
              <div key={`h${d}`} className="cal-head">{format(parseIsoDate(d)!, 'EEEEEE', { locale: dfLocale })}</div>
            ))}
            {range.days.map((d) => cell(d, 'month'))}
          </div>
        )}
        {list.data && list.data.length === 0 && view !== 'day' && (
          <Text size="sm" c="dimmed" ta="center" p="md" data-testid="agenda-empty">{t('agenda_ui.empty_range')}</Text>
        )}
      </div>
      <CompleteDialog contact={completing} onClose={() => setCompleting(null)} onSaved={() => { setCompleting(null); reload(); }} />
      <MoveDialog item={moving} onClose={() => setMoving(null)} onMoved={() => { setMoving(null); reload(); }} />
    </div>
  );
}

/** A small bell on an item that will be reminded of, with the time in its tooltip. */
function RemindMark({ at }: { at: number }) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const label = `${t('agenda_ui.remind.label')}: ${formatDateTime(at, locale)}`;
  return <span className="agi-bell" role="img" aria-label={label} title={label} data-testid="agenda-item-remind"><BellIcon size={11} /></span>;
}

function capitalize(s: string): string {
  return s.charAt(0).toLocaleUpperCase() + s.slice(1);
}

/** One contact or task in a day cell: draggable when it can move, its menu on click. */
function AgendaEntry({ item, size, dragging, onDragStart, onDragEnd, onComplete, onMove, onTaskDone }: {
  item: AgendaItem;
  size: 'full' | 'compact';
  dragging: boolean;
  onDragStart(e: DragEvent): void;
  onDragEnd(): void;
  onComplete(c: Contact): void;
  onMove(i: AgendaItem): void;
  onTaskDone(id: string, done: boolean): void;
}) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const codes = useApp((s) => s.codes);
  const navigate = useApp((s) => s.navigate);
  const overdue = isOverdue(item, Date.now());
  const done = item.type === 'contact' ? item.contact.status === 'done' : item.task.doneAt !== null;
  const movable = !done;
  const firmId = item.type === 'contact' ? item.contact.firmId : item.task.firmId;
  const cls = ['agi', item.type, done ? 'done' : '', overdue ? 'overdue' : '', dragging ? 'dragging' : ''].filter(Boolean).join(' ');

  let body;
  let label: string;
  if (item.type === 'contact') {
    const c = item.contact;
    const kind = codeLabel(t, codeById(codes, c.kindId));
    const result = c.resultId ? codeLabel(t, codeById(codes, c.resultId)) : '';
    label = `${formatTime(c.at, locale)} ${kind} ${c.firmName} — ${c.summary}`;
    body = (
      <>
        <span className="agi-time">{formatTime(c.at, locale)}</span>
        <span className="agi-kind">{kind}</span>
        {c.remindAt !== null && <RemindMark at={c.remindAt} />}
        <span className="agi-firm" title={c.firmName}>{c.firmName}</span>
        {size === 'full' && c.personName && <span className="agi-meta">· {c.personName}</span>}
        <span className="agi-title" title={c.summary}>{c.summary}</span>
        {size === 'full' && result && <span className="agi-meta">· {result}</span>}
      </>
    );
  } else {
    const k = item.task;
    label = `${k.title}${k.firmName ? ` — ${k.firmName}` : ''}`;
    body = (
      <>
        {k.priority !== 'normal' && (
          <span className={`agi-prio ${k.priority}`} title={t(`card.tasks.priorities.${k.priority}`)} aria-label={t(`card.tasks.priorities.${k.priority}`)}
            data-priority={k.priority}>{k.priority === 'high' ? '!' : '↓'}</span>
        )}
        {k.remindAt !== null && <RemindMark at={k.remindAt} />}
        <span className="agi-title" title={k.title}>{k.title}</span>
        {k.firmName && <span className="agi-firm agi-meta" title={k.firmName}>{k.firmName}</span>}
      </>
    );
  }

  return (
    <div className={cls} data-testid="agenda-item" data-id={item.id} data-type={item.type} data-done={done || undefined}
      data-overdue={overdue || undefined} draggable={movable} onDragStart={movable ? onDragStart : undefined} onDragEnd={onDragEnd}>
      {item.type === 'task' && (
        <Checkbox className="agi-check" size="xs" checked={done} data-testid="agenda-task-done" aria-label={t('card.tasks.mark_done')}
          onChange={(e) => onTaskDone(item.id, e.currentTarget.checked)} />
      )}
      <Menu position="bottom-start" withinPortal shadow="md" width={220}>
        <Menu.Target>
          <button type="button" className="agi-main" data-testid="agenda-item-open" aria-label={`${t('agenda_ui.actions.label')}: ${label}`}>
            {body}
          </button>
        </Menu.Target>
        <Menu.Dropdown>
          {item.type === 'contact' && !done && (
            <Menu.Item data-testid="agenda-item-done" onClick={() => onComplete(item.contact)}>{t('agenda_ui.actions.complete')}</Menu.Item>
          )}
          {item.type === 'task' && (
            <Menu.Item data-testid="agenda-task-toggle" onClick={() => onTaskDone(item.id, !done)}>
              {done ? t('agenda_ui.actions.task_reopen') : t('agenda_ui.actions.task_done')}
            </Menu.Item>
          )}
          {movable && <Menu.Item data-testid="agenda-move" onClick={() => onMove(item)}>{t('agenda_ui.actions.move')}</Menu.Item>}
          {firmId && (
            <Menu.Item data-testid="agenda-open-firm" onClick={() => navigate({ name: 'firm', id: firmId })}>{t('agenda_ui.actions.open_firm')}</Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
    </div>
  );
}
