// Mailing: pick who gets a letter or a newsletter (firms or their people, by segment, user
// fields, activity…), see how many at once and who is left out for lack of consent, choose the
// columns and a format Excel and Word open right, save it by name and export it.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  Alert, Button, Center, Checkbox, Group, Loader, Modal, NativeSelect, SegmentedControl, Table, Text, TextInput, Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Table as TableName } from '../../shared/contract.ts';
import type { AppErrorData } from '../../shared/errors.ts';
import type { Dedupe, ExportColumn, ExportFormat, Recipients, SavedSelection, SelectionCount, SelectionPreview } from '../../shared/types.ts';
import { DEDUPE, EXPORT_FORMATS } from '../../shared/types.ts';
import { errorData, send } from '../api.ts';
import { useApp, useCodes } from '../store.ts';
import { fold, segmentGroups } from '../segments/common.tsx';
import { translateError, useFieldErrors } from '../ui/forms.ts';
import { toast } from '../ui/toast.tsx';
import { useRemote } from '../ui/useRemote.ts';
import { JobProgress, useJob } from '../ui/jobs.tsx';
import { useDebounced } from '../ui/useDebounced.ts';
import { formatNumber } from '../ui/format.ts';
import { defaultCurrency } from '../sales/view.ts';
import { ConditionTree, type BuilderOps, type BuilderRefs } from './Builder.tsx';
import { ColumnsPicker } from './ColumnsPicker.tsx';
import { countParts, excludedText, rowsText } from './count.ts';
import { base64ToBytes, downloadBytes } from './download.ts';
import { sortTopics } from './subscriptions.ts';
import { addNode, compileWhere, draftFromWhere, emptyGroup, removeNode, setOp, updateCondition, type GroupNode } from './tree.ts';
import { defaultColumns, idsExcelSpoils, isExportColumn, pruneColumns } from './columns.ts';
import './mailing.css';

const COUNT_DEBOUNCE_MS = 250;
const PREVIEW_ROWS = 20;
/** Everything a selection's result depends on. */
const SELECTION_TABLES: readonly TableName[] = [
  'firms', 'people', 'addresses', 'channels', 'segments', 'segment_members', 'field_values', 'field_defs', 'contacts',
  'opportunities', 'sales', 'topics', 'subscriptions', 'users', 'codes',
];

interface Draft {
  recipients: Recipients;
  root: GroupNode;
  topicId: string | null;
  dedupe: Dedupe;
  columns: ExportColumn[];
  format: ExportFormat;
  mergeNames: boolean;
  savedId: string | null;
  name: string;
}

const newDraft = (): Draft => ({
  recipients: 'people', root: emptyGroup('and'), topicId: null, dedupe: 'none',
  columns: defaultColumns('people'), format: 'excel-cz', mergeNames: false, savedId: null, name: '',
});

/** The draft survives a visit to another screen. */
let kept: Draft | null = null;


/** The last value a remote gave (kept while the next one loads, so numbers do not flicker). */
function useLast<T>(v: T | undefined): T | undefined {
  const ref = useRef<T | undefined>(v);
  if (v !== undefined) ref.current = v;
  return ref.current;
}

export function Mailing() {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const users = useApp((s) => s.users);
  const contactKinds = useCodes('contact_kind');
  const [draft, setDraftState] = useState<Draft>(() => kept ?? newDraft());
  const setDraft = useCallback((fn: (d: Draft) => Draft) => setDraftState((d) => { const next = fn(d); kept = next; return next; }), []);
  const patch = useCallback((p: Partial<Draft>) => setDraft((d) => ({ ...d, ...p })), [setDraft]);

  const segments = useRemote('segments.list', {}, ['segments', 'segment_members']);
  const topics = useRemote('topics.list', {}, ['topics', 'subscriptions']);
  const fields = useRemote('fields.list', {}, ['field_defs', 'field_options']);
  const cities = useRemote('firms.cities', { locale }, ['addresses', 'firms']);
  const saved = useRemote('selections.list', {}, ['selections']);

  const topicList = useMemo(() => sortTopics(topics.data ?? [], locale), [topics.data, locale]);
  const firmFields = useMemo(() => (fields.data ?? []).filter((f) => f.entity === 'firm'), [fields.data]);
  const refs: BuilderRefs = useMemo(() => ({
    segmentData: segmentGroups(t, segments.data ?? []),
    users, topics: topicList, fields: firmFields, contactKinds, cities: cities.data ?? [], locale,
    currency: defaultCurrency([], locale),
  }), [t, segments.data, users, topicList, firmFields, contactKinds, cities.data, locale]);

  // Columns naming a user field deleted since are dropped (the core would refuse them).
  useEffect(() => {
    if (!fields.data) return;
    const ids = new Set(fields.data.map((f) => f.id));
    if (draft.columns.some((c) => c.startsWith('field:') && !ids.has(c.slice(6)))) patch({ columns: pruneColumns(draft.columns, ids) });
  }, [fields.data, draft.columns, patch]);
  // A consent topic deleted since: back to no consent check.
  useEffect(() => {
    if (topics.data && draft.topicId && !topics.data.some((x) => x.id === draft.topicId)) patch({ topicId: null });
  }, [topics.data, draft.topicId, patch]);

  const compiled = useMemo(() => compileWhere(draft.root, locale), [draft.root, locale]);
  const spec = useMemo(() => ({ recipients: draft.recipients, where: compiled.where, topicId: draft.topicId, dedupe: draft.dedupe }),
    [draft.recipients, compiled.where, draft.topicId, draft.dedupe]);
  const options = useMemo(() => ({ columns: draft.columns, format: draft.format, mergeNames: draft.mergeNames, locale }),
    [draft.columns, draft.format, draft.mergeNames, locale]);
  const specKey = useDebounced(JSON.stringify(spec), COUNT_DEBOUNCE_MS);
  const previewKey = useDebounced(JSON.stringify({ ...spec, ...options }), COUNT_DEBOUNCE_MS);
  const countInput = useMemo(() => JSON.parse(specKey) as typeof spec, [specKey]);
  const previewInput = useMemo(() => {
    const p = JSON.parse(previewKey) as typeof spec & typeof options;
    return p.columns.length ? { ...p, limit: PREVIEW_ROWS } : null;
  }, [previewKey]);
  const count = useRemote('selections.count', countInput, SELECTION_TABLES);
  const preview = useRemote('selections.preview', previewInput, SELECTION_TABLES);
  const shownCount = useLast(count.data);
  const shownPreview = useLast(preview.data);
  const counting = count.loading || specKey !== JSON.stringify(spec);

  const ops: BuilderOps = useMemo(() => ({
    add: (groupKey, node) => setDraft((d) => ({ ...d, root: addNode(d.root, groupKey, node) })),
    remove: (key) => setDraft((d) => ({ ...d, root: removeNode(d.root, key) })),
    setOp: (groupKey, op) => setDraft((d) => ({ ...d, root: setOp(d.root, groupKey, op) })),
    update: (key, c) => setDraft((d) => ({ ...d, root: updateCondition(d.root, key, c) })),
  }), [setDraft]);

  // ---- saved selections ----------------------------------------------------------------------
  const errs = useFieldErrors(t);
  const [busy, setBusy] = useState<'save' | 'load' | 'delete' | 'export' | null>(null);
  // A big export takes seconds: its rows counted, and Cancel.
  const exportJob = useJob();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [unencodable, setUnencodable] = useState<AppErrorData | null>(null);
  const savedList = useMemo(() => sortTopics(saved.data ?? [], locale), [saved.data, locale]);
  const current = savedList.find((s) => s.id === draft.savedId);

  const load = async (id: string) => {
    errs.reset();
    setUnencodable(null);
    if (!id) { patch({ savedId: null, name: '' }); return; }
    setBusy('load');
    try {
      const s = await send('selections.get', { id });
      setDraft(() => draftFromSaved(s, locale));
    } catch (e) {
      errs.fail(e, () => false);
    } finally {
      setBusy(null);
    }
  };

  const selectionInput = () => ({ ...spec, ...options });

  const save = async () => {
    const name = draft.name.trim();
    // The same name again (ignoring case and diacritics, as the core does) overwrites that
    // selection; a new name makes a new one.
    const same = savedList.find((s) => fold(s.name.trim()) === fold(name));
    const input = { ...selectionInput(), id: same?.id ?? null, name };
    const known = (p: string) => p === 'name' || p === 'columns' || p.startsWith('columns.');
    if (!errs.check('selections.save', input, known)) return;
    setBusy('save');
    try {
      const { id } = await send('selections.save', input);
      patch({ savedId: id, name });
      saved.reload();
      toast(t('mailing.saved.done', { name }));
    } catch (e) {
      errs.fail(e, known);
    } finally {
      setBusy(null);
    }
  };

  const remove = async () => {
    if (!draft.savedId) return;
    setBusy('delete');
    try {
      await send('selections.delete', { id: draft.savedId });
      setConfirmDelete(false);
      patch({ savedId: null });
      saved.reload();
    } catch (e) {
      setConfirmDelete(false);
      errs.fail(e, () => false);
    } finally {
      setBusy(null);
    }
  };

  const runExport = async (format: ExportFormat = draft.format) => {
    errs.reset();
    setUnencodable(null);
    const input = { ...selectionInput(), format, selectionId: current ? current.id : null, name: current ? current.name : draft.name.trim(),
      untitled: t(draft.recipients === 'people' ? 'mailing.export.untitled_people' : 'mailing.export.untitled_firms') };
    const known = (p: string) => p === 'columns' || p.startsWith('columns.');
    if (!errs.check('exports.run', input, known)) return;
    setBusy('export');
    try {
      const res = await exportJob.run((job) => send('exports.run', { ...input, job }));
      downloadBytes(res.fileName, res.mime, base64ToBytes(res.contentBase64));
      toast(t('mailing.export.done', { file: res.fileName, rows: rowsText(t, locale, res.rows) }));
    } catch (e) {
      const data = errorData(e);
      if (data.code === 'cancelled') toast(t('jobs.cancelled'), 'blue');
      else if (data.messageKey === 'errors.unencodable' || data.messageKey === 'errors.unencodable_language') setUnencodable(data);
      else errs.fail(e, known);
    } finally {
      setBusy(null);
    }
  };

  const useUtf8 = () => {
    patch({ format: 'excel-utf8' });
    void runExport('excel-utf8');
  };

  // IČO and the like lose their leading zeros when Excel opens a CSV: the screen steers to XLSX.
  const spoiledIds = idsExcelSpoils(draft.format, draft.columns);
  const columnsError = errs.field('columns') ?? Object.entries(errs.errors).find(([k]) => k.startsWith('columns.'))?.[1]?.messageKey;

  return (
    <div className="page" data-testid="mailing">
      <div className="toolbar">
        <Title order={2} mr="md">{t('mailing.title')}</Title>
        <NativeSelect
          size="sm"
          data-testid="mailing-saved"
          aria-label={t('mailing.saved.label')}
          value={draft.savedId ?? ''}
          onChange={(e) => void load(e.currentTarget.value)}
          data={[{ value: '', label: t('mailing.saved.none') }, ...savedList.map((s) => ({ value: s.id, label: s.name }))]}
          style={{ flex: '0 1 240px', minWidth: 140 }}
          disabled={busy === 'load'}
        />
        <TextInput
          size="sm"
          data-testid="mailing-save-name"
          aria-label={t('mailing.saved.name')}
          placeholder={t('mailing.saved.name')}
          value={draft.name}
          error={errs.field('name')}
          onChange={(e) => { errs.clear('name'); patch({ name: e.currentTarget.value }); }}
          onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); void save(); } }}
          style={{ flex: '0 1 220px', minWidth: 120 }}
          maxLength={120}
        />
        <Button size="sm" variant="default" data-testid="mailing-save" loading={busy === 'save'} onClick={() => void save()}>
          {current && current.name === draft.name.trim() ? t('mailing.saved.overwrite') : t('mailing.saved.save')}
        </Button>
        <Button size="sm" variant="subtle" color="red" data-testid="mailing-delete" disabled={!draft.savedId} onClick={() => setConfirmDelete(true)}>
          {t('common.delete')}
        </Button>
        <Button size="sm" variant="subtle" ml="auto" data-testid="mailing-new" onClick={() => { errs.reset(); setUnencodable(null); setDraft(() => newDraft()); }}>
          {t('mailing.saved.new')}
        </Button>
      </div>

      <div className="page-scroll">
        {errs.general && <Alert color="red" mb="sm" data-testid="mailing-error">{translateError(t, errs.general)}</Alert>}
        {unencodable && (
          <Alert color="orange" mb="sm" data-testid="mailing-error" data-key={unencodable.messageKey} title={t('mailing.export.unencodable_title')}>
            <Text size="sm">{unencodable.messageKey === 'errors.unencodable_language' ? translateError(t, unencodable) : t('mailing.export.unencodable', {
              format: t(`mailing.format.${draft.format}`), rows: String(unencodable.params?.rows ?? '?'),
              chars: String(unencodable.params?.chars ?? ''), names: String(unencodable.params?.names ?? ''),
            })}</Text>
            <Button size="xs" mt="xs" data-testid="mailing-use-utf8" onClick={useUtf8} loading={busy === 'export'}>
              {t('mailing.export.use_utf8')}
            </Button>
          </Alert>
        )}
        <div className="mailing-cols">
          <section className="panel" data-testid="mailing-who">
            <div className="panel-title"><h3>{t('mailing.where.title')}</h3></div>
            <Group gap="sm" mb="xs" wrap="wrap">
              <SegmentedControl
                size="xs"
                data-testid="mailing-recipients"
                value={draft.recipients}
                onChange={(v) => patch({ recipients: v === 'firms' ? 'firms' : 'people' })}
                data={[{ value: 'firms', label: t('mailing.recipients.firms') }, { value: 'people', label: t('mailing.recipients.people') }]}
                aria-label={t('mailing.recipients.label')}
              />
              <Text size="xs" c="dimmed">{t(`mailing.recipients.hint_${draft.recipients}`)}</Text>
            </Group>
            <ConditionTree root={draft.root} problems={compiled.problems} refs={refs} ops={ops} />
            <div className="mailing-filters">
              <NativeSelect
                size="xs"
                label={t('mailing.consent.label')}
                data-testid="mailing-topic"
                value={draft.topicId ?? ''}
                onChange={(e) => patch({ topicId: e.currentTarget.value || null })}
                data={[{ value: '', label: t('mailing.consent.anyone') },
                  ...topicList.map((x) => ({ value: x.id, label: t('mailing.consent.only', { topic: x.name }) }))]}
              />
              <NativeSelect
                size="xs"
                label={t('mailing.dedupe.label')}
                data-testid="mailing-dedupe"
                value={draft.dedupe}
                onChange={(e) => patch({ dedupe: (DEDUPE as readonly string[]).includes(e.currentTarget.value) ? e.currentTarget.value as Dedupe : 'none' })}
                data={DEDUPE.map((d) => ({ value: d, label: t(`mailing.dedupe.${d}`) }))}
              />
            </div>
          </section>

          <section className="panel" data-testid="mailing-output">
            <div className="panel-title"><h3>{t('mailing.columns.title')}</h3></div>
            <ColumnsPicker
              columns={draft.columns}
              recipients={draft.recipients}
              fields={fields.data ?? []}
              onChange={(columns) => { errs.clear('columns'); patch({ columns }); }}
              error={columnsError ? translateError(t, { code: 'validation', messageKey: columnsError }) : undefined}
            />
            <div className="mailing-format">
              <NativeSelect
                size="xs"
                label={t('mailing.format.label')}
                data-testid="mailing-format"
                value={draft.format}
                onChange={(e) => { setUnencodable(null); patch({ format: e.currentTarget.value as ExportFormat }); }}
                data={EXPORT_FORMATS.map((f) => ({ value: f, label: t(`mailing.format.${f}`) }))}
                description={t(`mailing.format_hint.${draft.format}`)}
              />
              {spoiledIds.length > 0 && (
                <Alert color="yellow" mt="xs" p="xs" data-testid="mailing-zeros-hint">
                  <Text size="xs">{t('mailing.export.excel_zeros', { columns: spoiledIds.map((c) => t(`mailing.col.${c}`)).join(', ') })}</Text>
                  <Button size="compact-xs" variant="light" mt={4} data-testid="mailing-use-xlsx"
                    onClick={() => { setUnencodable(null); patch({ format: 'xlsx' }); }}>{t('mailing.export.use_xlsx')}</Button>
                </Alert>
              )}
              <Checkbox
                size="xs"
                mt="xs"
                data-testid="mailing-merge-names"
                label={t('mailing.merge_names')}
                description={t('mailing.merge_names_hint')}
                checked={draft.mergeNames}
                onChange={(e) => patch({ mergeNames: e.currentTarget.checked })}
              />
            </div>
            <Button mt="sm" fullWidth data-testid="mailing-export" loading={busy === 'export'} onClick={() => void runExport()}
              disabled={draft.columns.length === 0}>
              ⇩ {t('mailing.export.button')}
            </Button>
            <JobProgress job={exportJob} unit="rows" testid="export-progress" />
          </section>
        </div>

        <section className="panel mailing-preview-panel">
          <div className="panel-title">
            <h3>{t('mailing.preview.title')}</h3>
            <CountLine count={shownCount} loading={counting} error={count.error} />
          </div>
          {preview.error && !preview.loading ? <Text size="sm" c="red" data-testid="mailing-preview-error">{translateError(t, preview.error)}</Text>
            : draft.columns.length === 0 ? <Text size="sm" c="dimmed">{t('mailing.preview.no_columns')}</Text>
              : !shownPreview ? <Center p="sm"><Loader size="xs" /></Center>
                : <PreviewTable preview={shownPreview} loading={preview.loading} />}
        </section>
      </div>

      <Modal opened={confirmDelete} onClose={() => setConfirmDelete(false)} title={t('mailing.saved.delete_title')} size="sm">
        <Text size="sm">{t('mailing.saved.delete_confirm', { name: current?.name ?? '' })}</Text>
        <Group justify="flex-end" mt="md" gap="xs">
          <Button variant="default" onClick={() => setConfirmDelete(false)} data-autofocus>{t('common.cancel')}</Button>
          <Button color="red" loading={busy === 'delete'} data-testid="mailing-delete-confirm" onClick={() => void remove()}>{t('common.delete')}</Button>
        </Group>
      </Modal>
    </div>
  );
}

function draftFromSaved(s: SavedSelection, locale: string): Draft {
  return {
    recipients: s.recipients === 'firms' ? 'firms' : 'people',
    root: draftFromWhere(s.where, locale),
    topicId: s.topicId,
    dedupe: s.dedupe,
    columns: s.columns.filter(isExportColumn),
    format: s.format,
    mergeNames: s.mergeNames,
    savedId: s.id,
    name: s.name,
  };
}

/** "312 rows, 14 excluded: no consent" */
function CountLine({ count, loading, error }: { count: SelectionCount | undefined; loading: boolean; error: AppErrorData | null }) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  if (error && !loading) return <Text size="sm" c="red" data-testid="mailing-count-error">{translateError(t, error)}</Text>;
  if (!count) return <Loader size="xs" />;
  const p = countParts(count);
  const ex = excludedText(t, locale, p);
  return (
    <div className="mailing-count" data-testid="mailing-count" data-rows={p.rows} data-excluded={p.excluded} data-loading={loading}
      aria-live="polite" aria-busy={loading}>
      <span className="mailing-rows">{rowsText(t, locale, p.rows)}</span>
      {ex && <>{t('mailing.count.sep')}<span data-testid="mailing-excluded" className="mailing-excluded"
        title={p.reasons.map((r) => `${t(`mailing.count.reason.${r.reason}`)}: ${formatNumber(r.n, locale)}`).join('\n')}>{ex}</span></>}
    </div>
  );
}

function PreviewTable({ preview, loading }: { preview: SelectionPreview; loading: boolean }) {
  const { t } = useTranslation();
  if (preview.sample.length === 0) return <Text size="sm" c="dimmed" data-testid="mailing-preview-empty">{t('mailing.preview.none')}</Text>;
  return (
    <div className="mailing-preview-wrap" data-loading={loading}>
      <Table data-testid="mailing-preview" verticalSpacing={2} fz="xs" withTableBorder striped stickyHeader>
        <Table.Thead>
          <Table.Tr>{preview.columns.map((c) => <Table.Th key={c.key} className="nowrap">{c.header}</Table.Th>)}</Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {preview.sample.map((row, i) => (
            <Table.Tr key={i} data-testid="mailing-preview-row">
              {row.map((cell, j) => <Table.Td key={j} className="mailing-cell">{cell}</Table.Td>)}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed" mt={4}>{t('mailing.preview.first', { count: preview.sample.length, n: preview.sample.length })}</Text>
    </div>
  );
}

