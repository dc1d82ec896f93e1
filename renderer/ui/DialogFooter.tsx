// The footer every edit dialog shares: a two-step delete on the left (a click, then a red
// confirmation, so a stray click never loses a record) and Cancel / Save on the right.
import { useState } from 'react';
import { Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useDialogClose } from './FormDialog.tsx';

export function DialogFooter({ onDelete, deleteConfirm, deleteTestId, saveTestId, saving, onClose, readOnly = false }: {
  /** Absent when there is nothing to delete yet (a new record) or the user may not delete it. */
  onDelete?: () => void;
  deleteConfirm: string;
  /** `delete-x`; its confirmation button is `confirm-delete-x`. */
  deleteTestId: string;
  saveTestId: string;
  saving: boolean;
  onClose: () => void;
  /** Someone else's record: only a Close button. */
  readOnly?: boolean;
}) {
  const { t } = useTranslation();
  // Lives inside the dialog's content, which unmounts on close: every opening starts unconfirmed.
  const [confirming, setConfirming] = useState(false);
  // Inside a FormDialog, Cancel asks before dropping edits, as Escape does.
  const close = useDialogClose(onClose);
  return (
    <Group justify="space-between" mt="md">
      <div>
        {onDelete && (confirming ? (
          <Group gap={6}>
            <Text size="xs" c="red">{deleteConfirm}</Text>
            <Button color="red" size="compact-xs" data-testid={`confirm-${deleteTestId}`} onClick={onDelete}>{t('common.delete')}</Button>
            <Button variant="default" size="compact-xs" onClick={() => setConfirming(false)}>{t('common.cancel')}</Button>
          </Group>
        ) : (
          <Button variant="subtle" color="red" data-testid={deleteTestId} onClick={() => setConfirming(true)}>{t('common.delete')}</Button>
        ))}
      </div>
      <Group gap="xs">
        <Button variant="default" data-testid="dialog-cancel" onClick={close}>{readOnly ? t('card.close') : t('common.cancel')}</Button>
        {!readOnly && <Button type="submit" data-testid={saveTestId} loading={saving}>{t('common.save')}</Button>}
      </Group>
    </Group>
  );
}
