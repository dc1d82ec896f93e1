// Leads: business cards, fair contacts, newsletter sign-ups — not yet firms of the list. A lead
// opens in the firm card (which shows it as a lead and offers to convert it).
import { useEffect, useState } from 'react';
import { ActionIcon, Alert, Button, Center, Loader, Table, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useApp } from '../store.ts';
import { codeById, codeLabel, formatNumber } from '../ui/format.ts';
import { translateError } from '../ui/forms.ts';
import { useRemote } from '../ui/useRemote.ts';
import { formatShortDate } from '../settings/fieldFormat.ts';
import { LeadForm } from './LeadForm.tsx';
import { SubscriptionsDialog } from '../mailing/SubscriptionsDialog.tsx';
import { NewsletterIcon } from '../mailing/NewsletterIcon.tsx';

const SEARCH_DEBOUNCE_MS = 200;

export function Leads() {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const codes = useApp((s) => s.codes);
  const navigate = useApp((s) => s.navigate);
  const [qInput, setQInput] = useState('');
  const [q, setQ] = useState('');
  const [formOpen, setFormOpen] = useState(false);
  const [newsOf, setNewsOf] = useState<{ id: string; name: string } | null>(null);
  const leads = useRemote('leads.list', { q, locale }, ['firms', 'people', 'channels', 'contacts', 'users']);

  useEffect(() => {
    const timer = setTimeout(() => setQ(qInput), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [qInput]);

  const rows = leads.data ?? [];
  return (
    <div className="page">
      <div className="toolbar">
        <Title order={2} mr="md">{t('screens.leads.title')}</Title>
        <TextInput
          data-testid="lead-search"
          aria-label={t('screens.leads.search')}
          placeholder={t('screens.leads.search_placeholder')}
          value={qInput}
          onChange={(e) => setQInput(e.currentTarget.value)}
          onKeyDown={(e) => { if (e.key === 'Escape') setQInput(''); }}
          leftSection={<span aria-hidden>⌕</span>}
          size="sm"
          style={{ flex: '1 1 200px', maxWidth: 400 }}
          spellCheck={false}
          autoComplete="off"
          data-autofocus
        />
        <Button data-testid="new-lead" size="sm" ml="auto" onClick={() => setFormOpen(true)}>+ {t('screens.leads.new')}</Button>
      </div>
      <div className="page-scroll">
        {leads.error && !leads.data ? <Alert color="red" maw={520}>{translateError(t, leads.error)}</Alert>
          : !leads.data ? <Center p="lg"><Loader size="sm" /></Center>
            : rows.length === 0 ? (
              <Text c="dimmed" size="sm" ta="center" p="xl" data-testid="leads-empty">
                {q.trim() ? t('screens.leads.none_found') : t('screens.leads.none_yet')}
              </Text>
            ) : (
              <div className="panel table-panel">
                <Table highlightOnHover verticalSpacing={4} fz="sm" className="click-table" data-testid="lead-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('screens.leads.name')}</Table.Th>
                      <Table.Th>{t('screens.leads.person')}</Table.Th>
                      <Table.Th>{t('channel_kinds.email')}</Table.Th>
                      <Table.Th>{t('channel_kinds.phone')}</Table.Th>
                      <Table.Th>{t('firms.source')}</Table.Th>
                      <Table.Th>{t('firms.owner')}</Table.Th>
                      <Table.Th>{t('screens.leads.created')}</Table.Th>
                      <Table.Th>{t('screens.leads.last_contact')}</Table.Th>
                      <Table.Th w={36} aria-label={t('mailing.subs.action')} />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {rows.map((l) => (
                      <Table.Tr key={l.id} data-testid="lead-row" data-lead-id={l.id} tabIndex={0}
                        onClick={() => navigate({ name: 'firm', id: l.id })}
                        onKeyDown={(e) => { if (e.key === 'Enter') navigate({ name: 'firm', id: l.id }); }}>
                        <Table.Td fw={600}>{l.name}</Table.Td>
                        <Table.Td>{l.personName ?? ''}</Table.Td>
                        <Table.Td>{l.email ?? ''}</Table.Td>
                        <Table.Td className="nowrap">{l.phone ?? ''}</Table.Td>
                        <Table.Td>{codeLabel(t, codeById(codes, l.sourceId))}</Table.Td>
                        <Table.Td>{l.ownerName ?? ''}</Table.Td>
                        <Table.Td className="nowrap">{formatShortDate(l.createdAt, locale)}</Table.Td>
                        <Table.Td className="nowrap">{l.lastContactAt ? formatShortDate(l.lastContactAt, locale) : <span className="dim">—</span>}</Table.Td>
                        <Table.Td w={36} onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}>
                          <Tooltip label={t('mailing.subs.action')} openDelay={300}>
                            <ActionIcon size="sm" variant="subtle" aria-label={t('mailing.subs.action')} data-testid="subscriptions-open"
                              onClick={() => setNewsOf({ id: l.id, name: l.name })}><NewsletterIcon /></ActionIcon>
                          </Tooltip>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </div>
            )}
      </div>
      <div className="statusbar">
        <span data-testid="lead-count">{leads.data ? t('screens.leads.count', { n: formatNumber(rows.length, locale) }) : '…'}</span>
        <span className="dim">{t('screens.leads.hint')}</span>
      </div>
      <LeadForm opened={formOpen} onClose={() => setFormOpen(false)} onSaved={() => setFormOpen(false)} />
      <SubscriptionsDialog opened={newsOf !== null} onClose={() => setNewsOf(null)} firmId={newsOf?.id ?? null} name={newsOf?.name ?? ''} />
    </div>
  );
}
