/**
 * The store's accrual ledger, served by /v1/finance/accrual/* (routes/finance.ts).
 *
 * One `transactions` row is one accrual as Ozon's by-day method lists it
 * (operation_id = accrual_id), derived from the market so finance agrees with
 * orders:
 * - a delivered posting → a POSTING accrual (type 'orders'): per product the
 *   sale, Ozon's commission and logistics services;
 * - a client return → a POSTING accrual (type 'returns') reversing the sale
 *   and commission, with return logistics;
 * - every Moscow midnight → an ITEM accrual (type 'services'): storage of the
 *   day that ended, per SKU with stock at Ozon's warehouses (FBO);
 * - every first of the month (Moscow) → a NON_ITEM accrual: the subscription.
 * The breakdown is kept as JSON in `items` (Breakdown below), so the schema
 * of the table is unchanged. Ozon's accrual dates are Moscow dates (UTC+3, no
 * DST); operation_date keeps the booking instant.
 */
import { mskDate, round2 } from '../util/time';
import { ACCRUAL_TYPE } from './accrual-types';
import type { PostingRow } from './postings';
import { itemCommission, postingItems } from './postings';
import { nextId, type World } from './world';

export interface Fee {
  type_id: number;
  amount: number;
}
export interface PostingProductAccrual {
  sku: number;
  quantity: number;
  /** unit price the buyer paid = the seller's price (no co-investment in the sandbox) */
  price: number;
  /** commission share of the category, e.g. 0.15 */
  ratio: number;
  /** signed: + for a sale, − for a return */
  sale: number;
  /** signed: − for a sale, + for a return */
  commission: number;
  services: Fee[];
}
export type Breakdown =
  | { category: 'POSTING'; products: PostingProductAccrual[] }
  | { category: 'ITEM'; items: { sku: number; fees: Fee[] }[] }
  | { category: 'NON_ITEM'; fee: Fee };

export interface AccrualRow {
  operation_id: number;
  store_id: number;
  operation_type: string;
  operation_date: number;
  type: string;
  posting_number: string;
  delivery_schema: string;
  amount: number;
  items: string;
}

export const breakdownOf = (r: AccrualRow): Breakdown => JSON.parse(r.items) as Breakdown;

/** Sum of every component of an accrual (what Ozon prints as total_amount). */
export function totalOf(b: Breakdown): number {
  if (b.category === 'NON_ITEM') return round2(b.fee.amount);
  if (b.category === 'ITEM') return round2(b.items.reduce((s, i) => s + i.fees.reduce((a, f) => a + f.amount, 0), 0));
  return round2(b.products.reduce((s, p) => s + p.sale + p.commission + p.services.reduce((a, f) => a + f.amount, 0), 0));
}

function insert(w: World, storeId: number, t: number, opType: string, opName: string, type: string, posting: PostingRow | null, b: Breakdown): void {
  const sale = b.category === 'POSTING' ? round2(b.products.reduce((s, p) => s + p.sale, 0)) : 0;
  const commission = b.category === 'POSTING' ? round2(b.products.reduce((s, p) => s + p.commission, 0)) : 0;
  w.db
    .prepare(
      `INSERT INTO transactions(operation_id, store_id, operation_type, operation_type_name, operation_date, type, posting_number, delivery_schema, order_date, warehouse_id,
       accruals_for_sale, sale_commission, amount, items, services) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    )
    .run(
      nextId(w.db, 'operation', 24_000_000_000),
      storeId,
      opType,
      opName,
      t,
      type,
      posting?.posting_number ?? '',
      posting ? posting.scheme.toUpperCase() : '',
      posting?.in_process_at ?? t,
      posting?.warehouse_id ?? 0,
      sale,
      commission,
      totalOf(b),
      JSON.stringify(b),
      '[]',
    );
}

/**
 * Per product: sale and commission; the posting's logistics are booked on its
 * products (12 ₽ a line, the fixed 63 ₽ part and the last mile on the first
 * line) so that every ruble belongs to a SKU, as in Ozon's by-day breakdown.
 */
function postingBreakdown(w: World, p: PostingRow, sign: 1 | -1): Breakdown {
  const products = postingItems(w, p.posting_number).map((it, i): PostingProductAccrual => {
    const gross = round2(it.price * it.quantity);
    const services: Fee[] =
      sign === 1
        ? [{ type_id: ACCRUAL_TYPE.DIRECT_LOGISTICS, amount: -(12 + (i === 0 ? 63 : 0)) }, ...(i === 0 ? [{ type_id: ACCRUAL_TYPE.LAST_MILE, amount: -25 }] : [])]
        : [{ type_id: ACCRUAL_TYPE.RETURN_LOGISTICS, amount: -(12 + (i === 0 ? 63 : 0)) }];
    return {
      sku: it.sku,
      quantity: it.quantity,
      price: it.price,
      ratio: it.commission_percent / 100,
      sale: sign * gross,
      commission: -sign * itemCommission(it),
      services,
    };
  });
  return { category: 'POSTING', products };
}

export function recordDelivery(w: World, p: PostingRow, t: number): void {
  insert(w, p.store_id, t, 'OperationAgentDeliveredToCustomer', 'Доставка покупателю', 'orders', p, postingBreakdown(w, p, 1));
}

export function recordReturn(w: World, p: PostingRow, t: number): void {
  insert(w, p.store_id, t, 'ClientReturnAgentOperation', 'Получение возврата, отмены, невыкупа от покупателя', 'returns', p, postingBreakdown(w, p, -1));
}

/** 5 kopecks a unit a day, as a round number per SKU. */
const STORAGE_PER_UNIT = 0.05;
const SUBSCRIPTION = 4990;

/** Daily and monthly fees; called for every market step, acts when the step crosses a Moscow midnight. */
export function financeStep(w: World, storeId: number, t: number, stepMs: number): void {
  const today = mskDate(t);
  if (today === mskDate(t - stepMs)) return;
  const stocked = w.db
    .prepare('SELECT sku, fbo_present FROM products WHERE store_id = ? AND archived = 0 AND fbo_present > 0 ORDER BY sku')
    .all(storeId) as { sku: number; fbo_present: number }[];
  if (stocked.length) {
    const items = stocked.map((s) => ({ sku: s.sku, fees: [{ type_id: ACCRUAL_TYPE.STORAGE, amount: -round2(Math.max(0.01, s.fbo_present * STORAGE_PER_UNIT)) }] }));
    insert(w, storeId, t, 'MarketplaceServiceStorageItem', 'Размещение товаров на складах Ozon', 'services', null, { category: 'ITEM', items });
  }
  if (today.endsWith('-01')) {
    insert(w, storeId, t, 'MarketplaceSubscription', 'Подписка Premium Pro', 'services', null, { category: 'NON_ITEM', fee: { type_id: ACCRUAL_TYPE.SUBSCRIPTION, amount: -SUBSCRIPTION } });
  }
}

/** The subscription's contract number, what Ozon prints as a NON_ITEM accrual's unit_number. */
export const contractNumber = (storeId: number, t: number): string => `PP-${storeId}-${mskDate(t).slice(0, 7).replace('-', '')}`;
