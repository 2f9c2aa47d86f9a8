/**
 * /v1/returns/list: FBO and FBS returns, last_id keyset (return id
 * ascending), limit ≤ 500, at most one date filter per request.
 */
import { z } from 'zod';
import type { OzonClient } from '../client';
import { zArr, zBool, zId, zIdOpt, zMoney, zNum, zStr, zStrOpt, zTs } from './zod-helpers';

const zAmount = z
  .object({ currency_code: zStr, price: zMoney })
  .nullish()
  .transform((v) => v ?? { currency_code: '', price: null });

export const OzonReturn = z.object({
  id: zId,
  company_id: zIdOpt,
  return_reason_name: zStr,
  type: zStr,
  schema: zStr,
  order_id: zIdOpt,
  order_number: zStr,
  posting_number: zStr,
  product: z
    .object({ sku: zIdOpt, offer_id: zStrOpt, name: zStr, price: zAmount, quantity: zNum })
    .nullish()
    .transform((v) => v ?? { sku: null, offer_id: null, name: '', price: { currency_code: '', price: null }, quantity: 0 }),
  logistic: z
    .object({ return_date: zTs, final_moment: zTs, barcode: zStr })
    .nullish()
    .transform((v) => v ?? { return_date: null, final_moment: null, barcode: '' }),
  visual: z
    .object({
      status: z
        .object({ id: zNum, display_name: zStr, sys_name: zStr })
        .nullish()
        .transform((v) => v ?? { id: 0, display_name: '', sys_name: '' }),
      change_moment: zTs,
    })
    .nullish()
    .transform((v) => v ?? { status: { id: 0, display_name: '', sys_name: '' }, change_moment: null }),
  additional_info: z
    .object({ is_opened: zBool, is_super_econom: zBool })
    .nullish()
    .transform((v) => v ?? null),
});
export type OzonReturn = z.output<typeof OzonReturn>;

export const ReturnsListResponse = z.object({ returns: zArr(OzonReturn), has_next: zBool });

export interface ReturnsFilter {
  /** returns whose visual status changed in [from, to] (incremental refresh) */
  statusChangedFrom?: string;
  statusChangedTo?: string;
}

export const RETURNS_PAGE = 500;

export const listReturns = (c: OzonClient, f: ReturnsFilter, lastId: string, signal?: AbortSignal) =>
  c.call(
    '/v1/returns/list',
    {
      ...(f.statusChangedFrom ? { filter: { visual_status_change_moment: { time_from: f.statusChangedFrom, ...(f.statusChangedTo ? { time_to: f.statusChangedTo } : {}) } } } : {}),
      limit: RETURNS_PAGE,
      ...(lastId ? { last_id: Number(lastId) } : {}),
    },
    ReturnsListResponse,
    { signal },
  );
