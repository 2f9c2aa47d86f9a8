/**
 * An import from Ozon that reads a row while a person's accepted edit of it is
 * still on its way to Ozon (store-data/in-flight.ts): Ozon's older value of the
 * edited fields is not written over the edit, its other fields are; once the
 * export item settles, Ozon's value is written again. Prices and names
 * (product rows) and stock, on SQLite and PostgreSQL, through the real push.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLES } from '../../src/server/store-data/tables';
import { applyRows } from '../../src/server/store-data/upsert';
import { DB_KINDS, type Harness } from './support/harness';
import { startSyncServer } from './support/actions-fixture';
import { pid, productMutation, stockMutation, WAREHOUSE } from './sync-support';

describe.each(DB_KINDS)('an import while an edit is on its way to Ozon (%s)', (kind) => {
  let h: Harness;
  let token: string;
  let ws: string;
  let store: string;

  beforeAll(async () => {
    ({ h, owner: token, ws, store } = await startSyncServer(kind, 3));
  });
  afterAll(async () => h?.close());

  const row = async (table: 'products' | 'stocks', key: Record<string, string>) => {
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
    const key = pid(1);
    const before = await row('products', { product_id: key });
    await push(productMutation(store, key, { price: '777.00', name: 'Новое имя' }, { price: before.doc.price, name: before.doc.name }, before.version));
    expect((await items(key)).map((i) => [i.kind, i.state]).sort()).toEqual([
      ['attributes', 'pending'],
      ['price', 'pending'],
    ]);

    // the prices import (a patch) and the products import (a whole document) read Ozon before the exports
    await importProducts([{ key: [key], patch: { price: '100.00', oldPrice: '1500.00' } }]);
    let now = await row('products', { product_id: key });
    expect(now.doc).toMatchObject({ price: '777.00', oldPrice: '1500.00', name: 'Новое имя' });
    await importProducts([{ key: [key], data: { ...now.doc, price: '100.00', name: 'Old name', visible: false } }]);
    now = await row('products', { product_id: key });
    expect(now.doc).toMatchObject({ price: '777.00', name: 'Новое имя', visible: false });

    // the exports settle: Ozon's values are the row's again from the next import on, whatever it says
    await settleAll(key);
    await importProducts([{ key: [key], patch: { price: '100.00' } }]);
    expect((await row('products', { product_id: key })).doc).toMatchObject({ price: '100.00', name: 'Новое имя' });
  });

  it('keeps an edited stock over Ozon’s older one, but takes its reserved units', async () => {
    const key = pid(2);
    const before = await row('stocks', { product_id: key, warehouse_id: WAREHOUSE });
    const present = Number(before.doc.present);
    await push(stockMutation(store, key, present + 5, present, before.version));
    const rowKey = `${key}:${WAREHOUSE}`;
    expect((await items(rowKey)).map((i) => i.state)).toEqual(['pending']);
    const ozon = { ...before.doc, present, reserved: 2 };
    const importStocks = () =>
      h.built.db.transaction().execute((trx) => applyRows(trx, TABLES.stock, { workspaceId: ws, storeId: store }, [{ key: [key, WAREHOUSE], data: ozon }], { holdEditsInFlight: true }));
    await importStocks();
    expect((await row('stocks', { product_id: key, warehouse_id: WAREHOUSE })).doc).toMatchObject({ present: present + 5, reserved: 2 });
    // settled: Ozon's value is the row's again
    await settleAll(rowKey);
    await importStocks();
    expect((await row('stocks', { product_id: key, warehouse_id: WAREHOUSE })).doc).toMatchObject({ present, reserved: 2 });
  });
});
