import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cores, call, ok, owner, settle, waitFor } from './sync-harness';

const cores = new Cores();
beforeAll(() => cores.init());
afterAll(() => cores.cleanup());

describe('stores:demo', () => {
  it('starts the Ozon sandbox next to the embedded server, links its store, and its data reaches the cache', { timeout: 180_000 }, async () => {
    const dir = cores.dir('demo');
    const core = await cores.start(dir, { serverOptionsOverride: { logLevel: 'silent', ozon: { postingsHistoryDays: 3 } } });
    await ok(core, 'setup:useEmbedded', {});
    expect((await ok(core, 'setup:createOwner', owner)).status).toBe('signed_in');
    // the renderer names the store in the person's language
    const store = await ok(core, 'stores:demo', { name: '演示店铺（Ozon 沙盒）' });
    expect(store.name).toBe('演示店铺（Ozon 沙盒）');
    expect(store.sandbox).toBe(true);
    expect(store.status).toBe('active');
    const list = await ok(core, 'stores:list', {});
    expect(list.currentStoreId).toBe(store.id);
    await waitFor(async () => (await ok(core, 'stores:importStatus', { storeId: store.id })).entities.some((e) => e.entity === 'products' && e.state === 'done'), 120_000, 'products imported');
    await settle(core);
    const products = await waitFor(async () => {
      const r = await ok(core, 'products:query', { storeId: store.id, offset: 0, limit: 10 });
      return r.total > 0 ? r : null;
    }, 30_000, 'products in the cache');
    expect(products.total).toBeGreaterThan(0);
    // linking the demo again finds the same store
    expect((await ok(core, 'stores:demo', {})).id).toBe(store.id);
    // and unlinking removes it (and its key from the server's vault)
    await ok(core, 'stores:unlink', { storeId: store.id });
    expect((await ok(core, 'stores:list', {})).stores).toEqual([]);
  });

  it('refuses on a team server', async () => {
    const core = await cores.start(cores.dir('demo-remote'));
    expect(await call(core, 'stores:demo', {})).toEqual({ ok: false, error: { code: 'DEMO_EMBEDDED_ONLY' } });
  });
});
