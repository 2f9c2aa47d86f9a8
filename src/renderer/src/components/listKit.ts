import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useWindowedRows, type WindowedRows } from '../hooks/useWindowedRows';
import type { VSort } from './VirtualList';

/** Plain styles for cells: thousands of rows scroll by, so no measuring components inside them. */
export const SECONDARY = { color: 'rgba(0,0,0,0.45)' } as const;
export const DANGER = { color: '#ff4d4f' } as const;
export const ELLIPSIS = { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' } as const;
export const ELLIPSIS_STRONG = { ...ELLIPSIS, fontWeight: 600 } as const;
export const ELLIPSIS_SECONDARY = { ...ELLIPSIS, ...SECONDARY, fontSize: 12 } as const;
/** At most two lines, the rest hidden: list rows (52 px) and headers hold two. */
export const CLAMP_TWO = {
  display: '-webkit-box',
  WebkitBoxOrient: 'vertical',
  WebkitLineClamp: 2,
  overflow: 'hidden',
  whiteSpace: 'normal',
  minWidth: 0,
} as const;
/** Text that takes a second line rather than cut a short sentence (a return's reason, a warehouse's name). */
export const TWO_LINES = { ...CLAMP_TWO, overflowWrap: 'anywhere', lineHeight: 1.35 } as const;
/**
 * A status tag that takes a second line rather than cut its label (Ozon's statuses run to 30 characters in
 * Russian: "Не принят на сортировочном центре"); two 16 px lines fit a list row. The whole label is the tag's title.
 */
export const TWO_LINE_TAG = { ...TWO_LINES, display: '-webkit-inline-box', lineHeight: '16px', maxWidth: '100%', marginInlineEnd: 0 } as const;

/** Debounced copy of a value: the search box stays instant, the query follows 250 ms later. */
export function useDebounced<T>(value: T, ms = 250): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = window.setTimeout(() => setV(value), ms);
    return () => window.clearTimeout(id);
  }, [value, ms]);
  return v;
}

/** Height a list page may fill: the window minus the header (64) and the content padding (2 × 24). */
export const PAGE_HEIGHT = 'calc(100vh - 64px - 48px)';

/** A filter counts as set when it holds a value other than its default (a cleared control gives undefined or null). */
const isSet = (v: unknown, initial: unknown) => v !== undefined && v !== null && JSON.stringify(v) !== JSON.stringify(initial);

/**
 * What every list page keeps: the search box (`q` is its trimmed, debounced
 * value the query uses), the filters with their defaults, and the sort.
 * `initial` is read on mount only.
 */
export function useListState<F extends object>(initial: F, initialSort: VSort | null) {
  const [defaults] = useState(initial);
  const [search, setSearch] = useState('');
  const [filters, setFilters] = useState<F>(defaults);
  const [sort, setSort] = useState<VSort | null>(initialSort);
  const q = useDebounced(search.trim(), 250);
  const set = useCallback(<K extends keyof F>(k: K, v: F[K]) => setFilters((f) => ({ ...f, [k]: v })), []);
  const reset = useCallback(() => {
    setSearch('');
    setFilters(defaults);
  }, [defaults]);
  const filtered = !!q || (Object.keys(filters) as (keyof F)[]).some((k) => isSet(filters[k], defaults[k]));
  return { search, setSearch, q, filters, set, reset, filtered, sort, setSort };
}

/** Rows of a list query (without its window): the query itself is the cache key. */
export function useQueryRows<Q extends object, R>(
  query: Q,
  fetch: (input: Q & { offset: number; limit: number }) => Promise<{ rows: R[]; total: number }>,
  version: number,
): WindowedRows<R> {
  return useWindowedRows<R>((offset, limit) => fetch({ ...query, offset, limit }), JSON.stringify(query), version);
}

/** A date-range filter as the query's bounds: whole days, local time. */
export function dateBounds(range: [Dayjs | null, Dayjs | null] | null | undefined): { dateFrom?: string; dateTo?: string } {
  const [from, to] = range ?? [null, null];
  return { ...(from ? { dateFrom: from.startOf('day').toISOString() } : {}), ...(to ? { dateTo: to.endOf('day').toISOString() } : {}) };
}
