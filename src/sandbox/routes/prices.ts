/**
 * /v5/product/info/prices (cursor pagination; prices as numbers) and
 * /v1/product/import/prices (≤1000 items; 200 with per-item errors).
 * Rule: each product's price may change at most 10 times per hour (limits
 * clock); the 11th answers updated=false with TOO_MANY_REQUESTS in errors[].
 * If both offer_id and product_id are given, offer_id wins (as documented).
 */
import { Check, msg, msgs, num, str } from '../protocol/validate';
import { ts } from '../util/time';
import { decodeCursor, encodeCursor } from '../protocol/pagination';
import type { RouteDef } from './context';
import { filterOf } from './products';
import { findProduct, queryProducts } from './product-store';

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
      const actions = w.db.prepare(
        `SELECT a.title, a.date_start, a.date_end, ap.action_price FROM action_products ap JOIN actions a ON a.id = ap.action_id
         WHERE ap.product_id = ? AND a.date_start <= ? AND a.date_end > ?`,
      );
      return {
        cursor: more ? encodeCursor([page[page.length - 1]!.product_id]) : '',
        items: page.map((p) => {
          const acts = actions.all(p.product_id, now, now) as { title: string; date_start: number; date_end: number; action_price: number }[];
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
      const countRecent = w.db.prepare('SELECT COUNT(*) AS n FROM price_writes WHERE product_id = ? AND at > ?');
      const record = w.db.prepare('INSERT INTO price_writes(product_id, at) VALUES (?, ?)');
      const result = prices.map((it) => {
        const offerId = str(it.offer_id);
        const productId = num(it.product_id);
        const p = findProduct(w.db, store.id, offerId ? { offerId } : { productId });
        const base = { offer_id: offerId || p?.offer_id || '', product_id: p?.product_id ?? productId };
        const fail = (code: string, message: string) => ({ ...base, updated: false, errors: [{ code, message }] });
        if (!p) return fail('NOT_FOUND', 'Product not found');
        const price = str(it.price) ? Number(str(it.price)) : p.price;
        const oldPrice = str(it.old_price) ? Number(str(it.old_price)) : p.old_price;
        const minPrice = str(it.min_price) ? Number(str(it.min_price)) : p.min_price;
        if (!Number.isFinite(price) || price <= 0) return fail('INVALID_PRICE', 'price must be greater than 0');
        if (!Number.isFinite(oldPrice) || (oldPrice !== 0 && oldPrice <= price)) return fail('INVALID_OLD_PRICE', 'old_price must be 0 or greater than price');
        if (currencyMismatch(str(it.currency_code), p.currency_code)) return fail('CURRENCY_MISMATCH', `currency_code must be ${p.currency_code}`);
        if ((countRecent.get(p.product_id, limitsNow - 3_600_000) as { n: number }).n >= PRICE_CHANGES_PER_HOUR) {
          return fail('TOO_MANY_REQUESTS', 'error limiting: acquire limit per item');
        }
        const auto = str(it.auto_action_enabled);
        w.db
          .prepare('UPDATE products SET price = ?, old_price = ?, min_price = ?, net_price = ?, vat = ?, auto_action_enabled = ?, updated_at = ? WHERE product_id = ?')
          .run(
            price,
            oldPrice,
            minPrice,
            str(it.net_price) ? Number(str(it.net_price)) : p.net_price,
            str(it.vat) || p.vat,
            auto === 'ENABLED' ? 1 : auto === 'DISABLED' ? 0 : p.auto_action_enabled,
            w.clock.now(),
            p.product_id,
          );
        record.run(p.product_id, limitsNow);
        return { ...base, updated: true, errors: [] };
      });
      return { result };
    },
  },
];

const currencyMismatch = (given: string, own: string): boolean => given !== '' && given !== own;
