import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { toAppError, type AppError } from '../app-error';
import { RowWindow } from '../lib/windowed';

export interface WindowedRows<R> {
  /** null until the first page answered */
  total: number | null;
  row(index: number): R | undefined;
  /** the virtual list reports what is on screen */
  onRange(start: number, end: number): void;
  /** first page in flight for this query */
  loading: boolean;
  error: AppError | null;
  retry(): void;
  /** changes whenever rows arrive (so memoized cells re-render) */
  revision: number;
}

/**
 * Rows of one query, fetched page by page as they scroll into view.
 * `queryKey` identifies the query (search, filters, sort): a new key drops the
 * cache; a new `version` (data changed) re-fetches what is shown while keeping
 * the old rows visible.
 */
export function useWindowedRows<R>(
  fetchPage: (offset: number, limit: number) => Promise<{ rows: R[]; total: number }>,
  queryKey: string,
  version: number,
  enabled = true,
  pageSize = 100,
): WindowedRows<R> {
  const win = useMemo(() => new RowWindow<R>(pageSize), [pageSize]);
  const [revision, setRevision] = useState(0);
  const [error, setError] = useState<AppError | null>(null);
  const [loading, setLoading] = useState(true);
  const fetchRef = useRef(fetchPage);
  const gen = useRef(0);
  const range = useRef({ start: 0, end: pageSize });
  const timer = useRef<number | null>(null);
  useEffect(() => {
    fetchRef.current = fetchPage;
  });

  const load = useCallback(() => {
    const { start, end } = range.current;
    win.touch(start, end);
    const mine = gen.current;
    for (const page of win.missing(start, end)) {
      win.begin(page);
      fetchRef
        .current(page * win.pageSize, win.pageSize)
        .then((r) => {
          if (mine !== gen.current) return;
          win.put(page, r.rows, r.total);
          setError(null);
          setLoading(false);
          setRevision((v) => v + 1);
        })
        .catch((e: unknown) => {
          if (mine !== gen.current) return;
          win.abort(page);
          setError(toAppError(e));
          setLoading(false);
        });
    }
  }, [win]);

  // scrolling fires many range changes: ask for pages once the view settles for a moment
  const onRange = useCallback(
    (start: number, end: number) => {
      const prev = range.current;
      if (prev.start === start && prev.end === end) return;
      range.current = { start, end };
      if (timer.current !== null) window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => {
        timer.current = null;
        load();
      }, 60);
    },
    [load],
  );

  // a new query: start over from the top
  useEffect(() => {
    if (!enabled) return;
    gen.current++;
    win.reset();
    setLoading(true);
    setError(null);
    setRevision((v) => v + 1);
    load();
  }, [queryKey, enabled, win, load]);

  // the data changed underneath: re-fetch what is shown, keep the old rows meanwhile
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (!enabled) return;
    gen.current++;
    win.invalidate();
    load();
  }, [version, enabled, win, load]);

  useEffect(
    () => () => {
      if (timer.current !== null) window.clearTimeout(timer.current);
      gen.current++;
    },
    [],
  );

  const retry = useCallback(() => {
    setError(null);
    if (win.total === null) setLoading(true);
    load();
  }, [win, load]);

  return {
    total: win.total,
    row: (i: number) => win.row(i),
    onRange,
    loading: loading && win.total === null,
    error,
    retry,
    revision,
  };
}
