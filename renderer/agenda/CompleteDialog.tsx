// Done + result + next contact in one step (contacts.complete). The next contact is on by
// default and pre-filled: the chain of follow-ups only ends when the user ticks that it does.
import { useEffect, useState, type FormEvent } from 'react';
import { Alert, Button, Checkbox, Group, NativeSelect, Text, TextInput, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../shared/types.ts';
import type { AppErrorData } from '../../shared/errors.ts';
import { send } from '../api.ts';
import { useApp, useCodes } from '../store.ts';
import { codeOptions, formatDateTime } from '../ui/format.ts';
import { translateError, useFieldErrors, validate } from '../ui/forms.ts';
import { toast } from '../ui/toast.tsx';
import { defaultNextAt, fromDateTimeInput, toDateTimeInput } from './calendar.ts';
import { NO_REMIND, contactRemindAt, type ContactRemindState } from './remind.ts';
import { ContactRemindSelect } from './RemindSelect.tsx';
import { CancelButton, FormDialog } from '../ui/FormDialog.tsx';

const SUMMARY_MAX = 250;

interface Draft {
  at: string;
  resultId: string;
  summary: string;
  note: string;
  nextOff: boolean;
  nextKindId: string;
  nextAt: string;
  nextReferentId: string;
  nextSummary: string;
  nextRemind: ContactRemindState;
}

const KNOWN = /^(at|resultId|summary|note|next|next\.(at|task|referentId|kindId|remindAt))$/;

export function CompleteDialog({ contact, onClose, onSaved }: {
  /** The planned contact to complete; null: closed. */
  contact: Contact | null;
  onClose(): void;
  onSaved(result: { id: string; nextId: string | null }): void;
}) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const users = useApp((s) => s.users);
  const kinds = useCodes('contact_kind');
  const results = useCodes('contact_result');
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saving, setSaving] = useState(false);
  const errs = useFieldErrors(t);

  useEffect(() => {
    if (!contact) return;
    const now = Date.now();
    const summary = t('agenda_ui.complete.next_summary_default', { summary: contact.summary });
    setDraft({
      // It took place as planned — unless it was planned for later than now.
      at: toDateTimeInput(Math.min(contact.at, now)),
      resultId: '', summary: contact.summary, note: '',
      // The next contact is of the same kind — unless that kind has been retired since.
      nextOff: false, nextKindId: kinds.some((k) => k.id === contact.kindId && !k.retired) ? contact.kindId : kinds.find((k) => !k.retired)?.id ?? '',
      nextAt: toDateTimeInput(defaultNextAt(contact.at, now)),
      nextReferentId: contact.referentId,
      nextSummary: summary.length > SUMMARY_MAX ? summary.slice(0, SUMMARY_MAX - 1) + '…' : summary,
      nextRemind: NO_REMIND,
    });
    errs.reset();
    // (only on opening: a reload behind the dialog must not wipe what is being typed)
  }, [contact?.id]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K], path: string = key) => {
    errs.clear(path);
    setDraft((d) => (d ? { ...d, [key]: value } : d));
  };

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!contact || !draft || saving) return;
    const at = fromDateTimeInput(draft.at);
    const nextAt = fromDateTimeInput(draft.nextAt);
    const input = {
      id: contact.id, at: at ?? -1, resultId: draft.resultId || null, summary: draft.summary, note: draft.note,
      next: draft.nextOff ? null : {
        at: nextAt ?? -1, task: draft.nextSummary, referentId: draft.nextReferentId, kindId: draft.nextKindId,
        remindAt: nextAt === null ? null : contactRemindAt(draft.nextRemind, nextAt),
      },
      endChain: draft.nextOff,
    };
    const known = (p: string) => KNOWN.test(p);
    const found = validate('contacts.complete', input);
    const dateError: AppErrorData = { code: 'validation', messageKey: 'errors.date' };
    if (at === null) found.at = { ...dateError, field: 'at' };
    if (!draft.nextOff && nextAt === null) found['next.at'] = { ...dateError, field: 'next.at' };
    if (!errs.show(found, known)) return;
    setSaving(true);
    try {
      const res = await send('contacts.complete', input);
      toast(res.nextId && nextAt !== null
        ? t('agenda_ui.complete.saved', { when: formatDateTime(nextAt, locale) })
        : t('agenda_ui.complete.saved_end'));
      onSaved(res);
    } catch (err) {
      errs.fail(err, known);
    } finally {
      setSaving(false);
    }
  };

  const kindOptions = codeOptions(t, kinds);
  const summaryLen = draft?.summary.trim().length ?? 0;

  return (
    <FormDialog opened={contact !== null} onClose={onClose} size={620} data-testid="complete-dialog" title={t('agenda_ui.complete.title')}>
      {contact && draft && (
        <form onSubmit={submit} noValidate>
          {errs.general && <Alert color="red" mb="sm" data-testid="form-error">{translateError(t, errs.general)}</Alert>}
          <Text size="sm" mb="xs" data-testid="complete-contact">
            <b>{contact.firmName}</b>{contact.personName ? ` · ${contact.personName}` : ''} — {contact.summary}
            <Text span size="xs" c="dimmed" ml={6}>{t('agenda_ui.complete.planned', { when: formatDateTime(contact.at, locale) })}</Text>
          </Text>
          <div style={{ display: 'grid', gridTemplateColumns: '210px 1fr', gap: '6px 8px', alignItems: 'start' }}>
            <TextInput type="datetime-local" label={t('agenda_ui.complete.at')} data-testid="complete-at" required value={draft.at}
              error={errs.field('at')} onChange={(e) => set('at', e.currentTarget.value)} />
            <NativeSelect label={t('agenda_ui.complete.result')} data-testid="complete-result" value={draft.resultId} error={errs.field('resultId')}
              onChange={(e) => set('resultId', e.currentTarget.value)}
              data={[{ value: '', label: t('agenda_ui.complete.no_result') }, ...codeOptions(t, results)]} />
          </div>
          <TextInput mt={6} label={t('agenda_ui.complete.summary')} required data-testid="complete-summary" value={draft.summary}
            error={errs.field('summary')} onChange={(e) => set('summary', e.currentTarget.value)}
            rightSectionWidth={64}
            rightSection={<span className={`counter${summaryLen > SUMMARY_MAX ? ' over' : ''}`}>{summaryLen}/{SUMMARY_MAX}</span>} />
          <Textarea mt={6} label={t('agenda_ui.complete.note')} data-testid="complete-note" data-autofocus value={draft.note} error={errs.field('note')}
            autosize minRows={2} maxRows={8} onChange={(e) => set('note', e.currentTarget.value)} />

          <div className="next-box">
            <Text fw={600} size="sm">{t('agenda_ui.complete.next_title')}</Text>
            {!draft.nextOff && (
              <div style={{ display: 'grid', gridTemplateColumns: '210px 1fr 1fr', gap: '6px 8px', marginTop: 6, alignItems: 'start' }}>
                <TextInput type="datetime-local" label={t('agenda_ui.complete.next_at')} data-testid="complete-next-at" required value={draft.nextAt}
                  error={errs.field('next.at')} onChange={(e) => set('nextAt', e.currentTarget.value, 'next.at')} />
                <NativeSelect label={t('agenda_ui.complete.next_kind')} data-testid="complete-next-kind" value={draft.nextKindId}
                  error={errs.field('next.kindId')} onChange={(e) => set('nextKindId', e.currentTarget.value, 'next.kindId')} data={kindOptions} />
                <NativeSelect label={t('agenda_ui.complete.next_referent')} data-testid="complete-next-referent" value={draft.nextReferentId}
                  error={errs.field('next.referentId')} onChange={(e) => set('nextReferentId', e.currentTarget.value, 'next.referentId')}
                  data={users.map((u) => ({ value: u.id, label: u.name }))} />
                <TextInput label={t('agenda_ui.complete.next_summary')} required data-testid="complete-next-summary" value={draft.nextSummary}
                  style={{ gridColumn: '1 / 3' }} error={errs.field('next.task')}
                  onChange={(e) => set('nextSummary', e.currentTarget.value, 'next.task')} />
                <ContactRemindSelect testId="complete-next-remind" value={draft.nextRemind} at={fromDateTimeInput(draft.nextAt)}
                  error={errs.field('next.remindAt')} onChange={(v) => set('nextRemind', v, 'next.remindAt')} />
              </div>
            )}
            <Checkbox mt={8} data-testid="complete-next-off" label={t('agenda_ui.complete.next_off')} checked={draft.nextOff}
              description={t('agenda_ui.complete.next_off_hint')} error={errs.field('next')}
              onChange={(e) => set('nextOff', e.currentTarget.checked, 'next')} />
          </div>

          <Group justify="flex-end" mt="md" gap="xs">
            <CancelButton onClose={onClose} />
            <Button type="submit" data-testid="complete-save" loading={saving}>{t('common.save')}</Button>
          </Group>
        </form>
      )}
    </FormDialog>
  );
}
