// Create or edit a firm: identity, addresses, channels. Errors appear at their field — from the
// contract's zod schema before sending, and from the core's answer after.
import { useEffect, useState, type FormEvent } from 'react';
import { Alert, Button, Checkbox, Group, Modal, NativeSelect, SimpleGrid, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../shared/errors.ts';
import type { FirmCard, FirmKind } from '../../shared/types.ts';
import { FIRM_KINDS } from '../../shared/types.ts';
import { normalizeIco } from '../../shared/validation.ts';
import { send } from '../api.ts';
import { localUser, useApp, useCodes } from '../store.ts';
import { codeOptions } from '../ui/format.ts';
import { translateError, useFieldErrors } from '../ui/forms.ts';
import {
  AddressesEditor, ChannelsEditor, compact, emptyAddress, emptyChannel, isBlankAddress, isBlankChannel, newKey, remapPath,
  type AddressDraft, type ChannelDraft,
} from '../ui/editors.tsx';
import { MatchWarning, useMatches } from '../duplicates/MatchWarning.tsx';

interface Draft {
  name: string;
  kinds: FirmKind[];
  ico: string;
  dic: string;
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
      name: '', kinds: ['prospect'], ico: '', dic: '', website: '', industryId: '', sourceId: '', ownerId: me ?? '',
      addresses: [emptyAddress('registered')], channels: [emptyChannel('phone'), emptyChannel('email')],
    };
  }
  const f = card.firm;
  return {
    name: f.name, kinds: [...f.kinds], ico: f.ico ?? '', dic: f.dic ?? '', website: f.website ?? '', industryId: f.industryId ?? '',
    sourceId: f.sourceId ?? '', ownerId: f.ownerId ?? '',
    addresses: card.addresses.map((a) => ({ key: newKey(), ...a })),
    channels: card.channels.map((c) => ({ key: newKey(), ...c })),
  };
}

const KNOWN = /^(name|kinds|ico|dic|website|industryId|sourceId|ownerId|addresses\.\d+\.\w+|channels\.\d+\.\w+)$/;

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
  const errs = useFieldErrors(t);
  const navigate = useApp((s) => s.navigate);
  // New firms only: warn about likely duplicates while typing (saving stays allowed).
  const matches = useMatches({
    name: draft.name, ico: draft.ico,
    emails: draft.channels.filter((c) => c.kind === 'email').map((c) => c.value),
    phones: draft.channels.filter((c) => c.kind === 'phone').map((c) => c.value),
  }, opened && !card);

  // A fresh draft every time the dialog opens.
  useEffect(() => {
    if (opened) { setDraft(draftOf(card, useApp.getState().localUserId ?? undefined)); errs.reset(); }
    // (only on opening: a late reload of the card must not wipe what is being typed)
  }, [opened]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    errs.clear(key);
    setDraft((d) => ({ ...d, [key]: value }));
  };

  const build = () => {
    const addresses = compact(draft.addresses, isBlankAddress);
    const channels = compact(draft.channels, isBlankChannel);
    const payload = {
      name: draft.name, kinds: draft.kinds, ico: draft.ico, dic: draft.dic, website: draft.website,
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

  const blurIco = () => {
    const v = draft.ico.trim();
    if (v && /^[\d\s]+$/.test(v)) set('ico', normalizeIco(v));
  };

  return (
    <Modal
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
          <TextInput label={t('firms.ico')} data-testid="firm-ico" value={draft.ico} error={errs.field('ico')}
            onChange={(e) => set('ico', e.currentTarget.value)} onBlur={blurIco} inputMode="numeric" />
          <TextInput label={t('firms.dic')} data-testid="firm-dic" value={draft.dic} error={errs.field('dic')} placeholder="CZ12345678"
            onChange={(e) => set('dic', e.currentTarget.value)} />
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
        {!card && <MatchWarning matches={matches} onOpen={(id) => { onClose(); navigate({ name: 'firm', id }); }} />}

        <AddressesEditor rows={draft.addresses} onChange={(rows) => setDraft((d) => ({ ...d, addresses: rows }))}
          error={errs.field} clear={errs.clear} prefix="addresses" testid="firm-addresses" />
        <ChannelsEditor rows={draft.channels} onChange={(rows) => setDraft((d) => ({ ...d, channels: rows }))}
          error={errs.field} clear={errs.clear} prefix="channels" testid="firm-channels" />

        <Group justify="flex-end" mt="md" gap="xs">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" data-testid="save" loading={saving}>{t('common.save')}</Button>
        </Group>
      </form>
    </Modal>
  );
}
