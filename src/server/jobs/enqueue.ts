/**
 * Enqueueing Ozon exports (issue 3 "Export") — the stable API the sync
 * endpoints (issue 4) call when a person's edit is accepted.
 *
 *   await enqueueExport(trx, { workspaceId, storeId, kind: 'price', key: productId,
 *     values: { price: '1490.00', oldPrice: '1990.00' }, changeSetId, sourceMutationId });
 *   await enqueueExport(trx, { workspaceId, storeId, kind: 'stock', key: `${productId}:${warehouseId}`,
 *     values: { present: 12 }, sourceMutationId });
 *   const states = await exportStateFor(db, storeId, 'product', ['123', '456']); // Map<key, OzonSyncState>
 *
 * Call enqueueExport INSIDE the transaction that writes the row and its feed
 * entry: the export is durable iff the edit is. The runner (./runner.ts) picks
 * it up after commit (it polls; `notifyExports()` wakes it sooner).
 *
 * Invariants:
 * - Idempotent per (storeId, sourceMutationId): a retried mutation returns the
 *   first item and enqueues nothing.
 * - Coalescing: at most one unsent ('pending') item per (store, kind, target).
 *   A newer edit supersedes it (state 'superseded', superseded_by = new id) and,
 *   for prices/attributes, carries its fields forward, so Ozon receives the
 *   newest values once. An item already 'sending' is never touched.
 * - Item states: pending → sending (committed with attempt_id BEFORE the
 *   request) → written (Ozon said updated) → applied | failed (Ozon's code/message) | drifted (read-back
 *   differs after a successful write). A pending item held back by Ozon's
 *   limits keeps state 'pending' with not_before and error_code 'held' plus a
 *   human reason (e.g. the 10-price-changes-per-hour rule).
 * - The row's `ozonSync` (OzonSyncState) is derived from the newest
 *   non-superseded item of each kind for that row (exportStateFor). Every time
 *   an item settles the runner records a change-feed entry for the row (its
 *   version moves, its data does not), so clients re-pull it and see the state.
 */
import type { Kysely, Transaction } from 'kysely';
import { EXPORT_KINDS, EXPORT_SPECS, type ExportKind, type ExportValuesByKind } from '../../shared/exports';
import type { OzonSyncState } from '../../shared/sync/protocol';
import { newId, nowIso } from '../db/ids';
import type { DB } from '../db/schema';

type Db = Kysely<DB> | Transaction<DB>;

export { EXPORT_KINDS, type ExportKind, type ExportValuesByKind } from '../../shared/exports';

export type ExportRequest = {
  [K in ExportKind]: {
    workspaceId: string;
    storeId: string;
    kind: K;
    /** the target row's key: product_id, "productId:warehouseId", posting number, review id, "actionId:productId", … (EXPORT_SPECS[kind].key) */
    key: string;
    values: ExportValuesByKind[K];
    changeSetId?: string | null;
    /** the sync mutation id: enqueueing it again is a no-op */
    sourceMutationId?: string | null;
    createdBy?: string | null;
    /** the row's values of these fields before the edit (what Ozon had): the conflict dialog's `ozon` value; carried from the oldest superseded item */
    before?: Record<string, unknown> | null;
  };
}[ExportKind];

/** 'written': Ozon answered updated=true, the read-back has not confirmed it yet (never resent). */
export type ItemState = 'pending' | 'sending' | 'written' | 'applied' | 'failed' | 'drifted' | 'superseded';
export const SETTLED_STATES: ItemState[] = ['applied', 'failed', 'drifted'];

/**
 * Target of pacing/coalescing. Kinds of one group share a target (archive and
 * unarchive: the newest wins); commands that never coalesce (replies, chat
 * messages) get a target of their own.
 */
export function itemKeyFor(kind: ExportKind, key: string, itemId?: string): string {
  const spec = EXPORT_SPECS[kind];
  if (spec.coalesce === 'none') return `${kind}:${key}:${itemId ?? ''}`;
  return `${spec.group ?? kind}:${key}`;
}
const coalesceKinds = (kind: ExportKind): ExportKind[] => {
  const g = EXPORT_SPECS[kind].group;
  return g ? EXPORT_KINDS.filter((k) => EXPORT_SPECS[k].group === g) : [kind];
};

export interface EnqueueResult {
  itemId: string;
  jobId: string;
  /** true when sourceMutationId was already enqueued (nothing new was written) */
  duplicate: boolean;
  /** ids of unsent items this one replaced */
  superseded: string[];
}

const wakers = new Set<(storeId: string) => void>();
/** Runner hook: called after commit by whoever wants the export picked up at once (optional; the runner also polls). */
export function notifyExports(storeId: string): void {
  for (const w of wakers) w(storeId);
}
export function onExportsNotified(fn: (storeId: string) => void): () => void {
  wakers.add(fn);
  return () => wakers.delete(fn);
}

function validate(req: ExportRequest): void {
  if (!(EXPORT_KINDS as readonly string[]).includes(req.kind)) throw new Error(`enqueueExport: unknown kind ${String(req.kind)}`);
  const spec = EXPORT_SPECS[req.kind];
  if (!spec.key.safeParse(req.key).success) throw new Error(`enqueueExport: ${req.kind} key ${JSON.stringify(req.key).slice(0, 80)} is not a ${spec.entity} key`);
  const v = spec.values.safeParse(req.values);
  if (!v.success) throw new Error(`enqueueExport: ${req.kind} values: ${v.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`);
}

/**
 * The open job an item joins: one queued/running job per (store, kind, change
 * set). Jobs are containers for listing and progress; the runner works items.
 */
async function openJob(trx: Db, req: ExportRequest, at: string): Promise<string> {
  let q = trx
    .selectFrom('jobs')
    .select('id')
    .where('store_id', '=', req.storeId)
    .where('kind', '=', req.kind)
    .where('state', 'in', ['queued', 'running']);
  q = req.changeSetId ? q.where('change_set_id', '=', req.changeSetId) : q.where('change_set_id', 'is', null);
  const found = await q.orderBy('created_at', 'desc').limit(1).executeTakeFirst();
  if (found) return found.id;
  const id = newId();
  await trx
    .insertInto('jobs')
    .values({
      id,
      workspace_id: req.workspaceId,
      store_id: req.storeId,
      kind: req.kind,
      state: 'queued',
      change_set_id: req.changeSetId ?? null,
      created_by: req.createdBy ?? null,
      attempts: 0,
      next_attempt_at: null,
      last_error: null,
      total_items: 0,
      created_at: at,
      updated_at: at,
      finished_at: null,
    })
    .execute();
  return id;
}

/** Inside the caller's transaction. See the module comment for the invariants. */
export async function enqueueExport(trx: Db, req: ExportRequest): Promise<EnqueueResult> {
  validate(req);
  if (req.sourceMutationId) {
    const dup = await trx
      .selectFrom('job_items')
      .select(['id', 'job_id'])
      .where('store_id', '=', req.storeId)
      .where('source_mutation_id', '=', req.sourceMutationId)
      .executeTakeFirst();
    if (dup) return { itemId: dup.id, jobId: dup.job_id, duplicate: true, superseded: [] };
  }
  const at = nowIso();
  const id = newId();
  const itemKey = itemKeyFor(req.kind, req.key, id);
  // coalesce with unsent items for the same target
  const prev = await trx
    .selectFrom('job_items')
    .select(['id', 'kind', 'payload', 'not_before', 'error_code', 'error_message', 'ozon_before'])
    .where('store_id', '=', req.storeId)
    .where('kind', 'in', coalesceKinds(req.kind))
    .where('item_key', '=', itemKey)
    .where('state', '=', 'pending')
    .orderBy('id')
    .execute();
  let values: Record<string, unknown> = { ...req.values };
  let before: Record<string, unknown> | null = req.before ?? null;
  const superseded: string[] = [];
  let hold: { not_before: string | null; error_code: string | null; error_message: string | null } = { not_before: null, error_code: null, error_message: null };
  for (const p of prev) {
    const r = await trx
      .updateTable('job_items')
      .set({ state: 'superseded', superseded_by: id, updated_at: at, settled_at: at })
      .where('id', '=', p.id)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) continue; // the runner claimed it meanwhile: it goes out as it is
    superseded.push(p.id);
    if (req.kind === 'price' || req.kind === 'attributes') values = { ...(JSON.parse(p.payload) as Record<string, unknown>), ...values };
    // a hold is about the kind's own limit (e.g. 10 price changes an hour): an archive replacing a held unarchive does not wait for it
    if (p.not_before && p.kind === req.kind) hold = { not_before: p.not_before, error_code: p.error_code, error_message: p.error_message };
    // Ozon still has the values from before the oldest unsent edit
    if (p.ozon_before) before = { ...(before ?? {}), ...(JSON.parse(p.ozon_before) as Record<string, unknown>) };
  }
  const jobId = await openJob(trx, req, at);
  await trx
    .insertInto('job_items')
    .values({
      id,
      job_id: jobId,
      store_id: req.storeId,
      position: 0,
      item_key: itemKey,
      payload: JSON.stringify(values),
      state: 'pending',
      attempts: 0,
      batch_id: null,
      sent_at: null,
      not_before: hold.not_before,
      error_code: hold.error_code,
      error_message: hold.error_message,
      readback: null,
      updated_at: at,
      workspace_id: req.workspaceId,
      kind: req.kind,
      entity: EXPORT_SPECS[req.kind].entity,
      row_key: req.key,
      change_set_id: req.changeSetId ?? null,
      source_mutation_id: req.sourceMutationId ?? null,
      attempt_id: null,
      superseded_by: null,
      created_at: at,
      settled_at: null,
      ozon_before: before ? JSON.stringify(before) : null,
    })
    .execute();
  await trx
    .updateTable('jobs')
    .set((eb) => ({ total_items: eb('total_items', '+', 1), updated_at: at }))
    .where('id', '=', jobId)
    .execute();
  return { itemId: id, jobId, duplicate: false, superseded };
}

interface StateRow {
  row_key: string | null;
  kind: string | null;
  state: string;
  error_code: string | null;
  error_message: string | null;
  updated_at: string;
  id: string;
}

function summarize(rows: StateRow[]): OzonSyncState {
  const latest = new Map<string, StateRow>();
  for (const r of rows) {
    const k = r.kind && (EXPORT_KINDS as readonly string[]).includes(r.kind) ? (EXPORT_SPECS[r.kind as ExportKind].group ?? r.kind) : (r.kind ?? '');
    const cur = latest.get(k);
    if (!cur || r.id > cur.id) latest.set(k, r);
  }
  const list = [...latest.values()];
  const at = list.reduce((m, e) => (e.updated_at > m ? e.updated_at : m), '') || null;
  const why = (e: StateRow) => (e.error_code && e.error_code !== 'held' ? `${e.kind}: ${e.error_code}${e.error_message ? ` — ${e.error_message}` : ''}` : `${e.kind}: ${e.error_message ?? e.state}`);
  const failed = list.filter((e) => e.state === 'failed');
  if (failed.length) return { state: 'failed', reason: failed.map(why).join('; '), at };
  const drifted = list.filter((e) => e.state === 'drifted');
  if (drifted.length) return { state: 'drifted', reason: drifted.map(why).join('; '), at };
  const open = list.filter((e) => e.state === 'pending' || e.state === 'sending' || e.state === 'written');
  if (open.length) {
    const held = open.filter((e) => e.error_code === 'held' && e.error_message);
    return { state: 'pending', reason: held.length ? held.map((e) => `${e.kind}: ${e.error_message}`).join('; ') : null, at };
  }
  return { state: 'synced', reason: null, at };
}

/**
 * ozonSync per row key for rows of one store/entity ('product' keys are
 * product ids, 'stock' keys "productId:warehouseId"). Rows never exported
 * through Sellerdesk are absent from the map (→ treat as null / synced).
 */
export async function exportStateFor(db: Db, storeId: string, entity: 'product' | 'stock' | string, keys: string[]): Promise<Map<string, OzonSyncState>> {
  const out = new Map<string, OzonSyncState>();
  const byKey = new Map<string, StateRow[]>();
  for (let i = 0; i < keys.length; i += 500) {
    const chunk = keys.slice(i, i + 500);
    const rows = await db
      .selectFrom('job_items')
      .select(['id', 'row_key', 'kind', 'state', 'error_code', 'error_message', 'updated_at'])
      .where('store_id', '=', storeId)
      .where('entity', '=', entity)
      .where('row_key', 'in', chunk)
      .where('state', '<>', 'superseded')
      .execute();
    for (const r of rows) {
      const list = byKey.get(r.row_key!) ?? [];
      list.push(r);
      byKey.set(r.row_key!, list);
    }
  }
  for (const [k, rows] of byKey) out.set(k, summarize(rows));
  return out;
}
