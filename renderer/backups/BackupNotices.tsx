// What the user must hear once about their data's safety, at the top of every screen: that the
// database was found damaged at start and restored from a backup (and which period may be
// missing), and that it lies in a cloud-synced folder or on a network drive.
import { Alert, Button, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { send } from '../api.ts';
import { useApp } from '../store.ts';
import { formatDateTime } from '../ui/format.ts';
import { useRemote } from '../ui/useRemote.ts';

export function BackupNotices() {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const overview = useRemote('backups.list', {}, ['settings']);
  const recovery = overview.data?.recovery;
  const place = overview.data?.location;
  if (!recovery && !place) return null;
  const dismiss = (notice: 'recovery' | 'location') => void send('backups.dismiss', { notice }).finally(() => overview.reload());
  return (
    <Stack gap={4} m="sm">
      {recovery && (
        <Alert color="orange" role="alert" data-testid="recovery-notice" title={t('backups.recovered_title')}>
          <Text size="sm">
            {t('backups.recovered_body', { damaged: recovery.damagedAs, from: formatDateTime(recovery.missingFrom, locale), to: formatDateTime(recovery.missingTo, locale) })}
          </Text>
          <Button size="compact-xs" variant="light" mt={6} data-testid="recovery-dismiss" onClick={() => dismiss('recovery')}>{t('backups.dismiss')}</Button>
        </Alert>
      )}
      {place && (
        <Alert color="yellow" data-testid="location-notice" title={t(`backups.location_${place.kind}_title`, { where: place.where })}>
          <Text size="sm">{t(`backups.location_${place.kind}_body`)}</Text>
          <Button size="compact-xs" variant="light" mt={6} data-testid="location-dismiss" onClick={() => dismiss('location')}>{t('backups.dismiss')}</Button>
        </Alert>
      )}
    </Stack>
  );
}
