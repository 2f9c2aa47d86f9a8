import type { Kysely } from 'kysely';

/**
 * Store data mirrored from Ozon. Every table has the same envelope:
 *   store_id + the Ozon natural key (primary key), workspace_id,
 *   data    – the domain row (src/shared/domain) as JSON, without sync meta,
 *   hash    – sha256 of `data`: an upsert with an equal hash is a no-op, so
 *             version and the change feed move only on real changes,
 *   version – change-feed seq of the last change, deleted – tombstone (0/1),
 *   seen_run – the full-import run that last saw the row (mark and sweep),
 *   updated_at.
 * A few projection columns (offer_id, status, …) exist only for server-side
 * lookups; `data` is the truth. Keeping the document whole lets issue 4 merge
 * per field without a migration per new Ozon field.
 */
type Col = [name: string, type: 'text' | 'integer'];

const TABLES: Record<string, { keys: string[]; extra?: Col[] }> = {
  warehouses: { keys: ['warehouse_id'] },
  categories: { keys: ['description_category_id', 'type_id'] },
  category_attributes: { keys: ['description_category_id', 'type_id'] },
  products: { keys: ['product_id'], extra: [['offer_id', 'text'], ['sku', 'text']] },
  stocks: { keys: ['product_id', 'warehouse_id'] },
  postings: { keys: ['posting_number'], extra: [['scheme', 'text'], ['status', 'text'], ['in_process_at', 'text']] },
  returns: { keys: ['return_id'] },
  promotions: { keys: ['action_id'] },
  promotion_products: { keys: ['action_id', 'product_id'] },
  reviews: { keys: ['review_id'] },
  review_comments: { keys: ['comment_id'], extra: [['review_id', 'text']] },
  questions: { keys: ['question_id'] },
  question_answers: { keys: ['answer_id'], extra: [['question_id', 'text']] },
  chats: { keys: ['chat_id'] },
  chat_messages: { keys: ['chat_id', 'message_id'] },
  campaigns: { keys: ['campaign_id'] },
  campaign_stats: { keys: ['campaign_id', 'date'] },
  finance_transactions: { keys: ['operation_id'] },
};

export async function up(db: Kysely<any>): Promise<void> {
  for (const [table, spec] of Object.entries(TABLES)) {
    let t = db.schema.createTable(table).addColumn('store_id', 'text', (c) => c.notNull());
    for (const k of spec.keys) t = t.addColumn(k, 'text', (c) => c.notNull());
    for (const [name, type] of spec.extra ?? []) t = t.addColumn(name, type);
    t = t
      .addColumn('workspace_id', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('version', 'bigint', (c) => c.notNull())
      .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('seen_run', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, ['store_id', ...spec.keys] as never);
    await t.execute();
    for (const [name] of spec.extra ?? []) await db.schema.createIndex(`${table}_${name}_idx`).on(table).columns(['store_id', name]).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of Object.keys(TABLES).reverse()) await db.schema.dropTable(table).execute();
}
