// A firm's notes, newest first: mine and those shared with me. A lock marks private ones; only
// the author may edit or delete a note.
import { useState } from 'react';
import { ActionIcon, Anchor, Button, Center, Group, Loader, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Note } from '../../shared/types.ts';
import { useApp } from '../store.ts';
import { formatDateTime } from '../ui/format.ts';
import { translateError } from '../ui/forms.ts';
import { useRemote } from '../ui/useRemote.ts';
import { VisibilityIcon } from '../timeline/TimelineStream.tsx';

export function NotesTab({ firmId, onNew, onOpen }: { firmId: string; onNew(): void; onOpen(note: Note): void }) {
  const { t } = useTranslation();
  const list = useRemote('notes.list', { firmId }, ['notes', 'note_shares', 'users', 'people']);
  return (
    <div data-testid="firm-card-notes">
      <div className="tab-toolbar">
        <Text size="xs" c="dimmed">{t('card.notes.hint')}</Text>
        <Button variant="light" size="compact-xs" data-testid="note-new" onClick={onNew}>+ {t('card.notes.new')}</Button>
      </div>
      {list.error && <Text c="red" size="sm">{translateError(t, list.error)}</Text>}
      {!list.data ? (list.error ? null : <Center p="md"><Loader size="xs" /></Center>) : list.data.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="notes-empty">{t('card.notes.none')}</Text>
      ) : (
        <div data-testid="note-list">
          {[...list.data].sort((a, b) => b.at - a.at).map((n) => <NoteRow key={n.id} note={n} onOpen={() => onOpen(n)} />)}
        </div>
      )}
    </div>
  );
}

function NoteRow({ note: n, onOpen }: { note: Note; onOpen(): void }) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const users = useApp((s) => s.users);
  const [open, setOpen] = useState(false);
  const long = n.body.length > 240 || n.body.split('\n').length > 3;
  const shared = n.visibility === 'named' && n.sharedWith.length > 0
    ? n.sharedWith.map((id) => users.find((u) => u.id === id)?.name).filter(Boolean).join(', ') : '';
  return (
    <div className="note-row" data-testid="note-row" data-note-id={n.id} data-visibility={n.visibility} data-mine={n.mine ? 'true' : undefined}>
      <div className="tl-meta">
        <VisibilityIcon visibility={n.visibility} />
        <Text span size="xs" fw={600} className="tabular">{formatDateTime(n.at, locale)}</Text>
        <span className="dim">· {n.authorName}</span>
        {shared && <span className="dim" title={t('card.notes.share_with')}>→ {shared}</span>}
        <Group gap={2} ml="auto">
          {n.mine ? (
            <ActionIcon aria-label={t('common.edit')} title={t('common.edit')} data-testid="note-edit" onClick={onOpen}>✎</ActionIcon>
          ) : null}
        </Group>
      </div>
      <div className="tl-summary" data-testid="note-row-title">{n.title}</div>
      {n.body && (
        <>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} lineClamp={open ? undefined : 3} data-testid="note-row-body">{n.body}</Text>
          {long && (
            <Anchor component="button" type="button" size="xs" onClick={() => setOpen((o) => !o)}>
              {open ? t('card.notes.less') : t('card.notes.more')}
            </Anchor>
          )}
        </>
      )}
    </div>
  );
}
