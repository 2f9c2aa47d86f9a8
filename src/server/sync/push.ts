/**
 * Push: applies client mutations exactly once with a per-field three-way merge.
 *
 * Each mutation runs in ONE transaction that
 *   1. claims its idempotency record (INSERT … ON CONFLICT DO NOTHING on
 *      (workspace_id, mutation_id)); a lost claim returns the stored result —
 *      on PostgreSQL a concurrent duplicate blocks on the key until the first
 *      commits, then reads its result;
 *   2. takes the workspace's feed lock (workspace_seq row) before reading the
 *      row, so no other writer can change it between read and write;
 *   3. merges: per field in `changes`, server value == base → take yours;
 *      server value == yours → nothing to do; otherwise a conflict. Any
 *      conflict, or a rule violation on the merged row, changes nothing;
 *   4. writes the row (version = new feed seq), its feed entry, its export
 *      items (enqueueExport: the one queue to Ozon, see ./ozon-push.ts) and
 *      the completed idempotency record, then commits.
 * Actions (`entity: 'action'`: ship, cancel, reply, join, …) take the same
 * path with their own decision (./actions.ts) in step 3.
 * After each commit the export runner is woken for the store (it also polls).
 * A crash at any point leaves each mutation either fully applied (and
 * recorded) or not at all; a batch may be partially applied and the client
 * retries the rest by id.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { can, type Role } from '../../shared/roles';
import { EDITABLE_FIELDS, type EditMutation, type FieldConflict, type Mutation, type MutationResult } from '../../shared/sync/protocol';
import { EXPORT_SPECS } from '../../shared/exports';
import type { DbKind } from '../db/connect';
import { nowIso } from '../db/ids';
import type { DB } from '../db/schema';
import { canonicalJson, hashJson } from '../store-data/canonical';
import { recordChange } from '../store-data/feed';
import { TABLES } from '../store-data/tables';
import { notifyExports } from '../jobs/enqueue';
import { decideAction } from './actions';
import { enqueueEditExports, ozonValues } from './ozon-push';
import { FIELD_PERMISSION, checkProduct, checkStock, normalizeMoney, sameValue, type Rejection } from './rules';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- store-data tables are addressed by name
type AnyDb = Kysely<any>;

export interface Actor {
  workspaceId: string;
  accountId: string;
  role: Role;
}

export interface PushOutcome {
  results: MutationResult[];
  /** whether any mutation of this call wrote to the feed */
  advanced: boolean;
}

export async function applyMutations(db: Kysely<DB>, kind: DbKind, actor: Actor, mutations: Mutation[]): Promise<PushOutcome> {
  const results: MutationResult[] = [];
  let advanced = false;
  for (const m of mutations) {
    const r = await applyMutation(db, kind, actor, m);
    results.push(r.result);
    if (r.wrote) {
      advanced = true;
      notifyExports(m.storeId); // committed: the runner may pick the export up at once
    }
  }
  return { results, advanced };
}

/** Takes the workspace's feed lock for the rest of the transaction (PostgreSQL; SQLite has one writer). */
export async function lockWorkspaceFeed(trx: Transaction<DB>, kind: DbKind, workspaceId: string): Promise<void> {
  await trx
    .insertInto('workspace_seq')
    .values({ workspace_id: workspaceId, last_seq: 0 })
    .onConflict((oc) => oc.column('workspace_id').doNothing())
    .execute();
  if (kind === 'postgres') await sql`select last_seq from workspace_seq where workspace_id = ${workspaceId} for update`.execute(trx);
}

export async function applyMutation(db: Kysely<DB>, kind: DbKind, actor: Actor, m: Mutation): Promise<{ result: MutationResult; wrote: boolean }> {
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .insertInto('sync_mutations')
      .values({
        workspace_id: actor.workspaceId,
        mutation_id: m.id,
        account_id: actor.accountId,
        store_id: m.storeId,
        // actions are recorded under the entity of the row they target
        entity: m.entity === 'action' ? EXPORT_SPECS[m.kind].entity : m.entity,
        row_key: m.key,
        change_set_id: m.changeSetId ?? null,
        status: 'pending',
        result: '',
        seq: null,
        created_at: nowIso(),
      })
      .onConflict((oc) => oc.columns(['workspace_id', 'mutation_id']).doNothing())
      .returning('mutation_id')
      .executeTakeFirst();
    if (!claimed) {
      const stored = await trx
        .selectFrom('sync_mutations')
        .select('result')
        .where('workspace_id', '=', actor.workspaceId)
        .where('mutation_id', '=', m.id)
        .executeTakeFirstOrThrow();
      return { result: JSON.parse(stored.result) as MutationResult, wrote: false };
    }
    const { result, seq } = m.entity === 'action' ? await decideAction(trx, kind, actor, m) : await decide(trx, kind, actor, m);
    await trx
      .updateTable('sync_mutations')
      .set({ status: result.status, result: JSON.stringify(result), seq })
      .where('workspace_id', '=', actor.workspaceId)
      .where('mutation_id', '=', m.id)
      .execute();
    return { result, wrote: seq !== null };
  });
}

const reject = (id: string, reason: Rejection): MutationResult => ({ id, status: 'rejected', reason });

async function decide(trx: Transaction<DB>, kind: DbKind, actor: Actor, m: EditMutation): Promise<{ result: MutationResult; seq: number | null }> {
  const fields = Object.keys(m.changes).filter((f) => (m.changes as Record<string, unknown>)[f] !== undefined);
  const allowed: readonly string[] = EDITABLE_FIELDS[m.entity];
  for (const f of fields) {
    if (!allowed.includes(f)) return { result: reject(m.id, { code: 'FIELD_NOT_EDITABLE', field: f }), seq: null };
    const perm = FIELD_PERMISSION[`${m.entity}.${f}`]!;
    if (!can(actor.role, perm)) return { result: reject(m.id, { code: 'FORBIDDEN', field: f, message: `needs ${perm}` }), seq: null };
  }
  if (!fields.length) return { result: reject(m.id, { code: 'NO_CHANGES' }), seq: null };

  // incoming values in the stored form
  const yours: Record<string, unknown> = {};
  for (const f of fields) {
    const v = (m.changes as Record<string, unknown>)[f];
    if (m.entity === 'product' && (f === 'price' || f === 'oldPrice' || f === 'minPrice')) {
      const n = normalizeMoney(f, v as string);
      if ('code' in n) return { result: reject(m.id, n), seq: null };
      yours[f] = n.value;
    } else {
      yours[f] = v;
    }
  }

  const store = await trx.selectFrom('stores').select('id').where('id', '=', m.storeId).where('workspace_id', '=', actor.workspaceId).executeTakeFirst();
  if (!store) return { result: reject(m.id, { code: 'UNKNOWN_STORE' }), seq: null };

  await lockWorkspaceFeed(trx, kind, actor.workspaceId);

  const spec = TABLES[m.entity];
  const parts = m.key.split(':');
  let q = (trx as unknown as AnyDb).selectFrom(spec.table).select(['data', 'version', 'deleted']).where('store_id', '=', m.storeId);
  spec.keys.forEach((col, i) => (q = q.where(col, '=', parts[i]!)));
  const row = (await q.executeTakeFirst()) as { data: string; version: number | string; deleted: number } | undefined;
  if (!row || row.deleted) return { result: reject(m.id, { code: 'UNKNOWN_ROW' }), seq: null };
  const version = Number(row.version);
  const doc = JSON.parse(row.data) as Record<string, unknown>;

  // three-way merge per field
  const conflicts: FieldConflict[] = [];
  const apply: Record<string, unknown> = {};
  let ozon: Record<string, unknown> | null | undefined;
  for (const f of fields) {
    const theirs = doc[f] ?? null;
    if (sameValue(f, theirs, yours[f])) continue; // already so on the server
    if (sameValue(f, theirs, m.base[f])) {
      apply[f] = yours[f];
      continue;
    }
    if (ozon === undefined) ozon = await ozonValues(trx, m.storeId, m.entity, m.key);
    conflicts.push({ field: f, base: m.base[f] ?? null, yours: (m.changes as Record<string, unknown>)[f], theirs, ozon: ozon && f in ozon ? ozon[f] : theirs });
  }
  if (conflicts.length) return { result: { id: m.id, status: 'conflict', version, conflicts }, seq: null };

  const merged = version !== m.baseVersion;
  if (!Object.keys(apply).length) return { result: { id: m.id, status: 'applied', version, merged }, seq: null };

  const after = { ...doc, ...apply };
  const touched = new Set(fields);
  const bad = m.entity === 'product' ? checkProduct(after, touched) : checkStock(after);
  if (bad) return { result: reject(m.id, bad), seq: null };

  // write: row + feed entry + export items in this transaction
  const seq = await recordChange(trx, actor.workspaceId, { storeId: m.storeId, entity: m.entity, rowKey: m.key, op: 'upsert' });
  const json = canonicalJson(after);
  let u = (trx as unknown as AnyDb).updateTable(spec.table).set({ data: json, hash: hashJson(json), version: seq, updated_at: nowIso() }).where('store_id', '=', m.storeId);
  spec.keys.forEach((col, i) => (u = u.where(col, '=', parts[i]!)));
  await u.execute();

  await enqueueEditExports(trx, {
    workspaceId: actor.workspaceId,
    storeId: m.storeId,
    entity: m.entity,
    rowKey: m.key,
    mutationId: m.id,
    changeSetId: m.changeSetId ?? null,
    accountId: actor.accountId,
    changed: Object.keys(apply),
    before: doc,
    after,
  });
  return { result: { id: m.id, status: 'applied', version: seq, merged }, seq };
}
