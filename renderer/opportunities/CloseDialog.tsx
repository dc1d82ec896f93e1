// Closing an opportunity. Won: the sale it becomes on the firm (amount prefilled with the
// expected one, in the opportunity's currency; today's date; order, contract or invoice).
// Lost: a reason from the 'lost_reason' code list (required) and a note.
import { useEffect, useState, type FormEvent } from 'react';
import { Alert, NativeSelect, SegmentedControl, SimpleGrid, Text, TextInput, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Input } from '../../shared/contract.ts';
import type { Currency, OpportunityRow, SaleKind } from '../../shared/types.ts';
import { SALE_KINDS } from '../../shared/types.ts';
import { parseMoney } from '../../shared/money.ts';
import { send } from '../api.ts';
import { useApp, useCodes } from '../store.ts';
import { todayIso } from '../ui/card-format.ts';
import { DialogFooter } from '../ui/DialogFooter.tsx';
import { codeOptions } from '../ui/format.ts';
import { translateError, useFieldErrors, validate } from '../ui/forms.ts';
import { moneyToInput } from './draft.ts';
import { FormDialog } from '../ui/FormDialog.tsx';

export type CloseOutcome = 'won' | 'lost';

interface Draft { outcome: CloseOutcome; amount: string; date: string; kind: SaleKind; documentNo: string; reasonId: string; note: string }

const KNOWN = /^(outcome|amount|date|kind|documentNo|reasonId|note)$/;
const known = (p: string) => KNOWN.test(p);

export function CloseDialog({ opened, opportunity, outcome, onClose, onClosed }: {
  opened: boolean;
  opportunity: Pick<OpportunityRow, 'id' | 'title' | 'amount' | 'currency'> | null;
  /** Which way it opens (the user may still switch). */
  outcome: CloseOutcome;
  onClose(): void;
  onClosed(result: { id: string; saleId: string | null; outcome: CloseOutcome }): void;
}) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const reasons = useCodes('lost_reason');
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saving, setSaving] = useState(false);
  const errs = useFieldErrors(t);

  useEffect(() => {
    if (!opened || !opportunity) return;
    setDraft({
      outcome, amount: opportunity.amount ? moneyToInput(opportunity.amount, opportunity.currency, locale) : '',
      date: todayIso(), kind: 'order', documentNo: '', reasonId: '', note: '',
    });
    errs.reset();
  }, [opened, opportunity?.id, outcome]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    errs.clear(key);
    setDraft((d) => (d ? { ...d, [key]: value } : d));
  };

  const currency: Currency = opportunity?.currency ?? 'CZK';

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!draft || !opportunity || saving) return;
    let input: Input<'opportunities.close'>;
    const found: ReturnType<typeof validate> = {};
    if (draft.outcome === 'won') {
      const amount = draft.amount.trim() ? parseMoney(draft.amount, currency, locale) : null;
      input = { id: opportunity.id, outcome: 'won', amount: amount ?? null, date: draft.date, kind: draft.kind, documentNo: draft.documentNo };
      Object.assign(found, validate('opportunities.close', input));
      if (draft.amount.trim() && (amount === null || amount < 0)) found.amount = { code: 'validation', field: 'amount', messageKey: 'errors.amount' };
    } else {
      input = { id: opportunity.id, outcome: 'lost', reasonId: draft.reasonId, note: draft.note };
      Object.assign(found, validate('opportunities.close', input));
      if (!draft.reasonId) found.reasonId = { code: 'validation', field: 'reasonId', messageKey: 'errors.required' };
      else if (reasons.find((c) => c.id === draft.reasonId)?.code === 'other' && !draft.note.trim()) {
        found.note = { code: 'validation', field: 'note', messageKey: 'errors.lost_note_required' };
      }
    }
    if (!errs.show(found, known)) return;
    setSaving(true);
    try {
      const res = await send('opportunities.close', input);
      onClosed({ ...res, outcome: draft.outcome });
    } catch (err) {
      errs.fail(err, known);
    } finally {
      setSaving(false);
    }
  };

  return (
    <FormDialog opened={opened} onClose={onClose} size={520} data-testid="close-dialog"
      title={opportunity ? t('opportunities.close.title', { title: opportunity.title }) : ''}>
      {draft && opportunity && (
        <form onSubmit={submit} noValidate>
          {errs.general && <Alert color="red" mb="sm" data-testid="form-error">{translateError(t, errs.general)}</Alert>}
          <SegmentedControl fullWidth data-testid="close-outcome" value={draft.outcome} mb="sm"
            aria-label={t('opportunities.close.outcome')}
            color={draft.outcome === 'won' ? 'teal' : 'gray'}
            onChange={(v) => { errs.reset(); set('outcome', v as CloseOutcome); }}
            data={[{ value: 'won', label: t('opportunities.close.won') }, { value: 'lost', label: t('opportunities.close.lost') }]} />
          {draft.outcome === 'won' ? (
            <>
              <Text size="xs" c="dimmed" mb={6}>{t('opportunities.close.won_hint')}</Text>
              <SimpleGrid cols={2} spacing="sm" verticalSpacing={6}>
                <TextInput label={t('opportunities.close.amount')} data-testid="close-amount" data-autofocus inputMode="decimal"
                  value={draft.amount} error={errs.field('amount')} classNames={{ input: 'tabular' }}
                  placeholder={t('opportunities.close.amount_placeholder')}
                  rightSection={<Text size="xs" c="dimmed" data-testid="close-currency">{currency}</Text>} rightSectionWidth={46}
                  onChange={(e) => set('amount', e.currentTarget.value)} />
                <TextInput type="date" label={t('opportunities.close.date')} required data-testid="close-date" value={draft.date}
                  error={errs.field('date')} onChange={(e) => set('date', e.currentTarget.value)} />
                <NativeSelect label={t('opportunities.close.kind')} data-testid="close-kind" value={draft.kind} error={errs.field('kind')}
                  onChange={(e) => set('kind', e.currentTarget.value as SaleKind)}
                  data={SALE_KINDS.map((k) => ({ value: k, label: t(`sales_ui.kinds.${k}`) }))} />
                <TextInput label={t('opportunities.close.document')} data-testid="close-document" value={draft.documentNo}
                  error={errs.field('documentNo')} onChange={(e) => set('documentNo', e.currentTarget.value)} />
              </SimpleGrid>
            </>
          ) : (
            <>
              <NativeSelect label={t('opportunities.close.reason')} required data-testid="close-reason" value={draft.reasonId}
                error={errs.field('reasonId')} onChange={(e) => set('reasonId', e.currentTarget.value)}
                data={[{ value: '', label: t('opportunities.close.choose_reason') }, ...codeOptions(t, reasons)]} />
              <Textarea mt={6} label={t('opportunities.close.note')} data-testid="close-note" value={draft.note} error={errs.field('note')}
                // "Other" says nothing by itself: the core wants the note then.
                required={reasons.find((c) => c.id === draft.reasonId)?.code === 'other'}
                autosize minRows={2} maxRows={6} onChange={(e) => set('note', e.currentTarget.value)} />
            </>
          )}
          <DialogFooter deleteConfirm="" deleteTestId="close-delete" saveTestId="close-save" saving={saving} onClose={onClose} />
        </form>
      )}
    </FormDialog>
  );
}
