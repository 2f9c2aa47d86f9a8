/** Asynchronous product import: task_id → pending → imported/failed after simulated time. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/sandbox/index';
import { boot, call } from './helpers';

let sb: RunningSandbox;
let cat: { description_category_id: number; children: { type_id: number; type_name: string }[] };
beforeAll(async () => {
  sb = await boot({ products: 10, historyDays: 0, rateLimits: false });
  cat = (await call(sb, '/v1/description-category/tree', {})).json.result[1].children[0];
});
afterAll(async () => sb?.close());

const item = (offer: string, over: Record<string, unknown> = {}): Record<string, unknown> => ({
  offer_id: offer,
  name: 'Кружка керамическая Домовита 400 мл, белая',
  description_category_id: cat.description_category_id,
  type_id: cat.children[0]!.type_id,
  price: '690',
  old_price: '890',
  vat: '0.2',
  currency_code: 'RUB',
  depth: 120,
  width: 95,
  height: 105,
  dimension_unit: 'mm',
  weight: 380,
  weight_unit: 'g',
  images: ['https://cdn1.ozone-sandbox.test/s3/multimedia-1-a/1.jpg'],
  attributes: [
    { id: 85, complex_id: 0, values: [{ value: 'Домовита' }] },
    { id: 8229, complex_id: 0, values: [{ value: cat.children[0]!.type_name }] },
    { id: 9048, complex_id: 0, values: [{ value: 'KR-NEW-1' }] },
    { id: 4191, complex_id: 0, values: [{ value: 'Новая кружка для чая.' }] },
  ],
  ...over,
});

describe('product import', () => {
  it('pending until processed, then imported / failed with per-item errors; results visible to reads', async () => {
    const before = (await call(sb, '/v4/product/info/limit')).json;
    const r = await call(sb, '/v3/product/import', { items: [item('NEW-OK-1'), item('NEW-BAD-1', { weight: 0, attributes: [] })] });
    expect(r.status).toBe(200);
    const taskId = r.json.result.task_id;
    const pending = (await call(sb, '/v1/product/import/info', { task_id: taskId })).json.result;
    expect(pending.items.map((i: { status: string }) => i.status)).toEqual(['pending', 'pending']);
    expect((await call(sb, '/v3/product/info/list', { offer_id: ['NEW-OK-1'] })).json.items).toHaveLength(0);

    await sb.advance(120);
    const done = (await call(sb, '/v1/product/import/info', { task_id: taskId })).json.result;
    expect(done.total).toBe(2);
    const [ok, bad] = done.items;
    expect(ok).toMatchObject({ offer_id: 'NEW-OK-1', status: 'imported', errors: [] });
    expect(ok.product_id).toBeGreaterThan(0);
    expect(bad.status).toBe('failed');
    expect(bad.errors.map((e: { code: string }) => e.code)).toEqual(expect.arrayContaining(['missing_weight', 'required_attribute_missing']));

    const info = (await call(sb, '/v3/product/info/list', { offer_id: ['NEW-OK-1'] })).json.items[0];
    expect(info).toMatchObject({ id: ok.product_id, name: 'Кружка керамическая Домовита 400 мл, белая', price: '690.00' });
    const desc = (await call(sb, '/v1/product/info/description', { offer_id: 'NEW-OK-1' })).json.result;
    expect(desc.description).toBe('Новая кружка для чая.');
    const after = (await call(sb, '/v4/product/info/limit')).json;
    expect(after.daily_create.usage).toBe(before.daily_create.usage + 2);
  });

  it('re-importing an existing offer_id updates the card (counts as an update)', async () => {
    const r = await call(sb, '/v3/product/import', { items: [item('NEW-OK-1', { price: '650' })] });
    await sb.advance(120);
    expect((await call(sb, '/v1/product/import/info', { task_id: r.json.result.task_id })).json.result.items[0].status).toBe('imported');
    expect((await call(sb, '/v3/product/info/list', { offer_id: ['NEW-OK-1'] })).json.items[0].price).toBe('650.00');
    expect((await call(sb, '/v4/product/info/limit')).json.daily_update.usage).toBeGreaterThanOrEqual(1);
  });

  it('more than 100 items → 400; attributes/update is a task too', async () => {
    const many = await call(sb, '/v3/product/import', { items: Array.from({ length: 101 }, (_, i) => item(`X-${i}`)) });
    expect(many.status).toBe(400);
    expect(many.json.message).toBe('invalid ImportProductsV3Request.Items: value must contain no more than 100 item(s)');
    const upd = await call(sb, '/v1/product/attributes/update', { items: [{ offer_id: 'NEW-OK-1', attributes: [{ id: 9048, complex_id: 0, values: [{ value: 'KR-NEW-2' }] }] }] });
    await sb.advance(120);
    expect((await call(sb, '/v1/product/import/info', { task_id: upd.json.task_id })).json.result.items[0].status).toBe('imported');
    const attrs = (await call(sb, '/v4/product/info/attributes', { filter: { offer_id: ['NEW-OK-1'] }, limit: 1 })).json.result[0].attributes;
    expect(attrs.find((a: { id: number }) => a.id === 9048).values[0].value).toBe('KR-NEW-2');
  });
});
