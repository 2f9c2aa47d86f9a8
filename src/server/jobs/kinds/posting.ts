/**
 * posting_ship → /v4/posting/fbs/ship and posting_cancel → /v2/posting/fbs/cancel,
 * one posting a request (batchSize 1), read back with /v3/posting/fbs/get.
 * The read-back's posting (status, substatus, the actions Ozon now offers) is
 * written to the posting's row as the item settles: the seller sees a shipped
 * posting shipped within seconds, not at the next FBS import (a minute), and
 * with no request beyond the read-back itself.
 *
 * - Ship is applied when the posting has left awaiting_packaging for a shipped
 *   status (awaiting_deliver and later). Ozon sometimes answers 200 yet leaves
 *   the posting awaiting_packaging with substatus ship_failed ("retry"): the
 *   item is held a few seconds and sent again (at most SHIP_ATTEMPTS times).
 * - Cancel is applied when the posting is cancelled. The reason must be one of
 *   Ozon's cancellable reasons (/v2/posting/fbs/cancel-reason/list, cached
 *   per client); reason 402 needs a message.
 * - "Already shipped" / "already cancelled" refusals are not failures: the
 *   read-back decides (a crash after the request must not fail the item).
 */
import type { OzonClient } from '../../ozon/client';
import { isOzonError } from '../../ozon/errors';
import { cancelFbsPosting, getFbsPosting, listCancelReasons, shipFbsPosting, type CancelReason, type FbsPostingState } from '../../ozon/endpoints/posting-actions';
import { postingRow } from '../../store-data/importers/postings';
import type { ItemRow } from '../settle';
import type { ExportValuesByKind } from '../enqueue';
import { alreadyDone, noHolds, payloadOf, refusal, retryHold } from './action-common';
import type { ItemResult, KindHandler, ReadBack } from './types';

/** statuses a posting reaches only after it was shipped (assembled and handed over) */
export const SHIPPED_STATUSES = ['awaiting_deliver', 'sent_by_seller', 'driver_pickup', 'delivering', 'delivered', 'arbitration', 'client_arbitration'];
const SHIP_ATTEMPTS = 5;

async function readPostings(c: OzonClient, items: ItemRow[], matches: (p: FbsPostingState) => boolean, signal?: AbortSignal): Promise<Map<string, ReadBack>> {
  const out = new Map<string, ReadBack>();
  for (const it of items) {
    let p: FbsPostingState;
    try {
      p = (await getFbsPosting(c, it.row_key!, signal)).result;
    } catch (e) {
      if (isOzonError(e) && e.kind === 'rejected') continue; // Ozon does not know the posting
      throw e;
    }
    out.set(it.id, { matches: matches(p), value: { status: p.status, substatus: p.substatus }, row: postingRow(p, 'fbs') });
  }
  return out;
}

export const postingShipHandler: KindHandler = {
  kind: 'posting_ship',
  path: '/v4/posting/fbs/ship',
  batchSize: 1,
  waitCodes: ['SHIP_FAILED'],
  preRead: false,
  holds: noHolds,
  waitHold: (item, nowMs) => retryHold(item, nowMs, 'Ozon did not finish assembling the posting (substatus ship_failed)'),
  read: (c, _db, _storeId, items, signal) => readPostings(c, items, (p) => SHIPPED_STATUSES.includes(p.status), signal),
  body(items) {
    const it = items[0]!;
    const v = payloadOf<ExportValuesByKind['posting_ship']>(it);
    return { postingNumber: it.row_key!, packages: v.packages.map((p) => ({ products: p.products.map((x) => ({ product_id: BigInt(x.sku), quantity: x.quantity })) })) };
  },
  async results(c, items, body, signal) {
    const it = items[0]!;
    const b = body as { postingNumber: string; packages: { products: { product_id: number; quantity: number }[] }[] };
    let r: ItemResult;
    try {
      await shipFbsPosting(c, b.postingNumber, b.packages, signal);
      // 200 does not mean shipped: Ozon may leave the posting ship_failed
      const p = (await getFbsPosting(c, b.postingNumber, signal)).result;
      if (p.status === 'awaiting_packaging' && p.substatus === 'ship_failed') {
        r =
          it.attempts < SHIP_ATTEMPTS
            ? { ok: false, code: 'SHIP_FAILED', message: 'Ozon answered but left the posting unassembled (ship_failed)' }
            : { ok: false, code: 'SHIP_FAILED_REPEATEDLY', message: `Ozon left the posting unassembled (ship_failed) after ${it.attempts} attempts` };
      } else r = { ok: true };
    } catch (e) {
      r = refusal(e);
      if (alreadyDone(r, ['POSTING_ALREADY_SHIPPED'])) r = { ok: true };
    }
    return new Map([[it.id, r]]);
  },
};

/** Ozon's cancel reasons per client (they change rarely; one list a process). */
const reasonCache = new WeakMap<OzonClient, Promise<CancelReason[]>>();
function reasonsOf(c: OzonClient, signal?: AbortSignal): Promise<CancelReason[]> {
  let p = reasonCache.get(c);
  if (!p) {
    p = listCancelReasons(c, signal).then((r) => r.result);
    p.catch(() => reasonCache.delete(c));
    reasonCache.set(c, p);
  }
  return p;
}

export const postingCancelHandler: KindHandler = {
  kind: 'posting_cancel',
  path: '/v2/posting/fbs/cancel',
  batchSize: 1,
  waitCodes: [],
  preRead: false,
  holds: noHolds,
  waitHold: (item, nowMs) => retryHold(item, nowMs, 'Ozon asked to retry'),
  read: (c, _db, _storeId, items, signal) => readPostings(c, items, (p) => p.status === 'cancelled', signal),
  body(items) {
    const it = items[0]!;
    const v = payloadOf<ExportValuesByKind['posting_cancel']>(it);
    return { postingNumber: it.row_key!, reasonId: v.reasonId, message: v.message?.trim() || undefined };
  },
  async results(c, items, body, signal) {
    const it = items[0]!;
    const b = body as { postingNumber: string; reasonId: number; message?: string };
    const reasons = await reasonsOf(c, signal);
    const reason = reasons.find((x) => Number(x.id) === b.reasonId);
    if (!reason || !reason.is_available_for_cancellation) {
      const valid = reasons.filter((x) => x.is_available_for_cancellation).map((x) => `${x.id} (${x.title})`);
      return new Map([[it.id, { ok: false, code: 'INVALID_CANCEL_REASON', message: `Ozon does not accept cancel reason ${b.reasonId}; allowed: ${valid.join(', ')}` }]]);
    }
    if (b.reasonId === 402 && !b.message) return new Map([[it.id, { ok: false, code: 'CANCEL_MESSAGE_REQUIRED', message: 'Ozon requires a message for cancel reason 402 ("other")' }]]);
    let r: ItemResult;
    try {
      const res = await cancelFbsPosting(c, b.postingNumber, b.reasonId, b.message, signal);
      r = res.result ? { ok: true } : { ok: false, code: 'NOT_CANCELLED', message: 'Ozon answered result=false' };
    } catch (e) {
      r = refusal(e);
      if (alreadyDone(r, ['POSTING_ALREADY_CANCELLED'])) r = { ok: true };
    }
    return new Map([[it.id, r]]);
  },
};
