/**
 * /v3/finance/transaction/list: page/page_size (≤1000), a date period of at
 * most one month per request.
 */
import { z } from 'zod';
import type { OzonClient } from '../client';
import { zArr, zId, zIdOpt, zMoney, zNum, zStr, zStrOpt, zTs } from './zod-helpers';

export const OzonFinanceOperation = z.object({
  operation_id: zId,
  operation_type: zStr,
  operation_type_name: zStr,
  operation_date: zTs,
  type: zStr,
  amount: zMoney,
  accruals_for_sale: zMoney,
  sale_commission: zMoney,
  delivery_charge: zMoney,
  return_delivery_charge: zMoney,
  posting: z
    .object({ posting_number: zStrOpt, delivery_schema: zStr, order_date: zTs, warehouse_id: zIdOpt })
    .nullish()
    .transform((v) => v ?? null),
  items: zArr(z.object({ name: zStr, sku: zIdOpt })),
  services: zArr(z.object({ name: zStr, price: zMoney })),
});
export type OzonFinanceOperation = z.output<typeof OzonFinanceOperation>;
export const FinanceListResponse = z.object({ result: z.object({ operations: zArr(OzonFinanceOperation), page_count: zNum, row_count: zNum }) });

export const FINANCE_PAGE = 1000;

export const listFinanceTransactions = (c: OzonClient, from: string, to: string, page: number, signal?: AbortSignal) =>
  c.call('/v3/finance/transaction/list', { filter: { date: { from, to }, transaction_type: 'all' }, page, page_size: FINANCE_PAGE }, FinanceListResponse, { signal });
