// Settings → Team: a laptop alone is a complete CRM; here it joins the office's server with the
// invite code an admin made (docs/server.md), then shows where it syncs, what waits to go out,
// and the conflicts to decide.
import { useEffect, useState, type FormEvent } from 'react';
import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { errorData, send } from '../api.ts';
import { useApp } from '../store.ts';
import { formatDateTime } from '../ui/format.ts';
import { translateError } from '../ui/forms.ts';
import { useRemote } from '../ui/useRemote.ts';
import { toast } from '../ui/toast.tsx';
import { ConflictList } from './ConflictList.tsx';
import { useSync } from './sync-state.ts';

export function TeamPanel() {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const status = useSync((s) => s.status);
  const running = useSync((s) => s.running);
  const conflicts = useRemote('sync.conflicts.list', status?.configured ? {} : null, ['settings', 'firms']);
  useEffect(() => { void useSync.getState().refresh(); }, []);
  useEffect(() => { if (status?.configured) conflicts.reload(); }, [status?.openConflicts]);

  return (
    <section className="panel" data-testid="settings-team">
      <div className="panel-title">
        <h3>{t('sync_ui.title')}</h3>
        {status?.configured && (
          <Button size="compact-xs" loading={running} data-testid="team-sync-now"
            onClick={() => void useSync.getState().syncNow().then((r) => { if (r) toast(t('sync_ui.done', { pulled: r.pulled, pushed: r.pushed })); conflicts.reload(); })}>
            {t('sync_ui.now')}
          </Button>
        )}
      </div>
      {!status ? null : !status.configured ? <JoinForm /> : (
        <Stack gap={4}>
          <Text size="sm" data-testid="team-workspace">{t('sync_ui.joined', { workspace: status.workspaceName ?? '—', server: status.serverUrl ?? '—' })}</Text>
          <Text size="xs" c="dimmed">
            {status.lastSyncAt ? t('sync_ui.last', { when: formatDateTime(status.lastSyncAt, locale) }) : t('sync_ui.never')}
            {' · '}
            {status.waiting === 0 ? t('sync_ui.nothing_waiting') : t('sync_ui.waiting', { count: status.waiting })}
          </Text>
          {status.lastError && <Alert color="orange" p="xs" data-testid="team-error">{t(status.lastError)}</Alert>}
          <Text size="sm" fw={600} mt="xs">{t('sync_ui.conflicts_title')}</Text>
          {conflicts.data && <ConflictList conflicts={conflicts.data} onResolved={() => conflicts.reload()} />}
        </Stack>
      )}
    </section>
  );
}

function JoinForm() {
  const { t } = useTranslation();
  const [url, setUrl] = useState('');
  const [code, setCode] = useState('');
  const [deviceName, setDeviceName] = useState(() => t('sync_ui.default_device'));
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const [field, setField] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setFailed(null);
    setField(null);
    void send('sync.join', { url: url.trim(), code: code.trim(), deviceName: deviceName.trim() || t('sync_ui.default_device') })
      .then(async (r) => {
        toast(t('sync_ui.joined_toast', { workspace: r.workspaceName }), 'green', 6000);
        await useSync.getState().refresh();
        await useSync.getState().syncNow();
      }, (err: unknown) => {
        const d = errorData(err);
        setField(d.field ?? null);
        setFailed(translateError(t, d) ?? null);
      })
      .finally(() => setBusy(false));
  };
  return (
    <form onSubmit={submit} data-testid="join-form">
      <Text size="sm" c="dimmed" mb="xs">{t('sync_ui.alone')}</Text>
      <Stack gap={6}>
        <TextInput size="xs" label={t('sync_ui.server_url')} placeholder="https://crm.example.cz" required data-testid="join-url"
          value={url} error={field === 'url' ? failed : undefined} onChange={(e) => setUrl(e.currentTarget.value)} />
        <TextInput size="xs" label={t('sync_ui.invite_code')} required data-testid="join-code" autoComplete="off"
          value={code} error={field === 'code' ? failed : undefined} onChange={(e) => setCode(e.currentTarget.value)} />
        <TextInput size="xs" label={t('sync_ui.device_name')} data-testid="join-device"
          value={deviceName} onChange={(e) => setDeviceName(e.currentTarget.value)} />
        {failed && !field && <Alert color="red" p="xs" data-testid="join-error">{failed}</Alert>}
        <Group justify="flex-end"><Button size="xs" type="submit" loading={busy} data-testid="join-submit">{t('sync_ui.join')}</Button></Group>
      </Stack>
    </form>
  );
}
