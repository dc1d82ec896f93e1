// One opportunity: its stage (a row of steps; a click moves it, or closes it on Won / Lost), the
// figures, the deadline watch and the people on it, product lines, competitors, documents (RFI,
// RFP, offer, contract — attachments of the firm linked here), a comment thread, and the sale it
// became when won (or why it was lost). Actions: edit, close, reopen, delete.
import { useMemo, useRef, useState, type DragEvent } from 'react';
import { Alert, Anchor, Badge, Button, Center, Group, Loader, Menu, Modal, NativeSelect, Table, Text, Textarea, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Table as TableName } from '../../shared/contract.ts';
import type { DocKind, Opportunity, PipelineStage } from '../../shared/types.ts';
import { DOC_KINDS, MAX_ATTACHMENT_BYTES } from '../../shared/types.ts';
import { formatMoney } from '../../shared/money.ts';
import { errorData, send } from '../api.ts';
import { useApp, useCodes } from '../store.ts';
import { fileType, formatBytes, formatDate, formatIsoDate } from '../ui/card-format.ts';
import { codeById, codeLabel, formatDateTime, formatNumber } from '../ui/format.ts';
import { translateError } from '../ui/forms.ts';
import { toast } from '../ui/toast.tsx';
import { useRemote } from '../ui/useRemote.ts';
import { carriesFiles } from '../attachments/upload.ts';
import { OpenButton } from '../timeline/TimelineStream.tsx';
import { stageName } from '../card/OpportunitiesTab.tsx';
import { CloseDialog, type CloseOutcome } from './CloseDialog.tsx';
import { OpportunityDialog } from './OpportunityDialog.tsx';
import { uploadDocument } from './documents.ts';
import { linesTotalOf, stageSteps } from './view.ts';
import { orderStages } from './stages.ts';
import './opportunities.css';

const TABLES: readonly TableName[] = ['opportunities', 'opportunity_users', 'opportunity_lines', 'opportunity_competitors',
  'opportunity_comments', 'attachments', 'pipeline_stages', 'users', 'sales', 'codes', 'firms'];
const OUTCOME_COLORS = { open: 'blue', won: 'teal', lost: 'gray' } as const;
const percent = (lng: string, p: number) => new Intl.NumberFormat(lng === 'en' ? 'en-GB' : lng, { style: 'percent' }).format(p / 100);

export function OpportunityView({ id }: { id: string }) {
  const { t } = useTranslation();
  const navigate = useApp((s) => s.navigate);
  const opp = useRemote('opportunities.get', { id }, TABLES);
  const stages = useRemote('stages.list', {}, ['pipeline_stages']);
  const ordered = useMemo(() => orderStages(stages.data ?? []), [stages.data]);
  const [editing, setEditing] = useState(false);
  const [closing, setClosing] = useState<CloseOutcome | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);

  const o = opp.data;
  if (opp.error && !o) {
    return (
      <div className="page">
        <div className="toolbar">
          <Button variant="subtle" size="xs" data-testid="opp-back" onClick={() => navigate({ name: 'pipeline' })}>← {t('opportunities.view.back')}</Button>
        </div>
        <div className="page-scroll"><Alert color="red" maw={520} data-testid="opp-view-error">{translateError(t, opp.error)}</Alert></div>
      </div>
    );
  }
  if (!o) return <Center h="100%"><Loader size="sm" /></Center>;
  const stage = ordered.find((s) => s.id === o.stageId);

  const move = async (s: PipelineStage) => {
    if (s.id === o.stageId) return;
    if (s.outcome !== 'open') { setClosing(s.outcome); return; }
    try {
      if (o.outcome === 'open') await send('opportunities.move', { id: o.id, stageId: s.id });
      else await send('opportunities.reopen', { id: o.id, stageId: s.id });
      toast(t(o.outcome === 'open' ? 'opportunities.pipeline.moved' : 'opportunities.view.reopened', { title: o.title, stage: stageName(t, s) }));
    } catch (e) {
      toast(translateError(t, errorData(e)) ?? '', 'red');
    }
  };

  const remove = async () => {
    setBusy(true);
    setFailed(null);
    try {
      await send('opportunities.delete', { id: o.id });
      toast(t('opportunities.view.deleted', { title: o.title }));
      navigate({ name: 'pipeline' });
    } catch (e) {
      setFailed(translateError(t, errorData(e)) ?? null);
    } finally {
      setBusy(false);
    }
  };

  const openStagesList = ordered.filter((s) => s.outcome === 'open');

  return (
    <div className="page" data-testid="opp-view" data-id={o.id} data-outcome={o.outcome}>
      <div className="toolbar">
        <Button variant="subtle" size="xs" data-testid="opp-back" onClick={() => navigate({ name: 'pipeline' })}>← {t('opportunities.view.back')}</Button>
        <Title order={2} data-testid="opp-view-title" style={{ overflowWrap: 'anywhere' }}>{o.title}</Title>
        <Badge variant={o.outcome === 'open' ? 'light' : 'filled'} color={OUTCOME_COLORS[o.outcome]} data-testid="opp-view-stage" style={{ textTransform: 'none' }}>
          {stageName(t, stage)}
        </Badge>
        <Group gap={6} ml="auto">
          <Button size="xs" variant="default" data-testid="opp-edit" onClick={() => setEditing(true)}>{t('common.edit')}</Button>
          {o.outcome === 'open' ? (
            <>
              <Button size="xs" color="teal" data-testid="opp-close-won" onClick={() => setClosing('won')}>{t('opportunities.view.close_won')}</Button>
              <Button size="xs" color="gray" variant="light" data-testid="opp-close-lost" onClick={() => setClosing('lost')}>{t('opportunities.view.close_lost')}</Button>
            </>
          ) : (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button size="xs" variant="light" data-testid="opp-reopen">{t('opportunities.view.reopen')}</Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{t('opportunities.view.reopen_to')}</Menu.Label>
                {openStagesList.map((s) => (
                  <Menu.Item key={s.id} data-testid="opp-reopen-to" data-stage-id={s.id} data-stage-code={s.code ?? ''} onClick={() => void move(s)}>
                    {stageName(t, s)}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
          )}
          <Button size="xs" variant="subtle" color="red" data-testid="opp-delete" onClick={() => { setFailed(null); setDeleting(true); }}>{t('common.delete')}</Button>
        </Group>
      </div>
      <div className="page-scroll">
        <nav className="opp-steps" aria-label={t('opportunities.fields.stage')} data-testid="opp-steps">
          {stageSteps(ordered, o.stageId, o.outcome).map(({ stage: s, current, passed, enabled }) => (
            <button key={s.id} type="button" className={`opp-step ${s.outcome}${current ? ' current' : ''}${passed ? ' passed' : ''}`}
              data-testid="opp-step" data-stage-id={s.id} data-stage-code={s.code ?? ''} aria-current={current ? 'step' : undefined}
              disabled={!enabled}
              title={enabled ? (s.outcome === 'open' ? t('opportunities.view.move_here') : t(`opportunities.pipeline.close_as_${s.outcome}`, { stage: stageName(t, s) })) : undefined}
              onClick={() => void move(s)}>
              {stageName(t, s)}
            </button>
          ))}
        </nav>
        <div className="opp-layout">
          <div className="opp-col">
            {o.outcome !== 'open' && <ClosedPanel o={o} />}
            <Facts o={o} stage={stage} />
          </div>
          <div className="opp-col">
            <Lines o={o} />
            <Competitors o={o} />
            <Documents o={o} />
            <Comments o={o} />
          </div>
        </div>
      </div>
      <OpportunityDialog opened={editing} opportunityId={o.id} onClose={() => setEditing(false)}
        onSaved={() => { setEditing(false); opp.reload(); toast(t('opportunities.view.saved')); }} />
      <CloseDialog opened={closing !== null} opportunity={o} outcome={closing ?? 'won'} onClose={() => setClosing(null)}
        onClosed={(res) => {
          setClosing(null);
          opp.reload();
          toast(t(res.outcome === 'won' ? 'opportunities.close.done_won' : 'opportunities.close.done_lost', { title: o.title }));
        }} />
      <Modal opened={deleting} onClose={() => setDeleting(false)} title={t('opportunities.view.delete_title')} size="sm">
        <Text size="sm">{t('opportunities.view.delete_confirm', { title: o.title })}</Text>
        {failed && <Alert color="red" mt="sm">{failed}</Alert>}
        <Group justify="flex-end" mt="md" gap="xs">
          <Button variant="default" onClick={() => setDeleting(false)} data-autofocus>{t('common.cancel')}</Button>
          <Button color="red" loading={busy} data-testid="opp-confirm-delete" onClick={() => void remove()}>{t('common.delete')}</Button>
        </Group>
      </Modal>
    </div>
  );
}

function Facts({ o, stage }: { o: Opportunity; stage: PipelineStage | undefined }) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const users = useApp((s) => s.users);
  const navigate = useApp((s) => s.navigate);
  const names = (ids: string[]) => ids.map((id) => users.find((u) => u.id === id)?.name).filter(Boolean).join(', ') || '—';
  const money = (amount: number) => formatMoney({ amount, currency: o.currency }, locale);
  return (
    <section className="panel" data-testid="opp-facts">
      <dl className="facts">
        <dt>{t('opportunities.fields.firm')}</dt>
        <dd>
          <Anchor component="button" type="button" size="sm" fw={600} data-testid="opp-firm-link"
            onClick={() => navigate({ name: 'firm', id: o.firmId })}>{o.firmName}</Anchor>
        </dd>
        <dt>{t('opportunities.fields.stage')}</dt>
        <dd>{stageName(t, stage)}</dd>
        <dt>{t('opportunities.fields.amount')}</dt>
        <dd className="tabular" data-testid="opp-view-amount"><b>{money(o.amount)}</b></dd>
        <dt>{t('opportunities.fields.probability')}</dt>
        <dd className="tabular" data-testid="opp-view-probability">{percent(locale, o.probability)}</dd>
        <dt>{t('opportunities.pipeline.weighted')}</dt>
        <dd className="tabular" data-testid="opp-view-weighted">{money(o.weighted)}</dd>
        <dt>{t('opportunities.fields.close_date')}</dt>
        <dd data-testid="opp-view-close-date">{o.closeDate ? formatIsoDate(o.closeDate, locale) : '—'}</dd>
        <dt>{t('opportunities.fields.deadline')}</dt>
        <dd data-testid="opp-view-deadline">
          {o.deadlineAt === null ? '—' : formatDateTime(o.deadlineAt, locale)}
          {o.deadlineAt !== null && o.watchDays !== null && (
            <Text span size="xs" c="dimmed"> · {t('opportunities.view.watch', { count: o.watchDays, n: o.watchDays })}</Text>
          )}
        </dd>
        <dt>{t('opportunities.fields.watchers')}</dt>
        <dd data-testid="opp-view-watchers">{names(o.watcherIds)}</dd>
        <dt>{t('opportunities.fields.owner')}</dt>
        <dd data-testid="opp-view-owner">{o.ownerName}</dd>
        <dt>{t('opportunities.fields.sales')}</dt>
        <dd data-testid="opp-view-sales">{names(o.salesIds.filter((id) => id !== o.ownerId))}</dd>
        <dt>{t('opportunities.pipeline.updated')}</dt>
        <dd className="dim">{formatDateTime(o.updatedAt, locale)}</dd>
      </dl>
      {o.note && (
        <>
          <div className="section-label">{t('opportunities.fields.note')}</div>
          <div className="opp-note" data-testid="opp-view-note">{o.note}</div>
        </>
      )}
    </section>
  );
}

/** Won: the sale it recorded on the firm. Lost: the reason and the note. */
function ClosedPanel({ o }: { o: Opportunity }) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const navigate = useApp((s) => s.navigate);
  const reasons = useCodes('lost_reason');
  const sales = useRemote('sales.list', o.outcome === 'won' && o.saleId ? { firmId: o.firmId, limit: 5000 } : null, ['sales']);
  const sale = sales.data?.find((s) => s.id === o.saleId);
  if (o.outcome === 'lost') {
    return (
      <section className="panel opp-closed lost" data-testid="opp-lost">
        <Text fw={700} size="sm">{t('opportunities.view.lost_title', { date: o.closedAt !== null ? formatDate(o.closedAt, locale) : '' })}</Text>
        <Text size="sm" data-testid="opp-lost-reason">{t('opportunities.view.lost_reason', { reason: codeLabel(t, codeById(reasons, o.lostReasonId)) || '—' })}</Text>
        {o.lostNote && <div className="opp-note" data-testid="opp-lost-note">{o.lostNote}</div>}
      </section>
    );
  }
  return (
    <section className="panel opp-closed" data-testid="opp-sale">
      <Text fw={700} size="sm">{t('opportunities.view.won_title', { date: o.closedAt !== null ? formatDate(o.closedAt, locale) : '' })}</Text>
      {sale ? (
        <Text size="sm" data-testid="opp-sale-detail">
          {t('opportunities.view.sale', {
            kind: t(`sales_ui.kinds.${sale.kind}`), amount: formatMoney({ amount: sale.amount, currency: sale.currency }, locale),
            date: formatIsoDate(sale.date, locale),
          })}
          {sale.documentNo ? ` · ${sale.documentNo}` : ''}
        </Text>
      ) : o.saleId ? (sales.data ? null : <Loader size="xs" />) : (
        <Text size="sm" c="dimmed">{t('opportunities.view.no_sale')}</Text>
      )}
      <Anchor component="button" type="button" size="xs" data-testid="opp-sale-firm" onClick={() => navigate({ name: 'firm', id: o.firmId })}>
        {t('opportunities.view.to_firm_sales', { firm: o.firmName })}
      </Anchor>
    </section>
  );
}

function Lines({ o }: { o: Opportunity }) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const money = (amount: number) => formatMoney({ amount, currency: o.currency }, locale);
  return (
    <section className="panel" data-testid="opp-lines">
      <div className="panel-title"><h3>{t('opportunities.fields.lines')}</h3></div>
      {o.lines.length === 0 ? <Text size="sm" c="dimmed">{t('opportunities.fields.no_lines')}</Text> : (
        <Table verticalSpacing={3} fz="sm" className="opp-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('opportunities.fields.product')}</Table.Th>
              <Table.Th>{t('opportunities.fields.product_group')}</Table.Th>
              <Table.Th className="num">{t('opportunities.fields.quantity')}</Table.Th>
              <Table.Th className="num">{t('opportunities.fields.unit_price', { currency: o.currency })}</Table.Th>
              <Table.Th className="num">{t('opportunities.fields.line_total')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {o.lines.map((l) => (
              <Table.Tr key={l.id} data-testid="opp-line-row">
                <Table.Td fw={500}>{l.product}</Table.Td>
                <Table.Td c="dimmed">{l.productGroup}</Table.Td>
                <Table.Td className="num">{formatNumber(l.quantity, locale)}</Table.Td>
                <Table.Td className="num">{money(l.unitPrice)}</Table.Td>
                <Table.Td className="num">{money(Math.round(l.quantity * l.unitPrice))}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr>
              <Table.Td colSpan={4} fw={600}>{t('opportunities.view.lines_sum')}</Table.Td>
              <Table.Td className="num" fw={700} data-testid="opp-lines-total">{money(linesTotalOf(o.lines))}</Table.Td>
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      )}
    </section>
  );
}

function Competitors({ o }: { o: Opportunity }) {
  const { t } = useTranslation();
  return (
    <section className="panel" data-testid="opp-competitors">
      <div className="panel-title"><h3>{t('opportunities.fields.competitors')}</h3></div>
      {o.competitors.length === 0 ? <Text size="sm" c="dimmed">{t('opportunities.fields.no_competitors')}</Text> : o.competitors.map((c) => (
        <div key={c.id} className="opp-competitor" data-testid="opp-competitor-row">
          <Text size="sm" fw={600}>{c.name}</Text>
          <div className="opp-competitor-cols">
            <div><Text span size="xs" c="teal.8" fw={600}>{t('opportunities.fields.strengths')}: </Text>{c.strengths || '—'}</div>
            <div><Text span size="xs" c="red.7" fw={600}>{t('opportunities.fields.weaknesses')}: </Text>{c.weaknesses || '—'}</div>
          </div>
        </div>
      ))}
    </section>
  );
}

function Documents({ o }: { o: Opportunity }) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const [kind, setKind] = useState<DocKind>('offer');
  const [busy, setBusy] = useState(0);
  const [failed, setFailed] = useState<string | null>(null);
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const docs = [...o.documents].sort((a, b) => DOC_KINDS.indexOf(a.docKind ?? 'other') - DOC_KINDS.indexOf(b.docKind ?? 'other') || b.createdAt - a.createdAt);

  const upload = async (files: File[]) => {
    setFailed(null);
    for (const file of files) {
      setBusy((n) => n + 1);
      try {
        await uploadDocument(file, { firmId: o.firmId, opportunityId: o.id, docKind: kind });
      } catch (e) {
        const data = errorData(e);
        setFailed(`${file.name}: ${translateError(t, { ...data, params: { max: formatBytes(MAX_ATTACHMENT_BYTES, locale), ...data.params } }) ?? ''}`);
      } finally {
        setBusy((n) => n - 1);
      }
    }
  };
  const onDrop = (e: DragEvent) => {
    if (!carriesFiles(e.dataTransfer)) return;
    e.preventDefault();
    setOver(false);
    void upload(Array.from(e.dataTransfer.files));
  };

  return (
    <section className={`panel attach-tab${over ? ' drag-over' : ''}`} data-testid="opp-documents"
      onDragOver={(e) => { if (carriesFiles(e.dataTransfer)) { e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; setOver(true); } }}
      onDragLeave={(e) => { if (e.currentTarget === e.target) setOver(false); }} onDrop={onDrop}>
      <div className="panel-title">
        <h3>{t('opportunities.view.documents')}</h3>
        <Group gap={6} wrap="nowrap">
          <NativeSelect size="xs" aria-label={t('opportunities.view.doc_kind')} data-testid="opp-doc-kind" value={kind}
            onChange={(e) => setKind(e.currentTarget.value as DocKind)}
            data={DOC_KINDS.map((k) => ({ value: k, label: t(`opportunities.doc_kinds.${k}`) }))} />
          <Button size="compact-xs" variant="light" data-testid="opp-doc-upload" loading={busy > 0} onClick={() => input.current?.click()}>
            {t('opportunities.view.add_document')}
          </Button>
          <input ref={input} type="file" multiple hidden data-testid="opp-doc-input"
            onChange={(e) => { const files = Array.from(e.currentTarget.files ?? []); e.currentTarget.value = ''; void upload(files); }} />
        </Group>
      </div>
      {failed && <Text size="xs" c="red" data-testid="opp-doc-error">{failed}</Text>}
      {docs.length === 0 ? <Text size="sm" c="dimmed">{t('opportunities.view.no_documents')}</Text> : docs.map((a) => (
        <div key={a.id} className={`attach-row${a.missing ? ' missing' : ''}`} data-testid="opp-doc-row" data-attachment-id={a.id} data-doc-kind={a.docKind ?? ''}>
          <span className="file-type" title={a.mime || undefined}>{fileType(a.name, a.mime)}</span>
          <div className="attach-main">
            <Group gap={6} wrap="nowrap">
              <Badge size="xs" variant="light" style={{ flex: 'none' }}>{t(`opportunities.doc_kinds.${a.docKind ?? 'other'}`)}</Badge>
              <Text size="sm" fw={500} className="attach-name">{a.name}</Text>
            </Group>
            <div className="tl-meta">
              <span className="tabular">{formatBytes(a.size, locale)}</span>
              <span>· {a.authorName}</span>
              <span className="dim">· {formatDateTime(a.createdAt, locale)}</span>
            </div>
          </div>
          <OpenButton attachment={a} />
        </div>
      ))}
    </section>
  );
}

function Comments({ o }: { o: Opportunity }) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const [body, setBody] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const comments = [...o.comments].sort((a, b) => a.at - b.at);

  const save = async () => {
    if (saving) return;
    if (!body.trim()) { setError(t('errors.required')); return; }
    setSaving(true);
    setError(null);
    try {
      await send('opportunities.comment', { opportunityId: o.id, body });
      setBody('');
    } catch (e) {
      setError(translateError(t, errorData(e)) ?? null);
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="panel" data-testid="opp-comments">
      <div className="panel-title"><h3>{t('opportunities.view.comments')}</h3></div>
      {comments.length === 0 ? <Text size="sm" c="dimmed">{t('opportunities.view.no_comments')}</Text> : comments.map((c) => (
        <div key={c.id} className="opp-comment" data-testid="opp-comment-row">
          <div className="tl-meta"><b>{c.authorName}</b><span className="dim">{formatDateTime(c.at, locale)}</span></div>
          <div className="opp-comment-body">{c.body}</div>
        </div>
      ))}
      <Textarea mt="xs" data-testid="opp-comment" aria-label={t('opportunities.view.comment')} placeholder={t('opportunities.view.comment_placeholder')}
        value={body} error={error} autosize minRows={2} maxRows={8}
        onChange={(e) => { setError(null); setBody(e.currentTarget.value); }}
        onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); void save(); } }} />
      <Group justify="flex-end" mt={6}>
        <Button size="xs" data-testid="opp-comment-save" loading={saving} onClick={() => void save()}>{t('opportunities.view.add_comment')}</Button>
      </Group>
    </section>
  );
}
