/**
 * Values of the action export kinds: things a person does to an order,
 * a review, a question, a chat or a promotion that Ozon must carry out.
 * Unlike field edits these are commands: two replies are two replies (no
 * coalescing), while ship/cancel/join/leave/chat read are idempotent per target.
 */
import { z } from 'zod';
import { OzonId, STOCK_MAX } from '../domain/common';
import { Decimal } from './product';

const Text = (max: number) => z.string().trim().min(1).max(max);

/** Ozon's posting number, e.g. "0123456789-0001-1" */
export const PostingKey = z.string().regex(/^[0-9A-Za-z-]{1,64}$/);

export const PostingShipValues = z.strictObject({
  /**
   * one entry per package with quantities (Ozon's exemplars are not tracked here).
   * `sku` is what /v4/posting/fbs/ship calls product_id, which Ozon's spec
   * defines as the SKU (FbsPostingShipV4RequestPackageProduct), i.e. the
   * posting item's `sku`, not the catalogue product_id. Together the packages
   * hold exactly the posting's items.
   */
  packages: z
    .array(z.strictObject({ products: z.array(z.strictObject({ sku: OzonId, quantity: z.number().int().min(1).max(100_000) })).min(1).max(1000) }))
    .min(1)
    .max(100),
});
export const PostingCancelValues = z.strictObject({
  /** one of Ozon's cancel reasons (/v2/posting/fbs/cancel-reason/list) */
  reasonId: z.number().int().positive(),
  /** required by Ozon for reason 402 ("other") */
  message: z.string().max(500).optional(),
});

export const FeedbackKey = z.string().regex(/^[0-9A-Za-z_-]{1,64}$/);
export const ReviewReplyValues = z.strictObject({
  text: Text(3000),
  parentCommentId: z.string().max(64).optional(),
  markAsProcessed: z.boolean().optional(),
});
/** Ozon: an answer is 2..3000 characters (v1QuestionAnswerCreateRequest.text); sku is the question's product SKU */
export const QuestionAnswerValues = z.strictObject({ text: Text(3000).min(2), sku: OzonId });
export const ChatMessageValues = z.strictObject({ text: Text(1000) });
/**
 * /v2/chat/read (ChatRead): the chat is the action's key (chat_id); Ozon marks
 * this message and every one before it read (from_message_id, a uint64 kept
 * as a digit string: message ids exceed 2^53).
 */
export const ChatReadValues = z.strictObject({ fromMessageId: OzonId });

/** "actionId:productId" */
export const PromotionKey = z.string().regex(/^\d{1,25}:\d{1,25}$/);
export const PromotionJoinValues = z.strictObject({ actionPrice: Decimal, stock: z.number().int().min(0).max(STOCK_MAX).optional() });
export const PromotionLeaveValues = z.strictObject({});
