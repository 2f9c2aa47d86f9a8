/**
 * Product rows and the shared filter (offer_id / product_id / sku +
 * visibility) used by /v3/product/list, /v4/product/info/attributes,
 * /v5/product/info/prices and /v4/product/info/stocks.
 */
import type { Db } from '../db/open';

export interface ProductRow {
  product_id: number;
  store_id: number;
  offer_id: string;
  sku: number;
  name: string;
  description: string;
  description_category_id: number;
  type_id: number;
  barcodes: string;
  images: string;
  primary_image: string;
  color_image: string;
  attributes: string;
  price: number;
  old_price: number;
  min_price: number;
  net_price: number;
  vat: string;
  currency_code: string;
  depth: number;
  width: number;
  height: number;
  dimension_unit: string;
  weight: number;
  weight_unit: string;
  archived: number;
  is_discounted: number;
  is_kgt: number;
  status: string;
  moderate_status: string;
  validation_status: string;
  status_updated_at: number;
  created_at: number;
  updated_at: number;
  fbo_present: number;
  fbo_reserved: number;
  auto_action_enabled: number;
  commission_fbs: number;
  commission_fbo: number;
}

/** products.archived: 0 = not archived, 1 = archived by the seller, 2 = archived automatically by Ozon. */
export const ARCHIVED_MANUAL = 1;
export const ARCHIVED_AUTO = 2;

export interface ProductFilter {
  offerIds: string[];
  productIds: number[];
  skus: number[];
  visibility: string;
}

/** SQL WHERE fragment for a visibility value (unknown/rare values behave as ALL). */
function visibilitySql(v: string): string {
  const fbsStock = '(SELECT COALESCE(SUM(present), 0) FROM stocks s WHERE s.product_id = products.product_id)';
  switch (v) {
    case 'ARCHIVED':
      return 'archived <> 0';
    case 'MANUAL_ARCHIVED':
      return `archived = ${ARCHIVED_MANUAL}`;
    case 'AUTO_ARCHIVED':
      return `archived = ${ARCHIVED_AUTO}`;
    case 'SEASONAL_AUTO_ARCHIVED':
      return '0';
    case 'VISIBLE':
    case 'IN_SALE':
      return `archived = 0 AND status = 'price_sent' AND (${fbsStock} > 0 OR fbo_present > 0)`;
    case 'VISIBLE_WITH_FBO_STOCK':
      return `archived = 0 AND status = 'price_sent' AND fbo_present > 0`;
    case 'INVISIBLE':
    case 'REMOVED_FROM_SALE':
      return `archived = 0 AND NOT (status = 'price_sent' AND (${fbsStock} > 0 OR fbo_present > 0))`;
    case 'EMPTY_STOCK':
      return `archived = 0 AND ${fbsStock} = 0 AND fbo_present = 0`;
    case 'NOT_MODERATED':
    case 'VALIDATION_STATE_PENDING':
      return `archived = 0 AND moderate_status <> 'approved'`;
    case 'MODERATED':
    case 'VALIDATION_STATE_SUCCESS':
    case 'TO_SUPPLY':
    case 'READY_TO_SUPPLY':
      return `archived = 0 AND moderate_status = 'approved'`;
    case 'STATE_FAILED':
    case 'VALIDATION_STATE_FAIL':
      return `archived = 0 AND status = 'failed'`;
    case 'EMPTY_BARCODE':
      return `archived = 0 AND barcodes = '[]'`;
    case 'BARCODE_EXISTS':
      return `archived = 0 AND barcodes <> '[]'`;
    case 'DISABLED':
    case 'OVERPRICED':
    case 'CRITICALLY_OVERPRICED':
    case 'OVERPRICED_WITH_STOCK':
    case 'QUARANTINE':
    case 'PARTIAL_APPROVED':
      return '0';
    default:
      return 'archived = 0';
  }
}

/**
 * Products of a store matching the filter, ordered by product_id, after
 * `afterProductId` (keyset pagination), at most `limit` (0 = all).
 * Explicit ids/offer_ids/skus select products regardless of archive state
 * unless a visibility other than ALL is given, as Ozon does.
 */
export function queryProducts(db: Db, storeId: number, f: ProductFilter, afterProductId: number, limit: number): { rows: ProductRow[]; total: number } {
  const where: string[] = ['store_id = ?'];
  const args: (string | number)[] = [storeId];
  const explicit = f.offerIds.length + f.productIds.length + f.skus.length > 0;
  if (explicit) {
    const ors: string[] = [];
    if (f.offerIds.length) {
      ors.push(`offer_id IN (${f.offerIds.map(() => '?').join(',')})`);
      args.push(...f.offerIds);
    }
    if (f.productIds.length) {
      ors.push(`product_id IN (${f.productIds.map(() => '?').join(',')})`);
      args.push(...f.productIds);
    }
    if (f.skus.length) {
      ors.push(`sku IN (${f.skus.map(() => '?').join(',')})`);
      args.push(...f.skus);
    }
    where.push(`(${ors.join(' OR ')})`);
  }
  if (!explicit || (f.visibility && f.visibility !== 'ALL')) where.push(visibilitySql(f.visibility || 'ALL'));
  const base = `FROM products WHERE ${where.join(' AND ')}`;
  const total = (db.prepare(`SELECT COUNT(*) AS n ${base}`).get(...args) as { n: number }).n;
  const rows = db
    .prepare(`SELECT * ${base} AND product_id > ? ORDER BY product_id${limit > 0 ? ' LIMIT ?' : ''}`)
    .all(...args, afterProductId, ...(limit > 0 ? [limit] : [])) as ProductRow[];
  return { rows, total };
}

export interface StockRow {
  product_id: number;
  warehouse_id: number;
  present: number;
  reserved: number;
}

export function stocksOf(db: Db, productIds: number[]): Map<number, StockRow[]> {
  const out = new Map<number, StockRow[]>();
  if (!productIds.length) return out;
  const rows = db.prepare(`SELECT product_id, warehouse_id, present, reserved FROM stocks WHERE product_id IN (${productIds.map(() => '?').join(',')}) ORDER BY warehouse_id`).all(...productIds) as StockRow[];
  for (const r of rows) {
    const list = out.get(r.product_id) ?? [];
    list.push(r);
    out.set(r.product_id, list);
  }
  return out;
}

export function findProduct(db: Db, storeId: number, by: { productId?: number; offerId?: string }): ProductRow | undefined {
  if (by.offerId) return db.prepare('SELECT * FROM products WHERE store_id = ? AND offer_id = ?').get(storeId, by.offerId) as ProductRow | undefined;
  if (by.productId) return db.prepare('SELECT * FROM products WHERE store_id = ? AND product_id = ?').get(storeId, by.productId) as ProductRow | undefined;
  return undefined;
}
