// The Trash: deleted firms, people, contacts, tasks and notes — what, who deleted it and when —
// restored with what went with them, or erased for good (one, or all at once) after asking.
import { useState } from 'react';
import { Alert, Badge, Button, Center, Group, Loader, Modal, NativeSelect, SegmentedControl, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TrashItem, TrashKind } from '../../shared/types.ts';
import { TRASH_KINDS } from '../../shared/types.ts';
import { errorData, send } from '../api.ts';
import { useApp } from '../store.ts';
import { formatDateTime, formatNumber } from '../ui/format.ts';
import { translateError } from '../ui/forms.ts';
import { toast } from '../ui/toast.tsx';
import { useRemote } from '../ui/useRemote.ts';

const PAGE = 200;
const KIND_COLORS: Record<TrashKind, string> = { firm: 'blue', person: 'grape', contact: 'teal', task: 'orange', note: 'yellow' };

type Asking = { name: 'none' } | { name: 'erase'; item: TrashItem } | { name: 'empty' };

export function Trash() {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const [kind, setKind] = useState<TrashKind | 'all'>('all');
  const [sort, setSort] = useState<'deleted' | 'name'>('deleted');
  const [limit, setLimit] = useState(PAGE);
  const trash = useRemote('trash.list', { kind: kind === 'all' ? null : kind, sort, locale, limit }, ['trash']);
  const [asking, setAsking] = useState<Asking>({ name: 'none' });
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const total = trash.data?.total ?? 0;

  const run = async (write: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setFailed(null);
    try {
      await write();
      setAsking({ name: 'none' });
      toast(done);
      trash.reload();
    } catch (e) {
      setFailed(translateError(t, errorData(e)) ?? null);
    } finally {
      setBusy(false);
    }
  };

  const restore = (item: TrashItem) => run(() => send('trash.restore', { id: item.id }), t('trash.restored', { name: item.name }));

  return (
    <div className="page" data-testid="trash">
      <div className="toolbar">
        <Title order={2}>{t('trash.title')}</Title>
        <SegmentedControl size="xs" data-testid="trash-kind" value={kind} onChange={(v) => { setKind(v as TrashKind | 'all'); setLimit(PAGE); }}
          data={[{ value: 'all', label: t('trash.all') }, ...TRASH_KINDS.map((k) => ({ value: k, label: t(`trash.kinds_plural.${k}`) }))]} />
        <NativeSelect size="xs" aria-label={t('trash.sort')} data-testid="trash-sort" value={sort}
          onChange={(e) => setSort(e.currentTarget.value as 'deleted' | 'name')}
          data={[{ value: 'deleted', label: t('trash.sort_deleted') }, { value: 'name', label: t('trash.sort_name') }]} />
        <div style={{ flex: 1 }} />
        <Button size="xs" color="red" variant="light" data-testid="trash-empty" disabled={total === 0}
          onClick={() => { setFailed(null); setAsking({ name: 'empty' }); }}>{t('trash.empty')}</Button>
      </div>
      <div className="page-scroll">
        <Text size="sm" c="dimmed" mb="sm">{t('trash.intro')}</Text>
        {failed && asking.name === 'none' && (
          <Alert color="red" mb="sm" data-testid="trash-error" withCloseButton onClose={() => setFailed(null)}>{failed}</Alert>
        )}
        {trash.error && !trash.data ? <Alert color="red">{translateError(t, trash.error)}</Alert>
          : !trash.data ? <Center p="md"><Loader size="sm" /></Center>
            : trash.data.rows.length === 0 ? <Text c="dimmed" data-testid="trash-none">{t('trash.none')}</Text> : (
              <Table verticalSpacing={4} fz="sm" highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('trash.what')}</Table.Th>
                    <Table.Th w={180}>{t('trash.who')}</Table.Th>
                    <Table.Th w={150}>{t('trash.when')}</Table.Th>
                    <Table.Th w={230} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {trash.data.rows.map((r) => (
                    <Table.Tr key={r.id} data-testid="trash-row" data-kind={r.kind} data-trash-id={r.id}>
                      <Table.Td>
                        <Badge size="xs" variant="light" color={KIND_COLORS[r.kind]} mr={6}>{t(r.isLead ? 'trash.kinds.lead' : `trash.kinds.${r.kind}`)}</Badge>
                        <Text span fw={600} data-testid="trash-name">{r.name}</Text>
                        {r.firmName && <Text span c="dimmed"> · {r.firmName}</Text>}
                        {r.withCount > 0 && <Text span size="xs" c="dimmed" ml={6} data-testid="trash-with">{t('trash.with', { count: r.withCount, n: formatNumber(r.withCount, locale) })}</Text>}
                        {r.firmInTrash && <Text size="xs" c="dimmed" data-testid="trash-firm-first">{t('trash.firm_in_trash')}</Text>}
                      </Table.Td>
                      <Table.Td data-testid="trash-who">{r.userName ?? <Text span c="dimmed">{t('trash.unknown_user')}</Text>}</Table.Td>
                      <Table.Td className="tabular" data-testid="trash-when">{formatDateTime(r.at, locale)}</Table.Td>
                      <Table.Td>
                        <Group gap={4} justify="flex-end" wrap="nowrap">
                          <Button size="compact-xs" variant="light" data-testid="trash-restore" disabled={busy || r.firmInTrash}
                            title={r.firmInTrash ? t('trash.firm_in_trash') : undefined} onClick={() => void restore(r)}>{t('trash.restore')}</Button>
                          <Button size="compact-xs" variant="subtle" color="red" data-testid="trash-erase" disabled={busy}
                            onClick={() => { setFailed(null); setAsking({ name: 'erase', item: r }); }}>{t('trash.erase')}</Button>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
        {trash.data && trash.data.rows.length < total && (
          <Center mt="sm">
            <Button variant="subtle" size="xs" data-testid="trash-more" onClick={() => setLimit((l) => l + PAGE)}>
              {t('trash.more', { shown: formatNumber(trash.data.rows.length, locale), total: formatNumber(total, locale) })}
            </Button>
          </Center>
        )}
      </div>
      <Modal opened={asking.name !== 'none'} onClose={() => setAsking({ name: 'none' })} size="sm"
        title={asking.name === 'empty' ? t('trash.empty_title') : t('trash.erase_title')}>
        <Text size="sm" data-testid="trash-confirm-text">
          {asking.name === 'erase'
            ? asking.item.withCount > 0
              ? t('trash.erase_confirm_with', { name: asking.item.name, count: asking.item.withCount, n: formatNumber(asking.item.withCount, locale) })
              : t('trash.erase_confirm', { name: asking.item.name })
            : t('trash.empty_confirm', { count: total, n: formatNumber(total, locale) })}
        </Text>
        {failed && <Alert color="red" mt="sm">{failed}</Alert>}
        <Group justify="flex-end" mt="md" gap="xs">
          <Button variant="default" onClick={() => setAsking({ name: 'none' })} data-autofocus>{t('common.cancel')}</Button>
          <Button color="red" loading={busy} data-testid="trash-confirm"
            onClick={() => {
              if (asking.name === 'erase') void run(() => send('trash.erase', { id: asking.item.id }), t('trash.erased', { name: asking.item.name }));
              else if (asking.name === 'empty') void run(() => send('trash.empty', {}), t('trash.emptied'));
            }}>{asking.name === 'empty' ? t('trash.empty') : t('trash.erase')}</Button>
        </Group>
      </Modal>
    </div>
  );
}
