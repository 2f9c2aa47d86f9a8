/** /v5/product/info/prices (cursor, ≤1000; prices are numbers here, strings elsewhere). */
import { z } from 'zod';
import type { OzonClient } from '../client';
import { zArr, zId, zMoney, zNumOpt, zStr } from './zod-helpers';

export const OzonPriceItem = z.object({
  product_id: zId,
  offer_id: zStr,
  price: z.object({
    price: zMoney,
    old_price: zMoney,
    min_price: zMoney,
    marketing_seller_price: zMoney,
    currency_code: zStr,
  }),
});
export type OzonPriceItem = z.output<typeof OzonPriceItem>;
export const PricesResponse = z.object({ items: zArr(OzonPriceItem), cursor: zStr, total: zNumOpt });

/** Every product's prices (the import), or only those of `productIds` (≤1000: the price export's read-back). */
export const listPrices = (c: OzonClient, cursor: string, limit: number, signal?: AbortSignal, productIds?: string[]) =>
  c.call('/v5/product/info/prices', { filter: { ...(productIds ? { product_id: productIds } : {}), visibility: 'ALL' }, limit, ...(cursor ? { cursor } : {}) }, PricesResponse, { signal });
