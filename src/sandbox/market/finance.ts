/**
 * Accruals for /v3/finance/transaction/list. Delivery → a sale
 * (OperationAgentDeliveredToCustomer, type "orders") with commission and
 * logistics services; a client return → ClientReturnAgentOperation
 * ("returns") reversing the sale.
 */
import { round2 } from '../util/time';
import type { PostingRow } from './postings';
import { postingItems } from './postings';
import { nextId, type World } from './world';

function insert(w: World, p: PostingRow, t: number, opType: string, opName: string, type: string, sign: 1 | -1): void {
  const items = postingItems(w, p.posting_number);
  const accruals = round2(items.reduce((s, it) => s + it.price * it.quantity, 0));
  const commission = round2(items.reduce((s, it) => s + (it.price * it.quantity * it.commission_percent) / 100, 0));
  const logistics = round2(63 + items.length * 12);
  const services =
    sign === 1
      ? [
          { name: 'MarketplaceServiceItemDirectFlowLogistic', price: -logistics },
          { name: 'MarketplaceServiceItemDelivToCustomer', price: -25 },
        ]
      : [{ name: 'MarketplaceServiceItemReturnFlowLogistic', price: -logistics }];
  const servicesSum = services.reduce((s, x) => s + x.price, 0);
  const amount = round2(sign * (accruals - commission) + servicesSum);
  w.db
    .prepare(
      `INSERT INTO transactions(operation_id, store_id, operation_type, operation_type_name, operation_date, type, posting_number, delivery_schema, order_date, warehouse_id,
       accruals_for_sale, sale_commission, amount, items, services) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    )
    .run(
      nextId(w.db, 'operation', 24_000_000_000),
      p.store_id,
      opType,
      opName,
      t,
      type,
      p.posting_number,
      p.scheme.toUpperCase(),
      p.in_process_at,
      p.warehouse_id,
      sign * accruals,
      -sign * commission,
      amount,
      JSON.stringify(items.map((it) => ({ name: it.name, sku: it.sku }))),
      JSON.stringify(services),
    );
}

export function recordDelivery(w: World, p: PostingRow, t: number): void {
  insert(w, p, t, 'OperationAgentDeliveredToCustomer', 'Доставка покупателю', 'orders', 1);
}

export function recordReturn(w: World, p: PostingRow, t: number): void {
  insert(w, p, t, 'ClientReturnAgentOperation', 'Получение возврата, отмены, невыкупа от покупателя', 'returns', -1);
}
