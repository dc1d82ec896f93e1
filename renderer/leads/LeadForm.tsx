// A new lead: as little as a business card holds — a company or a person's name, and an e-mail
// or a phone. The contract's own rules decide what is missing; errors show at their field.
import { useEffect, useState, type FormEvent } from 'react';
import { Alert, Button, Group, NativeSelect, SimpleGrid, TextInput, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { send } from '../api.ts';
import { localUser, useApp, useCodes } from '../store.ts';
import { codeOptions } from '../ui/format.ts';
import { translateError, useFieldErrors } from '../ui/forms.ts';
import { MatchWarning, useMatches } from '../duplicates/MatchWarning.tsx';
import { CancelButton, FormDialog } from '../ui/FormDialog.tsx';

interface Draft {
  company: string;
  titleBefore: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  sourceId: string;
  ownerId: string;
  note: string;
}

const blank = (ownerId: string): Draft => ({
  company: '', titleBefore: '', firstName: '', lastName: '', email: '', phone: '', sourceId: '', ownerId, note: '',
});

const KNOWN = /^(company|titleBefore|firstName|lastName|email|phone|sourceId|ownerId|note)$/;

export function LeadForm({ opened, onClose, onSaved }: { opened: boolean; onClose(): void; onSaved(id: string): void }) {
  const { t } = useTranslation();
  const users = useApp((s) => s.users);
  const me = useApp(localUser);
  const navigate = useApp((s) => s.navigate);
  const sources = useCodes('firm_source');
  const [draft, setDraft] = useState<Draft>(() => blank(me?.id ?? ''));
  const [saving, setSaving] = useState(false);
  const errs = useFieldErrors(t);
  const matches = useMatches({
    name: draft.company || [draft.firstName, draft.lastName].filter(Boolean).join(' '), ico: '',
    emails: [draft.email], phones: [draft.phone],
  }, opened);

  useEffect(() => {
    if (opened) { setDraft(blank(useApp.getState().localUserId ?? '')); errs.reset(); }
  }, [opened]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    errs.clear(key);
    // The two "one of" rules sit on company and email: typing in their partner clears them too.
    if (key === 'lastName') errs.clear('company');
    if (key === 'phone') errs.clear('email');
    setDraft((d) => ({ ...d, [key]: value }));
  };

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (saving) return;
    const input = { ...draft, sourceId: draft.sourceId || null, ownerId: draft.ownerId || null };
    const known = (p: string) => KNOWN.test(p);
    if (!errs.check('leads.create', input, known)) return;
    setSaving(true);
    try {
      const res = await send('leads.create', input);
      onSaved(res.id);
    } catch (err) {
      errs.fail(err, known);
    } finally {
      setSaving(false);
    }
  };

  return (
    <FormDialog opened={opened} onClose={onClose} title={t('screens.leads.new_title')} size={640} data-testid="lead-form">
      <form onSubmit={submit} noValidate>
        {errs.general && <Alert color="red" mb="sm" data-testid="form-error">{translateError(t, errs.general)}</Alert>}
        <SimpleGrid cols={2} spacing="sm" verticalSpacing={6}>
          <TextInput label={t('screens.leads.company')} data-testid="lead-company" data-autofocus style={{ gridColumn: 'span 2' }}
            value={draft.company} error={errs.field('company')} onChange={(e) => set('company', e.currentTarget.value)} />
          <div className="lead-name-row">
            <TextInput label={t('people.title_before')} data-testid="lead-title"
              value={draft.titleBefore} error={errs.field('titleBefore')} onChange={(e) => set('titleBefore', e.currentTarget.value)} />
            <TextInput label={t('people.first_name')} data-testid="lead-first-name"
              value={draft.firstName} error={errs.field('firstName')} onChange={(e) => set('firstName', e.currentTarget.value)} />
            <TextInput label={t('people.last_name')} data-testid="lead-last-name"
              value={draft.lastName} error={errs.field('lastName')} onChange={(e) => set('lastName', e.currentTarget.value)} />
          </div>
          <TextInput label={t('channel_kinds.email')} data-testid="lead-email" inputMode="email" placeholder={t('channel_placeholders.email')}
            value={draft.email} error={errs.field('email')} onChange={(e) => set('email', e.currentTarget.value)} />
          <TextInput label={t('channel_kinds.phone')} data-testid="lead-phone" inputMode="tel" placeholder={t('channel_placeholders.phone')}
            value={draft.phone} error={errs.field('phone')} onChange={(e) => set('phone', e.currentTarget.value)} />
          <NativeSelect label={t('firms.source')} data-testid="lead-source" value={draft.sourceId} error={errs.field('sourceId')}
            onChange={(e) => set('sourceId', e.currentTarget.value)}
            data={[{ value: '', label: '—' }, ...codeOptions(t, sources)]} />
          <NativeSelect label={t('firms.owner')} data-testid="lead-owner" value={draft.ownerId} error={errs.field('ownerId')}
            onChange={(e) => set('ownerId', e.currentTarget.value)}
            data={[{ value: '', label: '—' }, ...users.map((u) => ({ value: u.id, label: u.name }))]} />
          <Textarea label={t('people.note')} data-testid="lead-note" style={{ gridColumn: 'span 2' }} autosize minRows={2} maxRows={6}
            value={draft.note} error={errs.field('note')} onChange={(e) => set('note', e.currentTarget.value)} />
        </SimpleGrid>
        <MatchWarning matches={matches} onOpen={(id) => { onClose(); navigate({ name: 'firm', id }); }} />
        <Group justify="flex-end" mt="md" gap="xs">
          <CancelButton onClose={onClose} />
          <Button type="submit" data-testid="lead-save" loading={saving}>{t('common.save')}</Button>
        </Group>
      </form>
    </FormDialog>
  );
}
