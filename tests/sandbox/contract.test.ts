/**
 * Contract: every implemented endpoint's request (as our tests send it) and
 * response (200 and the errors the sandbox emits) validate against Ozon's
 * official OpenAPI schemas, in strict mode (no undeclared fields).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/sandbox/index';
import { validateRequest, validateResponse } from './openapi';
import { boot, call, since, until } from './helpers';

let sb: RunningSandbox;
const ids: Record<string, any> = {};

beforeAll(async () => {
  sb = await boot({ rateLimits: false, seed: 11, historyDays: 9, ordersPerDay: 120 });
  const list = await call(sb, '/v3/product/list', { limit: 5 });
  ids.productIds = list.json.result.items.map((i: { product_id: number }) => i.product_id);
  ids.offerIds = list.json.result.items.map((i: { offer_id: string }) => i.offer_id);
  const info = await call(sb, '/v3/product/info/list', { product_id: ids.productIds.map(String) });
  ids.skus = info.json.items.map((i: { sku: number }) => i.sku);
  ids.warehouses = (await call(sb, '/v2/warehouse/list', { limit: 10 })).json.warehouses.map((w: { warehouse_id: number }) => w.warehouse_id);
  const tree = (await call(sb, '/v1/description-category/tree', {})).json.result;
  const sub = tree[0].children[0];
  ids.category = sub.description_category_id;
  ids.type = sub.children[0].type_id;
  ids.fbs = sb.control.createPostings(sb.stores[0]!.clientId, 3, 'fbs');
  await sb.advance(60);
}, 60_000);
afterAll(async () => sb?.close());

type Case = [path: string, body: () => unknown, method?: 'post' | 'get'];
const cases: Case[] = [
  ['/v1/roles', () => ({})],
  ['/v1/seller/info', () => ({})],
  ['/v2/warehouse/list', () => ({ limit: 50 })],
  ['/v1/description-category/tree', () => ({ language: 'DEFAULT' })],
  ['/v1/description-category/attribute', () => ({ description_category_id: ids.category, type_id: ids.type, language: 'DEFAULT' })],
  ['/v1/description-category/attribute/values', () => ({ attribute_id: 85, description_category_id: ids.category, type_id: ids.type, limit: 50, last_value_id: 0, language: 'DEFAULT' })],
  ['/v3/product/list', () => ({ filter: { visibility: 'ALL' }, last_id: '', limit: 10 })],
  ['/v3/product/info/list', () => ({ product_id: ids.productIds.map(String) })],
  ['/v4/product/info/attributes', () => ({ filter: { product_id: ids.productIds.map(String), visibility: 'ALL' }, limit: 10, sort_dir: 'ASC' })],
  ['/v1/product/info/description', () => ({ product_id: ids.productIds[0] })],
  ['/v4/product/info/limit', () => undefined],
  ['/v5/product/info/prices', () => ({ filter: { visibility: 'ALL' }, limit: 10, cursor: '' })],
  ['/v1/product/import/prices', () => ({ prices: [{ offer_id: ids.offerIds[0], price: '999', old_price: '1499', currency_code: 'RUB' }] })],
  ['/v4/product/info/stocks', () => ({ filter: { visibility: 'ALL' }, limit: 10, cursor: '' })],
  ['/v2/products/stocks', () => ({ stocks: [{ offer_id: ids.offerIds[1], product_id: ids.productIds[1], stock: 7, warehouse_id: ids.warehouses[0] }] })],
  ['/v2/product/info/stocks-by-warehouse/fbs', () => ({ limit: 20, sku: ids.skus.map(String) })],
  ['/v4/posting/fbs/list', () => ({ filter: { since, to: until }, limit: 20, with: { analytics_data: true, financial_data: true, barcodes: true } })],
  ['/v4/posting/fbs/unfulfilled/list', () => ({ filter: { cutoff_from: since, cutoff_to: until }, limit: 20, with: { analytics_data: true, financial_data: true } })],
  ['/v3/posting/fbs/get', () => ({ posting_number: ids.fbs[0], with: { analytics_data: true, financial_data: true, barcodes: true, related_postings: true } })],
  ['/v2/posting/fbs/cancel-reason/list', () => undefined],
  ['/v3/posting/fbo/list', () => ({ filter: { since, to: until }, limit: 20, with: { analytics_data: true, financial_data: true } })],
  ['/v1/returns/list', () => ({ limit: 50, filter: { logistic_return_date: { time_from: since, time_to: until } } })],
  ['/v1/actions', () => undefined, 'get'],
  ['/v2/review/list', () => ({ limit: 50, sort_dir: 'DESC', filters: { status: 'ALL' } })],
  ['/v1/question/list', () => ({ limit: 10, filter: { status: 'ALL' } })],
  ['/v3/chat/list', () => ({ limit: 30, filter: { chat_status: 'All' } })],
  ['/v1/finance/accrual/types', () => undefined],
  ['/v1/finance/accrual/by-day', () => ({ date: '2026-06-14', last_id: '' })],
  ['/v1/analytics/data', () => ({ date_from: '2026-06-01', date_to: '2026-06-16', dimension: ['sku', 'day'], metrics: ['revenue', 'ordered_units'], limit: 100, offset: 0 })],
];

describe('contract: 200 responses match the official schemas', () => {
  it.each(cases)('%s', async (path, body, method = 'post') => {
    const b = body();
    if (b !== undefined) expect(validateRequest(path, b, { method })).toEqual([]);
    const r = await call(sb, path, b, { method: method === 'get' ? 'GET' : 'POST' });
    expect(r.status, r.text.slice(0, 300)).toBe(200);
    expect(validateResponse(path, 200, r.json, { method })).toEqual([]);
    // validation must have seen real rows, not empty lists
    const rows = r.json.postings ?? r.json.returns ?? r.json.reviews ?? r.json.questions ?? r.json.chats ?? r.json.items ?? r.json.accruals ?? r.json.accrual_types ?? r.json.result?.items;
    if (rows !== undefined) expect(rows.length, `${path} returned no rows`).toBeGreaterThan(0);
  });

  it('flows needing live ids: actions, reviews, questions, chats, ship, cancel, label, import, archive', async () => {
    const check = async (path: string, body: unknown): Promise<any> => {
      expect(validateRequest(path, body), path).toEqual([]);
      const r = await call(sb, path, body);
      expect(r.status, `${path} ${r.text.slice(0, 300)}`).toBe(200);
      expect(validateResponse(path, 200, r.json), path).toEqual([]);
      return r.json;
    };
    const actions = (await call(sb, '/v1/actions', undefined, { method: 'GET' })).json.result;
    const actionId = actions[0].id;
    const cands = await check('/v1/actions/candidates', { action_id: actionId, limit: 10 });
    const p = cands.result.products[0];
    await check('/v1/actions/products/activate', { action_id: actionId, products: [{ product_id: p.id, action_price: Math.floor(p.price * 0.8) }] });
    await check('/v1/actions/products', { action_id: actionId, limit: 10 });
    await check('/v1/actions/products/deactivate', { action_id: actionId, product_ids: [p.id] });

    const reviews = (await call(sb, '/v2/review/list', { limit: 20 })).json.reviews;
    expect(reviews.length).toBeGreaterThan(0);
    const created = await check('/v1/review/comment/create', { review_id: reviews[0].id, text: 'Спасибо за отзыв!', mark_review_as_processed: true });
    expect(created.comment_id).toBeTruthy();
    await check('/v1/review/comment/list', { review_id: reviews[0].id, limit: 20, offset: 0, sort_dir: 'ASC' });
    expect(validateRequest('/v2/review/change-status', { review_ids: [reviews[0].id], status: 'VIEWED' })).toEqual([]);
    const cs = await call(sb, '/v2/review/change-status', { review_ids: [reviews[0].id], status: 'VIEWED' });
    expect(cs.status).toBe(200);
    expect(validateResponse('/v2/review/change-status', 200, cs.json)).toEqual([]);

    const questions = (await call(sb, '/v1/question/list', { limit: 10 })).json.questions;
    expect(questions.length).toBeGreaterThan(0);
    const q = questions[0];
    await check('/v1/question/answer/create', { question_id: q.id, sku: q.sku, text: 'Да, есть другие цвета.' });
    await check('/v1/question/answer/list', { question_id: q.id, sku: q.sku });

    const chats = (await call(sb, '/v3/chat/list', { limit: 30 })).json.chats;
    expect(chats.length).toBeGreaterThan(0);
    const chatId = chats[0].chat.chat_id;
    await check('/v3/chat/history', { chat_id: chatId, direction: 'Backward', limit: 50 });
    await check('/v1/chat/send/message', { chat_id: chatId, text: 'Здравствуйте! Заказ уже в пути.' });
    await check('/v2/chat/read', { chat_id: chatId });

    const posting = (await call(sb, '/v3/posting/fbs/get', { posting_number: ids.fbs[1] })).json.result;
    sb.control.setMarket({ shipFailRate: 0 });
    await check('/v4/posting/fbs/ship', { posting_number: posting.posting_number, packages: [{ products: posting.products.map((x: { sku: number; quantity: number }) => ({ product_id: x.sku, quantity: x.quantity })) }], with: { additional_data: true } });
    await sb.advance(60);
    expect(validateRequest('/v2/posting/fbs/package-label', { posting_number: [posting.posting_number] })).toEqual([]);
    const label = await call(sb, '/v2/posting/fbs/package-label', { posting_number: [posting.posting_number] });
    expect(label.status).toBe(200);
    expect(label.headers.get('content-type')).toBe('application/pdf');
    expect(validateResponse('/v2/posting/fbs/package-label', 200, label.raw)).toEqual([]);
    await check('/v2/posting/fbs/cancel', { posting_number: ids.fbs[2], cancel_reason_id: 352, cancel_reason_message: '' });

    const imp = await check('/v3/product/import', {
      items: [
        {
          offer_id: 'CONTRACT-1', name: 'Кружка керамическая тестовая 350 мл, белая', description_category_id: ids.category, type_id: ids.type, price: '590', old_price: '790', vat: '0.2',
          currency_code: 'RUB', depth: 100, width: 90, height: 110, dimension_unit: 'mm', weight: 350, weight_unit: 'g', images: [], primary_image: '',
          attributes: [{ id: 85, complex_id: 0, values: [{ dictionary_value_id: 0, value: 'Нет бренда' }] }, { id: 8229, complex_id: 0, values: [{ dictionary_value_id: 0, value: 'Кружка' }] }, { id: 9048, complex_id: 0, values: [{ value: 'KR-T1' }] }],
        },
      ],
    });
    await check('/v1/product/import/info', { task_id: imp.result.task_id });
    const upd = await check('/v1/product/attributes/update', { items: [{ offer_id: ids.offerIds[2], attributes: [{ id: 9048, complex_id: 0, values: [{ value: 'NEW-MODEL' }] }] }] });
    expect(upd.task_id).toBeGreaterThan(0);
    const text = await check('/v1/product/attributes/update', {
      items: [{ offer_id: ids.offerIds[2], attributes: [{ id: 4180, complex_id: 0, values: [{ value: 'Новое название' }] }, { id: 4191, complex_id: 0, values: [{ value: '' }] }] }, { offer_id: ids.offerIds[3], attributes: [{ id: 4180, complex_id: 0, values: [{ value: ' ' }] }] }],
    });
    await sb.advance(120);
    const done = await check('/v1/product/import/info', { task_id: text.task_id });
    expect(done.result.items.map((i: { status: string }) => i.status)).toEqual(['imported', 'failed']);
    await check('/v1/product/archive', { product_id: [ids.productIds[3]] });
    await check('/v1/product/unarchive', { product_id: [ids.productIds[3]] });
  }, 60_000);
});

describe('contract: error responses match the declared error schemas', () => {
  it('400 strict JSON, 401/403 auth, 404 not found, question-style error', async () => {
    const bad = await call(sb, '/v3/product/list', '{"limit": [1]}');
    expect(bad.status).toBe(400);
    expect(validateResponse('/v3/product/list', 400, bad.json)).toEqual([]);
    const unauth = await call(sb, '/v3/product/list', { limit: 1 }, { headers: { 'Api-Key': '' } });
    expect(unauth.status).toBe(401);
    expect(validateResponse('/v3/product/list', 401, unauth.json)).toEqual([]);
    const forbidden = await call(sb, '/v3/product/list', { limit: 1 }, { headers: { 'Api-Key': 'nope' } });
    expect(forbidden.status).toBe(403);
    expect(validateResponse('/v3/product/list', 403, forbidden.json)).toEqual([]);
    const nf = await call(sb, '/v3/posting/fbs/get', { posting_number: '0000000000-0000-1' });
    expect(nf.status).toBe(404);
    expect(validateResponse('/v3/posting/fbs/get', 404, nf.json)).toEqual([]);
    const qerr = await call(sb, '/v1/question/answer/create', { question_id: 'x', sku: 1, text: 'x' });
    expect(qerr.status).toBe(400);
    expect(validateResponse('/v1/question/answer/create', 400, qerr.json)).toEqual([]);
  });

  it('429 body validates', async () => {
    const limited = await boot({ seed: 3, products: 10, historyDays: 0 });
    try {
      const body = { date_from: '2026-06-01', date_to: '2026-06-02', dimension: ['day'], metrics: ['revenue'], limit: 1 };
      expect((await call(limited, '/v1/analytics/data', body)).status).toBe(200);
      const r = await call(limited, '/v1/analytics/data', body);
      expect(r.status).toBe(429);
      expect(validateResponse('/v1/analytics/data', 429, r.json)).toEqual([]);
    } finally {
      await limited.close();
    }
  });
});
