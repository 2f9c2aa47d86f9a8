/**
 * Prices from /v5/product/info/prices (cursor, 1000 a page) patched into the
 * product documents (price, old/min/marketing price, currency). Products not
 * imported yet are skipped: the products import creates them.
 */
import { listPrices } from '../../ozon/endpoints/prices';
import { optionalPrice } from '../../ozon/endpoints/zod-helpers';
import { TABLES } from '../tables';
import { applyRows } from '../upsert';
import type { Importer } from './context';

export const pricesImporter: Importer = {
  entity: 'prices',
  // patches product documents: products not imported yet would be skipped
  after: ['products'],
  async run(ctx) {
    let cursor = ctx.cursor ?? '';
    for (;;) {
      const page = await listPrices(ctx.client, cursor, 1000, ctx.signal);
      const rows = page.items.map((it) => ({
        key: [it.product_id],
        patch: { price: it.price.price, oldPrice: optionalPrice(it.price.old_price), minPrice: optionalPrice(it.price.min_price), marketingPrice: optionalPrice(it.price.marketing_seller_price), currency: it.price.currency_code },
      }));
      const next = page.cursor && page.items.length === 1000 ? page.cursor : null;
      await ctx.commit((trx) => applyRows(trx, TABLES.product, { workspaceId: ctx.scope.workspaceId, storeId: ctx.scope.storeId }, rows, { holdEditsInFlight: true }).then(() => undefined), {
        cursor: next,
        done: ctx.done + rows.length,
        total: page.total ?? null,
      });
      if (!next) break;
      cursor = next;
    }
  },
};
