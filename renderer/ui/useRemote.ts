// Reads a channel and re-reads it whenever a change event names one of the given tables.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChannelName, Input, Output, Table } from '../../shared/contract.ts';
import type { AppErrorData } from '../../shared/errors.ts';
import { errorData, onChange, send, touches } from '../api.ts';

export interface Remote<T> {
  data: T | undefined;
  error: AppErrorData | null;
  loading: boolean;
  reload(): void;
}

/** `version`: bump it to force a re-read (after our own save, should an event be late or lost). */
export function useRemote<C extends ChannelName>(channel: C, input: Input<C> | null, tables: readonly Table[], version = 0): Remote<Output<C>> {
  const [data, setData] = useState<Output<C> | undefined>(undefined);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [loading, setLoading] = useState(input !== null);
  const key = input === null ? null : JSON.stringify(input);
  const seq = useRef(0);
  const tablesKey = tables.join(',');

  const load = useCallback(() => {
    if (key === null) return;
    const mine = ++seq.current;
    setLoading(true);
    send(channel, JSON.parse(key) as Input<C>).then(
      (v) => { if (mine === seq.current) { setData(v); setError(null); setLoading(false); } },
      (e: unknown) => { if (mine === seq.current) { setError(errorData(e)); setLoading(false); } },
    );
  }, [channel, key]);

  useEffect(() => {
    setData(undefined);
    load();
  }, [load]);

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

  return { data, error, loading, reload: load };
}
