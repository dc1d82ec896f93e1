// A person's (or a lead's) newsletters: every topic with its standing — subscribed since when and
// from which source, opted out when, or never — and one click to subscribe (recording where the
// consent came from) or to opt out. Opting out keeps the record: it is the proof of consent.
import { useEffect, useMemo, useState } from 'react';
import { Alert, Badge, Button, Center, Loader, Modal, Table, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { errorData, send } from '../api.ts';
import { useApp } from '../store.ts';
import { formatDateTime } from '../ui/format.ts';
import { translateError } from '../ui/forms.ts';
import { useRemote } from '../ui/useRemote.ts';
import { sortTopics, standings, type SubscriptionState } from './subscriptions.ts';

const STATE_COLORS: Record<SubscriptionState, string> = { subscribed: 'teal', opted_out: 'red', none: 'gray' };

export function SubscriptionsDialog({ opened, onClose, personId = null, firmId = null, name }: {
  opened: boolean;
  onClose(): void;
  personId?: string | null;
  /** A lead subscribes as itself. */
  firmId?: string | null;
  name: string;
}) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const who = opened && (personId || firmId) ? { personId, firmId } : null;
  const topics = useRemote('topics.list', opened ? {} : null, ['topics']);
  const subs = useRemote('subscriptions.list', who, ['subscriptions', 'topics']);
  const [source, setSource] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => { if (opened) { setSource(''); setFailed(null); } }, [opened, personId, firmId]);

  const rows = useMemo(() => standings(sortTopics(topics.data ?? [], locale), subs.data ?? []), [topics.data, subs.data, locale]);

  const set = async (topicId: string, subscribed: boolean) => {
    setBusy(topicId);
    setFailed(null);
    try {
      await send('subscriptions.set', { topicId, personId, firmId, subscribed, source: subscribed ? source.trim() : '' });
      subs.reload();
      topics.reload();
    } catch (e) {
      setFailed(translateError(t, errorData(e)) ?? null);
    } finally {
      setBusy(null);
    }
  };

  const error = topics.error ?? subs.error;
  return (
    <Modal opened={opened} onClose={onClose} size="lg" data-testid="subscriptions-dialog" title={t('mailing.subs.title', { name })}>
      <TextInput
        size="xs"
        label={t('mailing.subs.source')}
        description={t('mailing.subs.source_hint')}
        placeholder={t('mailing.subs.source_placeholder')}
        data-testid="subscriptions-source"
        value={source}
        maxLength={200}
        onChange={(e) => setSource(e.currentTarget.value)}
        mb="sm"
      />
      {failed && <Alert color="red" mb="sm" data-testid="subscriptions-error">{failed}</Alert>}
      {error && !(topics.data && subs.data) ? <Alert color="red" data-testid="subscriptions-error">{translateError(t, error)}</Alert>
        : !(topics.data && subs.data) ? <Center p="sm"><Loader size="xs" /></Center>
          : rows.length === 0 ? <Text size="sm" c="dimmed" data-testid="subscriptions-no-topics">{t('mailing.subs.no_topics')}</Text>
            : (
              <Table verticalSpacing={4} fz="sm">
                <Table.Tbody>
                  {rows.map(({ topic, state, record }) => (
                    <Table.Tr key={topic.id} data-testid="subscriptions-row" data-topic-id={topic.id} data-state={state}>
                      <Table.Td fw={600}>{topic.name}</Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={STATE_COLORS[state]} data-testid="subscriptions-state">{t(`mailing.subs.state_${state}`)}</Badge>
                        {record && (
                          <Text size="xs" c="dimmed" mt={2} data-testid="subscriptions-detail">
                            {t('mailing.subs.since', { date: formatDateTime(record.subscribedAt, locale) })}
                            {record.source ? ` · ${t('mailing.subs.via', { source: record.source })}` : ''}
                            {record.unsubscribedAt !== null ? ` · ${t('mailing.subs.opted_out_at', { date: formatDateTime(record.unsubscribedAt, locale) })}` : ''}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td w={150} ta="right">
                        {state === 'subscribed' ? (
                          <Button size="compact-xs" variant="light" color="red" data-testid="subscriptions-optout" loading={busy === topic.id}
                            onClick={() => void set(topic.id, false)}>{t('mailing.subs.opt_out')}</Button>
                        ) : (
                          <Button size="compact-xs" variant="light" data-testid="subscriptions-subscribe" loading={busy === topic.id}
                            onClick={() => void set(topic.id, true)}>{state === 'opted_out' ? t('mailing.subs.resubscribe') : t('mailing.subs.subscribe')}</Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
      <Text size="xs" c="dimmed" mt="sm">{t('mailing.subs.note')}</Text>
    </Modal>
  );
}
