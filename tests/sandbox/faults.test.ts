/** Fault injection: 5xx, timeouts and dropped connections at roughly the configured rate; never on the control API. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/sandbox/index';
import { boot, call, control } from './helpers';

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await boot({ products: 10, historyDays: 0, rateLimits: false });
});
afterAll(async () => sb?.close());

describe('fault injection', () => {
  it('5xx at rate 0.3 over 300 calls: ~90 Ozon-shaped 500/503 bodies', async () => {
    sb.setFaults({ rate: 0.3, kinds: ['5xx'] });
    const res = [];
    for (let i = 0; i < 300; i++) res.push(await call(sb, '/v1/roles', {}));
    const failed = res.filter((r) => r.status >= 500);
    expect(failed.length).toBeGreaterThan(60);
    expect(failed.length).toBeLessThan(120);
    expect(res.filter((r) => r.status === 200).length).toBe(300 - failed.length);
    for (const f of failed) expect([{ code: 13, message: 'Internal error', details: [] }, { code: 14, message: 'Circle is open', details: [] }]).toContainEqual(f.json);
    // the control API is never faulted
    for (let i = 0; i < 20; i++) expect((await control(sb, '/state')).seed).toBe(7);
    sb.setFaults({ rate: 0 });
  });

  it('drop destroys the connection', async () => {
    sb.setFaults({ rate: 1, kinds: ['drop'] });
    await expect(call(sb, '/v1/roles', {})).rejects.toThrow();
    sb.setFaults({ rate: 0 });
    expect((await call(sb, '/v1/roles', {})).status).toBe(200);
  });

  it('timeout holds the response past the deadline, then 504 — and the write DID happen', async () => {
    const p = (await call(sb, '/v3/product/list', { limit: 1 })).json.result.items[0];
    sb.setFaults({ rate: 1, kinds: ['timeout'], timeoutMs: 400 });
    const t0 = Date.now();
    const r = await call(sb, '/v1/product/import/prices', { prices: [{ product_id: p.product_id, price: '4321', old_price: '0' }] });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(380);
    expect(r.status).toBe(504);
    sb.setFaults({ rate: 0 });
    const prices = (await call(sb, '/v5/product/info/prices', { filter: { product_id: [String(p.product_id)] }, limit: 1 })).json.items[0];
    expect(prices.price.price).toBe(4321);
    const stats = await control(sb, '/stats');
    expect(stats.faults_served.timeout).toBe(1);
    expect(stats.faults_served.drop).toBe(1);
  });

  it('the fault rate can be set through the control API', async () => {
    await control(sb, '/faults', { rate: 1, kinds: ['5xx'] });
    expect((await call(sb, '/v1/roles', {})).status).toBeGreaterThanOrEqual(500);
    await control(sb, '/faults', { rate: 0 });
    expect((await call(sb, '/v1/roles', {})).status).toBe(200);
  });
});
