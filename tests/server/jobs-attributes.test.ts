/**
 * The `attributes` export (name / description) against the Ozon sandbox on
 * SQLite and PostgreSQL: sent batched through /v1/product/attributes/update,
 * the async task polled, read back → applied; Ozon's per-item task errors →
 * failed with Ozon's code and reason; a send interrupted while Ozon's task is
 * running (item left 'sending') is recovered by asking the task and reading
 * back — never sent twice; every request valid against the official schemas.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/sandbox/index';
import type { ServerOptions } from '../../src/server/config';
import { enqueueExport, exportStateFor, notifyExports, type ExportRequest } from '../../src/server/jobs/enqueue';
import { ExportManager, type ExportRunnerOptions } from '../../src/server/jobs/runner';
import { validateRequest } from '../sandbox/openapi';
import { DB_KINDS, setupOwner, startHarness, type Harness } from './support/harness';
import { MASTER_KEY, ozonPost, sandbox, stats, waitFor } from '../helpers/ozon-sandbox';

const toPlain = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? Number(x) : x)));
const UPDATE = '/v1/product/attributes/update';

describe.each(DB_KINDS)('attributes export (%s)', (kind) => {
  let sb: RunningSandbox;
  let dir: string;
  let h: Harness;
  let storeId: string;
  let workspaceId: string;
  let runner: ExportManager;
  const exchanges: { path: string; request: unknown; status: number | null }[] = [];
  let products: { productId: string; offerId: string; name: string }[] = [];

  const opts = (): Partial<ServerOptions> => ({
    keyVault: 'encrypted',
    masterKey: MASTER_KEY,
    ozon: { sellerUrl: sb.url, autoImport: false, timeoutMs: 3000, onExchange: (e) => void exchanges.push(e) },
  });
  const startRunner = async (o: ExportRunnerOptions = {}) => {
    const r = new ExportManager({ db: h.built.db, log: h.built.app.log, clientFor: (s) => h.built.stores.clientFor(s) }, { pollMs: 150, kinds: ['attributes'], ...o });
    r.start(await h.built.db.selectFrom('stores').selectAll().where('id', '=', storeId).executeTakeFirstOrThrow());
    return r;
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-attrs-'));
    sb = await sandbox({ stores: 1, products: 200, dbPath: path.join(dir, 'sandbox.db') });
    h = await startHarness(kind, opts());
    const token = (await setupOwner(h)).auth.tokens.accessToken;
    const res = await h.request('POST', '/api/v1/stores', { token, body: { name: 'A', clientId: sb.stores[0]!.clientId, apiKey: sb.stores[0]!.apiKey } });
    expect(res.status).toBe(200);
    storeId = res.body.id;
    workspaceId = (await h.built.db.selectFrom('stores').select('workspace_id').where('id', '=', storeId).executeTakeFirstOrThrow()).workspace_id;
    await h.built.exports.stopAll();
    runner = await startRunner();
    const info = await ozonPost(sb, 0, '/v3/product/list', { filter: { visibility: 'ALL' }, limit: 1000 });
    const ids = info.result.items.map((i: any) => String(i.product_id));
    const full = await ozonPost(sb, 0, '/v3/product/info/list', { product_id: ids });
    products = full.items.map((i: any) => ({ productId: String(i.id), offerId: i.offer_id, name: i.name }));
    expect(products.length).toBeGreaterThan(150);
    // Ozon processes tasks 20–90 simulated seconds after they are created: let simulated time run
    sb.control.setTimeScale(120);
  }, 120_000);

  afterAll(async () => {
    await runner?.stopAll();
    await h?.close();
    await sb?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function enqueueAll(reqs: ExportRequest[]): Promise<string[]> {
    const ids: string[] = [];
    await h.built.db.transaction().execute(async (trx) => {
      for (const r of reqs) ids.push((await enqueueExport(trx, r)).itemId);
    });
    notifyExports(storeId);
    return ids;
  }
  const items = (ids: string[]) => h.built.db.selectFrom('job_items').selectAll().where('id', 'in', ids).orderBy('id').execute();
  const settled = (ids: string[], timeoutMs = 60_000) =>
    waitFor(async () => {
      const rows = await items(ids);
      return rows.every((r) => ['applied', 'failed', 'drifted', 'superseded'].includes(r.state)) ? rows : null;
    }, timeoutMs);
  const req = (p: { productId: string }, values: { name?: string; description?: string }): ExportRequest => ({ workspaceId, storeId, kind: 'attributes', key: p.productId, values });
  async function ozonText(productId: string): Promise<{ name: string; description: string }> {
    const r = await ozonPost(sb, 0, '/v4/product/info/attributes', { filter: { product_id: [productId], visibility: 'ALL' }, limit: 1 });
    const p = r.result[0];
    return { name: p.name, description: p.attributes.find((a: any) => a.id === 4191)?.values[0]?.value ?? '' };
  }

  it('name and description edits go out in one batch, the task is polled, read back → applied; unchanged values are not sent', async () => {
    sb.control.resetStats();
    const [a, b, c, d] = products;
    const ids = await enqueueAll([
      req(a!, { name: `${a!.name} (новинка)` }),
      req(b!, { description: 'Подробное описание товара B.' }),
      // two edits of one product before it is sent: one item with both fields
      req(c!, { name: 'Название C, обновлённое' }),
      req(c!, { description: 'Описание C.' }),
      // Ozon already shows this name: settles without a request
      req(d!, { name: d!.name }),
    ]);
    const rows = await settled(ids);
    const byKey = new Map(rows.filter((r) => r.state !== 'superseded').map((r) => [r.row_key, r]));
    expect(rows.find((r) => r.id === ids[2])).toMatchObject({ state: 'superseded', superseded_by: ids[3] });
    expect(JSON.parse(byKey.get(c!.productId)!.payload)).toEqual({ name: 'Название C, обновлённое', description: 'Описание C.' });
    for (const r of byKey.values()) expect(r, `${r.row_key} ${r.error_message}`).toMatchObject({ state: 'applied' });
    expect(byKey.get(d!.productId)).toMatchObject({ attempts: 0, error_message: 'Ozon already had this value' });
    expect(byKey.get(a!.productId)).toMatchObject({ attempts: 1 });
    expect(stats(sb).requests[UPDATE]).toBe(1);
    expect(await ozonText(a!.productId)).toMatchObject({ name: `${a!.name} (новинка)` });
    expect(await ozonText(b!.productId)).toMatchObject({ description: 'Подробное описание товара B.' });
    expect(await ozonText(c!.productId)).toEqual({ name: 'Название C, обновлённое', description: 'Описание C.' });
    const sync = await exportStateFor(h.built.db, storeId, 'product', [a!.productId, b!.productId, c!.productId]);
    expect([...sync.values()].map((s) => s.state)).toEqual(['synced', 'synced', 'synced']);
  }, 90_000);

  it('Ozon’s per-item errors in the task → failed with Ozon’s code and reason; the rest of the batch applies', async () => {
    const [e, f, g] = products.slice(10);
    const before = await ozonText(e!.productId);
    const ids = await enqueueAll([req(e!, { name: '   ' }), req(f!, { description: 'Скидка! <script>alert(1)</script>' }), req(g!, { name: 'Название G' })]);
    const [re, rf, rg] = await settled(ids);
    expect(re).toMatchObject({ state: 'failed', error_code: 'name_empty', attempts: 1 });
    expect(re!.error_message).toMatch(/название/i);
    expect(rf).toMatchObject({ state: 'failed', error_code: 'attribute_value_invalid' });
    expect(rf!.error_message).toMatch(/HTML/);
    expect(rg).toMatchObject({ state: 'applied' });
    expect(await ozonText(e!.productId)).toEqual(before);
    const st = (await exportStateFor(h.built.db, storeId, 'product', [e!.productId])).get(e!.productId)!;
    expect(st.state).toBe('failed');
    expect(st.reason).toMatch(/name_empty/);
  }, 90_000);

  it('an empty description is refused with a reason (Ozon cannot clear a filled attribute) instead of pretending to succeed', async () => {
    const p = products[20]!;
    sb.control.resetStats();
    const [id] = await enqueueAll([req(p, { description: '' })]);
    const [r] = await settled([id!]);
    expect(r).toMatchObject({ state: 'failed', error_code: 'CANNOT_CLEAR' });
    expect(stats(sb).requests[UPDATE] ?? 0).toBe(0);
  }, 60_000);

  it('interrupted while Ozon’s task runs (item left sending): recovery asks the task and reads back, never sends again', async () => {
    const p = products[30]!;
    const want = { name: 'Название после сбоя', description: 'Описание после сбоя.' };
    sb.control.setTimeScale(0); // Ozon's task stays pending until the clock moves
    await runner.stopAll();
    const first = await startRunner({ drainMs: 200 });
    const [id] = await enqueueAll([req(p, want)]);
    const sending = await waitFor(async () => {
      const [r] = await items([id!]);
      return r!.state === 'sending' && r!.batch_id?.startsWith('ozon-task:') ? r : null;
    }, 30_000);
    const sent = stats(sb).requests[UPDATE] ?? 0;
    // the process goes away mid-send: the in-flight poll is aborted, the item stays 'sending'
    await first.stopAll();
    expect((await items([id!]))[0]).toMatchObject({ state: 'sending', batch_id: sending.batch_id });

    runner = await startRunner();
    // the task is still pending at Ozon: the item waits, nothing is resent
    await new Promise((r) => setTimeout(r, 2500));
    expect((await items([id!]))[0]!.state).toBe('sending');
    expect(stats(sb).requests[UPDATE]).toBe(sent);
    // Ozon finishes the task
    await sb.advance(120);
    const [r] = await settled([id!]);
    expect(r).toMatchObject({ state: 'applied', attempts: 1 });
    expect(stats(sb).requests[UPDATE]).toBe(sent);
    expect(await ozonText(p.productId)).toEqual(want);
    sb.control.setTimeScale(120);
  }, 90_000);

  it('sent only requests valid against the official request schemas', () => {
    const paths = new Set(exchanges.map((e) => e.path));
    for (const p of [UPDATE, '/v1/product/import/info', '/v4/product/info/attributes']) expect(paths).toContain(p);
    for (const e of exchanges) expect(validateRequest(e.path, toPlain(e.request)), e.path).toEqual([]);
  });
});
