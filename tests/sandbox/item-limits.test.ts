/** Per-item limits answered inside 200: price ≤10 changes/product/hour; a stock pair at most once per 30 s. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/sandbox/index';
import { boot, call } from './helpers';

let sb: RunningSandbox;
let products: { product_id: number; offer_id: string }[];
let wh: number[];
beforeAll(async () => {
  sb = await boot({ products: 20, historyDays: 0, rateLimits: false });
  products = (await call(sb, '/v3/product/list', { limit: 10, filter: { visibility: 'ALL' } })).json.result.items;
  wh = (await call(sb, '/v2/warehouse/list', { limit: 10 })).json.warehouses.map((w: { warehouse_id: number }) => w.warehouse_id);
});
afterAll(async () => sb?.close());

describe('price changes: at most 10 per product per hour', () => {
  it('the 11th change in an hour fails per item (200), other products unaffected; allowed again after an hour', async () => {
    const [a, b] = products;
    for (let i = 0; i < 10; i++) {
      const r = await call(sb, '/v1/product/import/prices', { prices: [{ product_id: a!.product_id, price: String(1000 + i), old_price: '0' }] });
      expect(r.json.result[0]).toMatchObject({ product_id: a!.product_id, updated: true, errors: [] });
    }
    const r = await call(sb, '/v1/product/import/prices', { prices: [{ product_id: a!.product_id, price: '2000', old_price: '0' }, { product_id: b!.product_id, price: '777', old_price: '0' }] });
    expect(r.status).toBe(200);
    expect(r.json.result[0]).toMatchObject({ updated: false, errors: [{ code: 'TOO_MANY_REQUESTS' }] });
    expect(r.json.result[1]).toMatchObject({ updated: true });
    // the write that succeeded is visible, the refused one is not
    const prices = (await call(sb, '/v5/product/info/prices', { filter: { product_id: [String(a!.product_id), String(b!.product_id)] }, limit: 10 })).json.items;
    expect(prices.find((p: { product_id: number }) => p.product_id === a!.product_id).price.price).toBe(1009);
    expect(prices.find((p: { product_id: number }) => p.product_id === b!.product_id).price.price).toBe(777);
    await sb.advance(3601);
    const again = await call(sb, '/v1/product/import/prices', { prices: [{ product_id: a!.product_id, price: '2000', old_price: '0' }] });
    expect(again.json.result[0].updated).toBe(true);
  });

  it('invalid prices and unknown products fail per item; offer_id wins over product_id', async () => {
    const [a, b] = products;
    const r = await call(sb, '/v1/product/import/prices', {
      prices: [
        { offer_id: 'NO-SUCH', price: '100' },
        { product_id: b!.product_id, price: '500', old_price: '400' },
        { offer_id: products[2]!.offer_id, product_id: a!.product_id, price: '321', old_price: '0' },
      ],
    });
    expect(r.json.result[0]).toMatchObject({ updated: false, errors: [{ code: 'NOT_FOUND' }] });
    expect(r.json.result[1]).toMatchObject({ updated: false, errors: [{ code: 'INVALID_OLD_PRICE' }] });
    expect(r.json.result[2]).toMatchObject({ updated: true, product_id: products[2]!.product_id });
  });
});

describe('stocks: each product-warehouse pair at most once per 30 s', () => {
  it('second update of the same pair within 30 s → TOO_MANY_REQUESTS; another pair passes; OK after 30 s; free stock excludes reservations', async () => {
    const p = products[4]!;
    const first = await call(sb, '/v2/products/stocks', { stocks: [{ product_id: p.product_id, warehouse_id: wh[0], stock: 12 }] });
    expect(first.json.result[0]).toMatchObject({ updated: true, warehouse_id: wh[0], errors: [] });
    const second = await call(sb, '/v2/products/stocks', {
      stocks: [
        { product_id: p.product_id, warehouse_id: wh[0], stock: 13 },
        { product_id: p.product_id, warehouse_id: wh[1], stock: 5 },
      ],
    });
    expect(second.status).toBe(200);
    expect(second.json.result[0]).toMatchObject({ updated: false, errors: [{ code: 'TOO_MANY_REQUESTS' }] });
    expect(second.json.result[1]).toMatchObject({ updated: true });
    const row = (await call(sb, '/v2/product/info/stocks-by-warehouse/fbs', { limit: 10, offer_id: [p.offer_id] })).json.products.find((x: { warehouse_id: number }) => x.warehouse_id === wh[0]);
    expect(row.free_stock).toBe(12);
    expect(row.present).toBe(12 + row.reserved);
    await sb.advance(31);
    expect((await call(sb, '/v2/products/stocks', { stocks: [{ product_id: p.product_id, warehouse_id: wh[0], stock: 13 }] })).json.result[0].updated).toBe(true);
  });

  it('more than 100 pairs → 400; unknown warehouse → per-item error', async () => {
    const many = await call(sb, '/v2/products/stocks', { stocks: Array.from({ length: 101 }, (_, i) => ({ product_id: products[0]!.product_id, warehouse_id: i, stock: 1 })) });
    expect(many.status).toBe(400);
    const r = await call(sb, '/v2/products/stocks', { stocks: [{ product_id: products[5]!.product_id, warehouse_id: 42, stock: 1 }] });
    expect(r.json.result[0]).toMatchObject({ updated: false, errors: [{ code: 'WAREHOUSE_NOT_FOUND' }] });
  });
});
