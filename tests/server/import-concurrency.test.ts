/**
 * The first import runs independent entities at once (SQLite and
 * PostgreSQL): entities that read what another wrote (prices, stocks and
 * category attributes read products) start only after it completed; the
 * others overlap it, at most four of a store at a time, all within the
 * store's one request budget (no 429).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/sandbox/index';
import { IMPORTERS } from '../../src/server/store-data/importers';
import { DB_KINDS, setupOwner, startHarness } from './support/harness';
import { MASTER_KEY, sandbox, stats, waitFor } from '../helpers/ozon-sandbox';

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await sandbox({ stores: 2, products: 300, historyDays: 3, ordersPerDay: 100 });
}, 60_000);
afterAll(async () => sb?.close());

describe.each(DB_KINDS)('first import concurrency (%s)', (kind) => {
  it('overlaps independent entities, runs dependents after what they read, never more than four at once', async () => {
    const h = await startHarness(kind, { keyVault: 'encrypted', masterKey: MASTER_KEY, ozon: { sellerUrl: sb.url, postingsHistoryDays: 3 } });
    try {
      const token = (await setupOwner(h)).auth.tokens.accessToken;
      const s = sb.stores[kind === 'sqlite' ? 0 : 1]!;
      sb.control.resetStats();
      const res = await h.request('POST', '/api/v1/stores', { token, body: { name: 'C', clientId: s.clientId, apiKey: s.apiKey } });
      expect(res.status).toBe(200);
      const id = res.body.id as string;
      await waitFor(async () => (await h.built.imports.status(id)).firstImportDone || null, 150_000, 100);
      const cps = await h.built.db.selectFrom('import_checkpoints').select(['entity', 'started_at', 'finished_at']).where('store_id', '=', id).execute();
      const span = new Map(cps.map((c) => [c.entity, { from: Date.parse(c.started_at!), to: Date.parse(c.finished_at!) }]));
      expect([...span.keys()].sort()).toEqual(IMPORTERS.map((i) => i.entity).sort());
      const products = span.get('products')!;
      for (const imp of IMPORTERS) for (const dep of imp.after ?? []) expect(span.get(imp.entity)!.from, `${imp.entity} after ${dep}`).toBeGreaterThanOrEqual(span.get(dep)!.to);
      expect(IMPORTERS.filter((i) => i.after?.includes('products')).map((i) => i.entity).sort()).toEqual(['category_attributes', 'prices', 'stocks']);
      // FBS postings started with products (the first four entities start together), not after it
      expect(span.get('postings_fbs')!.from).toBeLessThan(products.to);
      // at any start, at most four entities were running
      for (const { from } of span.values()) expect([...span.values()].filter((x) => x.from <= from && x.to > from).length).toBeLessThanOrEqual(4);
      expect(stats(sb).rate_limited_total).toBe(0);
    } finally {
      await h.close();
    }
  }, 180_000);
});
