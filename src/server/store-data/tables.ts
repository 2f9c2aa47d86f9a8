/**
 * Where each store-data entity lives: table, natural-key columns (after
 * store_id) and projection columns. Mirrors migration 0006.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
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

/** rowKey's inverse: exactly `n` parts (the last keeps any further ':'; missing parts are '', which names no row). */
export function splitKey(key: string, n: number): string[] {
  const parts = key.split(':');
  if (parts.length > n) return [...parts.slice(0, n - 1), parts.slice(n - 1).join(':')];
  while (parts.length < n) parts.push('');
  return parts;
}

/**
 * Rows whose natural key (`columns`, after store_id) is one of `keys` (one
 * part per column). A composite key is a row-value IN over a VALUES list,
 * which SQLite and PostgreSQL both answer with one primary-key search per
 * key; an OR of per-key ANDs made SQLite search by store_id alone and test
 * the OR on every row of the store (about 1.2 s for 200 keys at 77k rows).
 */
export function keyIn(columns: readonly string[], keys: readonly string[][]): Expression<SqlBool> {
  if (columns.length === 1) return sql<SqlBool>`${sql.ref(columns[0]!)} in (${sql.join(keys.map((k) => k[0]!))})`;
  return sql<SqlBool>`(${sql.join(columns.map((c) => sql.ref(c)))}) in (values ${sql.join(keys.map((k) => sql`(${sql.join(k)})`))})`;
}
