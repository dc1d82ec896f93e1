// Envelopes DL, C5 and C4: the address where a window envelope shows it, and our return address.
import { useState } from 'react';
import { Button, Checkbox, NativeSelect, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Input } from '../../shared/contract.ts';
import type { EnvelopeSize } from '../../shared/types.ts';
import { ENVELOPE_SIZES } from '../../shared/types.ts';
import { useApp } from '../store.ts';
import { useRemote } from '../ui/useRemote.ts';
import { PrintPreview } from './PrintPreview.tsx';
import { EMPTY_TARGET, TargetPicker, type TargetChoice } from './TargetPicker.tsx';
import { LETTER_TABLES } from './LettersTab.tsx';
import { buildTarget } from './print.ts';

export function EnvelopesTab() {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const [size, setSize] = useState<EnvelopeSize>('DL');
  const [returnAddress, setReturnAddress] = useState(true);
  const [windowSide, setWindowSide] = useState<'left' | 'right'>('left');
  const [target, setTarget] = useState<TargetChoice>(EMPTY_TARGET);
  const [input, setInput] = useState<Input<'print.envelopes'> | null>(null);
  const doc = useRemote('print.envelopes', input, LETTER_TABLES, 0, { job: true });
  const printTarget = buildTarget(target.kind, target.id, target.recipients);
  return (
    <div className="printing-two" data-testid="envelopes-tab">
      <Stack gap="sm">
        <NativeSelect label={t('printing.envelopes.size')} data-testid="envelopes-size" value={size}
          data={ENVELOPE_SIZES.map((s) => ({ value: s, label: t(`printing.envelopes.sizes.${s}`) }))}
          onChange={(e) => setSize(e.currentTarget.value as EnvelopeSize)} />
        <NativeSelect label={t('printing.envelope_window.label')} data-testid="envelopes-window" value={windowSide}
          data={(['left', 'right'] as const).map((w) => ({ value: w, label: t(`printing.envelope_window.${w}`) }))}
          onChange={(e) => setWindowSide(e.currentTarget.value as 'left' | 'right')} />
        <Checkbox label={t('printing.envelopes.return_address')} data-testid="envelopes-return" checked={returnAddress}
          onChange={(e) => setReturnAddress(e.currentTarget.checked)} />
        <TargetPicker prefix="envelopes" value={target} onChange={setTarget} />
        <Button data-testid="envelopes-preview" disabled={!printTarget}
          onClick={() => { if (printTarget) setInput({ size, returnAddress, window: windowSide, target: printTarget, locale }); }}>
          {t('printing.preview.show')}
        </Button>
      </Stack>
      <div>
        <Title order={4} mb={6}>{t('printing.preview.title')}</Title>
        <PrintPreview doc={doc.data} loading={doc.loading} error={doc.error} height="calc(100vh - 200px)" zoom="0.75" unit="envelopes" job={doc.job} />
      </div>
    </div>
  );
}
