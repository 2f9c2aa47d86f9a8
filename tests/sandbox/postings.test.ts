/** FBS posting lifecycle: ship (incl. ship_failed), labels, cancel, and the status machine over simulated time. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/sandbox/index';
import { boot, call } from './helpers';

let sb: RunningSandbox;
let cid: string;
beforeAll(async () => {
  sb = await boot({ products: 40, historyDays: 1, rateLimits: false, ordersPerDay: 0 });
  cid = sb.stores[0]!.clientId;
  sb.control.setMarket({ shipFailRate: 0 });
});
afterAll(async () => sb?.close());

const get = async (pn: string): Promise<any> => (await call(sb, '/v3/posting/fbs/get', { posting_number: pn })).json.result;
const ship = async (pn: string): Promise<{ status: number; json: any }> => {
  const p = await get(pn);
  return call(sb, '/v4/posting/fbs/ship', { posting_number: pn, packages: [{ products: p.products.map((x: { sku: number; quantity: number }) => ({ product_id: x.sku, quantity: x.quantity })) }] });
};
const stockOf = async (sku: number, wh: number): Promise<{ present: number; reserved: number }> =>
  (await call(sb, '/v2/product/info/stocks-by-warehouse/fbs', { limit: 100, sku: [String(sku)] })).json.products.find((p: { warehouse_id: number }) => p.warehouse_id === wh);

describe('FBS postings', () => {
  it('a new order reserves stock and starts awaiting_packaging with ship/cancel actions', async () => {
    const [pn] = sb.control.createPostings(cid, 1, 'fbs');
    const p = await get(pn!);
    expect(p).toMatchObject({ status: 'awaiting_packaging', substatus: 'posting_created' });
    expect(p.available_actions).toEqual(expect.arrayContaining(['ship', 'cancel']));
    const s = await stockOf(p.products[0].sku, p.delivery_method.warehouse_id);
    expect(s.reserved).toBeGreaterThanOrEqual(p.products[0].quantity);
  });

  it('labels: only for awaiting_deliver, not in the first 45 s after packing, ≤20 per call; a real PDF', async () => {
    const [pn] = sb.control.createPostings(cid, 1, 'fbs');
    const early = await call(sb, '/v2/posting/fbs/package-label', { posting_number: [pn] });
    expect(early.status).toBe(400);
    expect(early.json.message).toContain('awaiting_deliver');
    const wrongQty = await call(sb, '/v4/posting/fbs/ship', { posting_number: pn, packages: [{ products: [{ product_id: 1, quantity: 1 }] }] });
    expect(wrongQty.status).toBe(400);
    const shipped = await ship(pn!);
    expect(shipped.status).toBe(200);
    expect(shipped.json.result).toEqual([pn]);
    expect((await get(pn!)).status).toBe('awaiting_deliver');
    const notReady = await call(sb, '/v2/posting/fbs/package-label', { posting_number: [pn] });
    expect(notReady.status).toBe(400);
    expect(notReady.json.message).toBe(`The next postings aren't ready: ${pn}`);
    await sb.advance(50);
    const pdf = await call(sb, '/v2/posting/fbs/package-label', { posting_number: [pn] });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.raw.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.raw.subarray(-6).toString()).toBe('%%EOF\n');
    const text = pdf.raw.toString('latin1');
    expect(text).toContain(pn);
    // structurally valid: startxref points at the xref table, every object offset points at "N 0 obj"
    const xref = Number(/startxref\n(\d+)\n%%EOF/.exec(text)![1]);
    expect(text.slice(xref, xref + 4)).toBe('xref');
    const offsets = [...text.slice(xref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    offsets.forEach((off, i) => expect(text.slice(off, off + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`));
    const tooMany = await call(sb, '/v2/posting/fbs/package-label', { posting_number: Array.from({ length: 21 }, () => pn) });
    expect(tooMany.status).toBe(400);
  });

  it('ship can answer 200 yet leave substatus ship_failed; a retry packs it', async () => {
    const [pn] = sb.control.createPostings(cid, 1, 'fbs');
    sb.control.setMarket({ shipFailRate: 1 });
    const r = await ship(pn!);
    expect(r.status).toBe(200);
    expect(r.json.result).toEqual([pn]);
    const p = await get(pn!);
    expect(p).toMatchObject({ status: 'awaiting_packaging', substatus: 'ship_failed' });
    expect(p.available_actions).toContain('ship_async_retry');
    sb.control.setMarket({ shipFailRate: 0 });
    expect((await ship(pn!)).status).toBe(200);
    expect((await get(pn!)).status).toBe('awaiting_deliver');
    expect((await ship(pn!)).json.message).toBe('POSTING_ALREADY_SHIPPED');
  });

  it('splitting into packages creates new postings of the same order', async () => {
    const pns = sb.control.createPostings(cid, 30, 'fbs');
    let target: any;
    for (const pn of pns) {
      const p = await get(pn);
      if (p.products[0].quantity === 2) {
        target = p;
        break;
      }
    }
    if (!target) return; // no 2-unit order generated for this seed
    const sku = target.products[0].sku;
    const r = await call(sb, '/v4/posting/fbs/ship', { posting_number: target.posting_number, packages: [{ products: [{ product_id: sku, quantity: 1 }] }, { products: [{ product_id: sku, quantity: 1 }] }] });
    expect(r.status).toBe(200);
    expect(r.json.result).toHaveLength(2);
    const child = await get(r.json.result[1]);
    expect(child.parent_posting_number).toBe(target.posting_number);
    expect(child.order_number).toBe(target.order_number);
  });

  it('cancel: only available reasons, 402 needs a message; releases the reservation', async () => {
    const [pn] = sb.control.createPostings(cid, 1, 'fbs');
    const p = await get(pn!);
    const before = await stockOf(p.products[0].sku, p.delivery_method.warehouse_id);
    const reasons = (await call(sb, '/v2/posting/fbs/cancel-reason/list')).json.result;
    expect(reasons.find((r: { id: number }) => r.id === 401).is_available_for_cancellation).toBe(false);
    expect((await call(sb, '/v2/posting/fbs/cancel', { posting_number: pn, cancel_reason_id: 401 })).status).toBe(400);
    expect((await call(sb, '/v2/posting/fbs/cancel', { posting_number: pn, cancel_reason_id: 402 })).status).toBe(400);
    const ok = await call(sb, '/v2/posting/fbs/cancel', { posting_number: pn, cancel_reason_id: 402, cancel_reason_message: 'Нет в наличии' });
    expect(ok.json).toEqual({ result: true });
    const after = await get(pn!);
    expect(after.status).toBe('cancelled');
    expect(after.cancellation).toMatchObject({ cancel_reason_id: 402, cancellation_type: 'seller', cancellation_initiator: 'Продавец' });
    const s = await stockOf(p.products[0].sku, p.delivery_method.warehouse_id);
    expect(s.reserved).toBe(before.reserved - p.products[0].quantity);
    expect((await call(sb, '/v2/posting/fbs/cancel', { posting_number: pn, cancel_reason_id: 352 })).json.message).toBe('POSTING_ALREADY_CANCELLED');
  });

  it('over simulated days: shipped postings go delivering → delivered (stock consumed); unshipped ones are cancelled by the system', async () => {
    const [shipped, idle] = sb.control.createPostings(cid, 2, 'fbs');
    const p = await get(shipped!);
    const wh = p.delivery_method.warehouse_id;
    const before = await stockOf(p.products[0].sku, wh);
    await ship(shipped!);
    const seen = new Set<string>();
    for (let step = 0; step < 40; step++) {
      await sb.advance(6 * 3600);
      seen.add((await get(shipped!)).status);
    }
    const final = await get(shipped!);
    expect(['delivered', 'cancelled', 'arbitration']).toContain(final.status);
    expect(seen.has('delivering')).toBe(true);
    if (final.status === 'delivered') expect(final.substatus).toBe('posting_received');
    const s = await stockOf(p.products[0].sku, wh);
    expect(s.present).toBe(before.present - p.products[0].quantity);
    const idleNow = await get(idle!);
    expect(idleNow.status).toBe('cancelled');
    expect(idleNow.cancellation.cancellation_initiator).toBe('Ozon');
    const list = (await call(sb, '/v4/posting/fbs/list', { filter: { since: '2026-06-01T00:00:00Z', to: '2026-06-30T00:00:00Z', statuses: ['cancelled'] }, limit: 100 })).json.postings;
    expect(list.map((x: { posting_number: string }) => x.posting_number)).toContain(idle);
  });

  it('delivered postings appear in finance accruals', async () => {
    const sales: any[] = [];
    for (let d = Date.parse('2026-06-10'); d <= Date.parse('2026-07-05'); d += 86_400_000) {
      const r = (await call(sb, '/v1/finance/accrual/by-day', { date: new Date(d).toISOString().slice(0, 10), last_id: '' })).json;
      sales.push(...r.accruals.filter((a: any) => a.accrued_category === 'POSTING' && Number(a.posting.products[0].commission.sale_amount.amount) > 0));
    }
    expect(sales.length).toBeGreaterThan(0);
    expect((await get(sales[0].unit_number)).status).toBe('delivered');
  });
});
