/**
 * A stock edit for a (product, warehouse) pair Ozon holds no stock row for —
 * a new product's first stock, or a warehouse it was never stocked in: the
 * server starts it from zero, inserts the row once, and queues it for Ozon;
 * a pair of an unknown product or an unknown or archived warehouse is refused.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation } from '../../src/shared/sync/protocol';
import { TABLES } from '../../src/server/store-data/tables';
import { applyRows, sweepUnseen } from '../../src/server/store-data/upsert';
import { recordChange } from '../../src/server/store-data/feed';
import { DB_KINDS, type Harness } from './support/harness';
import { startSyncServer } from './support/actions-fixture';
import { PullClient, WAREHOUSE, pid } from './sync-support';

const SECOND = '22000000000002';
const ARCHIVED = '22000000000003';

function pairMutation(storeId: string, key: string, present: number, basePresent: number, baseVersion: number): Mutation {
  return { id: randomUUID(), entity: 'stock', storeId, key, baseVersion, changes: { present }, base: { present: basePresent }, createdAt: new Date().toISOString() };
}

const warehouseDoc = (warehouseId: string, name: string, status: string) => ({
  warehouseId,
  name,
  status,
  isRfbs: false,
  isKgt: false,
  isExpress: false,
  warehouseType: 'fbs',
  address: 'Москва',
});

describe.each(DB_KINDS)('stock for a pair Ozon holds no row for (%s)', (kind) => {
  let h: Harness;
  let owner: string;
  let ws: string;
  let store: string;

  beforeAll(async () => {
    ({ h, owner, ws, store } = await startSyncServer(kind, 10));
    await h.built.db.transaction().execute(async (trx) => {
      await applyRows(trx, TABLES.warehouse, { workspaceId: ws, storeId: store }, [
        { key: [WAREHOUSE], data: warehouseDoc(WAREHOUSE, 'Склад 1', 'created') },
        { key: [SECOND], data: warehouseDoc(SECOND, 'Склад 2', 'created') },
        { key: [ARCHIVED], data: warehouseDoc(ARCHIVED, 'Старый склад', 'disabled') },
      ]);
    });
  });
  afterAll(async () => h?.close());

  const push = async (mutations: Mutation[]) => (await h.request('POST', '/api/v1/sync/mutations', { token: owner, body: { mutations } })).body.results as Record<string, any>[];
  // PostgreSQL returns a bigint as text
  const stockRow = async (key: string) => {
    const r = await h.built.db
      .selectFrom('stocks')
      .select(['data', 'version', 'deleted'])
      .where('store_id', '=', store)
      .where('product_id', '=', key.split(':')[0]!)
      .where('warehouse_id', '=', key.split(':')[1]!)
      .executeTakeFirst();
    return r && { data: r.data, version: Number(r.version), deleted: Number(r.deleted) };
  };
  const itemsOf = (mutationId: string) => h.built.db.selectFrom('job_items').selectAll().where('source_mutation_id', '=', mutationId).execute();

  it('the first stock of a pair is inserted once from zero, reaches the feed with the product’s offer and SKU, and is queued for Ozon', async () => {
    const key = `${pid(1)}:${SECOND}`;
    expect(await stockRow(key)).toBeUndefined();
    const m = pairMutation(store, key, 7, 0, 0);
    const [r] = await push([m]);
    expect(r).toMatchObject({ id: m.id, status: 'applied', merged: false });
    const row = await stockRow(key);
    expect(row).toMatchObject({ version: r!.version, deleted: 0 });
    expect(JSON.parse(row!.data)).toEqual({ productId: pid(1), warehouseId: SECOND, offerId: `OFFER-${pid(1)}`, sku: '900001', present: 7, reserved: 0 });
    const c = new PullClient(h, owner);
    await c.pullAll();
    expect(c.row('stock', store, key)).toMatchObject({ present: 7, reserved: 0, offerId: `OFFER-${pid(1)}`, version: r!.version });
    const [item] = await itemsOf(m.id);
    expect(item).toMatchObject({ kind: 'stock', entity: 'stock', row_key: key, payload: JSON.stringify({ present: 7 }) });

    // the same id again answers the first result and writes nothing
    expect((await push([m]))[0]).toEqual(r);
    expect((await stockRow(key))!.version).toBe(r!.version);
    // another device that also saw the pair as empty and set it: the same field changed on both sides
    const other = pairMutation(store, key, 9, 0, 0);
    expect((await push([other]))[0]).toMatchObject({ status: 'conflict', conflicts: [{ field: 'present', base: 0, yours: 9, theirs: 7 }] });
  });

  it('two edits of a new pair in one push: inserted by the first, updated by the second', async () => {
    const key = `${pid(2)}:${SECOND}`;
    const first = pairMutation(store, key, 3, 0, 0);
    const second = pairMutation(store, key, 4, 3, 0);
    const results = await push([first, second]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const row = await stockRow(key);
    expect(JSON.parse(row!.data)).toMatchObject({ present: 4 });
    expect(row!.version).toBe(results[1]!.version);
  });

  it('a pair Ozon stopped reporting (a tombstone) comes back with the edit', async () => {
    const key = `${pid(3)}:${WAREHOUSE}`;
    await h.built.db.transaction().execute(async (trx) => {
      await trx.updateTable('stocks').set({ deleted: 1 }).where('store_id', '=', store).where('product_id', '=', pid(3)).where('warehouse_id', '=', WAREHOUSE).execute();
      await recordChange(trx, ws, { storeId: store, entity: 'stock', rowKey: key, op: 'delete' });
    });
    const m = pairMutation(store, key, 12, 0, 0);
    const [r] = await push([m]);
    expect(r).toMatchObject({ status: 'applied' });
    const row = await stockRow(key);
    expect(row).toMatchObject({ deleted: 0, version: r!.version });
    expect(JSON.parse(row!.data)).toMatchObject({ present: 12, reserved: 0 });
  });

  it('a stock import that read Ozon before the pair existed does not sweep it away; a pair it did not see that was there before is swept', async () => {
    const startedAt = new Date().toISOString();
    const scope = { workspaceId: ws, storeId: store, runId: `run-${randomUUID()}`, startedAt };
    // the run walked the store and saw every seeded pair but pid(6)'s (gone from Ozon)
    const seen = [0, 1, 2, 3, 4, 5, 7, 8, 9].map((i) => ({
      key: [pid(i), WAREHOUSE],
      data: { productId: pid(i), warehouseId: WAREHOUSE, offerId: `OFFER-${pid(i)}`, sku: String(900000 + i), present: 10, reserved: 1 },
    }));
    await h.built.db.transaction().execute((trx) => applyRows(trx, TABLES.stock, scope, seen));
    // meanwhile a person sets a first stock: too late for this run to have read it on Ozon
    const key = `${pid(7)}:${SECOND}`;
    expect((await push([pairMutation(store, key, 2, 0, 0)]))[0]).toMatchObject({ status: 'applied' });
    const swept = await h.built.db.transaction().execute((trx) => sweepUnseen(trx, TABLES.stock, scope));
    expect(swept).toBeGreaterThanOrEqual(1);
    expect(await stockRow(`${pid(6)}:${WAREHOUSE}`)).toMatchObject({ deleted: 1 });
    expect(await stockRow(key)).toMatchObject({ deleted: 0 });
    expect(JSON.parse((await stockRow(key))!.data)).toMatchObject({ present: 2 });
  });

  it('an unknown product, an unknown warehouse and an archived one take no stock', async () => {
    const bad = [
      pairMutation(store, `999999999:${SECOND}`, 5, 0, 0),
      pairMutation(store, `${pid(4)}:22000000000099`, 5, 0, 0),
      pairMutation(store, `${pid(4)}:${ARCHIVED}`, 5, 0, 0),
    ];
    const results = await push(bad);
    expect(results.map((r) => r.reason?.code)).toEqual(['UNKNOWN_ROW', 'UNKNOWN_ROW', 'UNKNOWN_ROW']);
    expect(await stockRow(`${pid(4)}:${ARCHIVED}`)).toBeUndefined();
    for (const m of bad) expect(await itemsOf(m.id)).toEqual([]);
  });
});
