// The import wizard (issue 15): choose a file → confirm how it reads (encoding with the text
// decoded each way, delimiter, sheet) → map its columns → see each cell checked → dry run →
// import with progress and Cancel → done, with Undo. The file goes to the core once (staged
// under its SHA-256); the later steps send its token with the options and the mapping.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Badge, Button, Checkbox, Group, Modal, NativeSelect, ScrollArea, SegmentedControl, Select, Stack, Stepper, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { AppErrorData } from '../../shared/errors.ts';
import { IMPORT_KINDS, IMPORT_TARGETS, type ImportKind, type ImportMapping, type ImportTarget } from '../../shared/import-targets.ts';
import { IMPORT_ENCODINGS, IMPORT_MODES, type ImportIssue, type ImportMode, type ImportPreviewRow, type ImportReadOptions, type ImportReport, type ImportRunResult, type ImportStaged } from '../../shared/imports.ts';
import { MAX_IMPORT_BYTES } from '../../shared/limits.ts';
import { ApiError, errorData, send, sendFile } from '../api.ts';
import { useApp } from '../store.ts';
import { formatNumber } from '../ui/format.ts';
import { translateError } from '../ui/forms.ts';
import { JobProgress, useJob } from '../ui/jobs.tsx';
import { useRemote } from '../ui/useRemote.ts';
import { formatBytes } from '../ui/card-format.ts';
import './import.css';

const STEPS = ['file', 'reading', 'mapping', 'check', 'dryrun', 'run'] as const;
const DELIMITERS = [';', ',', '\t', '|'];

/** "line 4, column IČO: …" — the same words in the dry run and the import's report. */
export function issueText(t: TFunction, i: ImportIssue, headers: readonly string[]): string {
  const message = t(i.messageKey, { ...i.params, defaultValue: t('errors.invalid') });
  return i.column === null
    ? t('import.issue_line', { line: i.line, message })
    : t('import.issue', { line: i.line, column: headers[i.column] || String(i.column + 1), message });
}

function targetGroups(t: TFunction, fields: { id: string; label: string; entity: string }[]) {
  const group = (prefix: string) => IMPORT_TARGETS.filter((x) => x.startsWith(prefix)).map((x) => ({ value: x, label: t(`import.targets.${x}`) }));
  return [
    { group: t('import.groups.firm'), items: group('firm.') },
    { group: t('import.groups.address'), items: group('address.') },
    { group: t('import.groups.person'), items: group('person.') },
    { group: t('import.groups.contact'), items: group('contact.') },
    { group: t('import.groups.segments'), items: [{ value: 'segment', label: t('import.targets.segment') }, { value: 'tags', label: t('import.targets.tags') }] },
    ...(fields.length ? [{ group: t('import.groups.fields'), items: fields.map((f) => ({ value: `field:${f.id}`, label: f.label })) }] : []),
  ];
}

export function ImportWizard({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const n = (v: number) => formatNumber(v, locale);
  const input = useRef<HTMLInputElement>(null);
  const [step, setStep] = useState(0);
  const [kind, setKind] = useState<ImportKind>('firms');
  const [file, setFile] = useState<File | null>(null);
  const [staged, setStaged] = useState<ImportStaged | null>(null);
  const [options, setOptions] = useState<ImportReadOptions>({});
  const [mapping, setMapping] = useState<ImportMapping>({});
  const [preview, setPreview] = useState<ImportPreviewRow[] | null>(null);
  const [mode, setMode] = useState<ImportMode>('both');
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [result, setResult] = useState<ImportRunResult | null>(null);
  const [undone, setUndone] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  const job = useJob();
  const fields = useRemote('fields.list', {}, ['field_defs']);

  useEffect(() => {
    if (opened) return;
    setStep(0); setFile(null); setStaged(null); setOptions({}); setMapping({}); setPreview(null);
    setReport(null); setResult(null); setUndone(false); setError(null); setSkipInvalid(false);
  }, [opened]);

  const spec = () => ({ token: staged!.token, fileName: staged!.fileName, kind, mapping, options });
  const attempt = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try { await work(); } catch (e) { setError(errorData(e)); } finally { setBusy(false); }
  };

  const stage = (f: File, opts: ImportReadOptions, k = kind) => attempt(async () => {
    // Refused before a byte goes: the transports would refuse it anyway.
    if (f.size > MAX_IMPORT_BYTES) throw new ApiError({ code: 'validation', messageKey: 'errors.file_too_big', params: { max: formatBytes(MAX_IMPORT_BYTES, locale) } });
    const s = await sendFile('imports.stage', { fileName: f.name, kind: k, options: opts }, f);
    setStaged(s);
    setOptions(s.options);
    setMapping(s.mapping);
    setStep((x) => Math.max(x, 1));
  });

  const toPreview = () => attempt(async () => {
    const p = await send('imports.preview', { ...spec(), limit: 50 });
    setPreview(p.rows);
    setStep(3);
  });
  const toDryRun = () => attempt(async () => {
    setReport(await job.run((id) => send('imports.dryRun', { ...spec(), mode, job: id })));
    setStep(4);
  });
  const runImport = () => attempt(async () => {
    setStep(5);
    try {
      setResult(await job.run((id) => send('imports.run', { ...spec(), mode, skipInvalid, job: id })));
    } catch (e) { setStep(4); throw e; }
  });
  const undo = () => attempt(async () => {
    await send('imports.undo', { id: result!.importId });
    setUndone(true);
  });

  const headers = staged?.headers ?? [];
  const groups = useMemo(() => targetGroups(t, fields.data ?? []), [t, fields.data]);
  const mappedCount = Object.values(mapping).filter(Boolean).length;
  const invalidCells = preview?.reduce((s, r) => s + r.cells.filter((c) => c.issue).length + r.issues.length, 0) ?? 0;

  return (
    <Modal opened={opened} onClose={() => { if (!job.running) onClose(); }} size="90rem" title={t('import.title')} data-testid="import-wizard">
      <Stepper active={step} onStepClick={(s) => { if (s < step && !job.running && !result) setStep(s); }} size="xs" mb="md">
        {STEPS.map((s) => <Stepper.Step key={s} label={t(`import.steps.${s}`)} />)}
      </Stepper>
      {error && <Alert color="red" mb="sm" data-testid="import-error">{translateError(t, error)}</Alert>}

      {step === 0 && (
        <Stack>
          <SegmentedControl data-testid="import-kind" value={kind} onChange={(v) => setKind(v as ImportKind)}
            data={IMPORT_KINDS.map((k) => ({ value: k, label: t(`import.kinds.${k}`) }))} />
          <Text size="sm" c="dimmed">{t(`import.kind_help.${kind}`)}</Text>
          <input ref={input} type="file" hidden data-testid="import-file" accept=".csv,.txt,.xlsx,.vcf,.vcard"
            onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) { setFile(f); void stage(f, {}); } }} />
          <Group><Button loading={busy} onClick={() => input.current?.click()} data-testid="import-choose">{t('import.choose')}</Button>
            <Text size="sm" c="dimmed">{t('import.formats')}</Text></Group>
        </Stack>
      )}

      {step === 1 && staged && (
        <Stack>
          <Group align="end">
            <Text size="sm" data-testid="import-read-summary">{t('import.read_summary', { file: staged.fileName, rows: n(staged.totalRows), columns: n(headers.length) })}</Text>
            {staged.flavor !== 'generic' && <Badge variant="light">{t(`import.flavors.${staged.flavor}`)}</Badge>}
            {staged.remembered && <Badge variant="light" color="teal" data-testid="import-remembered">{t('import.remembered')}</Badge>}
          </Group>
          <Group align="end">
            {staged.encoding && (
              <Select label={t('import.encoding')} data-testid="import-encoding" w={260} allowDeselect={false}
                value={options.encoding ?? staged.encoding.name}
                data={IMPORT_ENCODINGS.map((e) => {
                  const c = staged.encoding!.candidates.find((x) => x.name === e);
                  return { value: e, label: c ? `${e} — ${Math.round(c.confidence)} %` : e };
                })}
                onChange={(v) => { if (v && file) void stage(file, { ...options, encoding: v as never }); }} />
            )}
            {staged.delimiter !== null && (
              <NativeSelect label={t('import.delimiter')} data-testid="import-delimiter" w={180} value={options.delimiter ?? staged.delimiter}
                data={DELIMITERS.map((d) => ({ value: d, label: t(`import.delimiters.${d === '\t' ? 'tab' : d === ';' ? 'semicolon' : d === ',' ? 'comma' : 'pipe'}`) }))}
                onChange={(e) => { if (file) void stage(file, { ...options, delimiter: e.currentTarget.value }); }} />
            )}
            {staged.sheets.length > 1 && (
              <NativeSelect label={t('import.sheet')} data-testid="import-sheet" w={200} value={options.sheet ?? staged.sheets[0]} data={staged.sheets}
                onChange={(e) => { if (file) void stage(file, { ...options, sheet: e.currentTarget.value }); }} />
            )}
          </Group>
          {staged.decodings.length > 1 && (
            <div className="import-decodings">
              <Text size="sm" fw={500}>{t('import.decodings')}</Text>
              {staged.decodings.map((d) => (
                <button type="button" key={d.name} className={`import-decoding${(options.encoding ?? staged.encoding?.name) === d.name ? ' chosen' : ''}`}
                  data-testid="import-decoding" data-encoding={d.name}
                  onClick={() => { if (file && d.name !== (options.encoding ?? staged.encoding?.name)) void stage(file, { ...options, encoding: d.name as never }); }}>
                  <b>{d.name}</b><pre>{d.text}</pre>
                </button>
              ))}
            </div>
          )}
          {staged.warnings.length > 0 && <Alert color="yellow">{staged.warnings.slice(0, 5).map((w, i) => <div key={i}>{t('import.issue_line', { line: w.line, message: t(w.messageKey, w.params) })}</div>)}</Alert>}
          <SampleTable headers={headers} rows={staged.rows.slice(0, 8)} />
          <Group justify="flex-end"><Button onClick={() => setStep(2)} data-testid="import-reading-ok">{t('import.reads_well')}</Button></Group>
        </Stack>
      )}

      {step === 2 && staged && (
        <Stack>
          <Text size="sm" c="dimmed">{t('import.mapping_help')}</Text>
          <ScrollArea.Autosize mah="55vh" type="auto">
            <Table verticalSpacing={4} fz="sm" data-testid="import-mapping">
              <Table.Thead><Table.Tr><Table.Th>{t('import.column')}</Table.Th><Table.Th>{t('import.samples')}</Table.Th><Table.Th w={300}>{t('import.target')}</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {headers.map((h, i) => (
                  <Table.Tr key={i} data-testid="import-mapping-row" data-column={h}>
                    <Table.Td fw={500}>{h || t('import.unnamed', { index: i + 1 })}</Table.Td>
                    <Table.Td className="import-samples">{staged.rows.slice(0, 3).map((r) => r.cells[i] ?? '').filter(Boolean).join(' · ')}</Table.Td>
                    <Table.Td>
                      <Select size="xs" searchable clearable placeholder={t('import.skip_column')} data={groups} value={mapping[i] ?? null}
                        aria-label={t('import.target_of', { column: h })} data-testid="import-target"
                        onChange={(v) => setMapping((m) => ({ ...m, [i]: (v as ImportTarget | null) ?? null }))} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
          <Group justify="flex-end">
            <Text size="sm" c="dimmed">{t('import.mapped', { count: mappedCount })}</Text>
            <Button loading={busy} disabled={mappedCount === 0} onClick={toPreview} data-testid="import-mapping-ok">{t('import.check_cells')}</Button>
          </Group>
        </Stack>
      )}

      {step === 3 && preview && (
        <Stack>
          <Text size="sm" data-testid="import-check-summary">{invalidCells === 0 ? t('import.cells_ok', { count: preview.length }) : t('import.cells_bad', { count: invalidCells })}</Text>
          <ScrollArea.Autosize mah="55vh" type="auto">
            <Table verticalSpacing={2} fz="xs" stickyHeader data-testid="import-preview">
              <Table.Thead><Table.Tr><Table.Th>{t('import.line')}</Table.Th>{headers.map((h, i) => <Table.Th key={i} className={mapping[i] ? '' : 'dim'}>{h}</Table.Th>)}</Table.Tr></Table.Thead>
              <Table.Tbody>
                {preview.map((r) => (
                  <Table.Tr key={r.line} className={r.issues.length ? 'import-row-bad' : ''} title={r.issues.map((i) => issueText(t, i, headers)).join('\n') || undefined}>
                    <Table.Td>{r.line}</Table.Td>
                    {r.cells.slice(0, headers.length).map((c, i) => (
                      <Table.Td key={i} className={c.issue ? 'import-cell-bad' : mapping[i] ? '' : 'dim'} data-testid={c.issue ? 'import-cell-bad' : undefined}
                        title={c.issue ? translateError(t, { code: 'validation', messageKey: c.issue.messageKey, params: c.issue.params }) : undefined}>
                        {c.normalized}
                        {c.issue && <div className="import-cell-message">{t(c.issue.messageKey, { ...c.issue.params, defaultValue: t('errors.invalid') })}</div>}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
          <Group justify="flex-end" align="end">
            <NativeSelect label={t('import.mode')} data-testid="import-mode" value={mode} onChange={(e) => setMode(e.currentTarget.value as ImportMode)}
              data={IMPORT_MODES.map((m) => ({ value: m, label: t(`import.modes.${m}`) }))} />
            <Button loading={busy} onClick={toDryRun} data-testid="import-dryrun">{t('import.dry_run')}</Button>
          </Group>
          <JobProgress job={job} unit="rows" />
        </Stack>
      )}

      {step === 4 && report && (
        <Stack>
          <Counts t={t} n={n} report={report} />
          {report.issues.length > 0 && (
            <ScrollArea.Autosize mah="40vh" type="auto">
              <ul className="import-issues" data-testid="import-issues">
                {report.issues.map((i, k) => <li key={k}>{issueText(t, i, headers)}</li>)}
                {report.totalIssues > report.issues.length && <li>{t('import.more_issues', { count: report.totalIssues - report.issues.length })}</li>}
              </ul>
            </ScrollArea.Autosize>
          )}
          <Group justify="flex-end">
            {report.counts.invalid > 0 && <Checkbox label={t('import.skip_invalid', { count: report.counts.invalid })} checked={skipInvalid} onChange={(e) => setSkipInvalid(e.currentTarget.checked)} data-testid="import-skip-invalid" />}
            <Button loading={busy} disabled={report.counts.invalid > 0 && !skipInvalid} onClick={runImport} data-testid="import-run">{t('import.run', { mode: t(`import.modes.${mode}`) })}</Button>
          </Group>
        </Stack>
      )}

      {step === 5 && (
        <Stack>
          <JobProgress job={job} unit="rows" testid="import-progress" />
          {result && (
            <>
              <Alert color={undone ? 'gray' : 'teal'} data-testid="import-done">{undone ? t('import.undone') : t('import.done', { created: n(result.counts.created), updated: n(result.counts.updated) })}</Alert>
              <Counts t={t} n={n} report={result} />
              <Group justify="flex-end">
                {!undone && <Button variant="default" color="red" loading={busy} onClick={undo} data-testid="import-undo">{t('import.undo')}</Button>}
                <Button onClick={onClose} data-testid="import-close">{t('import.close')}</Button>
              </Group>
            </>
          )}
        </Stack>
      )}
    </Modal>
  );
}

function SampleTable({ headers, rows }: { headers: string[]; rows: { line: number; cells: string[] }[] }) {
  return (
    <ScrollArea type="auto">
      <Table verticalSpacing={2} fz="xs" withTableBorder data-testid="import-sample">
        <Table.Thead><Table.Tr>{headers.map((h, i) => <Table.Th key={i}>{h}</Table.Th>)}</Table.Tr></Table.Thead>
        <Table.Tbody>{rows.map((r) => <Table.Tr key={r.line}>{headers.map((_, i) => <Table.Td key={i}>{r.cells[i] ?? ''}</Table.Td>)}</Table.Tr>)}</Table.Tbody>
      </Table>
    </ScrollArea>
  );
}

function Counts({ t, n, report }: { t: TFunction; n: (v: number) => string; report: ImportReport }) {
  const c = report.counts;
  return (
    <Group gap="xs" data-testid="import-counts" data-created={c.created} data-updated={c.updated} data-invalid={c.invalid} data-duplicate={c.duplicate}>
      <Badge variant="light" color="teal">{t('import.counts.created', { count: c.created, n: n(c.created) })}</Badge>
      <Badge variant="light" color="blue">{t('import.counts.updated', { count: c.updated, n: n(c.updated) })}</Badge>
      <Badge variant="light" color="gray">{t('import.counts.unchanged', { count: c.unchanged, n: n(c.unchanged) })}</Badge>
      {c.skipped > 0 && <Badge variant="light" color="gray">{t('import.counts.skipped', { count: c.skipped, n: n(c.skipped) })}</Badge>}
      <Badge variant="light" color="orange">{t('import.counts.duplicate', { count: c.duplicate, n: n(c.duplicate) })}</Badge>
      <Badge variant="light" color="red">{t('import.counts.invalid', { count: c.invalid, n: n(c.invalid) })}</Badge>
    </Group>
  );
}
