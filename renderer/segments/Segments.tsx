// Segments by kind: categories (how the office divides its market), groups of firms that belong
// together (a holding and its subsidiaries) and free tags — each with its member count.
import { useState } from 'react';
import { ActionIcon, Alert, Anchor, Button, Center, Group, Loader, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Segment, SegmentKind } from '../../shared/types.ts';
import { SEGMENT_KINDS } from '../../shared/types.ts';
import { useApp } from '../store.ts';
import { formatNumber } from '../ui/format.ts';
import { translateError } from '../ui/forms.ts';
import { useRemote } from '../ui/useRemote.ts';
import { SEGMENT_COLORS } from './common.tsx';
import { SegmentForm } from './SegmentForm.tsx';
import { DeleteSegment } from './SegmentCard.tsx';

type Dialog = { name: 'none' } | { name: 'form'; segment?: Segment; kind: SegmentKind } | { name: 'delete'; segment: Segment };

export function Segments() {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const navigate = useApp((s) => s.navigate);
  const list = useRemote('segments.list', {}, ['segments', 'segment_members', 'firms']);
  const [dialog, setDialog] = useState<Dialog>({ name: 'none' });
  const close = () => setDialog({ name: 'none' });

  // The core sorts without knowing the user's language: sort names here, by the UI's locale.
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  const byKind = (kind: SegmentKind) => (list.data ?? []).filter((s) => s.kind === kind).sort((a, b) => collator.compare(a.name, b.name));

  return (
    <div className="page">
      <div className="toolbar">
        <Title order={2} mr="md">{t('screens.segments.title')}</Title>
        <Text size="sm" c="dimmed">{t('screens.segments.intro')}</Text>
        <Button data-testid="segment-new" size="sm" ml="auto" onClick={() => setDialog({ name: 'form', kind: 'category' })}>
          + {t('screens.segments.new')}
        </Button>
      </div>
      <div className="page-scroll">
        {list.error && !list.data ? <Alert color="red" maw={520}>{translateError(t, list.error)}</Alert>
          : !list.data ? <Center p="lg"><Loader size="sm" /></Center>
            : (
              <div className="seg-kinds">
                {SEGMENT_KINDS.map((kind) => {
                  const rows = byKind(kind);
                  return (
                    <section key={kind} className="panel" data-testid={`segment-kind-${kind}`}>
                      <div className="panel-title">
                        <h3>{t(`screens.segment_kinds_plural.${kind}`)} <span className="counter">({rows.length})</span></h3>
                        <Button variant="light" size="compact-xs" onClick={() => setDialog({ name: 'form', kind })}>
                          + {t(`screens.segments.add_${kind}`)}
                        </Button>
                      </div>
                      <Text size="xs" c="dimmed" mb={4}>{t(`screens.segment_kind_hints.${kind}`)}</Text>
                      {rows.length === 0 ? <Text size="sm" c="dimmed" py="xs">{t('screens.segments.none')}</Text> : (
                        <Table highlightOnHover verticalSpacing={3} fz="sm" className="click-table">
                          <Table.Tbody>
                            {rows.map((s) => (
                              <Table.Tr key={s.id} data-testid="segment-row" data-segment-id={s.id} tabIndex={0}
                                onClick={() => navigate({ name: 'segment', id: s.id })}
                                onKeyDown={(e) => { if (e.key === 'Enter') navigate({ name: 'segment', id: s.id }); }}>
                                <Table.Td w={18} pr={0}>
                                  <span className="seg-dot" style={{ background: s.color || `var(--mantine-color-${SEGMENT_COLORS[s.kind]}-4)` }} aria-hidden />
                                </Table.Td>
                                <Table.Td>
                                  <Text size="sm" fw={600} span>{s.name}</Text>
                                  {s.kind === 'group' && s.parentFirmId && (
                                    <Text size="xs" c="dimmed">
                                      {t('screens.segments.headed_by')}{' '}
                                      <Anchor component="button" type="button" size="xs"
                                        onClick={(e) => { e.stopPropagation(); navigate({ name: 'firm', id: s.parentFirmId! }); }}>
                                        {s.parentFirmName}
                                      </Anchor>
                                    </Text>
                                  )}
                                  {s.note && <Text size="xs" c="dimmed" lineClamp={1}>{s.note}</Text>}
                                </Table.Td>
                                <Table.Td ta="right" className="nowrap dim" fz="xs" data-testid="segment-member-count">
                                  {t('screens.segments.members', { n: formatNumber(s.memberCount, locale) })}
                                </Table.Td>
                                <Table.Td w={60} className="nowrap" onClick={(e) => e.stopPropagation()}>
                                  <Group gap={0} wrap="nowrap" justify="flex-end">
                                    <ActionIcon aria-label={t('common.edit')} title={t('common.edit')} data-testid="segment-edit"
                                      onClick={() => setDialog({ name: 'form', segment: s, kind: s.kind })}>✎</ActionIcon>
                                    <ActionIcon color="red" aria-label={t('common.delete')} title={t('common.delete')} data-testid="segment-delete"
                                      onClick={() => setDialog({ name: 'delete', segment: s })}>✕</ActionIcon>
                                  </Group>
                                </Table.Td>
                              </Table.Tr>
                            ))}
                          </Table.Tbody>
                        </Table>
                      )}
                    </section>
                  );
                })}
              </div>
            )}
      </div>
      <SegmentForm
        opened={dialog.name === 'form'}
        segment={dialog.name === 'form' ? dialog.segment : undefined}
        defaultKind={dialog.name === 'form' ? dialog.kind : 'category'}
        onClose={close}
        onSaved={() => { close(); list.reload(); }}
      />
      <DeleteSegment segment={dialog.name === 'delete' ? dialog.segment : null} onClose={close} onDeleted={() => { close(); list.reload(); }} />
    </div>
  );
}
