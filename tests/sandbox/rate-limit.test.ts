/** Ozon's rate limits with Ozon's 429 bodies: 50 req/s per Client-Id, per-method per-minute limits. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/sandbox/index';
import { GLOBAL_LIMIT, SlidingWindow } from '../../src/sandbox/protocol/rate-limit';
import { boot, call, control } from './helpers';

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await boot({ products: 20, historyDays: 0 });
});
afterAll(async () => sb?.close());

describe('rate limits', () => {
  it('the limiter admits exactly 50 per sliding second (limits clock)', () => {
    const w = new SlidingWindow(GLOBAL_LIMIT.max, GLOBAL_LIMIT.windowMs);
    const admitted = Array.from({ length: 80 }, (_, i) => w.take('c', 1000 + i)).filter(Boolean).length;
    expect(admitted).toBe(50);
    expect(w.take('other', 1100)).toBe(true);
    expect(w.take('c', 1999)).toBe(false);
    expect(w.take('c', 2000)).toBe(true); // the first hit (t=1000) left the window
  });

  it('50 requests/s per Client-Id over HTTP: a burst gets 429 code 8 beyond the limit; other stores unaffected', async () => {
    const t0 = Date.now();
    const burst = await Promise.all(Array.from({ length: 150 }, () => call(sb, '/v1/roles', {})));
    const seconds = (Date.now() - t0) / 1000;
    const ok = burst.filter((r) => r.status === 200).length;
    const limited = burst.filter((r) => r.status === 429);
    expect(ok + limited.length).toBe(150);
    expect(ok).toBeLessThanOrEqual(50 * Math.ceil(seconds + 1e-9));
    expect(ok).toBeGreaterThanOrEqual(40);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]!.json).toEqual({ code: 8, message: 'You have reached request rate limit per second', details: [] });
    expect((await call(sb, '/v1/roles', {}, { store: 1 })).status).toBe(200);
    await sb.advance(1.1);
    expect((await call(sb, '/v1/roles', {})).status).toBe(200);
  });

  it('/v2/products/stocks: 80 requests per minute, then 429 until the minute passes', async () => {
    await sb.advance(2);
    const statuses: number[] = [];
    for (let i = 0; i < 84; i++) {
      if (i % 40 === 39) await sb.advance(1.1); // stay under 50 req/s
      statuses.push((await call(sb, '/v2/products/stocks', { stocks: [{ product_id: 1, warehouse_id: 1, stock: 1 }] }, { store: 1 })).status);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(80);
    expect(statuses.slice(80)).toEqual([429, 429, 429, 429]);
    await sb.advance(60);
    expect((await call(sb, '/v2/products/stocks', { stocks: [{ product_id: 1, warehouse_id: 1, stock: 1 }] }, { store: 1 })).status).toBe(200);
  });

  it('/v1/analytics/data: 1 request per minute', async () => {
    const body = { date_from: '2026-06-10', date_to: '2026-06-15', dimension: ['day'], metrics: ['revenue'], limit: 10 };
    expect((await call(sb, '/v1/analytics/data', body)).status).toBe(200);
    const second = await call(sb, '/v1/analytics/data', body);
    expect(second.status).toBe(429);
    expect(second.json.code).toBe(8);
    await sb.advance(61);
    expect((await call(sb, '/v1/analytics/data', body)).status).toBe(200);
  });

  it('the control API counts 429s served per endpoint', async () => {
    const stats = await control(sb, '/stats');
    expect(stats.rate_limited['/v1/roles']).toBeGreaterThanOrEqual(1);
    expect(stats.rate_limited['/v2/products/stocks']).toBe(4);
    expect(stats.rate_limited['/v1/analytics/data']).toBe(1);
    expect(stats.requests['/v1/roles']).toBeGreaterThanOrEqual(150);
  });
});
