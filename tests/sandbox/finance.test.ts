/**
 * Finance on Ozon's accrual methods: /v1/finance/accrual/{types,by-day,postings}
 * validate against the official schemas (requests and responses, strict),
 * by-day pages by last_id without repeats or gaps while the market books new
 * accruals, accruals agree with the postings they come from, errors carry
 * Ozon's body, and the switched-off /v3/finance/transaction methods refuse.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/sandbox/index';
import { validateRequest, validateResponse } from './openapi';
import { boot, call, kop } from './helpers';

let sb: RunningSandbox;
const DATES = ['2026-06-26', '2026-06-27', '2026-06-28', '2026-06-29', '2026-06-30', '2026-07-01', '2026-07-02'];

beforeAll(async () => {
  // a world from 26 June to 2 July (Moscow): July 1 books the monthly subscription
  sb = await boot({ rateLimits: false, seed: 5, products: 80, startTime: Date.parse('2026-07-02T09:00:00Z'), historyDays: 6, ordersPerDay: 600 });
}, 120_000);
afterAll(async () => sb?.close());

/** Every accrual of a date, page by page, each request and response checked against the spec. */
async function byDay(date: string, store = 0): Promise<{ accruals: any[]; pages: number }> {
  const accruals: any[] = [];
  for (let last = '', pages = 1; ; pages++) {
    const body = { date, last_id: last };
    expect(validateRequest('/v1/finance/accrual/by-day', body)).toEqual([]);
    const r = await call(sb, '/v1/finance/accrual/by-day', body, { store });
    expect(r.status, r.text.slice(0, 200)).toBe(200);
    expect(validateResponse('/v1/finance/accrual/by-day', 200, r.json)).toEqual([]);
    if (!r.json.accruals.length) return { accruals, pages };
    expect(r.json.accruals.length).toBeLessThanOrEqual(100);
    accruals.push(...r.json.accruals);
    last = r.json.last_id;
  }
}

describe('finance accruals', () => {
  it('types, by-day and postings match the official schemas; every accrual category occurs', async () => {
    const types = await call(sb, '/v1/finance/accrual/types', undefined);
    expect(types.status).toBe(200);
    expect(validateResponse('/v1/finance/accrual/types', 200, types.json)).toEqual([]);
    const typeIds = new Set(types.json.accrual_types.map((t: { id: number }) => t.id));
    const all = (await Promise.all(DATES.map((d) => byDay(d)))).flatMap((x) => x.accruals);
    expect(new Set(all.map((a) => a.accrued_category))).toEqual(new Set(['POSTING', 'ITEM', 'NON_ITEM']));
    // every type_id an accrual names is in the dictionary
    for (const a of all) {
      const ids = [...(a.posting?.products ?? []).flatMap((p: any) => p.delivery.services.map((s: any) => s.type_id)), ...(a.item_fees?.fees ?? []).flatMap((f: any) => f.fees.map((x: any) => x.type_id)), ...(a.non_item_fee ? [a.non_item_fee.type_id] : [])];
      expect(ids.length).toBeGreaterThan(0);
      for (const id of ids) expect(typeIds.has(id), String(id)).toBe(true);
    }
    const numbers = [...new Set(all.filter((a) => a.accrued_category === 'POSTING').map((a) => a.unit_number as string))].slice(0, 200);
    expect(numbers.length).toBe(200);
    const body = { posting_numbers: numbers };
    expect(validateRequest('/v1/finance/accrual/postings', body)).toEqual([]);
    const r = await call(sb, '/v1/finance/accrual/postings', body);
    expect(r.status).toBe(200);
    expect(validateResponse('/v1/finance/accrual/postings', 200, r.json)).toEqual([]);
    expect(r.json.posting_accruals.map((p: { posting_number: string }) => p.posting_number)).toEqual(numbers);
  }, 60_000);

  it('by-day pages by last_id: no accrual repeated or skipped, even while the market books new ones; dates are Moscow dates', async () => {
    const busy = await byDay('2026-07-01');
    expect(busy.pages).toBeGreaterThan(2);
    const ids = busy.accruals.map((a) => a.accrual_id as number);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(busy.accruals.every((a) => a.date === '2026-07-01')).toBe(true);
    // today: read one page, let the market deliver more, read on from last_id
    const first = (await call(sb, '/v1/finance/accrual/by-day', { date: '2026-07-02', last_id: '' })).json;
    await sb.advance(6 * 3600);
    const rest: any[] = [];
    for (let last = first.last_id as string; ; ) {
      const r = (await call(sb, '/v1/finance/accrual/by-day', { date: '2026-07-02', last_id: last })).json;
      if (!r.accruals.length) break;
      rest.push(...r.accruals);
      last = r.last_id;
    }
    const fresh = await byDay('2026-07-02');
    expect(fresh.accruals.length).toBeGreaterThan(first.accruals.length);
    expect([...first.accruals, ...rest].map((a) => a.accrual_id)).toEqual(fresh.accruals.map((a) => a.accrual_id));
  }, 60_000);

  it('accruals agree with the postings: a delivered posting is sold at its prices, totals add up, the per-posting lines sum to the by-day totals', async () => {
    const all = (await Promise.all(DATES.map((d) => byDay(d)))).flatMap((x) => x.accruals);
    for (const a of all) {
      const parts = [...(a.posting?.products ?? []).flatMap((p: any) => [p.commission.sale_amount.amount, p.commission.commission.amount, p.delivery.total_accrued.amount]), ...(a.item_fees?.fees ?? []).flatMap((f: any) => f.fees.map((x: any) => x.accrued.amount)), ...(a.non_item_fee ? [a.non_item_fee.accrued.amount] : [])];
      expect(parts.reduce((s: bigint, v: string) => s + kop(v), 0n), String(a.accrual_id)).toBe(kop(a.total_amount.amount));
    }
    const sales = all.filter((a) => a.accrued_category === 'POSTING' && a.posting.delivery_schema === 'FBS' && kop(a.posting.products[0].commission.sale_amount.amount) > 0n).slice(0, 15);
    expect(sales.length).toBe(15);
    for (const a of sales) {
      const p = (await call(sb, '/v3/posting/fbs/get', { posting_number: a.unit_number })).json.result;
      expect(p.status).toBe('delivered');
      expect(a.posting.products.map((x: any) => [x.sku, kop(x.commission.sale_amount.amount)])).toEqual(p.products.map((x: any) => [x.sku, kop(x.price) * BigInt(x.quantity)]));
    }
    const numbers = [...new Set(all.filter((a) => a.accrued_category === 'POSTING').map((a) => a.unit_number as string))].slice(0, 200);
    const lines = (await call(sb, '/v1/finance/accrual/postings', { posting_numbers: numbers })).json.posting_accruals;
    for (const pa of lines) {
      const byDayTotal = all.filter((a) => a.unit_number === pa.posting_number).reduce((s, a) => s + kop(a.total_amount.amount), 0n);
      expect(pa.accruals.reduce((s: bigint, l: any) => s + kop(l.accrued.amount), 0n), pa.posting_number).toBe(byDayTotal);
    }
    // another store's accruals never show
    const other = new Set((await byDay('2026-07-01', 1)).accruals.map((a) => a.accrual_id));
    expect(all.some((a) => other.has(a.accrual_id))).toBe(false);
  }, 60_000);

  it('bad requests get Ozon error bodies; the switched-off /v3 transaction methods refuse and are not granted', async () => {
    const bad: [string, unknown, string][] = [
      ['/v1/finance/accrual/by-day', { date: '01.07.2026', last_id: '' }, 'GetFinanceAccrualByDayRequest.Date'],
      ['/v1/finance/accrual/by-day', { date: '2021-12-31', last_id: '' }, 'greater than or equal to 2022-01-01'],
      ['/v1/finance/accrual/by-day', { date: '2026-07-01', last_id: 'abc' }, 'GetFinanceAccrualByDayRequest.LastId'],
      ['/v1/finance/accrual/by-day', '{"date": 20260701, "last_id": ""}', 'invalid value for string field date'],
      ['/v1/finance/accrual/postings', { posting_numbers: [] }, 'at least 1 item'],
      ['/v1/finance/accrual/postings', { posting_numbers: Array.from({ length: 201 }, (_, i) => `0-${i}`) }, 'no more than 200 item'],
    ];
    for (const [path, body, text] of bad) {
      const r = await call(sb, path, body);
      expect(r.status, path).toBe(400);
      expect(r.json.code).toBe(3);
      expect(r.json.message).toContain(text);
      expect(validateResponse(path, 400, r.json)).toEqual([]);
    }
    for (const path of ['/v3/finance/transaction/list', '/v3/finance/transaction/totals']) {
      const r = await call(sb, path, { filter: { date: { from: '2026-06-01T00:00:00Z', to: '2026-06-15T00:00:00Z' } }, page: 1, page_size: 100 });
      expect(r.status, path).toBe(501);
      expect(r.json).toMatchObject({ code: 12, details: [] });
      expect(r.json.message).toContain('/v1/finance/accrual/by-day');
      expect(validateResponse(path, 501, r.json)).toEqual([]);
    }
    const methods: string[] = (await call(sb, '/v1/roles', {})).json.roles[0].methods;
    expect(methods).toEqual(expect.arrayContaining(['/v1/finance/accrual/by-day', '/v1/finance/accrual/postings', '/v1/finance/accrual/types']));
    expect(methods.filter((m) => m.startsWith('/v3/finance/'))).toEqual([]);
  });
});
