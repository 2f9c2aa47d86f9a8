/**
 * /v4/posting/fbs/list (cursor, ≤100, since/to required, at most a year) and
 * /v3/posting/fbo/list (cursor, ≤100). Prices are {amount, currency} objects
 * in both; older shapes (plain strings) are accepted too.
 */
import { z } from 'zod';
import type { OzonClient } from '../client';
import { normalizeMoney, zArr, zBool, zId, zIdOpt, zNum, zStr, zStrOpt, zTs } from './zod-helpers';

const zPrice = z
  .union([z.object({ amount: z.union([z.string(), z.number()]).nullish(), currency: z.string().nullish() }), z.string(), z.number(), z.null()])
  .optional()
  .transform((v) => {
    if (v && typeof v === 'object') return { amount: normalizeMoney(v.amount ?? null) ?? '0.00', currency: v.currency ?? '' };
    return { amount: normalizeMoney(v ?? null) ?? '0.00', currency: '' };
  });

const PostingProduct = z.object({ sku: zId, offer_id: zStr, name: zStr, quantity: zNum, price: zPrice, currency_code: zStrOpt });

export const OzonPosting = z.object({
  posting_number: z.string(),
  order_id: zId,
  order_number: zStr,
  status: zStr,
  substatus: zStr,
  tracking_number: zStrOpt,
  in_process_at: zTs,
  shipment_date: zTs,
  delivering_date: zTs,
  delivery_method: z
    .object({ name: zStr, warehouse_id: zIdOpt })
    .nullish()
    .transform((v) => v ?? null),
  cancellation: z
    .object({ cancel_reason: zStrOpt, cancel_reason_id: zIdOpt })
    .nullish()
    .transform((v) => v ?? null),
  cancel_reason_id: zIdOpt,
  available_actions: zArr(z.string()),
  products: zArr(PostingProduct),
});
export type OzonPosting = z.output<typeof OzonPosting>;

export const PostingListResponse = z.object({ postings: zArr(OzonPosting), cursor: zStr, has_next: zBool });

export interface PostingWindow {
  since: string;
  to: string;
  /** FBS only: postings whose status changed in this period */
  statusChangedFrom?: string;
}

export const listFbsPostings = (c: OzonClient, w: PostingWindow, cursor: string, signal?: AbortSignal) =>
  c.call(
    '/v4/posting/fbs/list',
    {
      filter: { since: w.since, to: w.to, ...(w.statusChangedFrom ? { last_changed_status_date: { from: w.statusChangedFrom, to: w.to } } : {}) },
      limit: 100,
      sort_dir: 'ASC',
      ...(cursor ? { cursor } : {}),
    },
    PostingListResponse,
    { signal },
  );

export const listFboPostings = (c: OzonClient, w: PostingWindow, cursor: string, signal?: AbortSignal) =>
  c.call('/v3/posting/fbo/list', { filter: { since: w.since, to: w.to }, limit: 100, sort_dir: 'ASC', ...(cursor ? { cursor } : {}) }, PostingListResponse, { signal });
