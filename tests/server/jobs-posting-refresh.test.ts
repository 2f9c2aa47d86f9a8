/**
 * A posting action applied on Ozon brings the posting's own row up to date at
 * once (KindHandler.refreshes): its FBS import runs right after, not at its
 * next scheduled refresh (an hour away here), so a shipped posting never goes
 * on showing "awaiting packaging" with "ship" on offer. SQLite and PostgreSQL,
 * against the sandbox, with the store's imports running.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/sandbox/index';
import { enqueueExport, notifyExports } from '../../src/server/jobs/enqueue';
import { DB_KINDS, setupOwner, startHarness, type Harness } from './support/harness';
import { MASTER_KEY, ozonPost, sandbox, waitFor } from '../helpers/ozon-sandbox';

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

  it('a shipped posting shows awaiting_deliver (and no "ship" on offer) right after the ship is applied', async () => {
    const [pn] = sb.control.createPostings(sb.stores[store]!.clientId, 1, 'fbs');
    const { auth } = await setupOwner(h);
    const token = auth.tokens.accessToken;
    const res = await h.request('POST', '/api/v1/stores', { token, body: { name: 'S', clientId: sb.stores[store]!.clientId, apiKey: sb.stores[store]!.apiKey } });
    expect(res.status).toBe(200);
    const storeId = res.body.id as string;
    const db = h.built.db;
    const row = () => db.selectFrom('postings').select(['data']).where('store_id', '=', storeId).where('posting_number', '=', pn!).executeTakeFirst();
    const doc = async () => {
      const r = await row();
      return r ? (JSON.parse(r.data) as { status: string; availableActions: string[] }) : null;
    };
    // the first import brings the new posting in, awaiting packaging
    const before = await waitFor(doc, 60_000);
    expect(before.status).toBe('awaiting_packaging');

    const p = (await ozonPost(sb, store, '/v3/posting/fbs/get', { posting_number: pn })).result;
    const workspaceId = (await db.selectFrom('stores').select('workspace_id').where('id', '=', storeId).executeTakeFirstOrThrow()).workspace_id;
    await db.transaction().execute((trx) =>
      enqueueExport(trx, {
        workspaceId,
        storeId,
        kind: 'posting_ship',
        key: pn!,
        values: { packages: [{ products: p.products.map((x: { sku: number; quantity: number }) => ({ sku: String(x.sku), quantity: x.quantity })) }] },
      }),
    );
    notifyExports(storeId);
    // applied, and the row follows within seconds (its scheduled refresh is an hour away)
    const after = await waitFor(async () => {
      const d = await doc();
      return d?.status === 'awaiting_deliver' ? d : null;
    }, 20_000);
    expect(after.availableActions).not.toContain('ship');
    const item = await db.selectFrom('job_items').select(['state']).where('store_id', '=', storeId).where('row_key', '=', pn!).executeTakeFirstOrThrow();
    expect(item.state).toBe('applied');
  }, 120_000);
});
