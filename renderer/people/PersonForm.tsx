// Add or edit a person of a firm, with their own phones and emails, whom they report to (the
// decision hierarchy) and the user-defined person fields.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Alert, Button, Checkbox, Group, NativeSelect, SimpleGrid, Text, TextInput, Textarea } from '@mantine/core';
import { DialogFooter } from '../ui/DialogFooter.tsx';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../shared/errors.ts';
import type { Gender, Person } from '../../shared/types.ts';
import { GENDERS } from '../../shared/types.ts';
import { suggestAddressee, suggestSalutation } from '../../shared/salutation.ts';
import { ApiError, send } from '../api.ts';
import { useApp, useCodes } from '../store.ts';
import { codeOptions, personName } from '../ui/format.ts';
import { translateError, useFieldErrors, validate } from '../ui/forms.ts';
import { useRemote } from '../ui/useRemote.ts';
import { FieldInputs, draftOfValues, fieldIdOfError, toValues, type FieldDraft } from '../card/FieldInputs.tsx';
import { ChannelsEditor, compact, emptyChannel, isBlankChannel, newKey, remapPath, type ChannelDraft } from '../ui/editors.tsx';
import { FormDialog } from '../ui/FormDialog.tsx';

interface Draft {
  titleBefore: string;
  firstName: string;
  patronymic: string;
  lastName: string;
  titleAfter: string;
  gender: Gender;
  jobTitle: string;
  roleId: string;
  note: string;
  isMain: boolean;
  reportsToId: string;
  /** Stored salutation / addressee; '' = the rule's suggestion (shown as the placeholder). */
  salutation: string;
  addressee: string;
  channels: ChannelDraft[];
}

function draftOf(p: Person | undefined, hasMain: boolean): Draft {
  if (!p) {
    return {
      titleBefore: '', firstName: '', patronymic: '', lastName: '', titleAfter: '', gender: 'unspecified', jobTitle: '', roleId: '', note: '',
      isMain: !hasMain, reportsToId: '', salutation: '', addressee: '', channels: [emptyChannel('phone'), emptyChannel('email')],
    };
  }
  return {
    titleBefore: p.titleBefore, firstName: p.firstName, patronymic: p.patronymic, lastName: p.lastName, titleAfter: p.titleAfter, gender: p.gender,
    jobTitle: p.jobTitle, roleId: p.roleId ?? '', note: p.note, isMain: p.isMain, reportsToId: p.reportsToId ?? '',
    salutation: p.salutation, addressee: p.addressee,
    channels: p.channels.map((c) => ({ key: newKey(), ...c })),
  };
}

const KNOWN = /^(titleBefore|firstName|patronymic|lastName|titleAfter|gender|jobTitle|roleId|note|isMain|reportsToId|salutation|addressee|channels\.\d+\.\w+)$/;

export function PersonForm({ opened, firmId, person, people = [], hasMain, onClose, onSaved }: {
  opened: boolean;
  firmId: string;
  person?: Person;
  /** The firm's people: whom this one may report to. */
  people?: Person[];
  /** Whether the firm already has a main person (a new person becomes main when it has none). */
  hasMain: boolean;
  onClose(): void;
  onSaved(id: string): void;
}) {
  const { t } = useTranslation();
  const roles = useCodes('person_role');
  const [draft, setDraft] = useState<Draft>(() => draftOf(person, hasMain));
  const [saving, setSaving] = useState(false);
  const errs = useFieldErrors(t);
  const locale = useApp((s) => s.locale);
  const defs = useRemote('fields.list', opened ? { entity: 'person' } : null, ['field_defs', 'field_options']);
  const fieldDefs = defs.data ?? [];
  const [fields, setFields] = useState<FieldDraft>({});
  const [fieldErrors, setFieldErrors] = useState<Record<string, string | undefined>>({});
  // A new person saved whose field values were refused: further saves update that person.
  const [createdId, setCreatedId] = useState<string | null>(null);
  const editId = person?.id ?? createdId;

  // Not self, and nobody below this person: that would be a loop (the core refuses it too).
  const managers = useMemo(() => {
    const below = new Set<string>(person ? [person.id] : []);
    let grew = true;
    while (grew) {
      grew = false;
      for (const p of people) if (p.reportsToId && below.has(p.reportsToId) && !below.has(p.id)) { below.add(p.id); grew = true; }
    }
    const collator = new Intl.Collator(locale);
    return people.filter((p) => !below.has(p.id)).sort((a, b) => collator.compare(personName(a), personName(b)));
  }, [people, person, locale]);

  useEffect(() => {
    if (opened) { setDraft(draftOf(person, hasMain)); errs.reset(); setFieldErrors({}); setCreatedId(null); }
    // (only on opening: a late reload of the card must not wipe what is being typed)
  }, [opened]);
  const defsKey = fieldDefs.map((d) => d.id).join(',');
  useEffect(() => {
    if (opened) setFields(draftOfValues(fieldDefs, person?.fields ?? []));
  }, [opened, defsKey]);

  // The rules' suggestions in the UI language (a letter uses its own language when printed).
  const suggested = useMemo(() => {
    const names = {
      titleBefore: draft.titleBefore, firstName: draft.firstName, patronymic: draft.patronymic, lastName: draft.lastName, titleAfter: draft.titleAfter, gender: draft.gender,
    };
    return draft.lastName.trim()
      ? { salutation: suggestSalutation(names, { language: locale, style: 'formal' }), addressee: suggestAddressee(names, { language: locale }) }
      : { salutation: '', addressee: '' };
  }, [draft.titleBefore, draft.firstName, draft.patronymic, draft.lastName, draft.titleAfter, draft.gender, locale]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    errs.clear(key);
    setDraft((d) => ({ ...d, [key]: value }));
  };

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (saving) return;
    const channels = compact(draft.channels, isBlankChannel);
    const maps = { channels: channels.map };
    const payload = { ...draft, firmId, roleId: draft.roleId || null, reportsToId: draft.reportsToId || null, channels: channels.sent };
    const fieldValues = toValues(fieldDefs, fields);
    const fieldCheck = (id: string) => Object.values(validate('fields.set', { entity: 'person', entityId: id, values: fieldValues }))[0];
    const showFieldError = (e: ReturnType<typeof fieldCheck>) => {
      const fieldId = fieldIdOfError(fieldDefs, e);
      if (fieldId) setFieldErrors({ [fieldId]: translateError(t, e) });
      return !!fieldId;
    };
    const known = (p: string) => KNOWN.test(p);
    const remap = (found: Record<string, AppErrorData>) =>
      Object.fromEntries(Object.entries(found).map(([p, v]) => [remapPath(p, maps), v]));
    const ok = editId ? errs.check('people.update', { ...payload, id: editId }, known) : errs.check('people.create', payload, known);
    if (!ok) { errs.setErrors(remap); return; }
    // The id does not matter for the shape check; a new person has none yet.
    const pre = fieldCheck(editId ?? '00000000-0000-0000-0000-000000000000');
    if (pre && showFieldError(pre)) return;
    setSaving(true);
    try {
      const res = editId ? await send('people.update', { ...payload, id: editId }) : await send('people.create', payload);
      if (!editId) setCreatedId(res.id);
      if (fieldDefs.length > 0) await send('fields.set', { entity: 'person', entityId: res.id, values: fieldValues });
      onSaved(res.id);
    } catch (err) {
      // A refused field value: the person itself is saved, the value waits at its input.
      if (!(err instanceof ApiError && showFieldError(err.data))) {
        errs.fail(err, known);
        errs.setErrors(remap);
      }
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    if (!person) return;
    setSaving(true);
    try {
      await send('people.delete', { id: person.id });
      onSaved(person.id);
    } catch (err) {
      errs.fail(err, () => false);
    } finally {
      setSaving(false);
    }
  };

  return (
    <FormDialog opened={opened} onClose={onClose} size={720} data-testid="person-form"
      title={person ? t('people.edit_title') : t('people.new_title')}>
      <form onSubmit={submit} noValidate>
        {errs.general && <Alert color="red" mb="sm" data-testid="form-error">{translateError(t, errs.general)}</Alert>}
        <div style={{ display: 'grid', gridTemplateColumns: '90px 1fr 1fr 1fr 90px', gap: '6px 8px' }}>
          <TextInput label={t('people.title_before')} data-testid="person-title-before" value={draft.titleBefore} error={errs.field('titleBefore')}
            placeholder="Ing." onChange={(e) => set('titleBefore', e.currentTarget.value)} />
          <TextInput label={t('people.first_name')} data-testid="person-first-name" data-autofocus value={draft.firstName} error={errs.field('firstName')}
            onChange={(e) => set('firstName', e.currentTarget.value)} />
          {/* Shown for everyone: a Russian may work at a firm of any country. */}
          <TextInput label={t('intl.patronymic')} data-testid="person-patronymic" value={draft.patronymic} error={errs.field('patronymic')}
            placeholder="Петрович" title={t('intl.patronymic_hint')} onChange={(e) => set('patronymic', e.currentTarget.value)} />
          <TextInput label={t('people.last_name')} required data-testid="person-last-name" value={draft.lastName} error={errs.field('lastName')}
            onChange={(e) => set('lastName', e.currentTarget.value)} />
          <TextInput label={t('people.title_after')} data-testid="person-title-after" value={draft.titleAfter} error={errs.field('titleAfter')}
            placeholder="Ph.D." onChange={(e) => set('titleAfter', e.currentTarget.value)} />
        </div>
        <SimpleGrid cols={3} spacing="sm" verticalSpacing={6} mt={6}>
          <TextInput label={t('people.job_title')} data-testid="person-job-title" value={draft.jobTitle} error={errs.field('jobTitle')}
            onChange={(e) => set('jobTitle', e.currentTarget.value)} />
          <NativeSelect label={t('people.role')} data-testid="person-role" value={draft.roleId} error={errs.field('roleId')}
            onChange={(e) => set('roleId', e.currentTarget.value)}
            data={[{ value: '', label: '—' }, ...codeOptions(t, roles, person?.roleId)]} />
          <NativeSelect label={t('people.gender')} data-testid="person-gender" value={draft.gender} error={errs.field('gender')}
            onChange={(e) => set('gender', e.currentTarget.value as Gender)}
            data={GENDERS.map((g) => ({ value: g, label: t(`genders.${g}`) }))} />
        </SimpleGrid>
        <SimpleGrid cols={2} spacing="sm" verticalSpacing={6} mt={6}>
          <div>
            <TextInput label={t('names.salutation')} data-testid="person-salutation" value={draft.salutation} error={errs.field('salutation')}
              placeholder={suggested.salutation} title={t('names.hint')} onChange={(e) => set('salutation', e.currentTarget.value)} />
            <Button variant="subtle" size="compact-xs" mt={2} data-testid="person-salutation-suggest" disabled={!suggested.salutation}
              onClick={() => set('salutation', suggested.salutation)}>{t('names.suggest')}</Button>
          </div>
          <TextInput label={t('names.addressee')} data-testid="person-addressee" value={draft.addressee} error={errs.field('addressee')}
            placeholder={suggested.addressee} title={t('names.hint')} onChange={(e) => set('addressee', e.currentTarget.value)} />
        </SimpleGrid>
        <NativeSelect mt={6} label={t('card.people.reports_to')} data-testid="person-reports-to" value={draft.reportsToId}
          error={errs.field('reportsToId')} onChange={(e) => set('reportsToId', e.currentTarget.value)}
          data={[{ value: '', label: t('card.people.reports_to_nobody') }, ...managers.map((p) => ({ value: p.id, label: personName(p) + (p.jobTitle ? ` (${p.jobTitle})` : '') }))]} />
        <Checkbox mt="sm" label={t('people.is_main')} data-testid="person-is-main" checked={draft.isMain}
          onChange={(e) => set('isMain', e.currentTarget.checked)} error={errs.field('isMain')} />
        <ChannelsEditor rows={draft.channels} onChange={(rows) => setDraft((d) => ({ ...d, channels: rows }))}
          error={errs.field} clear={errs.clear} prefix="channels" testid="person-channels" />
        {fieldDefs.length > 0 && (
          <div data-testid="person-fields">
            <div className="section-label"><span>{t('card.fields.title')}</span></div>
            <FieldInputs defs={fieldDefs} draft={fields} errors={fieldErrors} cols={3}
              onChange={(id, v) => { setFieldErrors((p) => ({ ...p, [id]: undefined })); setFields((d) => ({ ...d, [id]: v })); }} />
          </div>
        )}
        <Textarea label={t('people.note')} data-testid="person-note" value={draft.note} error={errs.field('note')} autosize minRows={2} maxRows={6}
          onChange={(e) => set('note', e.currentTarget.value)} />

        <DialogFooter onDelete={person ? remove : undefined} deleteConfirm={t('people.delete_confirm')} deleteTestId="delete-person"
          saveTestId="save" saving={saving} onClose={onClose} />
      </form>
    </FormDialog>
  );
}
