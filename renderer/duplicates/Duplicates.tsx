// Data quality, part one: likely duplicate firms or people, found by a scan (same IČO, e-mail or
// phone, same or similar name), reviewed side by side, merged — and undone if it was a mistake.
import { Alert, Anchor, Badge, Button, Center, Group, Loader, SegmentedControl, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { create } from 'zustand';
import type { DuplicatePair, DuplicateScan, MergeRecord } from '../../shared/types.ts';
import { companyIdName } from '../../shared/company-ids.ts';
import { errorData, send } from '../api.ts';
import { useApp } from '../store.ts';
import { formatDateTime, formatNumber } from '../ui/format.ts';
import { translateError } from '../ui/forms.ts';
import { useRemote } from '../ui/useRemote.ts';
import { JobProgress, useJob } from '../ui/jobs.tsx';
import { toast } from '../ui/toast.tsx';
import { DuplicateReview } from './DuplicateReview.tsx';

type Entity = 'firm' | 'person';

interface LastMerge { mergeId: string; survivorName: string; mergedName: string; undone: boolean }

/** Outside the view, so the results survive a visit to a firm card. */
const useDupState = create<{
  entity: Entity;
  scans: Partial<Record<Entity, DuplicateScan>>;
  lastMerge: LastMerge | null;
  set(p: Partial<{ entity: Entity; scans: Partial<Record<Entity, DuplicateScan>>; lastMerge: LastMerge | null }>): void;
}>()((set) => ({ entity: 'firm', scans: {}, lastMerge: null, set: (p) => set(p) }));

export function Duplicates() {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const navigate = useApp((s) => s.navigate);
  const { entity, scans, lastMerge, set } = useDupState();
  const scan = scans[entity];
  const [scanning, setScanning] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const [review, setReview] = useState<DuplicatePair | null>(null);
  const [undoing, setUndoing] = useState<string | null>(null);
  const merges = useRemote('merges.list', { limit: 50 }, ['merges']);
  // The scan over every firm takes seconds: its phases counted, and Cancel.
  const scanJob = useJob();

  const runScan = async () => {
    setScanning(true);
    setFailed(null);
    try {
      const res = await scanJob.run((job) => send('duplicates.scan', { entity, job }));
      set({ scans: { ...useDupState.getState().scans, [entity]: res } });
    } catch (e) {
      if (errorData(e).code === 'cancelled') toast(t('jobs.cancelled_scan'), 'blue');
      else setFailed(translateError(t, errorData(e)) ?? null);
    } finally {
      setScanning(false);
    }
  };

  /** Drops pairs that a merge or a dismissal has settled. */
  const dropPairs = (keep: (p: DuplicatePair) => boolean) => {
    const current = useDupState.getState().scans;
    const s = current[entity];
    if (s) set({ scans: { ...current, [entity]: { ...s, pairs: s.pairs.filter(keep) } } });
  };

  const undo = async (mergeId: string) => {
    setUndoing(mergeId);
    setFailed(null);
    try {
      await send('merges.undo', { id: mergeId });
      const lm = useDupState.getState().lastMerge;
      if (lm?.mergeId === mergeId) set({ lastMerge: { ...lm, undone: true } });
      merges.reload();
    } catch (e) {
      setFailed(translateError(t, errorData(e)) ?? null);
    } finally {
      setUndoing(null);
    }
  };

  const openRecord = (e: Entity, id: string) => { if (e === 'firm') navigate({ name: 'firm', id }); };

  return (
    <div className="page">
      <div className="toolbar">
        <Title order={2} mr="md">{t('screens.duplicates.title')}</Title>
        <SegmentedControl
          data-testid="dup-entity"
          size="xs"
          value={entity}
          onChange={(v) => set({ entity: v === 'person' ? 'person' : 'firm' })}
          data={[{ value: 'firm', label: t('screens.duplicates.firms') }, { value: 'person', label: t('screens.duplicates.people') }]}
        />
        <Button data-testid="dup-scan" size="sm" loading={scanning} onClick={() => void runScan()}>
          {scan ? t('screens.duplicates.rescan') : t('screens.duplicates.scan')}
        </Button>
        <div style={{ minWidth: 320 }}><JobProgress job={scanJob} unit="steps" testid="dup-progress" /></div>
        {scan && (
          <Text size="sm" c="dimmed" ml="auto" data-testid="dup-scan-summary">
            {t('screens.duplicates.summary', { pairs: formatNumber(scan.pairs.length, locale), scanned: formatNumber(scan.scanned, locale), ms: formatNumber(scan.ms, locale) })}
          </Text>
        )}
      </div>
      <div className="page-scroll">
        {lastMerge && (
          <Alert color={lastMerge.undone ? 'gray' : 'teal'} mb="sm" data-testid="dup-merged" withCloseButton onClose={() => set({ lastMerge: null })}>
            <Group gap="sm" justify="space-between" wrap="nowrap">
              <span>
                {lastMerge.undone
                  ? t('screens.duplicates.undone', { name: lastMerge.mergedName, survivor: lastMerge.survivorName })
                  : t('screens.duplicates.merged', { name: lastMerge.mergedName, survivor: lastMerge.survivorName })}
              </span>
              {!lastMerge.undone && (
                <Button size="compact-xs" variant="white" color="teal" data-testid="dup-undo" loading={undoing === lastMerge.mergeId}
                  onClick={() => void undo(lastMerge.mergeId)}>↶ {t('screens.duplicates.undo')}</Button>
              )}
            </Group>
          </Alert>
        )}
        {failed && <Alert color="red" mb="sm" data-testid="dup-failed">{failed}</Alert>}

        <section className="panel" data-testid="dup-pairs">
          <div className="panel-title"><h3>{t(`screens.duplicates.pairs_${entity}`)}</h3></div>
          {!scan ? (
            <Text size="sm" c="dimmed" py="sm">{scanning ? <Loader size="xs" /> : t('screens.duplicates.not_scanned')}</Text>
          ) : scan.pairs.length === 0 ? (
            <Text size="sm" c="dimmed" py="sm" data-testid="dup-none">{t('screens.duplicates.none')}</Text>
          ) : (
            <Table verticalSpacing={4} fz="sm" highlightOnHover>
              <Table.Tbody>
                {scan.pairs.map((p) => (
                  <Table.Tr key={`${p.a.id}|${p.b.id}`} data-testid="dup-pair">
                    <Table.Td>
                      <PairSide side={p.a} entity={p.entity} onOpen={openRecord} />
                    </Table.Td>
                    <Table.Td w={20} c="dimmed" ta="center">⇆</Table.Td>
                    <Table.Td>
                      <PairSide side={p.b} entity={p.entity} onOpen={openRecord} />
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {p.reasons.map((r) => <Badge key={r} color={r === 'similar_name' ? 'gray' : 'orange'} variant="light" data-testid="dup-reason">{t(`screens.dup_reasons.${r}`)}</Badge>)}
                      </Group>
                    </Table.Td>
                    <Table.Td w={70} ta="right" title={t('screens.duplicates.score_hint')}>
                      <span className="score" data-testid="dup-score">{formatNumber(p.score, locale)}</span>
                    </Table.Td>
                    <Table.Td w={110} ta="right">
                      <Button size="compact-xs" variant="light" data-testid="dup-review-open" onClick={() => setReview(p)}>
                        {t('screens.duplicates.review')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </section>

        <section className="panel" data-testid="merge-list">
          <div className="panel-title"><h3>{t('screens.duplicates.recent')}</h3></div>
          {merges.error && !merges.data ? <Text c="red" size="sm">{translateError(t, merges.error)}</Text>
            : !merges.data ? <Loader size="xs" />
              : merges.data.length === 0 ? <Text size="sm" c="dimmed" py="xs">{t('screens.duplicates.no_merges')}</Text>
                : (
                  <Table verticalSpacing={3} fz="sm">
                    <Table.Tbody>
                      {merges.data.map((m) => <MergeRow key={m.id} m={m} undoing={undoing === m.id} onUndo={() => void undo(m.id)} onOpen={openRecord} />)}
                    </Table.Tbody>
                  </Table>
                )}
        </section>
      </div>

      <DuplicateReview
        pair={review}
        onClose={() => setReview(null)}
        onMerged={(r) => {
          setReview(null);
          set({ lastMerge: { mergeId: r.mergeId, survivorName: r.survivorName, mergedName: r.mergedName, undone: false } });
          dropPairs((p) => p.a.id !== r.mergedId && p.b.id !== r.mergedId);
          merges.reload();
        }}
        onDismissed={() => {
          const done = review;
          setReview(null);
          if (done) dropPairs((p) => !(p.a.id === done.a.id && p.b.id === done.b.id));
        }}
      />
    </div>
  );
}

function PairSide({ side, entity, onOpen }: { side: DuplicatePair['a']; entity: Entity; onOpen(e: Entity, id: string): void }) {
  const { t } = useTranslation();
  const detail = [side.detail, side.ico ? `${companyIdName(side.country, 'ico', side.ico)} ${side.ico}` : ''].filter(Boolean).join(' · ');
  return (
    <div style={{ minWidth: 0 }}>
      {entity === 'firm'
        ? <Anchor component="button" type="button" size="sm" fw={600} onClick={() => onOpen(entity, side.id)}>{side.name}</Anchor>
        : <Text size="sm" fw={600}>{side.name}</Text>}
      {side.isLead && <Badge ml={6} color="orange" variant="light" size="xs" data-testid="dup-lead">{t('screens.leads.badge')}</Badge>}
      {detail && <Text size="xs" c="dimmed" truncate>{detail}</Text>}
    </div>
  );
}

function MergeRow({ m, undoing, onUndo, onOpen }: { m: MergeRecord; undoing: boolean; onUndo(): void; onOpen(e: Entity, id: string): void }) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  return (
    <Table.Tr data-testid="merge-row" data-undone={m.undoneAt ? true : undefined}>
      <Table.Td className="nowrap dim" w={150}>{formatDateTime(m.at, locale)}</Table.Td>
      <Table.Td w={80}><Badge variant="outline" color="gray">{t(`screens.duplicates.entity_${m.entity}`)}</Badge></Table.Td>
      <Table.Td>
        <span className={m.undoneAt ? 'dim' : undefined}>{m.mergedName}</span>
        <span className="dim"> → </span>
        {m.entity === 'firm' && !m.undoneAt
          ? <Anchor component="button" type="button" size="sm" onClick={() => onOpen('firm', m.survivorId)}>{m.survivorName}</Anchor>
          : <span>{m.survivorName}</span>}
      </Table.Td>
      <Table.Td className="dim">{m.userName}</Table.Td>
      <Table.Td w={170} ta="right">
        {m.undoneAt
          ? <Text size="xs" c="dimmed">{t('screens.duplicates.undone_at', { at: formatDateTime(m.undoneAt, locale) })}</Text>
          : <Button size="compact-xs" variant="default" data-testid="merge-undo" loading={undoing} onClick={onUndo}>↶ {t('screens.duplicates.undo')}</Button>}
      </Table.Td>
    </Table.Tr>
  );
}
