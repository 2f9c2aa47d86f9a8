/**
 * Every kind of change Sellerdesk sends to Ozon, with the store-data entity
 * whose row it targets, the shape of that row's key, and its values. One
 * registry for the server's export jobs, the HTTP job contract and the sync
 * protocol's action mutations.
 */
import { z } from 'zod';
import * as A from './actions';
import * as P from './product';

export const EXPORT_KINDS = [
  'price',
  'stock',
  'attributes',
  'archive',
  'unarchive',
  'posting_ship',
  'posting_cancel',
  'review_reply',
  'question_answer',
  'chat_message',
  'chat_read',
  'promotion_join',
  'promotion_leave',
] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export const ExportKindSchema = z.enum(EXPORT_KINDS);

export type ExportEntity = 'product' | 'stock' | 'posting' | 'review' | 'question' | 'chat' | 'promotion_product';

interface KindSpec {
  entity: ExportEntity;
  key: z.ZodType<string>;
  values: z.ZodType<Record<string, unknown>>;
  /**
   * 'target': at most one unsent item per target, a newer one replaces it
   *   (prices/attributes carry older fields forward);
   * 'none': every item is its own command (two replies are two replies).
   */
  coalesce: 'target' | 'none';
  /** kinds sharing one target (archive/unarchive: the newest wins) */
  group?: string;
}

const SPECS = {
  price: { entity: 'product', key: P.ProductKey, values: P.PriceValues, coalesce: 'target' },
  stock: { entity: 'stock', key: P.StockKey, values: P.StockValues, coalesce: 'target' },
  attributes: { entity: 'product', key: P.ProductKey, values: P.AttributeValues, coalesce: 'target' },
  archive: { entity: 'product', key: P.ProductKey, values: P.NoValues, coalesce: 'target', group: 'archive' },
  unarchive: { entity: 'product', key: P.ProductKey, values: P.NoValues, coalesce: 'target', group: 'archive' },
  posting_ship: { entity: 'posting', key: A.PostingKey, values: A.PostingShipValues, coalesce: 'target', group: 'posting' },
  posting_cancel: { entity: 'posting', key: A.PostingKey, values: A.PostingCancelValues, coalesce: 'target', group: 'posting' },
  review_reply: { entity: 'review', key: A.FeedbackKey, values: A.ReviewReplyValues, coalesce: 'none' },
  question_answer: { entity: 'question', key: A.FeedbackKey, values: A.QuestionAnswerValues, coalesce: 'none' },
  chat_message: { entity: 'chat', key: A.FeedbackKey, values: A.ChatMessageValues, coalesce: 'none' },
  // reading is idempotent: an unsent read of a chat is replaced by the newer one (opening a chat again queues nothing extra)
  chat_read: { entity: 'chat', key: A.FeedbackKey, values: A.ChatReadValues, coalesce: 'target' },
  promotion_join: { entity: 'promotion_product', key: A.PromotionKey, values: A.PromotionJoinValues, coalesce: 'target', group: 'promotion' },
  promotion_leave: { entity: 'promotion_product', key: A.PromotionKey, values: A.PromotionLeaveValues, coalesce: 'target', group: 'promotion' },
} satisfies Record<ExportKind, KindSpec>;
export const EXPORT_SPECS: Record<ExportKind, KindSpec> = SPECS;

/** The parsed values of each kind, from its schema in SPECS. */
export type ExportValuesByKind = { [K in ExportKind]: z.infer<(typeof SPECS)[K]['values']> };

/** Kinds a person triggers as commands (not field edits of an editable row). */
export const ACTION_KINDS = ['archive', 'unarchive', 'posting_ship', 'posting_cancel', 'review_reply', 'question_answer', 'chat_message', 'chat_read', 'promotion_join', 'promotion_leave'] as const satisfies readonly ExportKind[];
export type ActionKind = (typeof ACTION_KINDS)[number];

