// Add or edit a person of a firm, with their own phones and emails.
import { useEffect, useState, type FormEvent } from 'react';
import { Alert, Button, Checkbox, Group, Modal, NativeSelect, SimpleGrid, Text, TextInput, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../shared/errors.ts';
import type { Gender, Person } from '../../shared/types.ts';
import { GENDERS } from '../../shared/types.ts';
import { send } from '../api.ts';
import { useCodes } from '../store.ts';
import { codeLabel } from '../ui/format.ts';
import { translateError, useFieldErrors } from '../ui/forms.ts';
import { ChannelsEditor, compact, emptyChannel, isBlankChannel, newKey, remapPath, type ChannelDraft } from '../ui/editors.tsx';

interface Draft {
  titleBefore: string;
  firstName: string;
  lastName: string;
  titleAfter: string;
  gender: Gender;
  jobTitle: string;
  roleId: string;
  note: string;
  isMain: boolean;
  channels: ChannelDraft[];
}

function draftOf(p: Person | undefined, hasMain: boolean): Draft {
  if (!p) {
    return {
      titleBefore: '', firstName: '', lastName: '', titleAfter: '', gender: 'unspecified', jobTitle: '', roleId: '', note: '',
      isMain: !hasMain, channels: [emptyChannel('phone'), emptyChannel('email')],
    };
  }
  return {
    titleBefore: p.titleBefore, firstName: p.firstName, lastName: p.lastName, titleAfter: p.titleAfter, gender: p.gender,
    jobTitle: p.jobTitle, roleId: p.roleId ?? '', note: p.note, isMain: p.isMain,
    channels: p.channels.map((c) => ({ key: newKey(), ...c })),
  };
}

const KNOWN = /^(titleBefore|firstName|lastName|titleAfter|gender|jobTitle|roleId|note|isMain|channels\.\d+\.\w+)$/;

export function PersonForm({ opened, firmId, person, hasMain, onClose, onSaved }: {
  opened: boolean;
  firmId: string;
  person?: Person;
  /** Whether the firm already has a main person (a new person becomes main when it has none). */
  hasMain: boolean;
  onClose(): void;
  onSaved(id: string): void;
}) {
  const { t } = useTranslation();
  const roles = useCodes('person_role');
  const [draft, setDraft] = useState<Draft>(() => draftOf(person, hasMain));
  const [saving, setSaving] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const errs = useFieldErrors(t);

  useEffect(() => {
    if (opened) { setDraft(draftOf(person, hasMain)); errs.reset(); setConfirmDelete(false); }
    // (only on opening: a late reload of the card must not wipe what is being typed)
  }, [opened]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    errs.clear(key);
    setDraft((d) => ({ ...d, [key]: value }));
  };

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (saving) return;
    const channels = compact(draft.channels, isBlankChannel);
    const maps = { channels: channels.map };
    const payload = { ...draft, firmId, roleId: draft.roleId || null, channels: channels.sent };
    const known = (p: string) => KNOWN.test(p);
    const remap = (found: Record<string, AppErrorData>) =>
      Object.fromEntries(Object.entries(found).map(([p, v]) => [remapPath(p, maps), v]));
    const ok = person ? errs.check('people.update', { ...payload, id: person.id }, known) : errs.check('people.create', payload, known);
    if (!ok) { errs.setErrors(remap); return; }
    setSaving(true);
    try {
      const res = person ? await send('people.update', { ...payload, id: person.id }) : await send('people.create', payload);
      onSaved(res.id);
    } catch (err) {
      errs.fail(err, known);
      errs.setErrors(remap);
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
    <Modal opened={opened} onClose={onClose} size={720} data-testid="person-form"
      title={person ? t('people.edit_title') : t('people.new_title')}>
      <form onSubmit={submit} noValidate>
        {errs.general && <Alert color="red" mb="sm" data-testid="form-error">{translateError(t, errs.general)}</Alert>}
        <div style={{ display: 'grid', gridTemplateColumns: '90px 1fr 1fr 90px', gap: '6px 8px' }}>
          <TextInput label={t('people.title_before')} data-testid="person-title-before" value={draft.titleBefore} error={errs.field('titleBefore')}
            placeholder="Ing." onChange={(e) => set('titleBefore', e.currentTarget.value)} />
          <TextInput label={t('people.first_name')} data-testid="person-first-name" data-autofocus value={draft.firstName} error={errs.field('firstName')}
            onChange={(e) => set('firstName', e.currentTarget.value)} />
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
            data={[{ value: '', label: '—' }, ...roles.map((c) => ({ value: c.id, label: codeLabel(t, c) }))]} />
          <NativeSelect label={t('people.gender')} data-testid="person-gender" value={draft.gender} error={errs.field('gender')}
            onChange={(e) => set('gender', e.currentTarget.value as Gender)}
            data={GENDERS.map((g) => ({ value: g, label: t(`genders.${g}`) }))} />
        </SimpleGrid>
        <Checkbox mt="sm" label={t('people.is_main')} data-testid="person-is-main" checked={draft.isMain}
          onChange={(e) => set('isMain', e.currentTarget.checked)} error={errs.field('isMain')} />
        <ChannelsEditor rows={draft.channels} onChange={(rows) => setDraft((d) => ({ ...d, channels: rows }))}
          error={errs.field} clear={errs.clear} prefix="channels" testid="person-channels" />
        <Textarea label={t('people.note')} data-testid="person-note" value={draft.note} error={errs.field('note')} autosize minRows={2} maxRows={6}
          onChange={(e) => set('note', e.currentTarget.value)}
          onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); void submit(); } }} />

        <Group justify="space-between" mt="md">
          <div>
            {person && (confirmDelete ? (
              <Group gap={6}>
                <Text size="xs" c="red">{t('people.delete_confirm')}</Text>
                <Button color="red" size="compact-xs" data-testid="confirm-delete-person" onClick={remove}>{t('common.delete')}</Button>
                <Button variant="default" size="compact-xs" onClick={() => setConfirmDelete(false)}>{t('common.cancel')}</Button>
              </Group>
            ) : (
              <Button variant="subtle" color="red" data-testid="delete-person" onClick={() => setConfirmDelete(true)}>{t('common.delete')}</Button>
            ))}
          </div>
          <Group gap="xs">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" data-testid="save" loading={saving}>{t('common.save')}</Button>
          </Group>
        </Group>
      </form>
    </Modal>
  );
}
