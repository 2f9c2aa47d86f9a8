/**
 * The posting status machine (FBS and FBO), driven by simulated time.
 *
 * FBS: awaiting_packaging ─ship→ awaiting_deliver ─courier pickup→ delivering
 *      (posting_on_way_to_city → posting_in_pickup_point) → delivered
 *      (posting_received); side exits: cancelled (buyer, seller, system when
 *      not packed 2 days after shipment_date, unclaimed at the pick-up point),
 *      arbitration → delivered. Delivered postings may come back as returns.
 * FBO: the same without seller actions (Ozon packs).
 * Each posting carries its single next timed event (next_event/_at); events
 * are processed in (time, posting_number) order so runs are reproducible.
 */
import { Rng } from '../util/rng';
import { DAY, HOUR, round2 } from '../util/time';
import { reasonById } from './cancel-reasons';
import { recordDelivery } from './finance';
import { createReturn } from './returns';
import { consume, release } from './stock';
import type { World } from './world';

export interface PostingRow {
  posting_number: string;
  store_id: number;
  scheme: 'fbs' | 'fbo';
  order_id: number;
  order_number: string;
  warehouse_id: number;
  status: string;
  substatus: string;
  previous_substatus: string;
  created_at: number;
  in_process_at: number;
  shipment_date: number;
  status_changed_at: number;
  packed_at: number | null;
  delivering_date: number | null;
  delivered_at: number | null;
  next_event_at: number | null;
  next_event: string;
  cancel_reason_id: number;
  cancel_reason: string;
  cancellation_type: string;
  cancellation_initiator: string;
  cancelled_after_ship: number;
  tracking_number: string;
  parent_posting_number: string;
  region: string;
  city: string;
  customer_name: string;
  delivery_type: string;
  payment_type: string;
  is_premium: number;
  is_express: number;
  cluster_from: string;
  cluster_to: string;
  barcode: string;
  ship_attempts: number;
}

export interface PostingItemRow {
  posting_number: string;
  line: number;
  product_id: number;
  sku: number;
  offer_id: string;
  name: string;
  quantity: number;
  price: number;
  old_price: number;
  commission_percent: number;
}

export function getPosting(w: World, storeId: number, pn: string): PostingRow | undefined {
  return w.db.prepare('SELECT * FROM postings WHERE posting_number = ? AND store_id = ?').get(pn, storeId) as PostingRow | undefined;
}

/** Ozon's commission on a posting line: what the posting shows and what finance books on delivery (and reverses on a return). */
export const itemCommission = (it: PostingItemRow): number => round2((it.price * it.quantity * it.commission_percent) / 100);

export function postingItems(w: World, pn: string): PostingItemRow[] {
  return w.db.prepare('SELECT * FROM posting_items WHERE posting_number = ? ORDER BY line').all(pn) as PostingItemRow[];
}

function setState(w: World, p: PostingRow, t: number, status: string, substatus: string, next: [string, number] | null, extra: Record<string, unknown> = {}): void {
  const cols: Record<string, unknown> = {
    status,
    substatus,
    previous_substatus: p.substatus,
    status_changed_at: t,
    next_event: next ? next[0] : '',
    next_event_at: next ? next[1] : null,
    ...extra,
  };
  const keys = Object.keys(cols);
  w.db.prepare(`UPDATE postings SET ${keys.map((k) => `${k} = ?`).join(', ')} WHERE posting_number = ?`).run(...keys.map((k) => cols[k] as never), p.posting_number);
  Object.assign(p, cols);
}

export function cancelPosting(w: World, p: PostingRow, t: number, reasonId: number, initiator: 'seller' | 'customer' | 'ozon', afterShip: boolean): void {
  const reason = reasonById(reasonId);
  const wasReserved = p.scheme === 'fbs' && (p.status === 'awaiting_packaging' || p.status === 'awaiting_deliver');
  if (wasReserved) for (const it of postingItems(w, p.posting_number)) release(w.db, it.product_id, p.warehouse_id, it.quantity);
  setState(w, p, t, 'cancelled', 'posting_canceled', null, {
    cancel_reason_id: reasonId,
    cancel_reason: reason?.title ?? '',
    cancellation_type: initiator === 'customer' ? 'client' : initiator,
    cancellation_initiator: initiator === 'seller' ? 'Продавец' : initiator === 'customer' ? 'Покупатель' : 'Ozon',
    cancelled_after_ship: afterShip ? 1 : 0,
  });
}

/** Seller (or autopilot) packed the posting: move to awaiting_deliver and schedule the courier. */
export function markPacked(w: World, p: PostingRow, t: number, rng: Rng): void {
  const pickup = Math.max(p.shipment_date, t + HOUR) + rng.int(0, 3) * HOUR;
  setState(w, p, t, 'awaiting_deliver', 'posting_not_in_carriage', ['pickup', pickup], { packed_at: t });
}

/** Called by the market for every posting whose next event is due. */
export function runPostingEvent(w: World, p: PostingRow, t: number): void {
  const rng = Rng.derive(w.seed, 'posting', p.posting_number, p.next_event, p.ship_attempts);
  switch (p.next_event) {
    case 'autopack':
      if (w.market.sellerAutopilot) markPacked(w, p, t, rng);
      else setState(w, p, t, p.status, p.substatus, ['auto_cancel', p.shipment_date + 2 * DAY], { previous_substatus: p.previous_substatus });
      return;
    case 'fbo_pack':
      setState(w, p, t, 'awaiting_deliver', 'posting_transferring_to_delivery', ['pickup', t + rng.int(2, 12) * HOUR], { packed_at: t });
      return;
    case 'buyer_cancel':
      cancelPosting(w, p, t, 680, 'customer', false);
      return;
    case 'auto_cancel':
      cancelPosting(w, p, t, 1100, 'ozon', false);
      return;
    case 'pickup': {
      if (p.scheme === 'fbs') for (const it of postingItems(w, p.posting_number)) consume(w.db, it.product_id, p.warehouse_id, it.quantity);
      else for (const it of postingItems(w, p.posting_number)) w.db.prepare('UPDATE products SET fbo_reserved = MAX(0, fbo_reserved - ?), fbo_present = MAX(0, fbo_present - ?) WHERE product_id = ?').run(it.quantity, it.quantity, it.product_id);
      setState(w, p, t, 'delivering', 'posting_on_way_to_city', ['at_pvz', t + rng.int(20, 72) * HOUR], {
        delivering_date: t,
        tracking_number: p.scheme === 'fbs' ? `${p.posting_number.replace(/-/g, '')}${rng.digits(3)}` : '',
      });
      return;
    }
    case 'at_pvz': {
      const roll = rng.next();
      const next: [string, number] =
        roll < 0.04 ? ['not_claimed', t + 5 * DAY] : roll < 0.06 ? ['arbitration', t + rng.int(1, 24) * HOUR] : ['received', t + rng.int(2, 48) * HOUR];
      setState(w, p, t, 'delivering', 'posting_in_pickup_point', next);
      return;
    }
    case 'arbitration':
      setState(w, p, t, 'arbitration', 'posting_in_arbitration', ['received', t + 3 * DAY]);
      return;
    case 'received': {
      const ret = rng.bool(0.05);
      setState(w, p, t, 'delivered', 'posting_received', ret ? ['client_return', t + rng.int(1, 7) * DAY] : null, { delivered_at: t });
      recordDelivery(w, p, t);
      return;
    }
    case 'not_claimed':
      cancelPosting(w, p, t, 665, 'customer', true);
      createReturn(w, p, t, 'Cancellation', 'Покупатель не забрал заказ', rng);
      return;
    case 'client_return':
      createReturn(w, p, t, 'ClientReturn', rng.pick(['Не подошёл размер', 'Брак', 'Товар не соответствует описанию', 'Передумал']), rng);
      setState(w, p, t, p.status, p.substatus, null, { previous_substatus: p.previous_substatus, status_changed_at: p.status_changed_at });
      return;
    default:
      setState(w, p, t, p.status, p.substatus, null, { previous_substatus: p.previous_substatus, status_changed_at: p.status_changed_at });
  }
}

export function processDuePostings(w: World, t: number): void {
  const due = w.db.prepare('SELECT * FROM postings WHERE next_event_at IS NOT NULL AND next_event_at <= ? ORDER BY next_event_at, posting_number LIMIT 500');
  for (;;) {
    const rows = due.all(t) as PostingRow[];
    if (rows.length === 0) return;
    for (const p of rows) runPostingEvent(w, p, Math.max(p.next_event_at ?? t, 0));
  }
}

/** Ozon's available_actions for a posting in its current state. */
export function availableActions(p: PostingRow): string[] {
  if (p.scheme !== 'fbs') return [];
  switch (p.status) {
    case 'awaiting_packaging':
      return p.substatus === 'ship_failed' ? ['cancel', 'ship_async_retry', 'can_create_chat'] : ['cancel', 'ship', 'product_cancel', 'can_create_chat'];
    case 'awaiting_deliver':
      return ['cancel', 'label_download', 'label_download_big', 'label_download_small', 'can_create_chat'];
    case 'delivering':
      return ['arbitration', 'click_track_number', 'can_create_chat'];
    case 'delivered':
      return ['click_track_number'];
    default:
      return [];
  }
}

