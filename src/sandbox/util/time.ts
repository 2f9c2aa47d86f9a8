/**
 * Timestamp formatting the way Ozon's gateway prints google.protobuf.Timestamp:
 * RFC 3339 in UTC, fractional seconds only when non-zero.
 */
export function ts(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

/** Timestamp or null: unset Timestamp messages are emitted as null by the gateway. */
export function tsOrNull(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : ts(ms);
}

export function parseTs(text: string): number | null {
  // RFC 3339 with mandatory zone, like protojson; a bare date is not a Timestamp.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const MINUTE = 60_000;

/** Moscow is UTC+3 all year (no DST): Ozon's dates and deadlines are Moscow ones. */
export const MSK_OFFSET_MS = 3 * HOUR;
/** Moscow calendar date (YYYY-MM-DD) of an instant. */
export const mskDate = (ms: number): string => new Date(ms + MSK_OFFSET_MS).toISOString().slice(0, 10);
/** The UTC instant a Moscow date starts at. */
export const mskDayStart = (date: string): number => Date.parse(`${date}T00:00:00Z`) - MSK_OFFSET_MS;

export function ymd(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Money with two decimals as Ozon prints it in string price fields ("1530.00"). */
export function money(n: number): string {
  return (Math.round(n * 100) / 100).toFixed(2);
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
