/**
 * The one writer of store-data rows. Every import page goes through
 * applyRows() inside one transaction together with its checkpoint.
 *
 * Invariants:
 * - A row's version and the change feed move only when its canonical JSON
 *   changes (or a tombstone is revived): re-importing identical data writes
 *   no feed entries, so a resumed import never duplicates changes.
 * - `seen_run` marks rows a full import saw, so sweepUnseen() can tombstone
 *   rows that disappeared from Ozon (deleted = 1, op 'delete').
 * - applyRows takes the workspace feed lock (lockFeed, as the sync push
 *   does) BEFORE it reads the existing rows:
 *   on PostgreSQL a user edit pushed between our read and our write would
 *   otherwise be overwritten by a patch merged onto the stale document. Lock
 *   order is the push's: workspace_seq first, then store-data rows.
 * - Importers pass `holdEditsInFlight`: fields a person's edit is still
 *   taking to Ozon keep their stored value (in-flight.ts says why).
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema';
import { nowIso } from '../db/ids';
import { canonicalJson, hashJson } from './canonical';
import { editsInFlight } from './in-flight';
import { lockFeed, recordChanges, type Change } from './feed';
import { keyIn, rowKey, type TableSpec } from './tables';

type Db = Kysely<DB> | Transaction<DB>;
// store-data tables are addressed by name (one generic writer for 18 tables)
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- dynamic table names, one writer for all store-data tables
const anyDb = (db: Db): Kysely<any> => db as unknown as Kysely<any>;

export interface Scope {
  workspaceId: string;
  storeId: string;
  /** the full-import run that sees these rows (for sweeping) */
  runId?: string | null;
  /** when that run started: sweepUnseen leaves rows written since (a person's edit may have created one) */
  startedAt?: string;
}

export interface RowInput {
  /** natural key values in TableSpec.keys order */
  key: string[];
  /** the whole document, or … */
  data?: Record<string, unknown>;
  /** … fields merged into the existing document (skipped when the row does not exist) */
  patch?: Record<string, unknown>;
  extra?: Record<string, string | number | null>;
}

interface Existing {
  data: string;
  hash: string;
  deleted: number;
  seen_run: string | null;
  /** the table's extra indexed columns (offer_id, sku, …) as stored */
  [extra: string]: string | number | null;
}

async function loadExisting(db: Db, spec: TableSpec, storeId: string, keys: string[][]): Promise<Map<string, Existing>> {
  const out = new Map<string, Existing>();
  for (let i = 0; i < keys.length; i += 200) {
    const q = anyDb(db)
      .selectFrom(spec.table)
      .select([...spec.keys, ...spec.extra, 'data', 'hash', 'deleted', 'seen_run'])
      .where('store_id', '=', storeId)
      .where(keyIn(spec.keys, keys.slice(i, i + 200)));
    for (const r of await q.execute()) out.set(rowKey(spec.keys.map((k) => String(r[k]))), r as Existing);
  }
  return out;
}

export interface ApplyOptions {
  /** an import from Ozon: keep the stored value of fields whose edit is still on its way there (in-flight.ts) */
  holdEditsInFlight?: boolean;
}

export interface ApplyResult {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** Call inside the page's transaction (the feed lock lasts until it commits). */
export async function applyRows(db: Db, spec: TableSpec, scope: Scope, rows: RowInput[], opts: ApplyOptions = {}): Promise<ApplyResult> {
  const res: ApplyResult = { inserted: 0, updated: 0, unchanged: 0 };
  if (!rows.length) return res;
  await lockFeed(db, scope.workspaceId);
  // last write wins within one batch (Ozon pages never repeat a key, but be safe)
  const byKey = new Map<string, RowInput>();
  for (const r of rows) byKey.set(rowKey(r.key), r);
  const existing = await loadExisting(db, spec, scope.storeId, [...byKey.values()].map((r) => r.key));
  // only a stored row can hold an edit (a first import's pages, all new rows, skip the read)
  const held = opts.holdEditsInFlight && existing.size ? await editsInFlight(db, scope.storeId, spec.entity) : null;

  const writes: { key: string[]; json: string; hash: string; extra: RowInput['extra'] }[] = [];
  const seenOnly: string[][] = [];
  for (const [k, r] of byKey) {
    const old = existing.get(k);
    if (!r.data && !old) continue; // a patch for a row we do not have yet: the owning import creates it
    const hold = old ? held?.get(k) : undefined;
    // the stored document, read once: a patch applies onto it, a held field comes from it
    const stored = old && (!r.data || hold) ? (JSON.parse(old.data) as Record<string, unknown>) : null;
    let doc: Record<string, unknown> = r.data ?? { ...stored, ...r.patch };
    if (hold && stored) {
      doc = { ...doc };
      for (const f of hold) {
        if (Object.hasOwn(stored, f)) doc[f] = stored[f];
        else delete doc[f];
      }
    }
    const json = canonicalJson(doc);
    const hash = hashJson(json);
    if (old && old.hash === hash && old.deleted === 0) {
      res.unchanged++;
      if (scope.runId && old.seen_run !== scope.runId) seenOnly.push(r.key);
      continue;
    }
    if (old) res.updated++;
    else res.inserted++;
    // a patch that brings no indexed columns keeps the stored ones (nulling offer_id/sku broke lookups by them)
    const extra = r.extra ?? (old ? Object.fromEntries(spec.extra.map((c) => [c, old[c] ?? null])) : undefined);
    writes.push({ key: r.key, json, hash, extra });
  }

  if (writes.length) {
    const changes: Change[] = writes.map((w) => ({ storeId: scope.storeId, entity: spec.entity, rowKey: rowKey(w.key), op: 'upsert' }));
    const seqs = await recordChanges(db, scope.workspaceId, changes);
    const at = nowIso();
    const values = writes.map((w, i) => {
      const v: Record<string, unknown> = {
        store_id: scope.storeId,
        workspace_id: scope.workspaceId,
        data: w.json,
        hash: w.hash,
        version: seqs[i],
        deleted: 0,
        seen_run: scope.runId ?? null,
        updated_at: at,
      };
      spec.keys.forEach((col, j) => (v[col] = w.key[j]));
      for (const col of spec.extra) v[col] = w.extra?.[col] ?? null;
      return v;
    });
    await upsertRows(db, spec, values, [...spec.extra, ...(scope.runId ? ['seen_run'] : [])]);
  }
  if (seenOnly.length && scope.runId) await markSeen(db, spec, scope.storeId, scope.runId, seenOnly);
  return res;
}

async function markSeen(db: Db, spec: TableSpec, storeId: string, runId: string, keys: string[][]): Promise<void> {
  for (let i = 0; i < keys.length; i += 200) {
    await anyDb(db).updateTable(spec.table).set({ seen_run: runId }).where('store_id', '=', storeId).where(keyIn(spec.keys, keys.slice(i, i + 200))).execute();
  }
}

/**
 * Writes whole rows (every column of the table's row, keys included), 100 per
 * statement; a row already there, live or a tombstone, takes the new data,
 * hash, version and `deleted` (0 brings a tombstone back), updated_at, and
 * the `alsoSet` columns.
 */
export async function upsertRows(db: Db, spec: TableSpec, values: Record<string, unknown>[], alsoSet: string[] = []): Promise<void> {
  const set = ['data', 'hash', 'version', 'deleted', 'updated_at', ...alsoSet];
  for (let i = 0; i < values.length; i += 100) {
    await anyDb(db)
      .insertInto(spec.table)
      .values(values.slice(i, i + 100))
      .onConflict((oc) => oc.columns(['store_id', ...spec.keys]).doUpdateSet((eb) => Object.fromEntries(set.map((c) => [c, eb.ref(`excluded.${c}`)]))))
      .execute();
  }
}

/**
 * Tombstones live rows of the store not seen by full-import run `runId`; returns how many.
 * A row written after the run started (`startedAt`) stays: the run may have read Ozon before it
 * existed there — a stock pair a person set for the first time while the run walked past its
 * product (../sync/stock-pairs.ts) — and the next run sees it, or sweeps it if Ozon has it not.
 */
export async function sweepUnseen(db: Db, spec: TableSpec, scope: Scope & { runId: string }, filter?: { column: string; value: string }): Promise<number> {
  let q = anyDb(db)
    .selectFrom(spec.table)
    .select(spec.keys)
    .where('store_id', '=', scope.storeId)
    .where('deleted', '=', 0)
    .where((eb) => eb.or([eb('seen_run', 'is', null), eb('seen_run', '<>', scope.runId)]));
  if (scope.startedAt) q = q.where('updated_at', '<', scope.startedAt);
  if (filter) q = q.where(filter.column, '=', filter.value);
  const gone = (await q.execute()).map((r) => spec.keys.map((k) => String(r[k])));
  if (!gone.length) return 0;
  const seqs = await recordChanges(
    db,
    scope.workspaceId,
    gone.map((k) => ({ storeId: scope.storeId, entity: spec.entity, rowKey: rowKey(k), op: 'delete' as const })),
  );
  const at = nowIso();
  for (let i = 0; i < gone.length; i++) {
    let u = anyDb(db).updateTable(spec.table).set({ deleted: 1, version: seqs[i], updated_at: at }).where('store_id', '=', scope.storeId);
    spec.keys.forEach((col, j) => (u = u.where(col, '=', gone[i]![j]!)));
    await u.execute();
  }
  return gone.length;
}

/**
 * Unlink: one 'delete' feed entry per live row of the store, so a client that
 * already holds the rows drops them on its next pull (its cache deletes by
 * entity and key; a 'store' delete alone removes only the store). Call in the
 * purge's transaction, before purgeStoreRows.
 */
export async function recordStoreRowDeletes(db: Db, specs: TableSpec[], workspaceId: string, storeId: string): Promise<number> {
  await lockFeed(db, workspaceId);
  let n = 0;
  for (const spec of specs) {
    const live = await anyDb(db).selectFrom(spec.table).select(spec.keys).where('store_id', '=', storeId).where('deleted', '=', 0).execute();
    for (let i = 0; i < live.length; i += 5000) {
      const chunk = live.slice(i, i + 5000);
      await recordChanges(
        db,
        workspaceId,
        chunk.map((r) => ({ storeId, entity: spec.entity, rowKey: rowKey(spec.keys.map((k) => String((r as Record<string, unknown>)[k]))), op: 'delete' as const })),
      );
    }
    n += live.length;
  }
  return n;
}

/** Removes all rows of a store (unlink). The caller records the row deletes and one 'store' delete in the feed. */
export async function purgeStoreRows(db: Db, specs: TableSpec[], storeId: string): Promise<void> {
  for (const spec of specs) await anyDb(db).deleteFrom(spec.table).where('store_id', '=', storeId).execute();
}
