/**
 * FBS/rFBS stock per (product, warehouse) from
 * /v2/product/info/stocks-by-warehouse/fbs. Ozon requires offer_id (≤1000)
 * in the request, so we walk our own products in product_id order, 1000 at a
 * time, and page each chunk by Ozon's cursor. Checkpoint cursor =
 * {"after": last product_id of the finished chunks, "ozon": cursor inside the chunk}.
 * Pairs no longer reported are swept (stock row tombstoned).
 */
import type { StockLevel } from '../../../shared/domain/catalog';
import { listStocksByWarehouse } from '../../ozon/endpoints/stocks';
import { TABLES } from '../tables';
import { applyRows, sweepUnseen } from '../upsert';
import type { Importer } from './context';

type Doc = Omit<StockLevel, 'storeId' | 'version' | 'updatedAt' | 'deleted'>;
const CHUNK = 1000;

export const stocksImporter: Importer = {
  entity: 'stocks',
  // walks our own products for their offer_ids
  after: ['products'],
  async run(ctx) {
    const state = ctx.cursor ? (JSON.parse(ctx.cursor) as { after: string; ozon: string }) : { after: '', ozon: '' };
    const totalRow = await ctx.db.selectFrom('products').select((eb) => eb.fn.countAll().as('n')).where('store_id', '=', ctx.scope.storeId).where('deleted', '=', 0).executeTakeFirst();
    const total = Number(totalRow?.n ?? 0);
    let done = ctx.done;
    for (;;) {
      const chunk = await ctx.db
        .selectFrom('products')
        .select(['product_id', 'offer_id'])
        .where('store_id', '=', ctx.scope.storeId)
        .where('deleted', '=', 0)
        .where('product_id', '>', state.after)
        .orderBy('product_id')
        .limit(CHUNK)
        .execute();
      if (!chunk.length) break;
      const offerIds = chunk.map((p) => p.offer_id ?? '').filter(Boolean);
      let ozonCursor = state.ozon;
      for (;;) {
        const page = await listStocksByWarehouse(ctx.client, offerIds, ozonCursor, ctx.signal);
        const rows = page.products.map((s) => {
          const doc: Doc = { productId: s.product_id, warehouseId: s.warehouse_id, offerId: s.offer_id, sku: s.sku, present: s.present, reserved: s.reserved };
          return { key: [s.product_id, s.warehouse_id], data: doc };
        });
        const more = page.has_next && !!page.cursor;
        const last = chunk[chunk.length - 1]!.product_id;
        const nextState = more ? { after: state.after, ozon: page.cursor } : { after: last, ozon: '' };
        if (!more) done += chunk.length;
        await ctx.commit((trx) => applyRows(trx, TABLES.stock, ctx.scope, rows, { holdEditsInFlight: true }).then(() => undefined), { cursor: JSON.stringify(nextState), done, total });
        state.after = nextState.after;
        state.ozon = nextState.ozon;
        if (!more) break;
        ozonCursor = page.cursor;
      }
      if (chunk.length < CHUNK) break;
    }
    await ctx.commit((trx) => sweepUnseen(trx, TABLES.stock, ctx.scope).then(() => undefined), { total: done });
  },
};
