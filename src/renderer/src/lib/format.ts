/** Date/time in the person's language; '' for an unparseable value. */
export function formatDateTime(iso: string, locale: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
  } catch {
    return d.toISOString();
  }
}

/** Whole seconds from now until `at` (ms), never negative. */
export function secondsUntil(at: number | null | undefined, now: number = Date.now()): number {
  if (!at) return 0;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

export function parseTime(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}
