/**
 * Accepted edits and actions on their way to Ozon: the sync side of the ONE
 * export queue, `job_items` (src/server/jobs/enqueue.ts).
 *
 * Every accepted price/stock/attribute edit enqueues its export item with
 * enqueueExport in the SAME transaction as the row and its feed entry,
 * tagged with the mutation (sourceMutationId: enqueueing it again is a no-op)
 * and its change set, so a crash never loses an edit Ozon has not seen. The
 * runner works the items; settling one records a feed change for the row, so
 * clients re-pull it with its new `ozonSync`.
 *
 * Invariants:
 * - A row's `ozonSync` is derived from its items only (exportStateFor): the
 *   newest non-superseded item of each kind (group) speaks for that kind.
 * - An item's `ozon_before` holds the row's values of its fields before the
 *   edit; coalescing keeps the oldest, so the oldest unconfirmed item says
 *   what Ozon still has (the conflict dialog's `ozon`).
 */
import type { Kysely, Transaction } from 'kysely';
import { EXPORT_SPECS, type ExportEntity } from '../../shared/exports';
import type { OzonSyncState } from '../../shared/sync/protocol';
import type { DB } from '../db/schema';
import { nowIso } from '../db/ids';
import { enqueueExports, exportStateFor, type EnqueueResult, type ExportRequest } from '../jobs/enqueue';
import { recordChange } from '../store-data/feed';
import { TABLES } from '../store-data/tables';

type Db = Kysely<DB> | Transaction<DB>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- store-data tables are addressed by name
type AnyDb = Kysely<any>;

/** Export kinds a field edit becomes. */
type EditKind = 'price' | 'stock' | 'attributes';

const FIELD_KIND: Record<string, EditKind> = {
  'product.price': 'price',
  'product.oldPrice': 'price',
  'product.minPrice': 'price',
  'product.name': 'attributes',
  'product.description': 'attributes',
  'stock.present': 'stock',
};

/** Entities whose pulled rows carry `ozonSync`: every entity an export kind targets. */
export const OZON_SYNC_ENTITIES: ReadonlySet<ExportEntity> = new Set(Object.values(EXPORT_SPECS).map((s) => s.entity));

const PRICE_FIELDS = ['price', 'oldPrice', 'minPrice'] as const;

export interface EditExport {
  workspaceId: string;
  storeId: string;
  entity: 'product' | 'stock';
  rowKey: string;
  mutationId: string;
  changeSetId: string | null;
  accountId: string;
  /** the fields this edit changed */
  changed: string[];
  /** the row before and after the edit (stored form) */
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

/**
 * The export requests of one accepted edit: one per kind the edit touches.
 * Prices travel as the full set (price, old, min; none = "0", which Ozon reads
 * as "no old/min price"); stock and attributes send what changed. Enqueue them
 * inside the mutation's transaction (enqueueExports; a push chunk gathers its
 * edits' requests and enqueues them at once).
 */
export function editExportRequests(e: EditExport): ExportRequest[] {
  const byKind = new Map<EditKind, string[]>();
  for (const f of e.changed) {
    const k = FIELD_KIND[`${e.entity}.${f}`];
    if (k) byKind.set(k, [...(byKind.get(k) ?? []), f]);
  }
  const out: ExportRequest[] = [];
  for (const [kind, changed] of byKind) {
    const send = kind === 'price' ? [...PRICE_FIELDS] : changed;
    let values: Record<string, unknown>;
    if (kind === 'price') values = Object.fromEntries(send.map((f) => [f, e.after[f] === null || e.after[f] === undefined ? '0' : String(e.after[f])]));
    else if (kind === 'stock') values = { present: e.after.present };
    else values = Object.fromEntries(send.map((f) => [f, e.after[f] ?? '']));
    out.push({
      workspaceId: e.workspaceId,
      storeId: e.storeId,
      kind,
      key: e.rowKey,
      values,
      changeSetId: e.changeSetId,
      sourceMutationId: e.mutationId,
      createdBy: e.accountId,
      before: Object.fromEntries(send.map((f) => [f, e.before[f] ?? null])),
    } as ExportRequest);
  }
  return out;
}

/** Inside the mutation's transaction: the edit's export items (editExportRequests). */
export async function enqueueEditExports(trx: Db, e: EditExport): Promise<EnqueueResult[]> {
  return enqueueExports(trx, editExportRequests(e));
}

/** Moves the row's version to a new feed entry without changing its data (its ozonSync changed, or an action targets it). */
export async function touchRow(trx: Db, workspaceId: string, storeId: string, entity: keyof typeof TABLES, rowKey: string): Promise<number | null> {
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

/** ozonSync per row key (rows nothing was ever exported for are absent → null). Derived from job_items. */
export async function ozonSyncStates(db: Db, storeId: string, entity: string, rowKeys: string[]): Promise<Map<string, OzonSyncState>> {
  if (!rowKeys.length) return new Map();
  return exportStateFor(db, storeId, entity, rowKeys);
}

/** Items Ozon has not confirmed: their `ozon_before` is still what Ozon shows. */
const UNCONFIRMED = new Set(['pending', 'sending', 'written', 'failed', 'drifted']);

/**
 * The value Ozon last had for each field of one row, when known: walking the
 * row's items oldest first, an applied item sets its values, an unconfirmed
 * one (not yet applied, failed, drifted) contributes its `ozon_before` for
 * fields nothing earlier settled. Null when nothing is unconfirmed (then the
 * server's value is Ozon's own, as last imported or applied).
 */
export async function ozonValues(db: Db, storeId: string, entity: string, rowKey: string): Promise<Record<string, unknown> | null> {
  const items = await db
    .selectFrom('job_items')
    .select(['id', 'state', 'payload', 'ozon_before', 'kind'])
    .where('store_id', '=', storeId)
    .where('entity', '=', entity)
    .where('row_key', '=', rowKey)
    .where('state', '<>', 'superseded')
    .orderBy('id')
    .execute();
  if (!items.some((i) => UNCONFIRMED.has(i.state))) return null;
  const out: Record<string, unknown> = {};
  for (const i of items) {
    if (i.state === 'applied') {
      // applied items carry the values Ozon took; old/min price "0" is "none" (null in the row)
      for (const [f, v] of Object.entries(JSON.parse(i.payload) as Record<string, unknown>)) out[f] = i.kind === 'price' && f !== 'price' && Number(v) === 0 ? null : v;
    } else if (UNCONFIRMED.has(i.state) && i.ozon_before) {
      for (const [f, v] of Object.entries(JSON.parse(i.ozon_before) as Record<string, unknown>)) if (!(f in out)) out[f] = v;
    }
  }
  return out;
}
