// One stream of everything that happened with a firm, a person or a segment's members —
// contacts, tasks, notes, files and changes of key fields — newest first, filterable by type,
// paged with the core's cursor. Change events re-read what is on screen (keeping its length).
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { ActionIcon, Anchor, Badge, Button, Center, Checkbox, Chip, Group, Loader, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Table } from '../../shared/contract.ts';
import type { AppErrorData } from '../../shared/errors.ts';
import type { Attachment, Change, Contact, Note, Task, TimelineItem, TimelineType } from '../../shared/types.ts';
import { FIRM_KINDS, TIMELINE_TYPES } from '../../shared/types.ts';
import { errorData, onChange, openAttachment, send, touches } from '../api.ts';
import { useApp } from '../store.ts';
import { codeById, codeLabel, formatDateTime } from '../ui/format.ts';
import { fileType, formatBytes, formatIsoDate, todayIso } from '../ui/card-format.ts';
import { translateError } from '../ui/forms.ts';
import { toast } from '../ui/toast.tsx';
import { ChangeIcon, ClipIcon, DownloadIcon, GlobeIcon, LockIcon, NoteIcon, PhoneIcon, TaskIcon, UsersIcon, WarnIcon } from '../ui/icons.tsx';

const PAGE = 50;
const TABLES: readonly Table[] = ['contacts', 'tasks', 'notes', 'note_shares', 'attachments', 'changes', 'people', 'users', 'firms', 'codes'];

export interface TimelineStreamProps {
  firmId?: string;
  personId?: string;
  segmentId?: string;
  testId?: string;
  /** Clicking an item (the card opens a contact, task or note for editing). Without it, items
   * of another firm (a segment's stream) lead to that firm. */
  onOpen?(item: TimelineItem): void;
  /** Buttons shown at the end of the filter row ("+ Log contact"). */
  actions?: ReactNode;
}

export function TimelineStream({ firmId, personId, segmentId, testId, onOpen, actions }: TimelineStreamProps) {
  const { t } = useTranslation();
  const [types, setTypes] = useState<TimelineType[]>([...TIMELINE_TYPES]);
  const [items, setItems] = useState<TimelineItem[] | null>(null);
  const [next, setNext] = useState<{ at: number; id: string } | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const seq = useRef(0);
  const shown = useRef(0);
  shown.current = items?.length ?? 0;

  const scope = JSON.stringify({ firmId, personId, segmentId });
  const typesKey = types.join(',');

  /** Reads the newest page again; `keep` re-reads as many items as are on screen. */
  const load = useCallback((keep: boolean) => {
    const mine = ++seq.current;
    const limit = Math.min(200, keep ? Math.max(PAGE, shown.current) : PAGE);
    const selected = typesKey ? (typesKey.split(',') as TimelineType[]) : [];
    if (selected.length === 0) { setItems([]); setNext(null); setError(null); return; }
    send('timeline.list', { ...JSON.parse(scope) as object, types: selected, limit, today: todayIso() }).then(
      (page) => { if (mine === seq.current) { setItems(page.items); setNext(page.next); setError(null); } },
      (e: unknown) => { if (mine === seq.current) setError(errorData(e)); },
    );
  }, [scope, typesKey]);

  useEffect(() => { setItems(null); load(false); }, [load]);
  useEffect(() => onChange((e) => { if (touches(e, TABLES)) load(true); }), [load]);

  const more = async () => {
    if (!next || loadingMore) return;
    setLoadingMore(true);
    const mine = seq.current;
    try {
      const page = await send('timeline.list', {
        ...JSON.parse(scope) as object, types, before: next, limit: PAGE, today: todayIso(),
      });
      if (mine !== seq.current) return;
      setItems((prev) => {
        const seen = new Set((prev ?? []).map((i) => `${i.type}:${i.id}`));
        return [...(prev ?? []), ...page.items.filter((i) => !seen.has(`${i.type}:${i.id}`))];
      });
      setNext(page.next);
    } catch (e) {
      setError(errorData(e));
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <div data-testid={testId ?? 'timeline-stream'} className="tls">
      <Chip.Group multiple value={types} onChange={(v) => setTypes(TIMELINE_TYPES.filter((x) => v.includes(x)))}>
        <Group gap={6} mb={8} className="tls-filters">
          {TIMELINE_TYPES.map((type) => (
            <Chip key={type} value={type} size="xs" variant="light" wrapperProps={{ 'data-testid': `timeline-filter-${type}` }}>
              {t(`card.tl.types.${type}`)}
            </Chip>
          ))}
          {actions && <div style={{ marginLeft: 'auto' }}>{actions}</div>}
        </Group>
      </Chip.Group>
      {error && <Text c="red" size="sm" mb={6}>{translateError(t, error)}</Text>}
      {items === null ? (error ? null : <Center p="md"><Loader size="xs" /></Center>) : items.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="timeline-empty">{types.length === 0 ? t('card.tl.no_types') : t('card.tl.empty')}</Text>
      ) : (
        <div data-testid="timeline-list">
          {items.map((item) => (
            <StreamItem key={`${item.type}:${item.id}`} item={item} onOpen={onOpen} showFirm={!firmId && !personId} />
          ))}
        </div>
      )}
      {next && items && items.length > 0 && (
        <Center mt={8}>
          <Button variant="subtle" size="compact-sm" loading={loadingMore} onClick={more} data-testid="timeline-more">{t('card.tl.more')}</Button>
        </Center>
      )}
    </div>
  );
}

function StreamItem({ item, onOpen, showFirm }: { item: TimelineItem; onOpen?(i: TimelineItem): void; showFirm: boolean }) {
  const navigate = useApp((s) => s.navigate);
  const firmOf = (): { id: string; name: string | null } | null => {
    switch (item.type) {
      case 'contact': return { id: item.contact.firmId, name: item.firmName };
      case 'task': return item.task.firmId ? { id: item.task.firmId, name: item.firmName } : null;
      case 'note': return { id: item.note.firmId, name: item.firmName };
      case 'attachment': return { id: item.attachment.firmId, name: item.firmName };
      case 'change': return { id: item.change.firmId, name: item.firmName };
    }
  };
  const firm = firmOf();
  const clickable = item.type !== 'change' && item.type !== 'attachment' && (!!onOpen || (showFirm && !!firm));
  const open = () => {
    if (onOpen) onOpen(item);
    else if (firm) navigate({ name: 'firm', id: firm.id });
  };
  const firmLink = showFirm && firm?.name ? (
    <Anchor component="button" type="button" size="xs" fw={600} onClick={(e) => { e.stopPropagation(); navigate({ name: 'firm', id: firm.id }); }}>
      {firm.name}
    </Anchor>
  ) : null;
  const body = (() => {
    switch (item.type) {
      case 'contact': return <ContactBody c={item.contact} firmLink={firmLink} />;
      case 'task': return <TaskBody task={item.task} at={item.at} firmLink={firmLink} />;
      case 'note': return <NoteBody note={item.note} firmLink={firmLink} />;
      case 'attachment': return <AttachmentBody a={item.attachment} firmLink={firmLink} />;
      case 'change': return <ChangeBody c={item.change} firmLink={firmLink} />;
    }
  })();
  const extra = item.type === 'contact'
    ? ` ${item.contact.status === 'planned' ? 'planned' : ''}${item.contact.status === 'planned' && item.contact.at < Date.now() ? ' overdue' : ''}`
    : item.type === 'task' && item.task.overdue ? ' overdue' : '';
  return (
    <div
      className={`tl-item tls-item tls-${item.type}${extra}${clickable ? '' : ' static'}`}
      data-testid="timeline-item"
      data-type={item.type}
      data-status={item.type === 'contact' ? item.contact.status : undefined}
      role={clickable ? 'button' : undefined}
      tabIndex={clickable ? 0 : undefined}
      onClick={clickable ? open : undefined}
      onKeyDown={clickable ? (e) => { if (e.key === 'Enter' && e.target === e.currentTarget) { e.preventDefault(); open(); } } : undefined}
    >
      {body}
    </div>
  );
}

function TypeMark({ type }: { type: TimelineType }) {
  const { t } = useTranslation();
  const Icon = { contact: PhoneIcon, task: TaskIcon, note: NoteIcon, attachment: ClipIcon, change: ChangeIcon }[type];
  return <span className="tls-mark" title={t(`card.tl.types.${type}`)} aria-label={t(`card.tl.types.${type}`)}><Icon size={13} /></span>;
}

function ContactBody({ c, firmLink }: { c: Contact; firmLink: ReactNode }) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const codes = useApp((s) => s.codes);
  const [open, setOpen] = useState(false);
  const kind = codeById(codes, c.kindId);
  const result = codeById(codes, c.resultId);
  const overdue = c.status === 'planned' && c.at < Date.now();
  return (
    <>
      <div className="tl-meta">
        <TypeMark type="contact" />
        <Text span size="xs" fw={600} c={overdue ? 'red.7' : undefined} className="tabular">{formatDateTime(c.at, locale)}</Text>
        <Badge color={c.status === 'planned' ? (overdue ? 'red' : 'blue') : 'gray'} variant={c.status === 'planned' ? 'filled' : 'light'} data-testid="timeline-status">
          {overdue ? t('statuses.overdue') : t(`statuses.${c.status}`)}
        </Badge>
        {firmLink}
        {kind && <span>{codeLabel(t, kind)}</span>}
        {c.personName && <span>· {c.personName}</span>}
        <span className="dim">· {c.referentName}</span>
        {result && <Badge variant="outline" color="teal">{codeLabel(t, result)}</Badge>}
      </div>
      <div className="tl-summary" data-testid="timeline-summary">{c.summary}</div>
      {c.note && (
        <>
          <Anchor component="button" type="button" size="xs" onClick={(e) => { e.stopPropagation(); setOpen((o) => !o); }} data-testid="timeline-note-toggle">
            {open ? t('timeline.hide_note') : t('timeline.show_note')}
          </Anchor>
          {open && <div className="tl-note" onClick={(e) => e.stopPropagation()}>{c.note}</div>}
        </>
      )}
    </>
  );
}

/** `at`: when it was created, or done. */
function TaskBody({ task, at, firmLink }: { task: Task; at: number; firmLink: ReactNode }) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const [busy, setBusy] = useState(false);
  const [ticked, setTicked] = useState<boolean | null>(null);
  useEffect(() => { setTicked(null); }, [task.doneAt]);
  const done = ticked ?? task.doneAt !== null;
  const toggle = async (value: boolean) => {
    setBusy(true);
    setTicked(value);
    try { await send('tasks.setDone', { id: task.id, done: value }); } catch (e) { setTicked(null); toast(translateError(t, errorData(e)) ?? '', 'red'); } finally { setBusy(false); }
  };
  return (
    <>
      <div className="tl-meta">
        <TypeMark type="task" />
        <Text span size="xs" fw={600} className="tabular">{formatDateTime(at, locale)}</Text>
        {task.dueDate ? (
          <Text span size="xs" fw={600} c={task.overdue ? 'red.7' : undefined} className="tabular">
            · {t('card.tasks.due_on', { date: formatIsoDate(task.dueDate, locale) })}
          </Text>
        ) : null}
        {task.overdue && <Badge color="red" variant="filled">{t('card.tasks.overdue')}</Badge>}
        {done && <Badge color="teal" variant="light">{t('card.tasks.done')}</Badge>}
        {task.priority === 'high' && <Badge color="orange" variant="light">{t('card.tasks.priorities.high')}</Badge>}
        {firmLink}
        {task.personName && <span>· {task.personName}</span>}
        <span className="dim">· {task.assigneeName}</span>
      </div>
      <Group gap={6} wrap="nowrap" mt={2}>
        <Checkbox checked={done} disabled={busy} aria-label={t('card.tasks.mark_done')} onClick={(e) => e.stopPropagation()}
          onChange={(e) => void toggle(e.currentTarget.checked)} />
        <div className={`tl-summary${done ? ' tls-done' : ''}`}>{task.title}</div>
      </Group>
    </>
  );
}

function NoteBody({ note, firmLink }: { note: Note; firmLink: ReactNode }) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  return (
    <>
      <div className="tl-meta">
        <TypeMark type="note" />
        <Text span size="xs" fw={600} className="tabular">{formatDateTime(note.at, locale)}</Text>
        <VisibilityIcon visibility={note.visibility} />
        {firmLink}
        <span className="dim">· {note.authorName}</span>
      </div>
      <div className="tl-summary">{note.title}</div>
      {note.body && <Text size="xs" c="dimmed" lineClamp={2} style={{ whiteSpace: 'pre-wrap' }}>{note.body}</Text>}
    </>
  );
}

export function VisibilityIcon({ visibility }: { visibility: Note['visibility'] }) {
  const { t } = useTranslation();
  const Icon = visibility === 'private' ? LockIcon : visibility === 'named' ? UsersIcon : GlobeIcon;
  return (
    <Tooltip label={t(`card.notes.visibility.${visibility}`)} openDelay={300}>
      <span className="vis-icon" aria-label={t(`card.notes.visibility.${visibility}`)} data-visibility={visibility}><Icon size={13} /></span>
    </Tooltip>
  );
}

function AttachmentBody({ a, firmLink }: { a: Attachment; firmLink: ReactNode }) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  return (
    <>
      <div className="tl-meta">
        <TypeMark type="attachment" />
        <Text span size="xs" fw={600} className="tabular">{formatDateTime(a.createdAt, locale)}</Text>
        {firmLink}
        <span className="dim">· {a.authorName}</span>
      </div>
      <Group gap={8} wrap="nowrap" mt={2}>
        <div className="tl-summary" style={{ minWidth: 0, overflowWrap: 'anywhere' }}>{a.name}</div>
        <Text span size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {fileType(a.name, a.mime)} · {formatBytes(a.size, locale)}{a.folder ? ` · ${a.folder}` : ''}
        </Text>
        <OpenButton attachment={a} />
      </Group>
    </>
  );
}

/** Open (desktop) or download (browser); a missing file says so instead. */
export function OpenButton({ attachment: a, full }: { attachment: Attachment; full?: boolean }) {
  const { t } = useTranslation();
  if (a.missing) {
    return (
      <Tooltip label={t('errors.file_missing')}>
        <Badge color="orange" variant="light" data-testid="attachment-missing" style={{ flex: 'none' }} leftSection={<WarnIcon size={11} />}>{t('card.files.missing')}</Badge>
      </Tooltip>
    );
  }
  const open = async (e: React.MouseEvent) => {
    e.stopPropagation();
    try { await openAttachment(a.id); } catch (err) { toast(translateError(t, errorData(err)) ?? '', 'red'); }
  };
  const label = window.kartoteka?.openFile ? t('card.files.open') : t('card.files.download');
  return full ? (
    <Button variant="light" size="compact-xs" onClick={open} data-testid="attachment-open">{label}</Button>
  ) : (
    <ActionIcon aria-label={label} title={label} onClick={open} data-testid="attachment-open" style={{ flex: 'none' }}><DownloadIcon /></ActionIcon>
  );
}

/** A change of a key field: "Eva changed the owner: Petr → Jana". Kinds are codes, translated. */
function ChangeBody({ c, firmLink }: { c: Change; firmLink: ReactNode }) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const value = (v: string) => (v ? changeValue(t, c.field, v) : '—');
  // Some changes read better as a sentence than as "old → new".
  const sentence = (() => {
    const user = c.userName;
    if (c.field === 'segment' && !c.oldValue && c.newValue) return t('card.tl.segment_added', { user, name: c.newValue });
    if (c.field === 'segment' && c.oldValue && !c.newValue) return t('card.tl.segment_removed', { user, name: c.oldValue });
    if (c.field === 'merge' && c.newValue) return t('card.tl.merged', { user, name: c.newValue });
    if (c.field === 'merge' && c.oldValue) return t('card.tl.unmerged', { user, name: c.oldValue });
    if (c.field === 'lead' && c.oldValue === 'lead' && c.newValue === 'firm') return t('card.tl.converted', { user });
    return null;
  })();
  return (
    <>
      <div className="tl-meta">
        <TypeMark type="change" />
        <Text span size="xs" fw={600} className="tabular">{formatDateTime(c.at, locale)}</Text>
        {firmLink}
      </div>
      <div className="tls-change" data-field={c.field}>
        {sentence ?? (
          <>
            {t('card.tl.changed', { user: c.userName, field: t(`card.tl.fields.${c.field}`, { defaultValue: c.field }) })}{' '}
            <span className="tls-old">{value(c.oldValue)}</span> → <span className="tls-new">{value(c.newValue)}</span>
          </>
        )}
      </div>
    </>
  );
}

function changeValue(t: TFunction, field: Change['field'], v: string): string {
  if (field === 'kinds') {
    return v.split(/\s*,\s*/).map((k) => ((FIRM_KINDS as readonly string[]).includes(k) ? t(`firm_kinds.${k}`) : k)).join(', ');
  }
  return v;
}
