/** Time helpers shared by the incremental importers. */
export const DAY_MS = 86_400_000;
/** Ozon wants whole seconds with Z */
export const isoSec = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
/** YYYY-MM-DD (UTC) */
export const ymd = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
