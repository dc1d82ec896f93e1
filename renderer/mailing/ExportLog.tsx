// Settings: the export log — who exported which selection, when, how many rows (and how many
// were left out), in which format, to which file. Data-protection accountability.
import { Alert, Center, Loader, ScrollArea, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useApp } from '../store.ts';
import { formatDateTime, formatNumber } from '../ui/format.ts';
import { translateError } from '../ui/forms.ts';
import { useRemote } from '../ui/useRemote.ts';
import './mailing.css';

export function ExportLog() {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const log = useRemote('exports.log', { limit: 200 }, ['export_log', 'selections', 'users']);
  return (
    <section className="panel mailing-log" data-testid="settings-export-log">
      <div className="panel-title"><h3>{t('mailing.log.title')}</h3></div>
      <Text size="xs" c="dimmed" mb="xs">{t('mailing.log.intro')}</Text>
      {log.error && !log.data ? <Alert color="red" data-testid="export-log-error">{translateError(t, log.error)}</Alert>
        : !log.data ? <Center p="sm"><Loader size="xs" /></Center>
          : log.data.length === 0 ? <Text size="sm" c="dimmed" data-testid="export-log-none">{t('mailing.log.none')}</Text>
            : (
              <ScrollArea.Autosize mah={360} type="auto">
                <Table verticalSpacing={3} fz="xs" stickyHeader>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('mailing.log.when')}</Table.Th>
                      <Table.Th>{t('mailing.log.who')}</Table.Th>
                      <Table.Th>{t('mailing.log.selection')}</Table.Th>
                      <Table.Th>{t('mailing.log.format')}</Table.Th>
                      <Table.Th ta="right">{t('mailing.log.rows')}</Table.Th>
                      <Table.Th ta="right">{t('mailing.log.excluded')}</Table.Th>
                      <Table.Th>{t('mailing.log.file')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {log.data.map((e) => (
                      <Table.Tr key={e.id} data-testid="export-log-row" data-format={e.format} data-rows={e.rows}>
                        <Table.Td className="nowrap">{formatDateTime(e.at, locale)}</Table.Td>
                        <Table.Td>{e.userName}</Table.Td>
                        <Table.Td>{e.selectionName || <span className="dim">{t('mailing.log.unsaved')}</span>}</Table.Td>
                        <Table.Td className="nowrap">{t(`mailing.format.${e.format}`, { defaultValue: e.format })}</Table.Td>
                        <Table.Td ta="right">{formatNumber(e.rows, locale)}</Table.Td>
                        <Table.Td ta="right">{formatNumber(e.excluded, locale)}</Table.Td>
                        <Table.Td className="mailing-file" title={e.fileName}>{e.fileName}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollArea.Autosize>
            )}
    </section>
  );
}
