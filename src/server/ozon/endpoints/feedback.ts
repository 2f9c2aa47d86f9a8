/**
 * Reviews (/v2/review/list, /v1/review/comment/list) and questions
 * (/v1/question/list, /v1/question/answer/list). Review and question ids are
 * strings; SKUs int64 → digit strings.
 */
import { z } from 'zod';
import type { OzonClient } from '../client';
import { zArr, zBool, zId, zIdOpt, zNum, zStr, zStrOpt, zTs } from './zod-helpers';

export const OzonReview = z.object({
  id: zId,
  sku: zIdOpt,
  text: zStr,
  published_at: zTs,
  rating: zNum,
  status: zStr,
  order_status: zStr,
  comments_amount: zNum,
  photos_amount: zNum,
  videos_amount: zNum,
  is_rating_participant: zBool,
});
export type OzonReview = z.output<typeof OzonReview>;
export const ReviewListResponse = z.object({ reviews: zArr(OzonReview), last_id: zStr, has_next: zBool });

export const OzonReviewComment = z.object({
  id: zId,
  text: zStr,
  published_at: zTs,
  is_official: zBool,
  is_owner: zBool,
  parent_comment_id: zStrOpt,
});
export type OzonReviewComment = z.output<typeof OzonReviewComment>;
export const CommentListResponse = z.object({ comments: zArr(OzonReviewComment), offset: zNum });

export const OzonQuestion = z.object({
  id: zId,
  sku: zIdOpt,
  text: zStr,
  author_name: zStr,
  status: zStr,
  answers_count: zNum,
  product_url: zStrOpt,
  published_at: zTs,
});
export type OzonQuestion = z.output<typeof OzonQuestion>;
export const QuestionListResponse = z.object({ questions: zArr(OzonQuestion), last_id: zStr, has_next: zBool });

export const OzonAnswer = z.object({ id: zId, question_id: zStr, sku: zIdOpt, text: zStr, author_name: zStr, published_at: zTs });
export type OzonAnswer = z.output<typeof OzonAnswer>;
export const AnswerListResponse = z.object({ answers: zArr(OzonAnswer), last_id: zStr });

export interface PublishedWindow {
  from?: string;
  to?: string;
}

export const REVIEWS_PAGE = 100;
export const COMMENTS_PAGE = 100;
export const QUESTIONS_PAGE = 100;
/** answers Ozon lists a page (the method takes no limit) */
const ANSWERS_PAGE = 100;

export const listReviews = (c: OzonClient, w: PublishedWindow, lastId: string, signal?: AbortSignal) =>
  c.call(
    '/v2/review/list',
    {
      filters: { status: 'ALL', order_status: 'ALL', ...(w.from ? { published_from: w.from } : {}), ...(w.to ? { published_to: w.to } : {}) },
      limit: REVIEWS_PAGE,
      sort_dir: 'ASC',
      ...(lastId ? { last_id: lastId } : {}),
    },
    ReviewListResponse,
    { signal },
  );

export const listReviewComments = (c: OzonClient, reviewId: string, offset: number, signal?: AbortSignal) =>
  c.call('/v1/review/comment/list', { review_id: reviewId, limit: COMMENTS_PAGE, offset, sort_dir: 'ASC' }, CommentListResponse, { signal });

export const listQuestions = (c: OzonClient, w: PublishedWindow, lastId: string, signal?: AbortSignal) =>
  c.call(
    '/v1/question/list',
    {
      filter: { status: 'ALL', ...(w.from ? { date_from: w.from } : {}), ...(w.to ? { date_to: w.to } : {}) },
      limit: QUESTIONS_PAGE,
      sort_dir: 'ASC',
      ...(lastId ? { last_id: lastId } : {}),
    },
    QuestionListResponse,
    { signal },
  );

export const listAnswers = (c: OzonClient, questionId: string, sku: string, lastId: string, signal?: AbortSignal) =>
  c.call('/v1/question/answer/list', { question_id: questionId, sku: Number(sku), ...(lastId ? { last_id: lastId } : {}) }, AnswerListResponse, { signal });

/** Every comment of a review: offset pages until a short one. */
export async function allReviewComments(c: OzonClient, reviewId: string, signal?: AbortSignal): Promise<OzonReviewComment[]> {
  const out: OzonReviewComment[] = [];
  for (let offset = 0; ; ) {
    const r = await listReviewComments(c, reviewId, offset, signal);
    out.push(...r.comments);
    if (r.comments.length < COMMENTS_PAGE) return out;
    offset += r.comments.length;
  }
}

/** Every answer to a question: last_id pages until a short page or a last_id that does not move. */
export async function allAnswers(c: OzonClient, questionId: string, sku: string, signal?: AbortSignal): Promise<OzonAnswer[]> {
  const out: OzonAnswer[] = [];
  for (let last = ''; ; ) {
    const r = await listAnswers(c, questionId, sku, last, signal);
    out.push(...r.answers);
    if (!r.answers.length || !r.last_id || r.last_id === last || r.answers.length < ANSWERS_PAGE) return out;
    last = r.last_id;
  }
}
