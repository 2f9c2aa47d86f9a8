/**
 * The `attributes` export (name / description) against the Ozon sandbox on
 * SQLite and PostgreSQL: sent batched through /v1/product/attributes/update,
 * the async task polled, read back → applied; Ozon's per-item task errors →
 * failed with Ozon's code and reason; a send interrupted while Ozon's task is
 * running (item left 'sending') is recovered by asking the task and reading
 * back — never sent twice; every request valid against the official schemas.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportStateFor } from '../../src/server/jobs/enqueue';
import { DB_KINDS } from './support/harness';
import { expectValidExchanges, startExportEnv, type ExportEnv, type Req } from './support/export-env';
import { ozonPost, stats, waitFor } from '../helpers/ozon-sandbox';

const UPDATE = '/v1/product/attributes/update';

describe.each(DB_KINDS)('attributes export (%s)', (kind) => {
  let env: ExportEnv;
  let products: { productId: string; offerId: string; name: string }[] = [];

  beforeAll(async () => {
    env = await startExportEnv(kind, { sandbox: { products: 200 }, ozonTimeoutMs: 3000, kinds: ['attributes'] });
    const info = await ozonPost(env.sb, 0, '/v3/product/list', { filter: { visibility: 'ALL' }, limit: 1000 });
    const ids = info.result.items.map((i: any) => String(i.product_id));
    const full = await ozonPost(env.sb, 0, '/v3/product/info/list', { product_id: ids });
    products = full.items.map((i: any) => ({ productId: String(i.id), offerId: i.offer_id, name: i.name }));
    expect(products.length).toBeGreaterThan(150);
    // Ozon processes tasks 20–90 simulated seconds after they are created: let simulated time run
    env.sb.control.setTimeScale(120);
  }, 120_000);
  afterAll(async () => env?.close());

  const req = (p: { productId: string }, values: { name?: string; description?: string }): Req => ({ kind: 'attributes', key: p.productId, values });
  async function ozonText(productId: string): Promise<{ name: string; description: string }> {
    const r = await ozonPost(env.sb, 0, '/v4/product/info/attributes', { filter: { product_id: [productId], visibility: 'ALL' }, limit: 1 });
    const p = r.result[0];
    return { name: p.name, description: p.attributes.find((a: any) => a.id === 4191)?.values[0]?.value ?? '' };
  }

  it('name and description edits go out in one batch, the task is polled, read back → applied; unchanged values are not sent', async () => {
    env.sb.control.resetStats();
    const [a, b, c, d] = products;
    const ids = await env.enqueue([
      req(a!, { name: `${a!.name} (новинка)` }),
      req(b!, { description: 'Подробное описание товара B.' }),
      // two edits of one product before it is sent: one item with both fields
      req(c!, { name: 'Название C, обновлённое' }),
      req(c!, { description: 'Описание C.' }),
      // Ozon already shows this name: settles without a request
      req(d!, { name: d!.name }),
    ]);
    const rows = await env.settled(ids);
    const byKey = new Map(rows.filter((r) => r.state !== 'superseded').map((r) => [r.row_key, r]));
    expect(rows.find((r) => r.id === ids[2])).toMatchObject({ state: 'superseded', superseded_by: ids[3] });
    expect(JSON.parse(byKey.get(c!.productId)!.payload)).toEqual({ name: 'Название C, обновлённое', description: 'Описание C.' });
    for (const r of byKey.values()) expect(r, `${r.row_key} ${r.error_message}`).toMatchObject({ state: 'applied' });
    expect(byKey.get(d!.productId)).toMatchObject({ attempts: 0, error_message: 'Ozon already had this value' });
    expect(byKey.get(a!.productId)).toMatchObject({ attempts: 1 });
    expect(stats(env.sb).requests[UPDATE]).toBe(1);
    expect(await ozonText(a!.productId)).toMatchObject({ name: `${a!.name} (новинка)` });
    expect(await ozonText(b!.productId)).toMatchObject({ description: 'Подробное описание товара B.' });
    expect(await ozonText(c!.productId)).toEqual({ name: 'Название C, обновлённое', description: 'Описание C.' });
    const sync = await exportStateFor(env.h.built.db, env.storeId, 'product', [a!.productId, b!.productId, c!.productId]);
    expect([...sync.values()].map((s) => s.state)).toEqual(['synced', 'synced', 'synced']);
  }, 90_000);

  it('Ozon’s per-item errors in the task → failed with Ozon’s code and reason; the rest of the batch applies', async () => {
    const [e, f, g] = products.slice(10);
    const before = await ozonText(e!.productId);
    const ids = await env.enqueue([req(e!, { name: '   ' }), req(f!, { description: 'Скидка! <script>alert(1)</script>' }), req(g!, { name: 'Название G' })]);
    const [re, rf, rg] = await env.settled(ids);
    expect(re).toMatchObject({ state: 'failed', error_code: 'name_empty', attempts: 1 });
    expect(re!.error_message).toMatch(/название/i);
    expect(rf).toMatchObject({ state: 'failed', error_code: 'attribute_value_invalid' });
    expect(rf!.error_message).toMatch(/HTML/);
    expect(rg).toMatchObject({ state: 'applied' });
    expect(await ozonText(e!.productId)).toEqual(before);
    const st = (await exportStateFor(env.h.built.db, env.storeId, 'product', [e!.productId])).get(e!.productId)!;
    expect(st.state).toBe('failed');
    expect(st.reason).toMatch(/name_empty/);
  }, 90_000);

  it('an empty description is refused with a reason (Ozon cannot clear a filled attribute) instead of pretending to succeed', async () => {
    const p = products[20]!;
    env.sb.control.resetStats();
    const [id] = await env.enqueue([req(p, { description: '' })]);
    const [r] = await env.settled([id!]);
    expect(r).toMatchObject({ state: 'failed', error_code: 'CANNOT_CLEAR' });
    expect(stats(env.sb).requests[UPDATE] ?? 0).toBe(0);
  }, 60_000);

  it('interrupted while Ozon’s task runs (item left sending): recovery asks the task and reads back, never sends again', async () => {
    const p = products[30]!;
    const want = { name: 'Название после сбоя', description: 'Описание после сбоя.' };
    env.sb.control.setTimeScale(0); // Ozon's task stays pending until the clock moves
    await env.stopRunner();
    await env.startRunner({ drainMs: 200 });
    const [id] = await env.enqueue([req(p, want)]);
    const sending = await waitFor(async () => {
      const [r] = await env.items([id!]);
      return r!.state === 'sending' && r!.batch_id?.startsWith('ozon-task:') ? r : null;
    }, 30_000);
    const sent = stats(env.sb).requests[UPDATE] ?? 0;
    // the process goes away mid-send: the in-flight poll is aborted, the item stays 'sending'
    await env.stopRunner();
    expect((await env.items([id!]))[0]).toMatchObject({ state: 'sending', batch_id: sending.batch_id });

    await env.startRunner();
    // the task is still pending at Ozon: the item waits, nothing is resent
    await new Promise((r) => setTimeout(r, 2500));
    expect((await env.items([id!]))[0]!.state).toBe('sending');
    expect(stats(env.sb).requests[UPDATE]).toBe(sent);
    // Ozon finishes the task
    await env.sb.advance(120);
    const [r] = await env.settled([id!]);
    expect(r).toMatchObject({ state: 'applied', attempts: 1 });
    expect(stats(env.sb).requests[UPDATE]).toBe(sent);
    expect(await ozonText(p.productId)).toEqual(want);
    env.sb.control.setTimeScale(120);
  }, 90_000);

  it('sent only requests valid against the official request schemas', () => {
    expectValidExchanges(env.exchanges, [UPDATE, '/v1/product/import/info', '/v4/product/info/attributes']);
  });
});
