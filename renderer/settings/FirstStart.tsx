// First start: the laptop's user still carries the OS account's name ("root"), which letters
// would sign with and colleagues would see on contacts. Asked once — saved or put off, it does
// not come back (Settings → colleagues edits it later) — with the offer to set up the office's
// letterhead next.
import { useState, type FormEvent } from 'react';
import { Alert, Button, Checkbox, Group, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { send } from '../api.ts';
import { useApp } from '../store.ts';
import { translateError, useFieldErrors } from '../ui/forms.ts';
import { FormDialog } from '../ui/FormDialog.tsx';
import { useRemote } from '../ui/useRemote.ts';
import { showPrintingTab } from '../printing/Printing.tsx';

const FIELDS = ['name', 'email', 'phone', 'position'] as const;
type Field = (typeof FIELDS)[number];
const known = (p: string) => (FIELDS as readonly string[]).includes(p);

export function FirstStart() {
  const { t } = useTranslation();
  const ask = useApp((s) => s.askProfile && s.loaded && !s.loadError);
  const navigate = useApp((s) => s.navigate);
  const letterhead = useRemote('letterhead.get', ask ? {} : null, ['settings']);
  const [form, setForm] = useState<Record<Field, string>>({ name: '', email: '', phone: '', position: '' });
  // Offered when the office has no letterhead yet (a company name is its first line).
  const [setUpLetterhead, setSetUpLetterhead] = useState<boolean | null>(null);
  const [saving, setSaving] = useState(false);
  const errs = useFieldErrors(t);
  const noLetterhead = letterhead.data ? !letterhead.data.companyName.trim() : false;
  const goToLetterhead = setUpLetterhead ?? noLetterhead;

  const done = () => useApp.setState({ askProfile: false });
  const set = (k: Field, v: string) => { errs.clear(k); setForm((f) => ({ ...f, [k]: v })); };

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (saving) return;
    const input = { ...form, email: form.email.trim() || null };
    if (!errs.check('app.saveProfile', input, known)) return;
    setSaving(true);
    try {
      await send('app.saveProfile', input);
      done();
      if (goToLetterhead) { showPrintingTab('letterhead'); navigate({ name: 'printing' }); }
    } catch (err) {
      errs.fail(err, known);
    } finally {
      setSaving(false);
    }
  };

  const later = async () => {
    try { await send('app.dismissProfile', {}); } catch { /* asked again next time: no harm */ }
    done();
  };

  return (
    <FormDialog opened={ask} onClose={() => void later()} size={520} data-testid="first-start" closeOnClickOutside={false}
      title={t('profile.title')}>
      <form onSubmit={submit} noValidate>
        {errs.general && <Alert color="red" mb="sm" data-testid="form-error">{translateError(t, errs.general)}</Alert>}
        <Text size="sm" mb="sm">{t('profile.intro')}</Text>
        <Stack gap={8}>
          <TextInput label={t('profile.name')} required data-testid="profile-name" data-autofocus value={form.name}
            placeholder={t('profile.name_placeholder')} error={errs.field('name')} onChange={(e) => set('name', e.currentTarget.value)} />
          <TextInput label={t('channel_kinds.email')} data-testid="profile-email" inputMode="email" value={form.email}
            placeholder={t('channel_placeholders.email')} error={errs.field('email')} onChange={(e) => set('email', e.currentTarget.value)} />
          <Group grow gap="xs" align="flex-start">
            <TextInput label={t('channel_kinds.phone')} data-testid="profile-phone" inputMode="tel" value={form.phone}
              placeholder={t('channel_placeholders.phone')} error={errs.field('phone')} onChange={(e) => set('phone', e.currentTarget.value)} />
            <TextInput label={t('profile.position')} data-testid="profile-position" value={form.position}
              placeholder={t('profile.position_placeholder')} error={errs.field('position')} onChange={(e) => set('position', e.currentTarget.value)} />
          </Group>
          <Text size="xs" c="dimmed">{t('profile.where')}</Text>
          <Checkbox mt={4} data-testid="profile-letterhead" checked={goToLetterhead} label={t('profile.letterhead')}
            description={t('profile.letterhead_hint')} onChange={(e) => setSetUpLetterhead(e.currentTarget.checked)} />
        </Stack>
        <Group justify="space-between" mt="md">
          <Button variant="subtle" color="gray" data-testid="profile-later" onClick={() => void later()}>{t('profile.later')}</Button>
          <Button type="submit" data-testid="profile-save" loading={saving}>{t('common.save')}</Button>
        </Group>
      </form>
    </FormDialog>
  );
}
