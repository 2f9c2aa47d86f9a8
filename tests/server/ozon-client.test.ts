/** The Ozon client against the sandbox: back-off through injected faults, no blind resend of writes, steady pacing without 429. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/sandbox/index';
import { OzonClient } from '../../src/server/ozon/client';
import { OzonApiError } from '../../src/server/ozon/errors';
import { OzonLimiter } from '../../src/server/ozon/limits';
import { getProductInfo, listProducts } from '../../src/server/ozon/endpoints/products';
import { sandbox, stats } from '../helpers/ozon-sandbox';

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await sandbox({ stores: 2, products: 60 });
});
afterAll(async () => sb?.close());

const client = (store = 0, o: Partial<ConstructorParameters<typeof OzonClient>[0]> = {}) =>
  new OzonClient({ baseUrl: sb.url, clientId: sb.stores[store]!.clientId, apiKey: sb.stores[store]!.apiKey, limiter: new OzonLimiter(), retry: { maxAttempts: 8, baseDelayMs: 20, maxDelayMs: 200 }, ...o });

describe('OzonClient', () => {
  it('reads through 5xx, "Circle is open" and dropped connections with back-off', async () => {
    sb.setFaults({ rate: 0.4, kinds: ['5xx', 'drop'] });
    sb.control.resetStats();
    try {
      const c = client();
      for (let i = 0; i < 25; i++) {
        const r = await listProducts(c, 'ALL', '', 5);
        expect(r.result.items).toHaveLength(5);
      }
      const served = stats(sb).faults_served;
      expect(served['5xx']! + served.drop!).toBeGreaterThan(0);
    } finally {
      sb.setFaults({ rate: 0 });
    }
  });

  it('never resends a write that may have been applied (timeout): it is reported ambiguous', async () => {
    sb.setFaults({ rate: 1, kinds: ['timeout'], timeoutMs: 1500 });
    sb.control.resetStats();
    try {
      const sent: number[] = [];
      const c = client(1, { timeoutMs: 300, onExchange: (e) => void sent.push(e.attempt) });
      const err = await c
        .send('/v1/product/import/prices', { prices: [{ offer_id: 'nope', price: '100' }] }, { idempotent: false })
        .then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(OzonApiError);
      expect((err as OzonApiError).ambiguous).toBe(true);
      expect((err as OzonApiError).kind).toBe('timeout');
      expect(sent).toEqual([1]); // exactly one attempt went out
    } finally {
      sb.setFaults({ rate: 0 });
    }
  });

  it('paces 120 concurrent reads of one Client-Id under 50/s without a 429', async () => {
    await new Promise((r) => setTimeout(r, 1100)); // let earlier tests' requests leave Ozon's window
    sb.control.resetStats();
    const c = client();
    const ids = (await listProducts(c, 'ALL', '', 10)).result.items.map((i) => i.product_id);
    const t0 = Date.now();
    await Promise.all(Array.from({ length: 120 }, () => getProductInfo(c, ids)));
    const seconds = (Date.now() - t0) / 1000;
    expect(stats(sb).rate_limited_total).toBe(0);
    // 120 requests at ≤50/s need at least ~2 s (how close to the limit it gets is a benchmark, not a test)
    expect(seconds).toBeGreaterThan(1.9);
  });

  it('maps auth failures without leaking the key into the error', async () => {
    const c = new OzonClient({ baseUrl: sb.url, clientId: sb.stores[0]!.clientId, apiKey: 'secret-wrong-key-123', limiter: new OzonLimiter() });
    const err = (await listProducts(c, 'ALL', '', 1).catch((e: unknown) => e)) as OzonApiError;
    expect(err.kind).toBe('permission');
    expect(err.isAuth).toBe(true);
    expect(JSON.stringify({ ...err, message: err.message })).not.toContain('secret-wrong-key-123');
    expect(JSON.stringify(c)).not.toContain('secret-wrong-key-123');
  });
});
