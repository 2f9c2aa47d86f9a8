/**
 * FBS posting writes and the reads that confirm them:
 * /v4/posting/fbs/ship (one posting a call; packages of {product_id = SKU,
 * quantity}), /v2/posting/fbs/cancel (cancel_reason_id, cancel_reason_message
 * required for 402), /v2/posting/fbs/cancel-reason/list and /v3/posting/fbs/get.
 * Writes are not idempotent: the client never retries them blindly.
 */
import { z } from 'zod';
import type { OzonClient } from '../client';
import { OzonPosting } from './postings';
import { zArr, zBool, zId, zStr } from './zod-helpers';

/** the whole posting, as the FBS list has it: a read-back also refreshes the posting's row (jobs/kinds/posting.ts) */
export const FbsPostingState = z.object({ result: OzonPosting });
export type FbsPostingState = z.output<typeof FbsPostingState>['result'];

export const ShipResponse = z.object({ result: zArr(z.string()) });
export const CancelResponse = z.object({ result: zBool });
export const CancelReasonList = z.object({
  result: zArr(z.object({ id: zId, title: zStr, type_id: zStr, is_available_for_cancellation: zBool })),
});
export type CancelReason = z.output<typeof CancelReasonList>['result'][number];

export interface ShipPackage {
  /** Ozon's product_id here is the SKU */
  products: { product_id: number; quantity: number }[];
}

export const getFbsPosting = (c: OzonClient, postingNumber: string, signal?: AbortSignal) =>
  c.call('/v3/posting/fbs/get', { posting_number: postingNumber }, FbsPostingState, { signal });

export const shipFbsPosting = (c: OzonClient, postingNumber: string, packages: ShipPackage[], signal?: AbortSignal) =>
  c.call('/v4/posting/fbs/ship', { posting_number: postingNumber, packages }, ShipResponse, { idempotent: false, signal });

export const cancelFbsPosting = (c: OzonClient, postingNumber: string, reasonId: number, message: string | undefined, signal?: AbortSignal) =>
  c.call(
    '/v2/posting/fbs/cancel',
    { posting_number: postingNumber, cancel_reason_id: reasonId, ...(message ? { cancel_reason_message: message } : {}) },
    CancelResponse,
    { idempotent: false, signal },
  );

export const listCancelReasons = (c: OzonClient, signal?: AbortSignal) => c.call('/v2/posting/fbs/cancel-reason/list', {}, CancelReasonList, { signal });
