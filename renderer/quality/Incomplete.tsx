// Data quality, part two: firms whose cards lack what the office relies on (IČO, an address, a
// phone, a person with an e-mail, an owner, a segment), least complete first.
import { Alert, Center, Group, Loader, NativeSelect, Progress, Select, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { create } from 'zustand';
import { useApp } from '../store.ts';
import { companyIdName } from '../../shared/company-ids.ts';
import { formatNumber } from '../ui/format.ts';
import { translateError } from '../ui/forms.ts';
import { useRemote } from '../ui/useRemote.ts';
import { foldFilter, segmentGroups } from '../segments/common.tsx';

/** The filters outlive a visit to a card. */
const useIncompleteFilters = create<{ segmentId: string | null; ownerId: string | null; set(p: { segmentId?: string | null; ownerId?: string | null }): void }>()(
  (set) => ({ segmentId: null, ownerId: null, set: (p) => set(p) }));

export function scoreColor(score: number): string {
  return score >= 80 ? 'teal' : score >= 50 ? 'yellow' : 'red';
}

export function Incomplete() {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const users = useApp((s) => s.users);
  const navigate = useApp((s) => s.navigate);
  const { segmentId, ownerId, set } = useIncompleteFilters();
  const percent = new Intl.NumberFormat(locale === 'en' ? 'en-GB' : locale, { style: 'percent' });
  const segments = useRemote('segments.list', {}, ['segments']);
  const list = useRemote('firms.incomplete', { segmentId, ownerId, locale },
    ['firms', 'addresses', 'channels', 'people', 'segment_members', 'segments', 'users']);

  return (
    <div className="page">
      <div className="toolbar">
        <Title order={2} mr="md">{t('screens.incomplete.title')}</Title>
        <Select
          data-testid="incomplete-segment"
          aria-label={t('screens.incomplete.segment')}
          placeholder={t('screens.incomplete.all_segments')}
          size="sm"
          style={{ flex: '0 1 220px' }}
          data={segmentGroups(t, segments.data ?? [])}
          value={segmentId}
          onChange={(v) => set({ segmentId: v })}
          searchable
          clearable
          filter={foldFilter}
          selectFirstOptionOnChange
          nothingFoundMessage={t('common.nothing_found')}
        />
        <NativeSelect
          data-testid="incomplete-owner"
          aria-label={t('firms.owner')}
          size="sm"
          style={{ flex: '0 1 180px' }}
          value={ownerId ?? ''}
          onChange={(e) => set({ ownerId: e.currentTarget.value || null })}
          data={[{ value: '', label: t('firms.all_owners') }, ...users.map((u) => ({ value: u.id, label: u.name }))]}
        />
        {list.data && <Text size="sm" c="dimmed" ml="auto" data-testid="incomplete-count">{t('screens.incomplete.count', { n: formatNumber(list.data.length, locale) })}</Text>}
      </div>
      <div className="page-scroll">
        <Text size="xs" c="dimmed" mb="xs">{t('screens.incomplete.intro')}</Text>
        {list.error && !list.data ? <Alert color="red" maw={520}>{translateError(t, list.error)}</Alert>
          : !list.data ? <Center p="lg"><Loader size="sm" /></Center>
            : list.data.length === 0 ? <Text c="dimmed" size="sm" ta="center" p="xl" data-testid="incomplete-empty">{t('screens.incomplete.none')}</Text>
              : (
                <div className="panel table-panel">
                  <Table highlightOnHover verticalSpacing={4} fz="sm" className="click-table">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('firms.name')}</Table.Th>
                        <Table.Th w={170}>{t('screens.incomplete.score')}</Table.Th>
                        <Table.Th>{t('screens.incomplete.missing')}</Table.Th>
                        <Table.Th>{t('firms.owner')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {list.data.map((f) => (
                        <Table.Tr key={f.id} data-testid="incomplete-row" data-firm-id={f.id} tabIndex={0}
                          onClick={() => navigate({ name: 'firm', id: f.id })}
                          onKeyDown={(e) => { if (e.key === 'Enter') navigate({ name: 'firm', id: f.id }); }}>
                          <Table.Td fw={600}>{f.name}</Table.Td>
                          <Table.Td>
                            <Group gap={6} wrap="nowrap">
                              <Progress value={f.completeness.score} color={scoreColor(f.completeness.score)} size="md" style={{ flex: 1 }}
                                aria-label={t('screens.incomplete.score')} />
                              <Text size="xs" w={40} ta="right" data-testid="incomplete-score">{percent.format(f.completeness.score / 100)}</Text>
                            </Group>
                          </Table.Td>
                          <Table.Td>
                            <Group gap={4}>
                              {f.completeness.missing.map((m) => (
                                <span key={m} className="missing-item" data-testid="incomplete-missing">{m === 'ico' ? companyIdName(f.country, 'ico') : t(`screens.completeness.${m}`)}</span>
                              ))}
                            </Group>
                          </Table.Td>
                          <Table.Td>{f.ownerName ?? <span className="dim">—</span>}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </div>
              )}
      </div>
    </div>
  );
}
