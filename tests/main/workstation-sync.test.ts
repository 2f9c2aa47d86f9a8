/**
 * The four workstation pages' channels over data that arrived the real way:
 * an Ozon sandbox with two weeks of market history (so returns exist) → the
 * embedded server's importers → the change feed → this core's cache. Every
 * answer passes the contract (the router parses it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/sandbox/index';
import { sandbox } from '../helpers/ozon-sandbox';
import { Cores, ok, owner, settle, waitFor } from './sync-harness';

const cores = new Cores();
let sb: RunningSandbox;
beforeAll(async () => {
  await cores.init();
  sb = await sandbox({ stores: 1, products: 80, historyDays: 14, seed: 11 });
});
afterAll(async () => {
  await cores.cleanup();
  await sb?.close();
});

const ymd = (t: number) => new Date(t).toISOString().slice(0, 10);
const WANT = ['returns', 'promotions', 'reviews', 'questions', 'chats', 'campaigns'];

describe('workstation pages over a synced sandbox store', () => {
  it('returns, service, marketing and analytics read the synced cache', { timeout: 240_000 }, async () => {
    const core = await cores.start(cores.dir('ws-sandbox'), { serverOptionsOverride: { logLevel: 'silent', ozon: { sellerUrl: sb.url, postingsHistoryDays: 30 } } });
    await ok(core, 'setup:useEmbedded', {});
    expect((await ok(core, 'setup:createOwner', owner)).status).toBe('signed_in');
    const keys = sb.stores[0]!;
    const store = await ok(core, 'stores:link', {
      name: 'Sandbox',
      clientId: keys.clientId,
      apiKey: keys.apiKey,
      performanceClientId: keys.performance.clientId,
      performanceClientSecret: keys.performance.clientSecret,
    });
    const storeId = store.id;
    await waitFor(
      async () => {
        const s = await ok(core, 'stores:importStatus', { storeId });
        return WANT.every((e) => s.entities.some((x) => x.entity === e && x.state === 'done')) && s.entities.every((x) => x.state !== 'running');
      },
      180_000,
      'the demo import',
    );
    await settle(core, 60_000);

    // Returns: listed, filterable by a status that exists, with a detail
    const returns = await waitFor(async () => {
      const r = await ok(core, 'returns:query', { storeId, offset: 0, limit: 50 });
      return r.total > 0 ? r : null;
    }, 30_000, 'returns in the cache');
    const facets = await ok(core, 'returns:facets', { storeId });
    expect(facets.statuses.length).toBeGreaterThan(0);
    const st = facets.statuses[0]!;
    const byStatus = await ok(core, 'returns:query', { storeId, status: st, offset: 0, limit: 50 });
    expect(byStatus.total).toBeGreaterThan(0);
    expect(byStatus.rows.every((r) => r.status === st)).toBe(true);
    const first = returns.rows[0]!;
    expect((await ok(core, 'returns:get', { storeId, returnId: first.returnId })).ret.postingNumber).toBe(first.postingNumber);

    // Customer service: reviews with details, questions, chats with messages
    const summary = await ok(core, 'service:summary', { storeIds: [storeId] });
    expect(summary.reviewStatuses.length).toBeGreaterThan(0);
    const reviews = await ok(core, 'service:reviews', { storeIds: [storeId], offset: 0, limit: 20 });
    expect(reviews.total).toBeGreaterThan(0);
    const rv = reviews.rows[0]!;
    expect((await ok(core, 'service:review', { storeId, reviewId: rv.reviewId })).review.text).toBe(rv.text);
    const fives = await ok(core, 'service:reviews', { storeIds: [storeId], ratings: [5], offset: 0, limit: 500 });
    expect(fives.rows.every((r) => r.rating === 5)).toBe(true);
    const questions = await ok(core, 'service:questions', { storeIds: [storeId], offset: 0, limit: 20 });
    expect(questions.total).toBeGreaterThan(0);
    await ok(core, 'service:question', { storeId, questionId: questions.rows[0]!.questionId });
    const chats = await ok(core, 'service:chats', { storeIds: [storeId], offset: 0, limit: 20 });
    expect(chats.total).toBeGreaterThan(0);
    const withMessages = chats.rows.find((c) => c.messagesCount > 0)!;
    expect(withMessages).toBeDefined();
    const history = await ok(core, 'service:chat', { storeId, chatId: withMessages.chatId });
    expect(history.messages.length).toBe(Math.min(withMessages.messagesCount, 300));

    // Marketing: promotions with products; campaigns with daily statistics
    const promos = await ok(core, 'marketing:promotions', { storeId, offset: 0, limit: 50 });
    expect(promos.total).toBeGreaterThan(0);
    let productsSeen = 0;
    for (const p of promos.rows) productsSeen += (await ok(core, 'marketing:promotionProducts', { storeId, actionId: p.actionId, offset: 0, limit: 10 })).total;
    expect(productsSeen).toBeGreaterThan(0);
    const now = Date.now();
    const camp = await ok(core, 'marketing:campaigns', { storeId, from: ymd(now - 29 * 86_400_000), to: ymd(now + 86_400_000) });
    expect(camp.campaigns.length).toBeGreaterThan(0);
    expect(camp.daily.some((d) => d.views > 0)).toBe(true);

    // Analytics: the period's postings add up to its day series
    const a = await ok(core, 'analytics:summary', { storeId, from: ymd(now - 27 * 86_400_000), to: ymd(now + 86_400_000), utcOffsetMinutes: 180 });
    expect(a.totals.orders).toBeGreaterThan(0);
    expect(a.days.reduce((n, d) => n + d.orders, 0)).toBe(a.totals.orders);
    expect(a.days.reduce((n, d) => n + Math.round(Number(d.revenue) * 100), 0)).toBe(Math.round(Number(a.totals.revenue) * 100));
    expect(a.topSkus.length).toBeGreaterThan(0);
    expect(a.stockCover.length).toBeGreaterThan(0);
  });
});
