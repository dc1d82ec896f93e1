// One firm: the overview on the left (identity, addresses, channels, segments, user fields,
// completeness, colleagues), and tabs on the right for people, the timeline, tasks, notes, files,
// opportunities and sales — each loaded only when opened. Ctrl+L / Cmd+L logs a contact; files
// dropped anywhere on the card are attached.
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { ConflictBadge } from '../sync/ConflictBadge.tsx';
import { ActionIcon, Alert, Anchor, Badge, Button, Center, Group, Kbd, Loader, Modal, Tabs, Text, Title, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Table } from '../../shared/contract.ts';
import type { Channel, Contact, Note, Person, Task, TimelineItem } from '../../shared/types.ts';
import { errorData, send } from '../api.ts';
import { useApp } from '../store.ts';
import { channelHref, codeById, codeLabel, personName, regionName, webHref } from '../ui/format.ts';
import { companyIdName, companyIdSpecs } from '../../shared/company-ids.ts';
import { translateError } from '../ui/forms.ts';
import { useRemote } from '../ui/useRemote.ts';
import { FirmForm } from './FirmForm.tsx';
import { KIND_COLORS } from './FirmList.tsx';
import { PersonForm } from '../people/PersonForm.tsx';
import { PeopleTab } from '../people/PeopleTab.tsx';
import { ContactDialog } from '../contacts/ContactDialog.tsx';
import { TimelineStream } from '../timeline/TimelineStream.tsx';
import { TasksTab } from '../tasks/TasksTab.tsx';
import { TaskDialog } from '../tasks/TaskDialog.tsx';
import { NotesTab } from '../notes/NotesTab.tsx';
import { NoteDialog } from '../notes/NoteDialog.tsx';
import { AttachmentsTab } from '../attachments/AttachmentsTab.tsx';
import { OpportunitiesTab } from '../card/OpportunitiesTab.tsx';
import { SalesTab } from '../sales/SalesTab.tsx';
import { carriesFiles } from '../attachments/upload.ts';
import { ConvertLeadDialog } from '../leads/ConvertLeadDialog.tsx';
import { SegmentsPanel } from '../card/SegmentsPanel.tsx';
import { FieldsPanel } from '../card/FieldsPanel.tsx';
import { ColleaguesPanel, CompletenessPanel, HeadsPanel } from '../card/Insights.tsx';
import { BriefModal, LetterModal } from '../printing/CardPrint.tsx';
import { PrivacyDialogs, PrivacyMenu, type PrivacyAction } from '../privacy/Privacy.tsx';

type Dialog =
  | { name: 'none' }
  | { name: 'edit' }
  | { name: 'delete' }
  | { name: 'convert' }
  | { name: 'person'; person?: Person }
  | { name: 'contact'; contact?: Contact }
  | { name: 'task'; task?: Task }
  | { name: 'note'; note?: Note }
  | { name: 'brief'; person?: Person }
  | { name: 'letter' };

export const CARD_TABS = ['people', 'timeline', 'tasks', 'notes', 'attachments', 'opportunities', 'sales'] as const;
export type CardTab = (typeof CARD_TABS)[number];

/** Everything the card (its header, overview and tab counts) shows. */
const CARD_TABLES: readonly Table[] = [
  'firms', 'addresses', 'channels', 'people', 'contacts', 'notes', 'note_shares', 'tasks', 'attachments',
  'segments', 'segment_members', 'field_defs', 'field_options', 'field_values', 'users', 'merges',
  'opportunities', 'sales',
];

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function FirmCardView({ id }: { id: string }) {
  const { t } = useTranslation();
  const navigate = useApp((s) => s.navigate);
  const users = useApp((s) => s.users);
  const codes = useApp((s) => s.codes);
  const locale = useApp((s) => s.locale);
  const [version, setVersion] = useState(0);
  const card = useRemote('firms.get', { id }, CARD_TABLES, version);
  const [dialog, setDialog] = useState<Dialog>({ name: 'none' });
  const [privacy, setPrivacy] = useState<PrivacyAction>(null);
  const privacyDialogs = (
    <PrivacyDialogs action={privacy} onClose={() => setPrivacy(null)}
      onErased={(s) => { if (s.kind === 'firm') navigate({ name: 'firms' }); else setVersion((v) => v + 1); }} />
  );
  const [tab, setTab] = useState<CardTab>('people');
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [dropping, setDropping] = useState(false);
  const [incoming, setIncoming] = useState<File[] | null>(null);
  const dialogRef = useRef(dialog);
  dialogRef.current = dialog;
  const mergedRef = useRef(false);
  mergedRef.current = !!card.data?.firm.mergedIntoId;

  // Ctrl+L / Cmd+L: log a contact (e.code so Cyrillic layouts work too).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const isL = e.code === 'KeyL' || e.key.toLowerCase() === 'l';
      if (!isL || !(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return;
      e.preventDefault();
      if (dialogRef.current.name === 'none' && !mergedRef.current) setDialog({ name: 'contact' });
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  if (card.error && (!card.data || card.error.code === 'not_found')) {
    return (
      <>
        {/* An erased firm is gone the moment the erasure commits: its result (the texts that still
            name it) stays on screen until read — the dialogs first in every branch, so React keeps them. */}
        {privacyDialogs}
        <div className="page-scroll">
          <Alert color={card.error.code === 'not_found' ? 'yellow' : 'red'} data-testid="firm-card-error" maw={520}>
            {card.error.code === 'not_found' ? t('card.not_found') : translateError(t, card.error)}
          </Alert>
          <Button mt="md" variant="default" onClick={() => navigate({ name: 'firms' })}>← {t('card.back')}</Button>
        </div>
      </>
    );
  }
  if (!card.data) return <>{privacyDialogs}<Center h="100%"><Loader size="sm" /></Center></>;

  const { firm, addresses, channels, people, counts } = card.data;
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

  const openItem = (item: TimelineItem) => {
    if (item.type === 'contact') setDialog({ name: 'contact', contact: item.contact });
    else if (item.type === 'task') setDialog({ name: 'task', task: item.task });
    else if (item.type === 'note') setDialog({ name: 'note', note: item.note });
  };

  // Files dropped anywhere on the card land in the attachments tab.
  // A file drag is always taken (the browser would otherwise open the file in place of the app),
  // but refused while a dialog is open.
  const onDragOver = (e: DragEvent) => {
    if (!carriesFiles(e.dataTransfer)) return;
    e.preventDefault();
    const allowed = dialog.name === 'none' && !firm.mergedIntoId;
    e.dataTransfer.dropEffect = allowed ? 'copy' : 'none';
    setDropping(allowed);
  };
  const onDrop = (e: DragEvent) => {
    setDropping(false);
    if (!carriesFiles(e.dataTransfer)) return;
    e.preventDefault();
    if (dialog.name !== 'none' || firm.mergedIntoId) return;
    const files = Array.from(e.dataTransfer.files);
    if (files.length === 0) return;
    setTab('attachments');
    setIncoming(files);
  };

  const websiteHref = firm.website ? webHref(firm.website) : null;
  const tabCount: Record<CardTab, number> = {
    people: counts.people, timeline: counts.contacts, tasks: counts.openTasks, notes: counts.notes, attachments: counts.attachments,
    opportunities: counts.openOpportunities, sales: counts.sales,
  };

  return (
    <>
    {privacyDialogs}
    <div className={`page${dropping ? ' card-dropping' : ''}`} data-testid="firm-card" data-firm-id={firm.id}
      onDragOver={onDragOver} onDragLeave={(e) => { if (e.currentTarget === e.target || !e.currentTarget.contains(e.relatedTarget as Node)) setDropping(false); }}
      onDrop={onDrop}>
      <div className="card-head">
        <ActionIcon size="md" aria-label={t('card.back')} title={t('card.back')} onClick={() => navigate({ name: 'firms' })}>←</ActionIcon>
        <Title order={1} data-testid="firm-card-name" style={{ minWidth: 0, overflowWrap: 'anywhere' }}>{firm.name}</Title>
        <Group gap={4}>
          {firm.isLead && <Badge color="orange" variant="filled" size="sm" data-testid="lead-badge">{t('card.lead.badge')}</Badge>}
          {firm.kinds.map((k) => <Badge key={k} color={KIND_COLORS[k]} variant="light" size="sm">{t(`firm_kinds.${k}`)}</Badge>)}
          <ConflictBadge tbl="firms" rowId={firm.id} />
          {firm.ico && <Text span size="xs" c="dimmed" className="mono">{companyIdName(firm.country, 'ico', firm.ico)} {firm.ico}</Text>}
        </Group>
        {/* A merged-away firm is history: nothing to log or edit there any more. */}
        {!firm.mergedIntoId && <Group gap={6} ml="auto" wrap="nowrap">
          {firm.isLead && (
            <Button color="orange" variant="light" data-testid="convert-lead" onClick={() => setDialog({ name: 'convert' })}>{t('card.lead.convert')}</Button>
          )}
          <Tooltip label={<span>{isMac ? '⌘' : 'Ctrl'} + L</span>} openDelay={400}>
            <Button data-testid="log-contact" onClick={() => setDialog({ name: 'contact' })}>
              {t('card.log_contact')}&nbsp;<Kbd size="xs" ml={4} style={{ opacity: 0.8 }}>{isMac ? '⌘' : 'Ctrl'}+L</Kbd>
            </Button>
          </Tooltip>
          <Button variant="default" data-testid="card-print-brief" onClick={() => setDialog({ name: 'brief' })}>{t('printing.card.brief')}</Button>
          <Button variant="default" data-testid="card-print-letter" onClick={() => setDialog({ name: 'letter' })}>{t('printing.card.letter')}</Button>
          <Button variant="default" data-testid="edit-firm" onClick={() => setDialog({ name: 'edit' })}>{t('common.edit')}</Button>
          <PrivacyMenu subject={{ kind: 'firm', id: firm.id, name: firm.name }} onPick={setPrivacy} />
          <Button variant="subtle" color="red" data-testid="delete-firm" onClick={() => { setDeleteError(null); setDialog({ name: 'delete' }); }}>{t('common.delete')}</Button>
        </Group>}
      </div>
      {firm.mergedIntoId && (
        <Alert color="yellow" radius={0} py={6} data-testid="merged-notice">
          {t('card.merged.notice')}{' '}
          <Anchor component="button" type="button" size="sm" fw={600} data-testid="merged-open"
            onClick={() => navigate({ name: 'firm', id: firm.mergedIntoId! })}>{t('card.merged.open')}</Anchor>
        </Alert>
      )}

      <div className="page-scroll">
        <div className="card-layout">
          <div className="card-overview" data-testid="card-overview">
            <section className="panel">
              <div className="panel-title"><h3>{t('card.identity')}</h3></div>
              <dl className="facts">
                <dt>{t('intl.firm_country')}</dt><dd data-testid="firm-card-country" data-country={firm.country}>{regionName(firm.country, locale)}</dd>
                {/* The ids under their own country's names: IČO / DIČ, Adószám / Cégjegyzékszám, ИНН / ОГРН. */}
                {companyIdSpecs(firm.country).map((s) => {
                  const value = (s.field === 'vatId' ? firm.vatId : firm[s.field]) ?? '';
                  return [
                    <dt key={`${s.field}-n`} data-testid={`firm-card-${s.field}-name`}>{companyIdName(firm.country, s.field, value)}</dt>,
                    <dd key={`${s.field}-v`} className="mono" data-testid={s.field === 'ico' ? 'firm-card-ico' : `firm-card-${s.field}`}>{value || '—'}</dd>,
                  ];
                })}
                <dt>{t('firms.website')}</dt>
                <dd>{firm.website ? (websiteHref ? <Anchor href={websiteHref} target="_blank" rel="noreferrer noopener" size="sm">{firm.website}</Anchor> : firm.website) : '—'}</dd>
                <dt>{t('firms.industry')}</dt><dd data-testid="firm-card-industry">{firm.industryId ? codeLabel(t, codeById(codes, firm.industryId)) : '—'}</dd>
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

            <CompletenessPanel completeness={card.data.completeness} country={firm.country} />
            <SegmentsPanel firmId={firm.id} segments={card.data.segments} />
            <HeadsPanel heads={card.data.heads} />
            <FieldsPanel firmId={firm.id} values={card.data.fields} />
            <ColleaguesPanel firmId={firm.id} />
          </div>

          <section className="panel card-tabs">
            <Tabs value={tab} onChange={(v) => { if (v) setTab(v as CardTab); }} keepMounted={false} variant="default">
              <Tabs.List>
                {CARD_TABS.map((name) => (
                  <Tabs.Tab key={name} value={name} data-testid={`card-tab-${name}`}
                    rightSection={tabCount[name] > 0 ? <Badge size="xs" variant="light" color={name === 'tasks' ? 'orange' : 'gray'} data-testid={`card-tab-count-${name}`}>{tabCount[name]}</Badge> : undefined}>
                    {t(`card.tabs.${name}`)}
                  </Tabs.Tab>
                ))}
              </Tabs.List>
              <Tabs.Panel value="people" pt="xs">
                <PeopleTab people={people} firmName={firm.name} addresses={addresses}
                  onAdd={() => setDialog({ name: 'person' })} onEdit={(p) => setDialog({ name: 'person', person: p })}
                  onPrintBrief={(p) => setDialog({ name: 'brief', person: p })}
                  privacyMenu={(p) => <PrivacyMenu compact subject={{ kind: 'person', id: p.id, name: personName(p) }} onPick={setPrivacy} />} />
              </Tabs.Panel>
              <Tabs.Panel value="timeline" pt="xs" data-testid="timeline">
                <TimelineStream firmId={firm.id} testId="firm-timeline" onOpen={openItem}
                  actions={<Button variant="light" size="compact-xs" onClick={() => setDialog({ name: 'contact' })}>+ {t('card.log_contact')}</Button>} />
              </Tabs.Panel>
              <Tabs.Panel value="tasks" pt="xs">
                <TasksTab firmId={firm.id} onNew={() => setDialog({ name: 'task' })} onEdit={(task) => setDialog({ name: 'task', task })} />
              </Tabs.Panel>
              <Tabs.Panel value="notes" pt="xs">
                <NotesTab firmId={firm.id} onNew={() => setDialog({ name: 'note' })} onOpen={(note) => setDialog({ name: 'note', note })} />
              </Tabs.Panel>
              <Tabs.Panel value="attachments" pt="xs">
                <AttachmentsTab firmId={firm.id} incoming={incoming} onIncomingTaken={() => setIncoming(null)} />
              </Tabs.Panel>
              <Tabs.Panel value="opportunities" pt="xs">
                <OpportunitiesTab firmId={firm.id} />
              </Tabs.Panel>
              <Tabs.Panel value="sales" pt="xs">
                <SalesTab firmId={firm.id} />
              </Tabs.Panel>
            </Tabs>
          </section>
        </div>
      </div>
      {dropping && <div className="card-drop-hint" aria-hidden>{t('card.files.drop_card')}</div>}

      <FirmForm opened={dialog.name === 'edit'} card={card.data} onClose={close} onSaved={saved} />

      <PersonForm opened={dialog.name === 'person'} firmId={firm.id} person={dialog.name === 'person' ? dialog.person : undefined}
        people={people} hasMain={people.some((p) => p.isMain)} onClose={close} onSaved={saved} />

      <ContactDialog opened={dialog.name === 'contact'} firmId={firm.id} people={people}
        contact={dialog.name === 'contact' ? dialog.contact : undefined} onClose={close}
        onSaved={() => {
          // A contact just logged shows at the top of the timeline.
          if (dialog.name === 'contact' && !dialog.contact) setTab('timeline');
          saved();
        }} />

      <TaskDialog opened={dialog.name === 'task'} firmId={firm.id} people={people} task={dialog.name === 'task' ? dialog.task : undefined}
        onClose={close} onSaved={saved} />

      <NoteDialog opened={dialog.name === 'note'} firmId={firm.id} people={people} note={dialog.name === 'note' ? dialog.note : undefined}
        onClose={close} onSaved={saved} />

      {firm.isLead && (
        <ConvertLeadDialog opened={dialog.name === 'convert'} card={card.data} onClose={close}
          onConverted={(firmId) => { close(); setVersion((v) => v + 1); if (firmId !== firm.id) navigate({ name: 'firm', id: firmId }); }} />
      )}

      <BriefModal opened={dialog.name === 'brief'} firmId={firm.id} personId={dialog.name === 'brief' ? dialog.person?.id ?? null : null}
        title={dialog.name === 'brief' && dialog.person ? t('printing.card.brief_of', { name: personName(dialog.person) }) : t('printing.card.brief_of', { name: firm.name })}
        onClose={close} />
      <LetterModal opened={dialog.name === 'letter'} firmId={firm.id} people={people} onClose={close} />

      <Modal opened={dialog.name === 'delete'} onClose={close} title={t('card.delete_title')} size="sm">
        <Text size="sm">{t('card.delete_confirm', { name: firm.name })}</Text>
        {deleteError && <Alert color="red" mt="sm">{deleteError}</Alert>}
        <Group justify="flex-end" mt="md" gap="xs">
          <Button variant="default" onClick={close} data-autofocus>{t('common.cancel')}</Button>
          <Button color="red" loading={deleting} data-testid="confirm-delete" onClick={doDelete}>{t('common.delete')}</Button>
        </Group>
      </Modal>
    </div>
    </>
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
