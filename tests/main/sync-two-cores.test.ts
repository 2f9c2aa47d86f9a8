import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pid, seedStore } from '../server/sync-support';
import { Cores, firstDevice, nextDevice, ok, settle, signIn, startTeam, waitFor, workspaceId, type Team } from './sync-harness';

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

describe('two desktop cores and one server', () => {
  it('merges edits to different fields, conflicts on the same field, converges after resolution', { timeout: 120_000 }, async () => {
    const a = await cores.start(cores.dir('a'));
    await firstDevice(a, team);
    cores.rememberKeychainAccount(team.url);
    const storeId = await seedStore(team.built.db, await workspaceId(team), 50);
    const b = await cores.start(cores.dir('b'));
    await nextDevice(b, team);
    await settle(a);
    await settle(b);

    // both read from their caches
    const list = await ok(a, 'products:query', { storeId, offset: 0, limit: 100 });
    expect(list.total).toBe(50);
    expect((await ok(b, 'stores:list', {})).stores.map((s) => s.id)).toContain(storeId);

    const p1 = pid(1);
    // different fields: A renames, B reprices → both survive everywhere
    await ok(a, 'products:update', { storeId, productId: p1, changes: { name: 'Имя от A' } });
    await ok(b, 'products:update', { storeId, productId: p1, changes: { price: '1111.00' } });
    await settle(a);
    await settle(b);
    await settle(a);
    for (const c of [a, b]) {
      const d = await ok(c, 'products:get', { storeId, productId: p1 });
      expect(d.product).toMatchObject({ name: 'Имя от A', price: '1111.00' });
      expect(d.sync).toMatchObject({ pendingFields: [], conflict: null, rejection: null });
    }

    // same field: A wins the race, B gets a conflict and keeps its value visible
    const p2 = pid(2);
    // B edits while it cannot reach the server (its queue is held), A's edit lands first
    const bEngine = b.context.sync.workspace!.engine;
    bEngine.pause('signed_out');
    await ok(b, 'products:update', { storeId, productId: p2, changes: { price: '1300.00' } });
    await ok(a, 'products:update', { storeId, productId: p2, changes: { price: '1200.00' } });
    await settle(a);
    bEngine.resume();
    await waitFor(async () => (await ok(b, 'sync:status', {})).conflicts === 1, 20_000, 'conflict on B');
    const detail = await ok(b, 'products:get', { storeId, productId: p2 });
    expect(detail.product.price).toBe('1300.00');
    expect(detail.sync.conflict?.conflicts).toEqual([expect.objectContaining({ field: 'price', yours: '1300.00', theirs: '1200.00' })]);
    const queue = await ok(b, 'sync:queue', {});
    expect(queue.entries).toEqual([expect.objectContaining({ state: 'conflict', key: p2 })]);
    expect((await ok(b, 'products:query', { storeId, search: 'OFFER-100002', offset: 0, limit: 5 })).rows[0]?.syncState).toBe('conflict');

    // B keeps its own value: a new mutation based on theirs
    await ok(b, 'sync:resolve', { id: detail.sync.conflict!.entryId, choices: { price: 'yours' } });
    await settle(b);
    await settle(a);
    for (const c of [a, b]) {
      const d = await ok(c, 'products:get', { storeId, productId: p2 });
      expect(d.product.price).toBe('1300.00');
      expect(d.sync.conflict).toBeNull();
    }

    // stock per warehouse
    const wh = (await ok(a, 'products:get', { storeId, productId: p1 })).stocks[0]!;
    await ok(a, 'stocks:update', { storeId, productId: p1, warehouseId: wh.warehouseId, present: 77 });
    await settle(a);
    await settle(b);
    expect((await ok(b, 'products:get', { storeId, productId: p1 })).stocks[0]!.present).toBe(77);

    // a rejection is kept with its reason until discarded; discard restores the server value
    await ok(a, 'products:update', { storeId, productId: p1, changes: { oldPrice: '1.00' } });
    await waitFor(async () => (await ok(a, 'sync:status', {})).failed === 1, 20_000, 'rejection');
    const rej = await ok(a, 'products:get', { storeId, productId: p1 });
    expect(rej.product.oldPrice).toBe('1.00');
    expect(rej.sync.rejection?.code).toBeTruthy();
    await ok(a, 'sync:discard', { id: rej.sync.rejection!.entryId });
    expect((await ok(a, 'products:get', { storeId, productId: p1 })).product.oldPrice).toBe('1500.00');

    // both caches hold the same rows
    const snap = async (c: typeof a) => (await ok(c, 'products:query', { storeId, offset: 0, limit: 100, sort: { field: 'offerId', dir: 'asc' } })).rows.map((r) => [r.productId, r.name, r.price, r.stockPresent]);
    await settle(a);
    await settle(b);
    expect(await snap(a)).toEqual(await snap(b));
  });

  it('works offline from the cache and pauses (never discards) when the session ends', { timeout: 60_000 }, async () => {
    const a = cores.cores[0]!;
    const { stores, currentStoreId } = await ok(a, 'stores:list', {});
    expect(currentStoreId).toBe(stores[0]!.id);
    const before = (await ok(a, 'orders:query', { storeId: currentStoreId!, offset: 0, limit: 10 })).total;
    expect(before).toBe(0);
    const facets = await ok(a, 'products:facets', { storeId: currentStoreId! });
    expect(facets.statuses).toContain('price_sent');
    // the session is revoked on the server: the queue pauses, edits stay
    const sessions = await ok(a, 'sessions:list', {});
    await team.built.db.updateTable('sessions').set({ revoked_at: new Date().toISOString(), revoked_reason: 'test' }).where('revoked_at', 'is', null).execute();
    await ok(a, 'products:update', { storeId: currentStoreId!, productId: pid(3), changes: { name: 'Пока без сессии' } });
    await waitFor(async () => (await ok(a, 'sync:status', {})).paused === 'signed_out', 20_000, 'paused').catch(async (e) => {
      console.log('status', JSON.stringify(await ok(a, 'sync:status', {})), a.context.session.signedIn);
      throw e;
    });
    const st = await ok(a, 'sync:status', {});
    expect(st.pending).toBe(1);
    expect(sessions.sessions.length).toBeGreaterThan(0);
    // sign in again: the queue resumes and the edit arrives
    await signIn(a, team);
    await waitFor(async () => {
      const s = await ok(a, 'sync:status', {});
      return s.paused === null && s.pending === 0;
    }, 20_000, 'resumed');
    expect((await ok(a, 'products:get', { storeId: currentStoreId!, productId: pid(3) })).product.name).toBe('Пока без сессии');
  });
});
