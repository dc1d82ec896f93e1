// The office's letterhead: name and logo, sender address (the envelopes' return address), the
// footer's company ids and bank, and who signs.
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Letterhead } from '../../shared/types.ts';
import { send } from '../api.ts';
import { translateError, useFieldErrors } from '../ui/forms.ts';
import { toast } from '../ui/toast.tsx';
import { useRemote } from '../ui/useRemote.ts';
import { logoProblem } from './print.ts';

type TextKey = Exclude<keyof Letterhead, 'logoDataUrl'>;
const GROUPS: { title: string; fields: [TextKey, string][] }[] = [
  { title: 'company', fields: [['companyName', 'company']] },
  { title: 'address', fields: [['street', 'street'], ['number', 'number'], ['postalCode', 'postal-code'], ['city', 'city'], ['country', 'country']] },
  { title: 'contact', fields: [['phone', 'phone'], ['email', 'email'], ['web', 'web']] },
  { title: 'ids', fields: [['ico', 'ico'], ['dic', 'dic'], ['bankName', 'bank-name'], ['bankAccount', 'bank-account'], ['iban', 'iban'], ['footerNote', 'footer-note']] },
  { title: 'signature', fields: [['signatureName', 'signature-name'], ['signatureTitle', 'signature-title']] },
];
const KNOWN = new Set<string>(['logoDataUrl', ...GROUPS.flatMap((g) => g.fields.map(([k]) => k))]);

export function LetterheadTab() {
  const { t } = useTranslation();
  const saved = useRemote('letterhead.get', {}, ['settings']);
  const [form, setForm] = useState<Letterhead | null>(null);
  const [saving, setSaving] = useState(false);
  const [logoError, setLogoError] = useState<string | null>(null);
  const errors = useFieldErrors(t);
  const file = useRef<HTMLInputElement>(null);

  useEffect(() => { if (saved.data && !form) setForm(saved.data); }, [saved.data, form]);
  if (!form) return saved.error ? <Alert color="red">{translateError(t, saved.error)}</Alert> : null;

  const set = (k: keyof Letterhead, v: string) => { setForm({ ...form, [k]: v }); errors.clear(k); };

  const onLogo = (f: File | undefined) => {
    setLogoError(null);
    if (!f) return;
    const problem = logoProblem(f);
    if (problem) { setLogoError(t(problem)); return; }
    const reader = new FileReader();
    reader.onload = () => { if (typeof reader.result === 'string') set('logoDataUrl', reader.result); };
    reader.onerror = () => setLogoError(t('printing.letterhead.logo_read'));
    reader.readAsDataURL(f);
  };

  const save = async () => {
    if (!errors.check('letterhead.save', form, (p) => KNOWN.has(p))) return;
    setSaving(true);
    try {
      await send('letterhead.save', form);
      toast(t('printing.letterhead.saved'));
      saved.reload();
    } catch (e) {
      errors.fail(e, (p) => KNOWN.has(p));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Stack gap="sm" maw={760} data-testid="letterhead-tab">
      {errors.general && <Alert color="red" py={6} data-testid="letterhead-error">{translateError(t, errors.general)}</Alert>}
      <section className="panel">
        <div className="panel-title"><h3>{t('printing.letterhead.logo')}</h3></div>
        <Group gap="sm" align="center">
          {form.logoDataUrl
            ? <img src={form.logoDataUrl} alt={t('printing.letterhead.logo')} className="logo-preview" data-testid="letterhead-logo-preview" />
            : <Text size="sm" c="dimmed">{t('printing.letterhead.no_logo')}</Text>}
          <input ref={file} type="file" accept="image/png,image/jpeg" hidden data-testid="letterhead-logo"
            onChange={(e) => { onLogo(e.currentTarget.files?.[0]); e.currentTarget.value = ''; }} />
          <Button size="xs" variant="light" data-testid="letterhead-logo-upload" onClick={() => file.current?.click()}>{t('printing.letterhead.logo_upload')}</Button>
          {form.logoDataUrl && (
            <Button size="xs" variant="subtle" color="red" data-testid="letterhead-logo-remove" onClick={() => set('logoDataUrl', '')}>{t('common.remove')}</Button>
          )}
        </Group>
        <Text size="xs" c="dimmed" mt={4}>{t('printing.letterhead.logo_hint')}</Text>
        {(logoError || errors.field('logoDataUrl')) && <Text size="xs" c="red" data-testid="letterhead-logo-error">{logoError ?? errors.field('logoDataUrl')}</Text>}
      </section>
      {GROUPS.map((g) => (
        <section className="panel" key={g.title}>
          <div className="panel-title"><h3>{t(`printing.letterhead.groups.${g.title}`)}</h3></div>
          <Group grow gap="xs" wrap="wrap" align="flex-start">
            {g.fields.map(([k, id]) => (
              <TextInput key={k} miw={180} label={t(`printing.letterhead.fields.${k}`)} data-testid={`letterhead-${id}`} value={form[k]}
                onChange={(e) => set(k, e.currentTarget.value)} error={errors.field(k)} />
            ))}
          </Group>
          {g.title === 'signature' && <Text size="xs" c="dimmed" mt={4}>{t('printing.letterhead.signature_hint')}</Text>}
        </section>
      ))}
      <Group justify="flex-end">
        <Button variant="default" onClick={() => { setForm(saved.data ?? form); errors.reset(); }}>{t('common.cancel')}</Button>
        <Button data-testid="letterhead-save" loading={saving} onClick={() => void save()}>{t('common.save')}</Button>
      </Group>
    </Stack>
  );
}
