import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Change, FieldConflict, Mutation, MutationResult } from '../../shared/sync/protocol';
import { EDITABLE_FIELDS, type EditableEntity } from '../../shared/sync/protocol';
import { AppError } from '../core/errors';
import { openCacheDb, type CacheDb, type OpenCacheDbOptions } from './db';
import { bool, int, num, POSTING_COLS, postingProjection, reqStr, SIMPLE, str, type SqlValue } from './rows';

type Row = Record<string, unknown>;
export type LocalState = 'synced' | 'pending' | 'failed' | 'conflict';
export type OutboxState = 'pending' | 'failed' | 'conflict';

export interface OutboxEntry {
  ord: number;
  id: string;
  entity: EditableEntity;
  storeId: string;
  key: string;
  baseVersion: number;
  changes: Row;
  base: Row;
  changeSetId: string | null;
  label: string;
  createdAt: string;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: number;
  error: { code: string; field?: string; message?: string } | null;
  conflicts: FieldConflict[] | null;
  conflictVersion: number | null;
}

interface OutboxRaw {
  ord: number;
  id: string;
  entity: string;
  store_id: string;
  key: string;
  base_version: number;
  changes: string;
  base: string;
  change_set_id: string | null;
  label: string;
  created_at: string;
  state: string;
  attempts: number;
  next_attempt_at: number;
  error: string | null;
  conflicts: string | null;
  conflict_version: number | null;
}

const toEntry = (r: OutboxRaw): OutboxEntry => ({
  ord: r.ord,
  id: r.id,
  entity: r.entity as EditableEntity,
  storeId: r.store_id,
  key: r.key,
  baseVersion: r.base_version,
  changes: JSON.parse(r.changes) as Row,
  base: JSON.parse(r.base) as Row,
  changeSetId: r.change_set_id,
  label: r.label,
  createdAt: r.created_at,
  state: r.state as OutboxState,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  error: r.error ? (JSON.parse(r.error) as OutboxEntry['error']) : null,
  conflicts: r.conflicts ? (JSON.parse(r.conflicts) as FieldConflict[]) : null,
  conflictVersion: r.conflict_version,
});

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);
const STATE_RANK: Record<LocalState, number> = { synced: 0, pending: 1, failed: 2, conflict: 3 };

/**
 * The local cache of one signed-in workspace: the mirror of the server's
 * store data, the pull cursor and the durable outbox. Synchronous
 * (better-sqlite3); every multi-row write is one transaction.
 */
export class Cache {
  readonly db: CacheDb;
  private readonly st: ReturnType<Cache['prepare']>;
  private readonly simple = new Map<string, { upsert: Database.Statement; del: Database.Statement; version: Database.Statement }>();
  private closed = false;

  constructor(
    readonly file: string,
    opts: OpenCacheDbOptions = {},
  ) {
    this.db = openCacheDb(file, opts);
    this.st = this.prepare();
    for (const [entity, spec] of Object.entries(SIMPLE)) {
      const cols = ['store_id', 'key', 'version', 'updated_at', ...spec.cols, 'server_json'];
      this.simple.set(entity, {
        upsert: this.db.prepare(
          `INSERT INTO ${spec.table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})
           ON CONFLICT (store_id, key) DO UPDATE SET ${cols.slice(2).map((c) => `${c} = excluded.${c}`).join(', ')}`,
        ),
        del: this.db.prepare(`DELETE FROM ${spec.table} WHERE store_id = ? AND key = ?`),
        version: this.db.prepare(`SELECT version FROM ${spec.table} WHERE store_id = ? AND key = ?`).pluck(),
      });
    }
  }

  private prepare() {
    const db = this.db;
    return {
      metaGet: db.prepare('SELECT value FROM meta WHERE key = ?').pluck(),
      metaSet: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      productHead: db.prepare('SELECT rowid, version FROM products WHERE store_id = ? AND key = ?'),
      productServer: db.prepare('SELECT rowid, version, server_json FROM products WHERE store_id = ? AND key = ?'),
      productUpsert: db.prepare(
        `INSERT INTO products (store_id, key, version, updated_at, offer_id, sku, name, price, status, visible, archived, category_id, type_id, local_state, server_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (store_id, key) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at, offer_id = excluded.offer_id,
           sku = excluded.sku, name = excluded.name, price = excluded.price, status = excluded.status, visible = excluded.visible,
           archived = excluded.archived, category_id = excluded.category_id, type_id = excluded.type_id, local_state = excluded.local_state,
           server_json = excluded.server_json
         RETURNING rowid`,
      ),
      productDelete: db.prepare('DELETE FROM products WHERE rowid = ?'),
      productSetState: db.prepare('UPDATE products SET local_state = ? WHERE store_id = ? AND key = ?'),
      productFtsDel: db.prepare('DELETE FROM products_fts WHERE rowid = ?'),
      productFtsIns: db.prepare('INSERT INTO products_fts (rowid, name, offer_id, sku, barcodes) VALUES (?, ?, ?, ?, ?)'),
      productStockAgg: db.prepare(
        `UPDATE products SET stock_present = (SELECT COALESCE(SUM(present), 0) FROM stocks s WHERE s.store_id = products.store_id AND s.product_id = products.key),
           stock_reserved = (SELECT COALESCE(SUM(reserved), 0) FROM stocks s WHERE s.store_id = products.store_id AND s.product_id = products.key)
         WHERE store_id = ? AND key = ?`,
      ),
      stockServer: db.prepare('SELECT version, server_json FROM stocks WHERE store_id = ? AND key = ?'),
      stockUpsert: db.prepare(
        `INSERT INTO stocks (store_id, key, product_id, warehouse_id, version, updated_at, present, reserved, local_state, server_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (store_id, key) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at, present = excluded.present,
           reserved = excluded.reserved, local_state = excluded.local_state, server_json = excluded.server_json`,
      ),
      stockDelete: db.prepare('DELETE FROM stocks WHERE store_id = ? AND key = ?'),
      postingHead: db.prepare('SELECT rowid, version FROM postings WHERE store_id = ? AND key = ?'),
      postingUpsert: db.prepare(
        `INSERT INTO postings (store_id, key, version, updated_at, ${POSTING_COLS.join(', ')}, server_json)
         VALUES (?, ?, ?, ?, ${POSTING_COLS.map(() => '?').join(', ')}, ?)
         ON CONFLICT (store_id, key) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at,
           ${POSTING_COLS.map((c) => `${c} = excluded.${c}`).join(', ')}, server_json = excluded.server_json
         RETURNING rowid`,
      ),
      postingDelete: db.prepare('DELETE FROM postings WHERE rowid = ?'),
      postingItemsDel: db.prepare('DELETE FROM posting_items WHERE store_id = ? AND posting_key = ?'),
      postingItemIns: db.prepare('INSERT INTO posting_items (store_id, posting_key, idx, sku, offer_id, name, quantity, price) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      postingFtsDel: db.prepare('DELETE FROM postings_fts WHERE rowid = ?'),
      postingFtsIns: db.prepare('INSERT INTO postings_fts (rowid, posting_number, item_names, offer_ids) VALUES (?, ?, ?, ?)'),
      msgHead: db.prepare('SELECT rowid, version FROM chat_messages WHERE store_id = ? AND key = ?'),
      msgUpsert: db.prepare(
        `INSERT INTO chat_messages (store_id, key, version, updated_at, chat_id, message_id, created_at, server_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (store_id, key) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at, created_at = excluded.created_at,
           server_json = excluded.server_json
         RETURNING rowid`,
      ),
      msgDelete: db.prepare('DELETE FROM chat_messages WHERE rowid = ?'),
      msgFtsDel: db.prepare('DELETE FROM chat_messages_fts WHERE rowid = ?'),
      msgFtsIns: db.prepare('INSERT INTO chat_messages_fts (rowid, text) VALUES (?, ?)'),
      recordVersion: db.prepare('SELECT version FROM records WHERE entity = ? AND store_id = ? AND key = ?').pluck(),
      recordUpsert: db.prepare(
        `INSERT INTO records (entity, store_id, key, version, updated_at, server_json) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (entity, store_id, key) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at, server_json = excluded.server_json`,
      ),
      recordDelete: db.prepare('DELETE FROM records WHERE entity = ? AND store_id = ? AND key = ?'),
      outboxAny: db.prepare('SELECT EXISTS (SELECT 1 FROM outbox)').pluck(),
      outboxForRow: db.prepare('SELECT * FROM outbox WHERE entity = ? AND store_id = ? AND key = ? ORDER BY ord'),
      outboxStockStates: db.prepare("SELECT state FROM outbox WHERE entity = 'stock' AND store_id = ? AND key >= ? AND key < ?").pluck(),
      outboxById: db.prepare('SELECT * FROM outbox WHERE id = ?'),
      outboxInsert: db.prepare(
        `INSERT INTO outbox (id, entity, store_id, key, base_version, changes, base, change_set_id, label, created_at, state, attempts, next_attempt_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, 0)`,
      ),
      outboxUpdateChanges: db.prepare(
        "UPDATE outbox SET id = ?, changes = ?, base = ?, state = 'pending', attempts = 0, next_attempt_at = 0, error = NULL, conflicts = NULL WHERE ord = ?",
      ),
      outboxDelete: db.prepare('DELETE FROM outbox WHERE id = ?'),
      outboxDue: db.prepare("SELECT * FROM outbox WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY ord LIMIT ?"),
      outboxNextDue: db.prepare("SELECT MIN(next_attempt_at) FROM outbox WHERE state = 'pending'").pluck(),
      outboxAttempt: db.prepare('UPDATE outbox SET attempts = attempts + 1 WHERE id = ?'),
      outboxDefer: db.prepare("UPDATE outbox SET next_attempt_at = ? WHERE id = ? AND state = 'pending'"),
      outboxConflict: db.prepare("UPDATE outbox SET state = 'conflict', conflicts = ?, conflict_version = ? WHERE id = ?"),
      outboxReject: db.prepare("UPDATE outbox SET state = 'failed', error = ? WHERE id = ?"),
      outboxCounts: db.prepare('SELECT state, COUNT(*) AS n FROM outbox GROUP BY state'),
      outboxAll: db.prepare('SELECT * FROM outbox ORDER BY ord'),
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      /* best effort */
    }
    this.db.close();
  }

  /** Refresh the planner's statistics (after a large first sync). */
  optimize(): void {
    this.db.pragma('optimize=0x10002');
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  // ---------- meta ----------
  getMeta(key: string): string | null {
    return (this.st.metaGet.get(key) as string | undefined) ?? null;
  }
  setMeta(key: string, value: string): void {
    this.st.metaSet.run(key, value);
  }
  get cursor(): number {
    return Number(this.getMeta('cursor') ?? 0);
  }

  // ---------- pull ----------
  /** Applies one page and its cursor in ONE transaction. Returns the stores whose data changed. */
  applyPage(changes: Change[], cursor: number, at = new Date().toISOString()): Set<string> {
    const stores = new Set<string>();
    this.db
      .transaction(() => {
        const hasOutbox = !!this.st.outboxAny.get();
        const stockTouched = new Set<string>();
        for (const c of changes) {
          const storeId = c.storeId ?? '';
          stores.add(storeId);
          const row = c.row && typeof c.row === 'object' ? (c.row as Row) : null;
          const isDelete = c.op === 'delete' || !row || row.deleted === true;
          const version = row && typeof row.version === 'number' ? row.version : c.seq;
          const updatedAt = row && typeof row.updatedAt === 'string' ? row.updatedAt : at;
          if (c.entity === 'product') this.applyProduct(storeId, c.key, isDelete ? null : row!, version, updatedAt, hasOutbox);
          else if (c.entity === 'stock') {
            const pid = this.applyStock(storeId, c.key, isDelete ? null : row!, version, updatedAt, hasOutbox);
            if (pid) stockTouched.add(`${storeId}\u0000${pid}`);
          } else if (c.entity === 'posting') this.applyPosting(storeId, c.key, isDelete ? null : row!, version, updatedAt);
          else if (c.entity === 'chat_message') this.applyMessage(storeId, c.key, isDelete ? null : row!, version, updatedAt);
          else if (SIMPLE[c.entity]) {
            const spec = SIMPLE[c.entity]!;
            const s = this.simple.get(c.entity)!;
            const cur = s.version.get(storeId, c.key) as number | undefined;
            if (cur !== undefined && cur > version) continue;
            if (isDelete) s.del.run(storeId, c.key);
            else s.upsert.run(storeId, c.key, version, updatedAt, ...spec.project(row!), JSON.stringify(row));
          } else {
            const cur = this.st.recordVersion.get(c.entity, storeId, c.key) as number | undefined;
            if (cur !== undefined && cur > version) continue;
            if (isDelete) this.st.recordDelete.run(c.entity, storeId, c.key);
            else this.st.recordUpsert.run(c.entity, storeId, c.key, version, updatedAt, JSON.stringify(row));
          }
        }
        for (const k of stockTouched) {
          const [storeId, pid] = k.split('\u0000') as [string, string];
          this.st.productStockAgg.run(storeId, pid);
        }
        this.setMeta('cursor', String(cursor));
        this.setMeta('lastSyncedAt', at);
      })
      .immediate();
    return stores;
  }

  /** The effective row: the server row with pending/failed/conflicting local edits laid over it, in order. */
  private overlay(entity: EditableEntity, storeId: string, key: string, server: Row, hasOutbox = true): { row: Row; state: LocalState; entries: OutboxEntry[] } {
    if (!hasOutbox) return { row: server, state: 'synced', entries: [] };
    const entries = (this.st.outboxForRow.all(entity, storeId, key) as OutboxRaw[]).map(toEntry);
    if (!entries.length) return { row: server, state: 'synced', entries };
    const row = { ...server };
    let state: LocalState = 'synced';
    for (const e of entries) {
      Object.assign(row, e.changes);
      if (STATE_RANK[e.state] > STATE_RANK[state]) state = e.state;
    }
    return { row, state, entries };
  }

  private productState(storeId: string, pid: string, own: LocalState): LocalState {
    let state = own;
    for (const s of this.st.outboxStockStates.all(storeId, `${pid}:`, `${pid};`) as LocalState[]) if (STATE_RANK[s] > STATE_RANK[state]) state = s;
    return state;
  }

  private applyProduct(storeId: string, key: string, row: Row | null, version: number, updatedAt: string, hasOutbox: boolean): void {
    const head = this.st.productHead.get(storeId, key) as { rowid: number; version: number } | undefined;
    if (head && head.version > version) return;
    if (!row) {
      if (head) {
        this.st.productFtsDel.run(head.rowid);
        this.st.productDelete.run(head.rowid);
      }
      return;
    }
    this.writeProduct(storeId, key, row, version, updatedAt, head?.rowid ?? null, hasOutbox);
  }

  private writeProduct(storeId: string, key: string, server: Row, version: number, updatedAt: string, rowid: number | null, hasOutbox: boolean): void {
    const { row, state } = this.overlay('product', storeId, key, server, hasOutbox);
    const fullState = hasOutbox ? this.productState(storeId, key, state) : state;
    const statuses = (server.statuses ?? {}) as Row;
    const id = this.st.productUpsert.get(
      storeId,
      key,
      version,
      updatedAt,
      reqStr(row.offerId),
      str(row.sku),
      reqStr(row.name),
      num(row.price),
      reqStr(statuses.status),
      bool(row.visible),
      bool(row.archived),
      str(row.descriptionCategoryId),
      str(row.typeId),
      fullState,
      JSON.stringify(server),
    ) as { rowid: number };
    if (rowid !== null) this.st.productFtsDel.run(rowid);
    const barcodes = Array.isArray(row.barcodes) ? (row.barcodes as unknown[]).join(' ') : '';
    this.st.productFtsIns.run(id.rowid, reqStr(row.name), reqStr(row.offerId), reqStr(row.sku), barcodes);
  }

  private applyStock(storeId: string, key: string, row: Row | null, version: number, updatedAt: string, hasOutbox: boolean): string | null {
    const cur = this.st.stockServer.get(storeId, key) as { version: number } | undefined;
    if (cur && cur.version > version) return null;
    const pid = key.split(':')[0] ?? '';
    if (!row) {
      if (cur) this.st.stockDelete.run(storeId, key);
      return pid;
    }
    this.writeStock(storeId, key, row, version, updatedAt, hasOutbox);
    return pid;
  }

  private writeStock(storeId: string, key: string, server: Row, version: number, updatedAt: string, hasOutbox: boolean): void {
    const [pid, wid] = key.split(':') as [string, string];
    const { row, state } = this.overlay('stock', storeId, key, server, hasOutbox);
    this.st.stockUpsert.run(storeId, key, pid, wid, version, updatedAt, int(row.present), int(row.reserved), state, JSON.stringify(server));
  }

  private applyPosting(storeId: string, key: string, row: Row | null, version: number, updatedAt: string): void {
    const head = this.st.postingHead.get(storeId, key) as { rowid: number; version: number } | undefined;
    if (head && head.version > version) return;
    if (head) {
      this.st.postingFtsDel.run(head.rowid);
      this.st.postingItemsDel.run(storeId, key);
    }
    if (!row) {
      if (head) this.st.postingDelete.run(head.rowid);
      return;
    }
    const p = postingProjection(row);
    const { rowid } = this.st.postingUpsert.get(storeId, key, version, updatedAt, ...p.cols, JSON.stringify(row)) as { rowid: number };
    const names: string[] = [];
    const offers: string[] = [];
    p.items.forEach((it, i) => {
      this.st.postingItemIns.run(storeId, key, i, reqStr(it.sku), reqStr(it.offerId), reqStr(it.name), int(it.quantity), reqStr(it.price));
      names.push(reqStr(it.name));
      offers.push(reqStr(it.offerId));
    });
    this.st.postingFtsIns.run(rowid, reqStr(row.postingNumber) || key, names.join(' '), offers.join(' '));
  }

  private applyMessage(storeId: string, key: string, row: Row | null, version: number, updatedAt: string): void {
    const head = this.st.msgHead.get(storeId, key) as { rowid: number; version: number } | undefined;
    if (head && head.version > version) return;
    if (head) this.st.msgFtsDel.run(head.rowid);
    if (!row) {
      if (head) this.st.msgDelete.run(head.rowid);
      return;
    }
    const { rowid } = this.st.msgUpsert.get(
      storeId,
      key,
      version,
      updatedAt,
      reqStr(row.chatId),
      reqStr(row.messageId),
      str(row.createdAt),
      JSON.stringify(row),
    ) as { rowid: number };
    const text = Array.isArray(row.text) ? (row.text as unknown[]).join('\n') : reqStr(row.text);
    this.st.msgFtsIns.run(rowid, text);
  }

  // ---------- rows of editable entities ----------
  serverRow(entity: EditableEntity, storeId: string, key: string): { row: Row; version: number } | null {
    const r = (entity === 'product' ? this.st.productServer.get(storeId, key) : this.st.stockServer.get(storeId, key)) as
      | { version: number; server_json: string }
      | undefined;
    return r ? { row: JSON.parse(r.server_json) as Row, version: r.version } : null;
  }

  effectiveRow(entity: EditableEntity, storeId: string, key: string): { row: Row; version: number; state: LocalState; entries: OutboxEntry[] } | null {
    const s = this.serverRow(entity, storeId, key);
    if (!s) return null;
    const o = this.overlay(entity, storeId, key, s.row);
    return { row: o.row, version: s.version, state: o.state, entries: o.entries };
  }

  /** Re-derives the projected columns of a row after its outbox entries changed. */
  private refreshRow(entity: EditableEntity, storeId: string, key: string): void {
    const s = this.serverRow(entity, storeId, key);
    if (!s) return;
    if (entity === 'product') {
      const head = this.st.productHead.get(storeId, key) as { rowid: number };
      this.writeProduct(storeId, key, s.row, s.version, String(s.row.updatedAt ?? ''), head.rowid, true);
    } else {
      this.writeStock(storeId, key, s.row, s.version, String(s.row.updatedAt ?? ''), true);
      const pid = key.split(':')[0]!;
      this.st.productStockAgg.run(storeId, pid);
      const own = this.overlay('product', storeId, pid, {}).state;
      this.st.productSetState.run(this.productState(storeId, pid, own), storeId, pid);
    }
  }

  /** Patches the cached server row (fields known to be the server's current values), keeping the newest version. */
  private patchServer(entity: EditableEntity, storeId: string, key: string, fields: Row, version: number | null): void {
    const s = this.serverRow(entity, storeId, key);
    if (!s) return;
    const row = { ...s.row, ...fields };
    const v = version !== null && version > s.version ? version : s.version;
    if (version !== null && version > s.version) row.version = version;
    if (entity === 'product') {
      const head = this.st.productHead.get(storeId, key) as { rowid: number };
      this.writeProduct(storeId, key, row, v, String(row.updatedAt ?? ''), head.rowid, true);
    } else this.writeStock(storeId, key, row, v, String(row.updatedAt ?? ''), true);
  }

  // ---------- local edits ----------
  /**
   * A local edit: the row (effective value) and its outbox entry in one
   * transaction. Folds into the row's last entry while that was never sent
   * (or was rejected: the new edit is the fix), else appends a new entry.
   */
  edit(entity: EditableEntity, storeId: string, key: string, changes: Row, label: string, now = new Date()): OutboxEntry | null {
    const allowed = EDITABLE_FIELDS[entity] as readonly string[];
    for (const f of Object.keys(changes)) if (!allowed.includes(f)) throw new AppError('VALIDATION_FAILED', { fields: [{ path: f, code: 'not_editable' }] });
    let result: OutboxEntry | null = null;
    this.db
      .transaction(() => {
        const cur = this.effectiveRow(entity, storeId, key);
        if (!cur) throw new AppError('NOT_FOUND');
        const last = cur.entries[cur.entries.length - 1];
        const foldable = last && ((last.state === 'pending' && last.attempts === 0) || last.state === 'failed');
        if (foldable) {
          const merged = { ...last.changes };
          const base = { ...last.base };
          for (const [f, v] of Object.entries(changes)) {
            if (!(f in base)) base[f] = cur.row[f] ?? null;
            merged[f] = v;
          }
          // a field edited back to where it started is no change at all
          for (const f of Object.keys(merged)) {
            if (!same(merged[f], base[f])) continue;
            delete merged[f];
            delete base[f];
          }
          if (!Object.keys(merged).length) this.st.outboxDelete.run(last.id);
          else {
            const id = last.state === 'failed' ? randomUUID() : last.id;
            this.st.outboxUpdateChanges.run(id, JSON.stringify(merged), JSON.stringify(base), last.ord);
          }
        } else {
          const changed: Row = {};
          const base: Row = {};
          for (const [f, v] of Object.entries(changes)) {
            if (same(cur.row[f] ?? null, v)) continue;
            changed[f] = v;
            base[f] = cur.row[f] ?? null;
          }
          if (!Object.keys(changed).length) return;
          this.st.outboxInsert.run(randomUUID(), entity, storeId, key, cur.version, JSON.stringify(changed), JSON.stringify(base), null, label, now.toISOString());
        }
        this.refreshRow(entity, storeId, key);
        const after = this.effectiveRow(entity, storeId, key)!;
        result = after.entries[after.entries.length - 1] ?? null;
      })
      .immediate();
    return result;
  }

  // ---------- outbox ----------
  entry(id: string): OutboxEntry | null {
    const r = this.st.outboxById.get(id) as OutboxRaw | undefined;
    return r ? toEntry(r) : null;
  }

  entries(): OutboxEntry[] {
    return (this.st.outboxAll.all() as OutboxRaw[]).map(toEntry);
  }

  counts(): Record<OutboxState, number> {
    const out: Record<OutboxState, number> = { pending: 0, failed: 0, conflict: 0 };
    for (const r of this.st.outboxCounts.all() as { state: OutboxState; n: number }[]) out[r.state] = r.n;
    return out;
  }

  /** Due entries, marked as attempted (durably) before they are sent. */
  takeDue(nowMs: number, limit: number): OutboxEntry[] {
    let out: OutboxEntry[] = [];
    this.db
      .transaction(() => {
        out = (this.st.outboxDue.all(nowMs, limit) as OutboxRaw[]).map(toEntry);
        for (const e of out) this.st.outboxAttempt.run(e.id);
      })
      .immediate();
    return out.map((e) => ({ ...e, attempts: e.attempts + 1 }));
  }

  nextDueAt(): number | null {
    return (this.st.outboxNextDue.get() as number | null) ?? null;
  }

  defer(ids: { id: string; at: number }[]): void {
    this.db.transaction(() => ids.forEach((d) => this.st.outboxDefer.run(d.at, d.id))).immediate();
  }

  /** The server's answers, in one transaction. Returns the stores whose rows changed. */
  applyResults(sent: OutboxEntry[], results: MutationResult[]): Set<string> {
    const byId = new Map(sent.map((e) => [e.id, e]));
    const stores = new Set<string>();
    this.db
      .transaction(() => {
        for (const r of results) {
          const e = byId.get(r.id);
          if (!e || !this.entry(e.id)) continue;
          stores.add(e.storeId);
          if (r.status === 'applied') {
            this.st.outboxDelete.run(e.id);
            this.patchServer(e.entity, e.storeId, e.key, e.changes, r.version);
          } else if (r.status === 'conflict') {
            this.st.outboxConflict.run(JSON.stringify(r.conflicts), r.version, e.id);
          } else {
            this.st.outboxReject.run(JSON.stringify(r.reason), e.id);
          }
          this.refreshRow(e.entity, e.storeId, e.key);
        }
      })
      .immediate();
    return stores;
  }

  /** Send again now; a rejected entry gets a fresh idempotency key (the old one's answer is final). */
  retry(id: string): void {
    const e = this.entry(id);
    if (!e) throw new AppError('NOT_FOUND');
    if (e.state === 'conflict') throw new AppError('CONFLICT');
    this.db
      .transaction(() => {
        this.st.outboxUpdateChanges.run(e.state === 'failed' ? randomUUID() : e.id, JSON.stringify(e.changes), JSON.stringify(e.base), e.ord);
        this.refreshRow(e.entity, e.storeId, e.key);
      })
      .immediate();
  }

  /** Drop the edit and show the server's value again. */
  discard(id: string): OutboxEntry {
    const e = this.entry(id);
    if (!e) throw new AppError('NOT_FOUND');
    this.db
      .transaction(() => {
        this.st.outboxDelete.run(id);
        if (e.state === 'conflict' && e.conflicts) {
          const theirs: Row = {};
          for (const c of e.conflicts) theirs[c.field] = c.theirs;
          this.patchServer(e.entity, e.storeId, e.key, theirs, null);
        } else this.refreshRow(e.entity, e.storeId, e.key);
      })
      .immediate();
    return e;
  }

  /** A resolution is a new mutation whose base is the server's current values. */
  resolve(id: string, choices: Record<string, 'yours' | 'theirs' | 'ozon'>, now = new Date()): OutboxEntry {
    const e = this.entry(id);
    if (!e) throw new AppError('NOT_FOUND');
    if (e.state !== 'conflict' || !e.conflicts) throw new AppError('CONFLICT');
    this.db
      .transaction(() => {
        const changes = { ...e.changes };
        const base = { ...e.base };
        const theirs: Row = {};
        for (const c of e.conflicts!) {
          theirs[c.field] = c.theirs;
          const choice = choices[c.field] ?? 'yours';
          if (choice === 'theirs' || (choice === 'ozon' && same(c.ozon, c.theirs))) {
            delete changes[c.field];
            delete base[c.field];
          } else {
            changes[c.field] = choice === 'ozon' ? (c.ozon ?? c.theirs) : c.yours;
            base[c.field] = c.theirs;
          }
        }
        this.st.outboxDelete.run(id);
        this.patchServer(e.entity, e.storeId, e.key, theirs, null);
        if (Object.keys(changes).length) {
          this.st.outboxInsert.run(
            randomUUID(),
            e.entity,
            e.storeId,
            e.key,
            e.conflictVersion ?? e.baseVersion,
            JSON.stringify(changes),
            JSON.stringify(base),
            e.changeSetId,
            e.label,
            now.toISOString(),
          );
        }
        this.refreshRow(e.entity, e.storeId, e.key);
      })
      .immediate();
    return e;
  }

  toMutation(e: OutboxEntry): Mutation {
    return {
      id: e.id,
      entity: e.entity,
      storeId: e.storeId,
      key: e.key,
      baseVersion: e.baseVersion,
      changes: e.changes,
      base: e.base,
      ...(e.changeSetId ? { changeSetId: e.changeSetId } : {}),
      createdAt: e.createdAt,
    } as Mutation;
  }
}

export type { SqlValue };
