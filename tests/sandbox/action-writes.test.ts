/**
 * The write methods the export runner's action kinds use, as Ozon behaves:
 * ship only from awaiting_packaging, cancel only with an available reason and
 * from a cancellable state, comments/answers get ids and appear in their
 * lists, a chat message is appended to the history, activate/deactivate
 * reject per product inside HTTP 200 (e.g. action price above
 * max_action_price). Every request and response (200 and error) validates
 * against Ozon's official schemas.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/sandbox/index';
import { validateRequest, validateResponse } from './openapi';
import { boot, call } from './helpers';

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await boot({ rateLimits: false, seed: 21, historyDays: 9, ordersPerDay: 80 });
  sb.control.setMarket({ shipFailRate: 0 });
}, 60_000);
afterAll(async () => sb?.close());

/** calls `path`, checks the request and the response (at `status`) against the spec */
async function checked(path: string, body: unknown, status = 200): Promise<any> {
  expect(validateRequest(path, body), path).toEqual([]);
  const r = await call(sb, path, body);
  expect(r.status, `${path} ${r.text.slice(0, 300)}`).toBe(status);
  expect(validateResponse(path, status, r.json), path).toEqual([]);
  return r.json;
}

const fbs = (n: number): string[] => sb.control.createPostings(sb.stores[0]!.clientId, n, 'fbs');
const posting = async (pn: string): Promise<any> => (await checked('/v3/posting/fbs/get', { posting_number: pn })).result;
const packages = (p: any) => [{ products: p.products.map((x: { sku: number; quantity: number }) => ({ product_id: x.sku, quantity: x.quantity })) }];

describe('FBS ship and cancel', () => {
  it('ship moves awaiting_packaging → awaiting_deliver once; a second ship and a ship of a cancelled posting are refused', async () => {
    const [pn, other] = fbs(2);
    const p = await posting(pn!);
    expect((await checked('/v4/posting/fbs/ship', { posting_number: pn, packages: packages(p) })).result).toEqual([pn]);
    expect((await posting(pn!)).status).toBe('awaiting_deliver');
    const again = await checked('/v4/posting/fbs/ship', { posting_number: pn, packages: packages(p) }, 400);
    expect(again.message).toBe('POSTING_ALREADY_SHIPPED');
    await checked('/v2/posting/fbs/cancel', { posting_number: other, cancel_reason_id: 352 });
    expect((await posting(other!)).status).toBe('cancelled');
    const q = await posting(other!);
    const refused = await checked('/v4/posting/fbs/ship', { posting_number: other, packages: packages(q) }, 400);
    expect(refused.message).toBe('POSTING_ALREADY_CANCELLED');
  });

  it('cancel: only reasons available for cancellation, 402 needs a message, never twice', async () => {
    const reasons = (await checked('/v2/posting/fbs/cancel-reason/list', {})).result as { id: number; is_available_for_cancellation: boolean }[];
    const closed = reasons.find((r) => !r.is_available_for_cancellation)!;
    const [pn] = fbs(1);
    expect((await checked('/v2/posting/fbs/cancel', { posting_number: pn, cancel_reason_id: closed.id }, 400)).message).toBe('HAS_INCORRECT_CANCEL_REASON');
    expect((await checked('/v2/posting/fbs/cancel', { posting_number: pn, cancel_reason_id: 402 }, 400)).message).toMatch(/402/);
    expect((await checked('/v2/posting/fbs/cancel', { posting_number: pn, cancel_reason_id: 402, cancel_reason_message: 'Нет в наличии' })).result).toBe(true);
    expect((await checked('/v2/posting/fbs/cancel', { posting_number: pn, cancel_reason_id: 352 }, 400)).message).toBe('POSTING_ALREADY_CANCELLED');
  });
});

describe('feedback writes appear in the lists', () => {
  it('a review comment gets an id and is listed as the seller’s; a question answer is listed; a chat message is appended', async () => {
    const review = (await checked('/v2/review/list', { limit: 20 })).reviews[0];
    const c = await checked('/v1/review/comment/create', { review_id: review.id, text: 'Благодарим за отзыв!' });
    const list = (await checked('/v1/review/comment/list', { review_id: review.id, limit: 100, offset: 0 })).comments;
    expect(list.find((x: any) => x.id === c.comment_id)).toMatchObject({ text: 'Благодарим за отзыв!', is_owner: true });

    const q = (await checked('/v1/question/list', { limit: 10, filter: { status: 'ALL' } })).questions[0];
    const a = await checked('/v1/question/answer/create', { question_id: q.id, sku: q.sku, text: 'Да, подходит.' });
    const answers = (await checked('/v1/question/answer/list', { question_id: q.id, sku: q.sku })).answers;
    expect(answers.find((x: any) => x.id === a.answer_id)).toMatchObject({ text: 'Да, подходит.' });

    const chat = (await checked('/v3/chat/list', { limit: 10, filter: { chat_status: 'Opened' } })).chats[0].chat.chat_id;
    expect((await checked('/v1/chat/send/message', { chat_id: chat, text: 'Заказ передан в доставку.' })).result).toBe('success');
    const history = (await checked('/v3/chat/history', { chat_id: chat, direction: 'Backward', limit: 1 })).messages;
    expect(history[0]).toMatchObject({ data: ['Заказ передан в доставку.'], user: { type: 'Seller' } });
  });

  it('unknown targets are 404 with Ozon’s error body', async () => {
    await checked('/v1/review/comment/create', { review_id: 'nope', text: 'x' }, 404);
    await checked('/v1/chat/send/message', { chat_id: 'nope', text: 'x' }, 404);
  });
});

describe('promotion participation', () => {
  it('activate rejects per product inside 200 (price above max_action_price); deactivate rejects a product not participating', async () => {
    const actions = (await call(sb, '/v1/actions', undefined, { method: 'GET' })).json.result;
    const actionId = actions[0].id;
    const cands = (await checked('/v1/actions/candidates', { action_id: actionId, limit: 100 })).result.products.filter((p: any) => p.max_action_price + 1 < p.price);
    const [ok, over] = cands;
    const r = await checked('/v1/actions/products/activate', {
      action_id: actionId,
      products: [
        { product_id: ok.id, action_price: ok.max_action_price, stock: 3 },
        { product_id: over.id, action_price: over.max_action_price + 1 },
      ],
    });
    expect(r.result.product_ids).toEqual([ok.id]);
    expect(r.result.rejected).toEqual([{ product_id: over.id, reason: expect.stringMatching(/max_action_price/) }]);
    const listed = (await checked('/v1/actions/products', { action_id: actionId, limit: 1000 })).result.products;
    expect(listed.find((p: any) => p.id === ok.id)).toMatchObject({ action_price: ok.max_action_price, stock: 3 });
    const d = await checked('/v1/actions/products/deactivate', { action_id: actionId, product_ids: [ok.id, over.id] });
    expect(d.result.product_ids).toEqual([ok.id]);
    expect(d.result.rejected).toEqual([{ product_id: over.id, reason: expect.any(String) }]);
  });
});
