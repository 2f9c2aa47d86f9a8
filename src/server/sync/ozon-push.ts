/**
 * Accepted edits on their way to Ozon (issue 4 ↔ the Ozon connector).
 *
 * Every accepted price/stock/info edit enqueues one `ozon_push_queue` entry in
 * the SAME transaction as the row and its feed entry, tagged with the mutation
 * and its change set, so a crash never loses an edit Ozon has not seen. The
 * row's `ozonSync` in the feed is derived from these entries.
 *
 * Hand-off to the exporter (connector, src/server/jobs): claimPushes() marks
 * entries 'sending' and commits BEFORE the request leaves; completePush()
 * stores Ozon's outcome and records a feed change for the row (its version
 * moves) so every client sees the new `ozonSync` state.
 *
 * Invariants:
 * - At most one 'pending' entry per (row, kind): a newer edit of the same kind
 *   supersedes an unsent one and carries its fields forward, so the exporter
 *   always sends the newest values once.
 * - `before` of the oldest unsent entry is the value Ozon last had (conflict `ozon`).
 */
import type { Kysely, Transaction } from 'kysely';
import type { OzonSyncState } from '../../shared/sync/protocol';
import { newId, nowIso } from '../db/ids';
import type { DB } from '../db/schema';
import { recordChange } from '../store-data/feed';
import { TABLES } from '../store-data/tables';

type Db = Kysely<DB> | Transaction<DB>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- store-data tables are addressed by name
type AnyDb = Kysely<any>;

export type PushKind = 'prices' | 'stocks' | 'info';
export type PushState = 'pending' | 'sending' | 'applied' | 'failed' | 'drifted' | 'superseded';

export const FIELD_KIND: Record<string, PushKind> = {
  'product.price': 'prices',
  'product.oldPrice': 'prices',
  'product.minPrice': 'prices',
  'product.name': 'info',
  'product.description': 'info',
  'stock.present': 'stocks',
};

export interface EnqueueInput {
  workspaceId: string;
  storeId: string;
  entity: 'product' | 'stock';
  rowKey: string;
  kind: PushKind;
  mutationId: string;
  changeSetId: string | null;
  seq: number;
  fields: Record<string, unknown>;
  before: Record<string, unknown>;
}

/** Inside the mutation's transaction. Supersedes an unsent entry of the same row and kind. */
export async function enqueuePush(trx: Db, e: EnqueueInput): Promise<string> {
  const prev = await trx
    .selectFrom('ozon_push_queue')
    .select(['id', 'fields', 'before'])
    .where('store_id', '=', e.storeId)
    .where('entity', '=', e.entity)
    .where('row_key', '=', e.rowKey)
    .where('kind', '=', e.kind)
    .where('state', '=', 'pending')
    .execute();
  let fields = e.fields;
  let before = e.before;
  const at = nowIso();
  for (const p of prev) {
    fields = { ...(JSON.parse(p.fields) as Record<string, unknown>), ...fields };
    // Ozon still has the values from before the oldest unsent edit
    before = { ...before, ...(JSON.parse(p.before) as Record<string, unknown>) };
  }
  if (prev.length) {
    await trx
      .updateTable('ozon_push_queue')
      .set({ state: 'superseded', updated_at: at })
      .where('id', 'in', prev.map((p) => p.id))
      .execute();
  }
  const id = newId();
  await trx
    .insertInto('ozon_push_queue')
    .values({
      id,
      workspace_id: e.workspaceId,
      store_id: e.storeId,
      entity: e.entity,
      row_key: e.rowKey,
      kind: e.kind,
      mutation_id: e.mutationId,
      change_set_id: e.changeSetId,
      seq: e.seq,
      fields: JSON.stringify(fields),
      before: JSON.stringify(before),
      state: 'pending',
      reason: null,
      job_id: null,
      attempts: 0,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return id;
}

export interface PushEntry {
  id: string;
  storeId: string;
  entity: 'product' | 'stock';
  rowKey: string;
  kind: PushKind;
  mutationId: string;
  changeSetId: string | null;
  fields: Record<string, unknown>;
}

/** For the exporter: marks up to `limit` pending entries of a store and kind 'sending' (commit before sending). */
export async function claimPushes(db: Kysely<DB>, storeId: string, kind: PushKind, limit: number, jobId: string | null = null): Promise<PushEntry[]> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('ozon_push_queue')
      .selectAll()
      .where('store_id', '=', storeId)
      .where('state', '=', 'pending')
      .where('kind', '=', kind)
      .orderBy('seq')
      .limit(limit)
      .execute();
    if (!rows.length) return [];
    await trx
      .updateTable('ozon_push_queue')
      .set((eb) => ({ state: 'sending', job_id: jobId, attempts: eb('attempts', '+', 1), updated_at: nowIso() }))
      .where('id', 'in', rows.map((r) => r.id))
      .where('state', '=', 'pending')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      storeId: r.store_id,
      entity: r.entity as PushEntry['entity'],
      rowKey: r.row_key,
      kind: r.kind as PushKind,
      mutationId: r.mutation_id,
      changeSetId: r.change_set_id,
      fields: JSON.parse(r.fields) as Record<string, unknown>,
    }));
  });
}

/**
 * For the exporter: Ozon's outcome of one entry ('pending' puts it back for a
 * retry). Records a feed change for the row so clients see the new ozonSync.
 */
export async function completePush(db: Kysely<DB>, id: string, outcome: { state: 'applied' | 'failed' | 'drifted' | 'pending'; reason?: string | null }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const e = await trx.selectFrom('ozon_push_queue').selectAll().where('id', '=', id).executeTakeFirst();
    if (!e) return;
    await trx.updateTable('ozon_push_queue').set({ state: outcome.state, reason: outcome.reason ?? null, updated_at: nowIso() }).where('id', '=', id).execute();
    await touchRow(trx, e.workspace_id, e.store_id, e.entity as 'product' | 'stock', e.row_key);
  });
}

/** Moves the row's version to a new feed entry without changing its data (its ozonSync changed). */
export async function touchRow(trx: Db, workspaceId: string, storeId: string, entity: 'product' | 'stock', rowKey: string): Promise<number | null> {
  const spec = TABLES[entity];
  const parts = rowKey.split(':');
  let q = (trx as unknown as AnyDb).selectFrom(spec.table).select('deleted').where('store_id', '=', storeId);
  spec.keys.forEach((k, i) => (q = q.where(k, '=', parts[i]!)));
  const row = (await q.executeTakeFirst()) as { deleted: number } | undefined;
  if (!row) return null;
  const seq = await recordChange(trx, workspaceId, { storeId, entity, rowKey, op: row.deleted ? 'delete' : 'upsert' });
  let u = (trx as unknown as AnyDb).updateTable(spec.table).set({ version: seq, updated_at: nowIso() }).where('store_id', '=', storeId);
  spec.keys.forEach((k, i) => (u = u.where(k, '=', parts[i]!)));
  await u.execute();
  return seq;
}

interface QueueRow {
  row_key: string;
  kind: string;
  state: string;
  reason: string | null;
  seq: number | string;
  before: string;
  fields: string;
  updated_at: string;
}

/** Latest live entry per (row, kind) for the given rows of one store/entity, batched. */
async function liveEntries(db: Db, storeId: string, entity: string, rowKeys: string[]): Promise<Map<string, QueueRow[]>> {
  const out = new Map<string, QueueRow[]>();
  for (let i = 0; i < rowKeys.length; i += 500) {
    const chunk = rowKeys.slice(i, i + 500);
    const rows = await db
      .selectFrom('ozon_push_queue')
      .select(['row_key', 'kind', 'state', 'reason', 'seq', 'before', 'fields', 'updated_at'])
      .where('store_id', '=', storeId)
      .where('entity', '=', entity)
      .where('row_key', 'in', chunk)
      .where('state', '<>', 'superseded')
      .orderBy('seq')
      .execute();
    for (const r of rows) {
      const list = out.get(r.row_key) ?? [];
      list.push(r);
      out.set(r.row_key, list);
    }
  }
  return out;
}

function summarize(entries: QueueRow[]): OzonSyncState {
  // the newest entry of each kind speaks for that kind
  const latest = new Map<string, QueueRow>();
  for (const e of entries) latest.set(e.kind, e);
  const list = [...latest.values()];
  const at = list.reduce((m, e) => (e.updated_at > m ? e.updated_at : m), '');
  const failed = list.filter((e) => e.state === 'failed');
  if (failed.length) return { state: 'failed', reason: failed.map((e) => e.reason ?? e.kind).join('; '), at };
  const drifted = list.filter((e) => e.state === 'drifted');
  if (drifted.length) return { state: 'drifted', reason: drifted.map((e) => e.reason ?? e.kind).join('; '), at };
  if (list.some((e) => e.state === 'pending' || e.state === 'sending')) return { state: 'pending', reason: null, at };
  return { state: 'synced', reason: null, at };
}

/** ozonSync per row key (rows never edited through Sellerdesk are absent → null). */
export async function ozonSyncStates(db: Db, storeId: string, entity: string, rowKeys: string[]): Promise<Map<string, OzonSyncState>> {
  const out = new Map<string, OzonSyncState>();
  if (!rowKeys.length) return out;
  for (const [k, entries] of await liveEntries(db, storeId, entity, rowKeys)) out.set(k, summarize(entries));
  return out;
}

/**
 * The value Ozon last had for each field of one row, when known: from the
 * oldest edit Ozon has not confirmed yet; undefined when nothing is in flight
 * (then the server's value is Ozon's own).
 */
export async function ozonValues(db: Db, storeId: string, entity: string, rowKey: string): Promise<Record<string, unknown> | null> {
  const entries = (await liveEntries(db, storeId, entity, [rowKey])).get(rowKey) ?? [];
  const unconfirmed = entries.filter((e) => e.state !== 'applied');
  if (!unconfirmed.length) return null;
  const out: Record<string, unknown> = {};
  // newest first so the oldest unconfirmed `before` wins
  for (const e of [...unconfirmed].reverse()) Object.assign(out, JSON.parse(e.before) as Record<string, unknown>);
  return out;
}
