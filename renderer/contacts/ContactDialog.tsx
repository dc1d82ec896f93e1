// Log a contact (or edit one from the timeline), optionally planning the next one and noting a
// to-do agreed in it. A hint line says which colleagues work the same client.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { Alert, Anchor, Button, Group, Input, NativeSelect, SegmentedControl, Switch, Text, TextInput, Textarea } from '@mantine/core';
import { DialogFooter } from '../ui/DialogFooter.tsx';
import { useTranslation } from 'react-i18next';
import { addDays } from 'date-fns/addDays';
import type { Contact, ContactStatus, Person } from '../../shared/types.ts';
import type { AppErrorData } from '../../shared/errors.ts';
import { send } from '../api.ts';
import { localUser, useApp, useCodes } from '../store.ts';
import { codeLabel, codeOptions, fromInputs, personName, toDateInput, toTimeInput } from '../ui/format.ts';
import { useColleagues } from '../card/Insights.tsx';
import { colleagueLine } from '../card/colleague-line.ts';
import { UsersIcon } from '../ui/icons.tsx';
import { translateError, useFieldErrors, validate } from '../ui/forms.ts';
import { ContactRemindSelect } from '../agenda/RemindSelect.tsx';
import { NO_REMIND, contactRemindAt, contactRemindState, editedContactRemindAt, type ContactRemindState } from '../agenda/remind.ts';
import { FormDialog } from '../ui/FormDialog.tsx';

const SUMMARY_MAX = 250;

interface Draft {
  date: string;
  time: string;
  personId: string;
  status: ContactStatus;
  kindId: string;
  referentId: string;
  resultId: string;
  summary: string;
  note: string;
  nextOn: boolean;
  nextDate: string;
  nextTime: string;
  nextTask: string;
  nextReferentId: string;
  nextKindId: string;
  taskOn: boolean;
  taskTitle: string;
  taskDue: string;
  taskAssigneeId: string;
  /** The reminder of a planned contact (editing keeps the one it has). */
  remind: ContactRemindState;
  nextRemind: ContactRemindState;
}

const KNOWN = /^(at|personId|status|kindId|referentId|resultId|summary|note|remindAt|next\.(at|task|referentId|kindId|remindAt)|task\.(title|dueDate|assigneeId))$/;

export function ContactDialog({ opened, firmId, people, contact, onClose, onSaved }: {
  opened: boolean;
  firmId: string;
  people: Person[];
  /** A contact to edit; none to log a new one. */
  contact?: Contact;
  onClose(): void;
  onSaved(id: string): void;
}) {
  const { t } = useTranslation();
  const users = useApp((s) => s.users);
  const kinds = useCodes('contact_kind');
  const results = useCodes('contact_result');
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saving, setSaving] = useState(false);
  const errs = useFieldErrors(t);
  const locale = useApp((s) => s.locale);
  const colleagues = useColleagues(opened ? firmId : null);

  useEffect(() => {
    if (!opened) return;
    const state = useApp.getState();
    const me = localUser(state)?.id ?? '';
    // A call by default, or the list's first kind when the office retired calls.
    const offered = state.codes.filter((c) => c.list === 'contact_kind' && !c.retired);
    const call = offered.find((c) => c.code === 'call')?.id ?? offered[0]?.id ?? '';
    const now = Date.now();
    const tomorrow = addDays(now, 1);
    const main = people.find((p) => p.isMain);
    setDraft(contact ? {
      date: toDateInput(contact.at), time: toTimeInput(contact.at), personId: contact.personId ?? '', status: contact.status,
      kindId: contact.kindId, referentId: contact.referentId, resultId: contact.resultId ?? '', summary: contact.summary, note: contact.note,
      nextOn: false, nextDate: toDateInput(tomorrow.getTime()), nextTime: '09:00', nextTask: '', nextReferentId: me, nextKindId: call,
      taskOn: false, taskTitle: '', taskDue: '', taskAssigneeId: me,
      remind: contactRemindState(contact.at, contact.remindAt), nextRemind: NO_REMIND,
    } : {
      date: toDateInput(now), time: toTimeInput(now), personId: main?.id ?? '', status: 'done', kindId: call, referentId: me,
      resultId: '', summary: '', note: '',
      nextOn: false, nextDate: toDateInput(tomorrow.getTime()), nextTime: '09:00', nextTask: '', nextReferentId: me, nextKindId: call,
      taskOn: false, taskTitle: '', taskDue: '', taskAssigneeId: me,
      remind: NO_REMIND, nextRemind: NO_REMIND,
    });
    errs.reset();
   
    // (only on opening: a late reload of the card must not wipe what is being typed)
  }, [opened, contact]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K], path: string = key) => {
    errs.clear(path);
    setDraft((d) => (d ? { ...d, [key]: value } : d));
  };

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!draft || saving) return;
    const at = fromInputs(draft.date, draft.time);
    const nextAt = fromInputs(draft.nextDate, draft.nextTime);
    const base = {
      firmId, personId: draft.personId || null, status: draft.status, at: at ?? -1, kindId: draft.kindId, referentId: draft.referentId,
      resultId: draft.resultId || null, summary: draft.summary, note: draft.note,
      // Only a planned contact carries a reminder (the core refuses one on a done contact).
      remindAt: draft.status === 'planned' && at !== null ? editedContactRemindAt(draft.remind, at, contact ? {
        state: contactRemindState(contact.at, contact.remindAt), at: fromInputs(toDateInput(contact.at), toTimeInput(contact.at)) ?? contact.at,
        remindAt: contact.remindAt,
      } : null) : null,
    };
    const next = draft.nextOn
      ? {
        at: nextAt ?? -1, task: draft.nextTask, referentId: draft.nextReferentId, ...(draft.nextKindId ? { kindId: draft.nextKindId } : {}),
        remindAt: nextAt !== null ? contactRemindAt(draft.nextRemind, nextAt) : null,
      }
      : null;
    const task = draft.taskOn
      ? { title: draft.taskTitle, dueDate: draft.taskDue || null, assigneeId: draft.taskAssigneeId, note: '', priority: 'normal' as const }
      : null;
    const known = (p: string) => KNOWN.test(p);
    const found = contact ? validate('contacts.update', { ...base, id: contact.id, next, task }) : validate('contacts.create', { ...base, next, task });
    const dateError: AppErrorData = { code: 'validation', messageKey: 'errors.date' };
    if (at === null) found.at = { ...dateError, field: 'at' };
    if (next && nextAt === null) found['next.at'] = { ...dateError, field: 'next.at' };
    if (!errs.show(found, known)) return;
    setSaving(true);
    try {
      const res = contact ? await send('contacts.update', { ...base, id: contact.id, next, task }) : await send('contacts.create', { ...base, next, task });
      onSaved(res.id);
    } catch (err) {
      errs.fail(err, known);
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    if (!contact) return;
    setSaving(true);
    try {
      await send('contacts.delete', { id: contact.id });
      onSaved(contact.id);
    } catch (err) {
      errs.fail(err, () => false);
    } finally {
      setSaving(false);
    }
  };

  // A contact that "took place" later than now is refused by the core; most often it is one still
  // to come, so the message offers to turn it into a planned one (date and time kept).
  const atError: ReactNode = errs.errors.at?.messageKey === 'errors.done_in_future' ? (
    <span data-testid="contact-done-future">
      {errs.field('at')}{' '}
      <Anchor component="button" type="button" size="xs" fw={600} data-testid="contact-make-planned"
        onClick={() => set('status', 'planned', 'at')}>{t('contact.make_planned')}</Anchor>
    </span>
  ) : errs.field('at');

  const userOptions = users.map((u) => ({ value: u.id, label: u.name }));
  const kindOptions = codeOptions(t, kinds, contact?.kindId);
  const summaryLen = draft?.summary.trim().length ?? 0;

  return (
    <FormDialog opened={opened} onClose={onClose} size={640} data-testid="contact-dialog"
      title={contact ? t('contact.edit_title') : t('contact.new_title')}>
      {draft && (
        <form onSubmit={submit} noValidate>
          {errs.general && <Alert color="red" mb="sm" data-testid="form-error">{translateError(t, errs.general)}</Alert>}
          {colleagues.length > 0 && (
            <Text size="xs" c="dimmed" mb={6} className="colleague-hint" data-testid="contact-colleagues">
              <UsersIcon size={12} /> {t('card.colleagues.hint_short')}{' '}
              {colleagues.map((c) => colleagueLine(t, c, locale)).join('; ')}
            </Text>
          )}
          <div style={{ display: 'grid', gridTemplateColumns: '150px 100px 1fr', gap: '6px 8px', alignItems: 'start' }}>
            <TextInput type="date" label={t('contact.date')} data-testid="contact-date" value={draft.date} error={atError}
              onChange={(e) => set('date', e.currentTarget.value, 'at')} required />
            <TextInput type="time" label={t('contact.time')} data-testid="contact-time" value={draft.time}
              onChange={(e) => set('time', e.currentTarget.value, 'at')} />
            <div>
              <Input.Label size="xs" id="contact-status-label">{t('contact.status')}</Input.Label>
              <SegmentedControl size="xs" data-testid="contact-status" aria-labelledby="contact-status-label" value={draft.status} fullWidth
                onChange={(v) => set('status', v as ContactStatus)}
                data={[{ value: 'done', label: t('statuses.done') }, { value: 'planned', label: t('statuses.planned') }]} />
            </div>
          </div>
          {draft.status === 'planned' && (
            <div style={{ display: 'grid', gridTemplateColumns: '258px 1fr', gap: '6px 8px', marginTop: 6 }}>
              <ContactRemindSelect testId="contact-remind" value={draft.remind} at={fromInputs(draft.date, draft.time)}
                error={errs.field('remindAt')} onChange={(v) => set('remind', v, 'remindAt')} />
            </div>
          )}
          <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: '6px 8px', marginTop: 6 }}>
            <NativeSelect label={t('contact.person')} data-testid="contact-person" value={draft.personId} error={errs.field('personId')}
              onChange={(e) => set('personId', e.currentTarget.value)}
              data={[{ value: '', label: t('contact.no_person') }, ...people.map((p) => ({ value: p.id, label: personName(p) + (p.isMain ? ' ★' : '') }))]} />
            <NativeSelect label={t('contact.kind')} data-testid="contact-kind" value={draft.kindId} error={errs.field('kindId')}
              onChange={(e) => set('kindId', e.currentTarget.value)} data={kindOptions} />
            <NativeSelect label={t('contact.referent')} data-testid="contact-referent" value={draft.referentId} error={errs.field('referentId')}
              onChange={(e) => set('referentId', e.currentTarget.value)} data={userOptions} />
            <NativeSelect label={t('contact.result')} data-testid="contact-result" value={draft.resultId} error={errs.field('resultId')}
              onChange={(e) => set('resultId', e.currentTarget.value)}
              data={[{ value: '', label: '—' }, ...codeOptions(t, results, contact?.resultId)]} />
          </div>
          <TextInput mt={6} label={t('contact.summary')} required data-testid="contact-summary" data-autofocus value={draft.summary}
            error={errs.field('summary')} onChange={(e) => set('summary', e.currentTarget.value)}
            placeholder={t('contact.summary_placeholder')}
            rightSectionWidth={64}
            rightSection={<span className={`counter${summaryLen > SUMMARY_MAX ? ' over' : ''}`} data-testid="contact-summary-counter">{summaryLen}/{SUMMARY_MAX}</span>} />
          <Textarea mt={6} label={t('contact.note')} data-testid="contact-note" value={draft.note} error={errs.field('note')}
            autosize minRows={3} maxRows={10} onChange={(e) => set('note', e.currentTarget.value)}
            description={t('contact.note_hint')} />

          {(
            <div className="next-box">
              <Switch label={t('contact.next_enable')} data-testid="contact-next-enable" checked={draft.nextOn}
                onChange={(e) => set('nextOn', e.currentTarget.checked)} />
              {draft.nextOn && (
                <div style={{ display: 'grid', gridTemplateColumns: '150px 100px 1fr 1fr', gap: '6px 8px', marginTop: 8, alignItems: 'start' }}>
                  <TextInput type="date" label={t('contact.date')} data-testid="contact-next-date" value={draft.nextDate} error={errs.field('next.at')}
                    onChange={(e) => set('nextDate', e.currentTarget.value, 'next.at')} required />
                  <TextInput type="time" label={t('contact.time')} data-testid="contact-next-time" value={draft.nextTime}
                    onChange={(e) => set('nextTime', e.currentTarget.value, 'next.at')} />
                  <NativeSelect label={t('contact.referent')} data-testid="contact-next-referent" value={draft.nextReferentId} error={errs.field('next.referentId')}
                    onChange={(e) => set('nextReferentId', e.currentTarget.value, 'next.referentId')} data={userOptions} />
                  <NativeSelect label={t('contact.kind')} data-testid="contact-next-kind" value={draft.nextKindId} error={errs.field('next.kindId')}
                    onChange={(e) => set('nextKindId', e.currentTarget.value, 'next.kindId')} data={codeOptions(t, kinds)} />
                  <div style={{ gridColumn: '1 / 3' }}>
                    <ContactRemindSelect testId="contact-next-remind" value={draft.nextRemind} at={fromInputs(draft.nextDate, draft.nextTime)}
                      error={errs.field('next.remindAt')} onChange={(v) => set('nextRemind', v, 'next.remindAt')} />
                  </div>
                  <TextInput label={t('contact.next_task')} required data-testid="contact-next-task" value={draft.nextTask} error={errs.field('next.task')}
                    style={{ gridColumn: '1 / -1' }} placeholder={t('contact.next_task_placeholder')}
                    onChange={(e) => set('nextTask', e.currentTarget.value, 'next.task')} />
                </div>
              )}
            </div>
          )}

          <div className="next-box">
            <Switch label={t('card.contact_task.enable')} data-testid="contact-task-enable" checked={draft.taskOn}
              onChange={(e) => set('taskOn', e.currentTarget.checked)} />
            {draft.taskOn && (
              <div style={{ display: 'grid', gridTemplateColumns: '1fr 150px 1fr', gap: '6px 8px', marginTop: 8, alignItems: 'start' }}>
                <TextInput label={t('card.tasks.title_label')} required data-testid="contact-task-title" value={draft.taskTitle}
                  error={errs.field('task.title')} placeholder={t('card.contact_task.placeholder')}
                  onChange={(e) => set('taskTitle', e.currentTarget.value, 'task.title')} />
                <TextInput type="date" label={t('card.tasks.due')} data-testid="contact-task-due" value={draft.taskDue}
                  error={errs.field('task.dueDate')} onChange={(e) => set('taskDue', e.currentTarget.value, 'task.dueDate')} />
                <NativeSelect label={t('card.tasks.assignee')} data-testid="contact-task-assignee" value={draft.taskAssigneeId}
                  error={errs.field('task.assigneeId')} onChange={(e) => set('taskAssigneeId', e.currentTarget.value, 'task.assigneeId')} data={userOptions} />
              </div>
            )}
          </div>

          <DialogFooter onDelete={contact ? remove : undefined} deleteConfirm={t('contact.delete_confirm')} deleteTestId="delete-contact"
            saveTestId="save" saving={saving} onClose={onClose} />
        </form>
      )}
    </FormDialog>
  );
}
