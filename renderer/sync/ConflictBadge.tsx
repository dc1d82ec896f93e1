// A record's conflict badge (firm card header): open conflicts of this firm's own fields, and a
// dialog to keep either value (ConflictList) — the same decision Settings → Team offers.
import { useState } from 'react';
import { Badge, Modal } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useRemote } from '../ui/useRemote.ts';
import { ConflictList } from './ConflictList.tsx';
import { useSync } from './sync-state.ts';

export function ConflictBadge({ tbl, rowId }: { tbl: string; rowId: string }) {
  const { t } = useTranslation();
  const configured = useSync((s) => s.status?.configured ?? false);
  const open = useSync((s) => s.status?.openConflicts ?? 0);
  const list = useRemote('sync.conflicts.list', configured ? { tbl, rowId } : null, ['firms', 'settings'], open);
  const [shown, setShown] = useState(false);
  const n = list.data?.length ?? 0;
  if (!configured || n === 0) return null;
  return (
    <>
      <Badge color="orange" variant="filled" size="sm" style={{ cursor: 'pointer' }} data-testid="conflict-badge"
        onClick={() => setShown(true)}>{t('sync_ui.conflicts', { count: n })}</Badge>
      <Modal opened={shown} onClose={() => setShown(false)} title={t('sync_ui.conflicts_title')} size="lg">
        <ConflictList conflicts={list.data ?? []} onResolved={() => { list.reload(); }} />
      </Modal>
    </>
  );
}
