// Conflicts a sync recorded (main/core/sync/apply.ts): two values of one field, both kept until
// the user picks one, which is written again as a new change and so wins on every laptop at
// the next sync; or a record a colleague deleted while this laptop edited it (it stays deleted).
import { useState } from 'react';
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SyncConflict } from '../../shared/sync-status.ts';
import type { SyncValue } from '../../shared/sync.ts';
import { errorData, send } from '../api.ts';
import { useApp } from '../store.ts';
import { formatDateTime } from '../ui/format.ts';
import { translateError } from '../ui/forms.ts';
import { useSync } from './sync-state.ts';

/** A field's name in the user's language where the UI has one; else the column as stored. */
export function fieldLabel(t: (k: string, o?: Record<string, unknown>) => string, tbl: string, col: string | null): string {
  if (col === null) return t('sync_ui.record');
  return t(`sync_ui.fields.${tbl}.${col}`, { defaultValue: t(`sync_ui.fields.any.${col}`, { defaultValue: col }) });
}

/** A move to the Trash that met an edit (apply.ts): restorable, unlike a deletion for good. */
const trashed = (c: SyncConflict) => c.kind === 'deleted' && c.col === 'deleted_at';

function shown(t: (k: string) => string, v: SyncValue): string {
  if (v === null || v === '') return t('sync_ui.empty_value');
  return String(v);
}

export function ConflictList({ conflicts, onResolved }: { conflicts: SyncConflict[]; onResolved: () => void }) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const navigate = useApp((s) => s.navigate);
  const [busy, setBusy] = useState<number | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const keep = (c: SyncConflict, side: 'mine' | 'theirs') => {
    setBusy(c.id);
    setFailed(null);
    void send('sync.conflicts.resolve', { id: c.id, keep: side })
      .then(() => { onResolved(); void useSync.getState().refresh(); }, (e: unknown) => setFailed(translateError(t, errorData(e)) ?? null))
      .finally(() => setBusy(null));
  };
  if (conflicts.length === 0) return <Text size="sm" c="dimmed" data-testid="conflicts-none">{t('sync_ui.no_conflicts')}</Text>;
  return (
    <Stack gap="xs" data-testid="conflict-list">
      {failed && <Alert color="red" data-testid="conflict-error">{failed}</Alert>}
      {conflicts.map((c) => (
        <div key={c.id} className="conflict" data-testid="conflict" data-kind={c.kind} data-col={c.col ?? ''}>
          <Group justify="space-between" gap={6}>
            <Text size="sm" fw={600}>
              {t(`sync_ui.tables.${c.tbl}`, { defaultValue: c.tbl })} · {fieldLabel(t, c.tbl, c.col)}
            </Text>
            {c.tbl === 'firms' && (
              <Button size="compact-xs" variant="subtle" onClick={() => navigate({ name: 'firm', id: c.rowId })}>{t('sync_ui.open_firm')}</Button>
            )}
          </Group>
          {trashed(c) ? (
            <Text size="sm" data-testid="conflict-trashed">{t('sync_ui.trashed_notice', { when: formatDateTime(c.remoteAt, locale), who: c.remoteUserName ?? c.remoteDevice })}</Text>
          ) : c.kind === 'deleted' ? (
            <Text size="sm" data-testid="conflict-deleted">{t('sync_ui.deleted_notice', { when: formatDateTime(c.remoteAt, locale) })}</Text>
          ) : (
            <div className="conflict-sides">
              <div data-testid="conflict-mine">
                <Text size="xs" c="dimmed">{t('sync_ui.mine', { when: c.localAt ? formatDateTime(c.localAt, locale) : '—' })}</Text>
                <Text size="sm">{shown(t, c.localValue)}</Text>
              </div>
              <div data-testid="conflict-theirs">
                <Text size="xs" c="dimmed">{t('sync_ui.theirs', { when: formatDateTime(c.remoteAt, locale), who: c.remoteUserName ?? c.remoteDevice })}</Text>
                <Text size="sm">{shown(t, c.remoteValue)}</Text>
              </div>
            </div>
          )}
          <Group gap={6} mt={4}>
            {(c.kind === 'field' || trashed(c)) && (
              <Button size="compact-xs" loading={busy === c.id} data-testid={trashed(c) ? 'conflict-restore' : 'conflict-keep-mine'} onClick={() => keep(c, 'mine')}>
                {trashed(c) ? t('sync_ui.restore') : t('sync_ui.keep_mine')}
              </Button>
            )}
            <Button size="compact-xs" variant="default" loading={busy === c.id} data-testid="conflict-keep-theirs" onClick={() => keep(c, 'theirs')}>
              {c.kind === 'field' ? t('sync_ui.keep_theirs') : trashed(c) ? t('sync_ui.leave_in_trash') : t('sync_ui.dismiss')}
            </Button>
          </Group>
        </div>
      ))}
    </Stack>
  );
}
