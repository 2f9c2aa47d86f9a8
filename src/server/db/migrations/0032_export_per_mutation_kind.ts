import type { Kysely } from 'kysely';

/**
 * One export item per (store, source mutation, kind), not per (store, source
 * mutation): one edit of a product's price and name is two Ozon writes — a
 * `price` item and an `attributes` item — under the same mutation id. The old
 * index let only the first be stored and answered the second as a retry of
 * the same mutation, so the name never reached Ozon. Rows are unchanged: every
 * stored pair was already unique under the wider key.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('job_items_source_mutation_uq').execute();
  await db.schema.createIndex('job_items_source_mutation_kind_uq').on('job_items').columns(['store_id', 'source_mutation_id', 'kind']).unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('job_items_source_mutation_kind_uq').execute();
  await db.schema.createIndex('job_items_source_mutation_uq').on('job_items').columns(['store_id', 'source_mutation_id']).unique().execute();
}
