import type { Kysely } from 'kysely';

/**
 * Export jobs (issue 3, "Export"): 0005 designed `jobs` / `job_items`; this
 * adds what the runner and the sync hand-off need on an item.
 *
 * - workspace_id, kind, entity, row_key: which store-data row the item
 *   changes (its settle records a change-feed entry for that row, so the
 *   row's ozonSync reaches clients);
 * - change_set_id, source_mutation_id: the accepted edit it came from;
 *   unique per store, so enqueueing the same mutation twice is a no-op;
 * - attempt_id: written and committed with state 'sending' before the request
 *   leaves; after a crash an item still 'sending' is read back first;
 * - superseded_by: a newer value for the same target replaced this unsent item;
 * - created_at, settled_at.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const cols: [string, 'text'][] = [
    ['workspace_id', 'text'],
    ['kind', 'text'],
    ['entity', 'text'],
    ['row_key', 'text'],
    ['change_set_id', 'text'],
    ['source_mutation_id', 'text'],
    ['attempt_id', 'text'],
    ['superseded_by', 'text'],
    ['created_at', 'text'],
    ['settled_at', 'text'],
  ];
  for (const [name, type] of cols) await db.schema.alterTable('job_items').addColumn(name, type).execute();
  await db.schema.createIndex('job_items_source_mutation_uq').on('job_items').columns(['store_id', 'source_mutation_id']).unique().execute();
  await db.schema.createIndex('job_items_row_idx').on('job_items').columns(['store_id', 'entity', 'row_key', 'kind']).execute();
  await db.schema.createIndex('job_items_target_idx').on('job_items').columns(['store_id', 'kind', 'item_key', 'state']).execute();
  await db.schema.createIndex('job_items_change_set_idx').on('job_items').columns(['change_set_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const ix of ['job_items_source_mutation_uq', 'job_items_row_idx', 'job_items_target_idx', 'job_items_change_set_idx']) await db.schema.dropIndex(ix).execute();
  for (const c of ['workspace_id', 'kind', 'entity', 'row_key', 'change_set_id', 'source_mutation_id', 'attempt_id', 'superseded_by', 'created_at', 'settled_at'])
    await db.schema.alterTable('job_items').dropColumn(c).execute();
}
