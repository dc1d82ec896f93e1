// The frame of every form dialog: a Mantine Modal that never loses what was typed by accident.
// Once a field was edited, closing — Escape, the ×, a click outside, Cancel — first asks
// "Discard changes?" (Keep editing is the default answer); an untouched dialog closes at once.
// Ctrl+Enter (⌘+Enter on a Mac) saves from any field: it submits the dialog's form.
//
// "Edited" is what the user did, not a diff of the draft: any input or change event from a
// field inside (React's events bubble through portals, so dropdowns count too) or a pick of an
// option. Dialogs fill their drafts in effects after opening, which raise no such events.
import { createContext, useContext, useEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { Button, Group, Modal, Text, type ModalProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const GuardedClose = createContext<(() => void) | null>(null);

/** The close that asks first inside a FormDialog (for a dialog's own Cancel button); else `fallback`. */
export function useDialogClose(fallback: () => void): () => void {
  return useContext(GuardedClose) ?? fallback;
}

/** Cancel: closes the surrounding FormDialog the way Escape does (asking when something was edited). */
export function CancelButton({ onClose, label }: { onClose: () => void; label?: string }) {
  const { t } = useTranslation();
  const close = useDialogClose(onClose);
  return <Button variant="default" data-testid="dialog-cancel" onClick={close}>{label ?? t('common.cancel')}</Button>;
}

/** True for Enter with Ctrl, or with ⌘ (a Mac's save chord; harmless elsewhere). */
export function isSaveChord(e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): boolean {
  return e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.altKey;
}

export type FormDialogProps = ModalProps & {
  /** The dialog's own idea of unsaved changes; when absent, any edit made in it counts. */
  dirty?: boolean;
  /** What Ctrl+Enter does when the dialog has no <form> to submit. */
  onSubmit?: () => void;
};

export function FormDialog({ opened, onClose, dirty, onSubmit, children, closeOnEscape = true, ...modal }: FormDialogProps) {
  const { t } = useTranslation();
  const [edited, setEdited] = useState(false);
  const [asking, setAsking] = useState(false);
  const body = useRef<HTMLDivElement>(null);
  const keep = useRef<HTMLButtonElement>(null);
  const focusBefore = useRef<HTMLElement | null>(null);

  // Every opening starts clean.
  useEffect(() => { setEdited(false); setAsking(false); }, [opened]);
  useEffect(() => { if (asking) keep.current?.focus(); }, [asking]);

  const changed = dirty ?? edited;
  const keepEditing = () => {
    setAsking(false);
    // Back to the field the user was in (the form was inert while asking, so focus left it).
    const el = focusBefore.current;
    setTimeout(() => { if (el?.isConnected) el.focus({ preventScroll: true }); });
  };
  const requestClose = () => {
    if (asking) keepEditing();
    else if (changed) {
      focusBefore.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      setAsking(true);
    } else onClose();
  };
  const discard = () => { setAsking(false); onClose(); };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!isSaveChord(e) || e.defaultPrevented || asking) return;
    const form = body.current?.querySelector('form');
    if (!form && !onSubmit) return;
    e.preventDefault();
    if (form) form.requestSubmit(); else onSubmit?.();
  };
  const onPick = (e: MouseEvent<HTMLDivElement>) => {
    if (e.target instanceof Element && e.target.closest('[role="option"]')) setEdited(true);
  };

  return (
    <Modal opened={opened} onClose={requestClose} closeOnEscape={closeOnEscape} {...modal}>
      <GuardedClose.Provider value={requestClose}>
        <div ref={body} className="form-dialog-body" data-asking={asking || undefined} inert={asking}
          onChange={() => setEdited(true)} onClick={onPick} onKeyDown={onKeyDown}>
          {children}
        </div>
      </GuardedClose.Provider>
      {asking && (
        // In the dialog, stuck to its bottom edge however far it is scrolled: the question is
        // about this dialog, and what would be lost stays in view above it.
        <div className="discard-bar" role="alertdialog" aria-labelledby="discard-question" data-testid="discard-question">
          <Text size="sm" fw={600} id="discard-question">{t('dialogs.discard.question')}</Text>
          <Text size="xs" c="dimmed">{t('dialogs.discard.hint')}</Text>
          <Group justify="flex-end" gap="xs" mt={8}>
            <Button color="red" variant="light" data-testid="discard-confirm" onClick={discard}>{t('dialogs.discard.discard')}</Button>
            <Button ref={keep} data-testid="discard-keep" onClick={keepEditing}>{t('dialogs.discard.keep')}</Button>
          </Group>
        </div>
      )}
    </Modal>
  );
}
