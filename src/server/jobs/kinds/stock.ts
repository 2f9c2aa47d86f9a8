/**
 * stock → /v2/products/stocks (≤100 pairs, 80 req/min in the limiter), read
 * back with /v2/product/info/stocks-by-warehouse/fbs (by offer_id). Ozon's
 * `stock` is the quantity WITHOUT reserved units, while the person edits
 * `present`: we send present − reserved (reserved read just before) and
 * compare `present` on read-back. Pacing: a pair ≤ once per 30 s.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { OzonClient } from '../../ozon/client';
import { getProductInfo } from '../../ozon/endpoints/products';
import { listStocksByWarehouse } from '../../ozon/endpoints/stocks';
import { OZON_LIMITS } from '../../ozon/limits';
import { WriteResponse, iso, sentHistory, type Hold, type ItemResult, type KindHandler, type ReadBack } from './types';

/**
 * offer_id per product: from store data, else asked from Ozon. Read afresh on
 * every call (one indexed query per ≤100-item batch): a process-wide cache
 * would grow with every product ever exported and keep an offer_id the
 * seller changed on Ozon or a store that was unlinked.
 */
async function offerIds(c: OzonClient, db: Kysely<DB>, storeId: string, productIds: string[], signal?: AbortSignal): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < productIds.length; i += 500) {
    const rows = await db.selectFrom('products').select(['product_id', 'offer_id']).where('store_id', '=', storeId).where('product_id', 'in', productIds.slice(i, i + 500)).execute();
    for (const r of rows) if (r.offer_id) out.set(r.product_id, r.offer_id);
  }
  const missing = productIds.filter((p) => !out.has(p));
  for (let i = 0; i < missing.length; i += 1000) {
    const r = await getProductInfo(c, missing.slice(i, i + 1000), signal);
    for (const it of r.items) if (it.offer_id) out.set(it.id, it.offer_id);
  }
  return out;
}

export const stockHandler: KindHandler = {
  kind: 'stock',
  path: '/v2/products/stocks',
  batchSize: OZON_LIMITS.stocksPerRequest,
  waitCodes: ['TOO_MANY_REQUESTS'],
  preRead: true,
  // 80 sends/min is the bound; read-backs use /v2/product/info/stocks-by-warehouse/fbs (the 50/s budget)
  pipeline: 2,
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
        const r = await listStocksByWarehouse(c, offerList.slice(i, i + 1000), cursor, signal);
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

