import { useEffect, useState } from 'react';

/** Plain styles for cells: thousands of rows scroll by, so no measuring components inside them. */
export const SECONDARY = { color: 'rgba(0,0,0,0.45)' } as const;
export const DANGER = { color: '#ff4d4f' } as const;
export const ELLIPSIS = { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' } as const;
export const ELLIPSIS_STRONG = { ...ELLIPSIS, fontWeight: 600 } as const;
export const ELLIPSIS_SECONDARY = { ...ELLIPSIS, ...SECONDARY, fontSize: 12 } as const;

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
