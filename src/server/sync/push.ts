/**
 * Push: applies client mutations exactly once with a per-field three-way merge.
 *
 * A request is applied in chunks of CHUNK mutations; each chunk runs in ONE
 * transaction (one commit instead of one per mutation) that
 *   0. takes the workspace's feed lock (workspace_seq row) FIRST, before any
 *      claim: every push transaction locks in the same order, so two batches
 *      never deadlock, and no other writer can change a row between its read
 *      and write; the store check and the rows the chunk edits are read once;
 *   1. claims the chunk's idempotency records in one statement (INSERT …
 *      ON CONFLICT DO NOTHING on (workspace_id, mutation_id)); an id already
 *      recorded answers its stored result — on PostgreSQL a concurrent
 *      duplicate in another request waits for the feed lock until the first
 *      commits, then reads its result; an id sent twice in one chunk answers
 *      the result of its first occurrence;
 * and then, per claimed mutation in order,
 *   2. merges: per field in `changes`, server value == base → take yours;
 *      server value == yours → nothing to do; otherwise a conflict. Any
 *      conflict, or a rule violation on the merged row, changes nothing
 *      (every check comes before the first write);
 *   3. writes the row (version = new feed seq) and gathers its export
 *      requests: the chunk numbers its feed entries under the lock and
 *      writes them and its rows at once (one UPDATE per entity and store,
 *      ChunkWrites) before an action and before commit, and enqueues the
 *      export requests at once (enqueueExports: the one queue to Ozon, see
 *      ./ozon-push.ts) before anything reads job_items (an action, a
 *      conflict's ozonValues) and before commit;
 * and last completes the chunk's idempotency records in one statement.
 * Actions (`entity: 'action'`: ship, cancel, reply, join, …) take the same
 * path with their own decision (./actions.ts) in step 2.
 * If a mutation throws (not a rejection: a bug or a lost connection), the
 * whole chunk rolls back and is re-run one transaction per mutation, so the
 * mutations before the failing one commit and it fails alone, as before.
 * After each commit the export runner is woken for the stores written and
 * `onCommit` is told (the route notifies SSE listeners per chunk), and the
 * next chunk waits one turn of the event loop, so those notices leave and
 * other requests (the other clients' pulls) run between chunks also on
 * SQLite, whose driver never leaves the microtask queue. A crash
 * at any point leaves each mutation either fully applied (and recorded) or
 * not at all; a batch may be partially applied (whole chunks) and the client
 * retries the rest by id.
 */
import type { Kysely, Transaction } from 'kysely';
import { can, type Role } from '../../shared/roles';
import { EDITABLE_FIELDS, type EditMutation, type FieldConflict, type Mutation, type MutationResult } from '../../shared/sync/protocol';
import { EXPORT_SPECS } from '../../shared/exports';
import { nowIso } from '../db/ids';
import type { DB } from '../db/schema';
import { canonicalJson, hashJson } from '../store-data/canonical';
import { lockFeed } from '../store-data/feed';
import { keyIn, rowKey, splitKey, TABLES } from '../store-data/tables';
import { enqueueExports, notifyExports, type ExportRequest } from '../jobs/enqueue';
import { decideAction } from './actions';
import { ChunkWrites, rowId } from './chunk-writes';
import { editExportRequests, ozonValues } from './ozon-push';
import { FIELD_PERMISSION, checkProduct, checkStock, normalizeMoney, sameValue, type Rejection } from './rules';
import { unstockedPair } from './stock-pairs';

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

/**
 * Mutations per transaction: one commit per chunk; a kill mid-request loses at
 * most the chunk in flight. Each commit is announced, so other clients pull
 * while the rest applies: 100 (rather than 50) halves the commits and the
 * pulls chasing them, whose pages cost the pulling client more per row the
 * smaller they are (bench sync-client, incremental: ~0.56 s vs ~0.75 s).
 */
export const CHUNK = 100;

export async function applyMutations(
  db: Kysely<DB>,
  actor: Actor,
  mutations: Mutation[],
  onCommit?: () => void,
): Promise<PushOutcome> {
  const results: MutationResult[] = [];
  let advanced = false;
  const committed = (out: ChunkOutcome) => {
    results.push(...out.results);
    if (!out.stores.size) return;
    advanced = true;
    for (const s of out.stores) notifyExports(s); // committed: the runner may pick the exports up at once
    onCommit?.();
  };
  for (let i = 0; i < mutations.length; i += CHUNK) {
    const chunk = mutations.slice(i, i + CHUNK);
    let out: ChunkOutcome | null = null;
    try {
      out = await applyChunk(db, actor, chunk);
    } catch {
      // the chunk rolled back whole: re-run it one transaction per mutation; the failing one throws again, alone
      for (const m of chunk) committed(await applyChunk(db, actor, [m]));
    }
    if (out) committed(out);
    // yield between chunks (see above): the notices go out, other clients pull what committed while the rest applies
    if (i + CHUNK < mutations.length) await new Promise((r) => setImmediate(r));
  }
  return { results, advanced };
}

interface ChunkOutcome {
  results: MutationResult[];
  /** stores whose data this chunk wrote */
  stores: Set<string>;
}

interface CachedRow {
  doc: Record<string, unknown>;
  version: number;
}

/** What one chunk's transaction knows: the feed lock is held, stores checked, rows read (null: absent or deleted). */
interface ChunkState {
  stores: Map<string, boolean>;
  rows: Map<string, CachedRow | null>;
  writes: ChunkWrites;
  /** the edits' export requests, enqueued at once by flushExports (before anything reads job_items, and before commit) */
  exports: ExportRequest[];
}

async function flushExports(trx: Transaction<DB>, state: ChunkState): Promise<void> {
  if (!state.exports.length) return;
  const reqs = state.exports;
  state.exports = [];
  await enqueueExports(trx, reqs);
}

async function applyChunk(db: Kysely<DB>, actor: Actor, chunk: Mutation[]): Promise<ChunkOutcome> {
  return db.transaction().execute(async (trx) => {
    await lockFeed(trx, actor.workspaceId);
    // 1. claim every id of the chunk at once; the ids already recorded answer their stored result
    const firstOf = new Map<string, Mutation>();
    for (const m of chunk) if (!firstOf.has(m.id)) firstOf.set(m.id, m);
    const at = nowIso();
    const record = (m: Mutation) => ({
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
      seq: null as number | null,
      created_at: at,
    });
    const claimedRows = await trx
      .insertInto('sync_mutations')
      .values([...firstOf.values()].map(record))
      .onConflict((oc) => oc.columns(['workspace_id', 'mutation_id']).doNothing())
      .returning('mutation_id')
      .execute();
    const claimed = new Set(claimedRows.map((r) => r.mutation_id));
    const known = new Map<string, MutationResult>();
    const stale = [...firstOf.keys()].filter((id) => !claimed.has(id));
    if (stale.length) {
      const stored = await trx.selectFrom('sync_mutations').select(['mutation_id', 'result']).where('workspace_id', '=', actor.workspaceId).where('mutation_id', 'in', stale).execute();
      for (const r of stored) known.set(r.mutation_id, JSON.parse(r.result) as MutationResult);
    }

    // 2. decide and write, in order
    const fresh = chunk.filter((m) => claimed.has(m.id));
    const state: ChunkState = { stores: await knownStores(trx, actor.workspaceId, fresh), rows: await readRows(trx, fresh), writes: new ChunkWrites(trx, actor.workspaceId), exports: [] };
    const done: { m: Mutation; result: MutationResult; seq: number | null }[] = [];
    const stores = new Set<string>();
    for (const m of fresh) {
      if (known.has(m.id)) continue; // the same id twice in the chunk: the second answers the first's result
      let decided: { result: MutationResult; seq: number | null };
      if (m.entity === 'action') {
        await state.writes.flush(); // touchRow allocates through the feed itself and reads and moves the row
        await flushExports(trx, state); // the action checks and coalesces with the queued items
        decided = await decideAction(trx, actor, m, state.stores.get(m.storeId) === true);
        // the target row's version moved: later mutations of the chunk read it afresh
        if (decided.seq !== null) state.rows.delete(rowId(EXPORT_SPECS[m.kind].entity, m.storeId, m.key));
      } else {
        decided = await decide(trx, actor, m, state);
      }
      known.set(m.id, decided.result);
      done.push({ m, ...decided });
      if (decided.seq !== null) stores.add(m.storeId);
    }
    await state.writes.flush();
    await flushExports(trx, state);

    // 3. complete the idempotency records (one statement)
    if (done.length) {
      await trx
        .insertInto('sync_mutations')
        .values(done.map((d) => ({ ...record(d.m), status: d.result.status, result: JSON.stringify(d.result), seq: d.seq })))
        .onConflict((oc) =>
          oc.columns(['workspace_id', 'mutation_id']).doUpdateSet((eb) => ({ status: eb.ref('excluded.status'), result: eb.ref('excluded.result'), seq: eb.ref('excluded.seq') })),
        )
        .execute();
    }
    return { results: chunk.map((m) => known.get(m.id)!), stores };
  });
}

/** Which of the chunk's stores belong to the workspace (one query). */
async function knownStores(trx: Transaction<DB>, workspaceId: string, chunk: Mutation[]): Promise<Map<string, boolean>> {
  const ids = [...new Set(chunk.map((m) => m.storeId))];
  if (!ids.length) return new Map();
  const found = await trx.selectFrom('stores').select('id').where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute();
  const have = new Set(found.map((r) => r.id));
  return new Map(ids.map((id) => [id, have.has(id)]));
}

/** The rows the chunk's edits target, one query per (entity, store); read under the feed lock. */
async function readRows(trx: Transaction<DB>, chunk: Mutation[]): Promise<Map<string, CachedRow | null>> {
  const groups = new Map<string, { entity: EditMutation['entity']; storeId: string; keys: Set<string> }>();
  for (const m of chunk) {
    if (m.entity === 'action') continue;
    const g = groups.get(`${m.entity}\u0000${m.storeId}`) ?? { entity: m.entity, storeId: m.storeId, keys: new Set<string>() };
    g.keys.add(m.key);
    groups.set(`${m.entity}\u0000${m.storeId}`, g);
  }
  const out = new Map<string, CachedRow | null>();
  for (const g of groups.values()) {
    const spec = TABLES[g.entity];
    for (const k of g.keys) out.set(rowId(g.entity, g.storeId, k), null);
    const rows = (await (trx as unknown as AnyDb)
      .selectFrom(spec.table)
      .select([...spec.keys, 'data', 'version', 'deleted'])
      .where('store_id', '=', g.storeId)
      .where(keyIn(spec.keys, [...g.keys].map((k) => splitKey(k, spec.keys.length))))
      .execute()) as Record<string, unknown>[];
    for (const r of rows) {
      if (r.deleted && Number(r.deleted)) continue;
      const key = rowKey(spec.keys.map((c) => String(r[c])));
      out.set(rowId(g.entity, g.storeId, key), { doc: JSON.parse(r.data as string) as Record<string, unknown>, version: Number(r.version) });
    }
  }
  return out;
}

const reject = (id: string, reason: Rejection): MutationResult => ({ id, status: 'rejected', reason });

async function decide(trx: Transaction<DB>, actor: Actor, m: EditMutation, state: ChunkState): Promise<{ result: MutationResult; seq: number | null }> {
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

  if (!state.stores.get(m.storeId)) return { result: reject(m.id, { code: 'UNKNOWN_STORE' }), seq: null };

  // read under the chunk's feed lock (applyChunk); earlier writes of the chunk are reflected; a row an action of the
  // chunk moved (its writes flushed before the action) is read again
  const id = rowId(m.entity, m.storeId, m.key);
  if (!state.rows.has(id)) for (const [k, v] of await readRows(trx, [m])) state.rows.set(k, v);
  let row = state.rows.get(id) ?? null;
  // a pair Ozon holds no stock for yet starts from zero; the write below inserts it
  const created = !row && m.entity === 'stock' ? await unstockedPair(trx, m.storeId, m.key) : null;
  if (created) row = { doc: created, version: 0 };
  if (!row) return { result: reject(m.id, { code: 'UNKNOWN_ROW' }), seq: null };
  const { version, doc } = row;

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
    if (ozon === undefined) {
      await flushExports(trx, state); // earlier edits of the chunk to this row are items ozonValues reads
      ozon = await ozonValues(trx, m.storeId, m.entity, m.key);
    }
    conflicts.push({ field: f, base: m.base[f] ?? null, yours: (m.changes as Record<string, unknown>)[f], theirs, ozon: ozon && f in ozon ? ozon[f] : theirs });
  }
  if (conflicts.length) return { result: { id: m.id, status: 'conflict', version, conflicts }, seq: null };

  const merged = version !== m.baseVersion;
  if (!Object.keys(apply).length) return { result: { id: m.id, status: 'applied', version, merged }, seq: null };

  const after = { ...doc, ...apply };
  const touched = new Set(fields);
  const bad = m.entity === 'product' ? checkProduct(after, touched) : checkStock(after);
  if (bad) return { result: reject(m.id, bad), seq: null };

  // write: row + feed entry + export items (written and enqueued with the chunk's, still in this transaction)
  const seq = await state.writes.next({ storeId: m.storeId, entity: m.entity, rowKey: m.key, op: 'upsert' });
  const json = canonicalJson(after);
  state.writes.write({ entity: m.entity, storeId: m.storeId, key: m.key, data: json, hash: hashJson(json), version: seq, created: !!created });
  state.rows.set(id, { doc: after, version: seq });

  state.exports.push(
    ...editExportRequests({
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
    }),
  );
  return { result: { id: m.id, status: 'applied', version: seq, merged }, seq };
}
