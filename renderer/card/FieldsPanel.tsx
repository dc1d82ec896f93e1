// The firm's user-defined fields: shown as facts, edited in place (one save for the whole form;
// a refused value is shown at its input).
import { useState, type FormEvent } from 'react';
import { ActionIcon, Alert, Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FieldDef, FieldValue } from '../../shared/types.ts';
import type { AppErrorData } from '../../shared/errors.ts';
import { errorData, send } from '../api.ts';
import { useApp } from '../store.ts';
import { formatIsoDate } from '../ui/card-format.ts';
import { formatNumber } from '../ui/format.ts';
import { translateError, validate } from '../ui/forms.ts';
import { useRemote } from '../ui/useRemote.ts';
import { FieldInputs, draftOfValues, fieldIdOfError, toValues, type FieldDraft } from './FieldInputs.tsx';

export function FieldsPanel({ firmId, values }: { firmId: string; values: FieldValue[] }) {
  const { t } = useTranslation();
  const defs = useRemote('fields.list', { entity: 'firm' }, ['field_defs', 'field_options']);
  const [draft, setDraft] = useState<FieldDraft | null>(null);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const list = defs.data ?? [];

  const edit = () => { setDraft(draftOfValues(list, values)); setErrors({}); setGeneral(null); };

  const showError = (err: AppErrorData) => {
    const fieldId = fieldIdOfError(list, err);
    if (fieldId) setErrors({ [fieldId]: translateError(t, err) });
    else setGeneral(translateError(t, err) ?? null);
  };

  const save = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!draft || saving) return;
    const payload = { entity: 'firm' as const, entityId: firmId, values: toValues(list, draft) };
    const found = Object.values(validate('fields.set', payload));
    if (found[0]) { showError(found[0]); return; }
    setSaving(true);
    try {
      await send('fields.set', payload);
      setDraft(null);
    } catch (err) {
      showError(errorData(err));
    } finally {
      setSaving(false);
    }
  };

  if (defs.data && list.length === 0) return null;

  return (
    <section className="panel" data-testid="firm-card-fields">
      <div className="panel-title">
        <h3>{t('card.fields.title')}</h3>
        {!draft && list.length > 0 && (
          <ActionIcon aria-label={t('common.edit')} title={t('common.edit')} data-testid="field-edit" onClick={edit}>✎</ActionIcon>
        )}
      </div>
      {draft ? (
        <form onSubmit={save} noValidate>
          {general && <Alert color="red" mb="sm" data-testid="form-error">{general}</Alert>}
          <FieldInputs defs={list} draft={draft} errors={errors}
            onChange={(id, v) => { setErrors((p) => ({ ...p, [id]: undefined })); setDraft((d) => (d ? { ...d, [id]: v } : d)); }} />
          <Group justify="flex-end" gap="xs" mt="sm">
            <Button variant="default" onClick={() => setDraft(null)}>{t('common.cancel')}</Button>
            <Button type="submit" loading={saving} data-testid="field-save">{t('common.save')}</Button>
          </Group>
        </form>
      ) : (
        <dl className="facts">
          {list.map((d) => <FieldFact key={d.id} def={d} value={values.find((v) => v.fieldId === d.id)} />)}
        </dl>
      )}
    </section>
  );
}

function FieldFact({ def, value }: { def: FieldDef; value: FieldValue | undefined }) {
  const locale = useApp((s) => s.locale);
  return (
    <>
      <dt>{def.label}</dt>
      <dd data-testid={`field-value-${def.id}`}>{fieldDisplay(def, value, locale) || <Text span c="dimmed" size="sm">—</Text>}</dd>
    </>
  );
}

export function fieldDisplay(def: FieldDef, value: FieldValue | undefined, locale: ReturnType<typeof useApp.getState>['locale']): string {
  if (!value || value.value === null) return '';
  if (def.type === 'number' && typeof value.value === 'number' && !def.options) return formatNumber(value.value, locale);
  if (def.type === 'date' && typeof value.value === 'string') return formatIsoDate(value.value, locale);
  return value.display;
}
