/** Customer service: reviews with comments, questions with answers, chats with messages. */
import { z } from 'zod';
import { OzonId, SyncMeta, Timestamp } from './common';

export const Review = z.strictObject({
  ...SyncMeta,
  /** Ozon review ids are UUID-like strings */
  reviewId: z.string(),
  sku: OzonId,
  text: z.string(),
  rating: z.number().int(),
  status: z.string(),
  orderStatus: z.string(),
  commentsAmount: z.number().int(),
  photosAmount: z.number().int(),
  videosAmount: z.number().int(),
  isRatingParticipant: z.boolean(),
  publishedAt: Timestamp.nullable(),
});
export type Review = z.infer<typeof Review>;

export const ReviewComment = z.strictObject({
  ...SyncMeta,
  commentId: z.string(),
  reviewId: z.string(),
  parentCommentId: z.string().nullable(),
  text: z.string(),
  isOfficial: z.boolean(),
  isOwner: z.boolean(),
  publishedAt: Timestamp.nullable(),
});
export type ReviewComment = z.infer<typeof ReviewComment>;

export const Question = z.strictObject({
  ...SyncMeta,
  questionId: z.string(),
  sku: OzonId,
  text: z.string(),
  authorName: z.string(),
  status: z.string(),
  answersCount: z.number().int(),
  productUrl: z.string().nullable(),
  publishedAt: Timestamp.nullable(),
});
export type Question = z.infer<typeof Question>;

export const QuestionAnswer = z.strictObject({
  ...SyncMeta,
  answerId: z.string(),
  questionId: z.string(),
  text: z.string(),
  authorName: z.string(),
  publishedAt: Timestamp.nullable(),
});
export type QuestionAnswer = z.infer<typeof QuestionAnswer>;

export const Chat = z.strictObject({
  ...SyncMeta,
  chatId: z.string(),
  chatType: z.string(),
  chatStatus: z.string(),
  unreadCount: z.number().int(),
  /** > 2^53: kept as a string */
  lastMessageId: OzonId.nullable(),
  firstUnreadMessageId: OzonId.nullable(),
  createdAt: Timestamp.nullable(),
});
export type Chat = z.infer<typeof Chat>;

export const ChatMessage = z.strictObject({
  ...SyncMeta,
  chatId: z.string(),
  /** > 2^53: kept as a string */
  messageId: OzonId,
  userType: z.string(),
  userId: z.string(),
  isRead: z.boolean(),
  text: z.array(z.string()),
  createdAt: Timestamp.nullable(),
});
export type ChatMessage = z.infer<typeof ChatMessage>;
