/**
 * Rows imported from /v3/finance/transaction/list (switched off on 6 July
 * 2026) are operations, not accruals: kept beside the accrual rows they would
 * count the same money twice. They are recognised by the field every accrual
 * row has (`accrualDate`). The first accrual run of a store re-reads the whole
 * history window and, in its last commit, tombstones the legacy rows it did
 * not overwrite ('delete' feed entries, so clients drop them too).
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { nowIso } from '../../db/ids';
import { lockFeed, recordChanges } from '../feed';
import { TABLES } from '../tables';

type Db = Kysely<DB> | Transaction<DB>;
const LEGACY = '%"accrualDate"%';

/**
 * Stores known to hold no legacy rows, per database handle (one per server
 * start). Nothing writes legacy rows any more (the old importer is gone), so
 * a clean store stays clean and the check — a scan of the store's finance
 * rows — runs once per store and server start, not every refresh.
 */
const cleanByDb = new WeakMap<object, Set<string>>();

export async function hasLegacyFinanceRows(db: Kysely<DB>, storeId: string): Promise<boolean> {
  let clean = cleanByDb.get(db);
  if (!clean) cleanByDb.set(db, (clean = new Set()));
  if (clean.has(storeId)) return false;
  const r = await db
    .selectFrom('finance_transactions')
    .select('operation_id')
    .where('store_id', '=', storeId)
    .where('deleted', '=', 0)
    .where('data', 'not like', LEGACY)
    .limit(1)
    .executeTakeFirst();
  if (r === undefined) clean.add(storeId);
  return r !== undefined;
}

/** Tombstones the store's live legacy rows; returns how many. Call inside the page's transaction. */
export async function retireLegacyFinanceRows(trx: Db, scope: { workspaceId: string; storeId: string }): Promise<number> {
  await lockFeed(trx, scope.workspaceId);
  const ids = (
    await trx.selectFrom('finance_transactions').select('operation_id').where('store_id', '=', scope.storeId).where('deleted', '=', 0).where('data', 'not like', LEGACY).execute()
  ).map((r) => r.operation_id);
  if (!ids.length) return 0;
  const seqs = await recordChanges(
    trx,
    scope.workspaceId,
    ids.map((id) => ({ storeId: scope.storeId, entity: TABLES.finance_transaction.entity, rowKey: id, op: 'delete' as const })),
  );
  const at = nowIso();
  for (let i = 0; i < ids.length; i++) {
    await trx.updateTable('finance_transactions').set({ deleted: 1, version: seqs[i]!, updated_at: at }).where('store_id', '=', scope.storeId).where('operation_id', '=', ids[i]!).execute();
  }
  return ids.length;
}
