/**
 * A stock edit for a (product, warehouse) pair Ozon has no stock row for yet:
 * a new product's first stock, or a warehouse the product was never stocked
 * in. Ozon's /v2/products/stocks takes any pair of the seller's product and
 * warehouse, and an unreported pair holds nothing, so the edit is decided
 * against a zero row that the chunk then inserts (ChunkWrites' `created`).
 */
import type { Transaction } from 'kysely';
import type { DB } from '../db/schema';
import { splitKey } from '../store-data/tables';

/**
 * The zero row of `key` ("productId:warehouseId") when both the product and the
 * warehouse are live rows of the store, else null (the edit is then UNKNOWN_ROW).
 * An archived warehouse (Ozon's `disabled`) takes no stock.
 */
export async function unstockedPair(trx: Transaction<DB>, storeId: string, key: string): Promise<Record<string, unknown> | null> {
  const [productId, warehouseId] = splitKey(key, 2) as [string, string];
  if (!productId || !warehouseId) return null;
  const product = await trx
    .selectFrom('products')
    .select(['offer_id', 'sku'])
    .where('store_id', '=', storeId)
    .where('product_id', '=', productId)
    .where('deleted', '=', 0)
    .executeTakeFirst();
  if (!product) return null;
  const warehouse = await trx
    .selectFrom('warehouses')
    .select('data')
    .where('store_id', '=', storeId)
    .where('warehouse_id', '=', warehouseId)
    .where('deleted', '=', 0)
    .executeTakeFirst();
  if (!warehouse || (JSON.parse(warehouse.data) as { status?: unknown }).status === 'disabled') return null;
  return { productId, warehouseId, offerId: product.offer_id ?? '', sku: product.sku ?? null, present: 0, reserved: 0 };
}
