/**
 * The stock lane's pipeline (SQLite and PostgreSQL): a written batch is read
 * back behind the next send, so two batches can await their read-back at
 * once. Here both read-backs are held in flight when the runner "crashes"
 * (stopped with its requests aborted): both batches stay 'written', and the
 * next runner reads them back and settles them applied without sending a
 * pair a second time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OzonClient } from '../../src/server/ozon/client';
import { ExportManager } from '../../src/server/jobs/runner';
import { DB_KINDS } from './support/harness';
import { startExportEnv, type ExportEnv } from './support/export-env';
import { ozonPost, waitFor } from '../helpers/ozon-sandbox';

const SEND = '/v2/products/stocks';
const READ = '/v2/product/info/stocks-by-warehouse/fbs';

describe.each(DB_KINDS)('stock lane pipeline (%s)', (kind) => {
  let env: ExportEnv;
  // one pair per product, so a batch's read-back never names an offer of a batch not sent yet
  let pairs: { productId: string; offerId: string; warehouseId: string; present: number }[] = [];

  beforeAll(async () => {
    env = await startExportEnv(kind, { sandbox: { products: 700 }, kinds: ['stock'] });
    await env.stopRunner();
    const pr = await ozonPost(env.sb, 0, '/v5/product/info/prices', { filter: { visibility: 'ALL' }, limit: 1000 });
    const st = await ozonPost(env.sb, 0, READ, { offer_id: pr.items.map((i: any) => i.offer_id), limit: 1000 });
    const created = new Set((env.sbDb.prepare("SELECT product_id FROM products WHERE status = 'price_sent'").all() as { product_id: number }[]).map((r) => String(r.product_id)));
    const seen = new Set<string>();
    for (const s of st.products) {
      const pid = String(s.product_id);
      if (!created.has(pid) || seen.has(pid)) continue;
      seen.add(pid);
      pairs.push({ productId: pid, offerId: String(s.offer_id), warehouseId: String(s.warehouse_id), present: s.present });
    }
    pairs = pairs.slice(0, 200);
    expect(pairs.length).toBe(200);
  }, 120_000);
  afterAll(async () => env?.close());

  it('two batches awaiting read-back, a crash between them: both read back after restart, nothing sent twice', async () => {
    const offerOf = new Map(pairs.map((p) => [p.productId, p.offerId]));
    const sentOffers = new Set<string>();
    const heldReads: string[][] = [];
    // the real client, except that a read of offers already sent (a read-back, not a pre-read) waits until aborted
    const holding = (c: OzonClient): OzonClient =>
      new Proxy(c, {
        get(target, prop, receiver) {
          if (prop !== 'call') {
            const v = Reflect.get(target, prop, receiver) as unknown;
            return typeof v === 'function' ? v.bind(target) : v;
          }
          return async (path: string, body: any, schema: any, o: { signal?: AbortSignal } = {}) => {
            if (path === READ && (body.offer_id as string[]).every((x) => sentOffers.has(x))) {
              heldReads.push(body.offer_id as string[]);
              await new Promise((_, reject) => o.signal?.addEventListener('abort', () => reject(o.signal!.reason), { once: true }));
            }
            const r = await target.call(path, body, schema, o);
            if (path === SEND) for (const s of body.stocks as { product_id: bigint }[]) sentOffers.add(offerOf.get(String(s.product_id))!);
            return r;
          };
        },
      });
    const sendsBefore = env.exchanges.filter((e) => e.path === SEND).length;
    const ids = await env.enqueue(pairs.map((p) => ({ kind: 'stock', key: `${p.productId}:${p.warehouseId}`, values: { present: p.present + 5 } })));
    const store = await env.h.built.db.selectFrom('stores').selectAll().where('id', '=', env.storeId).executeTakeFirstOrThrow();
    const crashing = new ExportManager(
      { db: env.h.built.db, log: env.h.built.app.log, clientFor: async (s) => holding(await env.h.built.stores.clientFor(s)) },
      { pollMs: 150, kinds: ['stock'], now: env.now, drainMs: 50 },
    );
    crashing.start(store);
    // the second batch is sent while the first one's read-back is still in flight
    await waitFor(async () => heldReads.length === 2 || null, 30_000, 50);
    const mid = await env.items(ids);
    expect(mid.map((r) => r.state)).toEqual(ids.map(() => 'written'));
    expect(new Set(mid.map((r) => r.attempt_id)).size).toBe(2);
    await crashing.stopAll(); // drain 50 ms, then the held read-backs are aborted
    const after = await env.items(ids);
    expect(after.map((r) => r.state)).toEqual(ids.map(() => 'written'));

    await env.startRunner();
    const rows = await env.settled(ids, 60_000);
    expect(rows.filter((r) => r.state !== 'applied').map((r) => `${r.row_key} ${r.state} ${r.error_message}`)).toEqual([]);
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
    // two sends in all (100 pairs each), none after the restart
    const sends = env.exchanges.filter((e) => e.path === SEND).slice(sendsBefore);
    expect(sends.map((e) => (e.request as { stocks: unknown[] }).stocks.length)).toEqual([100, 100]);
    const now = await ozonPost(env.sb, 0, READ, { offer_id: pairs.map((p) => p.offerId), limit: 1000 });
    for (const p of pairs) expect(now.products.find((x: any) => String(x.product_id) === p.productId && String(x.warehouse_id) === p.warehouseId).present).toBe(p.present + 5);
  }, 120_000);
});
