/**
 * FBS (/v4/posting/fbs/list) and FBO (/v3/posting/fbo/list) postings, 100 a
 * page by cursor. The first run takes `postingsHistoryDays`; later runs ask
 * FBS for postings whose status changed since the last success (minus an
 * overlap) and re-read the last 14 days of FBO (no status-change filter
 * there). The window is frozen in the checkpoint so a resumed run continues
 * the same query its cursor belongs to. Postings are never swept.
 */
import type { Posting } from '../../../shared/domain/orders';
import { listFboPostings, listFbsPostings, type OzonPosting, type PostingWindow } from '../../ozon/endpoints/postings';
import { TABLES } from '../tables';
import { applyRows, type RowInput } from '../upsert';
import type { Importer, RunContext } from './context';

type Doc = Omit<Posting, 'storeId' | 'version' | 'updatedAt' | 'deleted'>;
const DAY = 86_400_000;
const OVERLAP_MS = 5 * 60_000;

/** Ozon wants whole seconds with Z */
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function postingDoc(p: OzonPosting, scheme: 'fbs' | 'fbo'): Doc {
  return {
    postingNumber: p.posting_number,
    scheme,
    orderId: p.order_id,
    orderNumber: p.order_number,
    status: p.status,
    substatus: p.substatus,
    warehouseId: scheme === 'fbs' ? (p.delivery_method?.warehouse_id ?? null) : null,
    deliveryMethodName: p.delivery_method?.name || null,
    trackingNumber: p.tracking_number,
    inProcessAt: p.in_process_at,
    shipmentDate: p.shipment_date,
    deliveringDate: p.delivering_date,
    cancelReason: p.cancellation?.cancel_reason ?? null,
    cancelReasonId: p.cancellation?.cancel_reason_id ?? p.cancel_reason_id ?? null,
    availableActions: p.available_actions,
    items: p.products.map((it) => ({ sku: it.sku, offerId: it.offer_id, name: it.name, quantity: it.quantity, price: it.price.amount, currency: it.price.currency || it.currency_code || '' })),
  };
}

/** A posting's store-data row: the document and its projected columns (the import and an action's read-back write the same). */
export function postingRow(p: OzonPosting, scheme: 'fbs' | 'fbo'): RowInput {
  return { key: [p.posting_number], data: postingDoc(p, scheme), extra: { scheme, status: p.status, in_process_at: p.in_process_at } };
}

function windowFor(ctx: RunContext, scheme: 'fbs' | 'fbo'): PostingWindow {
  const now = Date.parse(ctx.startedAt);
  const since = iso(now - ctx.config.postingsHistoryDays * DAY);
  const to = iso(now + 60_000);
  if (ctx.mode === 'full' || !ctx.lastSuccessAt) return { since, to };
  if (scheme === 'fbs') return { since, to, statusChangedFrom: iso(Date.parse(ctx.lastSuccessAt) - OVERLAP_MS) };
  return { since: iso(now - Math.min(14, ctx.config.postingsHistoryDays) * DAY), to };
}

function postingsImporter(scheme: 'fbs' | 'fbo'): Importer {
  return {
    entity: scheme === 'fbs' ? 'postings_fbs' : 'postings_fbo',
    async run(ctx) {
      const saved = ctx.cursor ? (JSON.parse(ctx.cursor) as { w: PostingWindow; c: string }) : null;
      const w = saved?.w ?? windowFor(ctx, scheme);
      let cursor = saved?.c ?? '';
      for (;;) {
        const page = scheme === 'fbs' ? await listFbsPostings(ctx.client, w, cursor, ctx.signal) : await listFboPostings(ctx.client, w, cursor, ctx.signal);
        const rows = page.postings.map((p) => postingRow(p, scheme));
        const next = page.has_next && page.cursor ? page.cursor : '';
        await ctx.commit((trx) => applyRows(trx, TABLES.posting, { workspaceId: ctx.scope.workspaceId, storeId: ctx.scope.storeId }, rows).then(() => undefined), {
          cursor: next ? JSON.stringify({ w, c: next }) : null,
          done: ctx.done + rows.length,
          total: next ? null : ctx.done + rows.length,
        });
        if (!next) break;
        cursor = next;
      }
    },
  };
}

export const fbsPostingsImporter = postingsImporter('fbs');
export const fboPostingsImporter = postingsImporter('fbo');
