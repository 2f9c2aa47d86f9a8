/**
 * A stock edit for a (product, warehouse) pair Ozon has no stock row for yet:
 * a new product's first stock, or a warehouse the product was never stocked
 * in. Ozon's /v2/products/stocks takes any pair of the seller's product and
 * warehouse, and an unreported pair holds nothing, so the edit is decided
 * against a zero row that the chunk then inserts (ChunkWrites' `created`).
 */
import type { Transaction } from 'kysely';
import { unstockedLevel } from '../../shared/domain/catalog';
import { warehouseTakesStock } from '../../shared/domain/store';
import type { DB } from '../db/schema';
import { splitKey } from '../store-data/tables';

/**
 * The zero row of `key` ("productId:warehouseId") when both the product and the
 * warehouse are live rows of the store and the warehouse takes stock, else null
 * (the edit is then UNKNOWN_ROW).
 */
export async function unstockedPair(trx: Transaction<DB>, storeId: string, key: string): Promise<ReturnType<typeof unstockedLevel> | null> {
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
  if (!warehouse || !warehouseTakesStock(String((JSON.parse(warehouse.data) as { status?: unknown }).status ?? ''))) return null;
  return unstockedLevel(productId, warehouseId, product.offer_id ?? '', product.sku ?? null);
}
