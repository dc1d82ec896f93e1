// Address labels: a sheet format (its margins and gaps editable and saved, since every printer
// feeds a little differently), the first free label of a partly used sheet, and whom to.
import { useEffect, useState } from 'react';
import { Alert, Button, Group, NativeSelect, NumberInput, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Input } from '../../shared/contract.ts';
import type { LabelFormat } from '../../shared/types.ts';
import { send } from '../api.ts';
import { useApp } from '../store.ts';
import { translateError, useFieldErrors } from '../ui/forms.ts';
import { toast } from '../ui/toast.tsx';
import { useRemote } from '../ui/useRemote.ts';
import { PrintPreview } from './PrintPreview.tsx';
import { EMPTY_TARGET, TargetPicker, type TargetChoice } from './TargetPicker.tsx';
import { LETTER_TABLES } from './LettersTab.tsx';
import { buildTarget, labelsPerSheet } from './print.ts';

const EDITABLE = ['marginTopMm', 'marginLeftMm', 'gapXMm', 'gapYMm', 'paddingMm', 'labelWidthMm', 'labelHeightMm'] as const;
type Editable = (typeof EDITABLE)[number];
const TESTIDS: Record<Editable, string> = {
  marginTopMm: 'labels-margin-top', marginLeftMm: 'labels-margin-left', gapXMm: 'labels-gap-x', gapYMm: 'labels-gap-y',
  paddingMm: 'labels-padding', labelWidthMm: 'labels-width', labelHeightMm: 'labels-height',
};

export function LabelsTab() {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const formats = useRemote('labelFormats.list', {}, ['label_formats']);
  const [formatId, setFormatId] = useState<string | null>(null);
  const [edit, setEdit] = useState<LabelFormat | null>(null);
  const [startAt, setStartAt] = useState(1);
  const [target, setTarget] = useState<TargetChoice>(EMPTY_TARGET);
  const [input, setInput] = useState<Input<'print.labels'> | null>(null);
  const [saving, setSaving] = useState(false);
  const errors = useFieldErrors(t);

  const format = formats.data?.find((f) => f.id === formatId) ?? formats.data?.[0] ?? null;
  useEffect(() => { setEdit(format ? { ...format } : null); errors.reset(); }, [format?.id, formats.data]);
  const perSheet = edit ? labelsPerSheet(edit) : 1;
  useEffect(() => { if (startAt > perSheet) setStartAt(1); }, [perSheet, startAt]);

  const doc = useRemote('print.labels', input, [...LETTER_TABLES, 'label_formats'], 0, { job: true });
  const printTarget = buildTarget(target.kind, target.id, target.recipients);

  const saveFormat = async () => {
    if (!edit) return;
    const { builtIn: _b, ...value } = edit;
    if (!errors.check('labelFormats.save', value)) return;
    setSaving(true);
    try {
      await send('labelFormats.save', value);
      formats.reload();
      toast(t('printing.labels.format_saved'));
    } catch (e) {
      errors.fail(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="printing-two" data-testid="labels-tab">
      <Stack gap="sm">
        <NativeSelect label={t('printing.labels.format')} data-testid="labels-format" value={format?.id ?? ''}
          data={(formats.data ?? []).map((f) => ({ value: f.id, label: f.name }))}
          onChange={(e) => { setFormatId(e.currentTarget.value); setStartAt(1); }} />
        {edit && (
          <section className="panel" data-testid="labels-format-editor">
            <div className="panel-title"><h3>{t('printing.labels.geometry')}</h3></div>
            <SimpleGrid cols={2} spacing="xs" verticalSpacing={4}>
              {EDITABLE.map((k) => (
                <NumberInput key={k} size="xs" label={t(`printing.labels.${k}`)} data-testid={TESTIDS[k]} value={edit[k]} decimalScale={2} decimalSeparator={locale === 'en' ? '.' : ','}
                  min={0} step={0.5} suffix=" mm" error={errors.field(k)}
                  onChange={(v) => { setEdit({ ...edit, [k]: typeof v === 'number' ? v : Number(v) || 0 }); errors.clear(k); }} />
              ))}
            </SimpleGrid>
            {errors.general && <Alert color="red" py={6} mt={6}>{translateError(t, errors.general)}</Alert>}
            <Group justify="flex-end" mt="xs">
              <Button size="xs" variant="light" data-testid="labels-format-save" loading={saving} onClick={() => void saveFormat()}>
                {t('printing.labels.save_format')}
              </Button>
            </Group>
          </section>
        )}
        {edit && (
          <div>
            <Text size="sm" fw={500}>{t('printing.labels.start')}</Text>
            <Text size="xs" c="dimmed" mb={4}>{t('printing.labels.start_hint')}</Text>
            <div className="label-sheet" data-testid="labels-sheet" style={{ gridTemplateColumns: `repeat(${edit.columns}, auto)` }}>
              {Array.from({ length: perSheet }, (_, i) => i + 1).map((n) => (
                <button key={n} type="button" data-testid={`labels-start-${n}`} aria-pressed={n === startAt}
                  title={t('printing.labels.start_at', { n })}
                  className={`label-cell${n < startAt ? ' used' : ''}${n === startAt ? ' start' : ''}`} onClick={() => setStartAt(n)}>
                  {n}
                </button>
              ))}
            </div>
          </div>
        )}
        <TargetPicker prefix="labels" value={target} onChange={setTarget} />
        <Button data-testid="labels-preview" disabled={!printTarget || !format}
          onClick={() => {
            if (!printTarget || !format) return;
            // The measures as edited (saved or not): the preview shows the sheet being adjusted.
            const measures = edit ? (({ id: _i, name: _n, builtIn: _b, ...m }) => m)(edit) : null;
            setInput({ formatId: format.id, startAt, target: printTarget, locale, measures });
          }}>
          {t('printing.preview.show')}
        </Button>
      </Stack>
      <div>
        <Title order={4} mb={6}>{t('printing.preview.title')}</Title>
        <PrintPreview doc={doc.data} loading={doc.loading} error={doc.error} height="calc(100vh - 200px)" zoom="0.75" unit="labels" job={doc.job} />
      </div>
    </div>
  );
}
