// Says so when the database worker stopped: restarted (the screen was re-read; the last change
// may not have been saved) or down (nothing can be saved until Kartoteka is started again).
// Fed by the transport's own event and by any call that failed because of it (api.ts).
import { useEffect, useState } from 'react';
import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { onCoreState, type CoreState } from '../api.ts';

export function CoreNotice() {
  const { t } = useTranslation();
  const [state, setState] = useState<CoreState | null>(null);
  // 'down' stays down: a later 'restarted' (a stale event) does not hide it.
  useEffect(() => onCoreState((s) => setState((prev) => (prev === 'down' ? prev : s))), []);
  if (!state) return null;
  return (
    <Alert
      data-testid="core-notice" role="alert" color={state === 'down' ? 'red' : 'yellow'} m="sm"
      withCloseButton={state !== 'down'} closeButtonLabel={t('core_notice.dismiss')} onClose={() => setState(null)}
    >
      {t(`core_notice.${state}`)}
    </Alert>
  );
}
