// The firm's people as a decision hierarchy: whoever has no manager (here) at the root, each
// person's reports beneath them, role badges telling who decides and who influences. Per person:
// their own timeline, and their address block copied for a letter.
import { useMemo, useState, type ReactNode } from 'react';
import { ActionIcon, Badge, Button, Drawer, Group, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Code, FieldDef, Person, Address } from '../../shared/types.ts';
import { hierarchy, letterAddress } from './hierarchy.ts';
import { formatPostalBlock } from '../../shared/postal.ts';
import { personAddressee } from '../../shared/salutation.ts';
import { useApp } from '../store.ts';
import { codeById, codeLabel, personName } from '../ui/format.ts';
import { copyText } from '../ui/clipboard.ts';
import { toast } from '../ui/toast.tsx';
import { useRemote } from '../ui/useRemote.ts';
import { ChannelLink } from '../firms/FirmCard.tsx';
import { TimelineStream } from '../timeline/TimelineStream.tsx';
import { fieldDisplay } from '../card/FieldsPanel.tsx';
import { MailIcon, TimelineIcon } from '../ui/icons.tsx';
import { SubscriptionsDialog } from '../mailing/SubscriptionsDialog.tsx';
import { NewsletterIcon } from '../mailing/NewsletterIcon.tsx';
import { PrintIcon } from '../printing/PrintIcon.tsx';

const ROLE_COLORS: Record<string, string> = { decision_maker: 'red', influencer: 'orange', user: 'blue', gatekeeper: 'grape', other: 'gray' };

export function PeopleTab({ people, firmName, addresses, onAdd, onEdit, onPrintBrief, privacyMenu }: {
  people: Person[];
  firmName: string;
  addresses: Address[];
  onAdd(): void;
  onEdit(p: Person): void;
  /** The person's meeting brief (printing). */
  onPrintBrief?(p: Person): void;
  /** The person's data-protection menu (renderer/privacy). */
  privacyMenu?(p: Person): ReactNode;
}) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const codes = useApp((s) => s.codes);
  const defs = useRemote('fields.list', { entity: 'person' }, ['field_defs', 'field_options']);
  const [timelineOf, setTimelineOf] = useState<Person | null>(null);
  const [newsOf, setNewsOf] = useState<Person | null>(null);
  const nodes = useMemo(() => hierarchy(people, locale), [people, locale]);

  const copyAddress = async (p: Person) => {
    const address = letterAddress(addresses);
    if (!address) { toast(t('card.people.no_address'), 'red'); return; }
    // The stored addressee (or the rule's: "Иванову Ивану Петровичу") heads the block, as on a printed letter.
    const block = formatPostalBlock({ person: p, addressee: personAddressee(p, { language: locale }), firmName, address, locale });
    if (await copyText(block)) toast(t('card.people.address_copied'));
    else toast(t('card.people.copy_failed'), 'red');
  };

  return (
    <div data-testid="firm-card-people">
      <div className="tab-toolbar">
        <Text size="xs" c="dimmed">{people.length > 0 ? t('card.people.hierarchy_hint') : ''}</Text>
        <Button variant="light" size="compact-xs" data-testid="add-person" onClick={onAdd}>+ {t('people.add')}</Button>
      </div>
      {people.length === 0 ? <Text size="sm" c="dimmed">{t('people.none')}</Text> : (
        <div className="people-tree" role="tree" aria-label={t('card.people.hierarchy')}>
          {nodes.map(({ person: p, depth }) => (
            <PersonRow key={p.id} person={p} depth={depth} role={codeById(codes, p.roleId)} defs={defs.data ?? []}
              onEdit={() => onEdit(p)} onTimeline={() => setTimelineOf(p)} onCopy={() => void copyAddress(p)} onNewsletters={() => setNewsOf(p)}
              onPrintBrief={onPrintBrief ? () => onPrintBrief(p) : undefined} privacyMenu={privacyMenu?.(p)} />
          ))}
        </div>
      )}
      <Drawer opened={timelineOf !== null} onClose={() => setTimelineOf(null)} position="right" size="lg"
        title={timelineOf ? t('card.people.timeline_of', { name: personName(timelineOf) }) : ''} data-testid="person-timeline-drawer">
        {timelineOf && <TimelineStream personId={timelineOf.id} testId="person-timeline-stream" />}
      </Drawer>
      <SubscriptionsDialog opened={newsOf !== null} onClose={() => setNewsOf(null)} personId={newsOf?.id ?? null} name={newsOf ? personName(newsOf) : ''} />
    </div>
  );
}

function PersonRow({ person: p, depth, role, defs, onEdit, onTimeline, onCopy, onNewsletters, onPrintBrief, privacyMenu }: {
  person: Person;
  depth: number;
  role: Code | undefined;
  defs: FieldDef[];
  onEdit(): void;
  onTimeline(): void;
  onCopy(): void;
  onNewsletters(): void;
  onPrintBrief?: () => void;
  privacyMenu?: ReactNode;
}) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const filled = defs.map((d) => ({ d, text: fieldDisplay(d, p.fields.find((f) => f.fieldId === d.id), locale) })).filter((x) => x.text);
  return (
    <div className="person tree-row" data-testid="person-row" data-person-id={p.id} data-depth={depth} role="treeitem"
      aria-level={depth + 1} style={{ paddingLeft: 4 + depth * 22 }}>
      {depth > 0 && <span className="tree-elbow" aria-hidden>└</span>}
      <span className="star" title={p.isMain ? t('people.main') : undefined} aria-label={p.isMain ? t('people.main') : undefined}>{p.isMain ? '★' : ''}</span>
      <div className="person-main">
        <Group gap={6} wrap="wrap">
          <Text fw={600} size="sm" data-testid="person-name">{personName(p)}</Text>
          {p.jobTitle && <Text size="xs" c="dimmed">{p.jobTitle}</Text>}
          {role && (
            <Badge variant={role.code === 'decision_maker' ? 'filled' : 'light'} color={role.builtIn ? ROLE_COLORS[role.code] ?? 'gray' : 'gray'}
              data-testid="person-role-badge" data-role={role.code}>
              {codeLabel(t, role)}
            </Badge>
          )}
        </Group>
        {p.channels.length > 0 && (
          <div className="chan-list">
            {p.channels.map((c) => <ChannelLink key={c.id} channel={c} />)}
          </div>
        )}
        {filled.length > 0 && (
          <div className="person-fields">
            {filled.map(({ d, text }) => <span key={d.id}><span className="dim">{d.label}:</span> {text}</span>)}
          </div>
        )}
        {p.note && <Text size="xs" c="dimmed" mt={2} style={{ whiteSpace: 'pre-wrap' }} lineClamp={3}>{p.note}</Text>}
      </div>
      <Group gap={2} wrap="nowrap" className="row-actions">
        <Tooltip label={t('card.people.timeline')} openDelay={300}>
          <ActionIcon aria-label={t('card.people.timeline')} data-testid="person-timeline" onClick={onTimeline}><TimelineIcon /></ActionIcon>
        </Tooltip>
        <Tooltip label={t('card.people.copy_address')} openDelay={300}>
          <ActionIcon aria-label={t('card.people.copy_address')} data-testid="copy-address" onClick={onCopy}><MailIcon /></ActionIcon>
        </Tooltip>
        <Tooltip label={t('mailing.subs.action')} openDelay={300}>
          <ActionIcon aria-label={t('mailing.subs.action')} data-testid="subscriptions-open" onClick={onNewsletters}><NewsletterIcon /></ActionIcon>
        </Tooltip>
        {onPrintBrief && (
          <Tooltip label={t('printing.card.person_brief')} openDelay={300}>
            <ActionIcon aria-label={t('printing.card.person_brief')} data-testid="person-print-brief" onClick={onPrintBrief}><PrintIcon /></ActionIcon>
          </Tooltip>
        )}
        {privacyMenu}
        <ActionIcon aria-label={t('common.edit')} title={t('common.edit')} data-testid="edit-person" onClick={onEdit}>✎</ActionIcon>
      </Group>
    </div>
  );
}
