// Import of invoice or order lines from accounting (CSV), all or nothing. Choosing a file shows
// at once what it would do (a dry run in the core: lines, would add, already imported, every
// problem with its line and column); only a file without problems can be imported. Importing
// the same file again adds nothing: lines are recognised by their document number.
import { useRef, useState } from 'react';
import { Alert, Button, Group, Loader, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { AppErrorData } from '../../shared/errors.ts';
import type { ImportProblem, SalesImportResult } from '../../shared/types.ts';
import { errorData, sendFile } from '../api.ts';
import { useApp } from '../store.ts';
import { formatBytes } from '../ui/card-format.ts';
import { formatNumber } from '../ui/format.ts';
import { translateError } from '../ui/forms.ts';
import { MAX_SALES_CSV_BYTES } from '../../shared/limits.ts';
import { decodeCsv, type CsvEncoding } from '../../shared/csv-text.ts';
import './sales.css';

/** The file itself goes to the core (uploaded as bytes, decoded there the same way); the
 * encoding is found here too, to show it. */
interface Chosen { name: string; file: File; encoding: CsvEncoding }

const MAX_IMPORT_BYTES = MAX_SALES_CSV_BYTES;

/** "line 4, column amount: Enter an amount …" */
export function problemText(t: TFunction, p: ImportProblem): string {
  const column = p.field ? t(`sales_ui.import.columns.${p.field}`, { defaultValue: p.field }) : '';
  const message = t(p.messageKey, { ...p.params, defaultValue: t('errors.invalid') });
  return column
    ? t('sales_ui.import.problem', { line: p.line, column, message })
    : t('sales_ui.import.problem_line', { line: p.line, message });
}

export function SalesImport() {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const input = useRef<HTMLInputElement>(null);
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [preview, setPreview] = useState<SalesImportResult | null>(null);
  const [result, setResult] = useState<SalesImportResult | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState<'reading' | 'importing' | null>(null);
  const n = (v: number) => formatNumber(v, locale);

  const choose = async (file: File | undefined) => {
    setPreview(null);
    setResult(null);
    setError(null);
    setChosen(null);
    if (!file) return;
    // The transports take at most MAX_SALES_CSV_BYTES; a bigger export is refused before reading it.
    if (file.size > MAX_IMPORT_BYTES) {
      setError({ code: 'validation', messageKey: 'sales_ui.import.too_big', params: { max: formatBytes(MAX_IMPORT_BYTES, locale) } });
      return;
    }
    setBusy('reading');
    try {
      const { encoding } = decodeCsv(await file.arrayBuffer());
      setChosen({ name: file.name, file, encoding });
      setPreview(await sendFile('sales.import', { fileName: file.name, dryRun: true }, file));
    } catch (e) {
      setError(errorData(e));
    } finally {
      setBusy(null);
    }
  };

  const run = async () => {
    if (!chosen) return;
    setBusy('importing');
    setError(null);
    try {
      const res = await sendFile('sales.import', { fileName: chosen.name, dryRun: false }, chosen.file);
      if (res.errors.length > 0) setPreview(res);
      else { setResult(res); setPreview(null); }
    } catch (e) {
      setError(errorData(e));
    } finally {
      setBusy(null);
      // The same file may be chosen again (to see that a second import adds nothing).
      if (input.current) input.current.value = '';
    }
  };

  const problems = preview?.errors ?? [];
  const canRun = !!preview && problems.length === 0 && preview.lines > 0 && busy === null;

  return (
    <div className="page">
      <div className="toolbar">
        <Title order={2} mr="md">{t('sales_ui.import.title')}</Title>
      </div>
      <div className="page-scroll">
        <div className="sales-import">
          <section className="panel" data-testid="sales-import-help">
            <Text size="sm">{t('sales_ui.import.help')}</Text>
            <ol className="sales-import-columns">
              {(['date', 'firm', 'amount', 'currency', 'product', 'documentNo'] as const).map((c) => (
                <li key={c}><b>{t(`sales_ui.import.columns.${c}`)}</b> — {t(`sales_ui.import.column_help.${c}`)}</li>
              ))}
            </ol>
            <Text size="xs" c="dimmed" mt={6}>{t('sales_ui.import.help_more')}</Text>
          </section>

          <section className="panel">
            <Group gap="sm" align="center">
              <Button component="label" variant="light" loading={busy === 'reading'}>
                {t('sales_ui.import.choose')}
                <input ref={input} type="file" accept=".csv,text/csv" hidden data-testid="sales-import-file"
                  onChange={(e) => void choose(e.currentTarget.files?.[0])} />
              </Button>
              {chosen && (
                <Text size="sm" data-testid="sales-import-file-name">
                  {chosen.name} <span className="dim">· {t(`sales_ui.import.encoding.${chosen.encoding === 'utf-8' ? 'utf8' : 'cp1250'}`)}</span>
                </Text>
              )}
            </Group>

            {error && <Alert color="red" mt="sm" data-testid="sales-import-error">{translateError(t, error)}</Alert>}
            {busy === 'reading' && <Loader size="xs" mt="sm" />}

            {preview && (
              <div data-testid="sales-import-preview" data-lines={preview.lines} data-added={preview.added} data-skipped={preview.skipped}>
                <div className="sales-import-figures">
                  <div><b data-testid="sales-import-lines">{n(preview.lines)}</b><Text span size="xs" c="dimmed">{t('sales_ui.import.lines')}</Text></div>
                  <div><b data-testid="sales-import-would-add">{n(preview.added)}</b><Text span size="xs" c="dimmed">{t('sales_ui.import.would_add')}</Text></div>
                  <div><b data-testid="sales-import-would-skip">{n(preview.skipped)}</b><Text span size="xs" c="dimmed">{t('sales_ui.import.would_skip')}</Text></div>
                </div>
                {problems.length > 0 ? (
                  <Alert color="red" title={t('sales_ui.import.problems', { n: n(problems.length) })} data-testid="sales-import-problems">
                    <Text size="xs" mb={4}>{t('sales_ui.import.nothing_imported')}</Text>
                    <ul className="sales-import-problems">
                      {problems.map((p, i) => (
                        <li key={i} data-testid="sales-import-problem" data-line={p.line} data-field={p.field}>{problemText(t, p)}</li>
                      ))}
                    </ul>
                  </Alert>
                ) : preview.lines === 0 ? (
                  <Text size="sm" c="dimmed" data-testid="sales-import-empty">{t('sales_ui.import.empty')}</Text>
                ) : preview.added === 0 ? (
                  <Text size="sm" c="dimmed">{t('sales_ui.import.all_known')}</Text>
                ) : null}
                <Group mt="sm">
                  <Button data-testid="sales-import-run" disabled={!canRun} loading={busy === 'importing'} onClick={() => void run()}>
                    {t('sales_ui.import.run')}
                  </Button>
                </Group>
              </div>
            )}

            {result && (
              <Alert color="teal" mt="sm" data-testid="sales-import-result" data-added={result.added} data-skipped={result.skipped}>
                {t('sales_ui.import.done', { added: n(result.added), skipped: n(result.skipped), lines: n(result.lines) })}
              </Alert>
            )}
          </section>
        </div>
      </div>
    </div>
  );
}
