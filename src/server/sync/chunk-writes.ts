/**
 * The writes of one push chunk (./push.ts), held in memory and written at
 * once: its feed entries, numbered under the chunk's feed lock, and its rows,
 * one UPDATE per (entity, store).
 */
import { sql, type Transaction } from 'kysely';
import type { EditMutation } from '../../shared/sync/protocol';
import { nowIso } from '../db/ids';
import type { DB } from '../db/schema';
import { appendNumberedChanges, lastSeq, type Change } from '../store-data/feed';
import { splitKey, TABLES } from '../store-data/tables';
import { upsertRows } from '../store-data/upsert';

/** A row an edit of the chunk rewrites (the newest write of each row wins; written by ChunkWrites.flush). */
export interface RowWrite {
  entity: EditMutation['entity'];
  storeId: string;
  key: string;
  data: string;
  hash: string;
  version: number;
  /** the row is not on the server yet, or only as a tombstone (a stock pair's first edit, ./stock-pairs.ts): inserted */
  created?: boolean;
}

/**
 * The chunk's writes, held in memory and written in one go by flush() —
 * before anything else may allocate a seq or write a row (an action's
 * touchRow) and before commit. The chunk holds the feed lock, so it numbers
 * its feed entries itself (consecutive after lastSeq), and the rows its edits
 * rewrite were read under that lock (readRows; later edits of the chunk read
 * them from `ChunkState.rows`), so nothing else reads them before flush().
 * Rows are written with one UPDATE … FROM (VALUES …) per (entity, store)
 * instead of one UPDATE per edit: the same rows, data, hashes and versions.
 */
export class ChunkWrites {
  private first: number | null = null;
  private pending: Change[] = [];
  private rows = new Map<string, RowWrite>();
  constructor(
    private trx: Transaction<DB>,
    private workspaceId: string,
  ) {}

  async next(change: Change): Promise<number> {
    if (this.first === null) this.first = (await lastSeq(this.trx, this.workspaceId)) + 1;
    this.pending.push(change);
    return this.first + this.pending.length - 1;
  }

  /** The row as an edit leaves it; a later write of the same row in the chunk replaces it (its seq is higher). */
  write(w: RowWrite): void {
    const id = rowId(w.entity, w.storeId, w.key);
    // a later edit of a row the chunk creates still finds no row to update: it stays an insert
    this.rows.set(id, this.rows.get(id)?.created ? { ...w, created: true } : w);
  }

  async flush(): Promise<void> {
    if (this.first !== null) await appendNumberedChanges(this.trx, this.workspaceId, this.first, this.pending);
    this.first = null;
    this.pending = [];
    const groups = new Map<string, RowWrite[]>();
    for (const w of this.rows.values()) {
      const g = `${w.entity}\u0000${w.storeId}`;
      const list = groups.get(g);
      if (list) list.push(w);
      else groups.set(g, [w]);
    }
    this.rows.clear();
    const at = nowIso();
    for (const list of groups.values()) {
      const updates = list.filter((w) => !w.created);
      if (updates.length) await writeRows(this.trx, updates, at);
      const inserts = list.filter((w) => w.created);
      if (inserts.length) await insertRows(this.trx, this.workspaceId, inserts, at);
    }
  }
}

/**
 * One UPDATE for rows of one (entity, store): the new values come as a
 * VALUES table joined on the primary key (PostgreSQL and SQLite both name its
 * columns column1, column2, …; the version is cast, as PostgreSQL reads an
 * untyped parameter as text). At most CHUNK rows: the bind parameters stay far
 * below both databases' limits. Every row was read under the feed lock, so
 * each must be updated exactly once.
 */
async function writeRows(trx: Transaction<DB>, list: RowWrite[], at: string): Promise<void> {
  const { entity, storeId } = list[0]!;
  const spec = TABLES[entity];
  const n = spec.keys.length;
  const values = list.map((w) => sql`(${sql.join([...splitKey(w.key, n), w.data, w.hash])}, CAST(${w.version} AS BIGINT))`);
  const col = (i: number) => sql.ref(`v.column${i + 1}`);
  const r = await sql`UPDATE ${sql.table(spec.table)} SET data = ${col(n)}, hash = ${col(n + 1)}, version = ${col(n + 2)}, updated_at = ${at}
    FROM (VALUES ${sql.join(values)}) AS v
    WHERE ${sql.ref(`${spec.table}.store_id`)} = ${storeId} AND ${sql.join(
      spec.keys.map((k, i) => sql`${sql.ref(`${spec.table}.${k}`)} = ${col(i)}`),
      sql` AND `,
    )}`.execute(trx);
  if (Number(r.numAffectedRows ?? -1) !== list.length) throw new Error(`push: ${list.length} rows of ${spec.table} to write, ${String(r.numAffectedRows)} updated`);
}

/**
 * Rows the chunk creates. A tombstone of the same key (a pair Ozon stopped
 * reporting) comes back to life: ON CONFLICT overwrites it and clears `deleted`.
 */
async function insertRows(trx: Transaction<DB>, workspaceId: string, list: RowWrite[], at: string): Promise<void> {
  const spec = TABLES[list[0]!.entity];
  const values = list.map((w) => {
    const v: Record<string, unknown> = { store_id: w.storeId, workspace_id: workspaceId, data: w.data, hash: w.hash, version: w.version, deleted: 0, updated_at: at };
    splitKey(w.key, spec.keys.length).forEach((part, i) => (v[spec.keys[i]!] = part));
    return v;
  });
  await upsertRows(trx, spec, values);
}

export const rowId = (entity: string, storeId: string, key: string) => `${entity}\u0000${storeId}\u0000${key}`;
