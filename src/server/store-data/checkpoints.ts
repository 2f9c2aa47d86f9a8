/**
 * Import checkpoints per (store, entity). A page's rows and its checkpoint
 * are committed in ONE transaction, so after a crash the import resumes from
 * the last committed cursor: nothing is skipped, and re-read rows are no-ops
 * (equal hash → no version bump, no feed entry).
 */
import type { Kysely } from 'kysely';
import type { ImportEntity } from '../config';
import type { DB, ImportCheckpointsTable } from '../db/schema';
import { nowIso } from '../db/ids';

type Db = Kysely<DB>;

export async function loadCheckpoint(db: Db, storeId: string, entity: ImportEntity): Promise<ImportCheckpointsTable | null> {
  return (await db.selectFrom('import_checkpoints').selectAll().where('store_id', '=', storeId).where('entity', '=', entity).executeTakeFirst()) ?? null;
}

export async function saveCheckpoint(db: Db | import('kysely').Transaction<DB>, storeId: string, entity: ImportEntity, patch: Partial<ImportCheckpointsTable>): Promise<void> {
  const at = nowIso();
  const base: ImportCheckpointsTable = {
    store_id: storeId,
    entity,
    mode: 'full',
    state: 'pending',
    run_id: null,
    phase: null,
    cursor: null,
    done: 0,
    total: null,
    started_at: null,
    finished_at: null,
    last_success_at: null,
    next_run_at: null,
    error: null,
    updated_at: at,
  };
  const { store_id: _s, entity: _e, ...update } = { ...patch, updated_at: at };
  await db
    .insertInto('import_checkpoints')
    .values({ ...base, ...patch, updated_at: at })
    .onConflict((oc) => oc.columns(['store_id', 'entity']).doUpdateSet(update))
    .execute();
}

export async function listCheckpoints(db: Db, storeId: string): Promise<ImportCheckpointsTable[]> {
  return db.selectFrom('import_checkpoints').selectAll().where('store_id', '=', storeId).execute();
}
