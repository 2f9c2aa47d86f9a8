/**
 * Pulled pages into the cache.
 *
 * Invariants:
 * - A page and its cursor are applied in ONE transaction: a crash never
 *   leaves rows and cursor disagreeing.
 * - A row never goes back to an older version than the one cached.
 * - Editable rows keep their pending local edits laid over the pulled row
 *   (rebased: projected columns hold the effective value, server_json the
 *   server's).
 * - Deferred search index: pages applied with `bulk` (a first sync) skip the
 *   per-row FTS writes and mark the index stale (meta `searchStale`, in the
 *   page's own transaction); rebuildSearch() refills it from the tables in
 *   one pass and clears the mark in one transaction. While the mark is set
 *   every page skips the FTS writes (the rebuild covers them), and a cache
 *   opened with the mark set (a crash mid first sync) is rebuilt on open.
 * - Deferred list indexes: a bulk page also drops the secondary indexes of
 *   the big tables in its own transaction; finishPull() creates them again
 *   (deferred-indexes.ts has the crash-safety rules).
 */
import { pickNames, RawRow, type PickNames } from '../../shared/sync/page-bytes';
import type { Change } from '../../shared/sync/protocol';
import type { CacheDb } from './db';
import { deferIndexes } from './deferred-indexes';
import type { EffectiveRows, Row, ServerJson } from './effective';
import { int, POSTING_FIELDS, PRODUCT_FIELDS, postingProjection, reqStr, SIMPLE, str } from './rows';
import type { SimpleStatements, Statements } from './statements';

export const SEARCH_STALE = 'searchStale';
/** What a pulled product or posting row is read for (its projection, plus the sync fields applyPage reads). */
const SYNC_FIELDS = ['version', 'updatedAt', 'deleted'];
const PICK: Record<string, PickNames> = {
  product: pickNames([...PRODUCT_FIELDS, ...SYNC_FIELDS]),
  posting: pickNames([...POSTING_FIELDS, ...SYNC_FIELDS]),
};
/** WAL pages between automatic checkpoints while a first sync runs (SQLite's default is 1000). */
const BULK_WAL_PAGES = 20_000;
export const DEFAULT_WAL_PAGES = 1000;

export interface ApplyOptions {
  /** a first sync: leave the search index to one rebuild at the end */
  bulk?: boolean;
}

export class PageApplier {
  constructor(
    private readonly db: CacheDb,
    private readonly st: Statements,
    private readonly simple: Map<string, SimpleStatements>,
    private readonly rows: EffectiveRows,
    /** the cache's meta writer (one seam, so a failing write can be simulated) */
    private readonly setMeta: (key: string, value: string) => void,
  ) {}

  get searchStale(): boolean {
    return this.st.metaGet.get(SEARCH_STALE) === '1';
  }

  /** Applies one page and its cursor in ONE transaction. Returns the stores whose data changed. */
  applyPage(changes: Change[], cursor: number, at: string, opts: ApplyOptions = {}): Set<string> {
    const stores = new Set<string>();
    // a first sync writes hundreds of MB: checkpoint the WAL every 20,000 pages instead of every 1,000 (160 MB at a new
    // cache's 8 KiB pages; finishPull restores the default)
    if (opts.bulk) this.db.pragma(`wal_autocheckpoint = ${BULK_WAL_PAGES}`);
    this.db
      .transaction(() => {
        const hasOutbox = !!this.st.outboxAny.get();
        const search = !opts.bulk && !this.searchStale;
        if (!search) this.setMeta(SEARCH_STALE, '1');
        if (opts.bulk) deferIndexes(this.db);
        // a first sync's rows are nearly all new: products and postings try a bare insert first (see applyProduct)
        const fresh = !!opts.bulk && !hasOutbox;
        const stockTouched = new Set<string>();
        for (const c of changes) {
          const storeId = c.storeId ?? '';
          stores.add(storeId);
          // a row still in its page's bytes (transport.ts): products and postings take only their projected fields and
          // keep the row's text as received for server_json; other entities (and unusual rows) are parsed whole
          const raw = c.row instanceof RawRow ? c.row : null;
          const picked = raw && PICK[c.entity] ? raw.pick(PICK[c.entity]!) : null;
          const value = raw ? (picked ?? raw.value()) : c.row;
          const json = picked ? raw!.view() : undefined;
          const row = value && typeof value === 'object' ? (value as Row) : null;
          const live = c.op === 'delete' || !row || row.deleted === true ? null : row;
          const version = row && typeof row.version === 'number' ? row.version : c.seq;
          const updatedAt = row && typeof row.updatedAt === 'string' ? row.updatedAt : at;
          if (c.entity === 'product') this.applyProduct(storeId, c.key, live, version, updatedAt, hasOutbox, search, fresh, json);
          else if (c.entity === 'stock') {
            const pid = this.applyStock(storeId, c.key, live, version, updatedAt, hasOutbox);
            if (pid) stockTouched.add(`${storeId}\u0000${pid}`);
          } else if (c.entity === 'posting') this.applyPosting(storeId, c.key, live, version, updatedAt, search, fresh, json);
          else if (c.entity === 'chat_message') this.applyMessage(storeId, c.key, live, version, updatedAt);
          else if (SIMPLE[c.entity]) {
            const spec = SIMPLE[c.entity]!;
            const s = this.simple.get(c.entity)!;
            const cur = s.version.get(storeId, c.key) as number | undefined;
            if (cur !== undefined && cur > version) continue;
            if (!live) s.del.run(storeId, c.key);
            else s.upsert.run(storeId, c.key, version, updatedAt, ...spec.project(live), JSON.stringify(live));
          } else {
            const cur = this.st.recordVersion.get(c.entity, storeId, c.key) as number | undefined;
            if (cur !== undefined && cur > version) continue;
            if (!live) this.st.recordDelete.run(c.entity, storeId, c.key);
            else this.st.recordUpsert.run(c.entity, storeId, c.key, version, updatedAt, JSON.stringify(live));
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

  /** Refills the product and posting search indexes from the tables when they are stale; true when it did. */
  rebuildSearch(): boolean {
    if (!this.searchStale) return false;
    this.db
      .transaction(() => {
        this.st.productFtsClear.run();
        this.st.productFtsFill.run();
        this.st.postingFtsClear.run();
        this.st.postingFtsFill.run();
        this.setMeta(SEARCH_STALE, '0');
      })
      .immediate();
    return true;
  }

  /**
   * `json`: the server row's text (or its UTF-8 bytes) when the caller has
   * it; `row` then may hold only the projected fields.
   * `fresh`: a first-sync page with an empty outbox (bulk: no search
   * entries). Its rows are nearly all new, so the row is inserted without
   * looking it up first; only a row already cached (one that changed while
   * the sync ran comes again) takes the version check and update below.
   */
  private applyProduct(storeId: string, key: string, row: Row | null, version: number, updatedAt: string, hasOutbox: boolean, search: boolean, fresh: boolean, json?: ServerJson): void {
    if (fresh && row && this.rows.insertNewProduct(storeId, key, row, version, updatedAt, json)) return;
    const head = this.st.productHead.get(storeId, key) as { rowid: number; version: number } | undefined;
    if (head && head.version > version) return;
    if (!row) {
      if (head) {
        if (search) this.st.productFtsDel.run(head.rowid);
        this.st.productDelete.run(head.rowid);
      }
      return;
    }
    this.rows.writeProduct(storeId, key, row, version, updatedAt, head?.rowid ?? null, hasOutbox, search, json);
  }

  private applyStock(storeId: string, key: string, row: Row | null, version: number, updatedAt: string, hasOutbox: boolean): string | null {
    const cur = this.st.stockServer.get(storeId, key) as { version: number } | undefined;
    if (cur && cur.version > version) return null;
    const pid = key.split(':')[0] ?? '';
    if (!row) {
      if (cur) this.st.stockDelete.run(storeId, key);
      return pid;
    }
    this.rows.writeStock(storeId, key, row, version, updatedAt, hasOutbox);
    return pid;
  }

  /** `fresh` as for applyProduct. */
  private applyPosting(storeId: string, key: string, row: Row | null, version: number, updatedAt: string, search: boolean, fresh: boolean, json?: ServerJson): void {
    if (fresh && row) {
      const p = postingProjection(row);
      const added = this.st.postingInsertNew.get(storeId, key, version, updatedAt, ...p.cols, json ?? JSON.stringify(row)) as { rowid: number } | undefined;
      if (added) return this.postingItems(storeId, key, row, added.rowid, p.items, false);
    }
    const head = this.st.postingHead.get(storeId, key) as { rowid: number; version: number } | undefined;
    if (head && head.version > version) return;
    if (head) {
      if (search) this.st.postingFtsDel.run(head.rowid);
      this.st.postingItemsDel.run(storeId, key);
    }
    if (!row) {
      if (head) this.st.postingDelete.run(head.rowid);
      return;
    }
    const p = postingProjection(row);
    const { rowid } = this.st.postingUpsert.get(storeId, key, version, updatedAt, ...p.cols, json ?? JSON.stringify(row)) as { rowid: number };
    this.postingItems(storeId, key, row, rowid, p.items, search);
  }

  /** A posting's item rows (its old ones are gone) and, with `search`, its search entry. */
  private postingItems(storeId: string, key: string, row: Row, rowid: number, items: ReturnType<typeof postingProjection>['items'], search: boolean): void {
    const names: string[] = [];
    const offers: string[] = [];
    items.forEach((it, i) => {
      this.st.postingItemIns.run(storeId, key, i, reqStr(it.sku), reqStr(it.offerId), reqStr(it.name), int(it.quantity), reqStr(it.price));
      names.push(reqStr(it.name));
      offers.push(reqStr(it.offerId));
    });
    if (search) this.st.postingFtsIns.run(rowid, reqStr(row.postingNumber) || key, names.join(' '), offers.join(' '));
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
}
