// The status bar's sync line (sidebar bottom): when this laptop last synced, how much waits to go
// out, "Sync now", and the last failure in words — or nothing at all for a laptop alone.
import { useEffect } from 'react';
import { ActionIcon, Badge, Group, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useApp } from '../store.ts';
import { formatDateTime, formatTime } from '../ui/format.ts';
import { translateError } from '../ui/forms.ts';
import { toast } from '../ui/toast.tsx';
import { startAutoSync, useSync } from './sync-state.ts';

export function SyncStatus() {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const navigate = useApp((s) => s.navigate);
  const status = useSync((s) => s.status);
  const running = useSync((s) => s.running);
  const failure = useSync((s) => s.lastFailure);
  useEffect(() => startAutoSync(), []);
  if (!status?.configured) return null;

  const sameDay = status.lastSyncAt !== null && new Date(status.lastSyncAt).toDateString() === new Date().toDateString();
  const last = status.lastSyncAt === null ? t('sync_ui.never')
    : sameDay ? formatTime(status.lastSyncAt, locale) : formatDateTime(status.lastSyncAt, locale);
  const problem = failure ? translateError(t, failure) : status.lastError ? t(status.lastError) : null;
  const syncNow = () => void useSync.getState().syncNow().then((r) => {
    if (r) toast(t('sync_ui.done', { pulled: r.pulled, pushed: r.pushed }));
  });

  return (
    <div className="sync-status" data-testid="sync-status" data-running={running ? '1' : '0'}>
      <Group gap={6} wrap="nowrap" justify="space-between">
        <Text size="xs" c={problem ? 'red' : 'dimmed'} truncate data-testid="sync-last">
          {running ? t('sync_ui.running') : t('sync_ui.last', { when: last })}
        </Text>
        <Tooltip label={t('sync_ui.now')}>
          <ActionIcon size="sm" variant="subtle" aria-label={t('sync_ui.now')} data-testid="sync-now" loading={running} onClick={syncNow}>⟳</ActionIcon>
        </Tooltip>
      </Group>
      <Group gap={6}>
        <Text size="xs" c="dimmed" data-testid="sync-waiting" data-n={status.waiting}>
          {status.waiting === 0 ? t('sync_ui.nothing_waiting') : t('sync_ui.waiting', { count: status.waiting })}
        </Text>
        {status.openConflicts > 0 && (
          <Badge size="xs" color="orange" style={{ cursor: 'pointer' }} data-testid="sync-conflicts-badge"
            onClick={() => navigate({ name: 'settings' })}>{t('sync_ui.conflicts', { count: status.openConflicts })}</Badge>
        )}
      </Group>
      {problem && <Text size="xs" c="red" lineClamp={3} title={problem} data-testid="sync-error">{problem}</Text>}
    </div>
  );
}
