/**
 * Returns from /v1/returns/list (500 a page, last_id keyset on the return
 * id). The first run lists every return Ozon has; later runs list returns
 * whose visual status changed since the last success (minus an overlap):
 * new returns start with a status, so they are included. The window is frozen
 * in the checkpoint so a resumed run continues the query its last_id belongs
 * to. Returns are history: never swept.
 */
import type { Return } from '../../../shared/domain/orders';
import { listReturns, type OzonReturn, type ReturnsFilter } from '../../ozon/endpoints/returns';
import { TABLES } from '../tables';
import { applyRows } from '../upsert';
import type { Importer, RunContext } from './context';
import { isoSec } from './windows';

type Doc = Omit<Return, 'storeId' | 'version' | 'updatedAt' | 'deleted'>;
const OVERLAP_MS = 10 * 60_000;

export function returnDoc(r: OzonReturn): Doc {
  return {
    returnId: r.id,
    postingNumber: r.posting_number,
    scheme: r.schema,
    type: r.type,
    status: r.visual.status.sys_name,
    reason: r.return_reason_name,
    sku: r.product.sku,
    offerId: r.product.offer_id,
    quantity: r.product.quantity,
    price: r.product.price.price,
    currency: r.product.price.currency_code || null,
    returnedAt: r.logistic.return_date,
  };
}

function filterFor(ctx: RunContext): ReturnsFilter {
  if (ctx.mode === 'full' || !ctx.lastSuccessAt) return {};
  // open-ended: the run reads up to Ozon's now, whatever our clock says
  return { statusChangedFrom: isoSec(Date.parse(ctx.lastSuccessAt) - OVERLAP_MS) };
}

export const returnsImporter: Importer = {
  entity: 'returns',
  async run(ctx) {
    const saved = ctx.cursor ? (JSON.parse(ctx.cursor) as { f: ReturnsFilter; last: string }) : null;
    const f = saved?.f ?? filterFor(ctx);
    let last = saved?.last ?? '';
    for (;;) {
      const page = await listReturns(ctx.client, f, last, ctx.signal);
      const rows = page.returns.map((r) => ({ key: [r.id], data: returnDoc(r) }));
      const next = page.has_next && page.returns.length ? page.returns[page.returns.length - 1]!.id : '';
      await ctx.commit((trx) => applyRows(trx, TABLES.return, { workspaceId: ctx.scope.workspaceId, storeId: ctx.scope.storeId }, rows).then(() => undefined), {
        cursor: next ? JSON.stringify({ f, last: next }) : null,
        done: ctx.done + rows.length,
        total: next ? null : ctx.done + rows.length,
      });
      if (!next) break;
      last = next;
    }
  },
};
