// Whom a serial document goes to: a saved selection (mailing), a segment (its firms or their
// people) or one firm. Native selects: quick with the keyboard, and plain to drive in tests.
import { Group, NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Recipients } from '../../shared/types.ts';
import { RECIPIENTS } from '../../shared/types.ts';
import { useRemote } from '../ui/useRemote.ts';
import { FirmSelect } from '../segments/common.tsx';
import type { TargetKind } from './print.ts';

export interface TargetChoice {
  kind: TargetKind;
  id: string | null;
  recipients: Recipients;
}

export const EMPTY_TARGET: TargetChoice = { kind: 'segment', id: null, recipients: 'firms' };

export function TargetPicker({ value, onChange, prefix, kinds = ['selection', 'segment', 'firm'] }: {
  value: TargetChoice;
  onChange(v: TargetChoice): void;
  /** testids: `<prefix>-target-kind`, `<prefix>-target-select`, `<prefix>-target-recipients`. */
  prefix: string;
  kinds?: TargetKind[];
}) {
  const { t } = useTranslation();
  const selections = useRemote('selections.list', value.kind === 'selection' ? {} : null, ['selections']);
  const segments = useRemote('segments.list', value.kind === 'segment' ? {} : null, ['segments', 'segment_members']);
  const none = { value: '', label: t('printing.target.choose') };
  return (
    <Group gap="xs" align="flex-end" wrap="wrap">
      <NativeSelect label={t('printing.target.kind')} data-testid={`${prefix}-target-kind`} value={value.kind}
        data={kinds.map((k) => ({ value: k, label: t(`printing.target.kinds.${k}`) }))}
        onChange={(e) => onChange({ ...value, kind: e.currentTarget.value as TargetKind, id: null })} />
      {value.kind === 'selection' && (
        <NativeSelect label={t('printing.target.kinds.selection')} data-testid={`${prefix}-target-select`} value={value.id ?? ''} miw={220}
          data={[none, ...(selections.data ?? []).map((s) => ({ value: s.id, label: s.name }))]}
          onChange={(e) => onChange({ ...value, id: e.currentTarget.value || null })} />
      )}
      {value.kind === 'segment' && (
        <>
          <NativeSelect label={t('printing.target.kinds.segment')} data-testid={`${prefix}-target-select`} value={value.id ?? ''} miw={220}
            data={[none, ...(segments.data ?? []).map((s) => ({ value: s.id, label: `${s.name} (${s.memberCount})` }))]}
            onChange={(e) => onChange({ ...value, id: e.currentTarget.value || null })} />
          <NativeSelect label={t('printing.target.recipients')} data-testid={`${prefix}-target-recipients`} value={value.recipients}
            data={RECIPIENTS.map((r) => ({ value: r, label: t(`printing.target.recipients_${r}`) }))}
            onChange={(e) => onChange({ ...value, recipients: e.currentTarget.value as Recipients })} />
        </>
      )}
      {value.kind === 'firm' && (
        <div style={{ minWidth: 260 }}>
          <FirmSelect label={t('printing.target.kinds.firm')} testid={`${prefix}-target-select`} value={value.id}
            onChange={(id) => onChange({ ...value, id })} />
        </div>
      )}
    </Group>
  );
}
