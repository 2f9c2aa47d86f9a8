/**
 * A posting action applied on Ozon brings the posting's own row up to date at
 * once: the read-back's /v3/posting/fbs/get answer is written to the row as
 * the item settles (ReadBack.row), so a shipped posting never goes on showing
 * "awaiting packaging" with "ship" on offer until its next FBS import (an hour
 * away here), and no import or other extra request is made for it. The row it
 * writes is the one the FBS import writes: an import reading the posting
 * afterwards changes nothing. SQLite and PostgreSQL, against the sandbox,
 * with the store's imports running.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/sandbox/index';
import { enqueueExport, notifyExports } from '../../src/server/jobs/enqueue';
import { DB_KINDS, setupOwner, startHarness, type Harness } from './support/harness';
import { MASTER_KEY, ozonPost, sandbox, stats, waitFor } from '../helpers/ozon-sandbox';

interface Doc {
  status: string;
  availableActions: string[];
  cancelReasonId: string | null;
}

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await sandbox({ stores: 2, products: 30, historyDays: 1, shipFailRate: 0 });
});
afterAll(async () => sb?.close());

describe.each(DB_KINDS)('posting actions refresh the posting (%s)', (kind) => {
  let h: Harness;
  const store = kind === 'sqlite' ? 0 : 1;
  beforeAll(async () => {
    h = await startHarness(kind, {
      keyVault: 'encrypted',
      masterKey: MASTER_KEY,
      ozon: { sellerUrl: sb.url, postingsHistoryDays: 2, refreshSeconds: { postings_fbs: 3600 } },
    });
  });
  afterAll(async () => h?.close());

  it('a shipped posting shows awaiting_deliver without "ship", a cancelled one cancelled, as soon as each is applied; no import runs for it', async () => {
    const [toShip, toCancel] = sb.control.createPostings(sb.stores[store]!.clientId, 2, 'fbs');
    const { auth } = await setupOwner(h);
    const token = auth.tokens.accessToken;
    const res = await h.request('POST', '/api/v1/stores', { token, body: { name: 'S', clientId: sb.stores[store]!.clientId, apiKey: sb.stores[store]!.apiKey } });
    expect(res.status).toBe(200);
    const storeId = res.body.id as string;
    const db = h.built.db;
    const row = (pn: string) => db.selectFrom('postings').select(['data', 'version', 'status']).where('store_id', '=', storeId).where('posting_number', '=', pn).executeTakeFirst();
    const doc = async (pn: string) => {
      const r = await row(pn);
      return r ? (JSON.parse(r.data) as Doc) : null;
    };
    const fbsImport = () => db.selectFrom('import_checkpoints').selectAll().where('store_id', '=', storeId).where('entity', '=', 'postings_fbs').executeTakeFirst();
    // the first import brings both postings in, awaiting packaging, and is done
    await waitFor(async () => (await fbsImport())?.state === 'done' && (await doc(toShip!)) && (await doc(toCancel!)), 60_000);
    expect((await doc(toShip!))!.status).toBe('awaiting_packaging');
    expect((await doc(toShip!))!.availableActions).toContain('ship');
    expect((await doc(toCancel!))!.status).toBe('awaiting_packaging');
    const lists = () => stats(sb).requests['/v4/posting/fbs/list'] ?? 0;
    const listsBefore = lists();

    const p = (await ozonPost(sb, store, '/v3/posting/fbs/get', { posting_number: toShip })).result;
    const workspaceId = (await db.selectFrom('stores').select('workspace_id').where('id', '=', storeId).executeTakeFirstOrThrow()).workspace_id;
    await db.transaction().execute(async (trx) => {
      await enqueueExport(trx, {
        workspaceId,
        storeId,
        kind: 'posting_ship',
        key: toShip!,
        values: { packages: [{ products: p.products.map((x: { sku: number; quantity: number }) => ({ sku: String(x.sku), quantity: x.quantity })) }] },
      });
      await enqueueExport(trx, { workspaceId, storeId, kind: 'posting_cancel', key: toCancel!, values: { reasonId: 352 } });
    });
    notifyExports(storeId);
    // applied, and the rows follow within seconds (their scheduled refresh is an hour away)
    const shipped = await waitFor(async () => {
      const d = await doc(toShip!);
      return d?.status === 'awaiting_deliver' ? d : null;
    }, 20_000);
    expect(shipped.availableActions).not.toContain('ship');
    const cancelled = await waitFor(async () => {
      const d = await doc(toCancel!);
      return d?.status === 'cancelled' ? d : null;
    }, 20_000);
    expect(cancelled.cancelReasonId).toBe('352');
    expect(cancelled.availableActions).not.toContain('cancel');
    // the list projection (the status column the app filters on) moved with the document
    expect((await row(toShip!))!.status).toBe('awaiting_deliver');
    expect((await row(toCancel!))!.status).toBe('cancelled');
    const items = await db.selectFrom('job_items').select(['row_key', 'state']).where('store_id', '=', storeId).where('row_key', 'in', [toShip!, toCancel!]).orderBy('row_key').execute();
    expect(items.map((i) => i.state)).toEqual(['applied', 'applied']);
    // the read-back was the only read: no FBS import ran for it
    expect(lists()).toBe(listsBefore);

    // an FBS import reading both postings now (their status changed since its last run) finds their rows as it would write them
    const versions = [(await row(toShip!))!.version, (await row(toCancel!))!.version];
    const lastRun = (await fbsImport())!.finished_at;
    await h.built.imports.runNow(storeId, 'postings_fbs');
    await waitFor(async () => {
      const c = await fbsImport();
      return c?.state === 'done' && c.finished_at !== lastRun;
    }, 30_000);
    expect(lists()).toBeGreaterThan(listsBefore);
    expect([(await row(toShip!))!.version, (await row(toCancel!))!.version]).toEqual(versions);
  }, 120_000);
});
