/**
 * /v5/product/info/prices (cursor pagination; prices as numbers) and
 * /v1/product/import/prices (≤1000 items; 200 with per-item errors).
 * Rule: each product's price may change at most 10 times per hour (limits
 * clock); the 11th answers updated=false with TOO_MANY_REQUESTS in errors[].
 * If both offer_id and product_id are given, offer_id wins (as documented).
 *
 * A request is a few statements, not a few per item: statements are prepared
 * once per database, products, running promotions and recent price writes are
 * looked up for the whole list at once (json_each), and an import runs in one
 * transaction. Items of one request still apply in order: a later item of the
 * same product sees the earlier one's price and counts against the same limit.
 */
import type { Db } from '../db/open';
import { Check, msg, msgs, num, str } from '../protocol/validate';
import { ts } from '../util/time';
import { decodeCursor, encodeCursor } from '../protocol/pagination';
import type { RouteDef } from './context';
import { filterOf } from './products';
import { queryProducts, type ProductRow } from './product-store';

export const PRICE_CHANGES_PER_HOUR = 10;

export const priceRoutes: RouteDef[] = [
  {
    path: '/v5/product/info/prices',
    handler: ({ w, store, body }) => {
      const check = new Check('GetProductInfoPricesV5Request');
      const limit = check.range('limit', num(body.limit), 1, 1000);
      const cur = decodeCursor(str(body.cursor), 'cursor');
      const { rows, total } = queryProducts(w.db, store.id, filterOf(msg(body.filter)), cur ? Number(cur[0]) : 0, limit + 1);
      const page = rows.slice(0, limit);
      const more = rows.length > limit;
      const now = w.clock.now();
      const running = new Map<number, ActionRow[]>();
      for (const a of stmts(w.db).actions.all(JSON.stringify(page.map((p) => p.product_id)), now, now) as (ActionRow & { product_id: number })[]) {
        const list = running.get(a.product_id);
        if (list) list.push(a);
        else running.set(a.product_id, [a]);
      }
      return {
        cursor: more ? encodeCursor([page[page.length - 1]!.product_id]) : '',
        items: page.map((p) => {
          const acts = running.get(p.product_id) ?? [];
          const best = acts.reduce((m, a) => Math.min(m, a.action_price), p.price);
          return {
            acquiring: Math.round(p.price * 1.5) / 100,
            commissions: {
              fbo_deliv_to_customer_amount: 25,
              fbo_direct_flow_trans_max_amount: 69,
              fbo_direct_flow_trans_min_amount: 43,
              fbo_return_flow_amount: 43,
              fbs_deliv_to_customer_amount: 25,
              fbs_direct_flow_trans_max_amount: 79,
              fbs_direct_flow_trans_min_amount: 53,
              fbs_first_mile_max_amount: 25,
              fbs_first_mile_min_amount: 0,
              fbs_return_flow_amount: 53,
              sales_percent_fbo: p.commission_fbo,
              sales_percent_fbp: p.commission_fbo,
              sales_percent_fbs: p.commission_fbs,
              sales_percent_rfbs: p.commission_fbs,
            },
            marketing_actions: {
              actions: acts.map((a) => ({ date_from: ts(a.date_start), date_to: ts(a.date_end), title: a.title, value: Math.round(p.price - a.action_price) })),
              current_period_from: acts.length ? ts(Math.max(...acts.map((a) => a.date_start))) : null,
              current_period_to: acts.length ? ts(Math.min(...acts.map((a) => a.date_end))) : null,
              ozon_actions_exist: acts.length > 0,
            },
            offer_id: p.offer_id,
            price: {
              auto_action_enabled: p.auto_action_enabled === 1,
              auto_add_to_ozon_actions_list_enabled: p.auto_action_enabled === 1,
              currency_code: p.currency_code,
              marketing_seller_price: best,
              min_price: p.min_price,
              net_price: p.net_price,
              old_price: p.old_price,
              price: p.price,
              retail_price: 0,
              vat: Number(p.vat),
            },
            price_indexes: {
              color_index: 'WITHOUT_INDEX',
              external_index_data: { min_price: 0, min_price_currency: '', price_index_value: 0 },
              ozon_index_data: { min_price: 0, min_price_currency: '', price_index_value: 0 },
              self_marketplaces_index_data: { min_price: 0, min_price_currency: '', price_index_value: 0 },
            },
            product_id: p.product_id,
            volume_weight: Math.round(((p.depth * p.width * p.height) / 5_000_000) * 10) / 10,
          };
        }),
        total,
      };
    },
  },
  {
    path: '/v1/product/import/prices',
    handler: ({ w, store, body, limitsNow }) => {
      const check = new Check('ImportProductsPricesRequest');
      const prices = check.maxItems('prices', check.minItems('prices', msgs(body.prices), 1), 1000);
      const st = stmts(w.db);
      const refs = prices.map((it) => ({ it, offerId: str(it.offer_id), productId: num(it.product_id) }));
      // every product the request names, by offer_id and by product_id; rows are updated in place as items apply
      const byId = new Map<number, PriceRow>();
      const offerIds = refs.filter((r) => r.offerId).map((r) => r.offerId);
      const productIds = refs.filter((r) => !r.offerId && r.productId).map((r) => r.productId);
      if (offerIds.length) for (const p of st.byOffer.all(store.id, JSON.stringify(offerIds)) as PriceRow[]) byId.set(p.product_id, p);
      if (productIds.length) for (const p of st.byProduct.all(store.id, JSON.stringify(productIds)) as PriceRow[]) byId.set(p.product_id, p);
      const byOffer = new Map([...byId.values()].map((p) => [p.offer_id, p]));
      const recent = new Map<number, number>();
      if (byId.size) for (const r of st.countRecent.all(JSON.stringify([...byId.keys()]), limitsNow - 3_600_000) as { product_id: number; n: number }[]) recent.set(r.product_id, r.n);
      const at = w.clock.now();
      const apply = w.db.transaction(() =>
        refs.map(({ it, offerId, productId }) => {
          const p = offerId ? byOffer.get(offerId) : productId ? byId.get(productId) : undefined;
          const base = { offer_id: offerId || p?.offer_id || '', product_id: p?.product_id ?? productId };
          const fail = (code: string, message: string) => ({ ...base, updated: false, errors: [{ code, message }] });
          if (!p) return fail('NOT_FOUND', 'Product not found');
          const price = str(it.price) ? Number(str(it.price)) : p.price;
          const oldPrice = str(it.old_price) ? Number(str(it.old_price)) : p.old_price;
          const minPrice = str(it.min_price) ? Number(str(it.min_price)) : p.min_price;
          if (!Number.isFinite(price) || price <= 0) return fail('INVALID_PRICE', 'price must be greater than 0');
          if (!Number.isFinite(oldPrice) || (oldPrice !== 0 && oldPrice <= price)) return fail('INVALID_OLD_PRICE', 'old_price must be 0 or greater than price');
          if (currencyMismatch(str(it.currency_code), p.currency_code)) return fail('CURRENCY_MISMATCH', `currency_code must be ${p.currency_code}`);
          const n = recent.get(p.product_id) ?? 0;
          if (n >= PRICE_CHANGES_PER_HOUR) return fail('TOO_MANY_REQUESTS', 'error limiting: acquire limit per item');
          const auto = str(it.auto_action_enabled);
          p.price = price;
          p.old_price = oldPrice;
          p.min_price = minPrice;
          p.net_price = str(it.net_price) ? Number(str(it.net_price)) : p.net_price;
          p.vat = str(it.vat) || p.vat;
          p.auto_action_enabled = auto === 'ENABLED' ? 1 : auto === 'DISABLED' ? 0 : p.auto_action_enabled;
          p.updated_at = at;
          st.update.run(p.price, p.old_price, p.min_price, p.net_price, p.vat, p.auto_action_enabled, at, p.product_id);
          st.record.run(p.product_id, limitsNow);
          recent.set(p.product_id, n + 1);
          return { ...base, updated: true, errors: [] };
        }),
      );
      return { result: apply() };
    },
  },
];

const currencyMismatch = (given: string, own: string): boolean => given !== '' && given !== own;

/** what an import reads and changes: the wide columns (attributes, images, description) would cost more than the rest of the request */
type PriceRow = Pick<ProductRow, 'product_id' | 'offer_id' | 'price' | 'old_price' | 'min_price' | 'net_price' | 'vat' | 'currency_code' | 'auto_action_enabled' | 'updated_at'>;
const PRICE_COLUMNS = 'product_id, offer_id, price, old_price, min_price, net_price, vat, currency_code, auto_action_enabled, updated_at';

type ActionRow = { title: string; date_start: number; date_end: number; action_price: number };

/** The routes' statements, prepared once per database; lists travel as one JSON array parameter. */
const prepared = new WeakMap<Db, ReturnType<typeof prepare>>();
const prepare = (db: Db) => ({
  actions: db.prepare(
    `SELECT ap.product_id, a.title, a.date_start, a.date_end, ap.action_price FROM action_products ap JOIN actions a ON a.id = ap.action_id
     WHERE ap.product_id IN (SELECT value FROM json_each(?)) AND a.date_start <= ? AND a.date_end > ?
     ORDER BY ap.product_id, ap.rowid`,
  ),
  byOffer: db.prepare(`SELECT ${PRICE_COLUMNS} FROM products WHERE store_id = ? AND offer_id IN (SELECT value FROM json_each(?))`),
  byProduct: db.prepare(`SELECT ${PRICE_COLUMNS} FROM products WHERE store_id = ? AND product_id IN (SELECT value FROM json_each(?))`),
  countRecent: db.prepare('SELECT product_id, COUNT(*) AS n FROM price_writes WHERE product_id IN (SELECT value FROM json_each(?)) AND at > ? GROUP BY product_id'),
  update: db.prepare('UPDATE products SET price = ?, old_price = ?, min_price = ?, net_price = ?, vat = ?, auto_action_enabled = ?, updated_at = ? WHERE product_id = ?'),
  record: db.prepare('INSERT INTO price_writes(product_id, at) VALUES (?, ?)'),
});
const stmts = (db: Db): ReturnType<typeof prepare> => {
  let s = prepared.get(db);
  if (!s) prepared.set(db, (s = prepare(db)));
  return s;
};
