/**
 * An import page and a user edit racing on one product row (issue 3/4 seam):
 * the import's patch is merged onto the row it READ, so a push that commits
 * between that read and the import's write would be silently overwritten.
 * applyRows takes the workspace feed lock before reading; here the push is
 * fired exactly between the import's read and its write (a Kysely plugin on
 * the import's transaction) and both changes must survive, on SQLite and
 * PostgreSQL (where the two really run on separate connections).
 *
 * And an import that reads Ozon while an accepted edit is still on its way
 * there (store-data/in-flight.ts): Ozon's older value of the edited fields is
 * not written over the edit, its other fields are; once the export item
 * settles, Ozon's value is written again (prices, names, stock).
 */
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLES } from '../../src/server/store-data/tables';
import { applyRows } from '../../src/server/store-data/upsert';
import { DB_KINDS, sleep, type Harness } from './support/harness';
import { startSyncServer } from './support/actions-fixture';
import { pid, productMutation, stockMutation, WAREHOUSE } from './sync-support';

/** Runs `between()` once, right after the first SELECT on `table` returns, and holds the query's caller until it settles or `holdMs` passes. */
function afterFirstRead(table: string, between: () => Promise<unknown>, holdMs: number): { plugin: KyselyPlugin; fired: () => Promise<unknown> | null } {
  const reads = new WeakSet<object>();
  let started: Promise<unknown> | null = null;
  const plugin: KyselyPlugin = {
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      if (args.node.kind === 'SelectQueryNode' && JSON.stringify(args.node.from ?? {}).includes(`"name":"${table}"`)) reads.add(args.queryId);
      return args.node;
    },
    async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      if (!started && reads.has(args.queryId)) {
        started = between();
        // long enough for the push to commit if nothing holds it back
        await Promise.race([started.catch(() => undefined), sleep(holdMs)]);
      }
      return args.result;
    },
  };
  return { plugin, fired: () => started };
}

describe.each(DB_KINDS)('import patch vs sync push (%s)', (kind) => {
  let h: Harness;
  let token: string;
  let ws: string;
  let store: string;

  beforeAll(async () => {
    ({ h, owner: token, ws, store } = await startSyncServer(kind, 3));
  });
  afterAll(async () => h?.close());

  const row = async (productId: string) => {
    const r = await h.built.db.selectFrom('products').select(['data', 'version']).where('store_id', '=', store).where('product_id', '=', productId).executeTakeFirstOrThrow();
    return { doc: JSON.parse(r.data) as Record<string, unknown>, version: Number(r.version) };
  };

  it('a push landing between the import read and write is kept, and so is the patch', async () => {
    const key = pid(1);
    const before = await row(key);
    const edit = productMutation(store, key, { name: 'Edited by a person' }, { name: before.doc.name }, before.version);
    let pushStatus: unknown = null;
    const hook = afterFirstRead(
      'products',
      async () => {
        const res = await h.request('POST', '/api/v1/sync/mutations', { token, body: { mutations: [edit] } });
        pushStatus = res.body?.results?.[0]?.status ?? res.status;
      },
      kind === 'postgres' ? 600 : 50,
    );
    await h.built.db.transaction().execute(async (trx) => {
      await applyRows(trx.withPlugin(hook.plugin), TABLES.product, { workspaceId: ws, storeId: store }, [{ key: [key], patch: { visible: false } }]);
    });
    expect(hook.fired()).not.toBeNull();
    await hook.fired();
    expect(pushStatus).toBe('applied');
    const after = await row(key);
    expect(after.doc.name).toBe('Edited by a person');
    expect(after.doc.visible).toBe(false);
    // both writes moved the version: the later one is the row's version
    expect(after.version).toBeGreaterThan(before.version);
    const feed = await h.built.db.selectFrom('change_feed').select('seq').where('workspace_id', '=', ws).where('row_key', '=', key).where('entity', '=', 'product').execute();
    expect(Math.max(...feed.map((f) => Number(f.seq)))).toBe(after.version);
  });

  const stored = async (table: 'products' | 'stocks', key: Record<string, string>) => {
    let q = h.built.db.selectFrom(table).select(['data', 'version']).where('store_id', '=', store);
    for (const [k, v] of Object.entries(key)) q = q.where(k as 'store_id', '=', v);
    const r = await q.executeTakeFirstOrThrow();
    return { doc: JSON.parse(r.data) as Record<string, unknown>, version: Number(r.version) };
  };
  const push = async (m: unknown) => {
    const res = await h.request('POST', '/api/v1/sync/mutations', { token, body: { mutations: [m] } });
    expect(res.body?.results?.[0]?.status).toBe('applied');
  };
  const items = (rowKey: string) => h.built.db.selectFrom('job_items').select(['id', 'kind', 'state']).where('store_id', '=', store).where('row_key', '=', rowKey).execute();
  const settleAll = (rowKey: string) => h.built.db.updateTable('job_items').set({ state: 'applied' }).where('store_id', '=', store).where('row_key', '=', rowKey).execute();
  const importProducts = (rows: { key: string[]; patch?: Record<string, unknown>; data?: Record<string, unknown> }[]) =>
    h.built.db.transaction().execute((trx) => applyRows(trx, TABLES.product, { workspaceId: ws, storeId: store }, rows, { holdEditsInFlight: true }));

  it('keeps an edited price and name over Ozon’s older ones, takes Ozon’s other fields, and Ozon’s values once settled', async () => {
    // not the product the race above edited (its name export is already queued)
    const key = pid(0);
    const before = await stored('products', { product_id: key });
    await push(productMutation(store, key, { price: '777.00', name: 'Новое имя' }, { price: before.doc.price, name: before.doc.name }, before.version));
    expect((await items(key)).map((i) => [i.kind, i.state]).sort()).toEqual([
      ['attributes', 'pending'],
      ['price', 'pending'],
    ]);

    // the prices import (a patch) and the products import (a whole document) read Ozon before the exports
    await importProducts([{ key: [key], patch: { price: '100.00', oldPrice: '1500.00' } }]);
    let now = await stored('products', { product_id: key });
    expect(now.doc).toMatchObject({ price: '777.00', oldPrice: '1500.00', name: 'Новое имя' });
    await importProducts([{ key: [key], data: { ...now.doc, price: '100.00', name: 'Old name', visible: false } }]);
    now = await stored('products', { product_id: key });
    expect(now.doc).toMatchObject({ price: '777.00', name: 'Новое имя', visible: false });

    // the exports settle: Ozon's values are the row's again from the next import on, whatever it says
    await settleAll(key);
    await importProducts([{ key: [key], patch: { price: '100.00' } }]);
    expect((await stored('products', { product_id: key })).doc).toMatchObject({ price: '100.00', name: 'Новое имя' });
  });

  it('keeps an edited stock over Ozon’s older one, but takes its reserved units', async () => {
    const key = pid(2);
    const before = await stored('stocks', { product_id: key, warehouse_id: WAREHOUSE });
    const present = Number(before.doc.present);
    await push(stockMutation(store, key, present + 5, present, before.version));
    const rowKey = `${key}:${WAREHOUSE}`;
    expect((await items(rowKey)).map((i) => i.state)).toEqual(['pending']);
    const ozon = { ...before.doc, present, reserved: 2 };
    const importStocks = () =>
      h.built.db.transaction().execute((trx) => applyRows(trx, TABLES.stock, { workspaceId: ws, storeId: store }, [{ key: [key, WAREHOUSE], data: ozon }], { holdEditsInFlight: true }));
    await importStocks();
    expect((await stored('stocks', { product_id: key, warehouse_id: WAREHOUSE })).doc).toMatchObject({ present: present + 5, reserved: 2 });
    // settled: Ozon's value is the row's again
    await settleAll(rowKey);
    await importStocks();
    expect((await stored('stocks', { product_id: key, warehouse_id: WAREHOUSE })).doc).toMatchObject({ present, reserved: 2 });
  });
});
