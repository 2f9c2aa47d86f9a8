import type { z } from 'zod';
import type { ChatMessageRow, ChatQuery, ChatRow, QuestionQuery, QuestionRow, ReviewQuery, ReviewRow, ThreadEntry } from '../../shared/ipc/service';
import { AppError } from '../core/errors';
import type { Cache } from './cache';
import { effectiveUnread } from './chat-reads';
import { fold, intOr0, parseJson, perCache, registerFold, productNameBySku, Stmts, strOr, strOrNull, type Row, type SqlArg } from './queries-shared';

const REVIEW_SORT = { publishedAt: 'x.published_at', rating: 'x.rating' } as const;
const QUESTION_SORT = { publishedAt: 'x.published_at', answersCount: "json_extract(x.server_json, '$.answersCount')" } as const;
/** statuses that still wait for the seller (Ozon: NEW; questions also UNPROCESSED) */
const OPEN_REVIEW = ['NEW'];
const OPEN_QUESTION = ['NEW', 'UNPROCESSED'];
/** Ozon chat user types of our side */
const SELLER_TYPES = new Set(['seller', 'seller_support']);

const inList = (n: number) => Array.from({ length: n }, () => '?').join(', ');
/** a chat's unread count as this computer shows it: 0 once read here (chat-reads.ts) */
const UNREAD = effectiveUnread('x');

/**
 * Customer-service reads over one or more stores (tables reviews,
 * review_comments, questions, question_answers, chats, chat_messages).
 * Text search is a substring match on the cached text (bounded by the store's
 * own reviews/questions, which are thousands, not millions).
 */
export class ServiceQueries {
  private readonly st: Stmts;
  constructor(cache: Cache) {
    this.st = new Stmts(cache);
    registerFold(cache);
  }

  summary(storeIds: string[]) {
    const s = inList(storeIds.length);
    const count = (sql: string, extra: SqlArg[]) => (this.st.get(sql).pluck().get(...storeIds, ...extra) as number | null) ?? 0;
    const distinct = (table: string) => (this.st.get(`SELECT DISTINCT status FROM ${table} WHERE store_id IN (${s}) ORDER BY status`).pluck().all(...storeIds) as string[]).filter(Boolean);
    return {
      reviewsNew: count(`SELECT COUNT(*) FROM reviews WHERE store_id IN (${s}) AND status IN (${inList(OPEN_REVIEW.length)})`, OPEN_REVIEW),
      questionsNew: count(`SELECT COUNT(*) FROM questions WHERE store_id IN (${s}) AND status IN (${inList(OPEN_QUESTION.length)})`, OPEN_QUESTION),
      chatsUnread: count(`SELECT COALESCE(SUM(${UNREAD}), 0) FROM chats x WHERE x.store_id IN (${s})`, []),
      reviewStatuses: distinct('reviews'),
      questionStatuses: distinct('questions'),
      chatStatuses: distinct('chats'),
    };
  }

  reviews(q: z.output<typeof ReviewQuery>): { rows: ReviewRow[]; total: number } {
    const where = [`x.store_id IN (${inList(q.storeIds.length)})`];
    const args: SqlArg[] = [...q.storeIds];
    if (q.ratings) {
      where.push(`x.rating IN (${inList(q.ratings.length)})`);
      args.push(...q.ratings);
    }
    if (q.status) {
      where.push('x.status = ?');
      args.push(q.status);
    }
    this.textFilter(q.search, where, args);
    const { rows, total } = this.window('reviews', where, args, REVIEW_SORT[q.sort?.field ?? 'publishedAt'], q.sort?.dir, q.limit, q.offset);
    return { total, rows: rows.map((r) => this.reviewRow(r.store_id, r.key, parseJson(r.server_json))) };
  }

  review(storeId: string, reviewId: string): { review: ReviewRow; comments: z.output<typeof ThreadEntry>[] } {
    const json = this.st.get('SELECT server_json FROM reviews WHERE store_id = ? AND key = ?').pluck().get(storeId, reviewId) as string | undefined;
    if (json === undefined) throw new AppError('NOT_FOUND');
    const comments = (
      this.st.get('SELECT server_json FROM review_comments WHERE store_id = ? AND review_id = ? ORDER BY published_at, key').pluck().all(storeId, reviewId) as string[]
    ).map((j) => {
      const c = parseJson(j);
      const mine = c.isOwner === true;
      return {
        id: strOr(c.commentId, ''),
        parentId: strOrNull(c.parentCommentId),
        text: strOr(c.text, ''),
        author: mine ? 'seller' : c.isOfficial === true ? 'ozon' : 'buyer',
        mine,
        official: c.isOfficial === true,
        at: strOrNull(c.publishedAt),
      };
    });
    return { review: this.reviewRow(storeId, reviewId, parseJson(json)), comments };
  }

  questions(q: z.output<typeof QuestionQuery>): { rows: QuestionRow[]; total: number } {
    const where = [`x.store_id IN (${inList(q.storeIds.length)})`];
    const args: SqlArg[] = [...q.storeIds];
    if (q.status) {
      where.push('x.status = ?');
      args.push(q.status);
    }
    this.textFilter(q.search, where, args);
    const { rows, total } = this.window('questions', where, args, QUESTION_SORT[q.sort?.field ?? 'publishedAt'], q.sort?.dir, q.limit, q.offset);
    return { total, rows: rows.map((r) => this.questionRow(r.store_id, r.key, parseJson(r.server_json))) };
  }

  question(storeId: string, questionId: string): { question: QuestionRow; answers: z.output<typeof ThreadEntry>[] } {
    const json = this.st.get('SELECT server_json FROM questions WHERE store_id = ? AND key = ?').pluck().get(storeId, questionId) as string | undefined;
    if (json === undefined) throw new AppError('NOT_FOUND');
    const answers = (
      this.st.get('SELECT server_json FROM question_answers WHERE store_id = ? AND question_id = ? ORDER BY published_at, key').pluck().all(storeId, questionId) as string[]
    ).map((j) => {
      const a = parseJson(j);
      return { id: strOr(a.answerId, ''), parentId: null, text: strOr(a.text, ''), author: strOr(a.authorName, ''), mine: true, official: false, at: strOrNull(a.publishedAt) };
    });
    return { question: this.questionRow(storeId, questionId, parseJson(json)), answers };
  }

  chats(q: z.output<typeof ChatQuery>): { rows: ChatRow[]; total: number } {
    const where = [`x.store_id IN (${inList(q.storeIds.length)})`];
    const args: SqlArg[] = [...q.storeIds];
    if (q.unreadOnly) where.push(`${UNREAD} > 0`);
    if (q.status) {
      where.push('x.status = ?');
      args.push(q.status);
    }
    const w = where.join(' AND ');
    const total = this.st.get(`SELECT COUNT(*) FROM chats x WHERE ${w}`).pluck().get(...args) as number;
    // unread first, then the most recent activity (last message, else the chat's creation)
    const rows = this.st
      .get(
        `SELECT x.store_id, x.key, x.server_json, ${UNREAD} AS unread, m.at AS last_at, m.n AS n,
                (SELECT server_json FROM chat_messages lm WHERE lm.store_id = x.store_id AND lm.chat_id = x.key ORDER BY lm.created_at DESC, lm.key DESC LIMIT 1) AS last_json
         FROM chats x LEFT JOIN (SELECT store_id, chat_id, MAX(created_at) AS at, COUNT(*) AS n FROM chat_messages GROUP BY store_id, chat_id) m
           ON m.store_id = x.store_id AND m.chat_id = x.key
         WHERE ${w} ORDER BY unread > 0 DESC, COALESCE(m.at, x.created_at) DESC, x.key LIMIT ? OFFSET ?`,
      )
      .all(...args, q.limit, q.offset) as { store_id: string; key: string; server_json: string; unread: number; last_at: string | null; n: number | null; last_json: string | null }[];
    return { total, rows: rows.map((r) => this.chatRow(r.store_id, r.key, parseJson(r.server_json), r.unread, r.last_at, r.n ?? 0, r.last_json)) };
  }

  chat(storeId: string, chatId: string, limit = 300): { chat: ChatRow; messages: ChatMessageRow[]; hasOlder: boolean } {
    const head = this.st.get(`SELECT x.server_json, ${UNREAD} AS unread FROM chats x WHERE x.store_id = ? AND x.key = ?`).get(storeId, chatId) as { server_json: string; unread: number } | undefined;
    if (head === undefined) throw new AppError('NOT_FOUND');
    const newest = this.st
      .get('SELECT server_json FROM chat_messages WHERE store_id = ? AND chat_id = ? ORDER BY created_at DESC, key DESC LIMIT ?')
      .pluck()
      .all(storeId, chatId, limit + 1) as string[];
    const hasOlder = newest.length > limit;
    const msgs = newest.slice(0, limit).reverse().map(parseJson);
    const messages = msgs.map((m) => ({
      messageId: strOr(m.messageId, '0'),
      userType: strOr(m.userType, ''),
      mine: SELLER_TYPES.has(strOr(m.userType, '').toLowerCase()),
      isRead: m.isRead === true,
      text: Array.isArray(m.text) ? m.text.map(String).join('\n') : strOr(m.text, ''),
      at: strOrNull(m.createdAt),
    }));
    const count = this.st.get('SELECT COUNT(*) FROM chat_messages WHERE store_id = ? AND chat_id = ?').pluck().get(storeId, chatId) as number;
    const last = msgs[msgs.length - 1] ?? null;
    const chat = this.chatRow(storeId, chatId, parseJson(head.server_json), head.unread, last ? strOrNull(last.createdAt) : null, count, last ? JSON.stringify(last) : null);
    return { chat, messages, hasOlder };
  }

  /** case-insensitive substring of the text (any script; the user's text is data, never a pattern), or the exact SKU */
  private textFilter(search: string | undefined, where: string[], args: SqlArg[]): void {
    const s = search?.trim();
    if (!s) return;
    where.push(`(instr(sd_fold(json_extract(x.server_json, '$.text')), ?) > 0 OR x.sku = ?)`);
    args.push(fold(s), s);
  }

  private window(table: 'reviews' | 'questions', where: string[], args: SqlArg[], col: string, dirIn: 'asc' | 'desc' | undefined, limit: number, offset: number) {
    const w = where.join(' AND ');
    const dir = (dirIn ?? 'desc') === 'desc' ? 'DESC' : 'ASC';
    const total = this.st.get(`SELECT COUNT(*) FROM ${table} x WHERE ${w}`).pluck().get(...args) as number;
    const rows = this.st
      .get(`SELECT x.store_id, x.key, x.server_json FROM ${table} x WHERE ${w} ORDER BY ${col} ${dir}, x.published_at DESC, x.key ${dir} LIMIT ? OFFSET ?`)
      .all(...args, limit, offset) as { store_id: string; key: string; server_json: string }[];
    return { rows, total };
  }

  private reviewRow(storeId: string, key: string, r: Row): ReviewRow {
    const sku = strOr(r.sku, '0');
    return {
      storeId,
      reviewId: strOr(r.reviewId, key),
      sku,
      productName: productNameBySku(this.st, storeId, sku),
      text: strOr(r.text, ''),
      rating: intOr0(r.rating),
      status: strOr(r.status, ''),
      orderStatus: strOr(r.orderStatus, ''),
      commentsAmount: intOr0(r.commentsAmount),
      photosAmount: intOr0(r.photosAmount),
      publishedAt: strOrNull(r.publishedAt),
    };
  }

  private questionRow(storeId: string, key: string, r: Row): QuestionRow {
    const sku = strOr(r.sku, '0');
    return {
      storeId,
      questionId: strOr(r.questionId, key),
      sku,
      productName: productNameBySku(this.st, storeId, sku),
      text: strOr(r.text, ''),
      authorName: strOr(r.authorName, ''),
      status: strOr(r.status, ''),
      answersCount: intOr0(r.answersCount),
      publishedAt: strOrNull(r.publishedAt),
    };
  }

  private chatRow(storeId: string, key: string, c: Row, unread: number, lastAt: string | null, n: number, lastJson: string | null): ChatRow {
    const last = lastJson ? parseJson(lastJson) : null;
    const text = last ? (Array.isArray(last.text) ? last.text.map(String).join(' ') : strOr(last.text, '')) : null;
    return {
      storeId,
      chatId: strOr(c.chatId, key),
      chatType: strOr(c.chatType, ''),
      chatStatus: strOr(c.chatStatus, ''),
      unreadCount: intOr0(unread),
      createdAt: strOrNull(c.createdAt),
      lastMessageAt: lastAt,
      lastMessageText: text ? text.slice(0, 300) : null,
      messagesCount: n,
    };
  }
}

export const serviceQueries = perCache((cache) => new ServiceQueries(cache));
