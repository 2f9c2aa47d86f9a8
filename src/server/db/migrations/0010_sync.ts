import type { Kysely } from 'kysely';

/**
 * Sync protocol (issue 4), server side.
 *
 * sync_mutations – the idempotency record of every pushed mutation, keyed
 *   (workspace_id, mutation_id). The row is claimed (inserted) first in the
 *   mutation's transaction and completed with its result in the same
 *   transaction, so a retried id returns the stored first result, and a
 *   concurrent duplicate blocks on the primary key until the first commits.
 * ozon_push_queue – one entry per accepted edit that must reach Ozon (prices,
 *   stocks, product info), tagged with the change set; its state is the row's
 *   `ozonSync` in the feed. The Ozon exporter (connector) claims pending
 *   entries and reports the outcome through src/server/sync/ozon-push.ts.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sync_mutations')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('mutation_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('row_key', 'text', (c) => c.notNull())
    .addColumn('change_set_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // 'applied' | 'conflict' | 'rejected'
    .addColumn('result', 'text', (c) => c.notNull()) // MutationResult JSON, returned unchanged on retry
    .addColumn('seq', 'bigint') // feed seq of the applied change
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sync_mutations_pk', ['workspace_id', 'mutation_id'])
    .execute();
  await db.schema.createIndex('sync_mutations_change_set_idx').on('sync_mutations').columns(['workspace_id', 'change_set_id']).execute();

  await db.schema
    .createTable('ozon_push_queue')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull()) // 'product' | 'stock'
    .addColumn('row_key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // 'prices' | 'stocks' | 'info'
    .addColumn('mutation_id', 'text', (c) => c.notNull())
    .addColumn('change_set_id', 'text')
    .addColumn('seq', 'bigint', (c) => c.notNull()) // feed seq of the edit
    .addColumn('fields', 'text', (c) => c.notNull()) // JSON: the new values to send
    .addColumn('before', 'text', (c) => c.notNull()) // JSON: the values before the edit
    // 'pending' | 'sending' | 'applied' | 'failed' | 'drifted' | 'superseded'
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('job_id', 'text') // the connector's export job, once one carries it
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ozon_push_queue_row_idx').on('ozon_push_queue').columns(['store_id', 'entity', 'row_key', 'seq']).execute();
  await db.schema.createIndex('ozon_push_queue_state_idx').on('ozon_push_queue').columns(['store_id', 'state', 'kind', 'seq']).execute();
  await db.schema.createIndex('ozon_push_queue_change_set_idx').on('ozon_push_queue').columns(['workspace_id', 'change_set_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('ozon_push_queue').execute();
  await db.schema.dropTable('sync_mutations').execute();
}
