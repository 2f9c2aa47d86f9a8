/**
 * Posting actions as export jobs against the Ozon sandbox (SQLite and
 * PostgreSQL): ship (→ awaiting_deliver, a label becomes available; Ozon's
 * ship_failed answered 200 is held and retried) and cancel (→ cancelled) read back
 * with /v3/posting/fbs/get; Ozon's refusals fail with the reason; a posting
 * already shipped before a crash is applied without a second ship; with 10%
 * injected faults every action ends applied exactly once or failed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markSending } from '../../src/server/jobs/settle';
import { ozonPost, stats, waitFor } from '../helpers/ozon-sandbox';
import { DB_KINDS } from './support/harness';
import { expectAppliedOrFailedWithReason, expectValidExchanges, startActionEnv, withFaults, type ActionEnv, type Req } from './support/action-exports';

describe.each(DB_KINDS)('posting action exports (%s)', (kind) => {
  let env: ActionEnv;
  beforeAll(async () => {
    env = await startActionEnv(kind, ['posting_ship', 'posting_cancel']);
  }, 120_000);
  afterAll(async () => env?.close());

  const fresh = (n: number): string[] => env.sb.control.createPostings(env.sb.stores[0]!.clientId, n, 'fbs');
  const posting = async (pn: string): Promise<any> => (await ozonPost(env.sb, 0, '/v3/posting/fbs/get', { posting_number: pn })).result;
  const shipReq = async (pn: string): Promise<Req> => {
    const p = await posting(pn);
    return { kind: 'posting_ship', key: pn, values: { packages: [{ products: p.products.map((x: any) => ({ sku: String(x.sku), quantity: x.quantity })) }] } };
  };
  const shipCalls = (pn: string): number => (env.sbDb.prepare('SELECT ship_attempts AS n FROM postings WHERE posting_number = ?').get(pn) as { n: number }).n;

  it('ships and cancels postings: each read back applied, Ozon shows the new status, a label is available after shipping', async () => {
    env.sb.control.resetStats();
    const toShip = fresh(12);
    const toCancel = fresh(4);
    const ids = await env.enqueue([
      ...(await Promise.all(toShip.map(shipReq))),
      ...toCancel.map((pn, i): Req => ({ kind: 'posting_cancel', key: pn, values: i === 0 ? { reasonId: 402, message: 'Покупатель попросил отменить' } : { reasonId: 352 } })),
    ]);
    const rows = await env.settled(ids);
    expect(rows.map((r) => `${r.kind} ${r.row_key} ${r.state} ${r.error_code ?? ''} ${r.error_message ?? ''}`.trim())).toEqual(rows.map((r) => `${r.kind} ${r.row_key} applied`));
    for (const pn of toShip) expect((await posting(pn)).status, pn).toBe('awaiting_deliver');
    for (const pn of toCancel) expect((await posting(pn)).status, pn).toBe('cancelled');
    expect(JSON.parse(rows[0]!.readback!)).toMatchObject({ status: 'awaiting_deliver' });
    // Ozon answered every ship; the ones it left ship_failed were sent again, none after it shipped
    const s = stats(env.sb);
    // (a loaded machine may add a 429 or an "already shipped" refusal after a timed-out answer: refused requests ship nothing)
    expect(s.statuses['/v4/posting/fbs/ship']?.['200'] ?? 0).toBe(toShip.reduce((n, pn) => n + shipCalls(pn), 0));
    expect(s.statuses['/v2/posting/fbs/cancel']?.['200'] ?? 0).toBe(4);
    expect(s.requests['/v2/posting/fbs/cancel-reason/list']).toBeLessThanOrEqual(1);
    await env.sb.advance(50);
    const label = await fetch(env.sb.url + '/v2/posting/fbs/package-label', {
      method: 'POST',
      headers: { 'Client-Id': env.sb.stores[0]!.clientId, 'Api-Key': env.sb.stores[0]!.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ posting_number: [toShip[0]] }),
    });
    expect(label.status).toBe(200);
    expect(label.headers.get('content-type')).toBe('application/pdf');
  }, 120_000);

  it('Ozon answers 200 but leaves the posting ship_failed: the item waits with a reason and is shipped on a later attempt', async () => {
    const [pn] = fresh(1);
    const req = await shipReq(pn!);
    env.sb.control.setMarket({ shipFailRate: 1 });
    try {
      const [id] = await env.enqueue([req]);
      const held = await waitFor(async () => {
        const [r] = await env.items([id!]);
        return r!.error_code === 'held' ? r : null;
      }, 30_000, 50);
      expect(held).toMatchObject({ state: 'pending', attempts: 1 });
      expect(held!.error_message).toMatch(/ship_failed/);
      expect((await posting(pn!)).substatus).toBe('ship_failed');
    } finally {
      env.sb.control.setMarket({ shipFailRate: 0 });
    }
    const [r] = await env.settled([(await env.h.built.db.selectFrom('job_items').select('id').where('row_key', '=', pn!).executeTakeFirstOrThrow()).id]);
    expect(r).toMatchObject({ state: 'applied', attempts: 2 });
    expect((await posting(pn!)).status).toBe('awaiting_deliver');
    expect(shipCalls(pn!)).toBe(2);
    env.sb.control.setMarket({ shipFailRate: 0.05 });
  }, 60_000);

  it('Ozon’s refusals fail with the reason: ship of a cancelled posting, wrong quantities, a reason Ozon does not accept', async () => {
    const [cancelled, wrongQty, badReason] = fresh(3);
    await ozonPost(env.sb, 0, '/v2/posting/fbs/cancel', { posting_number: cancelled, cancel_reason_id: 352 });
    const good = await shipReq(wrongQty!);
    const bad = { ...good, values: { packages: [{ products: good.kind === 'posting_ship' ? good.values.packages[0]!.products.map((x) => ({ ...x, quantity: x.quantity + 1 })) : [] }] } } as Req;
    const ids = await env.enqueue([await shipReq(cancelled!), bad, { kind: 'posting_cancel', key: badReason!, values: { reasonId: 401 } }]);
    const [a, b, c] = await env.settled(ids);
    expect(a).toMatchObject({ state: 'failed', error_code: 'POSTING_ALREADY_CANCELLED' });
    expect(b).toMatchObject({ state: 'failed', error_code: 'POSTING_PRODUCTS_QUANTITY_MISMATCH' });
    expect(c).toMatchObject({ state: 'failed', error_code: 'INVALID_CANCEL_REASON' });
    expect(c!.error_message).toMatch(/352/);
    expect((await posting(wrongQty!)).status).toBe('awaiting_packaging');
    expect((await posting(badReason!)).status).toBe('awaiting_packaging');
  }, 60_000);

  it('after a crash with items left sending: a posting Ozon already shipped is applied without a second ship; one it never got is shipped', async () => {
    await env.stopRunner();
    env.sb.control.setMarket({ shipFailRate: 0 });
    try {
      const [done, lost] = fresh(2);
      const reqs = [await shipReq(done!), await shipReq(lost!)];
      const ids = await env.enqueue(reqs);
      // the runner had committed 'sending' and the first request had reached Ozon when the process died
      await markSending(env.h.built.db, ids, new Date().toISOString());
      const first = reqs[0]!;
      if (first.kind !== 'posting_ship') throw new Error('unreachable');
      await ozonPost(env.sb, 0, '/v4/posting/fbs/ship', { posting_number: done, packages: first.values.packages.map((p) => ({ products: p.products.map((x) => ({ product_id: Number(x.sku), quantity: x.quantity })) })) });
      expect(shipCalls(done!)).toBe(1);
      await env.startRunner();
      const [a, b] = await env.settled(ids);
      expect(a).toMatchObject({ state: 'applied', attempts: 1 });
      expect(b).toMatchObject({ state: 'applied', attempts: 2 });
      expect(shipCalls(done!)).toBe(1);
      expect(shipCalls(lost!)).toBe(1);
    } finally {
      env.sb.control.setMarket({ shipFailRate: 0.05 });
    }
  }, 60_000);

  it('with 10% injected faults every action ends applied exactly once or failed with a reason', async () => {
    const toShip = fresh(24);
    const toCancel = fresh(8);
    const reqs = [...(await Promise.all(toShip.map(shipReq))), ...toCancel.map((pn): Req => ({ kind: 'posting_cancel', key: pn, values: { reasonId: 352 } }))];
    const rows = await withFaults(env.sb, async () => env.settled(await env.enqueue(reqs), 180_000));
    expectAppliedOrFailedWithReason(rows);
    for (const r of rows.filter((x) => x.kind === 'posting_ship' && x.state === 'applied')) {
      expect((await posting(r.row_key!)).status).toBe('awaiting_deliver');
      // Ozon refuses a second ship of a shipped posting, so a shipped posting counts one successful ship; ship_failed retries are the only extra calls
      expect(env.sbDb.prepare("SELECT substatus FROM postings WHERE posting_number = ?").get(r.row_key!)).not.toMatchObject({ substatus: 'ship_failed' });
    }
    for (const r of rows.filter((x) => x.kind === 'posting_cancel' && x.state === 'applied')) expect((await posting(r.row_key!)).status).toBe('cancelled');
    expect(rows.filter((r) => r.state === 'applied').length).toBeGreaterThan(rows.length * 0.8);
  }, 240_000);

  it('sent only requests valid against the official request schemas', () => {
    expectValidExchanges(env.exchanges, ['/v4/posting/fbs/ship', '/v2/posting/fbs/cancel', '/v3/posting/fbs/get', '/v2/posting/fbs/cancel-reason/list']);
  });
});
