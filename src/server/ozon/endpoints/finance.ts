/**
 * Ozon's accrual methods (beta since June 2026; they replace
 * /v3/finance/transaction/list and /totals, switched off on 6 July 2026):
 * - /v1/finance/accrual/types: the type dictionary (id → name), no body;
 * - /v1/finance/accrual/by-day: the accruals booked on one date (YYYY-MM-DD,
 *   earliest 2022-01-01), `last_id` keyset. Ozon documents neither a page
 *   size nor has_next: read until a page comes back empty;
 * - /v1/finance/accrual/postings: the accrual lines of 1…200 postings.
 * Money arrives as `{amount: "…", currency}`; ids as int64.
 */
import { z } from 'zod';
import type { OzonClient } from '../client';
import { zArr, zId, zIdOpt, zMoney, zNumOpt, zStr, zStrOpt } from './zod-helpers';

/** Ozon's money message; an absent one reads as zero in `currency` ''. */
const zAmount = z
  .object({ amount: zMoney, currency: zStr })
  .nullish()
  .transform((v) => ({ amount: v?.amount ?? '0.00', currency: v?.currency ?? '' }));
const zAmountOpt = z
  .object({ amount: zMoney, currency: zStr })
  .nullish()
  .transform((v) => (v && v.amount !== null ? { amount: v.amount, currency: v.currency } : null));

const zFee = z.object({ accrued: zAmount, type_id: zIdOpt });

export const ACCRUAL_CATEGORIES = ['UNSPECIFIED', 'POSTING', 'ITEM', 'NON_ITEM'] as const;
export type AccrualCategory = (typeof ACCRUAL_CATEGORIES)[number];
/** an enum value Ozon adds later reads as UNSPECIFIED rather than failing the import */
const zCategory = zStr.transform((v): AccrualCategory => ((ACCRUAL_CATEGORIES as readonly string[]).includes(v) ? (v as AccrualCategory) : 'UNSPECIFIED'));

export const OzonAccrualProduct = z.object({
  sku: zIdOpt,
  commission: z
    .object({
      bonus: zAmount,
      coinvestment: zAmount,
      commission: zAmount,
      commission_ratio: zStrOpt,
      sale_amount: zAmount,
      sale_commission: zAmount,
      sale_price: zAmountOpt,
      seller_price: zAmountOpt,
    })
    .nullish()
    .transform((v) => v ?? null),
  delivery: z
    .object({ services: zArr(zFee), total_accrued: zAmount })
    .nullish()
    .transform((v) => v ?? null),
});
export type OzonAccrualProduct = z.output<typeof OzonAccrualProduct>;

export const OzonAccrual = z.object({
  accrual_id: zId,
  accrued_category: zCategory,
  date: zStr,
  unit_number: zStr,
  total_amount: zAmount,
  posting: z
    .object({ delivery_schema: zStr, delivery_speed: zNumOpt, products: zArr(OzonAccrualProduct) })
    .nullish()
    .transform((v) => v ?? null),
  item_fees: z
    .object({ fees: zArr(z.object({ sku: zIdOpt, fees: zArr(zFee) })) })
    .nullish()
    .transform((v) => v ?? null),
  non_item_fee: zFee.nullish().transform((v) => v ?? null),
});
export type OzonAccrual = z.output<typeof OzonAccrual>;

export const AccrualByDayResponse = z.object({ accruals: zArr(OzonAccrual), last_id: zStr });

export const OzonAccrualType = z.object({ id: zId, name: zStr, description: zStr });
export const AccrualTypesResponse = z.object({ accrual_types: zArr(OzonAccrualType) });

export const OzonPostingAccrualLine = z.object({
  accrual_date: zStr,
  accrued: zAmount,
  quantity: zNumOpt,
  seller_price: zAmountOpt,
  sku: zIdOpt,
  type_id: zIdOpt,
});
export const AccrualPostingsResponse = z.object({
  posting_accruals: zArr(z.object({ posting_number: zStr, accruals: zArr(OzonPostingAccrualLine) })),
});

/** Ozon's limit for /v1/finance/accrual/postings. */
export const ACCRUAL_POSTINGS_MAX = 200;
/** Ozon keeps accruals from this date on. */
export const ACCRUALS_EARLIEST = '2022-01-01';

export const accrualTypes = (c: OzonClient, signal?: AbortSignal) => c.call('/v1/finance/accrual/types', {}, AccrualTypesResponse, { signal });

export const accrualsByDay = (c: OzonClient, date: string, lastId: string, signal?: AbortSignal) =>
  c.call('/v1/finance/accrual/by-day', { date, last_id: lastId }, AccrualByDayResponse, { signal });

export function accrualsForPostings(c: OzonClient, postingNumbers: string[], signal?: AbortSignal) {
  if (postingNumbers.length < 1 || postingNumbers.length > ACCRUAL_POSTINGS_MAX) throw new RangeError(`1…${ACCRUAL_POSTINGS_MAX} posting numbers a request`);
  return c.call('/v1/finance/accrual/postings', { posting_numbers: postingNumbers }, AccrualPostingsResponse, { signal });
}
