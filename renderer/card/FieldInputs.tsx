// Inputs for user-defined fields (firm or person): text, number, date, or a select of the
// field's own list. Drafts are strings/numbers; `toValues` turns them into what fields.set takes.
import { NumberInput, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../shared/errors.ts';
import type { FieldDef, FieldValue } from '../../shared/types.ts';

/** fieldId → the value being edited ('' = empty). */
export type FieldDraft = Record<string, string | number>;

export function draftOfValues(defs: FieldDef[], values: FieldValue[]): FieldDraft {
  const out: FieldDraft = {};
  for (const d of defs) {
    const v = values.find((x) => x.fieldId === d.id)?.value;
    out[d.id] = v === null || v === undefined ? '' : v;
  }
  return out;
}

/** The payload of fields.set: every field, null where empty (clears it). */
export function toValues(defs: FieldDef[], draft: FieldDraft): { fieldId: string; value: string | number | null }[] {
  return defs.map((d) => {
    const v = draft[d.id];
    if (v === undefined || v === '') return { fieldId: d.id, value: null };
    if (d.type === 'number') return { fieldId: d.id, value: typeof v === 'number' ? v : Number(String(v).replace(',', '.')) };
    return { fieldId: d.id, value: typeof v === 'string' ? v.trim() : v };
  });
}

/** A fields.set error path (`values.3.value`) → the id of the field it is about. */
export function fieldIdOfError(defs: FieldDef[], err: AppErrorData | null | undefined): string | null {
  const m = /^values\.(\d+)(?:\.\w+)?$/.exec(err?.field ?? '');
  return m ? defs[Number(m[1])]?.id ?? null : null;
}

export function FieldInputs({ defs, draft, onChange, errors, cols = 2 }: {
  defs: FieldDef[];
  draft: FieldDraft;
  onChange(fieldId: string, value: string | number): void;
  /** fieldId → translated message. */
  errors: Record<string, string | undefined>;
  cols?: number;
}) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={cols} spacing="sm" verticalSpacing={6}>
      {defs.map((d) => {
        const v = draft[d.id] ?? '';
        const common = { label: d.label, error: errors[d.id], 'data-testid': `field-input-${d.id}` };
        if (d.options) {
          return (
            <Select key={d.id} {...common} value={v === '' ? null : String(v)} clearable searchable
              data={d.options.map((o) => ({ value: o.id, label: o.label }))}
              nothingFoundMessage={t('common.nothing_found')}
              onChange={(val) => onChange(d.id, val ?? '')} comboboxProps={{ withinPortal: true }} />
          );
        }
        if (d.type === 'number') {
          return (
            <NumberInput key={d.id} {...common} size="xs" value={v} decimalScale={6} hideControls
              onChange={(val) => onChange(d.id, val)} />
          );
        }
        if (d.type === 'date') {
          return <TextInput key={d.id} {...common} type="date" value={String(v)} onChange={(e) => onChange(d.id, e.currentTarget.value)} />;
        }
        return <TextInput key={d.id} {...common} value={String(v)} onChange={(e) => onChange(d.id, e.currentTarget.value)} />;
      })}
    </SimpleGrid>
  );
}
