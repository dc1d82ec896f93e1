// A firm's opportunities on its card: the open ones first (by expected close date), then the won
// and lost ones, most recently closed first. A click opens the opportunity; "New opportunity"
// opens the shared dialog with the firm fixed.
import { useMemo, useState } from 'react';
import { Badge, Button, Center, Group, Loader, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { OpportunityRow, PipelineStage } from '../../shared/types.ts';
import { formatMoney } from '../../shared/money.ts';
import { useApp } from '../store.ts';
import { formatDate, formatIsoDate, todayIso } from '../ui/card-format.ts';
import { translateError } from '../ui/forms.ts';
import { useRemote } from '../ui/useRemote.ts';
import { OpportunityDialog } from '../opportunities/OpportunityDialog.tsx';
import { orderOpportunities } from '../sales/view.ts';
import '../sales/sales.css';

const OUTCOME_COLORS = { open: 'blue', won: 'teal', lost: 'gray' } as const;

/** A stage's name: renamed ones carry their label, built-in ones are translated by code. */
export function stageName(t: TFunction, stage: Pick<PipelineStage, 'code' | 'label'> | undefined): string {
  if (!stage) return '—';
  if (stage.label) return stage.label;
  if (!stage.code) return '—';
  return t(`opportunities.stages.${stage.code}`, { defaultValue: stage.code });
}

export function OpportunitiesTab({ firmId }: { firmId: string }) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const navigate = useApp((s) => s.navigate);
  const [creating, setCreating] = useState(false);
  const list = useRemote('opportunities.list', { firmId, state: 'all', locale, limit: 1000 },
    ['opportunities', 'opportunity_users', 'pipeline_stages', 'users']);
  const stages = useRemote('stages.list', {}, ['pipeline_stages']);
  const byId = useMemo(() => new Map((stages.data ?? []).map((s) => [s.id, s])), [stages.data]);
  const rows = useMemo(() => orderOpportunities(list.data?.rows ?? []), [list.data]);

  return (
    <div data-testid="firm-card-opportunities">
      <div className="tab-toolbar">
        <Text size="xs" c="dimmed">
          {list.data ? t('sales_ui.opps.summary', { open: rows.filter((r) => r.outcome === 'open').length, total: rows.length }) : ''}
        </Text>
        <Button variant="light" size="compact-xs" data-testid="card-opp-new" onClick={() => setCreating(true)}>+ {t('sales_ui.opps.new')}</Button>
      </div>
      {list.error && <Text c="red" size="sm">{translateError(t, list.error)}</Text>}
      {!list.data ? (list.error ? null : <Center p="md"><Loader size="xs" /></Center>) : rows.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="card-opp-empty">{t('sales_ui.opps.none')}</Text>
      ) : (
        <div data-testid="card-opp-list">
          {rows.map((o) => (
            <OpportunityLine key={o.id} opp={o} stage={byId.get(o.stageId)} onOpen={() => navigate({ name: 'opportunity', id: o.id })} />
          ))}
        </div>
      )}
      <OpportunityDialog opened={creating} firmId={firmId} onClose={() => setCreating(false)}
        onSaved={() => { setCreating(false); list.reload(); }} />
    </div>
  );
}

function OpportunityLine({ opp, stage, onOpen }: { opp: OpportunityRow; stage: PipelineStage | undefined; onOpen(): void }) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const closed = opp.outcome !== 'open';
  // Past its expected close date and still open: the salesperson should move it or close it.
  const late = !closed && opp.closeDate !== null && opp.closeDate < todayIso();
  return (
    <div className={`sale-opp-row${closed ? ' closed' : ''}`} data-testid="card-opp-row" data-opportunity-id={opp.id} data-outcome={opp.outcome}
      role="button" tabIndex={0} onClick={onOpen} onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); onOpen(); } }}>
      <div className="sale-opp-main">
        <Group gap={6} wrap="wrap">
          <Text size="sm" fw={600} data-testid="card-opp-title">{opp.title}</Text>
          <Badge size="sm" variant={closed ? 'filled' : 'light'} color={OUTCOME_COLORS[opp.outcome]} data-testid="card-opp-stage">
            {stageName(t, stage)}
          </Badge>
        </Group>
        <div className="tl-meta">
          {closed && opp.closedAt !== null ? (
            <span data-testid="card-opp-close">{t(`sales_ui.opps.${opp.outcome === 'won' ? 'won_on' : 'lost_on'}`, { date: formatDate(opp.closedAt, locale) })}</span>
          ) : opp.closeDate ? (
            <Text span size="xs" fw={late ? 600 : undefined} c={late ? 'red.7' : undefined} data-testid="card-opp-close">
              {t('sales_ui.opps.close_by', { date: formatIsoDate(opp.closeDate, locale) })}
            </Text>
          ) : null}
          <span className="dim">{(closed ? opp.closedAt !== null : !!opp.closeDate) ? '· ' : ''}{opp.ownerName}</span>
        </div>
      </div>
      <div className="sale-opp-figures">
        <Text size="sm" fw={600} className="tabular" data-testid="card-opp-amount">{formatMoney({ amount: opp.amount, currency: opp.currency }, locale)}</Text>
        {!closed && (
          <Text size="xs" c="dimmed" className="tabular" data-testid="card-opp-probability">
            {t('sales_ui.opps.probability', { value: new Intl.NumberFormat(locale === 'en' ? 'en-GB' : locale, { style: 'percent' }).format(opp.probability / 100) })}
          </Text>
        )}
      </div>
    </div>
  );
}
