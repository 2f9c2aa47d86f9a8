/**
 * Fields of store-data rows that a person's accepted edit is still taking to
 * Ozon: an export item of a field-setting kind (price, attributes, stock) not
 * yet settled ('pending', 'sending', 'written'; enqueue.ts has the states).
 *
 * Why: an import that reads Ozon between the push and the export reads the
 * value the edit is replacing. Written over the row, it showed the old value
 * to every client until the next import (a stock edit "undone" for up to two
 * minutes) and turned the person's next edit of that field into a conflict
 * with Ozon's stale value. Importers therefore keep these fields as stored
 * (applyRows' `holdEditsInFlight`); once the item settles, the next import
 * brings Ozon's value again, whatever the outcome (a refused edit then shows
 * Ozon's value beside its failure).
 *
 * Read in the import's transaction after the feed lock (applyRows): a push
 * writes its row and enqueues its items under that same lock, so an import
 * never sees a pushed value without its item.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema';

type Db = Kysely<DB> | Transaction<DB>;

/** Export kinds whose values are fields of their row, under the same names (shared/exports/product.ts). */
const FIELD_KINDS = ['price', 'attributes', 'stock'];
const UNSETTLED = ['pending', 'sending', 'written'];

/** Row key → the field names of its unsettled field-setting exports (rows without any are absent). */
export async function editsInFlight(db: Db, storeId: string, entity: string): Promise<Map<string, Set<string>>> {
  const items = await db
    .selectFrom('job_items')
    .select(['row_key', 'payload'])
    .where('store_id', '=', storeId)
    .where('state', 'in', UNSETTLED)
    .where('entity', '=', entity)
    .where('kind', 'in', FIELD_KINDS)
    .execute();
  const out = new Map<string, Set<string>>();
  for (const it of items) {
    if (!it.row_key) continue;
    let values: unknown;
    try {
      values = JSON.parse(it.payload);
    } catch {
      continue;
    }
    if (!values || typeof values !== 'object' || Array.isArray(values)) continue;
    const fields = out.get(it.row_key) ?? new Set<string>();
    for (const f of Object.keys(values)) fields.add(f);
    out.set(it.row_key, fields);
  }
  return out;
}
