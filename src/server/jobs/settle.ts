/**
 * Item state transitions of the export runner, each in its own short
 * transaction. Settling an item (applied / failed / drifted) records a
 * change-feed entry for the store-data row it changed (the row's version
 * moves, its data does not) in the SAME transaction, so a client pulling the
 * feed re-reads the row and its `ozonSync` (exportStateFor) together. The
 * row's data moves only when the read-back brought the whole row (ReadBack.row:
 * a posting's new status), written in that same transaction.
 *
 * Lock order: job_items → workspace_seq → store-data rows (the rows are only
 * read before the feed entries are allocated, then updated). Job rows are
 * updated in a separate transaction (refreshJobs) so the runner never holds a
 * job row while waiting for workspace_seq, the order enqueueExport's caller
 * uses (workspace_seq first, then jobs).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { newId, nowIso } from '../db/ids';
import type { DB } from '../db/schema';
import { recordChanges } from '../store-data/feed';
import { keyIn, rowKey, splitKey, TABLES } from '../store-data/tables';
import { applyRows, type RowInput } from '../store-data/upsert';

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
  /** the item's target row as the read-back saw it (ReadBack.row): written with the outcome */
  row?: RowInput;
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
  // (looked up by id: batch_id has no index, and a scan grows with the whole queue's history)
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.selectFrom('job_items').selectAll().where('id', 'in', ids.slice(i, i + 500)).where('batch_id', '=', batchId).where('state', '=', 'sending').orderBy('id').execute();
    for (const r of rows) items.push(r as ItemRow);
  }
  await db.updateTable('jobs').set({ state: 'running', updated_at: at }).where('id', 'in', [...new Set(items.map((r) => r.job_id)), '']).where('state', '=', 'queued').execute();
  return { batchId, items };
}

/** Ozon acknowledged the write (updated=true): awaiting read-back; never resent from here. */
export async function markWritten(db: Kysely<DB>, ids: string[]): Promise<void> {
  if (!ids.length) return;
  const at = nowIso();
  // one commit for the batch, not one per slice
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < ids.length; i += 500) {
      await trx.updateTable('job_items').set({ state: 'written', updated_at: at }).where('id', 'in', ids.slice(i, i + 500)).where('state', '=', 'sending').execute();
    }
  });
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
 * store data), in one transaction per workspace. Batched: one UPDATE per 200
 * items (CASE per column) and one read + one version UPDATE per 200 rows, so
 * settling 5,000 items is ~50 statements on PostgreSQL, not ~15,000.
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
      for (let i = 0; i < list.length; i += CHUNK) await settleChunk(trx as unknown as AnyDb, list.slice(i, i + CHUNK), at);
      if (ws) await writeRows(trx, ws, list.flatMap((o) => (o.row ? [{ item: byId.get(o.id)!, row: o.row }] : [])));
      if (ws) await touchRows(trx as unknown as AnyDb, ws, list.map((o) => byId.get(o.id)!).filter((i) => i.entity && i.row_key));
    });
  }
}

const CHUNK = 200;

async function settleChunk(trx: AnyDb, list: Outcome[], at: string): Promise<void> {
  // A column every item of the chunk agrees on (a batch that all applied: no code, no message) is
  // one value; the others are a CASE on id, written as raw SQL because kysely's case builder
  // copies the whole node on every WHEN (quadratic in the chunk, the bulk of a 1,000-item settle).
  const byItem = (pick: (o: Outcome) => string | null) => {
    const values = list.map(pick);
    if (values.every((v) => v === values[0])) return values[0] ?? null;
    return sql<string | null>`case ${sql.ref('id')} ${sql.join(
      list.map((o, n) => sql`when ${o.id} then ${values[n]}`),
      sql` `,
    )} end`;
  };
  await trx
    .updateTable('job_items')
    .set({
      state: byItem((o) => o.state),
      error_code: byItem((o) => o.code ?? null),
      error_message: byItem((o) => o.message ?? null),
      readback: byItem((o) => (o.readback === undefined ? null : JSON.stringify(o.readback))),
      not_before: null,
      settled_at: at,
      updated_at: at,
    })
    .where(
      'id',
      'in',
      list.map((o) => o.id),
    )
    .where('state', 'in', ['sending', 'written', 'pending'])
    .execute();
}

/**
 * Rows the read-backs saw (Outcome.row), through the one store-data writer:
 * it takes the feed lock before reading the rows (job_items → workspace_seq →
 * rows, this module's order) and moves a row and the feed only when its
 * document changed.
 */
async function writeRows(trx: Transaction<DB>, workspaceId: string, rows: { item: ItemRow; row: RowInput }[]): Promise<void> {
  const groups = new Map<string, { storeId: string; entity: keyof typeof TABLES; rows: RowInput[] }>();
  for (const { item, row } of rows) {
    if (!isTable(item.entity)) continue;
    const g = `${item.store_id}|${item.entity}`;
    if (!groups.has(g)) groups.set(g, { storeId: item.store_id, entity: item.entity, rows: [] });
    groups.get(g)!.rows.push(row);
  }
  for (const g of groups.values()) await applyRows(trx, TABLES[g.entity], { workspaceId, storeId: g.storeId }, g.rows);
}

/** Any store-data entity an export kind targets (product, stock, posting, review, question, chat, promotion_product). */
type Touched = { storeId: string; entity: keyof typeof TABLES; rowKey: string };
const isTable = (e: string | null): e is keyof typeof TABLES => !!e && Object.hasOwn(TABLES, e);

/** New feed entries for the rows (their ozonSync changed); data untouched. */
async function touchRows(trx: AnyDb, workspaceId: string, items: ItemRow[]): Promise<void> {
  const groups = new Map<string, Map<string, Touched>>();
  for (const i of items) {
    if (!isTable(i.entity)) continue;
    const g = `${i.store_id}|${i.entity}`;
    if (!groups.has(g)) groups.set(g, new Map());
    groups.get(g)!.set(i.row_key!, { storeId: i.store_id, entity: i.entity, rowKey: i.row_key! });
  }
  const existing: (Touched & { deleted: number })[] = [];
  for (const rows of groups.values()) {
    const list = [...rows.values()];
    const spec = TABLES[list[0]!.entity];
    for (let n = 0; n < list.length; n += CHUNK) {
      const chunk = list.slice(n, n + CHUNK);
      const found = (await trx
        .selectFrom(spec.table)
        .select([...spec.keys, 'deleted'])
        .where('store_id', '=', chunk[0]!.storeId)
        .where(keyIn(spec.keys, chunk.map((r) => splitKey(r.rowKey, spec.keys.length))))
        .execute()) as Record<string, unknown>[];
      const seen = new Map(found.map((r) => [rowKey(spec.keys.map((k) => String(r[k]))), Number(r.deleted)]));
      for (const r of chunk) if (seen.has(r.rowKey)) existing.push({ ...r, deleted: seen.get(r.rowKey)! });
    }
  }
  if (!existing.length) return;
  const seqs = await recordChanges(
    trx,
    workspaceId,
    existing.map((r) => ({ storeId: r.storeId, entity: r.entity, rowKey: r.rowKey, op: r.deleted ? 'delete' : 'upsert' })),
  );
  const at = nowIso();
  const withSeq = existing.map((r, n) => ({ ...r, seq: seqs[n]! }));
  const byGroup = new Map<string, typeof withSeq>();
  for (const r of withSeq) byGroup.set(`${r.storeId}|${r.entity}`, [...(byGroup.get(`${r.storeId}|${r.entity}`) ?? []), r]);
  for (const list of byGroup.values()) {
    const spec = TABLES[list[0]!.entity];
    for (let n = 0; n < list.length; n += CHUNK) {
      const chunk = list.slice(n, n + CHUNK);
      await trx
        .updateTable(spec.table)
        .set({
          // raw CASE for the reason given in settleChunk; sequences inline as integer literals (as kysely's
          // builder does), since PostgreSQL reads a CASE of untyped parameters as text, not bigint
          // (a one-column key is a simple CASE on it, not an IN per row)
          version:
            spec.keys.length === 1
              ? sql<number>`case ${sql.ref(spec.keys[0]!)} ${sql.join(
                  chunk.map((r) => sql`when ${r.rowKey} then ${sql.lit(Math.trunc(Number(r.seq)))}`),
                  sql` `,
                )} end`
              : sql<number>`case ${sql.join(
                  chunk.map((r) => sql`when ${keyIn(spec.keys, [splitKey(r.rowKey, spec.keys.length)])} then ${sql.lit(Math.trunc(Number(r.seq)))}`),
                  sql` `,
                )} end`,
          updated_at: at,
        })
        .where('store_id', '=', chunk[0]!.storeId)
        .where(keyIn(spec.keys, chunk.map((r) => splitKey(r.rowKey, spec.keys.length))))
        .execute();
    }
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
