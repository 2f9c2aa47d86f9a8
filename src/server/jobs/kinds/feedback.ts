/**
 * review_reply → /v1/review/comment/create, question_answer →
 * /v1/question/answer/create, chat_message → /v1/chat/send/message: one
 * command a request (batchSize 1; the lane loops without sleeping, paced only
 * by the 50 req/s limiter). Each write CREATES an object on Ozon and Ozon has
 * no idempotency key, so the read-back identifies "our" object:
 *
 *   same text (trimmed), written by the seller, created after the item was
 *   sent (minus CLOCK_SLACK_MS), and not already claimed by another item of
 *   the same kind and target (its id is in that item's stored readback).
 *
 * A 'sending' item left by a crash is read back before anything is resent:
 * when Ozon already shows the reply it is applied and never sent twice.
 * Read-backs: /v1/review/comment/list (offset pages), /v1/question/answer/list
 * (last_id pages; Ozon lists only answers, the seller's own for the seller),
 * /v3/chat/history (newest first, until messages older than the send).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { OzonClient } from '../../ozon/client';
import { isOzonError } from '../../ozon/errors';
import { chatHistory } from '../../ozon/endpoints/chats';
import { allAnswers, allReviewComments } from '../../ozon/endpoints/feedback';
import { createQuestionAnswer, createReviewComment, sendChatMessage } from '../../ozon/endpoints/feedback-actions';
import type { ExportKind, ExportValuesByKind } from '../enqueue';
import type { ItemRow } from '../settle';
import { CLOCK_SLACK_MS, createdAfter, noHolds, payloadOf, refusal, retryHold } from './action-common';
import type { ItemResult, KindHandler, ReadBack } from './types';

/** what Ozon shows of one seller-written object */
export interface Written {
  id: string;
  text: string;
  createdAt: string | null;
  bySeller: boolean;
  parentId?: string | null;
}

/** ids of objects other items of this kind and target already claimed (stored readbacks) */
async function claimedIds(db: Kysely<DB>, storeId: string, kind: ExportKind, rowKey: string, exceptId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('job_items')
    .select(['id', 'readback'])
    .where('store_id', '=', storeId)
    .where('kind', '=', kind)
    .where('row_key', '=', rowKey)
    .where('state', 'in', ['applied', 'drifted'])
    .where('id', '<>', exceptId)
    .execute();
  const out = new Set<string>();
  for (const r of rows) {
    try {
      const v = r.readback ? (JSON.parse(r.readback) as { id?: unknown }) : null;
      if (v && typeof v.id === 'string') out.add(v.id);
    } catch {
      // a readback that is not ours: nothing claimed
    }
  }
  return out;
}

/** The read-back of one item from what Ozon lists for its target. */
async function match(db: Kysely<DB>, it: ItemRow, listed: Written[], want: { text: string; parentCommentId?: string }): Promise<ReadBack> {
  const text = want.text.trim();
  const claimed = await claimedIds(db, it.store_id, it.kind as ExportKind, it.row_key!, it.id);
  const hit = listed.find(
    (w) => w.bySeller && w.text.trim() === text && createdAfter(w.createdAt, it.sent_at) && !claimed.has(w.id) && (want.parentCommentId === undefined || (w.parentId ?? '') === want.parentCommentId),
  );
  if (hit) return { matches: true, value: { id: hit.id, text: hit.text, createdAt: hit.createdAt } };
  return { matches: false, value: { sellerReplies: listed.filter((w) => w.bySeller).length } };
}

/** Reads each item's target; a target Ozon does not know (4xx) is left out of the map. */
async function readEach(items: ItemRow[], list: (it: ItemRow) => Promise<Written[]>, db: Kysely<DB>): Promise<Map<string, ReadBack>> {
  const out = new Map<string, ReadBack>();
  for (const it of items) {
    let listed: Written[];
    try {
      listed = await list(it);
    } catch (e) {
      if (isOzonError(e) && e.kind === 'rejected') continue;
      throw e;
    }
    out.set(it.id, await match(db, it, listed, payloadOf<{ text: string; parentCommentId?: string }>(it)));
  }
  return out;
}

async function send(it: ItemRow, write: () => Promise<unknown>): Promise<Map<string, ItemResult>> {
  let r: ItemResult;
  try {
    await write();
    r = { ok: true };
  } catch (e) {
    r = refusal(e);
  }
  return new Map([[it.id, r]]);
}

const single = {
  batchSize: 1,
  waitCodes: [] as string[],
  preRead: false,
  holds: noHolds,
  waitHold: (item: ItemRow, nowMs: number) => retryHold(item, nowMs, 'Ozon asked to retry'),
  body: (items: ItemRow[]) => items[0]!,
};

async function reviewComments(c: OzonClient, reviewId: string, signal?: AbortSignal): Promise<Written[]> {
  return (await allReviewComments(c, reviewId, signal)).map((x) => ({ id: x.id, text: x.text, createdAt: x.published_at, bySeller: x.is_owner, parentId: x.parent_comment_id }));
}

export const reviewReplyHandler: KindHandler = {
  ...single,
  kind: 'review_reply',
  path: '/v1/review/comment/create',
  read: (c, db, _storeId, items, signal) => readEach(items, (it) => reviewComments(c, it.row_key!, signal), db),
  results(c, items, _body, signal) {
    const it = items[0]!;
    const v = payloadOf<ExportValuesByKind['review_reply']>(it);
    return send(it, () =>
      createReviewComment(
        c,
        { review_id: it.row_key!, text: v.text.trim(), ...(v.parentCommentId ? { parent_comment_id: v.parentCommentId } : {}), ...(v.markAsProcessed !== undefined ? { mark_review_as_processed: v.markAsProcessed } : {}) },
        signal,
      ),
    );
  },
};

async function questionAnswers(c: OzonClient, questionId: string, sku: string, signal?: AbortSignal): Promise<Written[]> {
  // the answers list names no author type: answers of the seller's own cabinet are the seller's
  return (await allAnswers(c, questionId, sku, signal)).map((a) => ({ id: a.id, text: a.text, createdAt: a.published_at, bySeller: true }));
}

export const questionAnswerHandler: KindHandler = {
  ...single,
  kind: 'question_answer',
  path: '/v1/question/answer/create',
  read: (c, db, _storeId, items, signal) => readEach(items, (it) => questionAnswers(c, it.row_key!, String(payloadOf<ExportValuesByKind['question_answer']>(it).sku), signal), db),
  results(c, items, _body, signal) {
    const it = items[0]!;
    const v = payloadOf<ExportValuesByKind['question_answer']>(it);
    return send(it, () => createQuestionAnswer(c, { question_id: it.row_key!, sku: Number(v.sku), text: v.text.trim() }, signal));
  },
};

/** Newest first, back to messages created before the send (minus the clock slack). */
async function chatMessagesSince(c: OzonClient, chatId: string, sentAt: string | null, signal?: AbortSignal): Promise<Written[]> {
  const out: Written[] = [];
  const floor = sentAt ? Date.parse(sentAt) - CLOCK_SLACK_MS : -Infinity;
  let before: string | null = null;
  for (;;) {
    const r = await chatHistory(c, chatId, before, signal);
    for (const m of r.messages) {
      if (m.message_id === before) continue; // from_message_id is inclusive
      out.push({ id: m.message_id, text: m.data.join('\n'), createdAt: m.created_at, bySeller: m.user.type.toLowerCase() === 'seller' });
    }
    const oldest = r.messages[r.messages.length - 1];
    if (!r.has_next || !oldest || oldest.message_id === before || (oldest.created_at && Date.parse(oldest.created_at) < floor)) return out;
    before = oldest.message_id;
  }
}

export const chatMessageHandler: KindHandler = {
  ...single,
  kind: 'chat_message',
  path: '/v1/chat/send/message',
  read: (c, db, _storeId, items, signal) => readEach(items, (it) => chatMessagesSince(c, it.row_key!, it.sent_at, signal), db),
  results(c, items, _body, signal) {
    const it = items[0]!;
    const v = payloadOf<ExportValuesByKind['chat_message']>(it);
    return send(it, () => sendChatMessage(c, { chat_id: it.row_key!, text: v.text.trim() }, signal));
  },
};
