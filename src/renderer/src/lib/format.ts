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

/** "2 minutes ago" / "2 минуты назад" / "2分钟前"; '' for an unparseable value. */
export function formatRelative(iso: string | null | undefined, locale: string, now: number = Date.now()): string {
  const at = parseTime(iso);
  if (at === null) return '';
  const diff = Math.round((at - now) / 1000);
  const abs = Math.abs(diff);
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['second', 1],
    ['minute', 60],
    ['hour', 3600],
    ['day', 86400],
  ];
  let unit: Intl.RelativeTimeFormatUnit = 'second';
  let size = 1;
  for (const [u, s] of units) if (abs >= s) [unit, size] = [u, s];
  if (abs < 10) return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(0, 'second');
  if (unit === 'day' && abs >= 86400 * 7) return formatDateTime(iso ?? '', locale);
  try {
    return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(Math.round(diff / size), unit);
  } catch {
    return formatDateTime(iso ?? '', locale);
  }
}

/**
 * A moment already past ("synced", "created") relative to now. It never reads as future ("in 10
 * seconds"): `now` from a periodic tick lags a moment that just happened, and another machine's
 * clock may run ahead of ours.
 */
export function formatAgo(iso: string | null | undefined, locale: string, now: number = Date.now()): string {
  const at = parseTime(iso);
  if (at === null) return '';
  return formatRelative(new Date(Math.min(at, now)).toISOString(), locale, now);
}

/** Date only, in the person's language. */
export function formatDate(iso: string | null | undefined, locale: string): string {
  const at = parseTime(iso);
  if (at === null) return '';
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(at));
  } catch {
    return new Date(at).toISOString().slice(0, 10);
  }
}

/** A duration in whole seconds as "1 h 5 min" style parts (the caller localizes units). */
export function splitDuration(seconds: number): { h: number; m: number; s: number } {
  const t = Math.max(0, Math.round(seconds));
  return { h: Math.floor(t / 3600), m: Math.floor((t % 3600) / 60), s: t % 60 };
}

/** One short date-time formatter per locale: list cells format thousands of dates as rows scroll by, and building the formatter is the dear part. */
const shortFormatters = new Map<string, Intl.DateTimeFormat>();
function shortFormatter(locale: string): Intl.DateTimeFormat {
  let f = shortFormatters.get(locale);
  if (!f) shortFormatters.set(locale, (f = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' })));
  return f;
}

/** Compact date and time for dense tables ("01.06.2026, 14:05", "6/1/26, 2:05 PM", "2026/6/1 14:05"). */
export function formatDateTimeShort(iso: string | null | undefined, locale: string): string {
  const at = parseTime(iso);
  if (at === null) return '';
  try {
    return shortFormatter(locale).format(new Date(at));
  } catch {
    return new Date(at).toISOString();
  }
}

/**
 * formatDateTimeShort split where a narrow cell may wrap it: `date` (with the
 * locale's comma, if any) and `time`, such that `${date} ${time}` is exactly
 * the one-line text. time is '' when the locale's text has no ordinary space
 * right before its hour to break at (then `date` is the whole text).
 */
export function dateTimeShortParts(iso: string | null | undefined, locale: string): { date: string; time: string } {
  const at = parseTime(iso);
  if (at === null) return { date: '', time: '' };
  try {
    const f = shortFormatter(locale);
    const d = new Date(at);
    // the text is format()'s (engines may put other spaces in formatToParts' pieces, e.g. U+202F before "AM"); the
    // pieces only say where the hour starts, and they count the same characters
    const whole = f.format(d);
    const parts = f.formatToParts(d);
    const hour = parts.findIndex((x) => x.type === 'hour');
    const cut = parts.slice(0, Math.max(hour, 0)).reduce((n, x) => n + x.value.length, 0);
    const same = parts.reduce((n, x) => n + x.value.length, 0) === whole.length;
    if (hour <= 0 || !same || whole[cut - 1] !== ' ') return { date: whole, time: '' };
    return { date: whole.slice(0, cut - 1), time: whole.slice(cut) };
  } catch {
    return { date: new Date(at).toISOString(), time: '' };
  }
}
