import { useCallback, useEffect, useRef, useState } from 'react';
import { AppError, toAppError } from '../app-error';

/**
 * Loads data on mount (and on `reload`), ignoring answers that arrive after a
 * newer request. `deps` are what the data follows (its inputs, the data
 * version, the sync status): a change after mount loads again; the mount
 * itself loads once.
 */
export function useLoad<R>(fn: () => Promise<R>, deps: readonly unknown[] = []) {
  const [data, setData] = useState<R | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<AppError | null>(null);
  const fnRef = useRef(fn);
  const seq = useRef(0);
  useEffect(() => {
    fnRef.current = fn;
  });

  const reload = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    setError(null);
    try {
      const r = await fnRef.current();
      if (mine === seq.current) setData(r);
    } catch (e) {
      if (mine === seq.current) setError(toAppError(e));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    const counter = seq;
    void reload();
    return () => {
      counter.current++;
    };
  }, [reload]);

  // compared by hand: the hooks lint checks only literal dependency lists
  const seen = useRef(deps);
  useEffect(() => {
    const prev = seen.current;
    seen.current = deps;
    if (prev.length !== deps.length || prev.some((d, i) => !Object.is(d, deps[i]))) void reload();
  });

  return { data, setData, loading, error, reload };
}

export interface Loaded<R> {
  data: R | null;
  loading: boolean;
  error: AppError | null;
  reload: () => Promise<void>;
}
