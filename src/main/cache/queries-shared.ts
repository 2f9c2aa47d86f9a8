import type Database from 'better-sqlite3';
import type { Cache } from './cache';

/**
 * Helpers of the workstation read modules (queries-<domain>.ts). Every value
 * reaches SQL as a bound parameter; identifiers (sort columns) come only from
 * fixed maps keyed by zod enums.
 */
export type Row = Record<string, unknown>;
export type SqlArg = string | number;

/** Prepared statements of one cache, keyed by SQL text (each distinct filter shape is prepared once). */
export class Stmts {
  private readonly map = new Map<string, Database.Statement>();
  constructor(readonly cache: Cache) {}
  get(sql: string): Database.Statement {
    let s = this.map.get(sql);
    if (!s) {
      s = this.cache.db.prepare(sql);
      this.map.set(sql, s);
    }
    return s;
  }
}

/** One query object per open cache: statements are reused while the cache lives, dropped with it. */
export function perCache<T>(make: (cache: Cache) => T): (cache: Cache) => T {
  const all = new WeakMap<Cache, T>();
  return (cache) => {
    let q = all.get(cache);
    if (!q) {
      q = make(cache);
      all.set(cache, q);
    }
    return q;
  };
}

/**
 * `sd_fold(text)`: Unicode lower case (SQLite's own lower()/LIKE fold ASCII
 * only, so "РАЗБИТАЯ" would never find "разбитая"). Registered on the
 * connection by the modules that search free text; pair it with a search
 * string folded the same way in JS: `instr(sd_fold(col), ?) > 0`.
 */
export function registerFold(cache: Cache): void {
  cache.db.function('sd_fold', { deterministic: true }, (v: unknown) => (typeof v === 'string' ? fold(v) : null));
}
export const fold = (s: string): string => s.toLowerCase().replace(/ё/g, 'е');

/** "50%_x" → "50\%\_x": user text inside LIKE matches itself only (use with ESCAPE '\'). */
export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Minor units (kopecks, fen) → Money text "1234.50"; exact for any sum below 2^53 minor units. */
export function minorToMoney(minor: number): string {
  const neg = minor < 0;
  const abs = Math.abs(Math.round(minor));
  const s = `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  return neg && abs !== 0 ? `-${s}` : s;
}

/** SQL for a Money text column → integer minor units (rounded at the cent, as Ozon's prices are). */
export const MINOR = (col: string) => `CAST(ROUND(CAST(${col} AS REAL) * 100) AS INTEGER)`;

export const parseJson = (s: unknown): Row => {
  try {
    const v = JSON.parse(String(s)) as unknown;
    return v && typeof v === 'object' ? (v as Row) : {};
  } catch {
    return {};
  }
};

export const strOr = (v: unknown, d: string): string => (typeof v === 'string' ? v : v == null ? d : String(v));
export const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : v == null ? null : String(v));
export const intOr0 = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : 0);
/** Money text as the domain model keeps it, or null when the value is not one. */
export const moneyOrNull = (v: unknown): string | null => (typeof v === 'string' && /^-?\d{1,15}(\.\d{1,6})?$/.test(v) ? v : null);

/** Product name by SKU within a store (products_sku index). */
export function productNameBySku(st: Stmts, storeId: string, sku: string | null): string | null {
  if (!sku) return null;
  return (st.get('SELECT name FROM products WHERE store_id = ? AND sku = ? LIMIT 1').pluck().get(storeId, sku) as string | undefined) ?? null;
}

/** UTC ISO bounds [start, end) of the person's calendar days from..to (inclusive), given their UTC offset. */
export function dayBounds(from: string, to: string, utcOffsetMinutes: number): { start: string; end: string } {
  const shift = utcOffsetMinutes * 60_000;
  const start = Date.parse(`${from}T00:00:00Z`) - shift;
  const end = Date.parse(`${to}T00:00:00Z`) + 86_400_000 - shift;
  return { start: new Date(start).toISOString(), end: new Date(end).toISOString() };
}

/** Every YYYY-MM-DD from..to inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}
