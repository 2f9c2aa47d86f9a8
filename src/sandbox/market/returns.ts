/**
 * Returns (/v1/returns/list): created from unclaimed or returned postings,
 * then moving through visual statuses over simulated days:
 * FBS: MovingToSeller → ReturningToSellerByCourier → ReceivedBySeller
 * FBO: MovingToOzon → ReturnedToOzon
 */
import type { Rng } from '../util/rng';
import { DAY } from '../util/time';
import { recordReturn } from './finance';
import { postingItems, type PostingRow } from './postings';
import { nextId, type World } from './world';

export const RETURN_STATUSES: Record<string, [number, string]> = {
  MovingToSeller: [24, 'Возврат на пути к продавцу'],
  ReturningToSellerByCourier: [26, 'Курьер везёт возврат продавцу'],
  ReceivedBySeller: [27, 'Продавец получил возврат'],
  MovingToOzon: [31, 'Едет на склад Ozon'],
  ReturnedToOzon: [32, 'На складе Ozon'],
};

const NEXT: Record<string, string | undefined> = {
  MovingToSeller: 'ReturningToSellerByCourier',
  ReturningToSellerByCourier: 'ReceivedBySeller',
  MovingToOzon: 'ReturnedToOzon',
};

export function createReturn(w: World, p: PostingRow, t: number, type: string, reason: string, rng: Rng): void {
  const first = p.scheme === 'fbs' ? 'MovingToSeller' : 'MovingToOzon';
  const [statusId, statusName] = RETURN_STATUSES[first]!;
  for (const it of postingItems(w, p.posting_number)) {
    w.db
      .prepare(
        `INSERT INTO returns(id, store_id, schema, type, posting_number, order_id, order_number, product_id, sku, offer_id, name, quantity, price, commission_percent, reason,
         warehouse_id, status_id, status_sys, status_name, created_at, changed_at, final_at, barcode, next_event_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
      )
      .run(
        nextId(w.db, 'return', 1_000_015_000),
        p.store_id,
        p.scheme === 'fbs' ? 'Fbs' : 'Fbo',
        type,
        p.posting_number,
        p.order_id,
        p.order_number,
        it.product_id,
        it.sku,
        it.offer_id,
        it.name,
        it.quantity,
        it.price,
        it.commission_percent,
        reason,
        p.warehouse_id,
        statusId,
        first,
        statusName,
        t,
        t,
        null,
        `ii${rng.digits(10)}`,
        t + rng.int(1, 3) * DAY,
      );
  }
  if (type === 'ClientReturn') recordReturn(w, p, t);
}

interface ReturnRow {
  id: number;
  status_sys: string;
  next_event_at: number;
}

export function processDueReturns(w: World, t: number): void {
  const rows = w.db.prepare('SELECT id, status_sys, next_event_at FROM returns WHERE next_event_at IS NOT NULL AND next_event_at <= ? ORDER BY next_event_at, id').all(t) as ReturnRow[];
  for (const r of rows) {
    const next = NEXT[r.status_sys];
    if (!next) {
      w.db.prepare('UPDATE returns SET next_event_at = NULL WHERE id = ?').run(r.id);
      continue;
    }
    const [id, name] = RETURN_STATUSES[next]!;
    const final = NEXT[next] === undefined;
    w.db
      .prepare('UPDATE returns SET status_sys = ?, status_id = ?, status_name = ?, changed_at = ?, final_at = ?, next_event_at = ? WHERE id = ?')
      .run(next, id, name, r.next_event_at, final ? r.next_event_at : null, final ? null : r.next_event_at + 2 * DAY, r.id);
  }
}
