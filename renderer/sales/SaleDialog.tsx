// Typing in an order or a contract by hand (invoices normally come from the accounting import).
// The amount is read the way the user writes numbers in their language ("12 500,50" in Czech,
// "12,500.50" in English) and kept as integer minor units of the chosen currency.
import { useEffect, useState, type FormEvent } from 'react';
import { Alert, NativeSelect, SimpleGrid, TextInput, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../shared/errors.ts';
import type { Currency, SaleKind } from '../../shared/types.ts';
import { CURRENCIES, SALE_KINDS } from '../../shared/types.ts';
import { parseMoney } from '../../shared/money.ts';
import { send } from '../api.ts';
import { useApp } from '../store.ts';
import { todayIso } from '../ui/card-format.ts';
import { DialogFooter } from '../ui/DialogFooter.tsx';
import { translateError, useFieldErrors, validate } from '../ui/forms.ts';
import { FormDialog } from '../ui/FormDialog.tsx';

interface Draft {
  kind: SaleKind;
  date: string;
  amount: string;
  currency: Currency;
  product: string;
  documentNo: string;
  note: string;
}

const KNOWN = /^(kind|date|amount|currency|product|documentNo|note)$/;
const known = (p: string) => KNOWN.test(p);

export function SaleDialog({ opened, firmId, currency, onClose, onSaved }: {
  opened: boolean;
  firmId: string;
  /** The currency a new sale starts with. */
  currency: Currency;
  onClose(): void;
  onSaved(id: string): void;
}) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saving, setSaving] = useState(false);
  const errs = useFieldErrors(t);

  useEffect(() => {
    if (!opened) return;
    setDraft({ kind: 'order', date: todayIso(), amount: '', currency, product: '', documentNo: '', note: '' });
    errs.reset();
  }, [opened]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    errs.clear(key);
    setDraft((d) => (d ? { ...d, [key]: value } : d));
  };

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!draft || saving) return;
    const amount = draft.amount.trim() ? parseMoney(draft.amount, draft.currency, locale) : null;
    const input = {
      firmId, kind: draft.kind, date: draft.date, amount: amount ?? 0, currency: draft.currency,
      product: draft.product, documentNo: draft.documentNo, note: draft.note,
    };
    const found = validate('sales.create', input);
    // An amount the parser could not read (or an empty one) is the amount field's error, before
    // anything the schema would say about the placeholder 0.
    if (amount === null) {
      const missing: AppErrorData = { code: 'validation', field: 'amount', messageKey: draft.amount.trim() ? 'errors.amount' : 'errors.required' };
      found.amount = missing;
    }
    if (!errs.show(found, known)) return;
    setSaving(true);
    try {
      const res = await send('sales.create', input);
      onSaved(res.id);
    } catch (err) {
      errs.fail(err, known);
    } finally {
      setSaving(false);
    }
  };

  return (
    <FormDialog opened={opened} onClose={onClose} size={560} data-testid="sale-dialog" title={t('sales_ui.dialog.title')}>
      {draft && (
        <form onSubmit={submit} noValidate>
          {errs.general && <Alert color="red" mb="sm" data-testid="form-error">{translateError(t, errs.general)}</Alert>}
          <SimpleGrid cols={2} spacing="sm" verticalSpacing={6}>
            <NativeSelect label={t('sales_ui.dialog.kind')} data-testid="sale-kind" value={draft.kind} error={errs.field('kind')}
              onChange={(e) => set('kind', e.currentTarget.value as SaleKind)}
              data={SALE_KINDS.map((k) => ({ value: k, label: t(`sales_ui.kinds.${k}`) }))} />
            <TextInput type="date" label={t('sales_ui.dialog.date')} required data-testid="sale-date" value={draft.date} error={errs.field('date')}
              onChange={(e) => set('date', e.currentTarget.value)} />
          </SimpleGrid>
          <SimpleGrid cols={2} spacing="sm" verticalSpacing={6} mt={6}>
            <TextInput label={t('sales_ui.dialog.amount')} required data-testid="sale-amount" data-autofocus inputMode="decimal"
              placeholder={t('sales_ui.dialog.amount_placeholder')} value={draft.amount} error={errs.field('amount')}
              classNames={{ input: 'tabular' }} onChange={(e) => set('amount', e.currentTarget.value)} />
            <NativeSelect label={t('sales_ui.dialog.currency')} data-testid="sale-currency" value={draft.currency} error={errs.field('currency')}
              onChange={(e) => set('currency', e.currentTarget.value as Currency)} data={[...CURRENCIES]} />
          </SimpleGrid>
          <SimpleGrid cols={2} spacing="sm" verticalSpacing={6} mt={6}>
            <TextInput label={t('sales_ui.dialog.product')} data-testid="sale-product" value={draft.product} error={errs.field('product')}
              onChange={(e) => set('product', e.currentTarget.value)} />
            <TextInput label={t('sales_ui.dialog.document')} data-testid="sale-document" value={draft.documentNo} error={errs.field('documentNo')}
              onChange={(e) => set('documentNo', e.currentTarget.value)} />
          </SimpleGrid>
          <Textarea mt={6} label={t('sales_ui.dialog.note')} data-testid="sale-note" value={draft.note} error={errs.field('note')}
            autosize minRows={2} maxRows={6} onChange={(e) => set('note', e.currentTarget.value)} />
          <DialogFooter deleteConfirm="" deleteTestId="delete-sale" saveTestId="sale-save" saving={saving} onClose={onClose} />
        </form>
      )}
    </FormDialog>
  );
}
