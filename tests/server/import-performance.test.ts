/**
 * The Performance (ads) API client against the sandbox: the OAuth token is
 * cached until shortly before it expires and then renewed, requests are
 * paced per Performance client, and a rejected Performance secret fails only
 * the campaigns import (PERFORMANCE_KEY_INVALID) — the store and its Seller
 * API import keep running (SQLite and PostgreSQL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/sandbox/index';
import { PerformanceClient, PerformanceLimiter, type PerformanceExchange } from '../../src/server/ozon/performance/client';
import { dailyStatistics, listCampaigns } from '../../src/server/ozon/performance/campaigns';
import { countRows } from '../../src/server/store-data/read';
import { TABLES } from '../../src/server/store-data/tables';
import { DB_KINDS, setupOwner, startHarness } from './support/harness';
import { MASTER_KEY, sandbox, stats, waitFor } from '../helpers/ozon-sandbox';

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await sandbox({ stores: 2, products: 40, historyDays: 2 });
}, 60_000);
afterAll(async () => sb?.close());

describe('PerformanceClient', () => {
  it('reuses its token until shortly before expiry, then renews it; paces requests; never exposes the secret', async () => {
    let now = Date.now();
    const seen: PerformanceExchange[] = [];
    const perf = sb.stores[0]!.performance;
    const c = new PerformanceClient({ baseUrl: sb.url, clientId: perf.clientId, clientSecret: perf.clientSecret, limiter: new PerformanceLimiter(5), now: () => now, onExchange: (e) => void seen.push(e) });
    const t0 = Date.now();
    const camps = await listCampaigns(c);
    expect(camps.list.length).toBeGreaterThan(0);
    const ids = camps.list.map((x) => x.id);
    for (let i = 0; i < 5; i++) await dailyStatistics(c, ids.slice(0, 2), '2026-01-01', '2026-01-02');
    expect(c.tokenRequests).toBe(1);
    // 7 requests at 5/s: the sixth and seventh wait for the window
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    // 1800 s token: at 29 minutes it is renewed before use
    now += 29 * 60_000;
    await listCampaigns(c);
    expect(c.tokenRequests).toBe(2);
    expect(JSON.stringify(seen)).not.toContain(perf.clientSecret);
    expect(JSON.stringify(c)).not.toContain(perf.clientSecret);
    expect(seen.filter((e) => e.status !== 200)).toEqual([]);
  });

  it('keys the ad-API budget by endpoint base URL + client id: same host shares it, another host with the same client id does not', async () => {
    const limiter = new PerformanceLimiter(5);
    const id = sb.stores[0]!.performance.clientId;
    const a = PerformanceLimiter.key(sb.url, id);
    // trailing slashes do not split a budget
    expect(PerformanceLimiter.key(`${sb.url}/`, id)).toBe(a);
    const other = PerformanceLimiter.key('https://api-performance.ozon.ru', id);
    expect(other).not.toBe(a);
    for (let i = 0; i < 5; i++) await limiter.gate(a).acquire();
    expect(limiter.gate(a).inWindow()).toBe(5);
    // the real store's budget is untouched by the sandbox store's five requests: admitted at once (before any timer
    // could fire; a wait for a slot is a timer), whatever the machine's load
    const admitted = await Promise.race([
      limiter.gate(other).acquire().then(() => 'at once'),
      new Promise<string>((r) => setImmediate(() => r('waited'))),
    ]);
    expect(admitted).toBe('at once');
    expect(limiter.gate(other).inWindow()).toBe(1);
    // two clients of one host and client id draw from one budget (through requests, not keys)
    const perf = sb.stores[0]!.performance;
    const shared = new PerformanceLimiter(5);
    const c1 = new PerformanceClient({ baseUrl: sb.url, clientId: perf.clientId, clientSecret: perf.clientSecret, limiter: shared });
    const c2 = new PerformanceClient({ baseUrl: `${sb.url}/`, clientId: perf.clientId, clientSecret: perf.clientSecret, limiter: shared });
    await Promise.all([listCampaigns(c1), listCampaigns(c2)]);
    // two token requests + two list requests, all in the one budget
    expect(shared.gate(a).inWindow()).toBe(4);
    expect(shared.gate(other).inWindow()).toBe(0);
  });

  it('a wrong secret is an authentication error of the Performance API', async () => {
    const c = new PerformanceClient({ baseUrl: sb.url, clientId: sb.stores[0]!.performance.clientId, clientSecret: 'wrong', limiter: new PerformanceLimiter(5) });
    await expect(listCampaigns(c)).rejects.toMatchObject({ kind: 'unauthenticated', path: 'performance:/api/client/token' });
  });
});

describe.each(DB_KINDS)('campaigns import with a rejected Performance secret (%s)', (kind) => {
  it('fails only the campaigns entity; the store stays active, everything else imports and keeps refreshing', async () => {
    const h = await startHarness(kind, { keyVault: 'encrypted', masterKey: MASTER_KEY, ozon: { sellerUrl: sb.url, performanceUrl: sb.url, postingsHistoryDays: 2, refreshSeconds: { chats: 1, reviews: 1 } } });
    try {
      const token = (await setupOwner(h)).auth.tokens.accessToken;
      const s = sb.stores[kind === 'sqlite' ? 0 : 1]!;
      const res = await h.request('POST', '/api/v1/stores', { token, body: { name: 'Ads', clientId: s.clientId, apiKey: s.apiKey, performance: { clientId: s.performance.clientId, clientSecret: 'not-the-secret' } } });
      expect(res.status).toBe(200);
      const id = res.body.id as string;
      const st = await waitFor(async () => {
        const r = (await h.request('GET', `/api/v1/stores/${id}/import`, { token })).body;
        const camp = r.entities.find((e: { entity: string }) => e.entity === 'campaigns');
        // entities import concurrently: campaigns may fail before the others finish
        const others = r.entities.filter((e: { entity: string; lastSuccessAt: string | null }) => e.entity !== 'campaigns');
        return camp.state === 'failed' && others.every((e: { lastSuccessAt: string | null }) => e.lastSuccessAt) ? r : null;
      }, 150_000, 100);
      const camp = st.entities.find((e: { entity: string }) => e.entity === 'campaigns');
      expect(camp.error).toBe('PERFORMANCE_KEY_INVALID');
      // every other entity finished its first import (it may already be running its next refresh)
      for (const e of st.entities.filter((x: { entity: string }) => x.entity !== 'campaigns')) {
        expect(e, e.entity).toMatchObject({ mode: 'incremental', error: null });
        expect(e.lastSuccessAt, e.entity).toBeTruthy();
        expect(['done', 'running'], e.entity).toContain(e.state);
      }
      expect(h.built.imports.isRunning(id)).toBe(true);
      // while campaigns waits for its retry, the other entities keep their own schedules
      const chatsDone = camp && st.entities.find((e: { entity: string }) => e.entity === 'chats').finishedAt;
      await waitFor(async () => {
        const r = (await h.request('GET', `/api/v1/stores/${id}/import`, { token })).body;
        return r.entities.find((e: { entity: string }) => e.entity === 'chats').finishedAt !== chatsDone;
      }, 20_000, 100);
      const store = (await h.request('GET', `/api/v1/stores`, { token })).body.stores.find((x: { id: string }) => x.id === id);
      expect(store.status).toBe('active');
      expect(await countRows(h.built.db, TABLES.campaign, id)).toBe(0);
      expect(await countRows(h.built.db, TABLES.review, id)).toBeGreaterThan(0);
      expect(stats(sb).rate_limited_total).toBe(0);
    } finally {
      await h.close();
    }
  }, 200_000);
});
