// A rendered document (PrintDoc) on screen: its own HTML in a sandboxed frame (no scripts; same
// origin and modals only so we may call its print()), the count, who was skipped and why, and
// Print / Save as PDF. The desktop app prints from a hidden window through the bridge; the browser
// host uses the frame's own print dialog (which has "Save as PDF" as a printer). Letters some
// recipients would get in a language not theirs (PrintDoc.mismatched) are named first, and
// printing waits until the user chooses to go on.
import { useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { Alert, Button, Center, Group, Loader, NativeSelect, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PrintDoc } from '../../shared/types.ts';
import type { AppErrorData, Envelope } from '../../shared/errors.ts';
import { translateError } from '../ui/forms.ts';
import { toast } from '../ui/toast.tsx';
import { pdfName, screenView } from './print.ts';
import { JobProgress, type Job } from '../ui/jobs.tsx';
import './printing.css';

const ZOOMS = ['0.5', '0.75', '1', '1.25'] as const;

/** The desktop bridge's answer: an envelope, or anything else (treated as done). */
function failed(res: unknown): AppErrorData | null {
  const env = res as Envelope<unknown> | undefined;
  return env && typeof env === 'object' && 'ok' in env && env.ok === false ? env.error : null;
}

export function PrintPreview({ doc, loading, error, height = '70vh', testid = 'print-preview', emptyText, zoom: initialZoom = '1', unit, job }: {
  /** Long work (a serial print): its count so far and Cancel while it runs. */
  job?: Job;
  /** What the count counts ("12 štítků"); documents when not said. */
  unit?: 'labels' | 'envelopes' | 'letters';
  doc: PrintDoc | undefined | null;
  loading?: boolean;
  error?: AppErrorData | null;
  height?: string | number;
  testid?: string;
  emptyText?: string;
  /** The starting zoom ('0.5' … '1.25'): 1 where the A4 page fits, less in narrow places. */
  zoom?: (typeof ZOOMS)[number];
}) {
  const { t, i18n } = useTranslation();
  const frame = useRef<HTMLIFrameElement>(null);
  const [zoom, setZoom] = useState<string>(initialZoom);
  const [busy, setBusy] = useState<'print' | 'pdf' | null>(null);
  const mismatched = doc?.mismatched ?? [];
  // Going on is asked again for every new document.
  const [goOn, setGoOn] = useState(false);
  useEffect(() => setGoOn(false), [doc]);
  const held = mismatched.length > 0 && !goOn;
  const languageNames = useMemo(() => new Intl.DisplayNames([i18n.language], { type: 'language' }), [i18n.language]);
  const bridge = typeof window !== 'undefined' ? window.kartoteka : undefined;
  const desktop = !!bridge?.print && !!bridge.printToPdf;

  const browserPrint = () => {
    const w = frame.current?.contentWindow;
    if (!w) return;
    w.focus();
    w.print();
  };

  const print = async () => {
    if (!doc) return;
    if (!desktop) { browserPrint(); return; }
    setBusy('print');
    try {
      const err = failed(await bridge!.print!(doc.html));
      if (err) toast(translateError(t, err) ?? t('errors.internal'), 'red');
    } catch {
      toast(t('printing.preview.print_failed'), 'red');
    } finally {
      setBusy(null);
    }
  };

  const savePdf = async () => {
    if (!doc) return;
    if (!desktop) {
      toast(t('printing.preview.pdf_hint'), 'blue', 6000);
      browserPrint();
      return;
    }
    setBusy('pdf');
    try {
      const res = await bridge!.printToPdf!(doc.html, pdfName(doc.title));
      const err = failed(res);
      if (err) toast(translateError(t, err) ?? t('errors.internal'), 'red');
      else if ((res as Envelope<{ saved?: boolean }>)?.ok && (res as { value?: { saved?: boolean } }).value?.saved) toast(t('printing.preview.pdf_saved'));
    } catch {
      toast(t('printing.preview.print_failed'), 'red');
    } finally {
      setBusy(null);
    }
  };

  const screen = useMemo(() => (doc ? screenView(doc.html) : ''), [doc]);
  const skipped = doc?.skipped ?? [];
  return (
    <div className="print-preview" data-testid={testid}>
      <Group gap="xs" className="print-preview-bar" wrap="wrap">
        {doc && (
          <Text size="sm" fw={600} data-testid="print-preview-count" data-count={doc.count} data-skipped={skipped.length}>
            {t(unit ? `printing.preview_units.${unit}` : 'printing.preview.count', { count: doc.count })}
          </Text>
        )}
        {loading && !job?.running && <Loader size="xs" data-testid="print-preview-loading" />}
        <Group gap={6} ml="auto" wrap="nowrap">
          <NativeSelect size="xs" aria-label={t('printing.preview.zoom')} data-testid="print-preview-zoom" value={zoom}
            onChange={(e) => setZoom(e.currentTarget.value)}
            data={ZOOMS.map((z) => ({ value: z, label: `${Math.round(Number(z) * 100)} %` }))} />
          <Button size="xs" data-testid="print-preview-print" disabled={!doc || doc.count === 0 || held} loading={busy === 'print'} onClick={() => void print()}>
            {t('printing.preview.print')}
          </Button>
          <Button size="xs" variant="default" data-testid="print-preview-pdf" disabled={!doc || doc.count === 0 || held} loading={busy === 'pdf'}
            title={desktop ? undefined : t('printing.preview.pdf_hint')} onClick={() => void savePdf()}>
            {t('printing.preview.pdf')}
          </Button>
        </Group>
      </Group>
      {job && <JobProgress job={job} unit={unit ?? 'records'} testid="print-progress" />}
      {error && (
        <Alert color={error.code === 'cancelled' ? 'gray' : 'red'} py={6} data-testid="print-preview-error" data-code={error.code}>{translateError(t, error)}</Alert>
      )}
      {mismatched.length > 0 && (
        <Alert color="orange" py={6} data-testid="print-mismatch" data-count={mismatched.length}>
          <Text size="sm">{t('intl.letters.mismatch', {
            count: mismatched.length,
            names: mismatched.map((m) => `${m.name} – ${languageNames.of(m.wanted) ?? m.wanted}`).join(', '),
          })}</Text>
          {held && (
            <Group gap="xs" mt={4}>
              <Text size="xs" c="dimmed">{t('intl.letters.mismatch_hint')}</Text>
              <Button size="compact-xs" variant="light" color="orange" data-testid="print-mismatch-continue" onClick={() => setGoOn(true)}>
                {t('intl.letters.continue')}
              </Button>
            </Group>
          )}
        </Alert>
      )}
      {skipped.length > 0 && (
        <Alert color="yellow" py={6} data-testid="print-skipped" data-count={skipped.length}>
          {t('printing.preview.skipped', { count: skipped.length, names: skipped.map((s) => s.name).join(', ') })}
        </Alert>
      )}
      <div className="print-preview-stage" style={{ height }}>
        {doc ? (
          <iframe
            ref={frame}
            className="print-preview-frame"
            data-testid="print-preview-frame"
            title={doc.title}
            // No allow-scripts: the document is data, never code. Same origin + modals so that
            // the parent may open the frame's print dialog.
            sandbox="allow-same-origin allow-modals"
            srcDoc={screen}
            style={{ zoom: Number(zoom) } as CSSProperties}
          />
        ) : (
          <Center h="100%">{loading ? <Loader size="sm" /> : <Text size="sm" c="dimmed">{emptyText ?? t('printing.preview.empty')}</Text>}</Center>
        )}
      </div>
    </div>
  );
}
