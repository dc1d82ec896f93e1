// Create or edit a segment: a category, a group (optionally headed by a parent firm) or a tag.
import { useEffect, useState, type FormEvent } from 'react';
import { Alert, Button, ColorInput, Group, SegmentedControl, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Segment, SegmentKind } from '../../shared/types.ts';
import { SEGMENT_KINDS } from '../../shared/types.ts';
import { send } from '../api.ts';
import { translateError, useFieldErrors } from '../ui/forms.ts';
import { FirmSelect } from './common.tsx';
import { CancelButton, FormDialog } from '../ui/FormDialog.tsx';

interface Draft {
  kind: SegmentKind;
  name: string;
  color: string;
  note: string;
  parentFirmId: string | null;
  parentFirmName: string | null;
}

const SWATCHES = ['#1c7ed6', '#4263eb', '#7048e8', '#ae3ec9', '#d6336c', '#e03131', '#f76707', '#f59f00', '#37b24d', '#0ca678', '#1098ad', '#495057'];
const KNOWN = /^(kind|name|color|note|parentFirmId)$/;

const draftOf = (s: Segment | undefined, kind: SegmentKind): Draft => s
  ? { kind: s.kind, name: s.name, color: s.color, note: s.note, parentFirmId: s.parentFirmId, parentFirmName: s.parentFirmName }
  : { kind, name: '', color: '', note: '', parentFirmId: null, parentFirmName: null };

export function SegmentForm({ opened, segment, defaultKind = 'category', onClose, onSaved }: {
  opened: boolean;
  segment?: Segment;
  defaultKind?: SegmentKind;
  onClose(): void;
  onSaved(id: string): void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(() => draftOf(segment, defaultKind));
  const [saving, setSaving] = useState(false);
  const errs = useFieldErrors(t);

  useEffect(() => {
    if (opened) { setDraft(draftOf(segment, defaultKind)); errs.reset(); }
  }, [opened]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    errs.clear(key);
    setDraft((d) => ({ ...d, [key]: value }));
  };

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (saving) return;
    const payload = {
      kind: draft.kind, name: draft.name, color: draft.color.toLowerCase(), note: draft.note,
      // Only a group has a parent firm.
      parentFirmId: draft.kind === 'group' ? draft.parentFirmId : null,
    };
    const known = (p: string) => KNOWN.test(p);
    const channel = segment ? 'segments.update' : 'segments.create';
    if (!errs.check(channel, segment ? { ...payload, id: segment.id } : payload, known)) return;
    setSaving(true);
    try {
      const res = segment ? await send('segments.update', { ...payload, id: segment.id }) : await send('segments.create', payload);
      onSaved(res.id);
    } catch (err) {
      errs.fail(err, known);
    } finally {
      setSaving(false);
    }
  };

  return (
    <FormDialog opened={opened} onClose={onClose} size={520} data-testid="segment-form"
      title={segment ? t('screens.segments.edit_title', { name: segment.name }) : t('screens.segments.new_title')}>
      <form onSubmit={submit} noValidate>
        {errs.general && <Alert color="red" mb="sm" data-testid="form-error">{translateError(t, errs.general)}</Alert>}
        <Stack gap={8}>
          <div>
            <Text size="xs" fw={500} mb={2}>{t('screens.segments.kind')}</Text>
            <SegmentedControl
              data-testid="segment-kind"
              size="xs"
              fullWidth
              value={draft.kind}
              onChange={(v) => set('kind', v as SegmentKind)}
              data={SEGMENT_KINDS.map((k) => ({ value: k, label: t(`screens.segment_kinds.${k}`) }))}
            />
            <Text size="xs" c="dimmed" mt={2}>{t(`screens.segment_kind_hints.${draft.kind}`)}</Text>
          </div>
          <TextInput label={t('screens.segments.name')} required data-testid="segment-name" data-autofocus
            value={draft.name} error={errs.field('name')} onChange={(e) => set('name', e.currentTarget.value)} />
          {draft.kind === 'group' && (
            <FirmSelect
              label={t('screens.segments.parent_firm')}
              testid="segment-parent"
              value={draft.parentFirmId}
              valueLabel={draft.parentFirmName}
              error={errs.field('parentFirmId')}
              onChange={(id, name) => { errs.clear('parentFirmId'); setDraft((d) => ({ ...d, parentFirmId: id, parentFirmName: name })); }}
            />
          )}
          <ColorInput
            label={t('screens.segments.color')}
            data-testid="segment-color"
            format="hex"
            swatches={SWATCHES}
            swatchesPerRow={6}
            withPicker={false}
            withEyeDropper={false}
            placeholder={t('screens.segments.no_color')}
            value={draft.color}
            error={errs.field('color')}
            onChange={(v) => set('color', v)}
          />
          <Textarea label={t('screens.segments.note')} data-testid="segment-note" autosize minRows={2} maxRows={6}
            value={draft.note} error={errs.field('note')} onChange={(e) => set('note', e.currentTarget.value)} />
        </Stack>
        <Group justify="flex-end" mt="md" gap="xs">
          <CancelButton onClose={onClose} />
          <Button type="submit" data-testid="segment-save" loading={saving}>{t('common.save')}</Button>
        </Group>
      </form>
    </FormDialog>
  );
}
