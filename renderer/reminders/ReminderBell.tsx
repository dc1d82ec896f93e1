// The reminder bell in the sidebar: a badge with the acting user's due reminders (not dismissed,
// their — possibly snoozed — time has come) and their list: open the firm, snooze, dismiss.
// Due is decided by the core's clock, so the list is re-read every 30 s as well as whenever
// reminders (or what they remind of) change.
//
// Reminders missed while the app was closed are simply the ones already due at start: a one-time
// notice says how many there are. The renderer never calls reminders.markShown: `shown` means the
// desktop shell raised the OS notification (main/electron/reminders.ts). Marking them here would
// race that poller at start and swallow the desktop notifications; in the browser host there are
// none, and the badge counts due reminders whether shown or not.
import { useEffect, useState } from 'react';
import { ActionIcon, Affix, Anchor, Badge, Button, Group, Notification, Popover, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Reminder } from '../../shared/types.ts';
import { errorData, send } from '../api.ts';
import { useApp } from '../store.ts';
import { formatDateTime, formatTime } from '../ui/format.ts';
import { translateError } from '../ui/forms.ts';
import { toast } from '../ui/toast.tsx';
import { useRemote } from '../ui/useRemote.ts';
import { format } from 'date-fns/format';
import { dateLocale } from '../i18n/index.ts';
import { parseIsoDate } from '../agenda/calendar.ts';
import { SNOOZES, missedAtStart, snoozeUntil, type Snooze } from './snooze.ts';
import { BellIcon } from './BellIcon.tsx';
import '../agenda/agenda.css';

export const REMINDER_POLL_MS = 30_000;
const MISSED_NOTICE_MS = 15_000;
/** When this window started; reminders due before it were missed while the app was closed. */
const STARTED_AT = Date.now();
/** The missed-reminders notice is shown once per window, not on every remount. */
let startupChecked = false;

export function ReminderBell() {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const navigate = useApp((s) => s.navigate);
  const [tick, setTick] = useState(0);
  const [opened, setOpened] = useState(false);
  const [snoozing, setSnoozing] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [missed, setMissed] = useState<number | null>(null);

  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), REMINDER_POLL_MS);
    return () => clearInterval(timer);
  }, []);
  const due = useRemote('reminders.list', { state: 'due' }, ['reminders', 'contacts', 'tasks', 'opportunities', 'firms'], tick);
  const list = due.data ?? [];
  const count = list.length;

  useEffect(() => {
    if (!due.data || startupChecked) return;
    startupChecked = true;
    const n = missedAtStart(due.data, STARTED_AT);
    if (n > 0) setMissed(n);
  }, [due.data]);

  useEffect(() => {
    if (missed === null) return;
    const timer = setTimeout(() => setMissed(null), MISSED_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [missed]);

  const open = (v: boolean) => {
    setOpened(v);
    setSnoozing(null);
    if (v) { setMissed(null); due.reload(); }
  };

  const act = async (r: Reminder, what: Snooze | 'dismiss') => {
    setBusy(r.id);
    try {
      if (what === 'dismiss') await send('reminders.dismiss', { id: r.id });
      else await send('reminders.snooze', { id: r.id, until: snoozeUntil(what, Date.now()) });
      setSnoozing(null);
      due.reload();
    } catch (e) {
      toast(translateError(t, errorData(e)) ?? '', 'red', 6000);
    } finally {
      setBusy(null);
    }
  };

  const goTo = (r: Reminder) => {
    if (r.firmId) navigate({ name: 'firm', id: r.firmId });
    else if (r.opportunityId) navigate({ name: 'opportunity', id: r.opportunityId });
    else return;
    open(false);
  };

  const when = (r: Reminder) => {
    if (r.eventAt !== null) return formatDateTime(r.eventAt, locale);
    const d = r.eventDate ? parseIsoDate(r.eventDate) : null;
    return d ? t('agenda_ui.reminders.due_on', { date: format(d, 'P', { locale: dateLocale(locale) }) }) : '';
  };

  /** When the reminder rang: the time today, with the day when it was another one. */
  const remindedAt = (at: number) => (new Date(at).toDateString() === new Date().toDateString()
    ? formatTime(at, locale) : formatDateTime(at, locale));

  const label = t('agenda_ui.reminders.bell');
  return (
    <span className="bell-wrap" style={{ position: 'relative', display: 'inline-block' }}>
      <Popover opened={opened} onChange={open} position="right-start" width={360} shadow="md" withArrow>
        <Popover.Target>
          <ActionIcon variant={count > 0 ? 'light' : 'subtle'} color={count > 0 ? 'red' : 'gray'} size="md"
            aria-label={count > 0 ? `${label}: ${count}` : label} title={label} data-testid="reminder-bell" data-count={count}
            onClick={() => open(!opened)}>
            <BellIcon size={16} />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown data-testid="reminder-list">
          <Text fw={600} size="sm" mb={6}>{t('agenda_ui.reminders.title')}</Text>
          {due.error && <Text c="red" size="sm">{translateError(t, due.error)}</Text>}
          {count === 0 ? (
            <Text size="sm" c="dimmed" data-testid="reminder-empty">{t('agenda_ui.reminders.empty')}</Text>
          ) : (
            <div className="rem-list">
              {list.map((r) => (
                <div key={r.id} className="rem-item" data-testid="reminder-item" data-id={r.id} data-kind={r.kind}>
                  <button type="button" className="rem-open" data-testid="reminder-open" onClick={() => goTo(r)} title={r.title}>
                    {r.title || t(`agenda_ui.reminders.kinds.${r.kind}`)}
                    <span className="rem-meta" style={{ display: 'block', fontWeight: 400 }}>
                      {t(`agenda_ui.reminders.kinds.${r.kind}`)}{r.firmName ? ` · ${r.firmName}` : ''}
                    </span>
                    <span className="rem-meta" style={{ display: 'block', fontWeight: 400 }}>
                      {when(r)}
                      {' · '}{t('agenda_ui.reminders.rang', { time: remindedAt(r.at) })}
                    </span>
                  </button>
                  <Group gap={4} mt={4}>
                    <Button size="compact-xs" variant="light" data-testid="reminder-snooze" disabled={busy === r.id}
                      aria-expanded={snoozing === r.id} onClick={() => setSnoozing(snoozing === r.id ? null : r.id)}>
                      {t('agenda_ui.reminders.snooze')}
                    </Button>
                    <Button size="compact-xs" variant="subtle" color="gray" data-testid="reminder-dismiss" loading={busy === r.id}
                      onClick={() => void act(r, 'dismiss')}>
                      {t('agenda_ui.reminders.dismiss')}
                    </Button>
                  </Group>
                  {snoozing === r.id && (
                    <Group gap={4} mt={4}>
                      {SNOOZES.map((s) => (
                        <Button key={s} size="compact-xs" variant="default" data-testid={`reminder-snooze-${s}`} disabled={busy === r.id}
                          onClick={() => void act(r, s)}>
                          {t(`agenda_ui.reminders.snooze_${s}`)}
                        </Button>
                      ))}
                    </Group>
                  )}
                </div>
              ))}
            </div>
          )}
        </Popover.Dropdown>
      </Popover>
      {count > 0 && (
        <Badge size="xs" circle={count < 10} color="red" variant="filled" data-testid="reminder-badge" aria-hidden
          style={{ position: 'absolute', top: -4, right: -6, pointerEvents: 'none' }}>
          {count > 99 ? '99+' : count}
        </Badge>
      )}
      {missed !== null && (
        <Affix position={{ bottom: 16, right: 16 }} zIndex={300}>
          <Notification data-testid="reminder-missed" color="orange" title={label} onClose={() => setMissed(null)} maw={360}
            closeButtonProps={{ 'aria-label': t('card.close') }}>
            {t('agenda_ui.reminders.missed', { count: missed })}{' '}
            <Anchor component="button" type="button" size="sm" data-testid="reminder-missed-show" onClick={() => open(true)}>
              {t('agenda_ui.reminders.show')}
            </Anchor>
          </Notification>
        </Affix>
      )}
    </span>
  );
}
