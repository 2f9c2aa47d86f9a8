/**
 * Promotion participation as export jobs against the Ozon sandbox (SQLite and
 * PostgreSQL): joins and leaves batched per action_id (one activate /
 * deactivate request per action), read back with /v1/actions/products;
 * Ozon's per-product rejections inside HTTP 200 (action price above
 * max_action_price) fail with Ozon's reason; items left 'sending' by a crash
 * are read back first; with 10% injected faults every item ends applied (Ozon
 * shows it) or failed with a reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markSending } from '../../src/server/jobs/settle';
import { ozonPost, stats } from '../helpers/ozon-sandbox';
import { DB_KINDS } from './support/harness';
import { expectAppliedOrFailedWithReason, expectValidExchanges, startActionEnv, withFaults, type ActionEnv, type Req } from './support/action-exports';

interface Cand {
  actionId: string;
  productId: string;
  price: number;
  max: number;
}

describe.each(DB_KINDS)('promotion action exports (%s)', (kind) => {
  let env: ActionEnv;
  /** candidates per action, handed out once each */
  const pool = new Map<string, Cand[]>();
  let actionIds: string[] = [];

  beforeAll(async () => {
    env = await startActionEnv(kind, ['promotion_join', 'promotion_leave'], { products: 150 });
    const r = await fetch(env.sb.url + '/v1/actions', { headers: { 'Client-Id': env.sb.stores[0]!.clientId, 'Api-Key': env.sb.stores[0]!.apiKey } });
    actionIds = ((await r.json()) as any).result.map((a: any) => String(a.id)).slice(0, 2);
    expect(actionIds).toHaveLength(2);
    for (const a of actionIds) {
      const c = await ozonPost(env.sb, 0, '/v1/actions/candidates', { action_id: Number(a), limit: 1000 });
      pool.set(
        a,
        c.result.products.filter((p: any) => p.max_action_price > 1 && p.max_action_price < p.price).map((p: any) => ({ actionId: a, productId: String(p.id), price: p.price, max: p.max_action_price })),
      );
      expect(pool.get(a)!.length).toBeGreaterThan(60);
    }
  }, 120_000);
  afterAll(async () => env?.close());

  const take = (a: string, n: number): Cand[] => pool.get(a)!.splice(0, n);
  const join = (c: Cand, price = c.max, stock?: number): Req => ({ kind: 'promotion_join', key: `${c.actionId}:${c.productId}`, values: { actionPrice: price.toFixed(2), ...(stock !== undefined ? { stock } : {}) } });
  const leave = (c: Cand): Req => ({ kind: 'promotion_leave', key: `${c.actionId}:${c.productId}`, values: {} });
  const onOzon = (c: Cand): { action_price: number; stock: number } | undefined =>
    env.sbDb.prepare('SELECT action_price, stock FROM action_products WHERE action_id = ? AND product_id = ?').get(Number(c.actionId), Number(c.productId)) as never;

  it('joins and leaves batched per action: one request per action, every item read back applied', async () => {
    env.sb.control.resetStats();
    const a = take(actionIds[0]!, 15);
    const b = take(actionIds[1]!, 15);
    const ids = await env.enqueue([...a.map((c, i) => join(c, c.max, i === 0 ? 5 : undefined)), ...b.map((c) => join(c, c.max - 1))]);
    const rows = await env.settled(ids);
    expect(rows.map((r) => `${r.row_key} ${r.state} ${r.error_message ?? ''}`.trim())).toEqual(rows.map((r) => `${r.row_key} applied`));
    expect(stats(env.sb).requests['/v1/actions/products/activate']).toBe(2);
    for (const c of a) expect(onOzon(c)?.action_price).toBe(c.max);
    for (const c of b) expect(onOzon(c)?.action_price).toBe(c.max - 1);
    expect(onOzon(a[0]!)?.stock).toBe(5);

    const gone = await env.settled(await env.enqueue([...a.slice(0, 10), ...b.slice(0, 5)].map(leave)));
    expect(gone.map((r) => r.state)).toEqual(Array(15).fill('applied'));
    expect(stats(env.sb).requests['/v1/actions/products/deactivate']).toBe(2);
    for (const c of [...a.slice(0, 10), ...b.slice(0, 5)]) expect(onOzon(c)).toBeUndefined();
    expect(onOzon(a[10]!)).toBeDefined();
  }, 90_000);

  it('a join and a leave of one product coalesce while unsent: the newest wins', async () => {
    await env.stopRunner();
    try {
      const [c] = take(actionIds[0]!, 1);
      const [j] = await env.enqueue([join(c!)]);
      const [l] = await env.enqueue([leave(c!)]);
      const [rj] = await env.items([j!]);
      expect(rj).toMatchObject({ state: 'superseded' });
      await env.startRunner();
      const [rl] = await env.settled([l!]);
      expect(rl!.state).toBe('applied');
      expect(onOzon(c!)).toBeUndefined();
      expect(JSON.parse(rl!.readback!)).toEqual({ participating: false });
    } finally {
      if (!env.runner.isRunning(env.storeId)) await env.startRunner();
    }
  }, 60_000);

  it('Ozon’s per-product rejection inside HTTP 200 fails the item with Ozon’s reason; the rest of the batch applies', async () => {
    const [over, ok, low, lost] = take(actionIds[1]!, 4);
    // one batch, two actions: the unknown action's request is refused as a whole (404), the other action's goes through
    const ids = await env.enqueue([join(over!, over!.max + 1), join(ok!), join(low!, 0.5), join({ ...lost!, actionId: '999999' })]);
    const rows = await env.settled(ids);
    expect(rows[3]).toMatchObject({ state: 'failed' });
    expect(rows[3]!.error_message).toMatch(/action not found/);
    expect(rows[0]).toMatchObject({ state: 'failed', error_code: 'ACTION_REJECTED' });
    expect(rows[0]!.error_message).toMatch(/max_action_price/);
    expect(rows[1]).toMatchObject({ state: 'applied' });
    expect(rows[2]).toMatchObject({ state: 'applied' });
    expect(onOzon(over!)).toBeUndefined();
    // leaving: a product that does not participate already is where the person wants it; an unknown action is Ozon's 404
    const [notIn] = take(actionIds[1]!, 1);
    const [r, unknown] = await env.settled(await env.enqueue([leave(notIn!), leave({ ...notIn!, actionId: '999999' })]));
    expect(r).toMatchObject({ state: 'applied' });
    expect(unknown).toMatchObject({ state: 'failed' });
    expect(unknown!.error_message).toMatch(/action not found/);
  }, 60_000);

  it('after a crash with items left sending: a join Ozon already has is applied without a resend; an unsent one is sent', async () => {
    await env.stopRunner();
    const [done, lost] = take(actionIds[0]!, 2);
    const ids = await env.enqueue([join(done!), join(lost!)]);
    await markSending(env.h.built.db, ids, new Date().toISOString());
    await ozonPost(env.sb, 0, '/v1/actions/products/activate', { action_id: Number(done!.actionId), products: [{ product_id: Number(done!.productId), action_price: done!.max }] });
    env.sb.control.resetStats();
    await env.startRunner();
    const rows = await env.settled(ids);
    expect(rows.map((r) => [r.state, r.attempts])).toEqual([
      ['applied', 1],
      ['applied', 2],
    ]);
    expect(stats(env.sb).requests['/v1/actions/products/activate']).toBe(1);
    expect(onOzon(lost!)?.action_price).toBe(lost!.max);
  }, 60_000);

  it('with 10% injected faults every item ends applied (Ozon shows it) or failed with a reason', async () => {
    const joins = [...take(actionIds[0]!, 20), ...take(actionIds[1]!, 20)];
    const ids: string[] = [];
    const rows = await withFaults(env.sb, async () => {
      for (let w = 0; w < 8; w++) {
        ids.push(...(await env.enqueue(joins.slice(w * 5, w * 5 + 5).map((c) => join(c)))));
        await new Promise((r) => setTimeout(r, 250));
      }
      await env.settled(ids, 180_000);
      ids.push(...(await env.enqueue(joins.slice(0, 10).map(leave))));
      return env.settled(ids, 180_000);
    });
    const left = new Set(rows.filter((r) => r.kind === 'promotion_leave' && r.state === 'applied').map((r) => r.row_key));
    expectAppliedOrFailedWithReason(rows);
    for (const r of rows.filter((x) => x.state === 'applied')) {
      const c = joins.find((x) => `${x.actionId}:${x.productId}` === r.row_key)!;
      if (r.kind === 'promotion_leave') expect(onOzon(c)).toBeUndefined();
      else if (!left.has(r.row_key)) expect(onOzon(c)?.action_price).toBe(c.max);
    }
    expect(rows.filter((r) => r.state === 'applied').length).toBeGreaterThan(rows.length * 0.8);
  }, 240_000);

  it('sent only requests valid against the official request schemas', () => {
    expectValidExchanges(env.exchanges, ['/v1/actions/products/activate', '/v1/actions/products/deactivate', '/v1/actions/products']);
  });
});
