// Settings: newsletter topics ("Price list", "Events") people and leads subscribe to, with how
// many subscribe to each now. Deleting a topic removes its subscriptions from mailing.
import { useEffect, useState, type FormEvent } from 'react';
import { ActionIcon, Alert, Button, Center, Group, Loader, Modal, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Topic } from '../../shared/types.ts';
import { errorData, send } from '../api.ts';
import { useApp } from '../store.ts';
import { formatNumber } from '../ui/format.ts';
import { translateError, useFieldErrors } from '../ui/forms.ts';
import { useRemote } from '../ui/useRemote.ts';
import { sortTopics } from './subscriptions.ts';
import { CancelButton, FormDialog } from '../ui/FormDialog.tsx';

type Dialog = { name: 'none' } | { name: 'form'; topic?: Topic } | { name: 'delete'; topic: Topic };

export function TopicsSettings() {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const topics = useRemote('topics.list', {}, ['topics', 'subscriptions']);
  const [dialog, setDialog] = useState<Dialog>({ name: 'none' });
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const close = () => { setDialog({ name: 'none' }); setFailed(null); };

  const doDelete = async (topic: Topic) => {
    setBusy(true);
    setFailed(null);
    try {
      await send('topics.delete', { id: topic.id });
      close();
      topics.reload();
    } catch (e) {
      setFailed(translateError(t, errorData(e)) ?? null);
    } finally {
      setBusy(false);
    }
  };

  const list = sortTopics(topics.data ?? [], locale);
  return (
    <section className="panel" data-testid="settings-topics">
      <div className="panel-title">
        <h3>{t('mailing.topics.title')}</h3>
        <Button size="compact-xs" data-testid="topics-new" onClick={() => setDialog({ name: 'form' })}>+ {t('mailing.topics.new')}</Button>
      </div>
      <Text size="xs" c="dimmed" mb="xs">{t('mailing.topics.intro')}</Text>
      {topics.error && !topics.data ? <Alert color="red" data-testid="topics-error">{translateError(t, topics.error)}</Alert>
        : !topics.data ? <Center p="sm"><Loader size="xs" /></Center>
          : list.length === 0 ? <Text size="sm" c="dimmed" pb="xs" data-testid="topics-none">{t('mailing.topics.none')}</Text>
            : (
              <Table verticalSpacing={3} fz="sm">
                <Table.Tbody>
                  {list.map((x) => (
                    <Table.Tr key={x.id} data-testid="topics-row" data-topic-id={x.id}>
                      <Table.Td>
                        <Text size="sm" fw={600} data-testid="topics-row-name">{x.name}</Text>
                        {x.note && <Text size="xs" c="dimmed" lineClamp={2}>{x.note}</Text>}
                      </Table.Td>
                      <Table.Td className="nowrap" data-testid="topics-row-subscribers" data-n={x.subscribers}>
                        <Text size="xs" c="dimmed">{t('mailing.topics.subscribers', { count: x.subscribers, n: formatNumber(x.subscribers, locale) })}</Text>
                      </Table.Td>
                      <Table.Td w={64}>
                        <Group gap={0} wrap="nowrap" justify="flex-end">
                          <ActionIcon aria-label={t('common.edit')} title={t('common.edit')} data-testid="topics-edit"
                            onClick={() => setDialog({ name: 'form', topic: x })}>✎</ActionIcon>
                          <ActionIcon color="red" aria-label={t('common.delete')} title={t('common.delete')} data-testid="topics-delete"
                            onClick={() => setDialog({ name: 'delete', topic: x })}>✕</ActionIcon>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
      <TopicForm opened={dialog.name === 'form'} topic={dialog.name === 'form' ? dialog.topic : undefined} onClose={close}
        onSaved={() => { close(); topics.reload(); }} />
      <Modal opened={dialog.name === 'delete'} onClose={close} title={t('mailing.topics.delete_title')} size="sm">
        <Text size="sm">{t('mailing.topics.delete_confirm', {
          name: dialog.name === 'delete' ? dialog.topic.name : '',
          count: dialog.name === 'delete' ? dialog.topic.subscribers : 0,
          n: dialog.name === 'delete' ? formatNumber(dialog.topic.subscribers, locale) : '0',
        })}</Text>
        {failed && <Alert color="red" mt="sm" data-testid="topics-error">{failed}</Alert>}
        <Group justify="flex-end" mt="md" gap="xs">
          <Button variant="default" onClick={close} data-autofocus>{t('common.cancel')}</Button>
          <Button color="red" loading={busy} data-testid="topics-confirm-delete"
            onClick={() => { if (dialog.name === 'delete') void doDelete(dialog.topic); }}>{t('common.delete')}</Button>
        </Group>
      </Modal>
    </section>
  );
}

function TopicForm({ opened, topic, onClose, onSaved }: { opened: boolean; topic?: Topic; onClose(): void; onSaved(): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const errs = useFieldErrors(t);

  useEffect(() => {
    if (!opened) return;
    setName(topic?.name ?? '');
    setNote(topic?.note ?? '');
    errs.reset();
  }, [opened]);

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (saving) return;
    const known = (p: string) => p === 'name' || p === 'note';
    const payload = { name, note };
    if (!errs.check(topic ? 'topics.update' : 'topics.create', topic ? { ...payload, id: topic.id } : payload, known)) return;
    setSaving(true);
    try {
      if (topic) await send('topics.update', { ...payload, id: topic.id });
      else await send('topics.create', payload);
      onSaved();
    } catch (err) {
      errs.fail(err, known);
    } finally {
      setSaving(false);
    }
  };

  return (
    <FormDialog opened={opened} onClose={onClose} size={440} data-testid="topics-form"
      title={topic ? t('mailing.topics.edit_title', { name: topic.name }) : t('mailing.topics.new_title')}>
      <form onSubmit={submit} noValidate>
        {errs.general && <Alert color="red" mb="sm" data-testid="topics-error">{translateError(t, errs.general)}</Alert>}
        <Stack gap={8}>
          <TextInput label={t('mailing.topics.name')} required data-testid="topics-name" data-autofocus value={name} error={errs.field('name')}
            placeholder={t('mailing.topics.name_placeholder')} maxLength={120}
            onChange={(e) => { errs.clear('name'); setName(e.currentTarget.value); }} />
          <Textarea label={t('mailing.topics.note')} data-testid="topics-note" value={note} error={errs.field('note')} autosize minRows={2} maxRows={5}
            onChange={(e) => { errs.clear('note'); setNote(e.currentTarget.value); }} />
        </Stack>
        <Group justify="flex-end" mt="md" gap="xs">
          <CancelButton onClose={onClose} />
          <Button type="submit" data-testid="topics-save" loading={saving}>{t('common.save')}</Button>
        </Group>
      </form>
    </FormDialog>
  );
}
