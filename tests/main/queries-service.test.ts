import { describe, expect, it } from 'vitest';
import type { Cache } from '../../src/main/cache/cache';
import { serviceQueries } from '../../src/main/cache/queries-service';
import { AppError } from '../../src/main/core/errors';
import type { Change } from '../../src/shared/sync/protocol';
import { ChatQuery, QuestionQuery, ReviewQuery } from '../../src/shared/ipc/service';
import { tempCaches } from './cache-fixture';
import { change, currentSeq, product, resetSeq } from './sync-fixtures';
import { answer, chat, message, question, review, reviewComment } from './workstation-fixtures';

const { open } = tempCaches('q-service');

const A = 'st_1';
const B = 'st_2';
/** a change of store B (the fixtures' change() writes store st_1) */
const inB = (c: Change): Change => ({ ...c, storeId: B, row: c.row ? { ...(c.row as object), storeId: B } : null });

function filled(): Cache {
  resetSeq();
  const c = open();
  c.applyPage(
    [
      change('product', '100001', product(1)),
      change('review', 'r1', review('r1', { rating: 5, status: 'NEW', publishedAt: '2026-01-05T10:00:00.000Z' })),
      change('review', 'r2', review('r2', { rating: 1, status: 'PROCESSED', text: 'Пришла разбитая 100% брак', commentsAmount: 2, publishedAt: '2026-01-06T10:00:00.000Z' })),
      change('review', 'r3', review('r3', { rating: 3, status: 'NEW', text: '', sku: '900000099', publishedAt: '2026-01-07T10:00:00.000Z' })),
      inB(change('review', 'r4', review('r4', { rating: 4, status: 'NEW', publishedAt: '2026-01-08T10:00:00.000Z' }))),
      change('review_comment', 'c1', reviewComment('c1', 'r2', { isOwner: false, text: 'Очень жаль', publishedAt: '2026-01-06T11:00:00.000Z' })),
      change('review_comment', 'c2', reviewComment('c2', 'r2', { parentCommentId: 'c1', publishedAt: '2026-01-06T12:00:00.000Z' })),
      change('question', 'q1', question('q1')),
      change('question', 'q2', question('q2', { status: 'PROCESSED', answersCount: 1, text: 'Какой объём?', publishedAt: '2026-01-07T10:00:00.000Z' })),
      change('question_answer', 'a1', answer('a1', 'q2')),
      change('chat', 'ch1', chat('ch1', { unreadCount: 0, createdAt: '2026-01-01T09:00:00.000Z' })),
      change('chat', 'ch2', chat('ch2', { unreadCount: 2, createdAt: '2026-01-02T09:00:00.000Z' })),
      change('chat', 'ch3', chat('ch3', { chatStatus: 'CLOSED', chatType: 'SELLER_SUPPORT', createdAt: '2026-01-09T09:00:00.000Z' })),
      change('chat_message', 'ch1:11', message('ch1', '11', '2026-01-03T10:00:00.000Z', 'Customer', 'Здравствуйте')),
      change('chat_message', 'ch1:12', message('ch1', '12', '2026-01-08T10:00:00.000Z', 'Seller', 'Добрый день')),
      change('chat_message', 'ch2:21', message('ch2', '21', '2026-01-04T10:00:00.000Z', 'Customer', 'Где заказ?')),
    ],
    currentSeq(),
  );
  return c;
}

const rq = (over: Record<string, unknown> = {}) => ReviewQuery.parse({ storeIds: [A], offset: 0, limit: 50, ...over });

describe('customer service queries', () => {
  it('summary counts open reviews/questions and unread chats over the chosen stores', () => {
    const s = serviceQueries(filled());
    expect(s.summary([A])).toEqual({
      reviewsNew: 2,
      questionsNew: 1,
      chatsUnread: 2,
      reviewStatuses: ['NEW', 'PROCESSED'],
      questionStatuses: ['NEW', 'PROCESSED'],
      chatStatuses: ['CLOSED', 'OPENED'],
    });
    expect(s.summary([A, B]).reviewsNew).toBe(3);
    expect(s.summary(['st_none']).reviewsNew).toBe(0);
  });

  it('reviews: newest first, rating and status filters, text search with wildcards as text, several stores', () => {
    const s = serviceQueries(filled());
    expect(s.reviews(rq()).rows.map((r) => r.reviewId)).toEqual(['r3', 'r2', 'r1']);
    expect(s.reviews(rq({ ratings: [1, 3] })).rows.map((r) => r.reviewId)).toEqual(['r3', 'r2']);
    expect(s.reviews(rq({ status: 'NEW' })).total).toBe(2);
    expect(s.reviews(rq({ search: 'РАЗБИТАЯ' })).rows.map((r) => r.reviewId)).toEqual(['r2']);
    expect(s.reviews(rq({ search: '100%' })).rows.map((r) => r.reviewId)).toEqual(['r2']);
    expect(s.reviews(rq({ search: '%' })).rows.map((r) => r.reviewId)).toEqual(['r2']);
    expect(s.reviews(rq({ search: '900000099' })).rows.map((r) => r.reviewId)).toEqual(['r3']);
    expect(s.reviews(rq({ sort: { field: 'rating', dir: 'asc' } })).rows.map((r) => r.rating)).toEqual([1, 3, 5]);
    const both = s.reviews(rq({ storeIds: [A, B] }));
    expect(both.rows.map((r) => `${r.storeId}/${r.reviewId}`)).toEqual(['st_2/r4', 'st_1/r3', 'st_1/r2', 'st_1/r1']);
    expect(both.rows.find((r) => r.reviewId === 'r1')!.productName).toBe('Футболка хлопок 1');
  });

  it('review detail: the comment thread in order, ours marked', () => {
    const s = serviceQueries(filled());
    const d = s.review(A, 'r2');
    expect(d.review.commentsAmount).toBe(2);
    expect(d.comments.map((c) => [c.id, c.parentId, c.mine, c.author])).toEqual([
      ['c1', null, false, 'buyer'],
      ['c2', 'c1', true, 'seller'],
    ]);
    expect(() => s.review(B, 'r2')).toThrow(AppError);
  });

  it('questions with answers', () => {
    const s = serviceQueries(filled());
    const list = s.questions(QuestionQuery.parse({ storeIds: [A], offset: 0, limit: 10 }));
    expect(list.rows.map((r) => r.questionId)).toEqual(['q2', 'q1']);
    expect(s.questions(QuestionQuery.parse({ storeIds: [A], status: 'NEW', offset: 0, limit: 10 })).rows.map((r) => r.questionId)).toEqual(['q1']);
    expect(s.questions(QuestionQuery.parse({ storeIds: [A], search: 'объём', offset: 0, limit: 10 })).rows.map((r) => r.questionId)).toEqual(['q2']);
    expect(s.question(A, 'q2').answers).toEqual([{ id: 'a1', parentId: null, text: 'Да, можно.', author: 'Магазин', mine: true, official: false, at: '2026-01-06T11:00:00.000Z' }]);
    expect(s.question(A, 'q1').answers).toEqual([]);
    expect(() => s.question(A, 'nope')).toThrow(AppError);
  });

  it('chats: unread first, then by last activity; last message and counts; unread and status filters', () => {
    const s = serviceQueries(filled());
    const cq = (over: Record<string, unknown> = {}) => ChatQuery.parse({ storeIds: [A], offset: 0, limit: 10, ...over });
    const all = s.chats(cq());
    expect(all.rows.map((r) => r.chatId)).toEqual(['ch2', 'ch3', 'ch1']);
    expect(all.rows[0]).toMatchObject({ unreadCount: 2, lastMessageText: 'Где заказ?', messagesCount: 1, lastMessageAt: '2026-01-04T10:00:00.000Z' });
    expect(all.rows[1]).toMatchObject({ messagesCount: 0, lastMessageText: null, lastMessageAt: null });
    expect(all.rows[2]).toMatchObject({ lastMessageText: 'Добрый день', messagesCount: 2 });
    expect(s.chats(cq({ unreadOnly: true })).rows.map((r) => r.chatId)).toEqual(['ch2']);
    expect(s.chats(cq({ status: 'CLOSED' })).rows.map((r) => r.chatId)).toEqual(['ch3']);
  });

  it('chat history: oldest first, ours marked, the newest `limit` with hasOlder', () => {
    const s = serviceQueries(filled());
    const h = s.chat(A, 'ch1');
    expect(h.messages.map((m) => [m.messageId, m.mine, m.text])).toEqual([
      ['11', false, 'Здравствуйте'],
      ['12', true, 'Добрый день'],
    ]);
    expect(h.hasOlder).toBe(false);
    const one = s.chat(A, 'ch1', 1);
    expect(one.messages.map((m) => m.messageId)).toEqual(['12']);
    expect(one.hasOlder).toBe(true);
    expect(() => s.chat(A, 'missing')).toThrow(AppError);
  });
});
