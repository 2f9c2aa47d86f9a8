import type { Kysely } from 'kysely';

/**
 * Ozon stores, the key vault's encrypted records, the per-workspace change
 * feed (issue 4 pulls from it), import checkpoints and durable export jobs.
 * Sequence numbers are bigint (PostgreSQL returns them as strings: read with
 * Number()); everything else follows 0001's portable text/integer rules.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('stores')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    // where the secrets live: 'keychain' | 'encrypted'; the secrets themselves never sit in this table
    .addColumn('key_ref', 'text', (c) => c.notNull())
    .addColumn('has_performance', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('seller_name', 'text')
    .addColumn('key_expires_at', 'text')
    .addColumn('last_checked_at', 'text')
    .addColumn('last_check_error', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('stores_workspace_client_uq').on('stores').columns(['workspace_id', 'client_id']).unique().execute();

  // AES-256-GCM records of the encrypted vault: one per store, fresh IV per write, AAD = store id
  await db.schema
    .createTable('store_secrets')
    .addColumn('store_id', 'text', (c) => c.primaryKey())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('iv', 'text', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('ciphertext', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // Per-workspace sequence: the row is updated inside each writing transaction,
  // which serializes writers of one workspace so seqs commit in order.
  await db.schema
    .createTable('workspace_seq')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey())
    .addColumn('last_seq', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('change_feed')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('store_id', 'text')
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('row_key', 'text', (c) => c.notNull())
    .addColumn('op', 'text', (c) => c.notNull()) // 'upsert' | 'delete'
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('change_feed_pk', ['workspace_id', 'seq'])
    .execute();

  await db.schema
    .createTable('import_checkpoints')
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull()) // 'full' | 'incremental'
    .addColumn('state', 'text', (c) => c.notNull()) // 'pending' | 'running' | 'done' | 'failed'
    .addColumn('run_id', 'text')
    .addColumn('phase', 'text')
    .addColumn('cursor', 'text')
    .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total', 'integer')
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('last_success_at', 'text')
    .addColumn('next_run_at', 'text')
    .addColumn('error', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_checkpoints_pk', ['store_id', 'entity'])
    .execute();

  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // 'prices' | 'stocks' | 'attributes' | 'archive' | 'ship' | …
    .addColumn('state', 'text', (c) => c.notNull()) // 'queued' | 'running' | 'done' | 'failed' | 'cancelled'
    .addColumn('change_set_id', 'text')
    .addColumn('created_by', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('total_items', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('jobs_store_state_idx').on('jobs').columns(['store_id', 'state', 'next_attempt_at']).execute();
  await db.schema.createIndex('jobs_change_set_idx').on('jobs').column('change_set_id').execute();

  await db.schema
    .createTable('job_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('job_id', 'text', (c) => c.notNull().references('jobs.id'))
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    // what the item targets, e.g. 'product:123' or 'stock:123:456' (pacing per product / pair uses it)
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    // 'pending' | 'sending' | 'applied' | 'failed' | 'drifted'; 'sending' is written and committed BEFORE the request leaves
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('batch_id', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('not_before', 'text')
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('readback', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('job_items_job_idx').on('job_items').columns(['job_id', 'state', 'position']).execute();
  await db.schema.createIndex('job_items_store_state_idx').on('job_items').columns(['store_id', 'state']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['job_items', 'jobs', 'import_checkpoints', 'change_feed', 'workspace_seq', 'store_secrets', 'stores']) await db.schema.dropTable(t).execute();
}
