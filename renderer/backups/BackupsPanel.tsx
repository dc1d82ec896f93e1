// Settings → Backups: the backups in the default folder with their dates and sizes, "Back up
// now", and restoring one — after a confirmation that says the current state is kept aside
// (main/core/backups/). In the desktop app a file dialog can also choose where to back up to
// and which file to restore from (a USB stick); the browser host only has the default folder.
import { useState } from 'react';
import { Alert, Badge, Button, Center, Group, Loader, Modal, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BackupEntry } from '../../shared/types.ts';
import { errorData, getBridge, send } from '../api.ts';
import { useApp } from '../store.ts';
import { formatDateTime } from '../ui/format.ts';
import { formatBytes } from '../ui/card-format.ts';
import { translateError } from '../ui/forms.ts';
import { useRemote } from '../ui/useRemote.ts';
import { toast } from '../ui/toast.tsx';

type Asking = { name: 'none' } | { name: 'restore'; backup: BackupEntry } | { name: 'restore-file'; path: string };

export function BackupsPanel() {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const list = useRemote('backups.list', {}, ['settings']);
  const [busy, setBusy] = useState<'run' | 'restore' | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [asking, setAsking] = useState<Asking>({ name: 'none' });
  const choose = getBridge().choosePath;

  /** One backup or restore at a time; its failure is shown in the panel (or the open dialog). */
  const act = (kind: 'run' | 'restore', work: () => Promise<void>) => {
    setBusy(kind);
    setFailed(null);
    void work()
      .then(() => list.reload(), (e: unknown) => setFailed(translateError(t, errorData(e)) ?? null))
      .finally(() => setBusy(null));
  };
  const backUp = (target?: string) => act('run', async () => {
    const done = await send('backups.run', target ? { target } : {});
    toast(t('backups.done', { path: done.path }));
  });
  const restore = (input: { name: string } | { path: string }) => act('restore', async () => {
    const done = await send('backups.restore', input);
    setAsking({ name: 'none' });
    toast(t('backups.restored', { file: done.keptAside ?? '—' }), 'green', 8000);
  });

  return (
    <section className="panel" data-testid="settings-backups">
      <div className="panel-title">
        <h3>{t('backups.title')}</h3>
        <Group gap={6}>
          {choose && (
            <Button size="compact-xs" variant="default" disabled={busy !== null} data-testid="backup-to"
              onClick={() => void choose('backup').then((p) => { if (p) backUp(p); })}>{t('backups.run_to')}</Button>
          )}
          <Button size="compact-xs" loading={busy === 'run'} disabled={busy !== null} data-testid="backup-now" onClick={() => backUp()}>
            {t('backups.run')}
          </Button>
        </Group>
      </div>
      <Text size="xs" c="dimmed">{t('backups.intro')}</Text>
      {list.data && <Text size="xs" c="dimmed" mb="xs" data-testid="backups-folder" style={{ overflowWrap: "anywhere" }}>{t('backups.folder', { folder: list.data.folder })}</Text>}
      {failed && asking.name === 'none' && <Alert color="red" mb="xs" data-testid="backups-error">{failed}</Alert>}
      {list.error && !list.data ? <Alert color="red">{translateError(t, list.error)}</Alert>
        : !list.data ? <Center p="sm"><Loader size="xs" /></Center>
          : list.data.backups.length === 0 ? <Text size="sm" c="dimmed" data-testid="backups-none">{t('backups.empty')}</Text>
            : (
              // A short list by design (7 days, 4 weeks, and the few made by hand): no scrolling.
              <Table verticalSpacing={3} fz="xs" data-testid="backups-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('backups.col_date')}</Table.Th>
                    <Table.Th>{t('backups.col_kind')}</Table.Th>
                    <Table.Th ta="right">{t('backups.col_size')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.data.backups.map((b) => (
                    <Table.Tr key={b.name} data-testid="backup-row" data-kind={b.kind} title={b.path}>
                      <Table.Td className="nowrap">{formatDateTime(b.time, locale)}</Table.Td>
                      <Table.Td><Badge size="xs" variant="light" color={b.kind === 'auto' ? 'gray' : 'blue'}>{t(`backups.kind.${b.kind}`)}</Badge></Table.Td>
                      <Table.Td ta="right" className="nowrap">{formatBytes(b.size, locale)}</Table.Td>
                      <Table.Td ta="right">
                        <Button size="compact-xs" variant="subtle" data-testid="backup-restore" disabled={busy !== null}
                          onClick={() => { setFailed(null); setAsking({ name: 'restore', backup: b }); }}>{t('backups.restore')}</Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
      {choose && (
        <Button size="compact-xs" variant="subtle" mt={4} disabled={busy !== null} data-testid="restore-from-file"
          onClick={() => void choose('restore').then((p) => { if (p) { setFailed(null); setAsking({ name: 'restore-file', path: p }); } })}>
          {t('backups.restore_file')}
        </Button>
      )}
      <Modal opened={asking.name !== 'none'} onClose={() => { if (busy === null) setAsking({ name: 'none' }); }} size="md" title={t('backups.restore_title')}>
        <Text size="sm" data-testid="backup-restore-text">
          {asking.name === 'restore' ? t('backups.restore_body', { date: formatDateTime(asking.backup.time, locale) })
            : asking.name === 'restore-file' ? t('backups.restore_file_body', { file: asking.path }) : null}
        </Text>
        {failed && <Alert color="red" mt="sm" data-testid="backup-restore-error">{failed}</Alert>}
        <Group justify="flex-end" mt="md" gap="xs">
          <Button variant="default" disabled={busy !== null} onClick={() => setAsking({ name: 'none' })} data-autofocus>{t('common.cancel')}</Button>
          <Button color="orange" loading={busy === 'restore'} data-testid="backup-restore-confirm"
            onClick={() => {
              if (asking.name === 'restore') restore({ name: asking.backup.name });
              else if (asking.name === 'restore-file') restore({ path: asking.path });
            }}>{t('backups.restore_confirm')}</Button>
        </Group>
      </Modal>
    </section>
  );
}
