// Create or edit a task of a firm: what, by when, who does it, how urgent, about whom.
import { useEffect, useState, type FormEvent } from 'react';
import { Alert, Button, Group, NativeSelect, SimpleGrid, Text, TextInput, Textarea } from '@mantine/core';
import { DialogFooter } from '../ui/DialogFooter.tsx';
import { useTranslation } from 'react-i18next';
import type { Person, Task, TaskPriority } from '../../shared/types.ts';
import { TASK_PRIORITIES } from '../../shared/types.ts';
import { send } from '../api.ts';
import { localUser, useApp } from '../store.ts';
import { personName } from '../ui/format.ts';
import { translateError, useFieldErrors } from '../ui/forms.ts';
import { TaskRemindSelect } from '../agenda/RemindSelect.tsx';
import { NO_TASK_REMIND, taskRemindAt, taskRemindState, type TaskRemindState } from '../agenda/remind.ts';
import { FormDialog } from '../ui/FormDialog.tsx';

interface Draft {
  title: string;
  note: string;
  dueDate: string;
  assigneeId: string;
  priority: TaskPriority;
  personId: string;
  /** The assignee's reminder (editing keeps the one it has). */
  remind: TaskRemindState;
}

const KNOWN = /^(title|note|dueDate|assigneeId|priority|personId|remindAt)$/;

export function TaskDialog({ opened, firmId, people, task, onClose, onSaved }: {
  opened: boolean;
  firmId: string;
  people: Person[];
  task?: Task;
  onClose(): void;
  onSaved(id: string): void;
}) {
  const { t } = useTranslation();
  const users = useApp((s) => s.users);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saving, setSaving] = useState(false);
  const errs = useFieldErrors(t);

  useEffect(() => {
    if (!opened) return;
    const me = localUser(useApp.getState())?.id ?? '';
    setDraft(task ? {
      title: task.title, note: task.note, dueDate: task.dueDate ?? '', assigneeId: task.assigneeId, priority: task.priority, personId: task.personId ?? '',
      remind: taskRemindState(task.dueDate, task.remindAt),
    } : { title: '', note: '', dueDate: '', assigneeId: me, priority: 'normal', personId: '', remind: NO_TASK_REMIND });
    errs.reset();
   
  }, [opened, task]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    errs.clear(key);
    setDraft((d) => (d ? { ...d, [key]: value } : d));
  };

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!draft || saving) return;
    const base = {
      firmId, personId: draft.personId || null, contactId: task?.contactId ?? null, title: draft.title, note: draft.note,
      dueDate: draft.dueDate || null, assigneeId: draft.assigneeId, priority: draft.priority, done: task ? task.doneAt !== null : false,
      remindAt: taskRemindAt(draft.remind, draft.dueDate || null),
    };
    const known = (p: string) => KNOWN.test(p);
    const ok = task ? errs.check('tasks.update', { ...base, id: task.id }, known) : errs.check('tasks.create', base, known);
    if (!ok) return;
    setSaving(true);
    try {
      const res = task ? await send('tasks.update', { ...base, id: task.id }) : await send('tasks.create', base);
      onSaved(res.id);
    } catch (err) {
      errs.fail(err, known);
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    if (!task) return;
    setSaving(true);
    try {
      await send('tasks.delete', { id: task.id });
      onSaved(task.id);
    } catch (err) {
      errs.fail(err, () => false);
    } finally {
      setSaving(false);
    }
  };

  return (
    <FormDialog opened={opened} onClose={onClose} size={560} data-testid="task-dialog" title={task ? t('card.tasks.edit_title') : t('card.tasks.new_title')}>
      {draft && (
        <form onSubmit={submit} noValidate>
          {errs.general && <Alert color="red" mb="sm" data-testid="form-error">{translateError(t, errs.general)}</Alert>}
          <TextInput label={t('card.tasks.title_label')} required data-testid="task-title" data-autofocus value={draft.title}
            error={errs.field('title')} onChange={(e) => set('title', e.currentTarget.value)} />
          <SimpleGrid cols={3} spacing="sm" verticalSpacing={6} mt={6}>
            <TextInput type="date" label={t('card.tasks.due')} data-testid="task-due" value={draft.dueDate} error={errs.field('dueDate')}
              onChange={(e) => set('dueDate', e.currentTarget.value)} />
            <NativeSelect label={t('card.tasks.assignee')} data-testid="task-assignee" value={draft.assigneeId} error={errs.field('assigneeId')}
              onChange={(e) => set('assigneeId', e.currentTarget.value)} data={users.map((u) => ({ value: u.id, label: u.name }))} />
            <NativeSelect label={t('card.tasks.priority')} data-testid="task-priority" value={draft.priority} error={errs.field('priority')}
              onChange={(e) => set('priority', e.currentTarget.value as TaskPriority)}
              data={TASK_PRIORITIES.map((p) => ({ value: p, label: t(`card.tasks.priorities.${p}`) }))} />
          </SimpleGrid>
          <SimpleGrid cols={2} spacing="sm" verticalSpacing={6} mt={6}>
            <NativeSelect label={t('contact.person')} data-testid="task-person" value={draft.personId} error={errs.field('personId')}
              onChange={(e) => set('personId', e.currentTarget.value)}
              data={[{ value: '', label: t('contact.no_person') }, ...people.map((p) => ({ value: p.id, label: personName(p) }))]} />
            <TaskRemindSelect testId="task-remind" value={draft.remind} dueDate={draft.dueDate || null} error={errs.field('remindAt')}
              onChange={(v) => set('remind', v)} />
          </SimpleGrid>
          <Textarea mt={6} label={t('card.tasks.note')} data-testid="task-note" value={draft.note} error={errs.field('note')}
            autosize minRows={2} maxRows={8} onChange={(e) => set('note', e.currentTarget.value)} />
          <DialogFooter onDelete={task ? remove : undefined} deleteConfirm={t('card.tasks.delete_confirm')} deleteTestId="delete-task"
            saveTestId="task-save" saving={saving} onClose={onClose} />
        </form>
      )}
    </FormDialog>
  );
}
