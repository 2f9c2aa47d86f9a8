import { z } from 'zod';
import { text } from '../http/common';

/**
 * Pieces every windowed cache read shares (issue 4 workstation pages): a
 * store id, a window (offset/limit) and a sort direction. Sort *fields* are
 * per-domain enums: the query modules map them to fixed column names, so no
 * renderer text ever reaches SQL as an identifier.
 */
export const StoreIdIn = text(64).min(1);
export const SortDir = z.enum(['asc', 'desc']);
export const Window = {
  offset: z.number().int().min(0).max(10_000_000),
  limit: z.number().int().min(1).max(500),
};

/** A calendar day the person picked, YYYY-MM-DD (local to them; the offset says how local). */
export const Day = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/);
/** minutes east of UTC of the person's clock (Moscow +180, Beijing +480) */
export const UtcOffset = z.number().int().min(-840).max(840);

/** `from` ≤ `to`, at most `maxDays` days apart (inclusive). */
export function dayRange<T extends { from: string; to: string }>(v: T, maxDays: number): boolean {
  const a = Date.parse(`${v.from}T00:00:00Z`);
  const b = Date.parse(`${v.to}T00:00:00Z`);
  return Number.isFinite(a) && Number.isFinite(b) && a <= b && (b - a) / 86_400_000 < maxDays;
}

export const listOf = <T extends z.ZodType>(row: T) => z.object({ rows: z.array(row), total: z.number().int().nonnegative() });
