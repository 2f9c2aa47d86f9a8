/**
 * Item state transitions of the export runner, each in its own short
 * transaction. Settling an item (applied / failed / drifted) records a
 * change-feed entry for the store-data row it changed (the row's version
 * moves, its data does not) in the SAME transaction, so a client pulling the
 * feed re-reads the row and its `ozonSync` (exportStateFor) together.
 *
 * Lock order: job_items → store-data row → workspace_seq. Job rows are
 * updated in a separate transaction (refreshJobs) so the runner never holds a
 * job row while waiting for workspace_seq, the order enqueueExport's caller
 * uses (workspace_seq first, then jobs).
 */
import type { Kysely } from 'kysely';
import { newId, nowIso } from '../db/ids';
import type { DB } from '../db/schema';
import { recordChanges } from '../store-data/feed';
import { TABLES } from '../store-data/tables';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- store-data tables are addressed by name
type AnyDb = Kysely<any>;

export interface ItemRow {
  id: string;
  job_id: string;
  store_id: string;
  workspace_id: string | null;
  kind: string | null;
  entity: string | null;
  row_key: string | null;
  item_key: string;
  payload: string;
  state: string;
  attempts: number;
  attempt_id: string | null;
  sent_at: string | null;
  source_mutation_id?: string | null;
}

export interface Outcome {
  id: string;
  state: 'applied' | 'failed' | 'drifted';
  code?: string | null;
  message?: string | null;
  readback?: unknown;
}

/** pending → sending for the given items (only those still pending); returns the claimed rows. Commit happens before any request. */
export async function markSending(db: Kysely<DB>, ids: string[], at: string): Promise<{ batchId: string; items: ItemRow[] }> {
  const batchId = newId();
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      await trx
        .updateTable('job_items')
        .set((eb) => ({ state: 'sending', batch_id: batchId, attempt_id: batchId, attempts: eb('attempts', '+', 1), sent_at: at, updated_at: at, error_code: null, error_message: null }))
        .where('id', 'in', chunk)
        .where('state', '=', 'pending')
        .execute();
    }
  });
  const items: ItemRow[] = [];
  // batch ids are unique per call: the rows carrying it are exactly the ones this call claimed
  const rows = await db.selectFrom('job_items').selectAll().where('batch_id', '=', batchId).where('state', '=', 'sending').execute();
  for (const r of rows) items.push(r as ItemRow);
  await db.updateTable('jobs').set({ state: 'running', updated_at: at }).where('id', 'in', [...new Set(items.map((r) => r.job_id)), '']).where('state', '=', 'queued').execute();
  return { batchId, items };
}

/** Ozon acknowledged the write (updated=true): awaiting read-back; never resent from here. */
export async function markWritten(db: Kysely<DB>, ids: string[]): Promise<void> {
  if (!ids.length) return;
  const at = nowIso();
  for (let i = 0; i < ids.length; i += 500) {
    await db.updateTable('job_items').set({ state: 'written', updated_at: at }).where('id', 'in', ids.slice(i, i + 500)).where('state', '=', 'sending').execute();
  }
}

/** Back to pending (not sent, or Ozon certainly did not apply it), optionally held until `notBefore` with a reason. */
export async function markPending(db: Kysely<DB>, ids: string[], hold?: { notBefore: string; code: string; message: string }): Promise<void> {
  if (!ids.length) return;
  const at = nowIso();
  for (let i = 0; i < ids.length; i += 500) {
    await db
      .updateTable('job_items')
      .set({ state: 'pending', updated_at: at, not_before: hold?.notBefore ?? null, error_code: hold?.code ?? null, error_message: hold?.message ?? null })
      .where('id', 'in', ids.slice(i, i + 500))
      .where('state', 'in', ['sending', 'written', 'pending'])
      .execute();
  }
}

/** Holds pending items (pacing) without claiming them: the item tells why it waits. */
export async function holdPending(db: Kysely<DB>, holds: { id: string; notBefore: string; message: string }[]): Promise<void> {
  if (!holds.length) return;
  const at = nowIso();
  await db.transaction().execute(async (trx) => {
    for (const h of holds) {
      await trx.updateTable('job_items').set({ not_before: h.notBefore, error_code: 'held', error_message: h.message, updated_at: at }).where('id', '=', h.id).where('state', '=', 'pending').execute();
    }
  });
}

/**
 * Final outcomes plus one feed entry per affected row (rows that exist in
 * store data), in one transaction per workspace.
 */
export async function settle(db: Kysely<DB>, items: ItemRow[], outcomes: Outcome[]): Promise<void> {
  if (!outcomes.length) return;
  const byId = new Map(items.map((i) => [i.id, i]));
  const at = nowIso();
  const byWs = new Map<string, Outcome[]>();
  for (const o of outcomes) {
    const ws = byId.get(o.id)?.workspace_id ?? '';
    byWs.set(ws, [...(byWs.get(ws) ?? []), o]);
  }
  for (const [ws, list] of byWs) {
    await db.transaction().execute(async (trx) => {
      for (const o of list) {
        await trx
          .updateTable('job_items')
          .set({
            state: o.state,
            error_code: o.code ?? null,
            error_message: o.message ?? null,
            readback: o.readback === undefined ? null : JSON.stringify(o.readback),
            not_before: null,
            settled_at: at,
            updated_at: at,
          })
          .where('id', '=', o.id)
          .where('state', 'in', ['sending', 'written', 'pending'])
          .execute();
      }
      // mirror onto the sync side's queue entry (push-queue.ts), same transaction
      for (const o of list) {
        const it = byId.get(o.id);
        if (!it?.source_mutation_id) continue;
        await trx
          .updateTable('ozon_push_queue')
          .set({ state: o.state, reason: o.state === 'applied' ? null : [o.code, o.message].filter(Boolean).join(': ') || null, updated_at: at })
          .where('store_id', '=', it.store_id)
          .where('mutation_id', '=', it.source_mutation_id)
          .where('state', 'in', ['sending', 'pending'])
          .execute();
      }
      if (ws) await touchRows(trx as unknown as AnyDb, ws, list.map((o) => byId.get(o.id)!).filter((i) => i.entity && i.row_key));
    });
  }
}

/** New feed entries for the rows (their ozonSync changed); data untouched. */
async function touchRows(trx: AnyDb, workspaceId: string, items: ItemRow[]): Promise<void> {
  const rows = new Map<string, { storeId: string; entity: 'product' | 'stock'; rowKey: string }>();
  for (const i of items) {
    if (i.entity !== 'product' && i.entity !== 'stock') continue;
    rows.set(`${i.store_id}|${i.entity}|${i.row_key}`, { storeId: i.store_id, entity: i.entity, rowKey: i.row_key! });
  }
  const existing: { storeId: string; entity: 'product' | 'stock'; rowKey: string; deleted: number }[] = [];
  for (const r of rows.values()) {
    const spec = TABLES[r.entity];
    const parts = r.rowKey.split(':');
    let q = trx.selectFrom(spec.table).select('deleted').where('store_id', '=', r.storeId);
    spec.keys.forEach((k, i) => (q = q.where(k, '=', parts[i] ?? '')));
    const row = (await q.executeTakeFirst()) as { deleted: number } | undefined;
    if (row) existing.push({ ...r, deleted: row.deleted });
  }
  if (!existing.length) return;
  const seqs = await recordChanges(
    trx,
    workspaceId,
    existing.map((r) => ({ storeId: r.storeId, entity: r.entity, rowKey: r.rowKey, op: r.deleted ? 'delete' : 'upsert' })),
  );
  const at = nowIso();
  for (const [n, r] of existing.entries()) {
    const spec = TABLES[r.entity];
    const parts = r.rowKey.split(':');
    let u = trx.updateTable(spec.table).set({ version: seqs[n]!, updated_at: at }).where('store_id', '=', r.storeId);
    spec.keys.forEach((k, i) => (u = u.where(k, '=', parts[i] ?? '')));
    await u.execute();
  }
}

/** Job state from its items: running while any item is open, then done (failed when every item failed). */
export async function refreshJobs(db: Kysely<DB>, jobIds: string[]): Promise<void> {
  const at = nowIso();
  for (const id of new Set(jobIds)) {
    const counts = await db
      .selectFrom('job_items')
      .select(['state', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('job_id', '=', id)
      .groupBy('state')
      .execute();
    const c = new Map(counts.map((r) => [r.state, Number(r.n)]));
    const open = (c.get('pending') ?? 0) + (c.get('sending') ?? 0) + (c.get('written') ?? 0);
    const settled = (c.get('applied') ?? 0) + (c.get('drifted') ?? 0) + (c.get('failed') ?? 0);
    if (open > 0) {
      await db.updateTable('jobs').set({ state: 'running', finished_at: null, updated_at: at }).where('id', '=', id).where('state', '<>', 'running').execute();
      continue;
    }
    const failedAll = settled > 0 && (c.get('failed') ?? 0) === settled;
    const errors = failedAll ? 'every item failed' : null;
    await db.updateTable('jobs').set({ state: failedAll ? 'failed' : 'done', last_error: errors, finished_at: at, updated_at: at }).where('id', '=', id).where('state', 'in', ['queued', 'running']).execute();
  }
}
