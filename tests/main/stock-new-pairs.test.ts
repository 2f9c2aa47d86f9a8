/**
 * Stock at a warehouse the product was never stocked in (a new product's
 * first stock): the product page lists every warehouse that takes stock, an
 * edit there waits in the outbox like any other and reaches the other device;
 * a discarded one, or one edited back to zero, leaves the pair unstocked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyRows } from '../../src/server/store-data/upsert';
import { TABLES } from '../../src/server/store-data/tables';
import { WAREHOUSE, pid, seedStore } from '../server/sync-support';
import { call, Cores, firstDevice, nextDevice, ok, settle, startTeam, workspaceId, type Team } from './sync-harness';

const SECOND = '22000000000002';
const ARCHIVED = '22000000000003';
const warehouse = (warehouseId: string, name: string, status: string) => ({
  key: [warehouseId],
  data: { warehouseId, name, status, isRfbs: false, isKgt: false, isExpress: false, warehouseType: 'fbs', address: 'Москва' },
});

const cores = new Cores();
let team: Team;

beforeAll(async () => {
  await cores.init();
  team = await startTeam(cores.dir('team'));
});
afterAll(async () => {
  await cores.cleanup();
  await team?.close();
});

describe('stock at a warehouse the product has none at', () => {
  it('is listed at zero, set offline-first, reaches the other device; discarded or set back to zero it stays unstocked', { timeout: 120_000 }, async () => {
    const a = await cores.start(cores.dir('a'));
    await firstDevice(a, team);
    cores.rememberKeychainAccount(team.url);
    const ws = await workspaceId(team);
    const storeId = await seedStore(team.built.db, ws, 10);
    await team.built.db.transaction().execute((trx) =>
      applyRows(trx, TABLES.warehouse, { workspaceId: ws, storeId }, [warehouse(WAREHOUSE, 'Склад 1', 'created'), warehouse(SECOND, 'Склад 2', 'created'), warehouse(ARCHIVED, 'Архив', 'disabled')]),
    );
    const b = await cores.start(cores.dir('b'));
    await nextDevice(b, team);
    await settle(a);
    await settle(b);

    // every warehouse that takes stock, in warehouse order; the archived one is not offered
    const p1 = pid(1);
    const before = await ok(a, 'products:get', { storeId, productId: p1 });
    expect(before.stocks.map((s) => [s.warehouseId, s.warehouseName, s.present, s.stocked])).toEqual([
      [WAREHOUSE, 'Склад 1', 10, true],
      [SECOND, 'Склад 2', 0, false],
    ]);
    for (const warehouseId of [ARCHIVED, '22000000000099']) {
      expect(await call(a, 'stocks:update', { storeId, productId: p1, warehouseId, present: 3 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }

    // set while the queue is held: kept locally, pending, counted in the list's stock and its warehouse filter
    const engineA = a.context.sync.workspace!.engine;
    engineA.pause('signed_out');
    const set = await ok(a, 'stocks:update', { storeId, productId: p1, warehouseId: SECOND, present: 6 });
    expect(set.stocks[1]).toMatchObject({ warehouseId: SECOND, present: 6, stocked: false, sync: { pendingFields: ['present'] } });
    const row = (await ok(a, 'products:query', { storeId, search: `OFFER-${p1}`, offset: 0, limit: 5 })).rows[0]!;
    expect(row).toMatchObject({ stockPresent: 16, syncState: 'pending' });
    expect((await ok(a, 'products:query', { storeId, warehouseId: SECOND, offset: 0, limit: 20 })).rows.map((r) => r.productId)).toEqual([p1]);

    // the same pair on another product, then discarded: unstocked again, gone from the warehouse filter
    const p2 = pid(2);
    await ok(a, 'stocks:update', { storeId, productId: p2, warehouseId: SECOND, present: 5 });
    const entry = (await ok(a, 'sync:queue', {})).entries.find((e) => e.key === `${p2}:${SECOND}`)!;
    await ok(a, 'sync:discard', { id: entry.id });
    expect((await ok(a, 'products:get', { storeId, productId: p2 })).stocks[1]).toMatchObject({ warehouseId: SECOND, present: 0, stocked: false, sync: { pendingFields: [] } });
    // and one set, then set back to zero before it was sent: no change at all
    const p3 = pid(3);
    await ok(a, 'stocks:update', { storeId, productId: p3, warehouseId: SECOND, present: 4 });
    await ok(a, 'stocks:update', { storeId, productId: p3, warehouseId: SECOND, present: 0 });
    expect((await ok(a, 'sync:queue', {})).entries.map((e) => e.key)).toEqual([`${p1}:${SECOND}`]);
    expect((await ok(a, 'products:query', { storeId, warehouseId: SECOND, offset: 0, limit: 20 })).rows.map((r) => r.productId)).toEqual([p1]);
    expect((await ok(a, 'products:query', { storeId, search: `OFFER-${p3}`, offset: 0, limit: 5 })).rows[0]).toMatchObject({ stockPresent: 10, syncState: 'synced' });

    // the queue runs: the server creates the pair; both devices see it stocked
    engineA.resume();
    await settle(a);
    await settle(b);
    for (const c of [a, b]) {
      const d = await ok(c, 'products:get', { storeId, productId: p1 });
      expect(d.stocks[1]).toMatchObject({ warehouseId: SECOND, present: 6, stocked: true, sync: { pendingFields: [], rejection: null, conflict: null } });
      expect((await ok(c, 'products:get', { storeId, productId: p2 })).stocks[1]).toMatchObject({ present: 0, stocked: false });
    }
    const server = await team.built.db.selectFrom('stocks').select(['product_id', 'data']).where('store_id', '=', storeId).where('warehouse_id', '=', SECOND).execute();
    expect(server.map((r) => [r.product_id, (JSON.parse(r.data) as { present: number }).present])).toEqual([[p1, 6]]);
  });
});
