// Write or edit a note: private by default, or shared with everyone, or with named colleagues.
import { useEffect, useState, type FormEvent } from 'react';
import { Alert, Button, Group, Input, MultiSelect, NativeSelect, SegmentedControl, Text, TextInput, Textarea } from '@mantine/core';
import { DialogFooter } from '../ui/DialogFooter.tsx';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../shared/errors.ts';
import type { Note, NoteVisibility, Person } from '../../shared/types.ts';
import { NOTE_VISIBILITIES } from '../../shared/types.ts';
import { send } from '../api.ts';
import { useApp } from '../store.ts';
import { fromInputs, personName, toDateInput, toTimeInput } from '../ui/format.ts';
import { translateError, useFieldErrors, validate } from '../ui/forms.ts';
import { FormDialog } from '../ui/FormDialog.tsx';

interface Draft {
  title: string;
  body: string;
  date: string;
  time: string;
  visibility: NoteVisibility;
  sharedWith: string[];
  personId: string;
}

const KNOWN = /^(title|body|at|visibility|sharedWith|personId)$/;

export function NoteDialog({ opened, firmId, people, note, onClose, onSaved }: {
  opened: boolean;
  firmId: string;
  people: Person[];
  note?: Note;
  onClose(): void;
  onSaved(id: string): void;
}) {
  const { t } = useTranslation();
  const users = useApp((s) => s.users);
  const me = useApp((s) => s.localUserId);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saving, setSaving] = useState(false);
  const errs = useFieldErrors(t);
  const readOnly = !!note && !note.mine;

  useEffect(() => {
    if (!opened) return;
    const now = Date.now();
    setDraft(note ? {
      title: note.title, body: note.body, date: toDateInput(note.at), time: toTimeInput(note.at), visibility: note.visibility,
      sharedWith: note.sharedWith, personId: note.personId ?? '',
    } : { title: '', body: '', date: toDateInput(now), time: toTimeInput(now), visibility: 'private', sharedWith: [], personId: '' });
    errs.reset();
   
  }, [opened, note]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K], path: string = key) => {
    errs.clear(path);
    setDraft((d) => (d ? { ...d, [key]: value } : d));
  };

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!draft || saving || readOnly) return;
    const at = fromInputs(draft.date, draft.time);
    const base = {
      firmId, personId: draft.personId || null, contactId: note?.contactId ?? null, title: draft.title, body: draft.body, at: at ?? -1,
      visibility: draft.visibility, sharedWith: draft.visibility === 'named' ? draft.sharedWith : [],
    };
    const known = (p: string) => KNOWN.test(p);
    const found = note ? validate('notes.update', { ...base, id: note.id }) : validate('notes.create', base);
    if (at === null) found.at = { code: 'validation', messageKey: 'errors.date', field: 'at' } satisfies AppErrorData;
    if (!errs.show(found, known)) return;
    setSaving(true);
    try {
      const res = note ? await send('notes.update', { ...base, id: note.id }) : await send('notes.create', base);
      onSaved(res.id);
    } catch (err) {
      errs.fail(err, known);
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    if (!note) return;
    setSaving(true);
    try {
      await send('notes.delete', { id: note.id });
      onSaved(note.id);
    } catch (err) {
      errs.fail(err, () => false);
    } finally {
      setSaving(false);
    }
  };

  const colleagues = users.filter((u) => u.id !== me).map((u) => ({ value: u.id, label: u.name }));

  return (
    <FormDialog opened={opened} onClose={onClose} size={640} data-testid="note-dialog"
      title={note ? (readOnly ? note.title : t('card.notes.edit_title')) : t('card.notes.new_title')}>
      {draft && (
        <form onSubmit={submit} noValidate>
          {errs.general && <Alert color="red" mb="sm" data-testid="form-error">{translateError(t, errs.general)}</Alert>}
          {readOnly && <Text size="xs" c="dimmed" mb={6}>{t('card.notes.by', { name: note.authorName })}</Text>}
          <TextInput label={t('card.notes.title_label')} required data-testid="note-title" data-autofocus value={draft.title}
            readOnly={readOnly} error={errs.field('title')} onChange={(e) => set('title', e.currentTarget.value)} />
          <Textarea mt={6} label={t('card.notes.body')} data-testid="note-body" value={draft.body} readOnly={readOnly}
            error={errs.field('body')} autosize minRows={5} maxRows={16} onChange={(e) => set('body', e.currentTarget.value)}
            description={readOnly ? undefined : t('contact.note_hint')} />
          <div style={{ display: 'grid', gridTemplateColumns: '150px 100px 1fr', gap: '6px 8px', marginTop: 6 }}>
            <TextInput type="date" label={t('contact.date')} data-testid="note-date" value={draft.date} readOnly={readOnly}
              error={errs.field('at')} onChange={(e) => set('date', e.currentTarget.value, 'at')} />
            <TextInput type="time" label={t('contact.time')} data-testid="note-time" value={draft.time} readOnly={readOnly}
              onChange={(e) => set('time', e.currentTarget.value, 'at')} />
            <NativeSelect label={t('contact.person')} data-testid="note-person" value={draft.personId} disabled={readOnly}
              error={errs.field('personId')} onChange={(e) => set('personId', e.currentTarget.value)}
              data={[{ value: '', label: t('contact.no_person') }, ...people.map((p) => ({ value: p.id, label: personName(p) }))]} />
          </div>
          {!readOnly && (
            <div className="next-box">
              <Input.Label size="xs" id="note-visibility-label">{t('card.notes.visibility_label')}</Input.Label>
              <SegmentedControl size="xs" data-testid="note-visibility" aria-labelledby="note-visibility-label" value={draft.visibility} fullWidth
                onChange={(v) => set('visibility', v as NoteVisibility)}
                data={NOTE_VISIBILITIES.map((v) => ({ value: v, label: t(`card.notes.visibility.${v}`) }))} />
              {draft.visibility === 'named' && (
                <MultiSelect mt={6} data-testid="note-share" label={t('card.notes.share_with')} data={colleagues} value={draft.sharedWith}
                  error={errs.field('sharedWith')} searchable size="xs" nothingFoundMessage={t('common.nothing_found')}
                  placeholder={colleagues.length === 0 ? t('card.notes.no_colleagues') : undefined}
                  onChange={(v) => set('sharedWith', v)} comboboxProps={{ withinPortal: true }} />
              )}
            </div>
          )}
          <DialogFooter onDelete={note?.mine ? remove : undefined} deleteConfirm={t('card.notes.delete_confirm')} deleteTestId="delete-note"
            saveTestId="note-save" saving={saving} onClose={onClose} readOnly={readOnly} />
        </form>
      )}
    </FormDialog>
  );
}
