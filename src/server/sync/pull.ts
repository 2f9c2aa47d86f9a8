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
 * - Size: a page whose rows pass PAGE_TEXT_MAX is cut after the last change
 *   that fits (always at least one) and `cursor` becomes the seq just before
 *   the first change left out. Every change is at its row's latest seq in the
 *   page, so whatever was left out has a seq above the cursor and comes again
 *   in the next page: nothing is skipped.
 * - Rows are read per (entity, store) joined to the page's feed range (one
 *   range scan plus primary-key lookups), and their stored `data` — canonical
 *   JSON of an object, written only by canonicalJson() — is sent as it is,
 *   with the sync fields spliced in: no parse and re-serialize per row.
 */
import type { Kysely } from 'kysely';
import { ENTITIES, type Entity } from '../../shared/domain/common';
import type { DB } from '../db/schema';
import { toStoreDto } from '../stores/dto';
import { keyIn, splitKey, TABLES, type TableSpec } from '../store-data/tables';
import { OZON_SYNC_ENTITIES, ozonSyncStates } from './ozon-push';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- store-data tables are addressed by name
type AnyDb = Kysely<any>;

const KNOWN = new Set<string>(ENTITIES);
const SPECS = new Map<string, TableSpec>(Object.values(TABLES).map((s) => [s.entity, s]));
/**
 * Change text per page, in UTF-16 code units (at most 3 UTF-8 bytes each):
 * under 5 MiB even when every character is Chinese (the desktop client takes
 * pull answers up to PULL_MAX_BYTES, src/main/sync/transport.ts).
 */
const PAGE_TEXT_MAX = 1_600_000;

export interface PullOptions {
  workspaceId: string;
  after: number;
  limit: number;
  /** whether the caller may see rows of this entity; hidden entries are covered by the cursor but not returned */
  canSee?: (entity: Entity) => boolean;
  keyWarningDays: number;
}

interface Latest {
  seq: number;
  storeId: string | null;
  entity: Entity;
  key: string;
}

export async function feedHead(db: Kysely<DB>, workspaceId: string): Promise<number> {
  const r = await db.selectFrom('workspace_seq').select('last_seq').where('workspace_id', '=', workspaceId).executeTakeFirst();
  return r ? Number(r.last_seq) : 0;
}

/**
 * One page as the JSON text of a ChangePage in UTF-8, ready to send. Built
 * as bytes: each change is encoded once and the page is one copy of them
 * (joining a megabyte of row strings, then measuring and encoding the result
 * for the socket, cost more than reading the rows).
 */
export async function readChangesPage(db: Kysely<DB>, o: PullOptions): Promise<Buffer> {
  const head = await feedHead(db, o.workspaceId);
  if (o.after >= head) return page([], o.after, head);
  const entries = await db
    .selectFrom('change_feed')
    .select(['seq', 'store_id', 'entity', 'row_key'])
    .where('workspace_id', '=', o.workspaceId)
    .where('seq', '>', o.after)
    .where('seq', '<=', head)
    .orderBy('seq')
    .limit(o.limit)
    .execute();
  // no entries below a committed head cannot happen (seqs are dense); never loop on it
  let cursor = entries.length ? Number(entries[entries.length - 1]!.seq) : head;

  // compaction: the latest entry per row within the page
  const latest = new Map<string, Latest>();
  for (const e of entries) {
    if (!KNOWN.has(e.entity)) continue;
    const entity = e.entity as Entity;
    if (o.canSee && !o.canSee(entity)) continue;
    const id = `${entity}\u0000${e.store_id ?? ''}\u0000${e.row_key}`;
    latest.delete(id); // re-insert so Map order follows the latest seq
    latest.set(id, { seq: Number(e.seq), storeId: e.store_id, entity, key: e.row_key });
  }

  // row reads per (entity, store)
  const groups = new Map<string, { entity: Entity; storeId: string | null; keys: string[] }>();
  for (const c of latest.values()) {
    const g = `${c.entity}\u0000${c.storeId ?? ''}`;
    const grp = groups.get(g) ?? { entity: c.entity, storeId: c.storeId, keys: [] };
    grp.keys.push(c.key);
    groups.set(g, grp);
  }
  const rows = new Map<string, string>(); // group id + key → row JSON text (absent = gone)
  const range = { after: o.after, upTo: cursor };
  for (const [g, grp] of groups) {
    const found = await readGroup(db, o, range, grp.entity, grp.storeId, grp.keys);
    for (const [k, text] of found) rows.set(`${g}\u0000${k}`, text);
  }

  const changes: Buffer[] = [];
  let size = 0;
  for (const [id, c] of latest) {
    const row = rows.get(id) ?? null;
    const text = `{"seq":${c.seq},"entity":${JSON.stringify(c.entity)},"storeId":${JSON.stringify(c.storeId)},"key":${JSON.stringify(c.key)},"op":"${row ? 'upsert' : 'delete'}","row":${row ?? 'null'}}`;
    size += text.length + 1;
    if (size > PAGE_TEXT_MAX && changes.length) {
      cursor = c.seq - 1;
      break;
    }
    changes.push(Buffer.from(text, 'utf8'));
  }
  return page(changes, cursor, head);
}

const OPEN = Buffer.from('{"changes":[');
const COMMA = Buffer.from(',');
function page(changes: Buffer[], cursor: number, head: number): Buffer {
  const parts: Buffer[] = [OPEN];
  changes.forEach((c, i) => parts.push(...(i ? [COMMA, c] : [c])));
  parts.push(Buffer.from(`],"cursor":${cursor},"head":${head},"hasMore":${cursor < head}}`));
  return Buffer.concat(parts);
}

/**
 * The stored document with the sync fields after its own (JSON.parse keeps
 * the last of repeated names, so they win exactly as the object spread
 * `{ ...data, storeId, version, … }` would).
 */
function rowText(data: string, storeId: string, version: number, updatedAt: string, ozonSync?: unknown): string {
  const sync = `"storeId":${JSON.stringify(storeId)},"version":${version},"updatedAt":${JSON.stringify(updatedAt)},"deleted":false${
    ozonSync === undefined ? '' : `,"ozonSync":${JSON.stringify(ozonSync)}`
  }}`;
  const body = data.trimEnd();
  if (!body.startsWith('{') || !body.endsWith('}')) throw new Error('store-data row is not a JSON object');
  const inner = body.slice(1, -1);
  return inner.trim() ? `{${inner},${sync}` : `{${sync}`;
}

type StoredRow = Record<string, unknown> & { data: string; version: number | string; updated_at: string };

/** Current rows of one (entity, store) as JSON text keyed by feed row key; deleted or missing rows are absent. */
async function readGroup(
  db: Kysely<DB>,
  o: PullOptions,
  range: { after: number; upTo: number },
  entity: Entity,
  storeId: string | null,
  keys: string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (entity === 'store') {
    for (let i = 0; i < keys.length; i += 500) {
      const list = await db.selectFrom('stores').selectAll().where('workspace_id', '=', o.workspaceId).where('id', 'in', keys.slice(i, i + 500)).execute();
      for (const s of list) out.set(s.id, JSON.stringify(toStoreDto(s, o.keyWarningDays)));
    }
    return out;
  }
  const spec = SPECS.get(entity);
  if (!spec || storeId === null) return out;
  const found = spec.keys.length === 1 ? await joinedRows(db, o, range, spec, storeId) : await rowsByKeys(db, o, spec, storeId, keys);
  const states = (OZON_SYNC_ENTITIES as ReadonlySet<string>).has(entity) && found.size ? await ozonSyncStates(db, storeId, entity, [...found.keys()]) : null;
  for (const [k, r] of found) out.set(k, rowText(r.data, storeId, Number(r.version), r.updated_at, states ? (states.get(k) ?? null) : undefined));
  return out;
}

/** Single-key tables: the page's feed entries of (entity, store) joined to their rows in one query. */
async function joinedRows(db: Kysely<DB>, o: PullOptions, range: { after: number; upTo: number }, spec: TableSpec, storeId: string): Promise<Map<string, StoredRow>> {
  const key = spec.keys[0]!;
  const list = (await (db as unknown as AnyDb)
    .selectFrom('change_feed as f')
    .innerJoin(`${spec.table} as t`, (j) => j.onRef('t.store_id', '=', 'f.store_id').onRef(`t.${key}`, '=', 'f.row_key'))
    .select([`t.${key} as k`, 't.data', 't.version', 't.updated_at'])
    .where('f.workspace_id', '=', o.workspaceId)
    .where('f.seq', '>', range.after)
    .where('f.seq', '<=', range.upTo)
    .where('f.entity', '=', spec.entity)
    .where('f.store_id', '=', storeId)
    .where('t.workspace_id', '=', o.workspaceId)
    .where('t.deleted', '=', 0)
    .execute()) as (StoredRow & { k: string })[];
  // a row changed twice in the range joins twice: same row, keep one
  const out = new Map<string, StoredRow>();
  for (const r of list) out.set(String(r.k), r);
  return out;
}

/** Composite-key tables: batched primary-key lookups. */
async function rowsByKeys(db: Kysely<DB>, o: PullOptions, spec: TableSpec, storeId: string, keys: string[]): Promise<Map<string, StoredRow>> {
  const out = new Map<string, StoredRow>();
  for (let i = 0; i < keys.length; i += 100) {
    const parts = keys.slice(i, i + 100).map((k) => splitKey(k, spec.keys.length));
    const list = (await (db as unknown as AnyDb)
      .selectFrom(spec.table)
      .select([...spec.keys, 'data', 'version', 'updated_at'])
      .where('store_id', '=', storeId)
      .where('workspace_id', '=', o.workspaceId)
      .where('deleted', '=', 0)
      // one primary-key search per key (an OR of per-key ANDs scanned the store's rows, see keyIn)
      .where(keyIn(spec.keys, parts))
      .execute()) as StoredRow[];
    for (const r of list) out.set(spec.keys.map((col) => String(r[col])).join(':'), r);
  }
  return out;
}
