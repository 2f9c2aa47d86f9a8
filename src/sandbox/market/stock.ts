/**
 * FBS stock accounting per (product, warehouse).
 * Invariant: 0 ≤ reserved ≤ present. A new FBS posting reserves; handing it
 * to the courier consumes (present and reserved both drop); cancelling before
 * hand-over releases the reservation.
 * /v2/products/stocks sets the *free* quantity ("без учёта зарезервированных"),
 * so present := stock + reserved.
 */
import type { Db } from '../db/open';

export function reserve(db: Db, productId: number, warehouseId: number, qty: number): boolean {
  const r = db.prepare('UPDATE stocks SET reserved = reserved + ? WHERE product_id = ? AND warehouse_id = ? AND present - reserved >= ?').run(qty, productId, warehouseId, qty);
  return r.changes === 1;
}

export function release(db: Db, productId: number, warehouseId: number, qty: number): void {
  db.prepare('UPDATE stocks SET reserved = MAX(0, reserved - ?) WHERE product_id = ? AND warehouse_id = ?').run(qty, productId, warehouseId);
}

export function consume(db: Db, productId: number, warehouseId: number, qty: number): void {
  db.prepare('UPDATE stocks SET reserved = MAX(0, reserved - ?), present = MAX(0, present - ?) WHERE product_id = ? AND warehouse_id = ?').run(qty, qty, productId, warehouseId);
}

export function setFree(db: Db, storeId: number, productId: number, warehouseId: number, free: number): void {
  db.prepare(
    `INSERT INTO stocks(product_id, warehouse_id, store_id, present, reserved) VALUES (?, ?, ?, ?, 0)
     ON CONFLICT(product_id, warehouse_id) DO UPDATE SET present = excluded.present + stocks.reserved`,
  ).run(productId, warehouseId, storeId, free);
}
