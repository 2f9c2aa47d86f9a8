/**
 * The product list's stock column (products:query's stockPresent/stockReserved:
 * the cache's per-product sums) and the product drawer (products:get: the
 * per-warehouse rows) must show the same stock at every stage of a stock edit:
 * right after the edit, after the push, after the export's read-back, after the
 * next pull and after a stocks import. Real parts throughout: a core over IPC,
 * a team server (buildApp) with its importers, and an Ozon sandbox; the
 * server's export runner is the test's own, started when a stage needs Ozon to
 * take the edit.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src/main/core/core';
import type { RunningSandbox } from '../../src/sandbox/index';
import { buildApp, type BuiltApp } from '../../src/server';
import { WriteResponse } from '../../src/server/jobs/kinds/types';
import { ExportManager } from '../../src/server/jobs/runner';
import { listStocksByWarehouse } from '../../src/server/ozon/endpoints/stocks';
import { MASTER_KEY, sandbox } from '../helpers/ozon-sandbox';
import { CacheQueries } from '../../src/main/cache/queries';
import { tempCaches } from './cache-fixture';
import { product, STORE, stock } from './sync-fixtures';
import { Cores, ok, owner, settle, waitFor } from './sync-harness';

const cores = new Cores();
let sb: RunningSandbox;
let built: BuiltApp;
let url = '';
let core: Core;
let storeId = '';
/** products edited by earlier tests (Ozon takes one stock update per pair every 30 s) */
const used: string[] = [];

beforeAll(async () => {
  await cores.init();
  sb = await sandbox({ stores: 1, products: 30, historyDays: 1, seed: 23 });
  const dir = cores.dir('stock-list');
  built = await buildApp({
    sqlitePath: path.join(dir, 'team.db'),
    setupOpen: true,
    logLevel: 'silent',
    keyVault: 'encrypted',
    masterKey: MASTER_KEY,
    // stocks are imported when the test says so (runNow), never on their own between two stages
    ozon: { sellerUrl: sb.url, timeoutMs: 3000, refreshSeconds: { stocks: 86_400, products: 86_400, prices: 86_400 } },
  });
  await built.app.listen({ host: '127.0.0.1', port: 0 });
  const addr = built.app.server.address();
  url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  built.setListenUrl(url);
  // the app's export runner is replaced by the test's (exports()), so that "pushed, not yet on Ozon" is a stage
  await built.exports.stopAll();

  core = await cores.start(cores.dir('stock-list-core'));
  await ok(core, 'setup:connectRemote', { url });
  expect((await ok(core, 'setup:createOwner', owner)).status).toBe('signed_in');
  const keys = sb.stores[0]!;
  storeId = (await ok(core, 'stores:link', { name: 'Sandbox', clientId: keys.clientId, apiKey: keys.apiKey })).id;
  await waitFor(async () => {
    const s = await ok(core, 'stores:importStatus', { storeId });
    // `imported`: the first full import finished (a later run may be 'running' again); it implies 'done' the first time
    return ['warehouses', 'products', 'stocks'].every((e) => s.entities.some((x) => x.entity === e && x.imported));
  }, 120_000, 'products and stocks imported');
  await settle(core, 60_000);
}, 180_000);

afterAll(async () => {
  await cores.cleanup();
  await built?.close();
  await sb?.close();
});

/** Every product's list sums beside its drawer's per-warehouse rows. */
async function views(): Promise<Map<string, { list: [number, number]; drawer: [number, number]; perWarehouse: Record<string, number> }>> {
  const out = new Map<string, { list: [number, number]; drawer: [number, number]; perWarehouse: Record<string, number> }>();
  const rows = (await ok(core, 'products:query', { storeId, offset: 0, limit: 500 })).rows;
  for (const r of rows) {
    const d = await ok(core, 'products:get', { storeId, productId: r.productId });
    out.set(r.productId, {
      list: [r.stockPresent, r.stockReserved],
      drawer: [d.stocks.reduce((n, s) => n + s.present, 0), d.stocks.reduce((n, s) => n + s.reserved, 0)],
      perWarehouse: Object.fromEntries(d.stocks.map((s) => [s.warehouseId, s.present])),
    });
  }
  return out;
}

/** List and drawer agree for every product; returns the edited product's view. */
async function agree(stage: string, productId: string) {
  const all = await views();
  const off = [...all].filter(([, v]) => v.list[0] !== v.drawer[0] || v.list[1] !== v.drawer[1]).map(([k, v]) => ({ productId: k, ...v }));
  expect(off, `list and drawer disagree ${stage}`).toEqual([]);
  return all.get(productId)!;
}

/** The server's stock row (store data) for the pair. */
async function serverStock(productId: string, warehouseId: string): Promise<{ present: number; version: number }> {
  const r = await built.db
    .selectFrom('stocks')
    .select(['data', 'version'])
    .where('store_id', '=', storeId)
    .where('product_id', '=', productId)
    .where('warehouse_id', '=', warehouseId)
    .executeTakeFirstOrThrow();
  return { present: (JSON.parse(r.data) as { present: number }).present, version: Number(r.version) };
}

/** What Ozon (the sandbox) shows for the pair. */
async function ozonPresent(productId: string, warehouseId: string): Promise<number | null> {
  const offerId = (await ok(core, 'products:get', { storeId, productId })).product.offerId;
  // the server's own Ozon client: warehouse ids pass 2^53, a plain JSON.parse would round them
  const store = await built.db.selectFrom('stores').selectAll().where('id', '=', storeId).executeTakeFirstOrThrow();
  const r = await listStocksByWarehouse(await built.stores.clientFor(store), [offerId], '');
  return r.products.find((s) => s.product_id === productId && s.warehouse_id === warehouseId)?.present ?? null;
}

/** Sets the pair's stock on Ozon directly, as the seller's own Ozon back office would (Ozon's `stock` excludes reserved units). */
async function setOzonPresent(productId: string, warehouseId: string, present: number): Promise<void> {
  const offerId = (await ok(core, 'products:get', { storeId, productId })).product.offerId;
  const store = await built.db.selectFrom('stores').selectAll().where('id', '=', storeId).executeTakeFirstOrThrow();
  const client = await built.stores.clientFor(store);
  const now = (await listStocksByWarehouse(client, [offerId], '')).products.find((s) => s.product_id === productId && s.warehouse_id === warehouseId)!;
  const r = await client.call('/v2/products/stocks', { stocks: [{ product_id: BigInt(productId), warehouse_id: BigInt(warehouseId), stock: present - now.reserved }] }, WriteResponse, { idempotent: false });
  expect(r.result.every((x) => x.updated)).toBe(true);
  expect(await ozonPresent(productId, warehouseId)).toBe(present);
}

/** Runs the stocks import once and waits until it has finished. */
async function importStocks(): Promise<void> {
  const before = await built.db.selectFrom('import_checkpoints').select('finished_at').where('store_id', '=', storeId).where('entity', '=', 'stocks').executeTakeFirst();
  await built.imports.runNow(storeId, 'stocks');
  await waitFor(async () => {
    const cp = await built.db.selectFrom('import_checkpoints').select(['state', 'finished_at']).where('store_id', '=', storeId).where('entity', '=', 'stocks').executeTakeFirst();
    return cp?.state === 'done' && cp.finished_at !== before?.finished_at;
  }, 60_000, 'the stocks import');
}

async function exportItems(productId: string, warehouseId: string) {
  return built.db.selectFrom('job_items').select(['state', 'error_code', 'error_message']).where('store_id', '=', storeId).where('kind', '=', 'stock').where('row_key', '=', `${productId}:${warehouseId}`).execute();
}

/** Starts an export runner (stock only) until the pair's items have settled, then stops it. */
async function runExports(productId: string, warehouseId: string): Promise<void> {
  const store = await built.db.selectFrom('stores').selectAll().where('id', '=', storeId).executeTakeFirstOrThrow();
  const runner = new ExportManager({ db: built.db, log: built.app.log, clientFor: (s) => built.stores.clientFor(s) }, { pollMs: 100, kinds: ['stock'] });
  runner.start(store);
  try {
    await waitFor(async () => {
      const items = await exportItems(productId, warehouseId);
      return items.length > 0 && items.every((i) => ['applied', 'drifted', 'failed', 'superseded'].includes(i.state));
    }, 60_000, 'the stock export to settle');
  } finally {
    await runner.stopAll();
  }
}

/** A product Ozon takes stock for (created, not archived) with stock rows at two or more warehouses (else at one), not `skip`, and one of its warehouses. */
async function pickPair(skip: string[] = []): Promise<{ productId: string; warehouseId: string; present: number }> {
  const all = await views();
  const created = new Set(
    (await ok(core, 'products:query', { storeId, offset: 0, limit: 500, status: 'price_sent', archived: false })).rows.map((r) => r.productId),
  );
  const withStock = [...all].filter(([k, v]) => created.has(k) && !skip.includes(k) && Object.keys(v.perWarehouse).length > 0);
  const [productId, v] = withStock.find(([, x]) => Object.keys(x.perWarehouse).length > 1) ?? withStock[0]!;
  const [warehouseId, present] = Object.entries(v.perWarehouse)[0]!;
  return { productId, warehouseId, present };
}

/** Holds the core's pushes and pulls (the engine's own pause; nothing is dropped) while `fn` runs. */
async function offline<T>(fn: () => Promise<T>): Promise<T> {
  const engine = core.context.sync.require().engine;
  engine.pause('signed_out');
  try {
    return await fn();
  } finally {
    engine.resume();
  }
}

describe('stock edit: product list vs drawer', () => {
  it('agree right after the edit, after push, after the export read-back, after the next pull and after a stocks import', { timeout: 240_000 }, async () => {
    const { productId, warehouseId, present } = await pickPair(used);
    used.push(productId);
    const before = await agree('before the edit', productId);
    const target = present + 7;
    const expected = before.drawer[0] + 7;

    // 1. the edit, not sent yet: the cache's row and the outbox, in one transaction
    await offline(async () => {
      const detail = await ok(core, 'stocks:update', { storeId, productId, warehouseId, present: target });
      expect(detail.stocks.find((s) => s.warehouseId === warehouseId)!.present).toBe(target);
      const v = await agree('right after the edit', productId);
      expect(v.list[0]).toBe(expected);
      expect((await ok(core, 'sync:status', {})).pending).toBe(1);
    });

    // 2. pushed: the server's row has the edit, its export waits (no runner)
    await settle(core);
    expect((await serverStock(productId, warehouseId)).present).toBe(target);
    expect((await exportItems(productId, warehouseId)).map((i) => i.state)).toEqual(['pending']);
    let v = await agree('after the push', productId);
    expect(v.list[0]).toBe(expected);

    // 3. exported and read back: Ozon has it, the item settled and touched the row; the next pull brings it
    const touchedFrom = (await serverStock(productId, warehouseId)).version;
    await offline(async () => {
      await runExports(productId, warehouseId);
      expect(await exportItems(productId, warehouseId)).toMatchObject([{ state: 'applied' }]);
      expect(await ozonPresent(productId, warehouseId)).toBe(target);
      expect((await serverStock(productId, warehouseId)).version).toBeGreaterThan(touchedFrom);
      v = await agree('after the read-back, before the pull', productId);
      expect(v.list[0]).toBe(expected);
    });
    await settle(core);
    v = await agree('after the pull that follows the read-back', productId);
    expect(v.list[0]).toBe(expected);
    expect(v.perWarehouse[warehouseId]).toBe(target);

    // 4. the next stocks import reads Ozon's value: nothing moves
    await importStocks();
    expect((await serverStock(productId, warehouseId)).present).toBe(target);
    await settle(core);
    v = await agree('after a stocks import', productId);
    expect(v.list[0]).toBe(expected);
    expect(v.perWarehouse[warehouseId]).toBe(target);
  });

  it('a stocks import that runs between the push and the export', { timeout: 240_000 }, async () => {
    const { productId, warehouseId, present } = await pickPair(used);
    used.push(productId);
    const target = present + 3;
    await ok(core, 'stocks:update', { storeId, productId, warehouseId, present: target });
    await settle(core);
    await agree('after the push', productId);
    // Ozon still has the old value when the import reads it while the export waits: the server's row keeps the edit
    // (an edit on its way to Ozon is not undone by Ozon's older value, store-data/in-flight.ts)
    await importStocks();
    expect(await ozonPresent(productId, warehouseId)).toBe(present);
    expect((await serverStock(productId, warehouseId)).present).toBe(target);
    await settle(core);
    expect((await agree('after an import that ran before the export', productId)).perWarehouse[warehouseId]).toBe(target);
    expect((await ok(core, 'sync:queue', {})).entries.filter((e) => e.state === 'conflict')).toEqual([]);
    await runExports(productId, warehouseId);
    expect(await ozonPresent(productId, warehouseId)).toBe(target);
    await settle(core);
    expect((await agree('after the export that followed the import', productId)).perWarehouse[warehouseId]).toBe(target);
    await importStocks();
    await settle(core);
    expect((await agree('after the next stocks import', productId)).perWarehouse[warehouseId]).toBe(target);
  });

  /**
   * The lag: a stock edit in conflict, discarded. The drawer shows the server's
   * value at once (the row's effective value), while the list's sum kept the
   * discarded value until a later pull brought a stock row of that product
   * (in practice the next stocks import), since discarding a conflict patched
   * the row without re-summing its product (EffectiveRows.patchServer). The
   * conflict is a real one: the stock changed on Ozon (its own back office)
   * while the core's edit of it waited offline.
   */
  it('a discarded conflicting edit: the list follows the drawer at once', { timeout: 240_000 }, async () => {
    const { productId, warehouseId, present } = await pickPair(used);
    used.push(productId);
    const onOzon = present + 4;
    const mine = present + 9;

    await offline(async () => {
      await ok(core, 'stocks:update', { storeId, productId, warehouseId, present: mine });
      expect((await agree('after the edit', productId)).perWarehouse[warehouseId]).toBe(mine);
      // meanwhile the seller changes the same stock on Ozon, and the server imports it
      await setOzonPresent(productId, warehouseId, onOzon);
      await importStocks();
      expect((await serverStock(productId, warehouseId)).present).toBe(onOzon);
    });
    // pushed: the server answers with a conflict (the field moved under the edit's base)
    const entry = await waitFor(async () => {
      await ok(core, 'sync:now', {});
      return (await ok(core, 'sync:queue', {})).entries.find((e) => e.state === 'conflict');
    }, 20_000, 'the conflict');
    let v = await agree('with the edit in conflict', productId);
    expect(v.perWarehouse[warehouseId]).toBe(mine);

    // discarded: the drawer shows the server's value again, and so must the list, before any pull
    await offline(async () => {
      await ok(core, 'sync:discard', { id: entry.id });
      v = await agree('right after the discard', productId);
      expect(v.perWarehouse[warehouseId]).toBe(onOzon);
      const row = (await ok(core, 'products:query', { storeId, offset: 0, limit: 500 })).rows.find((r) => r.productId === productId)!;
      expect(row.syncState).toBe('synced');
    });
    await settle(core);
    expect((await agree('after the discard was synced', productId)).perWarehouse[warehouseId]).toBe(onOzon);
  });
});

describe('stock edit: product list vs drawer in the cache alone', () => {
  const { open } = tempCaches('stock-list-cache');
  const P = '100001';
  const listAndDrawer = (q: CacheQueries) => {
    const row = q.products({ storeId: STORE, offset: 0, limit: 10 }).rows.find((r) => r.productId === P)!;
    const d = q.product(STORE, P);
    return { list: row.stockPresent, drawer: d.stocks.reduce((n, s) => n + s.present, 0), state: row.syncState };
  };

  it('a discarded conflict re-sums the product (and its state) at once', () => {
    const c = open();
    const q = new CacheQueries(c);
    c.applyPage(
      [
        { seq: 1, entity: 'product', storeId: STORE, key: P, op: 'upsert', row: { ...product(1), version: 1 } },
        { seq: 2, entity: 'stock', storeId: STORE, key: `${P}:1001`, op: 'upsert', row: { ...stock(1, '1001', 5), version: 2 } },
        { seq: 3, entity: 'stock', storeId: STORE, key: `${P}:1002`, op: 'upsert', row: { ...stock(1, '1002', 4), version: 3 } },
      ],
      3,
    );
    const e = c.edit('stock', STORE, `${P}:1001`, { present: 9 }, 'label')!;
    expect(listAndDrawer(q)).toEqual({ list: 13, drawer: 13, state: 'pending' });
    const sent = c.takeDue(Date.now(), 10);
    c.applyResults(sent, [{ id: e.id, status: 'conflict', version: 4, conflicts: [{ field: 'present', base: 5, yours: 9, theirs: 7, ozon: 7 }] }]);
    expect(listAndDrawer(q)).toEqual({ list: 13, drawer: 13, state: 'conflict' });
    c.discard(e.id);
    expect(listAndDrawer(q)).toEqual({ list: 11, drawer: 11, state: 'synced' });
  });
});
