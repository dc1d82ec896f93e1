// Create or edit an opportunity (used by the pipeline, the opportunity view and the firm card):
// firm, title, stage and probability (following the stage's default until the user sets it),
// expected amount in a currency, expected close date, the offer deadline with its watch, the
// salespeople, a note, product lines and competitors. Amounts are read the way the user writes
// numbers in their language; errors show at their field (`lines.0.quantity` at that row).
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { ActionIcon, Alert, Button, Center, Loader, MultiSelect, NativeSelect, SimpleGrid, Text, TextInput, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../shared/errors.ts';
import type { Currency, PipelineStage } from '../../shared/types.ts';
import { CURRENCIES } from '../../shared/types.ts';
import { formatMoney } from '../../shared/money.ts';
import { ApiError, errorData, send } from '../api.ts';
import { localUser, useApp } from '../store.ts';
import { DialogFooter } from '../ui/DialogFooter.tsx';
import { translateError, useFieldErrors, validate } from '../ui/forms.ts';
import { useRemote } from '../ui/useRemote.ts';
import { FirmSelect } from '../segments/common.tsx';
import { stageName } from '../card/OpportunitiesTab.tsx';
import { defaultCurrency } from '../sales/view.ts';
import {
  buildOpportunityInput, draftFromOpportunity, emptyCompetitor, emptyLine, linesTotal, moneyToInput, newDraft, toDraftPath,
  type CompetitorDraft, type LineDraft, type OpportunityDraft,
} from './draft.ts';
import { openStages, probabilityAfterStageChange } from './stages.ts';
import './opportunities.css';
import { FormDialog } from '../ui/FormDialog.tsx';

const KNOWN = new RegExp('^(firmId|title|stageId|probability|amount|currency|closeDate|deadlineAt|watchDays|ownerId|salesIds|watcherIds|note'
  + '|lines\\.\\d+\\.(product|productGroup|quantity|unitPrice)|competitors\\.\\d+\\.(name|strengths|weaknesses))$');
const known = (p: string) => KNOWN.test(p);

export function OpportunityDialog({ opened, firmId, opportunityId, onClose, onSaved }: {
  opened: boolean;
  /** The firm a new opportunity is for (fixed when opened from a firm card). */
  firmId?: string | null;
  /** Editing an existing one. */
  opportunityId?: string | null;
  onClose(): void;
  onSaved(id: string): void;
}) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const users = useApp((s) => s.users);
  const me = useApp((s) => localUser(s));
  const stages = useRemote('stages.list', opened ? {} : null, ['pipeline_stages']);
  const [draft, setDraft] = useState<OpportunityDraft | null>(null);
  const [closedStage, setClosedStage] = useState<PipelineStage | null>(null);
  const [loadError, setLoadError] = useState<AppErrorData | null>(null);
  const [saving, setSaving] = useState(false);
  const errs = useFieldErrors(t);
  const editing = !!opportunityId;
  const fixedFirm = !!firmId;

  const open = useMemo(() => openStages(stages.data ?? []), [stages.data]);
  const stageById = useMemo(() => new Map((stages.data ?? []).map((s) => [s.id, s])), [stages.data]);

  // A fresh draft at each opening: the opportunity's values, or defaults once the stages are known.
  useEffect(() => {
    if (!opened) { setDraft(null); return; }
    errs.reset();
    setLoadError(null);
    setClosedStage(null);
    if (opportunityId) {
      let alive = true;
      send('opportunities.get', { id: opportunityId }).then(
        (o) => {
          if (!alive) return;
          setDraft(draftFromOpportunity(o, locale));
          if (o.outcome !== 'open') setClosedStage(stageById.get(o.stageId) ?? null);
        },
        (e: unknown) => { if (alive) setLoadError(errorData(e)); },
      );
      return () => { alive = false; };
    }
    return undefined;
  }, [opened, opportunityId]);

  useEffect(() => {
    if (!opened || opportunityId || draft || !stages.data) return;
    setDraft(newDraft({ firmId: firmId ?? null, stage: open[0], ownerId: me?.id ?? '', currency: defaultCurrency([], locale) }));
  }, [opened, opportunityId, draft, stages.data]);

  // The closed stage of an opportunity opened before the stage list arrived.
  useEffect(() => {
    if (draft && closedStage === null && stages.data) {
      const s = stageById.get(draft.stageId);
      if (s && s.outcome !== 'open') setClosedStage(s);
    }
  }, [draft?.stageId, stages.data]);

  const set = <K extends keyof OpportunityDraft>(key: K, value: OpportunityDraft[K], field: string = key) => {
    errs.clear(field);
    setDraft((d) => (d ? { ...d, [key]: value } : d));
  };

  const setStage = (stageId: string) => {
    errs.clear('stageId');
    setDraft((d) => d && ({
      ...d, stageId, probability: probabilityAfterStageChange(d.probability, stageById.get(d.stageId), stageById.get(stageId)),
    }));
  };

  const clearRows = (prefix: 'lines' | 'competitors') =>
    errs.setErrors((prev) => Object.fromEntries(Object.entries(prev).filter(([k]) => !k.startsWith(`${prefix}.`))));
  const setLine = (i: number, patch: Partial<LineDraft>) => {
    for (const k of Object.keys(patch)) errs.clear(`lines.${i}.${k}`);
    setDraft((d) => d && ({ ...d, lines: d.lines.map((l, j) => (j === i ? { ...l, ...patch } : l)) }));
  };
  const setCompetitor = (i: number, patch: Partial<CompetitorDraft>) => {
    for (const k of Object.keys(patch)) errs.clear(`competitors.${i}.${k}`);
    setDraft((d) => d && ({ ...d, competitors: d.competitors.map((c, j) => (j === i ? { ...c, ...patch } : c)) }));
  };

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!draft || saving) return;
    const built = buildOpportunityInput(draft, locale);
    const payload = editing ? { ...built.input, id: opportunityId! } : built.input;
    const found: Record<string, AppErrorData> = {};
    for (const [path, data] of Object.entries(validate(editing ? 'opportunities.update' : 'opportunities.create', payload))) {
      const p = toDraftPath(path, built);
      found[p] = { ...data, field: p };
    }
    Object.assign(found, built.errors);
    const required = (field: string) => { found[field] = { code: 'validation', field, messageKey: 'errors.required' }; };
    if (!draft.firmId) required('firmId');
    if (!draft.stageId) required('stageId');
    if (!draft.ownerId) required('ownerId');
    if (!errs.show(found, known)) return;
    setSaving(true);
    try {
      const res = editing ? await send('opportunities.update', { ...built.input, id: opportunityId! }) : await send('opportunities.create', built.input);
      onSaved(res.id);
    } catch (err) {
      const data = errorData(err);
      errs.fail(err instanceof ApiError && data.field ? new ApiError({ ...data, field: toDraftPath(data.field, built) }) : err, known);
    } finally {
      setSaving(false);
    }
  };

  const userOptions = useMemo(() => {
    const collator = new Intl.Collator(locale);
    return [...users].sort((a, b) => collator.compare(a.name, b.name)).map((u) => ({ value: u.id, label: u.name }));
  }, [users, locale]);
  const stageOptions = (closedStage ? [closedStage] : open).map((s) => ({ value: s.id, label: stageName(t, s) }));
  const total = draft ? linesTotal(draft.lines, draft.currency, locale) : 0;

  return (
    <FormDialog opened={opened} onClose={onClose} size={900} data-testid="opp-dialog"
      title={editing ? t('opportunities.dialog.edit_title') : t('opportunities.dialog.new_title')}>
      {loadError ? <Alert color="red" data-testid="form-error">{translateError(t, loadError)}</Alert>
        : !draft ? <Center p="lg"><Loader size="sm" /></Center> : (
          <form onSubmit={submit} noValidate>
            {errs.general && <Alert color="red" mb="sm" data-testid="form-error">{translateError(t, errs.general)}</Alert>}
            {!fixedFirm && closedStage && (
              // A closed deal stays with its firm (its sale is there).
              <TextInput label={t('opportunities.fields.firm')} data-testid="opp-firm" value={draft.firmName ?? ''} readOnly />
            )}
            {!fixedFirm && !closedStage && (
              <FirmSelect value={draft.firmId} valueLabel={draft.firmName} label={t('opportunities.fields.firm')} testid="opp-firm"
                error={errs.field('firmId')}
                onChange={(id, name) => { errs.clear('firmId'); setDraft((d) => d && ({ ...d, firmId: id, firmName: name })); }} />
            )}
            <TextInput mt={6} label={t('opportunities.fields.title')} required data-testid="opp-title" data-autofocus value={draft.title}
              error={errs.field('title')} onChange={(e) => set('title', e.currentTarget.value)} />
            <SimpleGrid cols={4} spacing="sm" verticalSpacing={6} mt={6}>
              <NativeSelect label={t('opportunities.fields.stage')} required data-testid="opp-stage" value={draft.stageId}
                disabled={!!closedStage} error={errs.field('stageId')} onChange={(e) => setStage(e.currentTarget.value)}
                data={stageOptions.length ? stageOptions : [{ value: '', label: '—' }]} />
              <TextInput label={t('opportunities.fields.probability')} data-testid="opp-probability" inputMode="numeric"
                value={draft.probability} error={errs.field('probability')} rightSection={<Text size="xs" c="dimmed">%</Text>}
                placeholder={String(stageById.get(draft.stageId)?.probability ?? '')} classNames={{ input: 'tabular' }}
                onChange={(e) => set('probability', e.currentTarget.value)} />
              <TextInput label={t('opportunities.fields.amount')} data-testid="opp-amount" inputMode="decimal" value={draft.amount}
                error={errs.field('amount')} placeholder={t('opportunities.fields.amount_placeholder')} classNames={{ input: 'tabular' }}
                description={total > 0 && !draft.amount.trim() ? (
                  <span>
                    {t('opportunities.fields.lines_total', { amount: formatMoney({ amount: total, currency: draft.currency }, locale) })}{' '}
                    <Button variant="subtle" size="compact-xs" data-testid="opp-amount-from-lines"
                      onClick={() => set('amount', moneyToInput(total, draft.currency, locale))}>{t('opportunities.fields.use_total')}</Button>
                  </span>
                ) : undefined}
                onChange={(e) => set('amount', e.currentTarget.value)} />
              <NativeSelect label={t('opportunities.fields.currency')} data-testid="opp-currency" value={draft.currency}
                error={errs.field('currency')} onChange={(e) => set('currency', e.currentTarget.value as Currency)} data={[...CURRENCIES]} />
            </SimpleGrid>
            <SimpleGrid cols={4} spacing="sm" verticalSpacing={6} mt={6}>
              <TextInput type="date" label={t('opportunities.fields.close_date')} data-testid="opp-close-date" value={draft.closeDate}
                error={errs.field('closeDate')} onChange={(e) => set('closeDate', e.currentTarget.value)} />
              <NativeSelect label={t('opportunities.fields.owner')} required data-testid="opp-owner" value={draft.ownerId}
                error={errs.field('ownerId')} onChange={(e) => set('ownerId', e.currentTarget.value)}
                data={[...(draft.ownerId ? [] : [{ value: '', label: '—' }]), ...userOptions]} />
              <MultiSelect style={{ gridColumn: 'span 2' }} label={t('opportunities.fields.sales')} data-testid="opp-sales"
                data={userOptions.filter((u) => u.value !== draft.ownerId)} value={draft.salesIds.filter((id) => id !== draft.ownerId)}
                error={errs.field('salesIds')} searchable selectFirstOptionOnChange nothingFoundMessage={t('common.nothing_found')}
                onChange={(v) => set('salesIds', v)} comboboxProps={{ withinPortal: true }} />
            </SimpleGrid>

            <div className="opp-box">
              <div className="opp-box-title">{t('opportunities.fields.deadline_section')}</div>
              <div className="opp-deadline-grid">
                <TextInput type="date" label={t('opportunities.fields.deadline')} data-testid="opp-deadline" value={draft.deadlineDate}
                  error={errs.field('deadlineAt')} onChange={(e) => set('deadlineDate', e.currentTarget.value, 'deadlineAt')} />
                <TextInput type="time" label={t('opportunities.fields.deadline_time')} data-testid="opp-deadline-time" value={draft.deadlineTime}
                  onChange={(e) => set('deadlineTime', e.currentTarget.value, 'deadlineAt')} />
                <TextInput label={t('opportunities.fields.watch_days')} data-testid="opp-watch-days" inputMode="numeric" value={draft.watchDays}
                  error={errs.field('watchDays')} classNames={{ input: 'tabular' }} onChange={(e) => set('watchDays', e.currentTarget.value)} />
                <MultiSelect label={t('opportunities.fields.watchers')} data-testid="opp-watchers" data={userOptions} value={draft.watcherIds}
                  error={errs.field('watcherIds')} searchable selectFirstOptionOnChange nothingFoundMessage={t('common.nothing_found')}
                  onChange={(v) => set('watcherIds', v)} comboboxProps={{ withinPortal: true }} />
              </div>
              <Text size="xs" c="dimmed" mt={4}>{t('opportunities.fields.watch_hint')}</Text>
            </div>

            <Textarea mt={6} label={t('opportunities.fields.note')} data-testid="opp-note" value={draft.note} error={errs.field('note')}
              autosize minRows={2} maxRows={8} onChange={(e) => set('note', e.currentTarget.value)} />

            <div className="section-label">
              <span>{t('opportunities.fields.lines')}</span>
              <Button variant="subtle" size="compact-xs" data-testid="opp-line-add"
                onClick={() => setDraft((d) => d && ({ ...d, lines: [...d.lines, emptyLine()] }))}>+ {t('opportunities.fields.add_line')}</Button>
            </div>
            {draft.lines.length === 0 ? <Text size="xs" c="dimmed">{t('opportunities.fields.no_lines')}</Text> : (
              <div className="opp-rows">
                <div className="opp-line-grid opp-rows-head">
                  <span>{t('opportunities.fields.product')}</span><span>{t('opportunities.fields.product_group')}</span>
                  <span>{t('opportunities.fields.quantity')}</span><span>{t('opportunities.fields.unit_price', { currency: draft.currency })}</span>
                  <span className="num">{t('opportunities.fields.line_total')}</span><span />
                </div>
                {draft.lines.map((l, i) => {
                  const sum = linesTotal([l], draft.currency, locale);
                  return (
                    <div key={l.key} className="opp-line-grid" data-testid="opp-line">
                      <TextInput size="xs" aria-label={t('opportunities.fields.product')} data-testid="opp-line-product" value={l.product}
                        error={errs.field(`lines.${i}.product`)} onChange={(e) => setLine(i, { product: e.currentTarget.value })} />
                      <TextInput size="xs" aria-label={t('opportunities.fields.product_group')} data-testid="opp-line-group" value={l.productGroup}
                        error={errs.field(`lines.${i}.productGroup`)} onChange={(e) => setLine(i, { productGroup: e.currentTarget.value })} />
                      <TextInput size="xs" aria-label={t('opportunities.fields.quantity')} data-testid="opp-line-quantity" inputMode="decimal"
                        value={l.quantity} classNames={{ input: 'tabular' }} error={errs.field(`lines.${i}.quantity`)}
                        onChange={(e) => setLine(i, { quantity: e.currentTarget.value })} />
                      <TextInput size="xs" aria-label={t('opportunities.fields.unit_price', { currency: draft.currency })} data-testid="opp-line-price"
                        inputMode="decimal" value={l.unitPrice} classNames={{ input: 'tabular' }} error={errs.field(`lines.${i}.unitPrice`)}
                        onChange={(e) => setLine(i, { unitPrice: e.currentTarget.value })} />
                      <Text size="xs" className="num tabular" pt={6}>{formatMoney({ amount: sum, currency: draft.currency }, locale)}</Text>
                      <ActionIcon variant="subtle" color="red" mt={2} aria-label={t('common.remove')} title={t('common.remove')} data-testid="opp-line-remove"
                        onClick={() => { clearRows('lines'); setDraft((d) => d && ({ ...d, lines: d.lines.filter((_, j) => j !== i) })); }}>✕</ActionIcon>
                    </div>
                  );
                })}
              </div>
            )}

            <div className="section-label">
              <span>{t('opportunities.fields.competitors')}</span>
              <Button variant="subtle" size="compact-xs" data-testid="opp-competitor-add"
                onClick={() => setDraft((d) => d && ({ ...d, competitors: [...d.competitors, emptyCompetitor()] }))}>+ {t('opportunities.fields.add_competitor')}</Button>
            </div>
            {draft.competitors.length === 0 ? <Text size="xs" c="dimmed">{t('opportunities.fields.no_competitors')}</Text> : (
              <div className="opp-rows">
                {draft.competitors.map((c, i) => (
                  <div key={c.key} className="opp-competitor-grid" data-testid="opp-competitor">
                    <TextInput size="xs" label={t('opportunities.fields.competitor')} data-testid="opp-competitor-name" value={c.name}
                      error={errs.field(`competitors.${i}.name`)} onChange={(e) => setCompetitor(i, { name: e.currentTarget.value })} />
                    <Textarea size="xs" label={t('opportunities.fields.strengths')} data-testid="opp-competitor-strengths" value={c.strengths}
                      autosize minRows={1} maxRows={4} error={errs.field(`competitors.${i}.strengths`)}
                      onChange={(e) => setCompetitor(i, { strengths: e.currentTarget.value })} />
                    <Textarea size="xs" label={t('opportunities.fields.weaknesses')} data-testid="opp-competitor-weaknesses" value={c.weaknesses}
                      autosize minRows={1} maxRows={4} error={errs.field(`competitors.${i}.weaknesses`)}
                      onChange={(e) => setCompetitor(i, { weaknesses: e.currentTarget.value })} />
                    <ActionIcon variant="subtle" color="red" mt={22} aria-label={t('common.remove')} title={t('common.remove')} data-testid="opp-competitor-remove"
                      onClick={() => { clearRows('competitors'); setDraft((d) => d && ({ ...d, competitors: d.competitors.filter((_, j) => j !== i) })); }}>✕</ActionIcon>
                  </div>
                ))}
              </div>
            )}

            <DialogFooter deleteConfirm="" deleteTestId="opp-delete-in-dialog" saveTestId="opp-save" saving={saving} onClose={onClose} />
          </form>
        )}
    </FormDialog>
  );
}
