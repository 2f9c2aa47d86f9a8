/**
 * Import from the sandbox into the server DB (SQLite and PostgreSQL): two
 * stores concurrently, counts match Ozon, no 429, every request valid against
 * Ozon's request schemas, re-import writes no feed entries, and a restart in
 * the middle resumes from the checkpoint without re-fetching committed pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/sandbox/index';
import { buildApp } from '../../src/server/app';
import type { ServerOptions } from '../../src/server/config';
import { countRows } from '../../src/server/store-data/read';
import { TABLES } from '../../src/server/store-data/tables';
import { validateRequest } from '../sandbox/openapi';
import { DB_KINDS, setupOwner, startHarness, type Harness } from './support/harness';
import { MASTER_KEY, ozonPost, sandbox, stats, waitFor } from '../helpers/ozon-sandbox';

let sb: RunningSandbox;
const exchanges: { method: 'GET' | 'POST'; path: string; request: unknown; status: number | null }[] = [];
beforeAll(async () => {
  sb = await sandbox({ stores: 4, products: 250 });
});
afterAll(async () => sb?.close());

async function ozonProductCount(store: number): Promise<number> {
  const all = await ozonPost(sb, store, '/v3/product/list', { filter: { visibility: 'ALL' }, limit: 1 });
  const arch = await ozonPost(sb, store, '/v3/product/list', { filter: { visibility: 'ARCHIVED' }, limit: 1 });
  return Number(all.result.total) + Number(arch.result.total);
}

const opts = (): Partial<ServerOptions> => ({
  keyVault: 'encrypted',
  masterKey: MASTER_KEY,
  ozon: { sellerUrl: sb.url, onExchange: (e) => void exchanges.push(e), postingsHistoryDays: 7 },
});

describe.each(DB_KINDS)('store import (%s)', (kind) => {
  let h: Harness;
  let token: string;
  const storeIds: string[] = [];
  const [a, b] = kind === 'sqlite' ? [0, 1] : [2, 3];

  beforeAll(async () => {
    h = await startHarness(kind, opts());
    token = (await setupOwner(h)).auth.tokens.accessToken;
  });
  afterAll(async () => h?.close());

  it('imports two stores concurrently with progress, counts matching Ozon, no 429', async () => {
    sb.control.resetStats();
    for (const i of [a, b]) {
      const res = await h.request('POST', '/api/v1/stores', { token, body: { name: `S${i}`, clientId: sb.stores[i]!.clientId, apiKey: sb.stores[i]!.apiKey } });
      expect(res.status).toBe(200);
      storeIds.push(res.body.id);
    }
    const seenRunning = new Set<string>();
    // poll both stores every round: a store that finishes first must still have been seen running
    await waitFor(async () => {
      let done = true;
      for (const id of storeIds) {
        const st = await h.request('GET', `/api/v1/stores/${id}/import`, { token });
        for (const e of st.body.entities) if (e.state === 'running') seenRunning.add(`${id}:${e.entity}`);
        done &&= st.body.firstImportDone;
      }
      return done;
    }, 150_000, 50);
    // both stores made progress at the same time: one never waited for the other
    expect([...seenRunning].some((k) => k.startsWith(storeIds[0]!))).toBe(true);
    expect([...seenRunning].some((k) => k.startsWith(storeIds[1]!))).toBe(true);

    for (const [n, id] of [a, b].map((x, j) => [x, storeIds[j]!] as const)) {
      const st = await h.request('GET', `/api/v1/stores/${id}/import`, { token });
      const products = st.body.entities.find((e: { entity: string }) => e.entity === 'products');
      expect(products).toMatchObject({ state: 'done', mode: 'incremental', error: null });
      const expected = await ozonProductCount(n);
      expect(products.done).toBe(expected);
      expect(await countRows(h.built.db, TABLES.product, id)).toBe(expected);
      const wh = await ozonPost(sb, n, '/v2/warehouse/list', { limit: 200 });
      expect(await countRows(h.built.db, TABLES.warehouse, id)).toBe(wh.warehouses.length);
      expect(await countRows(h.built.db, TABLES.stock, id)).toBeGreaterThan(0);
      expect(await countRows(h.built.db, TABLES.posting, id)).toBeGreaterThan(0);
      expect(await countRows(h.built.db, TABLES.category, id)).toBeGreaterThan(0);
      expect(await countRows(h.built.db, TABLES.category_attributes, id)).toBeGreaterThan(0);
    }
    const s = stats(sb);
    expect(s.rate_limited_total, JSON.stringify((s as never as { rate_limited: unknown }).rate_limited)).toBe(0);
  }, 180_000);

  it('stores exact Ozon data: money as decimal strings, ids as strings, versions from the feed', async () => {
    const id = storeIds[0]!;
    const row = await h.built.db.selectFrom('products').selectAll().where('store_id', '=', id).limit(1).executeTakeFirstOrThrow();
    const doc = JSON.parse(row.data);
    expect(doc.price).toMatch(/^\d+\.\d{2}$/);
    expect(typeof doc.productId).toBe('string');
    expect(typeof doc.description).toBe('string');
    const ozon = await ozonPost(sb, a, '/v3/product/info/list', { product_id: [doc.productId] });
    expect(doc.price).toBe(ozon.items[0].price);
    expect(doc.offerId).toBe(ozon.items[0].offer_id);
    const feed = await h.built.db.selectFrom('change_feed').selectAll().where('seq', '=', row.version).executeTakeFirstOrThrow();
    expect(feed).toMatchObject({ entity: 'product', row_key: doc.productId, op: 'upsert' });
    const p = await h.built.db.selectFrom('postings').selectAll().where('store_id', '=', id).limit(1).executeTakeFirstOrThrow();
    const pd = JSON.parse(p.data);
    expect(pd.items.length).toBeGreaterThan(0);
    expect(pd.items[0].price).toMatch(/^\d+\.\d{2}$/);
  });

  it('a refresh of unchanged data writes no change-feed entries', async () => {
    const before = await h.built.db.selectFrom('change_feed').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const cp0 = await h.built.db.selectFrom('import_checkpoints').selectAll().where('store_id', '=', storeIds[0]!).where('entity', '=', 'products').executeTakeFirstOrThrow();
    await h.built.imports.runNow(storeIds[0]!, 'products');
    await waitFor(async () => {
      const cp = await h.built.db.selectFrom('import_checkpoints').selectAll().where('store_id', '=', storeIds[0]!).where('entity', '=', 'products').executeTakeFirstOrThrow();
      return cp.state === 'done' && cp.finished_at !== cp0.finished_at;
    });
    const after = await h.built.db.selectFrom('change_feed').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('sent only requests valid against the official request schemas', () => {
    const paths = new Set(exchanges.map((e) => e.path));
    expect(paths).toContain('/v4/posting/fbs/list');
    for (const e of exchanges) expect(validateRequest(e.path, e.method === 'GET' ? undefined : e.request, { method: e.method === 'GET' ? 'get' : 'post' }), e.path).toEqual([]);
  });
});

describe.each(DB_KINDS)('import resume after a restart (%s)', (kind) => {
  it('continues from the committed checkpoint without duplicates', async () => {
    const n = kind === 'sqlite' ? 0 : 1;
    const h = await startHarness(kind, { ...opts(), ozon: { ...opts().ozon, descriptionConcurrency: 2 } });
    try {
      const token = (await setupOwner(h)).auth.tokens.accessToken;
      sb.control.resetStats();
      const res = await h.request('POST', '/api/v1/stores', { token, body: { name: 'R', clientId: sb.stores[n]!.clientId, apiKey: sb.stores[n]!.apiKey } });
      const id = res.body.id as string;
      await waitFor(async () => {
        const cp = await h.built.db.selectFrom('import_checkpoints').selectAll().where('store_id', '=', id).where('entity', '=', 'products').executeTakeFirst();
        return !!cp && cp.state === 'running' && cp.done >= 100;
      }, 60_000, 20);
      // "crash": stop the server mid-import (workers are aborted between commits)
      await h.built.close();
      const cp = await h.built.db
        .selectFrom('import_checkpoints')
        .selectAll()
        .where('store_id', '=', id)
        .where('entity', '=', 'products')
        .executeTakeFirst()
        .catch(() => null);
      expect(cp == null || cp.state === 'running').toBe(true);
      const cfg = h.built.ctx.config.db;
      const again = await buildApp({ logLevel: 'silent', ...opts(), ...(cfg.kind === 'postgres' ? { databaseUrl: cfg.url } : { sqlitePath: cfg.path }) });
      try {
        await waitFor(async () => (await again.imports.status(id)).firstImportDone, 120_000, 50);
        const total = await ozonProductCount(n);
        expect(await countRows(again.db, TABLES.product, id)).toBe(total);
        const s = stats(sb);
        // each product's description fetched once, plus at most the one page that was in flight at the crash
        expect(s.requests['/v1/product/info/description']).toBeGreaterThanOrEqual(total);
        expect(s.requests['/v1/product/info/description']).toBeLessThanOrEqual(total + 100);
        // one feed 'upsert' per product from the product import (+ at most one from the price import)
        const feed = await again.db.selectFrom('change_feed').select(['row_key']).where('store_id', '=', id).where('entity', '=', 'product').execute();
        const per = new Map<string, number>();
        for (const f of feed) per.set(f.row_key, (per.get(f.row_key) ?? 0) + 1);
        expect(Math.max(...per.values())).toBeLessThanOrEqual(2);
        expect(per.size).toBe(total);
      } finally {
        await again.close();
      }
    } finally {
      await h.close();
    }
  }, 180_000);
});
