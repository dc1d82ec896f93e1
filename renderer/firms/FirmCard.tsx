// One firm: identity, addresses, channels, people and the timeline of contacts. Ctrl+L / Cmd+L
// logs a contact.
import { useEffect, useRef, useState } from 'react';
import { ActionIcon, Alert, Anchor, Badge, Button, Center, Group, Kbd, Loader, Modal, Text, Title, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Channel, Contact, Person } from '../../shared/types.ts';
import { errorData, send } from '../api.ts';
import { useApp } from '../store.ts';
import { channelHref, codeById, codeLabel, personName, webHref } from '../ui/format.ts';
import { translateError } from '../ui/forms.ts';
import { useRemote } from '../ui/useRemote.ts';
import { FirmForm } from './FirmForm.tsx';
import { KIND_COLORS } from './FirmList.tsx';
import { PersonForm } from '../people/PersonForm.tsx';
import { ContactDialog } from '../contacts/ContactDialog.tsx';
import { Timeline } from '../contacts/Timeline.tsx';

type Dialog =
  | { name: 'none' }
  | { name: 'edit' }
  | { name: 'delete' }
  | { name: 'person'; person?: Person }
  | { name: 'contact'; contact?: Contact };

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function FirmCardView({ id }: { id: string }) {
  const { t } = useTranslation();
  const navigate = useApp((s) => s.navigate);
  const users = useApp((s) => s.users);
  const codes = useApp((s) => s.codes);
  const [version, setVersion] = useState(0);
  const card = useRemote('firms.get', { id }, ['firms', 'addresses', 'channels', 'people'], version);
  const [dialog, setDialog] = useState<Dialog>({ name: 'none' });
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const dialogRef = useRef(dialog);
  dialogRef.current = dialog;

  // Ctrl+L / Cmd+L: log a contact (e.code so Cyrillic layouts work too).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const isL = e.code === 'KeyL' || e.key.toLowerCase() === 'l';
      if (!isL || !(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return;
      e.preventDefault();
      if (dialogRef.current.name === 'none') setDialog({ name: 'contact' });
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  if (card.error && (!card.data || card.error.code === 'not_found')) {
    return (
      <div className="page-scroll">
        <Alert color={card.error.code === 'not_found' ? 'yellow' : 'red'} data-testid="firm-card-error" maw={520}>
          {card.error.code === 'not_found' ? t('card.not_found') : translateError(t, card.error)}
        </Alert>
        <Button mt="md" variant="default" onClick={() => navigate({ name: 'firms' })}>← {t('card.back')}</Button>
      </div>
    );
  }
  if (!card.data) return <Center h="100%"><Loader size="sm" /></Center>;

  const { firm, addresses, channels, people } = card.data;
  const owner = users.find((u) => u.id === firm.ownerId);
  const source = codeById(codes, firm.sourceId);
  const close = () => setDialog({ name: 'none' });
  const saved = () => { close(); setVersion((v) => v + 1); };

  const doDelete = async () => {
    setDeleting(true);
    setDeleteError(null);
    try {
      await send('firms.delete', { id: firm.id });
      close();
      navigate({ name: 'firms' });
    } catch (e) {
      setDeleteError(translateError(t, errorData(e)) ?? t('errors.internal'));
    } finally {
      setDeleting(false);
    }
  };

  const sortedPeople = [...people].sort((a, b) => Number(b.isMain) - Number(a.isMain));
  const websiteHref = firm.website ? webHref(firm.website) : null;

  return (
    <div className="page" data-testid="firm-card" data-firm-id={firm.id}>
      <div className="card-head">
        <ActionIcon size="md" aria-label={t('card.back')} title={t('card.back')} onClick={() => navigate({ name: 'firms' })}>←</ActionIcon>
        <Title order={1} data-testid="firm-card-name" style={{ minWidth: 0, overflowWrap: 'anywhere' }}>{firm.name}</Title>
        <Group gap={4}>
          {firm.kinds.map((k) => <Badge key={k} color={KIND_COLORS[k]} variant="light" size="sm">{t(`firm_kinds.${k}`)}</Badge>)}
        </Group>
        <Group gap={6} ml="auto" wrap="nowrap">
          <Tooltip label={<span>{isMac ? '⌘' : 'Ctrl'} + L</span>} openDelay={400}>
            <Button data-testid="log-contact" onClick={() => setDialog({ name: 'contact' })}>
              {t('card.log_contact')}&nbsp;<Kbd size="xs" ml={4} style={{ opacity: 0.8 }}>{isMac ? '⌘' : 'Ctrl'}+L</Kbd>
            </Button>
          </Tooltip>
          <Button variant="default" data-testid="edit-firm" onClick={() => setDialog({ name: 'edit' })}>{t('common.edit')}</Button>
          <Button variant="subtle" color="red" data-testid="delete-firm" onClick={() => { setDeleteError(null); setDialog({ name: 'delete' }); }}>{t('common.delete')}</Button>
        </Group>
      </div>

      <div className="page-scroll">
        <div className="card-cols">
          <div>
            <section className="panel">
              <div className="panel-title"><h3>{t('card.identity')}</h3></div>
              <dl className="facts">
                <dt>{t('firms.ico')}</dt><dd className="mono" data-testid="firm-card-ico">{firm.ico ?? '—'}</dd>
                <dt>{t('firms.dic')}</dt><dd className="mono">{firm.dic ?? '—'}</dd>
                <dt>{t('firms.website')}</dt>
                <dd>{firm.website ? (websiteHref ? <Anchor href={websiteHref} target="_blank" rel="noreferrer noopener" size="sm">{firm.website}</Anchor> : firm.website) : '—'}</dd>
                <dt>{t('firms.industry')}</dt><dd>{firm.industry ?? '—'}</dd>
                <dt>{t('firms.source')}</dt><dd>{source ? codeLabel(t, source) : '—'}</dd>
                <dt>{t('firms.owner')}</dt><dd>{owner?.name ?? '—'}</dd>
              </dl>
            </section>

            <section className="panel" data-testid="firm-card-addresses">
              <div className="panel-title"><h3>{t('address.title')}</h3></div>
              {addresses.length === 0 ? <Text size="sm" c="dimmed">{t('card.no_addresses')}</Text> : (
                <dl className="facts">
                  {addresses.map((a) => (
                    <AddressFact key={a.id} label={t(`address_kinds.${a.kind}`)}
                      lines={[[a.street, a.number].filter(Boolean).join(' '), [a.postalCode, a.city].filter(Boolean).join(' '), a.country !== 'CZ' ? a.country : '']} />
                  ))}
                </dl>
              )}
            </section>

            <section className="panel" data-testid="firm-card-channels">
              <div className="panel-title"><h3>{t('channel.title')}</h3></div>
              {channels.length === 0 ? <Text size="sm" c="dimmed">{t('card.no_channels')}</Text> : (
                <dl className="facts">
                  {channels.map((c) => (
                    <ChannelFact key={c.id} channel={c} label={c.label || t(`channel_kinds.${c.kind}`)} />
                  ))}
                </dl>
              )}
            </section>

            <section className="panel" data-testid="firm-card-people">
              <div className="panel-title">
                <h3>{t('people.title')}</h3>
                <Button variant="light" size="compact-xs" data-testid="add-person" onClick={() => setDialog({ name: 'person' })}>+ {t('people.add')}</Button>
              </div>
              {sortedPeople.length === 0 ? <Text size="sm" c="dimmed">{t('people.none')}</Text> : sortedPeople.map((p) => {
                const role = codeById(codes, p.roleId);
                return (
                  <div key={p.id} className="person" data-testid="person-row">
                    <span className="star" title={p.isMain ? t('people.main') : undefined} aria-label={p.isMain ? t('people.main') : undefined}>{p.isMain ? '★' : ''}</span>
                    <div className="person-main">
                      <Group gap={6} wrap="wrap">
                        <Text fw={600} size="sm" data-testid="person-name">{personName(p)}</Text>
                        {p.jobTitle && <Text size="xs" c="dimmed">{p.jobTitle}</Text>}
                        {role && <Badge variant="outline" color="gray">{codeLabel(t, role)}</Badge>}
                      </Group>
                      {p.channels.length > 0 && (
                        <div className="chan-list">
                          {p.channels.map((c) => <ChannelLink key={c.id} channel={c} />)}
                        </div>
                      )}
                      {p.note && <Text size="xs" c="dimmed" mt={2} style={{ whiteSpace: 'pre-wrap' }} lineClamp={3}>{p.note}</Text>}
                    </div>
                    <ActionIcon aria-label={t('common.edit')} title={t('common.edit')} data-testid="edit-person"
                      onClick={() => setDialog({ name: 'person', person: p })}>✎</ActionIcon>
                  </div>
                );
              })}
            </section>
          </div>

          <section className="panel" data-testid="timeline">
            <div className="panel-title">
              <h3>{t('timeline.title')}</h3>
              <Button variant="light" size="compact-xs" onClick={() => setDialog({ name: 'contact' })}>+ {t('card.log_contact')}</Button>
            </div>
            <Timeline firmId={firm.id} version={version} onEdit={(c) => setDialog({ name: 'contact', contact: c })} />
          </section>
        </div>
      </div>

      <FirmForm opened={dialog.name === 'edit'} card={card.data} onClose={close} onSaved={saved} />

      <PersonForm opened={dialog.name === 'person'} firmId={firm.id} person={dialog.name === 'person' ? dialog.person : undefined}
        hasMain={people.some((p) => p.isMain)} onClose={close} onSaved={saved} />

      <ContactDialog opened={dialog.name === 'contact'} firmId={firm.id} people={people}
        contact={dialog.name === 'contact' ? dialog.contact : undefined} onClose={close} onSaved={saved} />

      <Modal opened={dialog.name === 'delete'} onClose={close} title={t('card.delete_title')} size="sm">
        <Text size="sm">{t('card.delete_confirm', { name: firm.name })}</Text>
        {deleteError && <Alert color="red" mt="sm">{deleteError}</Alert>}
        <Group justify="flex-end" mt="md" gap="xs">
          <Button variant="default" onClick={close} data-autofocus>{t('common.cancel')}</Button>
          <Button color="red" loading={deleting} data-testid="confirm-delete" onClick={doDelete}>{t('common.delete')}</Button>
        </Group>
      </Modal>
    </div>
  );
}

function AddressFact({ label, lines }: { label: string; lines: string[] }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{lines.filter(Boolean).map((l, i) => <div key={i}>{l}</div>)}</dd>
    </>
  );
}

function ChannelFact({ channel, label }: { channel: Channel; label: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd><ChannelLink channel={channel} bare /></dd>
    </>
  );
}

export function ChannelLink({ channel, bare }: { channel: Channel; bare?: boolean }) {
  const { t } = useTranslation();
  const href = channelHref(channel.kind, channel.value);
  const icon = channel.kind === 'phone' ? '☎' : channel.kind === 'email' ? '✉' : '⌂';
  const external = channel.kind === 'web';
  return (
    <span title={channel.label || t(`channel_kinds.${channel.kind}`)}>
      {!bare && <span aria-hidden className="dim">{icon} </span>}
      {href ? <Anchor href={href} size="sm" inherit target={external ? '_blank' : undefined} rel={external ? 'noreferrer noopener' : undefined}>{channel.value}</Anchor> : channel.value}
      {!bare && channel.label && <span className="dim"> ({channel.label})</span>}
    </span>
  );
}
