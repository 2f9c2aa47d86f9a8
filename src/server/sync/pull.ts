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
 * - Size: the page is at most `maxBytes` (PAGE_BYTES_MAX) bytes, its whole
 *   JSON counted, unless its first change alone is larger (a page always
 *   carries at least one). A page that would pass it is cut after the last
 *   change that fits and `cursor` becomes the seq just before the first change
 *   left out. Every change is at its row's latest seq in the page, so whatever
 *   was left out has a seq above the cursor and comes again in the next page:
 *   nothing is skipped.
 * - Rows are read per (entity, store) joined to the page's feed range (one
 *   range scan plus primary-key lookups), and their stored `data` — canonical
 *   JSON of an object, written only by canonicalJson() — is sent as it is,
 *   as UTF-8 bytes with the sync fields spliced in before its closing brace
 *   (rowJson): no parse and re-serialize per row, and on SQLite no decoding
 *   and re-encoding of its text either (readRows).
 */
import { sql, type Kysely, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { ENTITIES, type Entity } from '../../shared/domain/common';
import type { DbKind } from '../db/connect';
import type { DB } from '../db/schema';
import { toStoreDto } from '../stores/dto';
import { keyIn, rowKey, splitKey, TABLES, type TableSpec } from '../store-data/tables';
import { OZON_SYNC_ENTITIES, ozonSyncStates } from './ozon-push';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- store-data tables are addressed by name
type AnyDb = Kysely<any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a select over a store-data table addressed by name
type AnySelect = SelectQueryBuilder<any, any, object>;

const KNOWN = new Set<string>(ENTITIES);
const SPECS = new Map<string, TableSpec>(Object.values(TABLES).map((s) => [s.entity, s]));
/**
 * Bytes per page, the page's whole JSON: half of what the desktop client
 * takes (PULL_MAX_BYTES, 8 MiB, src/main/sync/transport.ts), whatever the
 * script of the text.
 */
export const PAGE_BYTES_MAX = 4 * 1024 * 1024;

export interface PullOptions {
  workspaceId: string;
  after: number;
  limit: number;
  /** whether the caller may see rows of this entity; hidden entries are covered by the cursor but not returned */
  canSee?: (entity: Entity) => boolean;
  keyWarningDays: number;
  /** the database behind `db`: rows are read differently on each (readRows) */
  dbKind: DbKind;
  /** the page's size bound in bytes; PAGE_BYTES_MAX unless a test needs a small one */
  maxBytes?: number;
}

/** The rows of one (entity, store) the page needs, read at once. */
interface Group {
  entity: Entity;
  storeId: string | null;
  keys: string[];
  /** `,"entity":…,"storeId":…,"key":` of each change of the group */
  lead: string;
  rows: Map<string, RowJson>;
}

interface Latest {
  seq: number;
  key: string;
  group: Group;
}

export async function feedHead(db: Kysely<DB>, workspaceId: string): Promise<number> {
  const r = await db.selectFrom('workspace_seq').select('last_seq').where('workspace_id', '=', workspaceId).executeTakeFirst();
  return r ? Number(r.last_seq) : 0;
}

/**
 * One page as the JSON text of a ChangePage in UTF-8, ready to send. Built
 * as bytes: the stored documents arrive as bytes (packedRows) and are copied
 * once into one buffer of exactly the page's size, with the few short strings
 * around them (joining a megabyte of row strings, then measuring and encoding
 * the result for the socket, cost more than reading the rows).
 */
export async function readChangesPage(db: Kysely<DB>, o: PullOptions): Promise<PulledPage> {
  const head = await feedHead(db, o.workspaceId);
  if (o.after >= head) return pulled([], o.after, head);
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

  // compaction: the latest entry per row within the page; rows grouped per (entity, store) for reading
  const groups = new Map<string, Group>();
  const latest = new Map<string, Latest>();
  for (const e of entries) {
    if (!KNOWN.has(e.entity)) continue;
    const entity = e.entity as Entity;
    if (o.canSee && !o.canSee(entity)) continue;
    const g = `${entity}\u0000${e.store_id ?? ''}`;
    let group = groups.get(g);
    if (!group) {
      const lead = `,"entity":${JSON.stringify(entity)},"storeId":${JSON.stringify(e.store_id)},"key":`;
      groups.set(g, (group = { entity, storeId: e.store_id, keys: [], lead, rows: new Map() }));
    }
    const id = `${g}\u0000${e.row_key}`;
    latest.delete(id); // re-insert so Map order follows the latest seq
    latest.set(id, { seq: Number(e.seq), key: e.row_key, group });
  }
  for (const c of latest.values()) c.group.keys.push(c.key);
  const range = { after: o.after, upTo: cursor };
  for (const group of groups.values()) group.rows = await readGroup(db, o, range, group.entity, group.storeId, group.keys);

  const max = o.maxBytes ?? PAGE_BYTES_MAX;
  const changes: Change[] = [];
  // the envelope at its longest: cursor <= head, and "false" is longer than "true"
  let size = OPEN.length + Buffer.byteLength(close(head, head));
  for (const c of latest.values()) {
    // absent = deleted or gone
    const row = c.group.rows.get(c.key) ?? null;
    const lead = `{"seq":${c.seq}${c.group.lead}${JSON.stringify(c.key)},"op":"${row ? 'upsert' : 'delete'}","row":`;
    const change: Change = { lead, body: row?.bytes ?? null, tail: row ? `${row.text}}` : 'null}', bytes: 0 };
    change.bytes = Buffer.byteLength(change.lead) + (change.body?.length ?? 0) + Buffer.byteLength(change.tail);
    const add = (changes.length ? 1 : 0) + change.bytes;
    if (size + add > max && changes.length) {
      cursor = c.seq - 1;
      break;
    }
    size += add;
    changes.push(change);
  }
  return pulled(changes, cursor, head);
}

/** A page's bytes, and its cursor and hasMore as they are written in them (the route also announces them in headers). */
export interface PulledPage {
  bytes: Buffer;
  cursor: number;
  hasMore: boolean;
}

const pulled = (changes: Change[], cursor: number, head: number): PulledPage => ({ bytes: page(changes, cursor, head), cursor, hasMore: cursor < head });

/** One change's JSON: `lead`, then the stored document's bytes (if any), then `tail`; `bytes` is its UTF-8 length. */
interface Change {
  lead: string;
  body: Buffer | null;
  tail: string;
  bytes: number;
}

const OPEN = Buffer.from('{"changes":[');
const close = (cursor: number, head: number) => `],"cursor":${cursor},"head":${head},"hasMore":${cursor < head}}`;

/** The page in one exactly sized buffer, each change written or copied into it once. */
function page(changes: Change[], cursor: number, head: number): Buffer {
  const end = close(cursor, head);
  let total = OPEN.length + Buffer.byteLength(end) + Math.max(0, changes.length - 1);
  for (const c of changes) total += c.bytes;
  const out = Buffer.allocUnsafe(total);
  let at = OPEN.copy(out, 0);
  changes.forEach((c, i) => {
    if (i) out[at++] = 0x2c; // ,
    at += out.write(c.lead, at);
    if (c.body) at += c.body.copy(out, at);
    at += out.write(c.tail, at);
  });
  at += out.write(end, at);
  // every byte was counted before it was written: a mismatch would send uninitialized memory
  if (at !== total) throw new Error(`pull page size ${at} is not the ${total} counted`);
  return out;
}

/** A row's JSON: `bytes` (UTF-8, may be absent), then `text`. */
interface RowJson {
  bytes: Buffer | null;
  text: string;
}

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/**
 * The stored document with the sync fields after its own (JSON.parse keeps
 * the last of repeated names, so they win exactly as the object spread
 * `{ ...data, storeId, version, … }` would), spliced in at the byte level:
 * JSON whitespace after the closing brace is dropped, the document's bytes up
 * to that brace are sent as they are, and an empty object takes the fields
 * without a comma. The text never passes through a JS string.
 */
function rowJson(data: Buffer, storeJson: string, version: number, updatedAt: string, ozonSync?: unknown): RowJson {
  const sync = `"storeId":${storeJson},"version":${version},"updatedAt":${JSON.stringify(updatedAt)},"deleted":false${
    ozonSync === undefined ? '' : `,"ozonSync":${JSON.stringify(ozonSync)}`
  }}`;
  let end = data.length;
  while (end > 0 && isSpace(data[end - 1]!)) end--;
  if (end < 2 || data[0] !== 0x7b || data[end - 1] !== 0x7d) throw new Error('store-data row is not a JSON object');
  let first = 1;
  while (first < end - 1 && isSpace(data[first]!)) first++;
  const empty = first === end - 1;
  return empty ? { bytes: data.subarray(0, 1), text: sync } : { bytes: data.subarray(0, end - 1), text: `,${sync}` };
}

interface StoredRow {
  data: Buffer;
  version: number;
  updatedAt: string;
}

/**
 * The rows a select over a store-data table (`t`) finds, keyed by their
 * natural key joined with ':' (the feed's row key).
 *
 * SQLite: all of them as ONE value (packedRows) and the documents as views of
 * it: a JS string per document, decoded and then encoded again, or a Buffer
 * per document, cost more than the database's reads. PostgreSQL: row by row,
 * each document encoded once (aggregating there took the database longer than
 * it saved here).
 */
async function readRows(kind: DbKind, query: AnySelect, key: readonly string[], into: Map<string, StoredRow>): Promise<void> {
  if (kind === 'sqlite') {
    const r = (await query.select(packedRows(key).as('rows')).executeTakeFirst()) as { rows: Buffer | null } | undefined;
    unpackRows(r?.rows ?? null, key.length, into);
    return;
  }
  const list = (await query.select([...key.map((k) => `t.${k}`), 't.data', 't.version', 't.updated_at']).execute()) as (Record<string, unknown> & {
    data: string;
    version: number | string;
    updated_at: string;
  })[];
  for (const r of list) into.set(rowKey(key.map((k) => String(r[k]))), { data: Buffer.from(r.data, 'utf8'), version: Number(r.version), updatedAt: r.updated_at });
}

/**
 * SQLite: the rows of `t` as one blob, for each row `<n>:<header><m>:<data>`:
 * the header the JSON array [...key, version, updated_at], the data the
 * stored document as stored (UTF-8), n and m their byte counts. Rows come in
 * any order (each carries its key). One value holds at most a page's rows
 * (SYNC_PAGE_MAX), far below SQLite's 1 GB limit for Ozon's documents.
 */
function packedRows(key: readonly string[]): RawBuilder<Buffer | null> {
  const h = sql`json_array(${sql.join([...key.map((k) => sql.ref(`t.${k}`)), sql.ref('t.version'), sql.ref('t.updated_at')])})`;
  return sql<Buffer | null>`cast(group_concat(length(cast(${h} as blob)) || ':' || ${h} || length(cast(t.data as blob)) || ':' || t.data, '') as blob)`;
}

/** The rows of a packedRows value into `into`; their documents are views of `packed`. */
function unpackRows(packed: Buffer | null, keyColumns: number, into: Map<string, StoredRow>): void {
  if (!packed) return;
  let at = 0;
  const length = () => {
    let n = 0;
    for (let c = packed[at++]; c !== 0x3a; c = packed[at++]) {
      if (c === undefined || c < 0x30 || c > 0x39) throw new Error('pull: malformed packed rows');
      n = n * 10 + c - 0x30;
    }
    return n;
  };
  while (at < packed.length) {
    const n = length();
    const header = JSON.parse(packed.toString('utf8', at, (at += n))) as unknown[];
    const m = length();
    if (at + m > packed.length) throw new Error('pull: malformed packed rows');
    const key = rowKey(header.slice(0, keyColumns).map(String));
    into.set(key, { data: packed.subarray(at, (at += m)), version: Number(header[keyColumns]), updatedAt: String(header[keyColumns + 1]) });
  }
}

/** Current rows of one (entity, store) as JSON keyed by feed row key; deleted or missing rows are absent. */
async function readGroup(
  db: Kysely<DB>,
  o: PullOptions,
  range: { after: number; upTo: number },
  entity: Entity,
  storeId: string | null,
  keys: string[],
): Promise<Map<string, RowJson>> {
  const out = new Map<string, RowJson>();
  if (entity === 'store') {
    for (let i = 0; i < keys.length; i += 500) {
      const list = await db.selectFrom('stores').selectAll().where('workspace_id', '=', o.workspaceId).where('id', 'in', keys.slice(i, i + 500)).execute();
      for (const s of list) out.set(s.id, { bytes: null, text: JSON.stringify(toStoreDto(s, o.keyWarningDays)) });
    }
    return out;
  }
  const spec = SPECS.get(entity);
  if (!spec || storeId === null) return out;
  const found = spec.keys.length === 1 ? await joinedRows(db, o, range, spec, storeId) : await rowsByKeys(db, o, spec, storeId, keys);
  const states = (OZON_SYNC_ENTITIES as ReadonlySet<string>).has(entity) && found.size ? await ozonSyncStates(db, storeId, entity, [...found.keys()]) : null;
  const storeJson = JSON.stringify(storeId);
  for (const [k, r] of found) out.set(k, rowJson(r.data, storeJson, r.version, r.updatedAt, states ? (states.get(k) ?? null) : undefined));
  return out;
}

/** Single-key tables: the page's feed entries of (entity, store) joined to their rows in one query. */
async function joinedRows(db: Kysely<DB>, o: PullOptions, range: { after: number; upTo: number }, spec: TableSpec, storeId: string): Promise<Map<string, StoredRow>> {
  const key = spec.keys[0]!;
  const query = (db as unknown as AnyDb)
    .selectFrom('change_feed as f')
    .innerJoin(`${spec.table} as t`, (j) => j.onRef('t.store_id', '=', 'f.store_id').onRef(`t.${key}`, '=', 'f.row_key'))
    .where('f.workspace_id', '=', o.workspaceId)
    .where('f.seq', '>', range.after)
    .where('f.seq', '<=', range.upTo)
    .where('f.entity', '=', spec.entity)
    .where('f.store_id', '=', storeId)
    .where('t.workspace_id', '=', o.workspaceId)
    .where('t.deleted', '=', 0);
  // a row changed twice in the range joins twice: same row, the map keeps one
  const out = new Map<string, StoredRow>();
  await readRows(o.dbKind, query, spec.keys, out);
  return out;
}

/** Composite-key tables: batched primary-key lookups. */
async function rowsByKeys(db: Kysely<DB>, o: PullOptions, spec: TableSpec, storeId: string, keys: string[]): Promise<Map<string, StoredRow>> {
  const out = new Map<string, StoredRow>();
  for (let i = 0; i < keys.length; i += 100) {
    const parts = keys.slice(i, i + 100).map((k) => splitKey(k, spec.keys.length));
    const query = (db as unknown as AnyDb)
      .selectFrom(`${spec.table} as t`)
      .where('t.store_id', '=', storeId)
      .where('t.workspace_id', '=', o.workspaceId)
      .where('t.deleted', '=', 0)
      // one primary-key search per key (an OR of per-key ANDs scanned the store's rows, see keyIn)
      .where(keyIn(spec.keys.map((k) => `t.${k}`), parts));
    await readRows(o.dbKind, query, spec.keys, out);
  }
  return out;
}
