/** Reading store-data rows back as domain objects (sync meta added from the envelope). */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { TableSpec } from './tables';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- store-data tables are addressed by name
type AnyDb = Kysely<any>;

export interface StoredRow<T = Record<string, unknown>> {
  key: string[];
  data: T & { storeId: string; version: number; updatedAt: string; deleted: boolean };
}

export async function readRows<T = Record<string, unknown>>(
  db: Kysely<DB>,
  spec: TableSpec,
  storeId: string,
  opts: { includeDeleted?: boolean; limit?: number } = {},
): Promise<StoredRow<T>[]> {
  let q = (db as unknown as AnyDb).selectFrom(spec.table).selectAll().where('store_id', '=', storeId);
  if (!opts.includeDeleted) q = q.where('deleted', '=', 0);
  for (const k of spec.keys) q = q.orderBy(k);
  if (opts.limit) q = q.limit(opts.limit);
  const rows = await q.execute();
  return rows.map((r) => ({
    key: spec.keys.map((k) => String(r[k])),
    data: { ...(JSON.parse(r.data) as T), storeId, version: Number(r.version), updatedAt: r.updated_at, deleted: r.deleted === 1 },
  }));
}

export async function countRows(db: Kysely<DB>, spec: TableSpec, storeId: string): Promise<number> {
  const r = await (db as unknown as AnyDb)
    .selectFrom(spec.table)
    .select((eb) => eb.fn.countAll().as('n'))
    .where('store_id', '=', storeId)
    .where('deleted', '=', 0)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}
