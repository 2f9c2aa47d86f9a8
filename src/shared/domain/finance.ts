/**
 * Finance rows: one row per accrual of Ozon's /v1/finance/accrual/by-day
 * (the /v3/finance/transaction/list operations it replaced were switched off
 * on 6 July 2026).
 *
 * An accrual is what Ozon booked on one date for one unit: a posting (sale or
 * return: per product the sale, the commission and logistics services), a SKU
 * set (e.g. storage) or the seller (e.g. a subscription, ad contract). It is
 * not a bank transaction: the row keeps the accrual's total and its
 * components, per SKU and accrual type, in `lines`.
 *
 * Invariants:
 * - `amount` = accrualsForSale + saleCommission + deliveryCharge +
 *   returnDeliveryCharge + Σ services.price = Σ lines.amount (Ozon's
 *   total_amount); deliveryCharge and returnDeliveryCharge are "0.00": Ozon
 *   books logistics as typed services;
 * - `operationId` is Ozon's accrual_id; `operationDate` is the start of the
 *   accrual date in Moscow time (Ozon's dates are Moscow dates);
 * - Money is a decimal string, ids digit strings.
 */
import { z } from 'zod';
import { Currency, Money, OzonId, SyncMeta, Timestamp } from './common';

export const FinanceService = z.strictObject({ name: z.string(), price: Money });

/** Ozon's accrued_category: by posting, by SKU without a posting, by seller. */
export const AccrualCategory = z.enum(['UNSPECIFIED', 'POSTING', 'ITEM', 'NON_ITEM']);
export type AccrualCategory = z.infer<typeof AccrualCategory>;

/**
 * Which part of the accrual a line is: the sale (negative for a return), Ozon's
 * commission, discount points, partner co-investment, a typed service of a
 * posting, a typed fee of a SKU, a typed fee of the seller.
 */
export const AccrualComponent = z.enum(['sale', 'commission', 'bonus', 'coinvestment', 'service', 'item_fee', 'non_item_fee']);
export type AccrualComponent = z.infer<typeof AccrualComponent>;

export const FinanceAccrualLine = z.strictObject({
  component: AccrualComponent,
  /** /v1/finance/accrual/types id; null for the sale/commission parts, which Ozon prints without a type */
  typeId: OzonId.nullable(),
  /** the type's name from /v1/finance/accrual/types ('' when untyped or unknown) */
  typeName: z.string(),
  sku: OzonId.nullable(),
  amount: Money,
});
export type FinanceAccrualLine = z.infer<typeof FinanceAccrualLine>;

export const FinanceTransaction = z.strictObject({
  ...SyncMeta,
  operationId: OzonId,
  /** the accrual category (POSTING, ITEM, NON_ITEM, UNSPECIFIED) */
  operationType: z.string(),
  /** the names of the accrual's typed lines, joined with ", " */
  operationTypeName: z.string(),
  operationDate: Timestamp.nullable(),
  /** 'orders' (a posting's sale), 'returns' (a posting's return), 'services' (everything else) */
  type: z.string(),
  postingNumber: z.string().nullable(),
  amount: Money,
  accrualsForSale: Money,
  saleCommission: Money,
  deliveryCharge: Money,
  returnDeliveryCharge: Money,
  /** typed fees summed per type name (bonus/co-investment under those names when non-zero) */
  services: z.array(FinanceService),
  skus: z.array(OzonId),
  accrualCategory: AccrualCategory,
  /** YYYY-MM-DD, Moscow */
  accrualDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** Ozon's unit_number: the posting number, an ad contract number, … ('' when none) */
  unitNumber: z.string(),
  currency: Currency,
  lines: z.array(FinanceAccrualLine),
});
export type FinanceTransaction = z.infer<typeof FinanceTransaction>;
