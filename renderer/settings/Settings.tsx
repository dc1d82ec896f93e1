// Settings: the office's own fields on firms and people, the colleagues (other salespeople of
// the office) that firms, contacts and tasks can be assigned to until sync brings them, and the
// code lists forms offer.
import { useEffect, useState, type FormEvent } from 'react';
import { StagesSettings } from '../opportunities/StagesSettings.tsx';
import { RatesSettings } from '../opportunities/RatesSettings.tsx';
import { RulesSettings } from '../rules/RulesSettings.tsx';
import { TopicsSettings } from '../mailing/TopicsSettings.tsx';
import { ExportLog } from '../mailing/ExportLog.tsx';
import { CodeListsSettings } from './CodeListsSettings.tsx';
import { BackupsPanel } from '../backups/BackupsPanel.tsx';
import { ImportsPanel } from '../import/ImportsPanel.tsx';
import { TeamPanel } from '../sync/TeamPanel.tsx';
import { ActionIcon, Alert, Badge, Button, Center, Group, Loader, Modal, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FieldDef, FieldEntity, User } from '../../shared/types.ts';
import { FIELD_ENTITIES } from '../../shared/types.ts';
import { errorData, send } from '../api.ts';
import { useApp } from '../store.ts';
import { translateError, useFieldErrors } from '../ui/forms.ts';
import { useRemote } from '../ui/useRemote.ts';
import { FieldForm } from './FieldForm.tsx';
import { CancelButton, FormDialog } from '../ui/FormDialog.tsx';

export function Settings() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <div className="toolbar">
        <Title order={2}>{t('screens.settings.title')}</Title>
      </div>
      <div className="page-scroll">
        <div className="settings-cols">
          <TeamPanel />
          <FieldsPanel />
          <UsersPanel />
          <CodeListsSettings />
          <StagesSettings />
          <RatesSettings />
          <RulesSettings />
          <TopicsSettings />
          <ExportLog />
          <ImportsPanel />
          <BackupsPanel />
        </div>
      </div>
    </div>
  );
}

type FieldDialog = { name: 'none' } | { name: 'form'; field?: FieldDef; entity: FieldEntity } | { name: 'delete'; field: FieldDef };

function FieldsPanel() {
  const { t } = useTranslation();
  const fields = useRemote('fields.list', {}, ['field_defs', 'field_options']);
  const [dialog, setDialog] = useState<FieldDialog>({ name: 'none' });
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const close = () => { setDialog({ name: 'none' }); setFailed(null); };

  const doDelete = async (f: FieldDef) => {
    setBusy(true);
    setFailed(null);
    try {
      await send('fields.delete', { id: f.id });
      close();
      fields.reload();
    } catch (e) {
      setFailed(translateError(t, errorData(e)) ?? null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" data-testid="settings-fields">
      <div className="panel-title">
        <h3>{t('screens.fields.title')}</h3>
        <Button size="compact-xs" data-testid="field-new" onClick={() => setDialog({ name: 'form', entity: 'firm' })}>+ {t('screens.fields.new')}</Button>
      </div>
      <Text size="xs" c="dimmed" mb="xs">{t('screens.fields.intro')}</Text>
      {fields.error && !fields.data ? <Alert color="red">{translateError(t, fields.error)}</Alert>
        : !fields.data ? <Center p="sm"><Loader size="xs" /></Center>
          : FIELD_ENTITIES.map((entity) => {
            const rows = fields.data!.filter((f) => f.entity === entity);
            return (
              <div key={entity} className="settings-group" data-testid={`fields-${entity}`}>
                <div className="section-label">
                  <span>{t(`screens.fields.for_${entity}`)}</span>
                  <Button variant="subtle" size="compact-xs" onClick={() => setDialog({ name: 'form', entity })}>+ {t('screens.fields.add')}</Button>
                </div>
                {rows.length === 0 ? <Text size="sm" c="dimmed" pb="xs">{t('screens.fields.none')}</Text> : (
                  <Table verticalSpacing={3} fz="sm" layout="fixed">
                    <Table.Tbody>
                      {rows.map((f) => (
                        <Table.Tr key={f.id} data-testid="field-row" data-field-id={f.id}>
                          <Table.Td fw={600} w="38%">{f.label}</Table.Td>
                          <Table.Td w={90}><Badge variant="light" color="gray">{t(`screens.field_types.${f.type}`)}</Badge></Table.Td>
                          <Table.Td c="dimmed">
                            {f.options
                              ? <Text size="xs" lineClamp={1} title={f.options.map((o) => o.label).join(', ')}>
                                {t('screens.fields.options_list', { list: f.options.map((o) => o.label).join(', ') || '—' })}
                              </Text>
                              : null}
                          </Table.Td>
                          <Table.Td w={64}>
                            <Group gap={0} wrap="nowrap" justify="flex-end">
                              <ActionIcon aria-label={t('common.edit')} title={t('common.edit')} data-testid="field-edit"
                                onClick={() => setDialog({ name: 'form', field: f, entity: f.entity })}>✎</ActionIcon>
                              <ActionIcon color="red" aria-label={t('common.delete')} title={t('common.delete')} data-testid="field-delete"
                                onClick={() => setDialog({ name: 'delete', field: f })}>✕</ActionIcon>
                            </Group>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                )}
              </div>
            );
          })}
      <FieldForm
        opened={dialog.name === 'form'}
        field={dialog.name === 'form' ? dialog.field : undefined}
        entity={dialog.name === 'form' ? dialog.entity : 'firm'}
        onClose={close}
        onSaved={() => { close(); fields.reload(); }}
      />
      <Modal opened={dialog.name === 'delete'} onClose={close} title={t('screens.fields.delete_title')} size="sm">
        <Text size="sm">{t('screens.fields.delete_confirm', { name: dialog.name === 'delete' ? dialog.field.label : '' })}</Text>
        {failed && <Alert color="red" mt="sm">{failed}</Alert>}
        <Group justify="flex-end" mt="md" gap="xs">
          <Button variant="default" onClick={close} data-autofocus>{t('common.cancel')}</Button>
          <Button color="red" loading={busy} data-testid="field-confirm-delete"
            onClick={() => { if (dialog.name === 'delete') void doDelete(dialog.field); }}>{t('common.delete')}</Button>
        </Group>
      </Modal>
    </section>
  );
}

function UsersPanel() {
  const { t } = useTranslation();
  const users = useApp((s) => s.users);
  const localUserId = useApp((s) => s.localUserId);
  const locale = useApp((s) => s.locale);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const collator = new Intl.Collator(locale);
  const sorted = [...users].sort((a, b) => Number(b.id === localUserId) - Number(a.id === localUserId) || collator.compare(a.name, b.name));

  return (
    <section className="panel" data-testid="settings-users">
      <div className="panel-title">
        <h3>{t('screens.users.title')}</h3>
        <Button size="compact-xs" data-testid="user-new" onClick={() => setEditing('new')}>+ {t('screens.users.new')}</Button>
      </div>
      <Text size="xs" c="dimmed" mb="xs">{t('screens.users.intro')}</Text>
      <Table verticalSpacing={3} fz="sm">
        <Table.Tbody>
          {sorted.map((u) => (
            <Table.Tr key={u.id} data-testid="user-row" data-user-id={u.id}>
              <Table.Td fw={600}>
                {u.name}
                {u.id === localUserId && <Badge ml={6} variant="light">{t('screens.users.you')}</Badge>}
              </Table.Td>
              <Table.Td c="dimmed">{u.email ?? ''}</Table.Td>
              <Table.Td w={30}>
                <ActionIcon aria-label={t('common.edit')} title={t('common.edit')} data-testid="user-edit" onClick={() => setEditing(u)}>✎</ActionIcon>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <UserForm user={editing} onClose={() => setEditing(null)} />
    </section>
  );
}

function UserForm({ user, onClose }: { user: User | 'new' | null; onClose(): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [position, setPosition] = useState('');
  const [saving, setSaving] = useState(false);
  const errs = useFieldErrors(t);
  // A fresh draft whenever the dialog opens for someone.
  useEffect(() => {
    if (!user) return;
    setName(user === 'new' ? '' : user.name);
    setEmail(user === 'new' ? '' : user.email ?? '');
    setPhone(user === 'new' ? '' : user.phone);
    setPosition(user === 'new' ? '' : user.position);
    errs.reset();
  }, [user]);

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (saving || !user) return;
    const payload = { name, email: email.trim() || null, phone, position };
    const known = (p: string) => ['name', 'email', 'phone', 'position'].includes(p);
    const input = user === 'new' ? payload : { ...payload, id: user.id };
    if (!errs.check(user === 'new' ? 'users.create' : 'users.update', input, known)) return;
    setSaving(true);
    try {
      if (user === 'new') await send('users.create', payload);
      else await send('users.update', { ...payload, id: user.id });
      // The app's user list follows the core's change event (users table).
      onClose();
    } catch (err) {
      errs.fail(err, known);
    } finally {
      setSaving(false);
    }
  };

  return (
    <FormDialog opened={user !== null} onClose={onClose} size={440} data-testid="user-form"
      title={user === 'new' || user === null ? t('screens.users.new_title') : t('screens.users.edit_title', { name: user.name })}>
      <form onSubmit={submit} noValidate>
        {errs.general && <Alert color="red" mb="sm" data-testid="form-error">{translateError(t, errs.general)}</Alert>}
        <Stack gap={8}>
          <TextInput label={t('screens.users.name')} required data-testid="user-name" data-autofocus value={name} error={errs.field('name')}
            onChange={(e) => { errs.clear('name'); setName(e.currentTarget.value); }} />
          <TextInput label={t('channel_kinds.email')} data-testid="user-email" inputMode="email" placeholder={t('channel_placeholders.email')}
            value={email} error={errs.field('email')} onChange={(e) => { errs.clear('email'); setEmail(e.currentTarget.value); }} />
          <Group grow gap="xs" align="flex-start">
            <TextInput label={t('channel_kinds.phone')} data-testid="user-phone" inputMode="tel" placeholder={t('channel_placeholders.phone')}
              value={phone} error={errs.field('phone')} onChange={(e) => { errs.clear('phone'); setPhone(e.currentTarget.value); }} />
            <TextInput label={t('profile.position')} data-testid="user-position" placeholder={t('profile.position_placeholder')}
              value={position} error={errs.field('position')} onChange={(e) => { errs.clear('position'); setPosition(e.currentTarget.value); }} />
          </Group>
        </Stack>
        <Group justify="flex-end" mt="md" gap="xs">
          <CancelButton onClose={onClose} />
          <Button type="submit" data-testid="user-save" loading={saving}>{t('common.save')}</Button>
        </Group>
      </form>
    </FormDialog>
  );
}
