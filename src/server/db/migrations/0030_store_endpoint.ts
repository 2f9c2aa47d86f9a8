import type { Kysely } from 'kysely';

/**
 * Per-store Ozon endpoint (issue 3): a store talks either to Ozon itself
 * (`ozon`: the Seller/Performance API URLs of the server configuration) or to
 * an Ozon sandbox (`sandbox`) at its own base URL. Existing stores keep
 * talking to the configured URLs ('ozon', no URL). The server alone decides
 * which sandbox URLs are acceptable (src/server/stores/endpoint.ts); a real
 * store never carries a URL.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('stores').addColumn('endpoint_kind', 'text', (c) => c.notNull().defaultTo('ozon')).execute();
  await db.schema.alterTable('stores').addColumn('endpoint_url', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('stores').dropColumn('endpoint_url').execute();
  await db.schema.alterTable('stores').dropColumn('endpoint_kind').execute();
}
