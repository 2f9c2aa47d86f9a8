/**
 * A repricer against Ozon's 10-changes-an-hour rule (SQLite and PostgreSQL):
 * products repriced 12 times within an hour get exactly 10 changes applied;
 * the 11th waits (held with the reason), the 12th replaces it while it waits
 * (the latest price is what Ozon must end with, the 11th is never sent), and
 * once the hour has passed the 12th goes out once. Ozon never refuses an item
 * (no per-item TOO_MANY_REQUESTS): the lane holds instead of trying.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportStateFor } from '../../src/server/jobs/enqueue';
import { applyRows } from '../../src/server/store-data/upsert';
import { TABLES } from '../../src/server/store-data/tables';
import { DB_KINDS } from './support/harness';
import { startExportEnv, type ExportEnv, type Req } from './support/export-env';
import { ozonPost, waitFor } from '../helpers/ozon-sandbox';

const ROUNDS = 12;

describe.each(DB_KINDS)('price changes over the hourly limit (%s)', (kind) => {
  let env: ExportEnv;
  let products: { productId: string; price: number }[] = [];
  const refused: Record<string, number> = {};
  let sentItems = 0;

  beforeAll(async () => {
    env = await startExportEnv(kind, { sandbox: { products: 40 }, kinds: ['price'] });
    // the test's runner (same clock) also reports what Ozon refused per item
    await env.startRunner({
      onEvent: (e) => {
        if (e.type !== 'sent') return;
        sentItems += e.count;
        for (const [code, n] of Object.entries(e.refused ?? {})) refused[code] = (refused[code] ?? 0) + n;
      },
    });
    const pr = await ozonPost(env.sb, 0, '/v5/product/info/prices', { filter: { visibility: 'ALL' }, limit: 100 });
    products = pr.items
      .map((i: { product_id: number; price: { price: string } }) => ({ productId: String(i.product_id), price: Number(i.price.price) }))
      .filter((p: { price: number }) => p.price > ROUNDS + 10)
      .slice(0, 3);
    expect(products).toHaveLength(3);
    // store-data rows as the importer would have them: every settled item moves its row in the feed
    await env.h.built.db.transaction().execute((trx) =>
      applyRows(trx, TABLES.product, { workspaceId: env.workspaceId, storeId: env.storeId }, products.map((p) => ({ key: [p.productId], data: { productId: p.productId, price: p.price.toFixed(2) }, extra: { offer_id: null, sku: null } }))),
    );
  }, 120_000);
  afterAll(async () => env?.close());

  const priceAt = (p: { price: number }, round: number) => (p.price - round).toFixed(2);
  const round = (r: number): Req[] => products.map((p) => ({ kind: 'price', key: p.productId, values: { price: priceAt(p, r) } }));
  const writes = (productId: string, sinceMs: number): number =>
    (env.sbDb.prepare('SELECT COUNT(*) AS n FROM price_writes WHERE product_id = ? AND at >= ?').get(Number(productId), sinceMs) as { n: number }).n;
  /** the prices Ozon received for the product, in order of the requests */
  const sentPrices = (productId: string): string[] =>
    env.exchanges
      .filter((e) => e.path === '/v1/product/import/prices' && e.status !== null)
      .flatMap((e) => (e.request as { prices: { product_id: number; price?: string }[] }).prices.filter((x) => String(x.product_id) === productId).map((x) => x.price ?? ''));

  const versions = async () =>
    new Map((await env.h.built.db.selectFrom('products').select(['product_id', 'version']).where('store_id', '=', env.storeId).where('product_id', 'in', products.map((p) => p.productId)).execute()).map((r) => [r.product_id, Number(r.version)]));

  it('applies 10 changes in the hour, holds the rest with the reason, coalesces them to the latest, sends it once after the hour', async () => {
    const since = Date.now() - 1000;
    const v0 = await versions();
    for (let r = 1; r <= 10; r++) {
      const ids = await env.enqueue(round(r));
      for (const row of await env.settled(ids)) expect(row.state, `round ${r}`).toBe('applied');
    }
    // the 11th change of the hour waits, and says why; it is not sent
    const ids11 = await env.enqueue(round(11));
    const held11 = await waitFor(async () => {
      const rows = await env.items(ids11);
      return rows.every((x) => x.state === 'pending' && x.error_code === 'held') ? rows : null;
    });
    for (const row of held11) expect(row.error_message).toMatch(/10 price changes per product per hour/);
    // the 12th replaces the waiting 11th and waits in its place, with the same reason
    const ids12 = await env.enqueue(round(12));
    const rows11 = await env.items(ids11);
    rows11.forEach((row, n) => expect(row).toMatchObject({ state: 'superseded', superseded_by: ids12[n], attempts: 0, sent_at: null }));
    for (const row of await env.items(ids12)) {
      expect(row).toMatchObject({ state: 'pending', error_code: 'held' });
      expect(row.error_message).toMatch(/10 price changes per product per hour/);
    }
    const states = await exportStateFor(env.h.built.db, env.storeId, 'product', products.map((p) => p.productId));
    for (const p of products) {
      expect(states.get(p.productId)).toMatchObject({ state: 'pending' });
      expect(states.get(p.productId)!.reason).toMatch(/10 price changes/);
      expect(writes(p.productId, since)).toBe(10);
    }

    // an hour later the latest price goes out, once
    await env.advance(3602);
    for (const row of await env.settled(ids12)) expect(row).toMatchObject({ state: 'applied', attempts: 1 });
    const now = await ozonPost(env.sb, 0, '/v5/product/info/prices', { filter: { product_id: products.map((p) => p.productId), visibility: 'ALL' }, limit: 100 });
    for (const p of products) {
      expect(Number(now.items.find((i: { product_id: number }) => String(i.product_id) === p.productId).price.price)).toBe(Number(priceAt(p, 12)));
      expect(writes(p.productId, since)).toBe(11);
      // each round's price sent once, in order, the replaced 11th never
      expect(sentPrices(p.productId)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12].map((r) => priceAt(p, r)));
    }
    // each settled change moved its row in the feed (clients re-pull it and see ozonSync)
    const v1 = await versions();
    for (const p of products) expect(v1.get(p.productId)!).toBeGreaterThan(v0.get(p.productId)!);
    expect(sentItems).toBe(products.length * 11);
    expect(refused).toEqual({});
  }, 120_000);
});
