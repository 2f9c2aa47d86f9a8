/**
 * price → /v1/product/import/prices (≤1000 items), read back with
 * /v5/product/info/prices (filter product_id, ≤1000). Pacing: a product's
 * price changes ≤ 10 per hour → items over it are held (pending with a reason).
 */
import { listPrices } from '../../ozon/endpoints/prices';
import { OZON_LIMITS } from '../../ozon/limits';
import { WriteResponse, hhmm, iso, money, sentHistory, type Hold, type ItemResult, type KindHandler, type ReadBack } from './types';

const PRICE_FIELDS = [
  ['price', 'price'],
  ['oldPrice', 'old_price'],
  ['minPrice', 'min_price'],
] as const;

export const priceHandler: KindHandler = {
  kind: 'price',
  path: '/v1/product/import/prices',
  batchSize: OZON_LIMITS.pricesPerRequest,
  waitCodes: ['TOO_MANY_REQUESTS'],
  preRead: false,
  async holds(db, storeId, items, nowMs) {
    const hist = await sentHistory(db, storeId, 'price', items.map((i) => i.item_key), iso(nowMs - 3_600_000));
    const out: Hold[] = [];
    for (const it of items) {
      const sent = (hist.get(it.item_key) ?? []).sort().reverse();
      if (sent.length < OZON_LIMITS.priceChangesPerHour) continue;
      const until = Date.parse(sent[OZON_LIMITS.priceChangesPerHour - 1]!) + 3_600_000 + 2_000;
      out.push({ id: it.id, notBefore: iso(until), message: `Ozon allows ${OZON_LIMITS.priceChangesPerHour} price changes per product per hour; waiting until ${hhmm(until)}` });
    }
    return out;
  },
  waitHold(_item, nowMs) {
    const until = nowMs + 10 * 60_000;
    return { id: _item.id, notBefore: iso(until), message: `Ozon refused: more than ${OZON_LIMITS.priceChangesPerHour} price changes of this product in an hour; retrying at ${hhmm(until)}` };
  },
  async read(c, _db, _storeId, items, signal) {
    const ids = [...new Set(items.map((i) => i.row_key!))];
    const seen = new Map<string, { price: string | null; old_price: string | null; min_price: string | null }>();
    for (let i = 0; i < ids.length; i += 1000) {
      const chunk = ids.slice(i, i + 1000);
      let cursor = '';
      do {
        const r = await listPrices(c, cursor, 1000, signal, chunk);
        for (const it of r.items) seen.set(it.product_id, it.price);
        cursor = r.items.length ? r.cursor : '';
      } while (cursor);
    }
    const out = new Map<string, ReadBack>();
    for (const it of items) {
      const p = seen.get(it.row_key!);
      if (!p) continue;
      const want = JSON.parse(it.payload) as Record<string, string | undefined>;
      const matches = PRICE_FIELDS.every(([f, o]) => want[f] === undefined || money(want[f]) === (money(p[o]) ?? 0));
      out.set(it.id, { matches, value: { price: p.price, oldPrice: p.old_price, minPrice: p.min_price } });
    }
    return out;
  },
  body(items) {
    return {
      prices: items.map((it) => {
        const v = JSON.parse(it.payload) as Record<string, string | undefined>;
        const p: Record<string, unknown> = { product_id: Number(it.row_key) };
        for (const [f, o] of PRICE_FIELDS) if (v[f] !== undefined) p[o] = v[f];
        return p;
      }),
    };
  },
  async results(c, items, body, signal) {
    const r = await c.call(this.path, body, WriteResponse, { idempotent: false, signal });
    const byProduct = new Map(items.map((i) => [i.row_key!, i.id]));
    const out = new Map<string, ItemResult>();
    for (const x of r.result) {
      const id = byProduct.get(x.product_id);
      if (!id) continue;
      out.set(id, x.updated ? { ok: true } : { ok: false, code: x.errors[0]?.code || 'NOT_UPDATED', message: x.errors.map((e) => e.message).join('; ') || 'Ozon did not update the price' });
    }
    return out;
  },
};

