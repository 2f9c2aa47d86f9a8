/**
 * What each export kind sends, how Ozon answers per item, how it is read back
 * and how it is paced (Ozon's item-level limits). The runner (runner.ts) is
 * kind-agnostic.
 *
 * price → /v1/product/import/prices (≤1000 items), read back with
 *   /v5/product/info/prices (filter product_id, ≤1000). Pacing: a product's
 *   price changes ≤ 10 per hour → items over it are held (pending with a reason).
 * stock → /v2/products/stocks (≤100 pairs, 80 req/min in the limiter), read
 *   back with /v2/product/info/stocks-by-warehouse/fbs (by offer_id). Ozon's
 *   `stock` is the quantity WITHOUT reserved units, while the person edits
 *   `present`: we send present − reserved (reserved read just before) and
 *   compare `present` on read-back. Pacing: a pair ≤ once per 30 s.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema';
import type { OzonClient } from '../ozon/client';
import { getProductInfo } from '../ozon/endpoints/products';
import { zArr, zBool, zId, zMoney, zNum, zStr } from '../ozon/endpoints/zod-helpers';
import { OZON_LIMITS } from '../ozon/limits';
import type { ExportKind } from './enqueue';
import type { ItemRow } from './settle';

export interface ItemResult {
  ok: boolean;
  code?: string;
  message?: string;
}

export interface ReadBack {
  /** Ozon shows every value the item sets */
  matches: boolean;
  /** what Ozon shows (stored on the item) */
  value: unknown;
  /** for stock: reserved units at read time */
  reserved?: number;
}

export interface Hold {
  id: string;
  notBefore: string;
  message: string;
}

export interface KindHandler {
  kind: ExportKind;
  path: string;
  batchSize: number;
  /** per-item codes that mean "wait and retry", not "failed" */
  waitCodes: string[];
  holds(db: Kysely<DB>, storeId: string, items: ItemRow[], nowMs: number): Promise<Hold[]>;
  /** Ozon's current state per item id (missing = Ozon does not know the target) */
  read(c: OzonClient, db: Kysely<DB>, storeId: string, items: ItemRow[], signal?: AbortSignal): Promise<Map<string, ReadBack>>;
  body(items: ItemRow[], pre: Map<string, ReadBack> | null): unknown;
  results(c: OzonClient, items: ItemRow[], body: unknown, signal?: AbortSignal): Promise<Map<string, ItemResult>>;
  /** a hold after Ozon's per-item "too many requests" */
  waitHold(item: ItemRow, nowMs: number): Hold;
  /** pre-read before sending (stock needs reserved) */
  preRead: boolean;
}

const iso = (ms: number) => new Date(ms).toISOString();
const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16) + ' UTC';

const ResultItem = z.object({
  product_id: zId,
  offer_id: zStr,
  warehouse_id: z.union([z.string(), z.number(), z.null()]).optional(),
  updated: zBool,
  errors: zArr(z.object({ code: zStr, message: zStr })),
});
const WriteResponse = z.object({ result: zArr(ResultItem) });

function money(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

async function sentHistory(db: Kysely<DB>, storeId: string, kind: string, keys: string[], sinceIso: string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db
      .selectFrom('job_items')
      .select(['item_key', 'sent_at'])
      .where('store_id', '=', storeId)
      .where('kind', '=', kind)
      .where('item_key', 'in', keys.slice(i, i + 500))
      .where('sent_at', '>', sinceIso)
      .where('state', 'in', ['applied', 'drifted', 'written', 'sending'])
      .execute();
    for (const r of rows) out.set(r.item_key, [...(out.get(r.item_key) ?? []), r.sent_at!]);
  }
  return out;
}

// ---------------------------------------------------------------- prices

const PriceRead = z.object({
  items: zArr(z.object({ product_id: zId, price: z.object({ price: zMoney, old_price: zMoney, min_price: zMoney }) })),
  cursor: zStr,
});

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
        const r = await c.call('/v5/product/info/prices', { filter: { product_id: chunk, visibility: 'ALL' }, limit: 1000, ...(cursor ? { cursor } : {}) }, PriceRead, { signal });
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

// ---------------------------------------------------------------- stocks

const StockRead = z.object({
  products: zArr(z.object({ product_id: zId, warehouse_id: zId, present: zNum, reserved: zNum })),
  cursor: zStr,
  has_next: zBool,
});

/** offer_id per product: from store data, else asked from Ozon (cached per process). */
const offerCache = new Map<string, string>();
async function offerIds(c: OzonClient, db: Kysely<DB>, storeId: string, productIds: string[], signal?: AbortSignal): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const missing: string[] = [];
  for (const p of productIds) {
    const hit = offerCache.get(`${storeId}:${p}`);
    if (hit) out.set(p, hit);
    else missing.push(p);
  }
  for (let i = 0; i < missing.length; i += 500) {
    const rows = await db.selectFrom('products').select(['product_id', 'offer_id']).where('store_id', '=', storeId).where('product_id', 'in', missing.slice(i, i + 500)).execute();
    for (const r of rows) if (r.offer_id) out.set(r.product_id, r.offer_id);
  }
  const still = missing.filter((p) => !out.has(p));
  for (let i = 0; i < still.length; i += 1000) {
    const r = await getProductInfo(c, still.slice(i, i + 1000), signal);
    for (const it of r.items) if (it.offer_id) out.set(it.id, it.offer_id);
  }
  for (const [p, o] of out) offerCache.set(`${storeId}:${p}`, o);
  return out;
}

export const stockHandler: KindHandler = {
  kind: 'stock',
  path: '/v2/products/stocks',
  batchSize: OZON_LIMITS.stocksPerRequest,
  waitCodes: ['TOO_MANY_REQUESTS'],
  preRead: true,
  async holds(db, storeId, items, nowMs) {
    const hist = await sentHistory(db, storeId, 'stock', items.map((i) => i.item_key), iso(nowMs - OZON_LIMITS.stockPairIntervalMs - 5_000));
    const out: Hold[] = [];
    for (const it of items) {
      const last = (hist.get(it.item_key) ?? []).sort().pop();
      if (!last) continue;
      const until = Date.parse(last) + OZON_LIMITS.stockPairIntervalMs + 1_500;
      if (until > nowMs) out.push({ id: it.id, notBefore: iso(until), message: 'Ozon accepts one stock update per product and warehouse every 30 s; sending the newest value next' });
    }
    return out;
  },
  waitHold(item, nowMs) {
    const until = nowMs + OZON_LIMITS.stockPairIntervalMs + 1_500;
    return { id: item.id, notBefore: iso(until), message: 'Ozon accepts one stock update per product and warehouse every 30 s; retrying' };
  },
  async read(c, db, storeId, items, signal) {
    const pids = [...new Set(items.map((i) => i.row_key!.split(':')[0]!))];
    const offers = await offerIds(c, db, storeId, pids, signal);
    const offerList = [...new Set(pids.map((p) => offers.get(p)).filter((o): o is string => !!o))];
    const seen = new Map<string, { present: number; reserved: number }>();
    for (let i = 0; i < offerList.length; i += 1000) {
      let cursor = '';
      for (;;) {
        const r = await c.call('/v2/product/info/stocks-by-warehouse/fbs', { offer_id: offerList.slice(i, i + 1000), limit: 1000, ...(cursor ? { cursor } : {}) }, StockRead, { signal });
        for (const s of r.products) seen.set(`${s.product_id}:${s.warehouse_id}`, { present: s.present, reserved: s.reserved });
        if (!r.has_next || !r.cursor) break;
        cursor = r.cursor;
      }
    }
    const out = new Map<string, ReadBack>();
    for (const it of items) {
      const s = seen.get(it.row_key!);
      if (!s) continue;
      const want = (JSON.parse(it.payload) as { present: number }).present;
      out.set(it.id, { matches: s.present === want, value: s, reserved: s.reserved });
    }
    return out;
  },
  body(items, pre) {
    return {
      stocks: items.map((it) => {
        const [pid, wid] = it.row_key!.split(':') as [string, string];
        const want = (JSON.parse(it.payload) as { present: number }).present;
        const reserved = pre?.get(it.id)?.reserved ?? 0;
        // bigint: warehouse ids exceed 2^53 and must stay exact on the wire
        return { product_id: BigInt(pid), warehouse_id: BigInt(wid), stock: Math.max(0, want - reserved) };
      }),
    };
  },
  async results(c, items, body, signal) {
    const r = await c.call(this.path, body, WriteResponse, { idempotent: false, signal });
    const byPair = new Map(items.map((i) => [i.row_key!, i.id]));
    const out = new Map<string, ItemResult>();
    for (const x of r.result) {
      const id = byPair.get(`${x.product_id}:${String(x.warehouse_id ?? '')}`);
      if (!id) continue;
      out.set(id, x.updated ? { ok: true } : { ok: false, code: x.errors[0]?.code || 'NOT_UPDATED', message: x.errors.map((e) => e.message).join('; ') || 'Ozon did not update the stock' });
    }
    return out;
  },
};

export const HANDLERS: Partial<Record<ExportKind, KindHandler>> = { price: priceHandler, stock: stockHandler };
