import type { CoreContext } from '../../core/core';
import type { DomainHandlers } from '../types';

/** Products and stocks: reads from the cache only; edits go row + outbox in one transaction, then the pusher. */
export function productsHandlers(core: CoreContext): DomainHandlers<'products' | 'stocks'> {
  return {
    'products:query': async (q) => core.sync.require().queries.products(q),
    'products:facets': async ({ storeId }) => core.sync.require().queries.facets(storeId),
    'products:get': async ({ storeId, productId }) => core.sync.require().queries.product(storeId, productId),
    'products:update': async ({ storeId, productId, changes }) => {
      const w = core.sync.require();
      const cur = w.queries.product(storeId, productId);
      const label = `${cur.product.name} (${cur.product.offerId})`;
      if (w.cache.edit('product', storeId, productId, changes, label)) w.engine.kick();
      else core.events.emit('data:changed');
      return w.queries.product(storeId, productId);
    },
    'stocks:update': async ({ storeId, productId, warehouseId, present }) => {
      const w = core.sync.require();
      const cur = w.queries.product(storeId, productId);
      const wh = cur.stocks.find((s) => s.warehouseId === warehouseId);
      const label = `${cur.product.name} (${cur.product.offerId}) · ${wh?.warehouseName ?? warehouseId}`;
      if (w.cache.edit('stock', storeId, `${productId}:${warehouseId}`, { present }, label)) w.engine.kick();
      else core.events.emit('data:changed');
      return w.queries.product(storeId, productId);
    },
  };
}
