/**
 * The per-workspace change feed (issue 4 builds its pull protocol on it).
 *
 * Invariants:
 * - Every store-data write calls recordChanges() in the SAME transaction as
 *   the row change: a committed row change always has its feed entry and the
 *   row's `version` equals that entry's seq.
 * - seq is allocated by incrementing workspace_seq.last_seq inside the
 *   writing transaction. On PostgreSQL the row lock is held until commit, and
 *   SQLite has one writer, so seqs of one workspace become visible in
 *   increasing order: a client that has seen seq N never later finds an
 *   uncommitted gap below N.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema';
import { nowIso } from '../db/ids';

export type ChangeOp = 'upsert' | 'delete';

export interface Change {
  storeId: string | null;
  entity: string;
  rowKey: string;
  op: ChangeOp;
}

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Holds the workspace's feed lock for the rest of the transaction: a no-op
 * update of its workspace_seq row takes the row lock on PostgreSQL (SQLite has
 * one writer). Every writer that reads rows before writing them and their
 * feed entries (sync push, imports) takes it first, so a row cannot change
 * between its read and its write and writers lock in one order (no deadlock).
 * Dialect-neutral on purpose, so callers need not know the kind.
 */
export async function lockFeed(db: Db, workspaceId: string): Promise<void> {
  await db
    .insertInto('workspace_seq')
    .values({ workspace_id: workspaceId, last_seq: 0 })
    .onConflict((oc) => oc.column('workspace_id').doNothing())
    .execute();
  await db.updateTable('workspace_seq').set({ last_seq: sql`last_seq` }).where('workspace_id', '=', workspaceId).execute();
}

/** Allocates `count` consecutive seqs for the workspace; returns the first. Call inside a transaction. */
export async function allocateSeqs(trx: Db, workspaceId: string, count: number): Promise<number> {
  if (count <= 0) throw new Error('allocateSeqs: count must be positive');
  await trx
    .insertInto('workspace_seq')
    .values({ workspace_id: workspaceId, last_seq: 0 })
    .onConflict((oc) => oc.column('workspace_id').doNothing())
    .execute();
  const row = await trx
    .updateTable('workspace_seq')
    .set({ last_seq: sql`last_seq + ${count}` })
    .where('workspace_id', '=', workspaceId)
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return Number(row.last_seq) - count + 1;
}

/** Appends the changes to the feed; returns the seq given to each, in order. */
export async function recordChanges(trx: Db, workspaceId: string, changes: Change[]): Promise<number[]> {
  if (!changes.length) return [];
  const first = await allocateSeqs(trx, workspaceId, changes.length);
  const at = nowIso();
  const rows = changes.map((c, i) => ({
    workspace_id: workspaceId,
    seq: first + i,
    store_id: c.storeId,
    entity: c.entity,
    row_key: c.rowKey,
    op: c.op,
    created_at: at,
  }));
  for (let i = 0; i < rows.length; i += 500) await trx.insertInto('change_feed').values(rows.slice(i, i + 500)).execute();
  return rows.map((r) => r.seq);
}

/** One change; convenience for single-row writers. */
export async function recordChange(trx: Db, workspaceId: string, change: Change): Promise<number> {
  const [seq] = await recordChanges(trx, workspaceId, [change]);
  return seq!;
}

export interface FeedEntry extends Change {
  seq: number;
  createdAt: string;
}

/** A page of the feed after `afterSeq` (the pull protocol of issue 4 wraps this). */
export async function readFeed(db: Db, workspaceId: string, afterSeq: number, limit = 1000): Promise<FeedEntry[]> {
  const rows = await db
    .selectFrom('change_feed')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ seq: Number(r.seq), storeId: r.store_id, entity: r.entity, rowKey: r.row_key, op: r.op as ChangeOp, createdAt: r.created_at }));
}

/**
 * For a writer that holds the workspace's feed lock and numbers its changes
 * itself (sync push: a whole chunk at once): the last seq handed out…
 */
export async function lastSeq(trx: Db, workspaceId: string): Promise<number> {
  const row = await trx.selectFrom('workspace_seq').select('last_seq').where('workspace_id', '=', workspaceId).executeTakeFirst();
  return row ? Number(row.last_seq) : 0;
}

/**
 * …and the entries it numbered `first`, `first + 1`, … (consecutive, right
 * after lastSeq) with last_seq moved past them — in the same transaction as
 * the row writes, as recordChanges does.
 */
export async function appendNumberedChanges(trx: Db, workspaceId: string, first: number, changes: Change[]): Promise<void> {
  if (!changes.length) return;
  await trx
    .updateTable('workspace_seq')
    .set({ last_seq: first + changes.length - 1 })
    .where('workspace_id', '=', workspaceId)
    .where('last_seq', '=', first - 1)
    .executeTakeFirstOrThrow()
    .then((r) => {
      if (Number(r.numUpdatedRows) !== 1) throw new Error('appendNumberedChanges: the feed moved under a writer that holds its lock');
    });
  const at = nowIso();
  const rows = changes.map((c, i) => ({ workspace_id: workspaceId, seq: first + i, store_id: c.storeId, entity: c.entity, row_key: c.rowKey, op: c.op, created_at: at }));
  for (let i = 0; i < rows.length; i += 500) await trx.insertInto('change_feed').values(rows.slice(i, i + 500)).execute();
}
