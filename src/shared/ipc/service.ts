import { z } from 'zod';
import { Chat, ChatMessage, Question, Review } from '../domain/service';
import { text } from '../http/common';
import { listOf, SortDir, StoreIdIn, Window } from './list-common';

/**
 * Customer service inbox (issue 4): reviews, questions and chats of the
 * selected store(s), read from the local cache. Replies are actions
 * (actions:enqueue, src/shared/ipc/actions.ts), so every detail here carries
 * the (storeId, id) a reply needs.
 */

/** one inbox over several stores; the renderer passes the stores it shows */
const StoreIds = z.array(StoreIdIn).min(1).max(20);

/** a cached review (domain `Review`; status NEW, VIEWED, PROCESSED) with its product's name */
export const ReviewRow = z.object({
  ...Review.pick({
    storeId: true,
    reviewId: true,
    sku: true,
    text: true,
    rating: true,
    status: true,
    orderStatus: true,
    commentsAmount: true,
    photosAmount: true,
    publishedAt: true,
  }).shape,
  productName: z.string().nullable(),
});
export type ReviewRow = z.infer<typeof ReviewRow>;

export const ReviewQuery = z.strictObject({
  storeIds: StoreIds,
  search: text(200).optional(),
  /** ratings to include (1..5); absent = all */
  ratings: z.array(z.number().int().min(1).max(5)).min(1).max(5).optional(),
  status: text(32).optional(),
  sort: z.strictObject({ field: z.enum(['publishedAt', 'rating']), dir: SortDir }).optional(),
  ...Window,
});

export const ThreadEntry = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  text: z.string(),
  author: z.string(),
  /** written by the seller (our side) */
  mine: z.boolean(),
  official: z.boolean(),
  at: z.string().nullable(),
});
export type ThreadEntry = z.infer<typeof ThreadEntry>;

/** a cached question (domain `Question`; status NEW, VIEWED, PROCESSED, UNPROCESSED) with its product's name */
export const QuestionRow = z.object({
  ...Question.pick({ storeId: true, questionId: true, sku: true, text: true, authorName: true, status: true, answersCount: true, publishedAt: true }).shape,
  productName: z.string().nullable(),
});
export type QuestionRow = z.infer<typeof QuestionRow>;

export const QuestionQuery = z.strictObject({
  storeIds: StoreIds,
  search: text(200).optional(),
  status: text(32).optional(),
  sort: z.strictObject({ field: z.enum(['publishedAt', 'answersCount']), dir: SortDir }).optional(),
  ...Window,
});

/** a cached chat (domain `Chat`) with what its cached messages tell */
export const ChatRow = z.object({
  ...Chat.pick({ storeId: true, chatId: true, chatType: true, chatStatus: true, unreadCount: true, createdAt: true }).shape,
  lastMessageAt: z.string().nullable(),
  lastMessageText: z.string().nullable(),
  messagesCount: z.number().int(),
});
export type ChatRow = z.infer<typeof ChatRow>;

export const ChatQuery = z.strictObject({
  storeIds: StoreIds,
  unreadOnly: z.boolean().optional(),
  status: text(32).optional(),
  ...Window,
});

/** one message (domain `ChatMessage`; userType Customer, Seller, Support, NotificationUser, …), its text parts joined */
export const ChatMessageRow = z.object({
  ...ChatMessage.pick({ messageId: true, userType: true, isRead: true }).shape,
  mine: z.boolean(),
  text: z.string(),
  at: z.string().nullable(),
});
export type ChatMessageRow = z.infer<typeof ChatMessageRow>;

const Target = { storeId: StoreIdIn };

export const serviceIpc = {
  /** tab badges and the status filter choices */
  'service:summary': {
    input: z.strictObject({ storeIds: StoreIds }),
    output: z.object({
      reviewsNew: z.number().int(),
      questionsNew: z.number().int(),
      chatsUnread: z.number().int(),
      reviewStatuses: z.array(z.string()),
      questionStatuses: z.array(z.string()),
      chatStatuses: z.array(z.string()),
    }),
  },
  'service:reviews': { input: ReviewQuery, output: listOf(ReviewRow) },
  'service:review': {
    input: z.strictObject({ ...Target, reviewId: text(64).min(1) }),
    output: z.object({ review: ReviewRow, comments: z.array(ThreadEntry) }),
  },
  'service:questions': { input: QuestionQuery, output: listOf(QuestionRow) },
  'service:question': {
    input: z.strictObject({ ...Target, questionId: text(64).min(1) }),
    output: z.object({ question: QuestionRow, answers: z.array(ThreadEntry) }),
  },
  'service:chats': { input: ChatQuery, output: listOf(ChatRow) },
  /** the newest `limit` messages of one chat, oldest first */
  'service:chat': {
    input: z.strictObject({ ...Target, chatId: text(64).min(1), limit: z.number().int().min(1).max(1000).optional() }),
    output: z.object({ chat: ChatRow, messages: z.array(ChatMessageRow), hasOlder: z.boolean() }),
  },
} as const;
