// A firm's revenue on its card: this year and this month so far against the period before,
// revenue per year and per month (the last 24 months, a bar chart per currency — currencies are
// never added together), and the contracts, orders and invoices it is made of, where each came
// from (a won opportunity, the accounting import, typed in here).
import { useMemo, useState } from 'react';
import { ActionIcon, Anchor, Badge, Button, Center, Group, Loader, Modal, SegmentedControl, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { format } from 'date-fns/format';
import type { Table as DbTable } from '../../shared/contract.ts';
import type { Currency, Locale, Sale, SaleKind, SalesChange, SalesPeriod } from '../../shared/types.ts';
import { SALE_KINDS } from '../../shared/types.ts';
import { formatMoney } from '../../shared/money.ts';
import { errorData, send } from '../api.ts';
import { dateLocale } from '../i18n/index.ts';
import { useApp } from '../store.ts';
import { formatIsoDate, todayIso } from '../ui/card-format.ts';
import { translateError } from '../ui/forms.ts';
import { toast } from '../ui/toast.tsx';
import { useRemote } from '../ui/useRemote.ts';
import { SaleDialog } from './SaleDialog.tsx';
import { amountIn, defaultCurrency, formatRatio, monthDate, monthSeries, periodCurrencies, trendOf, type Series } from './view.ts';
import './sales.css';

/** Sales change by hand, by import, and when an opportunity is won or reopened. */
const SALES_TABLES: readonly DbTable[] = ['sales', 'opportunities'];

type KindFilter = SaleKind | 'all';

export function SalesTab({ firmId }: { firmId: string }) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const [kind, setKind] = useState<KindFilter>('all');
  const [adding, setAdding] = useState(false);
  const summary = useRemote('sales.summary', { firmId, today: todayIso() }, SALES_TABLES);
  const list = useRemote('sales.list', { firmId, kind: kind === 'all' ? null : kind }, SALES_TABLES);
  const hasRevenue = !!summary.data && summary.data.years.some((y) => y.totals.some((m) => m.amount !== 0));

  return (
    <div data-testid="firm-card-sales" className="sales-tab">
      <div className="tab-toolbar">
        <Text size="xs" c="dimmed">{t('sales_ui.tab.intro')}</Text>
        <Button variant="light" size="compact-xs" ml="auto" data-testid="sale-new" onClick={() => setAdding(true)}>+ {t('sales_ui.tab.new')}</Button>
      </div>

      {summary.error && <Text c="red" size="sm">{translateError(t, summary.error)}</Text>}
      {!summary.data ? (summary.error ? null : <Center p="md"><Loader size="xs" /></Center>) : (
        <>
          <div className="sales-kpis">
            <ChangeBox testId="sales-ytd" title={t('sales_ui.tab.ytd')} changes={summary.data.yearToDate} />
            <ChangeBox testId="sales-mtd" title={t('sales_ui.tab.mtd')} changes={summary.data.monthToDate} />
          </div>
          {!hasRevenue ? (
            <Text size="sm" c="dimmed" mt="xs" data-testid="sales-empty">{t('sales_ui.tab.no_revenue')}</Text>
          ) : (
            <div className="sales-periods">
              <section>
                <h4 className="sales-h">{t('sales_ui.tab.by_year')}</h4>
                <PeriodTable testId="sales-years" rowTestId="sales-year-row" periods={summary.data.years}
                  currencies={periodCurrencies(summary.data.years)} label={(p) => p} />
              </section>
              <section className="sales-months">
                <h4 className="sales-h">{t('sales_ui.tab.by_month')}</h4>
                {monthSeries(summary.data.months).map((s) => <MonthChart key={s.currency} series={s} />)}
                <MonthTable months={summary.data.months} currencies={periodCurrencies(summary.data.months)} />
              </section>
            </div>
          )}
        </>
      )}

      <div className="tab-toolbar sales-list-head">
        <h4 className="sales-h">{t('sales_ui.tab.documents')}</h4>
        <SegmentedControl size="xs" value={kind} onChange={(v) => setKind(v as KindFilter)} data-testid="sale-kind-filter"
          data={[{ value: 'all', label: t('sales_ui.kinds.all') }, ...SALE_KINDS.map((k) => ({ value: k, label: t(`sales_ui.kinds_plural.${k}`) }))]} />
      </div>
      {list.error && <Text c="red" size="sm">{translateError(t, list.error)}</Text>}
      {!list.data ? (list.error ? null : <Center p="md"><Loader size="xs" /></Center>) : list.data.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="sales-list-empty">{t('sales_ui.tab.none')}</Text>
      ) : (
        <SaleTable sales={list.data} />
      )}

      <SaleDialog opened={adding} firmId={firmId} currency={defaultCurrency(list.data ?? [], locale)}
        onClose={() => setAdding(false)}
        onSaved={() => { setAdding(false); toast(t('sales_ui.tab.saved')); summary.reload(); list.reload(); }} />
    </div>
  );
}

/** This year (or month) so far, per currency, with the change against the same days before. */
function ChangeBox({ testId, title, changes }: { testId: string; title: string; changes: SalesChange[] }) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const shown = changes.filter((c) => c.current !== 0 || c.previous !== 0);
  return (
    <div className="sales-kpi" data-testid={testId}>
      <div className="sales-kpi-title">{title}</div>
      {shown.length === 0 ? <Text size="lg" fw={600} c="dimmed">—</Text> : shown.map((c) => {
        const trend = trendOf(c);
        return (
          <div key={c.currency} className="sales-kpi-line" data-currency={c.currency} data-trend={trend}>
            <Text size="lg" fw={700} className="tabular" data-testid={`${testId}-amount`}>{formatMoney({ amount: c.current, currency: c.currency }, locale)}</Text>
            <Text span size="xs" fw={600} className={`sales-trend sales-trend-${trend}`} data-testid={`${testId}-change`}>
              {trend === 'up' ? `▲ ${formatRatio(c.ratio!, locale)}`
                : trend === 'down' ? `▼ ${formatRatio(c.ratio!, locale)}`
                  : trend === 'flat' ? `= ${formatRatio(0, locale)}`
                    : trend === 'new' ? t('sales_ui.tab.trend_new') : ''}
            </Text>
            <Text span size="xs" c="dimmed" className="tabular">
              {t('sales_ui.tab.previous', { amount: formatMoney({ amount: c.previous, currency: c.currency }, locale) })}
            </Text>
          </div>
        );
      })}
    </div>
  );
}

function monthLabel(period: string, pattern: string, locale: Locale): string {
  const d = monthDate(period);
  return d ? format(d, pattern, { locale: dateLocale(locale) }) : period;
}

/** 24 bars, oldest on the left; each bar's tooltip says the month and the amount. */
function MonthChart({ series }: { series: Series }) {
  const locale = useApp((s) => s.locale);
  return (
    <div className="sales-chart" data-testid="sales-chart" data-currency={series.currency}>
      <div className="sales-chart-cur">{series.currency}</div>
      <div className="sales-bars" role="img" aria-label={series.currency}>
        {series.bars.map((b) => {
          const label = `${monthLabel(b.period, 'LLLL yyyy', locale)}: ${formatMoney({ amount: b.amount, currency: series.currency }, locale)}`;
          return (
            <div key={b.period} className="sales-bar-slot" title={label}>
              <div className={`sales-bar${b.amount < 0 ? ' negative' : ''}`} style={{ height: `${Math.round(b.height * 100)}%` }} />
            </div>
          );
        })}
      </div>
      <div className="sales-bar-axis" aria-hidden>
        {series.bars.map((b) => {
          // Quarters only (January with its year), so 24 labels never crowd.
          const month = Number(b.period.slice(5, 7));
          return <span key={b.period}>{month % 3 === 1 ? monthLabel(b.period, month === 1 ? 'LLL yyyy' : 'LLL', locale) : ''}</span>;
        })}
      </div>
    </div>
  );
}

/** Revenue per period, one column per currency (amounts in different currencies are never added). */
function PeriodTable({ testId, rowTestId, periods, currencies, label }: {
  testId: string; rowTestId: string; periods: SalesPeriod[]; currencies: Currency[]; label(period: string): string;
}) {
  const locale = useApp((s) => s.locale);
  return (
    <Table fz="sm" verticalSpacing={2} data-testid={testId}>
      {currencies.length > 1 && (
        <Table.Thead>
          <Table.Tr>
            <Table.Th />
            {currencies.map((c) => <Table.Th key={c} ta="right">{c}</Table.Th>)}
          </Table.Tr>
        </Table.Thead>
      )}
      <Table.Tbody>
        {periods.map((p) => (
          <Table.Tr key={p.period} data-testid={rowTestId} data-period={p.period}>
            <Table.Td className="tabular" style={{ whiteSpace: 'nowrap' }}>{label(p.period)}</Table.Td>
            {currencies.map((c) => {
              const amount = amountIn(p, c);
              return (
                <Table.Td key={c} className="tabular" ta="right" style={{ whiteSpace: 'nowrap' }} data-currency={c} data-amount={amount ?? 0}>
                  {amount === null ? <span className="dim">—</span> : formatMoney({ amount, currency: c }, locale)}
                </Table.Td>
              );
            })}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function MonthTable({ months, currencies }: { months: SalesPeriod[]; currencies: Currency[] }) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const [all, setAll] = useState(false);
  // Newest first; empty months are listed too (a gap in buying is worth seeing), but the table
  // starts with the last 6 so the card stays short.
  const shown = all ? months : months.slice(0, 6);
  return (
    <>
      <PeriodTable testId="sales-months" rowTestId="sales-month-row" periods={shown} currencies={currencies}
        label={(p) => monthLabel(p, 'LLLL yyyy', locale)} />
      {months.length > 6 && (
        <Anchor component="button" type="button" size="xs" mt={4} data-testid="sales-months-toggle" onClick={() => setAll((v) => !v)}>
          {all ? t('sales_ui.tab.fewer_months') : t('sales_ui.tab.all_months', { count: months.length, n: months.length })}
        </Anchor>
      )}
    </>
  );
}

function SaleTable({ sales }: { sales: Sale[] }) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const navigate = useApp((s) => s.navigate);
  const [deleting, setDeleting] = useState<Sale | null>(null);
  const [busy, setBusy] = useState(false);
  const total = useMemo(() => sales.length, [sales]);

  const remove = async () => {
    if (!deleting) return;
    setBusy(true);
    try {
      await send('sales.delete', { id: deleting.id });
      setDeleting(null);
      toast(t('sales_ui.tab.deleted'));
    } catch (e) {
      toast(translateError(t, errorData(e)) ?? '', 'red');
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Table fz="sm" verticalSpacing={3} data-testid="sale-list" data-count={total}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('sales_ui.dialog.date')}</Table.Th>
            <Table.Th>{t('sales_ui.dialog.kind')}</Table.Th>
            <Table.Th>{t('sales_ui.dialog.document')}</Table.Th>
            <Table.Th>{t('sales_ui.dialog.product')}</Table.Th>
            <Table.Th>{t('sales_ui.tab.source')}</Table.Th>
            <Table.Th ta="right">{t('sales_ui.dialog.amount')}</Table.Th>
            <Table.Th w={30} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sales.map((s) => (
            <Table.Tr key={s.id} data-testid="sale-row" data-sale-id={s.id} data-kind={s.kind} data-source={s.source}>
              <Table.Td className="tabular" style={{ whiteSpace: 'nowrap' }}>{formatIsoDate(s.date, locale)}</Table.Td>
              <Table.Td style={{ minWidth: 84 }}><Badge size="xs" variant="light" color={s.kind === 'contract' ? 'grape' : s.kind === 'order' ? 'blue' : 'gray'}>{t(`sales_ui.kinds.${s.kind}`)}</Badge></Table.Td>
              <Table.Td className="mono" data-testid="sale-document-no">{s.documentNo ?? <span className="dim">—</span>}</Table.Td>
              <Table.Td>
                {s.product || <span className="dim">—</span>}
                {s.note && <Text size="xs" c="dimmed" lineClamp={1} title={s.note}>{s.note}</Text>}
              </Table.Td>
              <Table.Td data-testid="sale-source">
                {s.source === 'opportunity' && s.opportunityId ? (
                  <Anchor component="button" type="button" size="sm" data-testid="sale-source-opportunity"
                    onClick={() => navigate({ name: 'opportunity', id: s.opportunityId! })}>{t('sales_ui.sources.opportunity')}</Anchor>
                ) : <span className="dim">{t(`sales_ui.sources.${s.source}`)}</span>}
              </Table.Td>
              <Table.Td ta="right" fw={600} className="tabular" style={{ whiteSpace: 'nowrap' }} data-testid="sale-amount-cell">
                {formatMoney({ amount: s.amount, currency: s.currency }, locale)}
              </Table.Td>
              <Table.Td>
                <ActionIcon size="sm" variant="subtle" color="red" aria-label={t('common.delete')} title={t('common.delete')}
                  data-testid="sale-delete" onClick={() => setDeleting(s)}>✕</ActionIcon>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal opened={deleting !== null} onClose={() => setDeleting(null)} size="sm" title={t('sales_ui.tab.delete_title')}>
        {deleting && (
          <>
            <Text size="sm">{t('sales_ui.tab.delete_confirm', {
              kind: t(`sales_ui.kinds.${deleting.kind}`), date: formatIsoDate(deleting.date, locale),
              amount: formatMoney({ amount: deleting.amount, currency: deleting.currency }, locale),
            })}</Text>
            {deleting.source === 'opportunity' && <Text size="xs" c="dimmed" mt={6}>{t('sales_ui.tab.delete_won_hint')}</Text>}
            {deleting.source === 'import' && <Text size="xs" c="dimmed" mt={6}>{t('sales_ui.tab.delete_import_hint')}</Text>}
            <Group justify="flex-end" mt="md" gap="xs">
              <Button variant="default" onClick={() => setDeleting(null)} data-autofocus>{t('common.cancel')}</Button>
              <Button color="red" loading={busy} data-testid="sale-delete-confirm" onClick={() => void remove()}>{t('common.delete')}</Button>
            </Group>
          </>
        )}
      </Modal>
    </>
  );
}
