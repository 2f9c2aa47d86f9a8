/**
 * Enqueueing Ozon exports (issue 3 "Export") — the stable API the sync
 * endpoints (issue 4) call when a person's edit is accepted.
 *
 *   await enqueueExport(trx, { workspaceId, storeId, kind: 'price', key: productId,
 *     values: { price: '1490.00', oldPrice: '1990.00' }, changeSetId, sourceMutationId });
 *   await enqueueExport(trx, { workspaceId, storeId, kind: 'stock', key: `${productId}:${warehouseId}`,
 *     values: { present: 12 }, sourceMutationId });
 *   const states = await exportStateFor(db, storeId, 'product', ['123', '456']); // Map<key, OzonSyncState>
 *   await enqueueExports(trx, requests); // many at once (a push chunk): the same outcome as one by one, in order
 *
 * Call enqueueExport(s) INSIDE the transaction that writes the row and its feed
 * entry: the export is durable iff the edit is. The runner (./runner.ts) picks
 * it up after commit (it polls; `notifyExports()` wakes it sooner).
 *
 * Invariants:
 * - Idempotent per (storeId, sourceMutationId, kind): a retried mutation
 *   returns its first items and enqueues nothing; one edit of a price and a
 *   name is two items (price, attributes) of one mutation.
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
 *   version moves; its data only when the read-back brought the whole row, as
 *   a posting's does), so clients re-pull it and see the state.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
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

/** Rows per multi-row insert / ids per IN list: well under SQLite's and PostgreSQL's bound-parameter limits. */
const SLICE = 200;
const slices = <T>(xs: T[]): T[][] => Array.from({ length: Math.ceil(xs.length / SLICE) }, (_, i) => xs.slice(i * SLICE, (i + 1) * SLICE));

/** Inside the caller's transaction. See the module comment for the invariants. */
export async function enqueueExport(trx: Db, req: ExportRequest): Promise<EnqueueResult> {
  return (await enqueueExports(trx, [req]))[0]!;
}

type Hold = { not_before: string | null; error_code: string | null; error_message: string | null };
/** An unsent item a request may coalesce with: already stored (and claimed by this call), or written by an earlier request of the same call. */
interface Unsent {
  id: string;
  kind: ExportKind;
  payload: Record<string, unknown>;
  ozonBefore: Record<string, unknown> | null;
  hold: Hold;
}

/**
 * enqueueExport for many requests at once, inside the caller's transaction,
 * with the same outcome as calling it for each request in order: a few
 * statements per (store, coalescing group) and per open job instead of ~5 per
 * item. Unsent items already stored are claimed in one UPDATE … WHERE state =
 * 'pending' (one the runner claimed meanwhile goes out as it is, as before);
 * within the call, a later request for a target supersedes the earlier
 * one's item in memory (it is inserted already superseded); a repeated
 * (sourceMutationId, kind) answers the first item as a duplicate.
 */
export async function enqueueExports(trx: Db, reqs: ExportRequest[]): Promise<EnqueueResult[]> {
  for (const r of reqs) validate(r);
  const at = nowIso();
  const target = (r: ExportRequest, id: string) => `${r.storeId}\u0000${itemKeyFor(r.kind, r.key, id)}`;

  // 1. retried mutations: already enqueued (stored, or earlier in this call) answer that item
  const stored = new Map<string, { id: string; job_id: string }>();
  for (const [storeId, ids] of groupBy(reqs.filter((r) => r.sourceMutationId), (r) => r.storeId, (r) => r.sourceMutationId!)) {
    for (const part of slices([...new Set(ids)])) {
      const rows = await trx.selectFrom('job_items').select(['id', 'job_id', 'source_mutation_id', 'kind']).where('store_id', '=', storeId).where('source_mutation_id', 'in', part).execute();
      for (const d of rows) stored.set(retryKey(storeId, d.source_mutation_id!, d.kind ?? ''), d);
    }
  }
  const firstOf = new Map<string, number>(); // retryKey → index of the request that enqueues it
  const fresh: { req: ExportRequest; index: number; id: string }[] = [];
  reqs.forEach((req, index) => {
    const m = req.sourceMutationId ? retryKey(req.storeId, req.sourceMutationId, req.kind) : null;
    if (m && (stored.has(m) || firstOf.has(m))) return;
    if (m) firstOf.set(m, index);
    fresh.push({ req, index, id: newId() }); // ids in request order: coalescing and ozonSync read "newest" by id
  });

  // 2. stored unsent items of the same targets, one query per (store, coalescing group); claimed at once for the first request of each target
  const unsent = new Map<string, Unsent[]>();
  const firstFor = new Map<string, string>(); // target → id of the first fresh request on it
  for (const f of fresh) if (!firstFor.has(target(f.req, f.id))) firstFor.set(target(f.req, f.id), f.id);
  const lookups = groupBy(
    fresh.filter((f) => EXPORT_SPECS[f.req.kind].coalesce !== 'none'),
    (f) => `${f.req.storeId}\u0000${EXPORT_SPECS[f.req.kind].group ?? f.req.kind}`,
    (f) => f,
  );
  const found: { id: string; kind: string | null; payload: string; not_before: string | null; error_code: string | null; error_message: string | null; ozon_before: string | null; item_key: string; store_id: string }[] = [];
  for (const group of lookups.values()) {
    const { storeId, kind } = group[0]!.req;
    for (const part of slices([...new Set(group.map((f) => itemKeyFor(f.req.kind, f.req.key)))])) {
      found.push(
        ...(await trx
          .selectFrom('job_items')
          .select(['id', 'kind', 'payload', 'not_before', 'error_code', 'error_message', 'ozon_before', 'item_key', 'store_id'])
          .where('store_id', '=', storeId)
          .where('kind', 'in', coalesceKinds(kind))
          .where('item_key', 'in', part)
          .where('state', '=', 'pending')
          .execute()),
      );
    }
  }
  const claimed = new Set<string>();
  for (const part of slices(found)) {
    const rows = await trx
      .updateTable('job_items')
      .set({
        state: 'superseded',
        superseded_by: sql<string>`CASE id ${sql.join(
          part.map((p) => sql`WHEN ${p.id} THEN ${firstFor.get(`${p.store_id}\u0000${p.item_key}`)!}`),
          sql` `,
        )} END`,
        updated_at: at,
        settled_at: at,
      })
      .where('id', 'in', part.map((p) => p.id))
      .where('state', '=', 'pending')
      .returning('id')
      .execute();
    for (const r of rows) claimed.add(r.id);
  }
  for (const p of [...found].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (!claimed.has(p.id)) continue; // the runner claimed it meanwhile: it goes out as it is
    const t = `${p.store_id}\u0000${p.item_key}`;
    const hold = { not_before: p.not_before, error_code: p.error_code, error_message: p.error_message };
    unsent.set(t, [...(unsent.get(t) ?? []), { id: p.id, kind: p.kind as ExportKind, payload: JSON.parse(p.payload) as Record<string, unknown>, ozonBefore: p.ozon_before ? (JSON.parse(p.ozon_before) as Record<string, unknown>) : null, hold }]);
  }

  // 3. in request order: coalesce, as enqueueExport one by one would
  const items: Record<string, unknown>[] = [];
  const byId = new Map<string, Record<string, unknown>>();
  const superseded = new Map<string, string[]>();
  for (const { req, id } of fresh) {
    const t = target(req, id);
    let values: Record<string, unknown> = { ...req.values };
    let before: Record<string, unknown> | null = req.before ?? null;
    let hold: Hold = { not_before: null, error_code: null, error_message: null };
    const gone: string[] = [];
    for (const p of unsent.get(t) ?? []) {
      gone.push(p.id);
      const row = byId.get(p.id);
      if (row) Object.assign(row, { state: 'superseded', superseded_by: id, settled_at: at }); // written by this call: never seen by the runner
      if (req.kind === 'price' || req.kind === 'attributes') values = { ...p.payload, ...values };
      // a hold is about the kind's own limit (e.g. 10 price changes an hour): an archive replacing a held unarchive does not wait for it
      if (p.hold.not_before && p.kind === req.kind) hold = p.hold;
      // Ozon still has the values from before the oldest unsent edit
      if (p.ozonBefore) before = { ...(before ?? {}), ...p.ozonBefore };
    }
    superseded.set(id, gone);
    if (EXPORT_SPECS[req.kind].coalesce !== 'none') unsent.set(t, [{ id, kind: req.kind, payload: values, ozonBefore: before, hold }]);
    const row: Record<string, unknown> = {
      id,
      job_id: '',
      store_id: req.storeId,
      position: 0,
      item_key: itemKeyFor(req.kind, req.key, id),
      payload: values,
      state: 'pending',
      attempts: 0,
      batch_id: null,
      sent_at: null,
      ...hold,
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
      ozon_before: before,
    };
    items.push(row);
    byId.set(id, row);
  }

  // 4. the open job of each (store, kind, change set), its item count, then the items in multi-row inserts
  const jobOf = new Map<string, string>();
  for (const [, group] of groupBy(fresh, (f) => `${f.req.storeId}\u0000${f.req.kind}\u0000${f.req.changeSetId ?? ''}`, (f) => f)) {
    const jobId = await openJob(trx, group[0]!.req, at);
    await trx
      .updateTable('jobs')
      .set((eb) => ({ total_items: eb('total_items', '+', group.length), updated_at: at }))
      .where('id', '=', jobId)
      .execute();
    for (const f of group) jobOf.set(f.id, jobId);
  }
  for (const part of slices(items)) {
    await trx
      .insertInto('job_items')
      .values(part.map((r) => ({ ...r, job_id: jobOf.get(r.id as string)!, payload: JSON.stringify(r.payload), ozon_before: r.ozon_before ? JSON.stringify(r.ozon_before) : null }) as never))
      .execute();
  }

  const mine = new Map(fresh.map((f) => [f.index, f.id]));
  return reqs.map((req, index): EnqueueResult => {
    const id = mine.get(index);
    if (id) return { itemId: id, jobId: jobOf.get(id)!, duplicate: false, superseded: superseded.get(id)! };
    const m = retryKey(req.storeId, req.sourceMutationId!, req.kind);
    const first = stored.get(m) ?? { id: mine.get(firstOf.get(m)!)!, job_id: jobOf.get(mine.get(firstOf.get(m)!)!)! };
    return { itemId: first.id, jobId: first.job_id, duplicate: true, superseded: [] };
  });
}

/** One edit may export several kinds (price and name): a retry is the same mutation AND kind (migration 0032). */
const retryKey = (storeId: string, mutationId: string, kind: string) => `${storeId}\u0000${mutationId}\u0000${kind}`;

function groupBy<T, V>(xs: T[], key: (x: T) => string, value: (x: T) => V): Map<string, V[]> {
  const out = new Map<string, V[]>();
  for (const x of xs) {
    const k = key(x);
    const list = out.get(k);
    if (list) list.push(value(x));
    else out.set(k, [value(x)]);
  }
  return out;
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
