import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerTransport } from '../../src/main/sync/transport';
import { pid, seedStore } from '../server/sync-support';
import { CALM, ChaosProxy } from './sync-chaos-proxy';
import { quietLogger } from './helpers';
import { Cores, firstDevice, ok, settle, startTeam, testSync, waitFor, workspaceId, type Team } from './sync-harness';

const cores = new Cores();
let team: Team;
let proxy: ChaosProxy;

beforeAll(async () => {
  await cores.init();
  team = await startTeam(cores.dir('chaos-team'));
});
afterAll(async () => {
  await cores.cleanup();
  await proxy?.close();
  await team?.close();
});

describe('sync through a misbehaving network', () => {
  it('after healing, client and server agree and every edit is applied exactly once', { timeout: 180_000 }, async () => {
    const u = new URL(team.url);
    proxy = new ChaosProxy({ host: u.hostname, port: Number(u.port) });
    const proxyUrl = await proxy.listen();
    // sign-in goes straight to the server; every sync request goes through the proxy, and asks for compressed pages as
    // a client across a network does (an answer cut short must fail as one, not inflate to a shorter page)
    const a = await cores.start(cores.dir('chaos-a'), {
      sync: { ...testSync, transport: (session) => bearerTransport(proxyUrl, session, quietLogger(), { compressed: true }) },
    });
    await firstDevice(a, team);
    cores.rememberKeychainAccount(team.url);
    const N = 40;
    const storeId = await seedStore(team.built.db, await workspaceId(team), N);
    await settle(a);
    const ws = await workspaceId(team);
    const seqAfterSeed = Number((await team.built.db.selectFrom('change_feed').select((eb) => eb.fn.max('seq').as('m')).where('workspace_id', '=', ws).executeTakeFirstOrThrow()).m);

    proxy.chaos = { drop: 0.15, cutAfterRequest: 0.2, delay: 0.2, duplicate: 0.2, maxDelayMs: 400 };
    const edits: { productId: string; name: string; present: number }[] = [];
    const wh = (await ok(a, 'products:get', { storeId, productId: pid(0) })).stocks[0]!.warehouseId;
    for (let i = 0; i < N; i++) {
      const e = { productId: pid(i), name: `Хаос ${i}`, present: 100 + i };
      edits.push(e);
      await ok(a, 'products:update', { storeId, productId: e.productId, changes: { name: e.name } });
      if (i % 2 === 0) await ok(a, 'stocks:update', { storeId, productId: e.productId, warehouseId: wh, present: e.present });
      if (i % 10 === 5) proxy.cutAll();
      await new Promise((r) => setTimeout(r, 40));
    }
    await new Promise((r) => setTimeout(r, 3000));
    expect(proxy.stats.dropped + proxy.stats.cut).toBeGreaterThan(0);
    expect(proxy.stats.duplicated).toBeGreaterThan(0);

    proxy.chaos = CALM;
    await settle(a, 60_000);
    await waitFor(async () => (await ok(a, 'sync:status', {})).pending === 0, 30_000, 'outbox drained');

    // the client shows exactly what the server has
    const server = await team.built.db.selectFrom('products').select(['product_id', 'data']).where('store_id', '=', storeId).execute();
    const serverStocks = await team.built.db.selectFrom('stocks').select(['product_id', 'data']).where('store_id', '=', storeId).execute();
    for (const e of edits) {
      const row = JSON.parse(server.find((r) => r.product_id === e.productId)!.data) as { name: string };
      expect(row.name).toBe(e.name);
      const local = await ok(a, 'products:get', { storeId, productId: e.productId });
      expect(local.product.name).toBe(e.name);
      const st = JSON.parse(serverStocks.find((r) => r.product_id === e.productId)!.data) as { present: number };
      expect(local.stocks[0]!.present).toBe(st.present);
      if (Number(e.productId) % 2 === 0) expect(st.present).toBe(e.present);
    }
    // exactly once: one recorded mutation per edit, one feed entry per applied mutation
    const muts = await team.built.db.selectFrom('sync_mutations').select(['mutation_id', 'status', 'entity', 'row_key']).where('workspace_id', '=', ws).execute();
    expect(muts.filter((m) => m.entity === 'product')).toHaveLength(N);
    expect(muts.filter((m) => m.entity === 'stock')).toHaveLength(N / 2);
    expect(muts.every((m) => m.status === 'applied')).toBe(true);
    const feed = await team.built.db.selectFrom('change_feed').select(['entity', 'row_key']).where('workspace_id', '=', ws).where('seq', '>', seqAfterSeed).execute();
    for (const e of edits) expect(feed.filter((f) => f.entity === 'product' && f.row_key === e.productId), e.productId).toHaveLength(1);
    console.log('chaos stats', JSON.stringify(proxy.stats));
  });
});
