// A firm's contacts: planned ones on top (soonest first), then history, newest first — the
// order comes from the core. Click a row to edit it; a long note folds out.
import { useState } from 'react';
import { Anchor, Badge, Center, Loader, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../shared/types.ts';
import { useApp } from '../store.ts';
import { codeById, codeLabel, formatDateTime } from '../ui/format.ts';
import { translateError } from '../ui/forms.ts';
import { useRemote } from '../ui/useRemote.ts';

export function Timeline({ firmId, onEdit, version }: { firmId: string; onEdit(c: Contact): void; version?: number }) {
  const { t } = useTranslation();
  const list = useRemote('contacts.list', { firmId }, ['contacts', 'people', 'users', 'firms'], version);
  if (list.error && !list.data) return <Text c="red" size="sm">{translateError(t, list.error)}</Text>;
  if (!list.data) return <Center p="md"><Loader size="xs" /></Center>;
  if (list.data.length === 0) return <Text size="sm" c="dimmed" data-testid="timeline-empty">{t('timeline.empty')}</Text>;
  const now = Date.now();
  return (
    <div data-testid="timeline-list">
      {list.data.map((c) => <TimelineItem key={c.id} contact={c} now={now} onEdit={onEdit} />)}
    </div>
  );
}

function TimelineItem({ contact: c, now, onEdit }: { contact: Contact; now: number; onEdit(c: Contact): void }) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const codes = useApp((s) => s.codes);
  const [open, setOpen] = useState(false);
  const kind = codeById(codes, c.kindId);
  const result = codeById(codes, c.resultId);
  const overdue = c.status === 'planned' && c.at < now;
  return (
    <div
      className={`tl-item${c.status === 'planned' ? ' planned' : ''}${overdue ? ' overdue' : ''}`}
      data-testid="timeline-item"
      data-status={c.status}
      role="button"
      tabIndex={0}
      onClick={() => onEdit(c)}
      onKeyDown={(e) => { if (e.key === 'Enter' && e.target === e.currentTarget) { e.preventDefault(); onEdit(c); } }}
    >
      <div className="tl-meta">
        <Text span size="xs" fw={600} c={overdue ? 'red.7' : undefined} style={{ fontVariantNumeric: 'tabular-nums' }}>{formatDateTime(c.at, locale)}</Text>
        <Badge color={c.status === 'planned' ? (overdue ? 'red' : 'blue') : 'gray'} variant={c.status === 'planned' ? 'filled' : 'light'} data-testid="timeline-status">
          {overdue ? t('statuses.overdue') : t(`statuses.${c.status}`)}
        </Badge>
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
    </div>
  );
}
