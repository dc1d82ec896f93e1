// A segment or group opened like a firm: who is in it, how busy the office has been with them,
// and one timeline of everything that happened with any member.
import { useMemo, useState } from 'react';
import { ActionIcon, Alert, Anchor, Badge, Button, Center, Group, Loader, Modal, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Segment } from '../../shared/types.ts';
import { errorData, send } from '../api.ts';
import { useApp } from '../store.ts';
import { formatNumber } from '../ui/format.ts';
import { translateError } from '../ui/forms.ts';
import { useRemote } from '../ui/useRemote.ts';
import { formatShortDate } from '../settings/fieldFormat.ts';
import { TimelineStream } from '../timeline/TimelineStream.tsx';
import { AddFirmsModal, SEGMENT_COLORS } from './common.tsx';
import { SegmentForm } from './SegmentForm.tsx';

type Dialog = 'none' | 'edit' | 'delete' | 'add';

export function SegmentCardView({ id }: { id: string }) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const navigate = useApp((s) => s.navigate);
  const [version, setVersion] = useState(0);
  const card = useRemote('segments.get', { id, locale }, ['segments', 'segment_members', 'firms', 'addresses', 'people', 'contacts', 'tasks', 'users'], version);
  const [dialog, setDialog] = useState<Dialog>('none');
  const [failed, setFailed] = useState<string | null>(null);
  const close = () => setDialog('none');
  const members = card.data?.members;
  const memberIds = useMemo(() => new Set((members ?? []).map((m) => m.id)), [members]);

  if (card.error && (!card.data || card.error.code === 'not_found')) {
    return (
      <div className="page-scroll">
        <Alert color={card.error.code === 'not_found' ? 'yellow' : 'red'} data-testid="segment-card-error" maw={520}>
          {card.error.code === 'not_found' ? t('screens.segment.not_found') : translateError(t, card.error)}
        </Alert>
        <Button mt="md" variant="default" onClick={() => navigate({ name: 'segments' })}>← {t('screens.segment.back')}</Button>
      </div>
    );
  }
  if (!card.data) return <Center h="100%"><Loader size="sm" /></Center>;
  const { segment, counts } = card.data;

  const removeMember = async (firmId: string) => {
    setFailed(null);
    try {
      await send('segments.members', { id: segment.id, remove: [firmId] });
      setVersion((v) => v + 1);
    } catch (e) {
      setFailed(translateError(t, errorData(e)) ?? null);
    }
  };

  const stats: [string, number, string][] = [
    ['members', counts.members, t('screens.segment.count_members')],
    ['people', counts.people, t('screens.segment.count_people')],
    ['contacts', counts.contacts90d, t('screens.segment.count_contacts90d')],
    ['planned', counts.planned, t('screens.segment.count_planned')],
    ['tasks', counts.openTasks, t('screens.segment.count_open_tasks')],
  ];

  return (
    <div className="page" data-testid="segment-card" data-segment-id={segment.id}>
      <div className="card-head">
        <ActionIcon size="md" aria-label={t('screens.segment.back')} title={t('screens.segment.back')} onClick={() => navigate({ name: 'segments' })}>←</ActionIcon>
        <span className="seg-dot big" style={{ background: segment.color || `var(--mantine-color-${SEGMENT_COLORS[segment.kind]}-4)` }} aria-hidden />
        <Title order={1} data-testid="segment-card-name" style={{ minWidth: 0, overflowWrap: 'anywhere' }}>{segment.name}</Title>
        <Badge variant="light" color={SEGMENT_COLORS[segment.kind]} size="sm" data-testid="segment-card-kind">{t(`screens.segment_kinds.${segment.kind}`)}</Badge>
        {segment.kind === 'group' && segment.parentFirmId && (
          <Text size="sm" c="dimmed">
            {t('screens.segments.headed_by')}{' '}
            <Anchor component="button" type="button" size="sm" fw={600} data-testid="segment-parent-link"
              onClick={() => navigate({ name: 'firm', id: segment.parentFirmId! })}>{segment.parentFirmName}</Anchor>
          </Text>
        )}
        <Group gap={6} ml="auto" wrap="nowrap">
          <Button data-testid="segment-add-member" onClick={() => setDialog('add')}>+ {t('screens.segment.add_firms')}</Button>
          <Button variant="default" data-testid="segment-edit" onClick={() => setDialog('edit')}>{t('common.edit')}</Button>
          <Button variant="subtle" color="red" data-testid="segment-delete" onClick={() => setDialog('delete')}>{t('common.delete')}</Button>
        </Group>
      </div>

      <div className="page-scroll">
        {segment.note && <Text size="sm" mb="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="segment-note">{segment.note}</Text>}
        <div className="stat-row" data-testid="segment-counts">
          {stats.map(([key, n, label]) => (
            <div key={key} className="stat" data-testid={`segment-count-${key}`}>
              <div className="stat-n">{formatNumber(n, locale)}</div>
              <div className="stat-label">{label}</div>
            </div>
          ))}
        </div>
        {failed && <Alert color="red" mb="sm">{failed}</Alert>}
        <div className="card-cols seg-cols">
          <section className="panel" data-testid="segment-members">
            <div className="panel-title">
              <h3>{t('screens.segment.members')} <span className="counter">({counts.members})</span></h3>
              <Button variant="light" size="compact-xs" onClick={() => setDialog('add')}>+ {t('screens.segment.add_firms')}</Button>
            </div>
            {card.data.members.length === 0 ? <Text size="sm" c="dimmed" py="xs">{t('screens.segment.no_members')}</Text> : (
              <Table highlightOnHover verticalSpacing={3} fz="sm" className="click-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('firms.name')}</Table.Th>
                    <Table.Th>{t('firms.city')}</Table.Th>
                    <Table.Th>{t('firms.owner')}</Table.Th>
                    <Table.Th className="nowrap">{t('screens.leads.last_contact')}</Table.Th>
                    <Table.Th w={30} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {card.data.members.map((m) => (
                    <Table.Tr key={m.id} data-testid="segment-member-row" data-firm-id={m.id} tabIndex={0}
                      onClick={() => navigate({ name: 'firm', id: m.id })}
                      onKeyDown={(e) => { if (e.key === 'Enter') navigate({ name: 'firm', id: m.id }); }}>
                      <Table.Td miw={200}>
                        <Text size="sm" fw={600} span>{m.name}</Text>{' '}
                        {m.kinds.map((k) => <span key={k} className={`kind-badge kind-${k}`}>{t(`firm_kinds.${k}`)}</span>)}
                      </Table.Td>
                      <Table.Td>{m.city ?? ''}</Table.Td>
                      <Table.Td>{m.ownerName ?? ''}</Table.Td>
                      <Table.Td className="nowrap">{m.lastContactAt ? formatShortDate(m.lastContactAt, locale) : <span className="dim">—</span>}</Table.Td>
                      <Table.Td onClick={(e) => e.stopPropagation()}>
                        <ActionIcon color="red" aria-label={t('screens.segment.remove_member', { name: m.name })}
                          title={t('screens.segment.remove_member', { name: m.name })} data-testid="segment-member-remove"
                          onClick={() => void removeMember(m.id)}>✕</ActionIcon>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </section>
          <section className="panel" data-testid="segment-timeline">
            <div className="panel-title"><h3>{t('screens.segment.timeline')}</h3></div>
            <TimelineStream segmentId={segment.id} testId="segment-stream" />
          </section>
        </div>
      </div>

      <SegmentForm opened={dialog === 'edit'} segment={segment} onClose={close} onSaved={() => { close(); setVersion((v) => v + 1); }} />
      <AddFirmsModal
        opened={dialog === 'add'}
        onClose={close}
        exclude={memberIds}
        title={t('screens.segment.add_title', { name: segment.name })}
        onAdd={async (ids) => { await send('segments.members', { id: segment.id, add: ids }); setVersion((v) => v + 1); }}
      />
      <DeleteSegment segment={dialog === 'delete' ? segment : null} onClose={close} onDeleted={() => { close(); navigate({ name: 'segments' }); }} />
    </div>
  );
}

/** Confirms and deletes a segment (its memberships end with it; the firms stay). */
export function DeleteSegment({ segment, onClose, onDeleted }: { segment: Segment | null; onClose(): void; onDeleted(): void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const doDelete = async () => {
    if (!segment) return;
    setBusy(true);
    setFailed(null);
    try {
      await send('segments.delete', { id: segment.id });
      onDeleted();
    } catch (e) {
      setFailed(translateError(t, errorData(e)) ?? null);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={segment !== null} onClose={onClose} title={t('screens.segments.delete_title')} size="sm">
      <Text size="sm">{t('screens.segments.delete_confirm', { name: segment?.name ?? '', count: segment?.memberCount ?? 0, n: segment?.memberCount ?? 0 })}</Text>
      {failed && <Alert color="red" mt="sm">{failed}</Alert>}
      <Group justify="flex-end" mt="md" gap="xs">
        <Button variant="default" onClick={onClose} data-autofocus>{t('common.cancel')}</Button>
        <Button color="red" loading={busy} data-testid="segment-confirm-delete" onClick={() => void doDelete()}>{t('common.delete')}</Button>
      </Group>
    </Modal>
  );
}
