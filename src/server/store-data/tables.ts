/**
 * Where each store-data entity lives: table, natural-key columns (after
 * store_id) and projection columns. Mirrors migration 0006.
 */
import type { Entity } from '../../shared/domain/common';

export interface TableSpec {
  entity: Entity;
  table: string;
  keys: string[];
  /** projection columns filled from the row input's `extra` */
  extra: string[];
}

const spec = (entity: Entity, table: string, keys: string[], extra: string[] = []): TableSpec => ({ entity, table, keys, extra });

export const TABLES = {
  warehouse: spec('warehouse', 'warehouses', ['warehouse_id']),
  category: spec('category', 'categories', ['description_category_id', 'type_id']),
  category_attributes: spec('category_attributes', 'category_attributes', ['description_category_id', 'type_id']),
  product: spec('product', 'products', ['product_id'], ['offer_id', 'sku']),
  stock: spec('stock', 'stocks', ['product_id', 'warehouse_id']),
  posting: spec('posting', 'postings', ['posting_number'], ['scheme', 'status', 'in_process_at']),
  return: spec('return', 'returns', ['return_id']),
  promotion: spec('promotion', 'promotions', ['action_id']),
  promotion_product: spec('promotion_product', 'promotion_products', ['action_id', 'product_id']),
  review: spec('review', 'reviews', ['review_id']),
  review_comment: spec('review_comment', 'review_comments', ['comment_id'], ['review_id']),
  question: spec('question', 'questions', ['question_id']),
  question_answer: spec('question_answer', 'question_answers', ['answer_id'], ['question_id']),
  chat: spec('chat', 'chats', ['chat_id']),
  chat_message: spec('chat_message', 'chat_messages', ['chat_id', 'message_id']),
  campaign: spec('campaign', 'campaigns', ['campaign_id']),
  campaign_stat: spec('campaign_stat', 'campaign_stats', ['campaign_id', 'date']),
  finance_transaction: spec('finance_transaction', 'finance_transactions', ['operation_id']),
} satisfies Partial<Record<Entity, TableSpec>>;

export const STORE_DATA_TABLES: TableSpec[] = Object.values(TABLES);

/** Feed row key: the natural key parts joined by ':' (Ozon keys never contain ':' except posting numbers use '-'). */
export const rowKey = (key: readonly string[]): string => key.join(':');
