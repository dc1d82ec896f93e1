// Reads a channel and re-reads it whenever a change event names one of the given tables.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChannelName, Input, Output, Table } from '../../shared/contract.ts';
import type { AppErrorData } from '../../shared/errors.ts';
import { errorData, onChange, send, touches } from '../api.ts';
import { useJob, type Job } from './jobs.tsx';

export interface Remote<T> {
  data: T | undefined;
  error: AppErrorData | null;
  loading: boolean;
  reload(): void;
  /** With `{ job: true }`: the running read's progress and its Cancel (ui/jobs.tsx). */
  job: Job;
}

/** `version`: bump it to force a re-read (after our own save, should an event be late or lost). */
/** `opts.job`: the channel takes a job id (long work): each read gets one, reports its progress
 * and can be cancelled; a read superseded, or whose input went null, is cancelled. */
export function useRemote<C extends ChannelName>(channel: C, input: Input<C> | null, tables: readonly Table[], version = 0,
  opts: { job?: boolean } = {}): Remote<Output<C>> {
  const [data, setData] = useState<Output<C> | undefined>(undefined);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [loading, setLoading] = useState(input !== null);
  const key = input === null ? null : JSON.stringify(input);
  const seq = useRef(0);
  const tablesKey = tables.join(',');
  const job = useJob();
  const withJob = opts.job === true;

  const load = useCallback(() => {
    if (key === null) return;
    const mine = ++seq.current;
    setLoading(true);
    const parsed = JSON.parse(key) as Input<C>;
    (withJob ? job.run((id) => send(channel, { ...parsed, job: id } as Input<C>)) : send(channel, parsed)).then(
      (v) => { if (mine === seq.current) { setData(v); setError(null); setLoading(false); } },
      (e: unknown) => { if (mine === seq.current) { setError(errorData(e)); setLoading(false); } },
    );
  }, [channel, key, withJob, job.run]);

  useEffect(() => {
    setData(undefined);
    load();
  }, [load]);

  // Nothing asked any more (a preview closed): the work still running for it is not wanted.
  const { running, cancel } = job;
  useEffect(() => {
    if (key === null && running) { seq.current++; setLoading(false); cancel(); }
  }, [key, running, cancel]);

  const seenVersion = useRef(version);
  useEffect(() => {
    if (seenVersion.current === version) return;
    seenVersion.current = version;
    load();
  }, [version, load]);

  useEffect(() => {
    const list = tablesKey.split(',') as Table[];
    return onChange((e) => { if (touches(e, list)) load(); });
  }, [load, tablesKey]);

  return { data, error, loading, reload: load, job };
}
