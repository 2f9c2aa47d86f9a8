/**
 * Ozon promotions: GET /v1/actions (not-yet-ended actions), /v1/actions/candidates,
 * /v1/actions/products (last_id = numeric offset, limit default 100),
 * /v1/actions/products/activate|deactivate (200 with rejected[] per item).
 * Activation rules: product of this store, not archived, action not ended,
 * action_price > 0, below the product's price and not above max_action_price
 * (price less the action's discount); each refusal is a rejected[] entry.
 */
import { ts } from '../util/time';
import { Check, msgs, num, nums } from '../protocol/validate';
import { notFound } from '../protocol/errors';
import type { RouteDef } from './context';
import type { World } from '../market/world';

interface ActionRow {
  id: number;
  store_id: number;
  title: string;
  action_type: string;
  description: string;
  date_start: number;
  date_end: number;
  discount_type: string;
  discount_value: number;
  with_targeting: number;
  is_voucher_action: number;
}

function actionOf(w: World, storeId: number, id: number): ActionRow {
  const a = w.db.prepare('SELECT * FROM actions WHERE id = ? AND store_id = ?').get(id, storeId) as ActionRow | undefined;
  if (!a) throw notFound('action not found');
  return a;
}

type Cand = { product_id: number; price: number; action_price: number | null; stock: number | null; add_mode: string | null };

function productView(c: Cand, discount: number): Record<string, unknown> {
  const max = maxActionPrice(c.price, discount);
  return {
    id: c.product_id,
    price: c.price,
    action_price: c.action_price ?? 0,
    alert_max_action_price_failed: c.action_price !== null && c.action_price > max,
    alert_max_action_price: max,
    max_action_price: max,
    add_mode: c.add_mode ?? '',
    min_stock: 0,
    stock: c.stock ?? 0,
    current_boost: 0,
    price_min_elastic: 0,
    price_max_elastic: 0,
    min_boost: 0,
    max_boost: 0,
  };
}

/** Max action price of a product in this action (the same figure /v1/actions/products prints). */
const maxActionPrice = (price: number, discount: number): number => Math.round(price * (1 - discount / 100));

/** Why Ozon refuses to add a product to an action ('' = accepted). Rejections are per product inside HTTP 200. */
function activationRejection(a: ActionRow, p: { price: number; archived: number } | undefined, price: number, ended: boolean): string {
  if (ended) return 'action is finished';
  if (!p) return 'product not found';
  if (p.archived) return 'product is archived';
  if (!(price > 0)) return 'action price must be positive';
  if (price >= p.price) return 'action price must be lower than the current price';
  const max = maxActionPrice(p.price, a.discount_value);
  if (price > max) return `action price ${price} is above max_action_price ${max}`;
  return '';
}

function paged(w: World, storeId: number, sql: string, args: (string | number)[], body: Record<string, unknown>, discount: number): Record<string, unknown> {
  const limit = Math.max(1, Math.min(1000, num(body.limit as never) || 100));
  const offset = num(body.last_id as never);
  const total = (w.db.prepare(`SELECT COUNT(*) AS n FROM (${sql})`).get(...args) as { n: number }).n;
  const rows = w.db.prepare(`${sql} LIMIT ? OFFSET ?`).all(...args, limit, offset) as Cand[];
  return { result: { products: rows.map((r) => productView(r, discount)), total, last_id: offset + rows.length < total ? offset + rows.length : 0 } };
}

export const actionRoutes: RouteDef[] = [
  {
    path: '/v1/actions',
    method: 'GET',
    handler: ({ w, store }) => {
      const now = w.clock.now();
      const rows = w.db.prepare('SELECT * FROM actions WHERE store_id = ? AND date_end > ? ORDER BY date_start, id').all(store.id, now) as ActionRow[];
      const count = w.db.prepare('SELECT COUNT(*) AS n FROM action_products WHERE action_id = ?');
      const potential = (w.db.prepare('SELECT COUNT(*) AS n FROM products WHERE store_id = ? AND archived = 0').get(store.id) as { n: number }).n;
      return {
        result: rows.map((a) => {
          const participating = (count.get(a.id) as { n: number }).n;
          return {
            id: a.id,
            title: a.title,
            action_type: a.action_type,
            description: a.description,
            date_start: ts(a.date_start),
            date_end: ts(a.date_end),
            auto_add_dates: [],
            freeze_date: '',
            potential_products_count: potential,
            participating_products_count: participating,
            is_participating: participating > 0,
            is_voucher_action: a.is_voucher_action === 1,
            banned_products_count: 0,
            with_targeting: a.with_targeting === 1,
            order_amount: 0,
            discount_type: a.discount_type,
            discount_value: a.discount_value,
          };
        }),
      };
    },
  },
  {
    path: '/v1/actions/candidates',
    handler: ({ w, store, body }) => {
      const a = actionOf(w, store.id, new Check('GetSellerProductV1Request').required('action_id', num(body.action_id)));
      return paged(
        w,
        store.id,
        `SELECT p.product_id, p.price, NULL AS action_price, NULL AS stock, NULL AS add_mode FROM products p WHERE p.store_id = ? AND p.archived = 0
         AND p.product_id NOT IN (SELECT product_id FROM action_products WHERE action_id = ?) ORDER BY p.product_id`,
        [store.id, a.id],
        body,
        a.discount_value,
      );
    },
  },
  {
    path: '/v1/actions/products',
    handler: ({ w, store, body }) => {
      const a = actionOf(w, store.id, new Check('GetSellerProductV1Request').required('action_id', num(body.action_id)));
      return paged(
        w,
        store.id,
        'SELECT p.product_id, p.price, ap.action_price, ap.stock, ap.add_mode FROM action_products ap JOIN products p ON p.product_id = ap.product_id WHERE p.store_id = ? AND ap.action_id = ? ORDER BY p.product_id',
        [store.id, a.id],
        body,
        a.discount_value,
      );
    },
  },
  {
    path: '/v1/actions/products/activate',
    handler: ({ w, store, body }) => {
      const check = new Check('ActivateProductV1Request');
      const a = actionOf(w, store.id, check.required('action_id', num(body.action_id)));
      const items = check.maxItems('products', check.minItems('products', msgs(body.products), 1), 1000);
      const ended = a.date_end <= w.clock.now();
      const ok: number[] = [];
      const rejected: { product_id: number; reason: string }[] = [];
      for (const it of items) {
        const id = num(it.product_id);
        const price = num(it.action_price);
        const p = w.db.prepare('SELECT price, archived FROM products WHERE product_id = ? AND store_id = ?').get(id, store.id) as { price: number; archived: number } | undefined;
        const reason = activationRejection(a, p, price, ended);
        if (reason) {
          rejected.push({ product_id: id, reason });
          continue;
        }
        w.db
          .prepare('INSERT INTO action_products(action_id, product_id, action_price, stock, add_mode) VALUES (?,?,?,?,?) ON CONFLICT(action_id, product_id) DO UPDATE SET action_price = excluded.action_price, stock = excluded.stock')
          .run(a.id, id, price, num(it.stock), 'MANUAL');
        ok.push(id);
      }
      return { result: { product_ids: ok, rejected } };
    },
  },
  {
    path: '/v1/actions/products/deactivate',
    handler: ({ w, store, body }) => {
      const check = new Check('DeactivateProductV1Request');
      const a = actionOf(w, store.id, check.required('action_id', num(body.action_id)));
      const ids = check.minItems('product_ids', nums(body.product_ids), 1);
      const ok: number[] = [];
      const rejected: { product_id: number; reason: string }[] = [];
      for (const id of ids) {
        const r = w.db.prepare('DELETE FROM action_products WHERE action_id = ? AND product_id = ?').run(a.id, id);
        if (r.changes) ok.push(id);
        else rejected.push({ product_id: id, reason: 'product is not participating in the action' });
      }
      return { result: { product_ids: ok, rejected } };
    },
  },
];
