// Long work the window waits for (serial letters, big exports, the duplicate scan): the request
// carries a job id this window made up, the core reports how far it got as progress events for
// that id, and Cancel sends `jobs.cancel` — the core stops at its next step and answers
// `errors.cancelled`, having written nothing (main/core/jobs.ts).
import { useCallback, useEffect, useRef, useState } from 'react';
import { Button, Group, Progress, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ProgressEvent } from '../../shared/contract.ts';
import { onJobProgress, send } from '../api.ts';

export interface JobProgressState { done: number; total: number }

/** What a count counts, in the progress line ("1 200 z 4 043 dopisů"). */
export type JobUnit = 'letters' | 'labels' | 'envelopes' | 'rows' | 'steps' | 'records';

/** A fresh id: what `job` fields accept (letters, digits, dashes; 8–64). */
export function newJobId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `job-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Asks the core to stop a job; never throws (the job may have finished meanwhile). */
export function cancelJob(job: string): void {
  void send('jobs.cancel', { job }).catch(() => {});
}

export interface Job {
  /** How far the running job got (null when none runs, or before its first report). */
  progress: JobProgressState | null;
  running: boolean;
  cancelling: boolean;
  /** Runs `work` with a new job id, following its progress; resolves or throws as `work` does. */
  run<T>(work: (job: string) => Promise<T>): Promise<T>;
  cancel(): void;
}

/** One job at a time for a screen; the job still running when the screen goes is cancelled. */
export function useJob(): Job {
  const [progress, setProgress] = useState<JobProgressState | null>(null);
  const [running, setRunning] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const current = useRef<string | null>(null);

  useEffect(() => () => { if (current.current) cancelJob(current.current); }, []);

  const run = useCallback(async <T,>(work: (job: string) => Promise<T>): Promise<T> => {
    if (current.current) cancelJob(current.current);
    const job = newJobId();
    current.current = job;
    setProgress(null);
    setCancelling(false);
    setRunning(true);
    // Subscribed before the request goes: its first report comes at once.
    const off = onJobProgress(job, (e: ProgressEvent) => { if (current.current === job) setProgress({ done: e.done, total: e.total }); });
    try {
      return await work(job);
    } finally {
      off();
      if (current.current === job) {
        current.current = null;
        setRunning(false);
        setCancelling(false);
        setProgress(null);
      }
    }
  }, []);

  const cancel = useCallback(() => {
    if (!current.current) return;
    setCancelling(true);
    cancelJob(current.current);
  }, []);

  return { progress, running, cancelling, run, cancel };
}

/** The count so far and a Cancel button, while a job runs. */
export function JobProgress({ job, unit, testid = 'job-progress' }: { job: Pick<Job, 'progress' | 'running' | 'cancelling' | 'cancel'>; unit: JobUnit; testid?: string }) {
  const { t, i18n } = useTranslation();
  if (!job.running) return null;
  const p = job.progress;
  const number = new Intl.NumberFormat(i18n.language);
  const known = p !== null && p.total > 0;
  return (
    <div className="job-progress" data-testid={testid} data-done={p?.done ?? ''} data-total={p?.total ?? ''} role="status" aria-live="polite">
      <Group gap="sm" wrap="nowrap">
        <Progress value={known ? (100 * p.done) / p.total : 100} animated={!known} striped={!known} style={{ flex: 1, minWidth: 120 }} />
        <Text size="sm" data-testid={`${testid}-text`} style={{ whiteSpace: 'nowrap' }}>
          {known ? t(`jobs.units.${unit}`, { count: p.total, done: number.format(p.done), total: number.format(p.total) }) : t('jobs.working')}
        </Text>
        <Button size="compact-sm" variant="default" data-testid={`${testid}-cancel`} disabled={job.cancelling} onClick={job.cancel}>
          {job.cancelling ? t('jobs.cancelling') : t('jobs.cancel')}
        </Button>
      </Group>
    </div>
  );
}
