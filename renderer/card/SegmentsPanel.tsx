// The firm's categories, groups and tags as chips (a click opens the segment), and an editor:
// one multi-select of every segment, grouped by kind; each change is saved at once.
import { useEffect, useMemo, useState } from 'react';
import { ActionIcon, Button, Group, MultiSelect, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SegmentKind, SegmentRef } from '../../shared/types.ts';
import { SEGMENT_KINDS } from '../../shared/types.ts';
import { errorData, send } from '../api.ts';
import { useApp } from '../store.ts';
import { translateError } from '../ui/forms.ts';
import { useRemote } from '../ui/useRemote.ts';
import { SegmentChip } from './SegmentChip.tsx';

export function SegmentsPanel({ firmId, segments }: { firmId: string; segments: SegmentRef[] }) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const [editing, setEditing] = useState(false);
  const [selected, setSelected] = useState<string[]>(() => segments.map((s) => s.id));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const all = useRemote('segments.list', editing ? {} : null, ['segments']);

  const segKey = segments.map((s) => s.id).join(',');
  // The card re-reads after every save; follow it unless a save of ours is still under way.
  useEffect(() => { if (!saving) setSelected(segments.map((s) => s.id)); }, [segKey]);

  const data = useMemo(() => {
    const collator = new Intl.Collator(locale);
    const list = all.data ?? [];
    return SEGMENT_KINDS.map((kind) => ({
      group: t(`card.segments.kinds_plural.${kind}`),
      items: list.filter((s) => s.kind === kind).sort((a, b) => collator.compare(a.name, b.name)).map((s) => ({ value: s.id, label: s.name })),
    })).filter((g) => g.items.length > 0);
  }, [all.data, locale, t]);

  const save = async (ids: string[]) => {
    const before = selected;
    setSelected(ids);
    setSaving(true);
    setError(null);
    try {
      await send('firms.setSegments', { id: firmId, segmentIds: ids });
    } catch (e) {
      setSelected(before);
      setError(translateError(t, errorData(e)) ?? null);
    } finally {
      setSaving(false);
    }
  };

  const byKind = (kind: SegmentKind) => segments.filter((s) => s.kind === kind);

  return (
    <section className="panel" data-testid="firm-card-segments">
      <div className="panel-title">
        <h3>{t('card.segments.title')}</h3>
        <ActionIcon aria-label={t('card.segments.edit')} title={t('card.segments.edit')} data-testid="segment-edit"
          onClick={() => setEditing((e) => !e)} variant={editing ? 'light' : 'subtle'}>✎</ActionIcon>
      </div>
      {segments.length === 0 && !editing && <Text size="sm" c="dimmed">{t('card.segments.none')}</Text>}
      {SEGMENT_KINDS.filter((k) => byKind(k).length > 0).map((kind) => (
        <div key={kind} className="seg-row">
          <Text span size="xs" c="dimmed">{t(`card.segments.kinds_plural.${kind}`)}</Text>
          <Group gap={4} wrap="wrap">{byKind(kind).map((s) => <SegmentChip key={s.id} segment={s} />)}</Group>
        </div>
      ))}
      {editing && (
        <div className="seg-editor">
          <MultiSelect
            data-testid="segment-editor"
            aria-label={t('card.segments.edit')}
            placeholder={all.data && all.data.length === 0 ? t('card.segments.none_defined') : t('card.segments.pick')}
            data={data}
            value={selected}
            onChange={(v) => void save(v)}
            searchable
            // Type a few letters and Enter: the way people add a tag without reaching for the mouse.
            selectFirstOptionOnChange
            clearable
            size="xs"
            nothingFoundMessage={t('common.nothing_found')}
            error={error ?? undefined}
            comboboxProps={{ withinPortal: true }}
          />
          <Group justify="flex-end" mt={6}>
            <Button size="compact-xs" variant="default" onClick={() => setEditing(false)} data-testid="segment-editor-close">{t('card.done')}</Button>
          </Group>
        </div>
      )}
    </section>
  );
}
