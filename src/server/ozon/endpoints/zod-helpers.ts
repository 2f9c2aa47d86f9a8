/**
 * Tolerant building blocks for Ozon response schemas: Ozon prints the same
 * field as a number in one method and a string in another ("273.00" vs 273),
 * omits empty fields, or sends null. Objects are non-strict (Ozon adds fields).
 */
import { z } from 'zod';

/** int64 id → exact digit string (large ones already arrive as strings from parseJsonLossless). */
export const zId = z.union([z.string(), z.number()]).transform((v) => (typeof v === 'number' ? String(Math.trunc(v)) : v.trim()));
export const zIdOpt = z.union([z.string(), z.number(), z.null()]).optional().transform((v) => (v === null || v === undefined || v === '' || v === 0 || v === '0' ? null : String(v)));

/** Normalizes a decimal to text with at least two fraction digits, without going through floats for strings. */
export function normalizeMoney(v: string | number | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  let s = typeof v === 'number' ? (Number.isInteger(v * 100) ? v.toFixed(2) : String(v)) : v.trim().replace(',', '.');
  if (s === '') return null;
  if (!/^-?\d+(\.\d+)?$/.test(s)) return null;
  let [int, frac = ''] = s.split('.') as [string, string?];
  frac = (frac ?? '').replace(/0+$/, '');
  if (frac.length < 2) frac = frac.padEnd(2, '0');
  int = int.replace(/^(-?)0+(?=\d)/, '$1');
  s = `${int}.${frac}`;
  return s;
}

export const zMoney = z.union([z.string(), z.number(), z.null()]).optional().transform((v) => normalizeMoney(v));
export const zStr = z.union([z.string(), z.null()]).optional().transform((v) => v ?? '');
export const zStrOpt = z.union([z.string(), z.null()]).optional().transform((v) => (v === undefined || v === null || v === '' ? null : v));
export const zBool = z.union([z.boolean(), z.null()]).optional().transform((v) => v ?? false);
export const zNum = z.union([z.number(), z.string(), z.null()]).optional().transform((v) => (v === null || v === undefined || v === '' ? 0 : Number(v)));
export const zNumOpt = z.union([z.number(), z.string(), z.null()]).optional().transform((v) => (v === null || v === undefined || v === '' ? null : Number(v)));
export const zArr = <T extends z.ZodTypeAny>(item: T) => z.union([z.array(item), z.null()]).optional().transform((v) => v ?? []);
export const zTs = zStrOpt;

/** Ozon's "no old/min price" is 0, "0.00" or "": all become null so that every method agrees. */
export function optionalPrice(v: string | null): string | null {
  return v === null || /^-?0+(\.0+)?$/.test(v) ? null : v;
}
