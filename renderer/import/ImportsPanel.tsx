// Settings: the imports — who imported which file when, what it did, and Undo (refused with the
// reason when the imported records were changed since; see main/core/import/undo.ts).
import { useState } from 'react';
import { Alert, Button, Center, Loader, ScrollArea, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../shared/errors.ts';
import { errorData, send } from '../api.ts';
import { useApp } from '../store.ts';
import { formatDateTime, formatNumber } from '../ui/format.ts';
import { translateError } from '../ui/forms.ts';
import { useRemote } from '../ui/useRemote.ts';

export function ImportsPanel() {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const log = useRemote('imports.list', { limit: 200 }, ['imports', 'users']);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const undo = async (id: string) => {
    setBusy(id);
    setError(null);
    try { await send('imports.undo', { id }); } catch (e) { setError(errorData(e)); } finally { setBusy(null); }
  };
  return (
    <section className="panel" data-testid="settings-imports">
      <div className="panel-title"><h3>{t('import.log.title')}</h3></div>
      <Text size="xs" c="dimmed" mb="xs">{t('import.log.intro')}</Text>
      {error && <Alert color="red" mb="xs" data-testid="imports-error">{translateError(t, error)}</Alert>}
      {log.error && !log.data ? <Alert color="red">{translateError(t, log.error)}</Alert>
        : !log.data ? <Center p="sm"><Loader size="xs" /></Center>
          : log.data.length === 0 ? <Text size="sm" c="dimmed" data-testid="imports-none">{t('import.log.none')}</Text>
            : (
              <ScrollArea.Autosize mah={360} type="auto">
                <Table verticalSpacing={3} fz="xs" stickyHeader>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('import.log.when')}</Table.Th>
                      <Table.Th>{t('import.log.who')}</Table.Th>
                      <Table.Th>{t('import.log.file')}</Table.Th>
                      <Table.Th>{t('import.log.what')}</Table.Th>
                      <Table.Th ta="right">{t('import.log.created')}</Table.Th>
                      <Table.Th ta="right">{t('import.log.updated')}</Table.Th>
                      <Table.Th />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {log.data.map((e) => (
                      <Table.Tr key={e.id} data-testid="imports-row" data-undone={e.undoneAt !== null}>
                        <Table.Td className="nowrap">{formatDateTime(e.at, locale)}</Table.Td>
                        <Table.Td className="nowrap">{e.userName}</Table.Td>
                        <Table.Td title={e.fileName}>{e.fileName}</Table.Td>
                        <Table.Td className="nowrap">{t(`import.kinds.${e.kind}`)}</Table.Td>
                        <Table.Td ta="right">{formatNumber(e.counts.created ?? 0, locale)}</Table.Td>
                        <Table.Td ta="right">{formatNumber(e.counts.updated ?? 0, locale)}</Table.Td>
                        <Table.Td className="nowrap">
                          {e.undoneAt !== null
                            ? <Text size="xs" c="dimmed">{t('import.log.undone', { who: e.undoneByName ?? '', when: formatDateTime(e.undoneAt, locale) })}</Text>
                            : <Button size="compact-xs" variant="default" loading={busy === e.id} onClick={() => void undo(e.id)} data-testid="imports-undo">{t('import.log.undo')}</Button>}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollArea.Autosize>
            )}
    </section>
  );
}
