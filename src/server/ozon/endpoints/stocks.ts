/**
 * /v2/product/info/stocks-by-warehouse/fbs: present/reserved per product and
 * warehouse. The request must name offer_id or sku (≤1000), so the import
 * walks our own product list in chunks and pages each chunk by cursor.
 */
import { z } from 'zod';
import type { OzonClient } from '../client';
import { zArr, zBool, zId, zIdOpt, zNum, zStr } from './zod-helpers';

export const OzonStockRow = z.object({
  product_id: zId,
  warehouse_id: zId,
  offer_id: zStr,
  sku: zIdOpt,
  present: zNum,
  reserved: zNum,
});
export type OzonStockRow = z.output<typeof OzonStockRow>;
export const StocksByWarehouseResponse = z.object({ products: zArr(OzonStockRow), cursor: zStr, has_next: zBool });

export const listStocksByWarehouse = (c: OzonClient, offerIds: string[], cursor: string, signal?: AbortSignal) =>
  c.call('/v2/product/info/stocks-by-warehouse/fbs', { offer_id: offerIds, limit: 1000, ...(cursor ? { cursor } : {}) }, StocksByWarehouseResponse, { signal });
