// Define or change a user field: what it records (firms or people), its label, its type, and —
// for text — whether it is tied to the office's own code list of options.
import { useEffect, useState, type FormEvent } from 'react';
import { ActionIcon, Alert, Button, Group, NativeSelect, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FieldDef, FieldEntity, FieldType } from '../../shared/types.ts';
import { FIELD_ENTITIES, FIELD_TYPES } from '../../shared/types.ts';
import { send } from '../api.ts';
import { translateError, useFieldErrors } from '../ui/forms.ts';
import { CancelButton, FormDialog } from '../ui/FormDialog.tsx';

interface OptionDraft { key: string; id?: string; label: string }

interface Draft {
  entity: FieldEntity;
  label: string;
  type: FieldType;
  hasOptions: boolean;
  options: OptionDraft[];
}

let seq = 0;
const key = () => `o${++seq}`;

const draftOf = (f: FieldDef | undefined, entity: FieldEntity): Draft => f
  ? { entity: f.entity, label: f.label, type: f.type, hasOptions: f.options !== null, options: (f.options ?? []).map((o) => ({ key: key(), ...o })) }
  : { entity, label: '', type: 'text', hasOptions: false, options: [] };

const KNOWN = /^(entity|label|type|options(\.\d+\.label)?)$/;

export function FieldForm({ opened, field, entity, onClose, onSaved }: {
  opened: boolean;
  field?: FieldDef;
  entity: FieldEntity;
  onClose(): void;
  onSaved(): void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(() => draftOf(field, entity));
  const [newOption, setNewOption] = useState('');
  const [saving, setSaving] = useState(false);
  const errs = useFieldErrors(t);

  useEffect(() => {
    if (opened) { setDraft(draftOf(field, entity)); setNewOption(''); errs.reset(); }
  }, [opened]);

  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => {
    errs.clear(k);
    setDraft((d) => ({ ...d, [k]: v }));
  };

  const addOption = () => {
    const label = newOption.trim();
    if (!label) return;
    errs.clear('options');
    setDraft((d) => ({ ...d, options: [...d.options, { key: key(), label }] }));
    setNewOption('');
  };
  const renameOption = (i: number, label: string) => {
    errs.clear(`options.${i}.label`);
    setDraft((d) => ({ ...d, options: d.options.map((o, j) => (j === i ? { ...o, label } : o)) }));
  };
  const removeOption = (i: number) => setDraft((d) => ({ ...d, options: d.options.filter((_, j) => j !== i) }));

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (saving) return;
    // An option still in the "new option" box counts: users often forget to press "Add".
    const pending = newOption.trim() ? [...draft.options, { key: key(), label: newOption.trim() }] : draft.options;
    const options = draft.type === 'text' && draft.hasOptions ? pending.map((o) => (o.id ? { id: o.id, label: o.label } : { label: o.label })) : null;
    const known = (p: string) => KNOWN.test(p);
    const input = field ? { id: field.id, label: draft.label, options } : { entity: draft.entity, label: draft.label, type: draft.type, options };
    if (!errs.check(field ? 'fields.update' : 'fields.create', input, known)) return;
    setSaving(true);
    try {
      if (field) await send('fields.update', { id: field.id, label: draft.label, options });
      else await send('fields.create', { entity: draft.entity, label: draft.label, type: draft.type, options });
      onSaved();
    } catch (err) {
      errs.fail(err, known);
    } finally {
      setSaving(false);
    }
  };

  const canHaveOptions = draft.type === 'text';
  return (
    <FormDialog opened={opened} onClose={onClose} size={520} data-testid="field-form"
      title={field ? t('screens.fields.edit_title', { name: field.label }) : t('screens.fields.new_title')}>
      <form onSubmit={submit} noValidate>
        {errs.general && <Alert color="red" mb="sm" data-testid="form-error">{translateError(t, errs.general)}</Alert>}
        <Stack gap={8}>
          <Group grow align="flex-start">
            <NativeSelect label={t('screens.fields.entity')} data-testid="field-entity" value={draft.entity} disabled={!!field}
              error={errs.field('entity')} onChange={(e) => set('entity', e.currentTarget.value as FieldEntity)}
              data={FIELD_ENTITIES.map((x) => ({ value: x, label: t(`screens.field_entities.${x}`) }))} />
            <NativeSelect label={t('screens.fields.type')} data-testid="field-type" value={draft.type} disabled={!!field}
              error={errs.field('type')}
              onChange={(e) => { const v = e.currentTarget.value as FieldType; set('type', v); if (v !== 'text') set('hasOptions', false); }}
              data={FIELD_TYPES.map((x) => ({ value: x, label: t(`screens.field_types.${x}`) }))} />
          </Group>
          {field && <Text size="xs" c="dimmed">{t('screens.fields.type_fixed')}</Text>}
          <TextInput label={t('screens.fields.label')} required data-testid="field-label" data-autofocus
            value={draft.label} error={errs.field('label')} onChange={(e) => set('label', e.currentTarget.value)} />
          <Switch
            data-testid="field-has-options"
            label={t('screens.fields.has_options')}
            description={canHaveOptions ? t('screens.fields.has_options_hint') : t('screens.fields.options_text_only')}
            disabled={!canHaveOptions}
            checked={canHaveOptions && draft.hasOptions}
            onChange={(e) => set('hasOptions', e.currentTarget.checked)}
          />
          {canHaveOptions && draft.hasOptions && (
            <div className="options-editor" data-testid="field-options">
              {errs.field('options') && <Text c="red" size="xs" mb={4}>{errs.field('options')}</Text>}
              {draft.options.length === 0 && <Text size="xs" c="dimmed" mb={4}>{t('screens.fields.no_options')}</Text>}
              {draft.options.map((o, i) => (
                <Group key={o.key} gap={4} wrap="nowrap" mb={4} data-testid="field-option">
                  <TextInput style={{ flex: 1 }} aria-label={t('screens.fields.option')} value={o.label} data-testid="field-option-label"
                    error={errs.field(`options.${i}.label`)} onChange={(e) => renameOption(i, e.currentTarget.value)} />
                  <ActionIcon color="red" aria-label={t('common.remove')} title={t('common.remove')} data-testid="field-option-remove"
                    onClick={() => removeOption(i)}>✕</ActionIcon>
                </Group>
              ))}
              <Group gap={4} wrap="nowrap">
                <TextInput style={{ flex: 1 }} placeholder={t('screens.fields.new_option')} aria-label={t('screens.fields.new_option')}
                  data-testid="field-option-input" value={newOption} onChange={(e) => setNewOption(e.currentTarget.value)}
                  onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); addOption(); } }} />
                <Button variant="light" data-testid="field-option-add" onClick={addOption} disabled={!newOption.trim()}>+ {t('screens.fields.add_option')}</Button>
              </Group>
              {field?.options && draft.options.length < field.options.length && (
                <Text size="xs" c="orange" mt={4}>{t('screens.fields.removed_options_hint')}</Text>
              )}
            </div>
          )}
        </Stack>
        <Group justify="flex-end" mt="md" gap="xs">
          <CancelButton onClose={onClose} />
          <Button type="submit" data-testid="field-save" loading={saving}>{t('common.save')}</Button>
        </Group>
      </form>
    </FormDialog>
  );
}
