/**
 * FBS stocks: /v4/product/info/stocks (cursor), /v2/products/stocks (writes,
 * ≤100 pairs; 80 req/min in rate-limit.ts; a pair at most once per 30 s →
 * per-item TOO_MANY_REQUESTS inside a 200, as the spec states) and
 * /v2/product/info/stocks-by-warehouse/fbs (cursor over product×warehouse).
 */
import { Check, msg, msgs, num, nums, str, strs } from '../protocol/validate';
import { decodeCursor, encodeCursor } from '../protocol/pagination';
import { setFree } from '../market/stock';
import type { RouteDef } from './context';
import { filterOf } from './products';
import { findProduct, queryProducts, stocksOf } from './product-store';

export const STOCK_PAIR_INTERVAL_MS = 30_000;

export const stockRoutes: RouteDef[] = [
  {
    path: '/v4/product/info/stocks',
    handler: ({ w, store, body }) => {
      const check = new Check('GetProductInfoStocksRequest');
      const limit = check.range('limit', num(body.limit), 1, 1000);
      const cur = decodeCursor(str(body.cursor), 'cursor');
      const { rows, total } = queryProducts(w.db, store.id, filterOf(msg(body.filter)), cur ? Number(cur[0]) : 0, limit + 1);
      const page = rows.slice(0, limit);
      const stocks = stocksOf(w.db, page.map((p) => p.product_id));
      const rfbs = new Set((w.db.prepare('SELECT warehouse_id FROM warehouses WHERE store_id = ? AND is_rfbs = 1').all(store.id) as { warehouse_id: number }[]).map((r) => r.warehouse_id));
      return {
        cursor: rows.length > limit ? encodeCursor([page[page.length - 1]!.product_id]) : '',
        items: page.map((p) => {
          const st = stocks.get(p.product_id) ?? [];
          const groups = (['fbs', 'rfbs'] as const)
            .map((type) => {
              const list = st.filter((s) => rfbs.has(s.warehouse_id) === (type === 'rfbs'));
              return {
                present: list.reduce((a, s) => a + s.present, 0),
                reserved: list.reduce((a, s) => a + s.reserved, 0),
                shipment_type: 'SHIPMENT_TYPE_GENERAL',
                sku: p.sku,
                type,
                warehouse_ids: list.map((s) => s.warehouse_id),
              };
            })
            .filter((g) => g.warehouse_ids.length > 0);
          return { offer_id: p.offer_id, product_id: p.product_id, stocks: groups };
        }),
        total,
      };
    },
  },
  {
    path: '/v2/products/stocks',
    handler: ({ w, store, body, limitsNow }) => {
      const check = new Check('ProductsStocksV2Request');
      const items = check.maxItems('stocks', check.minItems('stocks', msgs(body.stocks), 1), 100);
      const lastWrite = w.db.prepare('SELECT at FROM stock_writes WHERE product_id = ? AND warehouse_id = ?');
      const record = w.db.prepare('INSERT INTO stock_writes(product_id, warehouse_id, at) VALUES (?,?,?) ON CONFLICT(product_id, warehouse_id) DO UPDATE SET at = excluded.at');
      const warehouse = w.db.prepare('SELECT warehouse_id FROM warehouses WHERE warehouse_id = ? AND store_id = ?');
      const result = items.map((it) => {
        const offerId = str(it.offer_id);
        const productId = num(it.product_id);
        const warehouseId = num(it.warehouse_id);
        const stock = num(it.stock);
        const p = findProduct(w.db, store.id, offerId ? { offerId } : { productId });
        const base = { offer_id: offerId || p?.offer_id || '', product_id: p?.product_id ?? productId, warehouse_id: warehouseId };
        const fail = (code: string, message: string) => ({ ...base, updated: false, errors: [{ code, message }] });
        if (!p) return fail('NOT_FOUND', 'Product not found');
        if (!warehouse.get(warehouseId, store.id)) return fail('WAREHOUSE_NOT_FOUND', 'Warehouse not found');
        if (p.status !== 'price_sent') return fail('PRODUCT_IS_NOT_CREATED', 'Product is not created yet');
        if (stock < 0) return fail('STOCK_TOO_SMALL', 'Stock must not be negative');
        if (stock > 1_000_000) return fail('STOCK_TOO_BIG', 'Stock is too big');
        const last = lastWrite.get(p.product_id, warehouseId) as { at: number } | undefined;
        if (last && limitsNow - last.at < STOCK_PAIR_INTERVAL_MS) return fail('TOO_MANY_REQUESTS', 'Too many requests for the product and warehouse pair, try again in 30 seconds');
        setFree(w.db, store.id, p.product_id, warehouseId, stock);
        record.run(p.product_id, warehouseId, limitsNow);
        return { ...base, updated: true, errors: [] };
      });
      return { result };
    },
  },
  {
    path: '/v2/product/info/stocks-by-warehouse/fbs',
    handler: ({ w, store, body }) => {
      const check = new Check('GetProductInfoStocksByWarehouseFbsRequestV2');
      const limit = check.range('limit', num(body.limit), 1, 1000);
      const offerIds = check.maxItems('offer_id', strs(body.offer_id), 1000);
      const skus = check.maxItems('sku', nums(body.sku), 1000);
      const cur = decodeCursor(str(body.cursor), 'cursor');
      const [afterP, afterW] = cur ? [Number(cur[0]), Number(cur[1])] : [0, 0];
      const where = ['s.store_id = ?', '(s.product_id > ? OR (s.product_id = ? AND s.warehouse_id > ?))'];
      const args: (string | number)[] = [store.id, afterP, afterP, afterW];
      const ors: string[] = [];
      if (offerIds.length) {
        ors.push(`p.offer_id IN (${offerIds.map(() => '?').join(',')})`);
        args.push(...offerIds);
      }
      if (skus.length) {
        ors.push(`p.sku IN (${skus.map(() => '?').join(',')})`);
        args.push(...skus);
      }
      if (ors.length) where.push(`(${ors.join(' OR ')})`);
      const rows = w.db
        .prepare(
          `SELECT s.product_id, s.warehouse_id, s.present, s.reserved, p.sku, p.offer_id, wh.name AS warehouse_name FROM stocks s
           JOIN products p ON p.product_id = s.product_id JOIN warehouses wh ON wh.warehouse_id = s.warehouse_id
           WHERE ${where.join(' AND ')} ORDER BY s.product_id, s.warehouse_id LIMIT ?`,
        )
        .all(...args, limit + 1) as { product_id: number; warehouse_id: number; present: number; reserved: number; sku: number; offer_id: string; warehouse_name: string }[];
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        cursor: last ? encodeCursor([last.product_id, last.warehouse_id]) : '',
        has_next: rows.length > limit,
        products: page.map((r) => ({
          free_stock: Math.max(0, r.present - r.reserved),
          offer_id: r.offer_id,
          present: r.present,
          product_id: r.product_id,
          reserved: r.reserved,
          sku: r.sku,
          warehouse_id: r.warehouse_id,
          warehouse_name: r.warehouse_name,
        })),
      };
    },
  },
];
