/**
 * Export jobs against the Ozon sandbox (SQLite and PostgreSQL): price and
 * stock changes batched, paced and read back; per-item errors; the 11th
 * price change of an hour waits; stock pair coalescing; 10% injected faults
 * end every change applied exactly once or failed with a reason; every
 * request valid against Ozon's request schemas.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueExport, exportStateFor } from '../../src/server/jobs/enqueue';
import { applyRows } from '../../src/server/store-data/upsert';
import { TABLES } from '../../src/server/store-data/tables';
import { DB_KINDS, type Harness } from './support/harness';
import { expectAppliedOrFailedWithReason, expectValidExchanges, startExportEnv, withFaults, type ExportEnv, type Req } from './support/export-env';
import { ozonPost, stats, waitFor } from '../helpers/ozon-sandbox';

describe.each(DB_KINDS)('export jobs (%s)', (kind) => {
  let env: ExportEnv;
  let h: Harness;
  let token: string;
  let storeId: string;
  let workspaceId: string;
  let prices: { productId: string; price: number; oldPrice: number }[] = [];
  let pairs: { productId: string; warehouseId: string; present: number; reserved: number }[] = [];

  beforeAll(async () => {
    // every kind; the runner's clock is shifted together with the sandbox's limits clock (env.advance)
    env = await startExportEnv(kind, { sandbox: { products: 700 } });
    ({ h, token, storeId, workspaceId } = env);
    const pr = await ozonPost(env.sb, 0, '/v5/product/info/prices', { filter: { visibility: 'ALL' }, limit: 1000 });
    prices = pr.items
      .map((i: any) => ({ productId: String(i.product_id), price: Number(i.price.price), oldPrice: Number(i.price.old_price) }))
      .filter((p: { price: number }) => p.price > 10);
    const st = await ozonPost(env.sb, 0, '/v2/product/info/stocks-by-warehouse/fbs', { offer_id: pr.items.map((i: any) => i.offer_id), limit: 1000 });
    const created = new Set((env.sbDb.prepare("SELECT product_id FROM products WHERE status = 'price_sent'").all() as { product_id: number }[]).map((r) => String(r.product_id)));
    pairs = st.products
      .filter((s: any) => created.has(String(s.product_id)))
      .map((s: any) => ({ productId: String(s.product_id), warehouseId: String(s.warehouse_id), present: s.present, reserved: s.reserved }));
    expect(prices.length).toBeGreaterThan(600);
    expect(pairs.length).toBeGreaterThan(600);
  }, 120_000);
  afterAll(async () => env?.close());

  const priceWrites = (productId: string, sinceMs: number): number =>
    (env.sbDb.prepare('SELECT COUNT(*) AS n FROM price_writes WHERE product_id = ? AND at >= ?').get(Number(productId), sinceMs) as { n: number }).n;
  const priceReq = (p: { productId: string }, price: string, extra: Partial<{ oldPrice: string; changeSetId: string; sourceMutationId: string }> = {}): Req => ({
    kind: 'price',
    key: p.productId,
    values: { price, ...(extra.oldPrice ? { oldPrice: extra.oldPrice } : {}) },
    changeSetId: extra.changeSetId ?? null,
    sourceMutationId: extra.sourceMutationId ?? null,
  });
  const stockReq = (p: { productId: string; warehouseId: string }, present: number): Req => ({ kind: 'stock', key: `${p.productId}:${p.warehouseId}`, values: { present } });

  it('pushes 500 price and 500 stock changes: max batches, zero 429, every item read back applied exactly once', async () => {
    env.sb.control.resetStats();
    const since = env.now();
    const ps = prices.slice(0, 500);
    const ss = pairs.slice(0, 500);
    const ids = await env.enqueue([
      ...ps.map((p, i) => priceReq(p, (p.price - 1).toFixed(2), { changeSetId: 'cs-bulk', sourceMutationId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` })),
      ...ss.map((p) => stockReq(p, p.present + 3)),
    ]);
    // idempotent per source mutation: enqueueing the same mutation again adds nothing
    const again = await h.built.db.transaction().execute((trx) => enqueueExport(trx, env.toRequest(priceReq(ps[0]!, '1.00', { sourceMutationId: '00000000-0000-4000-8000-000000000000' }))));
    expect(again.duplicate).toBe(true);
    const rows = await env.settled(ids, 120_000);
    const bad = rows.filter((r) => r.state !== 'applied');
    expect(bad.map((r) => `${r.kind} ${r.row_key} ${r.state} ${r.error_code} ${r.error_message}`)).toEqual([]);
    const s = stats(env.sb);
    expect(s.rate_limited_total).toBe(0);
    expect(s.requests['/v1/product/import/prices']).toBe(1); // 500 prices in one request (≤1000)
    expect(s.requests['/v2/products/stocks']).toBe(5); // 100 pairs a request
    for (const p of ps) expect(priceWrites(p.productId, since)).toBe(1);
    // Ozon has the values
    const now = await ozonPost(env.sb, 0, '/v5/product/info/prices', { filter: { product_id: ps.slice(0, 50).map((p) => p.productId), visibility: 'ALL' }, limit: 1000 });
    for (const it of now.items) expect(Number(it.price.price)).toBe(prices.find((p) => p.productId === String(it.product_id))!.price - 1);
    const sync = await exportStateFor(h.built.db, storeId, 'product', ps.slice(0, 5).map((p) => p.productId));
    expect([...sync.values()].map((x) => x.state)).toEqual(['synced', 'synced', 'synced', 'synced', 'synced']);

    // queryable over HTTP
    const jobs = await h.request('GET', `/api/v1/stores/${storeId}/jobs`, { token });
    expect(jobs.status).toBe(200);
    const priceJob = jobs.body.jobs.find((j: any) => j.kind === 'price' && j.changeSetId === 'cs-bulk');
    expect(priceJob).toMatchObject({ state: 'done', totalItems: 500, counts: { applied: 500 } });
    const detail = await h.request('GET', `/api/v1/jobs/${priceJob.id}?state=applied&changeSetId=cs-bulk&limit=10`, { token });
    expect(detail.status).toBe(200);
    expect(detail.body.items).toHaveLength(10);
    expect(detail.body.nextAfter).toBeTruthy();
    expect(detail.body.items[0]).toMatchObject({ state: 'applied', kind: 'price', attempts: 1 });
  }, 180_000);

  it('per-item error inside HTTP 200 → failed with Ozon’s code and message; the row’s feed entry moves', async () => {
    const p = prices[520]!;
    // a store-data row for the product, so the settle reaches the change feed
    await h.built.db.transaction().execute((trx) => applyRows(trx, TABLES.product, { workspaceId, storeId }, [{ key: [p.productId], data: { productId: p.productId, price: String(p.price) }, extra: { offer_id: null, sku: null } }]));
    const before = await h.built.db.selectFrom('products').select('version').where('store_id', '=', storeId).where('product_id', '=', p.productId).executeTakeFirstOrThrow();
    const [id] = await env.enqueue([priceReq(p, (p.price + 100).toFixed(2), { oldPrice: (p.price + 50).toFixed(2) })]);
    const [row] = await env.settled([id!]);
    expect(row).toMatchObject({ state: 'failed', error_code: 'INVALID_OLD_PRICE' });
    expect(row!.error_message).toMatch(/old_price/);
    const st = (await exportStateFor(h.built.db, storeId, 'product', [p.productId])).get(p.productId)!;
    expect(st.state).toBe('failed');
    expect(st.reason).toMatch(/INVALID_OLD_PRICE/);
    const after = await h.built.db.selectFrom('products').select('version').where('store_id', '=', storeId).where('product_id', '=', p.productId).executeTakeFirstOrThrow();
    expect(Number(after.version)).toBeGreaterThan(Number(before.version));
    const feed = await h.built.db.selectFrom('change_feed').selectAll().where('workspace_id', '=', workspaceId).where('seq', '=', after.version).executeTakeFirstOrThrow();
    expect(feed).toMatchObject({ entity: 'product', row_key: p.productId, op: 'upsert' });
  }, 60_000);

  it('edits accepted by sync push become export items in the same transaction and reach Ozon; ozonSync follows', async () => {
    const p = prices[530]!;
    const s = pairs[530]!;
    const stockKey = `${s.productId}:${s.warehouseId}`;
    // store-data rows as the importer would have them (old price none, so any lower price is valid)
    await h.built.db.transaction().execute(async (trx) => {
      await applyRows(trx, TABLES.product, { workspaceId, storeId }, [{ key: [p.productId], data: { productId: p.productId, price: p.price.toFixed(2), oldPrice: null, minPrice: null }, extra: { offer_id: null, sku: null } }]);
      await applyRows(trx, TABLES.stock, { workspaceId, storeId }, [{ key: [s.productId, s.warehouseId], data: { productId: s.productId, warehouseId: s.warehouseId, present: s.present, reserved: s.reserved } }]);
    });
    const newPrice = (p.price - 3).toFixed(2);
    const at = new Date().toISOString();
    const priceMut = { id: randomUUID(), entity: 'product', storeId, key: p.productId, baseVersion: 0, changes: { price: newPrice }, base: { price: p.price.toFixed(2) }, changeSetId: 'cs-q', createdAt: at };
    const stockMut = { id: randomUUID(), entity: 'stock', storeId, key: stockKey, baseVersion: 0, changes: { present: s.present + 9 }, base: { present: s.present }, changeSetId: 'cs-q', createdAt: at };
    const res = await h.request('POST', '/api/v1/sync/mutations', { token, body: { mutations: [priceMut, stockMut] } });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied']);
    // the push woke the runner: both items settle applied, one per mutation
    const ids = (await h.built.db.selectFrom('job_items').select('id').where('source_mutation_id', 'in', [priceMut.id, stockMut.id]).execute()).map((r) => r.id);
    expect(ids).toHaveLength(2);
    const rows = await env.settled(ids, 30_000);
    expect(rows.map((r) => [r.kind, r.state, r.change_set_id]).sort()).toEqual([
      ['price', 'applied', 'cs-q'],
      ['stock', 'applied', 'cs-q'],
    ]);
    const now = await ozonPost(env.sb, 0, '/v5/product/info/prices', { filter: { product_id: [p.productId], visibility: 'ALL' }, limit: 10 });
    expect(Number(now.items[0].price.price)).toBe(Number(newPrice));
    // the pulled rows say so
    const page = await h.request('GET', '/api/v1/sync/changes?after=0&limit=1000', { token });
    const latest = (entity: string, key: string) => page.body.changes.filter((c: any) => c.entity === entity && c.key === key).at(-1)?.row;
    expect(latest('product', p.productId)).toMatchObject({ price: newPrice, ozonSync: { state: 'synced' } });
    expect(latest('stock', stockKey)).toMatchObject({ present: s.present + 9, ozonSync: { state: 'synced' } });
    // a retried push enqueues nothing more
    await h.request('POST', '/api/v1/sync/mutations', { token, body: { mutations: [priceMut, stockMut] } });
    expect(await h.built.db.selectFrom('job_items').select('id').where('source_mutation_id', 'in', [priceMut.id, stockMut.id]).execute()).toHaveLength(2);
  }, 60_000);

  it('one edit of a price and a name is two Ozon writes (price, attributes) of one mutation; both reach Ozon, a retry adds none', async () => {
    const p = prices[540]!;
    await h.built.db.transaction().execute(async (trx) => {
      await applyRows(trx, TABLES.product, { workspaceId, storeId }, [{ key: [p.productId], data: { productId: p.productId, name: 'Старое имя', price: p.price.toFixed(2), oldPrice: null, minPrice: null }, extra: { offer_id: null, sku: null } }]);
    });
    const newPrice = (p.price - 2).toFixed(2);
    const m = { id: randomUUID(), entity: 'product', storeId, key: p.productId, baseVersion: 0, changes: { price: newPrice, name: 'Кружка керамическая, 350 мл' }, base: { price: p.price.toFixed(2), name: 'Старое имя' }, createdAt: new Date().toISOString() };
    const res = await h.request('POST', '/api/v1/sync/mutations', { token, body: { mutations: [m] } });
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['applied']);
    const ids = (await h.built.db.selectFrom('job_items').select('id').where('source_mutation_id', '=', m.id).execute()).map((r) => r.id);
    expect(ids).toHaveLength(2);
    // Ozon processes the attributes task 20–90 s after it is created: once it exists, let that time pass
    const sent = Date.now() + 30_000;
    while (!(await env.items(ids)).some((r) => r.kind === 'attributes' && r.batch_id?.startsWith('ozon-task:'))) {
      if (Date.now() > sent) throw new Error('the attributes task was never created');
      await new Promise((r) => setTimeout(r, 100));
    }
    await env.advance(120);
    const rows = await env.settled(ids, 60_000);
    expect(rows.map((r) => [r.kind, r.state]).sort()).toEqual([
      ['attributes', 'applied'],
      ['price', 'applied'],
    ]);
    const now = await ozonPost(env.sb, 0, '/v5/product/info/prices', { filter: { product_id: [p.productId], visibility: 'ALL' }, limit: 10 });
    expect(Number(now.items[0].price.price)).toBe(Number(newPrice));
    const info = await ozonPost(env.sb, 0, '/v3/product/info/list', { product_id: [p.productId] });
    expect(info.items[0].name).toBe('Кружка керамическая, 350 мл');
    await h.request('POST', '/api/v1/sync/mutations', { token, body: { mutations: [m] } });
    expect(await h.built.db.selectFrom('job_items').select('id').where('source_mutation_id', '=', m.id).execute()).toHaveLength(2);
  }, 90_000);

  it('with 10% injected faults every change ends applied exactly once or failed with a reason', async () => {
    // the sandbox stamps writes on its own clock, which earlier tests moved (env.advance):
    // a wall-clock bound would count their write of prices[540] as this test's
    const since = env.now();
    const ps = prices.slice(540, 640);
    const ss = pairs.slice(540, 640);
    const ids: string[] = [];
    const rows = await withFaults(env.sb, async () => {
      // waves so that many write requests meet the faults
      for (let w = 0; w < 10; w++) {
        ids.push(...(await env.enqueue([...ps.slice(w * 10, w * 10 + 10).map((p) => priceReq(p, (p.price - 2).toFixed(2))), ...ss.slice(w * 10, w * 10 + 10).map((p) => stockReq(p, p.present + 5))])));
        await new Promise((r) => setTimeout(r, 300));
      }
      return env.settled(ids, 150_000);
    });
    expectAppliedOrFailedWithReason(rows);
    for (const r of rows.filter((x) => x.kind === 'price')) expect(priceWrites(r.row_key!, since), r.row_key!).toBe(r.state === 'applied' ? 1 : 0);
    expect(rows.filter((r) => r.state === 'applied').length).toBeGreaterThan(150);
  }, 200_000);

  it('stock pair coalescing: a newer value replaces an unsent older one; the pair is written once per 30 s', async () => {
    const p = pairs[700 % pairs.length]!;
    const [a] = await env.enqueue([stockReq(p, p.present + 1)]);
    await env.settled([a!]);
    const [b] = await env.enqueue([stockReq(p, p.present + 2)]);
    // b waits for the 30 s pair window and says why
    const held = await waitFor(async () => {
      const [r] = await env.items([b!]);
      return r!.error_code === 'held' ? r : null;
    });
    expect(held!.error_message).toMatch(/30 s/);
    const [c] = await env.enqueue([stockReq(p, p.present + 7)]);
    const [rb] = await env.items([b!]);
    expect(rb).toMatchObject({ state: 'superseded', superseded_by: c });
    const st = (await exportStateFor(h.built.db, storeId, 'stock', [`${p.productId}:${p.warehouseId}`])).get(`${p.productId}:${p.warehouseId}`)!;
    expect(st).toMatchObject({ state: 'pending' });
    expect(st.reason).toMatch(/30 s/);
    env.sb.control.resetStats();
    await env.advance(31);
    const [rc] = await env.settled([c!]);
    expect(rc).toMatchObject({ state: 'applied' });
    expect(stats(env.sb).requests['/v2/products/stocks']).toBe(1);
    const now = await ozonPost(env.sb, 0, '/v2/product/info/stocks-by-warehouse/fbs', { offer_id: [(env.sbDb.prepare('SELECT offer_id FROM products WHERE product_id = ?').get(Number(p.productId)) as { offer_id: string }).offer_id], limit: 100 });
    expect(now.products.find((x: any) => String(x.warehouse_id) === p.warehouseId).present).toBe(p.present + 7);
  }, 60_000);

  it('the 11th price change of a product in an hour waits (held with a reason) instead of failing', async () => {
    const p = prices[660]!;
    for (let i = 1; i <= 10; i++) {
      const [id] = await env.enqueue([priceReq(p, (p.price - i).toFixed(2))]);
      const [r] = await env.settled([id!]);
      expect(r!.state).toBe('applied');
    }
    const [id11] = await env.enqueue([priceReq(p, (p.price - 11).toFixed(2))]);
    const held = await waitFor(async () => {
      const [r] = await env.items([id11!]);
      return r!.error_code === 'held' ? r : null;
    });
    expect(held).toMatchObject({ state: 'pending' });
    expect(held!.error_message).toMatch(/10 price changes per product per hour/);
    const st = (await exportStateFor(h.built.db, storeId, 'product', [p.productId])).get(p.productId)!;
    expect(st.state).toBe('pending');
    expect(st.reason).toMatch(/10 price changes/);
    await env.advance(3602);
    const [r11] = await env.settled([id11!]);
    expect(r11).toMatchObject({ state: 'applied', attempts: 1 });
  }, 90_000);

  it('sent only requests valid against the official request schemas', () => {
    expectValidExchanges(env.exchanges, ['/v1/product/import/prices', '/v2/products/stocks', '/v5/product/info/prices', '/v2/product/info/stocks-by-warehouse/fbs']);
  });
});
