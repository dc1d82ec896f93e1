// Create or edit a firm: identity, addresses, channels. Errors appear at their field — from the
// contract's zod schema before sending, and from the core's answer after. The company ids are
// those of the firm's country (shared/company-ids.ts): their names, hints and checks follow the
// country chosen; a new firm's country follows its registered address until chosen by hand.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Alert, Anchor, Button, Checkbox, Group, NativeSelect, SimpleGrid, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../shared/errors.ts';
import type { FirmCard, FirmKind } from '../../shared/types.ts';
import { FIRM_KINDS } from '../../shared/types.ts';
import { ID_COUNTRIES, companyIdSpecs, countryOfAddresses, normalizeCompanyId, type CompanyIdField } from '../../shared/company-ids.ts';
import { send } from '../api.ts';
import { localUser, useApp, useCodes } from '../store.ts';
import { codeOptions } from '../ui/format.ts';
import { translateError, useFieldErrors } from '../ui/forms.ts';
import {
  AddressesEditor, ChannelsEditor, compact, emptyAddress, emptyChannel, isBlankAddress, isBlankChannel, newKey, remapPath,
  type AddressDraft, type ChannelDraft,
} from '../ui/editors.tsx';
import { MatchWarning, useMatches } from '../duplicates/MatchWarning.tsx';
import { CancelButton, FormDialog } from '../ui/FormDialog.tsx';

interface Draft {
  name: string;
  kinds: FirmKind[];
  country: string;
  ico: string;
  dic: string;
  vatId: string;
  website: string;
  industryId: string;
  sourceId: string;
  ownerId: string;
  addresses: AddressDraft[];
  channels: ChannelDraft[];
}

function draftOf(card: FirmCard | undefined, me: string | undefined): Draft {
  if (!card) {
    return {
      name: '', kinds: ['prospect'], country: 'CZ', ico: '', dic: '', vatId: '', website: '', industryId: '', sourceId: '', ownerId: me ?? '',
      addresses: [emptyAddress('registered')], channels: [emptyChannel('phone'), emptyChannel('email')],
    };
  }
  const f = card.firm;
  return {
    name: f.name, kinds: [...f.kinds], country: f.country, ico: f.ico ?? '', dic: f.dic ?? '', vatId: f.vatId ?? '', website: f.website ?? '', industryId: f.industryId ?? '',
    sourceId: f.sourceId ?? '', ownerId: f.ownerId ?? '',
    addresses: card.addresses.map((a) => ({ key: newKey(), ...a })),
    channels: card.channels.map((c) => ({ key: newKey(), ...c })),
  };
}

/** Countries offered besides those with an id scheme of their own (which keep the Czech one). */
const OTHER_COUNTRIES = ['AT', 'DE', 'PL', 'UA', 'BY', 'KZ', 'GB', 'US'] as const;

const KNOWN = /^(name|kinds|country|ico|dic|vatId|website|industryId|sourceId|ownerId|addresses\.\d+\.\w+|channels\.\d+\.\w+)$/;

export function FirmForm({ opened, onClose, onSaved, card }: {
  opened: boolean;
  onClose(): void;
  onSaved(id: string): void;
  /** The firm to edit; none for a new one. */
  card?: FirmCard;
}) {
  const { t } = useTranslation();
  const users = useApp((s) => s.users);
  const me = useApp(localUser);
  const sources = useCodes('firm_source');
  const industries = useCodes('industry');
  const [draft, setDraft] = useState<Draft>(() => draftOf(card, me?.id));
  const [saving, setSaving] = useState(false);
  // A new firm's country follows its registered address until the user picks one.
  const [countryChosen, setCountryChosen] = useState(!!card);
  const locale = useApp((s) => s.locale);
  const countries = useMemo(() => {
    const names = new Intl.DisplayNames([locale], { type: 'region' });
    const list = [...ID_COUNTRIES, ...OTHER_COUNTRIES];
    if (!list.includes(draft.country as never)) list.push(draft.country as never);
    return list.map((c) => ({ value: c, label: `${names.of(c) ?? c} (${c})` }));
  }, [locale, draft.country]);
  const idSpecs = companyIdSpecs(draft.country);
  const ownScheme = (ID_COUNTRIES as readonly string[]).includes(draft.country);
  const errs = useFieldErrors(t);
  const navigate = useApp((s) => s.navigate);
  // New firms only: warn about likely duplicates while typing (saving stays allowed).
  const matches = useMatches({
    name: draft.name, ico: draft.ico, country: draft.country,
    emails: draft.channels.filter((c) => c.kind === 'email').map((c) => c.value),
    phones: draft.channels.filter((c) => c.kind === 'phone').map((c) => c.value),
  }, opened && !card);
  // A taken IČO is the surest sign of a duplicate: said at the field itself, where it is typed,
  // not only in the warning below that a name or a phone may also fill.
  const icoTaken = matches.find((m) => m.reasons.includes('ico'));
  const openMatch = (id: string) => { onClose(); navigate({ name: 'firm', id }); };

  // A fresh draft every time the dialog opens.
  useEffect(() => {
    if (opened) { setDraft(draftOf(card, useApp.getState().localUserId ?? undefined)); errs.reset(); setCountryChosen(!!card); }
    // (only on opening: a late reload of the card must not wipe what is being typed)
  }, [opened]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    errs.clear(key);
    setDraft((d) => ({ ...d, [key]: value }));
  };

  /** A chosen country: its id scheme applies (an IČ DPH only in Slovakia), and address rows not
   * filled in yet lie there too. */
  const chooseCountry = (country: string) => {
    setCountryChosen(true);
    for (const f of ['ico', 'dic', 'vatId'] as const) errs.clear(f);
    setDraft((d) => ({
      ...d, country, vatId: companyIdSpecs(country).some((s) => s.field === 'vatId') ? d.vatId : '',
      addresses: d.addresses.map((a) => (isBlankAddress(a) ? { ...a, country } : a)),
    }));
  };
  const setAddresses = (rows: AddressDraft[]) => setDraft((d) => {
    if (countryChosen) return { ...d, addresses: rows };
    const country = countryOfAddresses(rows.filter((a) => !isBlankAddress(a) || a.kind === 'registered'));
    return { ...d, addresses: rows, country, vatId: companyIdSpecs(country).some((s) => s.field === 'vatId') ? d.vatId : '' };
  });

  const build = () => {
    const addresses = compact(draft.addresses, isBlankAddress);
    const channels = compact(draft.channels, isBlankChannel);
    const payload = {
      name: draft.name, kinds: draft.kinds, country: draft.country, ico: draft.ico, dic: draft.dic, vatId: draft.vatId, website: draft.website,
      industryId: draft.industryId || null, sourceId: draft.sourceId || null, ownerId: draft.ownerId || null,
      addresses: addresses.sent, channels: channels.sent,
    };
    return { payload, maps: { addresses: addresses.map, channels: channels.map } };
  };

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (saving) return;
    const { payload, maps } = build();
    const channel = card ? 'firms.update' : 'firms.create';
    const input = card ? { ...payload, id: card.firm.id } : payload;
    const known = (p: string) => KNOWN.test(p);
    const remap = (found: Record<string, AppErrorData>) =>
      Object.fromEntries(Object.entries(found).map(([p, v]) => [remapPath(p, maps), { ...v, field: remapPath(p, maps) }]));
    if (!errs.check(channel, input, known)) {
      errs.setErrors((prev) => remap(prev));
      return;
    }
    setSaving(true);
    try {
      const res = card ? await send('firms.update', { ...payload, id: card.firm.id }) : await send('firms.create', payload);
      onSaved(res.id);
    } catch (err) {
      errs.fail(err, known);
      errs.setErrors((prev) => remap(prev));
    } finally {
      setSaving(false);
    }
  };

  /** An id as its country writes it ("12345676-2-41", leading zeros of an IČO), once it checks. */
  const tidy = (field: CompanyIdField) => {
    const spec = idSpecs.find((s) => s.field === field);
    const v = draft[field].trim();
    if (!spec || !v) return;
    const normalized = normalizeCompanyId(draft.country, field, v);
    if (normalized !== draft[field] && spec.valid(normalized)) set(field, normalized);
  };

  return (
    <FormDialog
      opened={opened}
      onClose={onClose}
      title={card ? t('firm_form.edit_title', { name: card.firm.name }) : t('firm_form.new_title')}
      size={860}
      data-testid="firm-form"
    >
      <form onSubmit={submit} noValidate>
        {errs.general && <Alert color="red" mb="sm" data-testid="form-error">{translateError(t, errs.general)}</Alert>}
        <SimpleGrid cols={3} spacing="sm" verticalSpacing={6}>
          <TextInput
            label={t('firms.name')} required data-testid="firm-name" data-autofocus style={{ gridColumn: 'span 2' }}
            value={draft.name} error={errs.field('name')} onChange={(e) => set('name', e.currentTarget.value)}
          />
          <Checkbox.Group
            label={t('firms.kinds')} required value={draft.kinds} error={errs.field('kinds')}
            onChange={(v) => set('kinds', FIRM_KINDS.filter((k) => v.includes(k)))}
          >
            <Group gap="sm" mt={6}>
              {FIRM_KINDS.map((k) => <Checkbox key={k} value={k} label={t(`firm_kinds.${k}`)} data-testid={`firm-kind-${k}`} />)}
            </Group>
          </Checkbox.Group>
          <NativeSelect label={t('intl.firm_country')} title={t('intl.firm_country_hint')} data-testid="firm-country" value={draft.country}
            error={errs.field('country')} data={countries} onChange={(e) => chooseCountry(e.currentTarget.value)} />
          {idSpecs.map((s) => (
            <TextInput key={s.field} label={s.name} data-testid={`firm-${s.field === 'vatId' ? 'vat-id' : s.field}`} data-id-name={s.name}
              value={draft[s.field]} error={errs.field(s.field)} placeholder={s.example}
              description={s.field === 'ico' && icoTaken && !card ? (
                <Text span size="xs" c="orange.8" data-testid="ico-taken">
                  {t('screens.dup_warning.ico_taken')}{' '}
                  <Anchor component="button" type="button" size="xs" fw={600} data-firm-id={icoTaken.id}
                    onClick={() => openMatch(icoTaken.id)} title={t('screens.dup_warning.open')}>{icoTaken.name}</Anchor>
                </Text>
              ) : ownScheme ? t(`intl.id_hint.${draft.country}.${s.field}`) : undefined}
              onChange={(e) => set(s.field, e.currentTarget.value)} onBlur={() => tidy(s.field)} />
          ))}
          <TextInput label={t('firms.website')} data-testid="firm-website" value={draft.website} error={errs.field('website')} placeholder={t('channel_placeholders.web')}
            onChange={(e) => set('website', e.currentTarget.value)} />
          <NativeSelect label={t('firms.industry')} data-testid="firm-industry" value={draft.industryId} error={errs.field('industryId')}
            onChange={(e) => set('industryId', e.currentTarget.value)}
            data={[{ value: '', label: '—' }, ...codeOptions(t, industries, card?.firm.industryId)]} />
          <NativeSelect label={t('firms.source')} data-testid="firm-source" value={draft.sourceId} error={errs.field('sourceId')}
            onChange={(e) => set('sourceId', e.currentTarget.value)}
            data={[{ value: '', label: '—' }, ...codeOptions(t, sources, card?.firm.sourceId)]} />
          <NativeSelect label={t('firms.owner')} data-testid="firm-owner" value={draft.ownerId} error={errs.field('ownerId')}
            onChange={(e) => set('ownerId', e.currentTarget.value)}
            data={[{ value: '', label: '—' }, ...users.map((u) => ({ value: u.id, label: u.name }))]} />
        </SimpleGrid>
        {/* Under the identity fields, so what is being typed does not jump when it appears. */}
        {!card && <MatchWarning matches={matches} onOpen={openMatch} />}

        <AddressesEditor rows={draft.addresses} onChange={setAddresses}
          error={errs.field} clear={errs.clear} prefix="addresses" testid="firm-addresses" />
        <ChannelsEditor rows={draft.channels} onChange={(rows) => setDraft((d) => ({ ...d, channels: rows }))}
          error={errs.field} clear={errs.clear} prefix="channels" testid="firm-channels" />

        <Group justify="flex-end" mt="md" gap="xs">
          <CancelButton onClose={onClose} />
          <Button type="submit" data-testid="save" loading={saving}>{t('common.save')}</Button>
        </Group>
      </form>
    </FormDialog>
  );
}
