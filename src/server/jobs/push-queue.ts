/**
 * Bridge from the sync side's `ozon_push_queue` (migration 0010, written by
 * src/server/sync/ozon-push.ts enqueuePush) to export job items, so accepted
 * edits reach Ozon whichever hand-off the sync endpoints use:
 *
 * - adoptPushQueue(): each lane step takes the store's 'pending' queue entries
 *   of its kind and, in ONE transaction, marks them 'sending' (job_id set) and
 *   enqueues them with sourceMutationId = the entry's mutation id (so adopting
 *   twice is a no-op). Coalescing then happens on the job items; a queue
 *   entry whose item got superseded becomes 'superseded' too.
 * - settle (settle.ts) mirrors each item's outcome onto its queue entry
 *   (applied / failed / drifted + reason) in the same transaction as the
 *   item and the row's feed entry, so `ozonSyncStates` and the feed agree.
 *
 * Kinds without an export handler ('info' until attributes export lands)
 * stay in the queue untouched.
 */
import type { Kysely } from 'kysely';
import { nowIso } from '../db/ids';
import type { DB } from '../db/schema';
import { enqueueExport, type ExportKind, type ExportRequest } from './enqueue';

const QUEUE_KIND: Partial<Record<ExportKind, string>> = { price: 'prices', stock: 'stocks' };

export async function adoptPushQueue(db: Kysely<DB>, storeId: string, kind: ExportKind, limit = 1000): Promise<number> {
  const qkind = QUEUE_KIND[kind];
  if (!qkind) return 0;
  const rows = await db
    .selectFrom('ozon_push_queue')
    .selectAll()
    .where('store_id', '=', storeId)
    .where('kind', '=', qkind)
    .where('state', '=', 'pending')
    .orderBy('seq')
    .limit(limit)
    .execute();
  if (!rows.length) return 0;
  let adopted = 0;
  await db.transaction().execute(async (trx) => {
    const at = nowIso();
    const supersededItems: string[] = [];
    for (const r of rows) {
      const claimed = await trx
        .updateTable('ozon_push_queue')
        .set((eb) => ({ state: 'sending', attempts: eb('attempts', '+', 1), updated_at: at }))
        .where('id', '=', r.id)
        .where('state', '=', 'pending')
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) continue; // superseded by a newer edit meanwhile
      const fields = JSON.parse(r.fields) as Record<string, unknown>;
      const req = {
        workspaceId: r.workspace_id,
        storeId,
        kind,
        key: r.row_key,
        values: kind === 'stock' ? { present: Number(fields.present) } : pick(fields, ['price', 'oldPrice', 'minPrice']),
        changeSetId: r.change_set_id,
        sourceMutationId: r.mutation_id,
      } as ExportRequest;
      const res = await enqueueExport(trx, req);
      await trx.updateTable('ozon_push_queue').set({ job_id: res.jobId }).where('id', '=', r.id).execute();
      supersededItems.push(...res.superseded);
      adopted++;
    }
    if (supersededItems.length) {
      const muts = await trx.selectFrom('job_items').select('source_mutation_id').where('id', 'in', supersededItems).execute();
      const ids = muts.map((m) => m.source_mutation_id).filter((m): m is string => !!m);
      if (ids.length) {
        await trx
          .updateTable('ozon_push_queue')
          .set({ state: 'superseded', updated_at: at })
          .where('store_id', '=', storeId)
          .where('mutation_id', 'in', ids)
          .where('state', '=', 'sending')
          .execute();
      }
    }
  });
  return adopted;
}

function pick(o: Record<string, unknown>, keys: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) if (o[k] !== undefined && o[k] !== null) out[k] = String(o[k]);
  return out;
}
