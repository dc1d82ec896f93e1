// A firm's tasks: open ones (overdue first in red, as the core orders them) or done ones; a
// checkbox marks one done, a click edits it.
import { useEffect, useState } from 'react';
import { Badge, Button, Center, Checkbox, Group, Loader, SegmentedControl, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Task } from '../../shared/types.ts';
import { errorData, send } from '../api.ts';
import { useApp } from '../store.ts';
import { formatDate, formatIsoDate, todayIso } from '../ui/card-format.ts';
import { translateError } from '../ui/forms.ts';
import { toast } from '../ui/toast.tsx';
import { useRemote } from '../ui/useRemote.ts';

type State = 'open' | 'done' | 'all';

export function TasksTab({ firmId, onNew, onEdit }: { firmId: string; onNew(): void; onEdit(task: Task): void }) {
  const { t } = useTranslation();
  const [state, setState] = useState<State>('open');
  const list = useRemote('tasks.list', { firmId, state, today: todayIso() }, ['tasks', 'people', 'users']);
  return (
    <div data-testid="firm-card-tasks">
      <div className="tab-toolbar">
        <SegmentedControl size="xs" value={state} onChange={(v) => setState(v as State)} data-testid="task-state"
          data={[
            { value: 'open', label: t('card.tasks.state.open') },
            { value: 'done', label: t('card.tasks.state.done') },
            { value: 'all', label: t('card.tasks.state.all') },
          ]} />
        <Button variant="light" size="compact-xs" data-testid="task-new" onClick={onNew}>+ {t('card.tasks.new')}</Button>
      </div>
      {list.error && <Text c="red" size="sm">{translateError(t, list.error)}</Text>}
      {!list.data ? (list.error ? null : <Center p="md"><Loader size="xs" /></Center>) : list.data.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="tasks-empty">{state === 'done' ? t('card.tasks.none_done') : t('card.tasks.none')}</Text>
      ) : (
        <div data-testid="task-list">
          {list.data.map((task) => <TaskRow key={task.id} task={task} onEdit={() => onEdit(task)} />)}
        </div>
      )}
    </div>
  );
}

export function TaskRow({ task, onEdit }: { task: Task; onEdit(): void }) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const [busy, setBusy] = useState(false);
  // The tick shows at once; the list re-reads when the core has it (and an open list drops it).
  const [ticked, setTicked] = useState<boolean | null>(null);
  useEffect(() => { setTicked(null); }, [task.doneAt]);
  const done = ticked ?? task.doneAt !== null;
  const toggle = async (value: boolean) => {
    setBusy(true);
    setTicked(value);
    try {
      await send('tasks.setDone', { id: task.id, done: value });
      if (value) toast(t('card.tasks.marked_done'));
    } catch (e) {
      setTicked(null);
      toast(translateError(t, errorData(e)) ?? '', 'red');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className={`task-row${task.overdue ? ' overdue' : ''}${done ? ' done' : ''}`} data-testid="task-row" data-task-id={task.id}
      data-overdue={task.overdue ? 'true' : undefined} data-done={done ? 'true' : undefined}>
      <Checkbox checked={done} disabled={busy} data-testid="task-done" aria-label={t('card.tasks.mark_done')} mt={2}
        onChange={(e) => void toggle(e.currentTarget.checked)} />
      <div className="task-main" role="button" tabIndex={0} onClick={onEdit}
        onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); onEdit(); } }}>
        <Group gap={6} wrap="wrap">
          <Text size="sm" fw={500} className={done ? 'tls-done' : undefined} data-testid="task-row-title">{task.title}</Text>
          {task.priority !== 'normal' && (
            <Badge color={task.priority === 'high' ? 'orange' : 'gray'} variant="light">{t(`card.tasks.priorities.${task.priority}`)}</Badge>
          )}
          {task.overdue && <Badge color="red" variant="filled" data-testid="task-overdue">{t('card.tasks.overdue')}</Badge>}
        </Group>
        <div className="tl-meta">
          {task.dueDate ? (
            <Text span size="xs" fw={600} c={task.overdue ? 'red.7' : undefined} className="tabular" data-testid="task-due-date">
              {t('card.tasks.due_on', { date: formatIsoDate(task.dueDate, locale) })}
            </Text>
          ) : <Text span size="xs" c="dimmed">{t('card.tasks.no_due')}</Text>}
          <span>· {task.assigneeName}</span>
          {task.personName && <span className="dim">· {task.personName}</span>}
          {done && task.doneAt !== null && <span className="dim">· {t('card.tasks.done_on', { date: formatDate(task.doneAt, locale) })}</span>}
        </div>
        {task.note && <Text size="xs" c="dimmed" lineClamp={2} style={{ whiteSpace: 'pre-wrap' }}>{task.note}</Text>}
      </div>
    </div>
  );
}
