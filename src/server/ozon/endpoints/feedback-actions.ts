/**
 * Writes of the customer-service inbox: /v1/review/comment/create,
 * /v1/question/answer/create and /v1/chat/send/message. Each creates a new
 * object on Ozon (no idempotency key exists), so the client never retries them
 * blindly: the export runner reads the lists back first (kinds/feedback.ts).
 */
import { z } from 'zod';
import type { OzonClient } from '../client';
import { zStr } from './zod-helpers';

export const CommentCreateResponse = z.object({ comment_id: zStr });
export const AnswerCreateResponse = z.object({ answer_id: zStr });
export const ChatSendResponse = z.object({ result: zStr });

export const createReviewComment = (c: OzonClient, body: { review_id: string; text: string; parent_comment_id?: string; mark_review_as_processed?: boolean }, signal?: AbortSignal) =>
  c.call('/v1/review/comment/create', body, CommentCreateResponse, { idempotent: false, signal });

export const createQuestionAnswer = (c: OzonClient, body: { question_id: string; sku: number; text: string }, signal?: AbortSignal) =>
  c.call('/v1/question/answer/create', body, AnswerCreateResponse, { idempotent: false, signal });

export const sendChatMessage = (c: OzonClient, body: { chat_id: string; text: string }, signal?: AbortSignal) =>
  c.call('/v1/chat/send/message', body, ChatSendResponse, { idempotent: false, signal });
