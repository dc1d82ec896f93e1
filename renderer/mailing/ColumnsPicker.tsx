// The export's columns: the chosen ones in order (↑ ↓, drag and drop, ✕) and a select offering
// the rest — the ready columns and the office's own fields.
import { useMemo, useState } from 'react';
import { ActionIcon, Group, NativeSelect, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ExportColumn, FieldDef, Recipients } from '../../shared/types.ts';
import { addColumn, availableColumns, columnFieldId, isExportColumn, moveColumn, removeColumn, stepColumn } from './columns.ts';

export function columnLabel(t: TFunction, c: ExportColumn, fields: readonly FieldDef[]): string {
  const id = columnFieldId(c);
  if (id === null) return t(`mailing.col.${c}`);
  const f = fields.find((x) => x.id === id);
  return f ? t(`mailing.columns.field_${f.entity}`, { label: f.label }) : '?';
}

export function ColumnsPicker({ columns, recipients, fields, onChange, error }: {
  columns: ExportColumn[];
  recipients: Recipients;
  fields: FieldDef[];
  onChange(c: ExportColumn[]): void;
  error?: string;
}) {
  const { t } = useTranslation();
  const [dragFrom, setDragFrom] = useState<number | null>(null);
  const [dragOver, setDragOver] = useState<number | null>(null);
  const rest = useMemo(() => availableColumns(columns, recipients, fields), [columns, recipients, fields]);
  const last = columns.length - 1;

  return (
    <div className="mailing-columns-wrap">
      <ol className="mailing-columns" data-testid="mailing-columns" aria-label={t('mailing.columns.title')}>
        {columns.map((c, i) => (
          <li
            key={c}
            className={`mailing-column${dragOver === i && dragFrom !== i ? ' drag-over' : ''}${dragFrom === i ? ' dragging' : ''}`}
            data-testid="mailing-column"
            data-key={c}
            draggable
            title={t('mailing.columns.drag')}
            onDragStart={(e) => { setDragFrom(i); e.dataTransfer.effectAllowed = 'move'; e.dataTransfer.setData('text/plain', c); }}
            onDragOver={(e) => { if (dragFrom !== null) { e.preventDefault(); setDragOver(i); } }}
            onDragLeave={() => setDragOver((o) => (o === i ? null : o))}
            onDrop={(e) => { e.preventDefault(); if (dragFrom !== null) onChange(moveColumn(columns, dragFrom, i)); setDragFrom(null); setDragOver(null); }}
            onDragEnd={() => { setDragFrom(null); setDragOver(null); }}
          >
            <span className="mailing-grip" aria-hidden>⠿</span>
            <span className="mailing-column-label">{columnLabel(t, c, fields)}</span>
            <Group gap={0} wrap="nowrap" className="mailing-column-actions">
              <ActionIcon size="sm" variant="subtle" data-testid="mailing-column-up" aria-label={t('mailing.columns.up')} title={t('mailing.columns.up')}
                disabled={i === 0} onClick={() => onChange(stepColumn(columns, i, -1))}>↑</ActionIcon>
              <ActionIcon size="sm" variant="subtle" data-testid="mailing-column-down" aria-label={t('mailing.columns.down')} title={t('mailing.columns.down')}
                disabled={i === last} onClick={() => onChange(stepColumn(columns, i, 1))}>↓</ActionIcon>
              <ActionIcon size="sm" variant="subtle" color="red" data-testid="mailing-column-remove" aria-label={t('mailing.columns.remove')}
                title={t('mailing.columns.remove')} onClick={() => onChange(removeColumn(columns, i))}>✕</ActionIcon>
            </Group>
          </li>
        ))}
      </ol>
      {columns.length === 0 && <Text size="xs" c="dimmed">{t('mailing.preview.no_columns')}</Text>}
      {error && <Text size="xs" c="red" data-testid="mailing-columns-error">{error}</Text>}
      <NativeSelect
        size="xs"
        mt={4}
        data-testid="mailing-column-add"
        aria-label={t('mailing.columns.add')}
        value=""
        disabled={rest.length === 0}
        onChange={(e) => { const v = e.currentTarget.value; if (isExportColumn(v)) onChange(addColumn(columns, v)); }}
        data={[{ value: '', label: `+ ${t('mailing.columns.add')}` }, ...rest.map((c) => ({ value: c, label: columnLabel(t, c, fields) }))]}
      />
    </div>
  );
}
