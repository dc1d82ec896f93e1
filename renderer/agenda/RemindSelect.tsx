// The "Reminder" select of the contact, completion and task dialogs. The value is a choice
// (remind.ts turns it into `remindAt`); a reminder set some other way shows as "As set: …" and
// stays as it was unless the user picks another.
import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useApp } from '../store.ts';
import { formatDateTime } from '../ui/format.ts';
import {
  CONTACT_REMINDS, TASK_REMINDS, contactRemindAt, taskRemindAt,
  type ContactRemind, type ContactRemindState, type TaskRemind, type TaskRemindState,
} from './remind.ts';

export function ContactRemindSelect({ value, at, onChange, error, testId, disabled }: {
  value: ContactRemindState;
  /** The contact's time (null while the date is being typed). */
  at: number | null;
  onChange(v: ContactRemindState): void;
  error?: string;
  testId: string;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const customAt = value.choice === 'custom' && at !== null ? contactRemindAt(value, at) : null;
  const data = [
    ...CONTACT_REMINDS.map((c) => ({ value: c, label: t(`agenda_ui.remind.${c}`) })),
    ...(value.choice === 'custom' ? [{ value: 'custom', label: t('agenda_ui.remind.custom', { when: customAt === null ? '…' : formatDateTime(customAt, locale) }) }] : []),
  ];
  return (
    <NativeSelect label={t('agenda_ui.remind.label')} data-testid={testId} value={value.choice} error={error} disabled={disabled} data={data}
      onChange={(e) => {
        const choice = e.currentTarget.value as ContactRemind;
        onChange(choice === 'custom' ? value : { choice, customBefore: 0 });
      }} />
  );
}

const TASK_LABELS: Record<Exclude<TaskRemind, 'custom'>, string> = {
  none: 'agenda_ui.remind.none', due: 'agenda_ui.remind.task_due', '1d': 'agenda_ui.remind.task_1d',
  '2d': 'agenda_ui.remind.task_2d', '1w': 'agenda_ui.remind.task_1w',
};

export function TaskRemindSelect({ value, dueDate, onChange, error, testId }: {
  value: TaskRemindState;
  dueDate: string | null;
  onChange(v: TaskRemindState): void;
  error?: string;
  testId: string;
}) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const customAt = value.choice === 'custom' ? taskRemindAt(value, dueDate) : null;
  const data = [
    ...TASK_REMINDS.map((c) => ({ value: c, label: t(TASK_LABELS[c]), disabled: c !== 'none' && !dueDate })),
    ...(value.choice === 'custom' ? [{ value: 'custom', label: t('agenda_ui.remind.custom', { when: customAt === null ? '…' : formatDateTime(customAt, locale) }) }] : []),
  ];
  const needsDue = !dueDate && value.choice !== 'none' && value.choice !== 'custom';
  return (
    <NativeSelect label={t('agenda_ui.remind.label')} data-testid={testId} value={value.choice} data={data}
      error={error ?? (needsDue ? t('agenda_ui.remind.task_needs_due') : undefined)}
      description={!dueDate && value.choice === 'none' ? t('agenda_ui.remind.task_needs_due') : undefined}
      onChange={(e) => {
        const choice = e.currentTarget.value as TaskRemind;
        onChange(choice === 'custom' ? value : { choice, customAt: null, customDue: null });
      }} />
  );
}
