/**
 * Pull: one page of the workspace change feed after a cursor, each change
 * carrying the row as it is NOW.
 *
 * Invariants:
 * - The head is read first and the page is bounded by it, so `cursor <= head`
 *   and the page never reaches past what was committed when it was read.
 *   Writers serialize on workspace_seq until commit, so every seq <= head is
 *   already visible: the cursor never passes an entry a client could miss.
 * - `cursor` is the last feed seq the page covered (entries the caller may not
 *   see and compacted entries included): no seq range is ever skipped.
 * - Compaction: a row changed several times within the page is returned once,
 *   at its latest seq in the page, with its current content (which may be even
 *   newer: a later page repeats it, and applying it twice is harmless).
 * - Rows are read in batches per (entity, store) through the primary key: a
 *   page costs one range scan of change_feed plus a few indexed lookups.
 */
import type { Kysely } from 'kysely';
import { ENTITIES, type Entity } from '../../shared/domain/common';
import type { Change, ChangePage } from '../../shared/sync/protocol';
import type { DB } from '../db/schema';
import { toStoreDto } from '../stores/dto';
import { TABLES, type TableSpec } from '../store-data/tables';
import { ozonSyncStates } from './ozon-push';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- store-data tables are addressed by name
type AnyDb = Kysely<any>;

const KNOWN = new Set<string>(ENTITIES);
const SPECS = new Map<string, TableSpec>(Object.values(TABLES).map((s) => [s.entity, s]));
/** Entities whose rows carry `ozonSync` (the editable ones). */
const WITH_OZON_SYNC = new Set(['product', 'stock']);

export interface PullOptions {
  workspaceId: string;
  after: number;
  limit: number;
  /** whether the caller may see rows of this entity; hidden entries are covered by the cursor but not returned */
  canSee?: (entity: Entity) => boolean;
  keyWarningDays: number;
}

export async function feedHead(db: Kysely<DB>, workspaceId: string): Promise<number> {
  const r = await db.selectFrom('workspace_seq').select('last_seq').where('workspace_id', '=', workspaceId).executeTakeFirst();
  return r ? Number(r.last_seq) : 0;
}

export async function readChanges(db: Kysely<DB>, o: PullOptions): Promise<ChangePage> {
  const head = await feedHead(db, o.workspaceId);
  if (o.after >= head) return { changes: [], cursor: o.after, head, hasMore: false };
  const entries = await db
    .selectFrom('change_feed')
    .select(['seq', 'store_id', 'entity', 'row_key', 'op'])
    .where('workspace_id', '=', o.workspaceId)
    .where('seq', '>', o.after)
    .where('seq', '<=', head)
    .orderBy('seq')
    .limit(o.limit)
    .execute();
  // no entries below a committed head cannot happen (seqs are dense); never loop on it
  const cursor = entries.length ? Number(entries[entries.length - 1]!.seq) : head;

  // compaction: the latest entry per row within the page
  const latest = new Map<string, { seq: number; storeId: string | null; entity: Entity; key: string; op: 'upsert' | 'delete' }>();
  for (const e of entries) {
    if (!KNOWN.has(e.entity)) continue;
    const entity = e.entity as Entity;
    if (o.canSee && !o.canSee(entity)) continue;
    const id = `${entity}\u0000${e.store_id ?? ''}\u0000${e.row_key}`;
    latest.delete(id); // re-insert so Map order follows the latest seq
    latest.set(id, { seq: Number(e.seq), storeId: e.store_id, entity, key: e.row_key, op: e.op === 'delete' ? 'delete' : 'upsert' });
  }

  // batch row reads per (entity, store)
  const groups = new Map<string, { entity: Entity; storeId: string | null; keys: string[] }>();
  for (const c of latest.values()) {
    const g = `${c.entity}\u0000${c.storeId ?? ''}`;
    const grp = groups.get(g) ?? { entity: c.entity, storeId: c.storeId, keys: [] };
    grp.keys.push(c.key);
    groups.set(g, grp);
  }
  const rows = new Map<string, unknown>(); // group id + key → row (absent or null = gone)
  for (const [g, grp] of groups) {
    const found = await readGroup(db, o, grp.entity, grp.storeId, grp.keys);
    for (const [k, row] of found) rows.set(`${g}\u0000${k}`, row);
  }

  const changes: Change[] = [];
  for (const c of latest.values()) {
    const row = rows.get(`${c.entity}\u0000${c.storeId ?? ''}\u0000${c.key}`) ?? null;
    changes.push({ seq: c.seq, entity: c.entity, storeId: c.storeId, key: c.key, op: row ? 'upsert' : 'delete', row });
  }
  return { changes, cursor, head, hasMore: cursor < head };
}

/** Current rows of one (entity, store) keyed by feed row key; deleted or missing rows are absent. */
async function readGroup(db: Kysely<DB>, o: PullOptions, entity: Entity, storeId: string | null, keys: string[]): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  if (entity === 'store') {
    for (let i = 0; i < keys.length; i += 500) {
      const list = await db.selectFrom('stores').selectAll().where('workspace_id', '=', o.workspaceId).where('id', 'in', keys.slice(i, i + 500)).execute();
      for (const s of list) out.set(s.id, toStoreDto(s, o.keyWarningDays));
    }
    return out;
  }
  const spec = SPECS.get(entity);
  if (!spec || storeId === null) return out;
  const adb = db as unknown as AnyDb;
  const single = spec.keys.length === 1;
  const chunkSize = single ? 500 : 100;
  for (let i = 0; i < keys.length; i += chunkSize) {
    const chunk = keys.slice(i, i + chunkSize);
    let q = adb
      .selectFrom(spec.table)
      .select([...spec.keys, 'data', 'version', 'updated_at', 'deleted'])
      .where('store_id', '=', storeId)
      .where('workspace_id', '=', o.workspaceId)
      .where('deleted', '=', 0);
    if (single) {
      q = q.where(spec.keys[0]!, 'in', chunk);
    } else {
      const parts = chunk.map((k) => splitKey(k, spec.keys.length));
      q = q.where((eb) => eb.or(parts.map((p) => eb.and(spec.keys.map((col, j) => eb(col, '=', p[j]!))))));
    }
    const list = (await q.execute()) as Array<Record<string, unknown> & { data: string; version: number | string; updated_at: string }>;
    for (const r of list) {
      const k = spec.keys.map((col) => String(r[col])).join(':');
      out.set(k, { ...(JSON.parse(r.data) as Record<string, unknown>), storeId, version: Number(r.version), updatedAt: r.updated_at, deleted: false });
    }
  }
  if (WITH_OZON_SYNC.has(entity) && out.size) {
    const states = await ozonSyncStates(db, storeId, entity, [...out.keys()]);
    for (const [k, row] of out) (row as Record<string, unknown>).ozonSync = states.get(k) ?? null;
  }
  return out;
}

/** Feed keys join the natural key parts with ':'; the last part keeps any further ':' (never seen from Ozon, but be exact). */
function splitKey(key: string, n: number): string[] {
  const parts = key.split(':');
  if (parts.length <= n) return parts;
  return [...parts.slice(0, n - 1), parts.slice(n - 1).join(':')];
}
