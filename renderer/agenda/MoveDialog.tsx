// "Move to…": the keyboard (and testable) way of what dragging an item onto a day does — a planned
// contact to another date and time (contacts.reschedule), a task to another due date
// (tasks.reschedule).
import { useEffect, useState, type FormEvent } from 'react';
import { Alert, Button, Group, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AgendaItem } from '../../shared/types.ts';
import { send } from '../api.ts';
import { useApp } from '../store.ts';
import { formatDay, fromInputs, toDateInput, toTimeInput } from '../ui/format.ts';
import { translateError, useFieldErrors } from '../ui/forms.ts';
import { toast } from '../ui/toast.tsx';
import { parseIsoDate } from './calendar.ts';
import { CancelButton, FormDialog } from '../ui/FormDialog.tsx';

export function MoveDialog({ item, onClose, onMoved }: {
  /** The contact or task to move; null: closed. */
  item: AgendaItem | null;
  onClose(): void;
  onMoved(): void;
}) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const [date, setDate] = useState('');
  const [time, setTime] = useState('');
  const [saving, setSaving] = useState(false);
  const errs = useFieldErrors(t);

  useEffect(() => {
    if (!item) return;
    setDate(item.type === 'contact' ? toDateInput(item.at) : item.date);
    setTime(item.type === 'contact' ? toTimeInput(item.at) : '');
    errs.reset();
  }, [item?.id]);

  const field = item?.type === 'task' ? 'dueDate' : 'at';
  const known = (p: string) => p === field;

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!item || saving) return;
    const day = parseIsoDate(date);
    const at = item.type === 'contact' ? fromInputs(date, time) : null;
    if (!day || (item.type === 'contact' && at === null)) {
      errs.show({ [field]: { code: 'validation', messageKey: 'errors.date', field } });
      return;
    }
    setSaving(true);
    try {
      if (item.type === 'contact') await send('contacts.reschedule', { id: item.id, at: at! });
      else await send('tasks.reschedule', { id: item.id, dueDate: date });
      toast(t('agenda_ui.move.moved', { date: formatDay(day.getTime(), locale) }));
      onMoved();
    } catch (err) {
      errs.fail(err, known);
    } finally {
      setSaving(false);
    }
  };

  const what = item ? (item.type === 'contact' ? `${item.contact.firmName} — ${item.contact.summary}` : item.task.title) : '';
  return (
    <FormDialog opened={item !== null} onClose={onClose} size={420} data-testid="move-dialog" title={t('agenda_ui.move.title')}>
      {item && (
        <form onSubmit={submit} noValidate>
          {errs.general && <Alert color="red" mb="sm" data-testid="form-error">{translateError(t, errs.general)}</Alert>}
          <Text size="sm" mb="xs" truncate title={what}>{what}</Text>
          <Group align="flex-start" gap="xs" grow>
            <TextInput type="date" label={t('agenda_ui.move.date')} data-testid="agenda-move-date" data-autofocus required value={date}
              error={errs.field(field)} onChange={(e) => { errs.clear(field); setDate(e.currentTarget.value); }} />
            {item.type === 'contact' && (
              <TextInput type="time" label={t('agenda_ui.move.time')} data-testid="agenda-move-time" required value={time}
                onChange={(e) => { errs.clear(field); setTime(e.currentTarget.value); }} />
            )}
          </Group>
          <Group justify="flex-end" mt="md" gap="xs">
            <CancelButton onClose={onClose} />
            <Button type="submit" data-testid="agenda-move-save" loading={saving}>{t('agenda_ui.move.save')}</Button>
          </Group>
        </form>
      )}
    </FormDialog>
  );
}
