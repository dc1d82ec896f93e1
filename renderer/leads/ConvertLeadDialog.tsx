// Turning a lead into a firm. The lead may well be an existing client met again (a business
// card from a fair): the firms that look like it are offered first, to merge the lead into;
// otherwise it becomes a new firm of the chosen kinds.
import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Center, Checkbox, Group, Loader, Radio, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FirmCard, FirmKind, FirmMatch } from '../../shared/types.ts';
import { FIRM_KINDS } from '../../shared/types.ts';
import { companyIdName } from '../../shared/company-ids.ts';
import { errorData, send } from '../api.ts';
import { translateError } from '../ui/forms.ts';
import { CancelButton, FormDialog } from '../ui/FormDialog.tsx';

export function ConvertLeadDialog({ opened, card, onClose, onConverted }: {
  opened: boolean;
  card: FirmCard;
  onClose(): void;
  onConverted(firmId: string): void;
}) {
  const { t } = useTranslation();
  const [matches, setMatches] = useState<FirmMatch[] | null>(null);
  const [choice, setChoice] = useState('new');
  const [kinds, setKinds] = useState<FirmKind[]>(['prospect']);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const lead = card.firm;

  useEffect(() => {
    if (!opened) return;
    setChoice('new');
    setKinds(lead.kinds.length > 0 ? [...lead.kinds] : ['prospect']);
    setError(null);
    setMatches(null);
    const all = [...card.channels, ...card.people.flatMap((p) => p.channels)];
    let alive = true;
    send('firms.matches', {
      name: lead.name, ico: lead.ico ?? '', excludeId: lead.id,
      emails: all.filter((c) => c.kind === 'email').map((c) => c.value).slice(0, 20),
      phones: all.filter((c) => c.kind === 'phone').map((c) => c.value).slice(0, 20),
    }).then(
      // Another lead is not a place to merge into: only real firms are offered.
      (m) => { if (alive) setMatches(m.filter((x) => !x.isLead && x.id !== lead.id)); },
      (e: unknown) => { if (alive) { setMatches([]); setError(translateError(t, errorData(e)) ?? null); } },
    );
    return () => { alive = false; };
  }, [opened, lead.id]);

  const confirm = async () => {
    setSaving(true);
    setError(null);
    try {
      const res = await send('leads.convert', choice === 'new'
        ? { id: lead.id, kinds, intoFirmId: null }
        : { id: lead.id, intoFirmId: choice });
      onConverted(res.firmId);
    } catch (e) {
      setError(translateError(t, errorData(e)) ?? null);
    } finally {
      setSaving(false);
    }
  };

  return (
    <FormDialog opened={opened} onClose={onClose} size={600} title={t('card.convert.title', { name: lead.name })} data-testid="convert-dialog">
      {error && <Alert color="red" mb="sm" data-testid="form-error">{error}</Alert>}
      {matches === null ? <Center p="md"><Loader size="sm" /></Center> : (
        <Radio.Group value={choice} onChange={setChoice} name="convert-choice">
          <Stack gap="xs">
            {matches.length > 0 && (
              <>
                <Text size="sm" fw={600}>{t('card.convert.matches')}</Text>
                <Text size="xs" c="dimmed" mt={-6}>{t('card.convert.matches_hint')}</Text>
                {matches.map((m) => (
                  <label key={m.id} className={`convert-option${choice === m.id ? ' selected' : ''}`}>
                    <Radio value={m.id} data-testid={`convert-into-${m.id}`} aria-label={t('card.convert.merge_into', { name: m.name })} />
                    <div>
                      <Text size="sm" fw={600}>{t('card.convert.merge_into', { name: m.name })}</Text>
                      <Text size="xs" c="dimmed">
                        {[m.ico ? `${companyIdName(m.country, 'ico', m.ico)} ${m.ico}` : null, m.city].filter(Boolean).join(' · ')}
                      </Text>
                      <Group gap={4} mt={2}>
                        {m.reasons.map((r) => <Badge key={r} variant="light" color="yellow">{t(`card.convert.reasons.${r}`)}</Badge>)}
                      </Group>
                    </div>
                  </label>
                ))}
              </>
            )}
            <label className={`convert-option${choice === 'new' ? ' selected' : ''}`}>
              <Radio value="new" data-testid="convert-new" aria-label={t('card.convert.as_new')} />
              <div style={{ flex: 1 }}>
                <Text size="sm" fw={600}>{t('card.convert.as_new')}</Text>
                <Text size="xs" c="dimmed">{t('card.convert.as_new_hint')}</Text>
                {choice === 'new' && (
                  <Checkbox.Group value={kinds} onChange={(v) => setKinds(v as FirmKind[])} mt={6}
                    error={kinds.length === 0 ? t('errors.kinds_required') : undefined}>
                    <Group gap="md">
                      {FIRM_KINDS.map((k) => <Checkbox key={k} value={k} label={t(`firm_kinds.${k}`)} data-testid={`convert-kind-${k}`} />)}
                    </Group>
                  </Checkbox.Group>
                )}
              </div>
            </label>
          </Stack>
        </Radio.Group>
      )}
      <Group justify="flex-end" gap="xs" mt="md">
        <CancelButton onClose={onClose} />
        <Button data-testid="convert-confirm" loading={saving} disabled={matches === null || (choice === 'new' && kinds.length === 0)} onClick={confirm}>
          {choice === 'new' ? t('card.convert.confirm_new') : t('card.convert.confirm_merge')}
        </Button>
      </Group>
    </FormDialog>
  );
}
