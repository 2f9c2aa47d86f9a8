/** Same seed + same start + same simulated time → same world, however the clock advances were sliced. */
import { describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/sandbox/index';
import { boot, call } from './helpers';

async function snapshot(sb: RunningSandbox): Promise<unknown> {
  const products = (await call(sb, '/v3/product/info/list', { product_id: (await call(sb, '/v3/product/list', { limit: 1000 })).json.result.items.map((i: { product_id: number }) => String(i.product_id)) })).json.items;
  const fbs = (await call(sb, '/v4/posting/fbs/list', { filter: { since: '2026-06-01T00:00:00Z', to: '2026-06-30T00:00:00Z' }, limit: 100, with: { financial_data: true } })).json;
  const fbo = (await call(sb, '/v3/posting/fbo/list', { filter: { since: '2026-06-01T00:00:00Z', to: '2026-06-30T00:00:00Z' }, limit: 100 })).json;
  const reviews = (await call(sb, '/v2/review/list', { limit: 100 })).json;
  return { products, fbs, fbo, reviews, stores: sb.stores };
}

describe('determinism', () => {
  it('same seed → identical data; sliced advances give the same market as one advance', async () => {
    const a = await boot({ seed: 99, products: 40, historyDays: 2, rateLimits: false });
    const b = await boot({ seed: 99, products: 40, historyDays: 2, rateLimits: false });
    try {
      await a.advance(6 * 3600);
      for (let i = 0; i < 12; i++) await b.advance(1800);
      const [sa, sb] = [await snapshot(a), await snapshot(b)];
      expect(JSON.stringify(sa)).toBe(JSON.stringify(sb));
      expect((sa as { fbs: { postings: unknown[] } }).fbs.postings.length).toBeGreaterThan(0);
    } finally {
      await a.close();
      await b.close();
    }
  }, 60_000);

  it('a different seed → a different world', async () => {
    const a = await boot({ seed: 1, products: 10, historyDays: 0 });
    const b = await boot({ seed: 2, products: 10, historyDays: 0 });
    try {
      expect(a.stores[0]!.clientId).not.toBe(b.stores[0]!.clientId);
      const la = (await call(a, '/v3/product/list', { limit: 10 })).json.result.items;
      const lb = (await call(b, '/v3/product/list', { limit: 10 })).json.result.items;
      expect(JSON.stringify(la)).not.toBe(JSON.stringify(lb));
    } finally {
      await a.close();
      await b.close();
    }
  });
});
