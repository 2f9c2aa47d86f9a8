/**
 * Buyers placing orders. Per store and simulated minute a Poisson number of
 * orders arrives (ordersPerDay / 1440 on average, more in the Moscow daytime).
 * FBS orders need free stock on a seller warehouse and reserve it; FBO orders
 * draw from Ozon-held stock (fbo_present).
 */
import { Rng } from '../util/rng';
import { DAY, HOUR, MINUTE, MSK_OFFSET_MS } from '../util/time';
import { CITIES, FIRST_NAMES, LAST_INITIALS, PAYMENT_TYPES } from '../seed/vocab';
import { reserve } from './stock';
import type { PostingRow } from './postings';
import { nextId, type World } from './world';

interface Candidate {
  product_id: number;
  sku: number;
  offer_id: string;
  name: string;
  price: number;
  old_price: number;
  commission_fbs: number;
  commission_fbo: number;
  warehouse_id: number;
  free: number;
}

/** Diurnal demand curve over Moscow hours (UTC+3), mean ≈ 1. */
function demandFactor(t: number): number {
  const h = (new Date(t).getUTCHours() + 3) % 24;
  return h < 7 ? 0.25 : h < 10 ? 0.9 : h < 22 ? 1.35 : 0.7;
}

export function arriveOrders(w: World, storeId: number, stepIndex: number, t: number): void {
  const rng = Rng.derive(w.seed, 'orders', storeId, stepIndex);
  const lambda = (w.market.ordersPerDay / (DAY / MINUTE)) * demandFactor(t);
  const n = rng.poisson(lambda);
  for (let i = 0; i < n; i++) createOrder(w, storeId, rng, t + rng.int(0, MINUTE - 1));
}

export function createOrder(w: World, storeId: number, rng: Rng, t: number, scheme?: 'fbs' | 'fbo'): string | undefined {
  const fbs = scheme ? scheme === 'fbs' : rng.bool(w.market.fbsShare);
  // A buyer looks at a random card (uniform over the store's product_id range — O(log n),
  // ids are spread evenly); out-of-stock or unsellable cards simply don't sell.
  const range = w.db.prepare('SELECT MIN(product_id) AS lo, MAX(product_id) AS hi FROM products WHERE store_id = ?').get(storeId) as { lo: number | null; hi: number | null };
  if (range.lo === null || range.hi === null) return undefined;
  const tries = scheme ? 40 : 1; // explicit requests (control API) search harder for a sellable card
  let c: Candidate | undefined;
  for (let i = 0; i < tries && !c; i++) {
    const pivot = rng.int(range.lo, range.hi);
    c = fbs
      ? (w.db
          .prepare(
            `SELECT p.product_id, p.sku, p.offer_id, p.name, p.price, p.old_price, p.commission_fbs, p.commission_fbo, s.warehouse_id, s.present - s.reserved AS free
             FROM products p JOIN stocks s ON s.product_id = p.product_id
             WHERE p.product_id = (SELECT product_id FROM products WHERE store_id = ? AND product_id >= ? ORDER BY product_id LIMIT 1)
               AND p.archived = 0 AND p.status = 'price_sent' AND s.present > s.reserved ORDER BY s.warehouse_id LIMIT 1`,
          )
          .get(storeId, pivot) as Candidate | undefined)
      : (w.db
          .prepare(
            `SELECT product_id, sku, offer_id, name, price, old_price, commission_fbs, commission_fbo, 0 AS warehouse_id, fbo_present - fbo_reserved AS free
             FROM products WHERE product_id = (SELECT product_id FROM products WHERE store_id = ? AND product_id >= ? ORDER BY product_id LIMIT 1)
               AND fbo_present > fbo_reserved AND archived = 0 AND status = 'price_sent'`,
          )
          .get(storeId, pivot) as Candidate | undefined);
  }
  if (!c) return undefined;
  const qty = c.free > 1 && rng.bool(0.15) ? 2 : 1;
  const whId = fbs ? c.warehouse_id : 1_020_001_835_658_000 + rng.int(0, 5) * 1_000_000;
  if (fbs && !reserve(w.db, c.product_id, c.warehouse_id, qty)) return undefined;
  if (!fbs) w.db.prepare('UPDATE products SET fbo_reserved = fbo_reserved + ? WHERE product_id = ?').run(qty, c.product_id);

  const orderId = nextId(w.db, 'order', 30_000_000_000 + storeId * 1_000_000_000);
  const orderNumber = `${String(orderId).slice(-10)}-${String(rng.int(1, 9999)).padStart(4, '0')}`; // unique: orderId is
  const pn = `${orderNumber}-1`;
  const [region, city] = rng.pick(CITIES);
  // Ozon's shipment deadline: next day 14:00 Moscow for orders before 14:00, else the day after.
  const msk = t + MSK_OFFSET_MS;
  const dayStart = msk - (msk % DAY);
  const shipment = dayStart + (new Date(msk).getUTCHours() < 14 ? 1 : 2) * DAY + 11 * HOUR;
  const p: Partial<PostingRow> = {
    posting_number: pn,
    store_id: storeId,
    scheme: fbs ? 'fbs' : 'fbo',
    order_id: orderId,
    order_number: orderNumber,
    warehouse_id: whId,
    status: 'awaiting_packaging',
    substatus: 'posting_created',
    previous_substatus: '',
    created_at: t,
    in_process_at: t + rng.int(5, 60) * 1000,
    shipment_date: shipment,
    status_changed_at: t,
    region,
    city,
    customer_name: `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_INITIALS)}`,
    delivery_type: rng.weighted([['PVZ', 70], ['Courier', 20], ['Postamat', 10]] as const),
    payment_type: rng.pick(PAYMENT_TYPES),
    is_premium: rng.bool(0.2) ? 1 : 0,
    is_express: 0,
    cluster_from: fbs ? 'Москва, МО и Дальние регионы' : rng.pick(['Москва, МО и Дальние регионы', 'Казань', 'Екатеринбург']),
    cluster_to: city,
    barcode: `${rng.digits(15)}`,
  };
  let next: [string, number];
  if (rng.bool(0.03)) next = ['buyer_cancel', t + rng.int(10, 600) * MINUTE];
  else if (!fbs) next = ['fbo_pack', t + rng.int(1, 6) * HOUR];
  else if (w.market.sellerAutopilot) next = ['autopack', t + rng.int(1, 8) * HOUR];
  else next = ['auto_cancel', shipment + 2 * DAY];
  w.db
    .prepare(
      `INSERT INTO postings(posting_number, store_id, scheme, order_id, order_number, warehouse_id, status, substatus, previous_substatus, created_at, in_process_at, shipment_date,
       status_changed_at, next_event, next_event_at, region, city, customer_name, delivery_type, payment_type, is_premium, is_express, cluster_from, cluster_to, barcode)
       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    )
    .run(
      p.posting_number!, p.store_id!, p.scheme!, p.order_id!, p.order_number!, p.warehouse_id!, p.status!, p.substatus!, '', p.created_at!, p.in_process_at!, p.shipment_date!,
      p.status_changed_at!, next[0], next[1], p.region!, p.city!, p.customer_name!, p.delivery_type!, p.payment_type!, p.is_premium!, 0, p.cluster_from!, p.cluster_to!, p.barcode!,
    );
  w.db
    .prepare('INSERT INTO posting_items(posting_number, line, product_id, sku, offer_id, name, quantity, price, old_price, commission_percent) VALUES (?,?,?,?,?,?,?,?,?,?)')
    .run(pn, 1, c.product_id, c.sku, c.offer_id, c.name, qty, c.price, c.old_price, fbs ? c.commission_fbs : c.commission_fbo);
  return pn;
}
