import type { z } from 'zod';
import type { OrderQuery, OrderRow, ProductDetail, ProductQuery, ProductRow, RowSync } from '../../shared/ipc/workstation';
import { warehouseTakesStock } from '../../shared/domain/store';
import { AppError } from '../core/errors';
import type { Cache, OutboxEntry } from './cache';
import { Stmts, type Row, type SqlArg } from './queries-shared';

/** "abc 12-x" → `"abc"* "12"* "x"*`: every word as a quoted prefix (no FTS syntax from the user gets through). */
export function ftsQuery(search: string): string | null {
  const words = search
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 12);
  return words.length ? words.map((w) => `"${w}"*`).join(' ') : null;
}

/** How one list's WHERE, search and paging are built: its table, search index and sortable columns. */
interface ListSpec<F extends string> {
  table: string;
  ftsTable: string;
  /** sort field → column and the index that walks it in order (migration 0001); fields come from the query's zod enum */
  sort: Record<F, { col: string; index: string }>;
}

const PRODUCT_LIST: ListSpec<NonNullable<z.output<typeof ProductQuery>['sort']>['field']> = {
  table: 'products',
  ftsTable: 'products_fts',
  sort: {
    name: { col: 'x.name COLLATE NOCASE', index: 'products_name' },
    offerId: { col: 'x.offer_id', index: 'products_offer' },
    price: { col: 'x.price', index: 'products_price' },
    stock: { col: 'x.stock_present', index: 'products_stock' },
    updatedAt: { col: 'x.updated_at', index: 'products_updated' },
  },
};
const ORDER_LIST: ListSpec<NonNullable<z.output<typeof OrderQuery>['sort']>['field']> = {
  table: 'postings',
  ftsTable: 'postings_fts',
  sort: {
    inProcessAt: { col: 'x.in_process_at', index: 'postings_in_process' },
    shipmentDate: { col: 'x.shipment_date', index: 'postings_shipment' },
    status: { col: 'x.status', index: 'postings_status_sort' },
    total: { col: 'x.total', index: 'postings_total' },
  },
};

/** A list query under construction: filters pushed as SQL with their arguments, never values inlined. */
class ListFilter {
  readonly where = ['x.store_id = ?'];
  readonly args: SqlArg[];
  constructor(readonly storeId: string) {
    this.args = [storeId];
  }
  /** `sql` with its `?` placeholders, applied only when `when` holds */
  add(when: boolean, sql: string, ...args: SqlArg[]): this {
    if (!when) return this;
    this.where.push(sql);
    this.args.push(...args);
    return this;
  }
}

/**
 * The list/detail reads of the workstation, served from the cache only.
 * Statements are prepared once per distinct filter shape and reused.
 */
export class CacheQueries {
  private readonly stmts: Stmts;
  constructor(private readonly cache: Cache) {
    this.stmts = new Stmts(cache);
  }

  /** FTS matches small enough to sort directly; above it the sort index drives and matches are a set. */
  private static readonly FTS_DRIVE_MAX = 2000;
  /**
   * Filtered lists with at most this many matches are sorted directly instead of walking the sort index. Measured at
   * 100k products: sorting costs about 4.5 µs a match (9 ms at 2,000); a walk costs about 1.5 µs a row it passes,
   * so when matches are spread evenly it passes offset+limit times rows/matches (5,000 rows here, 8 ms) — and all
   * 100k (170 ms) when they sit at the end of the order, or there are none.
   */
  private static readonly FILTER_SORT_MAX = 2000;

  /**
   * A filtered, sorted window with its total. Totals come from covering
   * indexes; windows select rowids first (walking the sort index, or the FTS
   * hits when there are few) and fetch the full rows for that window only.
   * Ties sort by key, so pages never overlap or skip.
   */
  private window<F extends string>(
    spec: ListSpec<F>,
    filter: ListFilter,
    fts: string | null,
    sort: { field: F; dir: 'ASC' | 'DESC' },
    page: { limit: number; offset: number },
  ): { rowids: number[]; total: number } {
    const { table, ftsTable } = spec;
    const by = spec.sort[sort.field];
    const order = `${by.col} ${sort.dir}, x.key ${sort.dir}`;
    let { where, args } = filter;
    // during a first sync the list indexes are dropped (deferred-indexes.ts): naming one would fail
    let from = this.cache.indexesDeferred ? `${table} x` : `${table} x INDEXED BY ${by.index}`;
    let total: number | null = null;
    let countWhere = where;
    if (fts) {
      const hits = this.stmts.get(`SELECT COUNT(*) FROM ${ftsTable} WHERE ${ftsTable} MATCH ?`).pluck().get(fts) as number;
      if (hits === 0) return { rowids: [], total: 0 };
      const matches = `x.rowid IN (SELECT rowid FROM ${ftsTable} WHERE ${ftsTable} MATCH ?)`;
      where = [...where, matches];
      args = [...args, fts];
      if (hits <= CacheQueries.FTS_DRIVE_MAX) from = `${table} x`;
      // many hits are counted by walking the store's rows in an index that covers the filters and testing each rowid
      // against the hits, not by reading a table row per hit: a third of 50k products matching a short prefix as it is
      // typed counted in 9 ms instead of 57 (unary + keeps the planner from looking the hits up by rowid)
      countWhere = [...filter.where, hits > CacheQueries.FTS_DRIVE_MAX ? `+${matches}` : matches];
      // the search alone, in a cache holding no other store's rows and a search index in step with its tables: every
      // hit is a row of this store, so the index's own count is the total
      if (filter.where.length === 1 && !this.cache.searchStale && !this.otherStores(table, filter.storeId)) total = hits;
    }
    const w = where.join(' AND ');
    total ??= this.stmts.get(`SELECT COUNT(*) FROM ${table} x WHERE ${countWhere.join(' AND ')}`).pluck().get(...args) as number;
    // a window past the last match would walk the whole sort index to find nothing
    if (page.offset >= total) return { rowids: [], total };
    // few matches: find them through the filter's own index and sort them, rather than walk the sort index past every
    // row that fails the filter (a filter matching 50 of 100k rows, or rows near the end of the order, made the walk
    // visit nearly all of them). The planner prefers an index that yields the ORDER BY even then; unary + (a no-op on
    // any value) keeps the sort columns from matching one.
    let sortBy = order;
    if (where.length > 1 && total <= CacheQueries.FILTER_SORT_MAX) {
      from = `${table} x`;
      sortBy = `+${by.col} ${sort.dir}, +x.key ${sort.dir}`;
    }
    const rowids = this.stmts.get(`SELECT x.rowid FROM ${from} WHERE ${w} ORDER BY ${sortBy} LIMIT ? OFFSET ?`)
      .pluck()
      .all(...args, page.limit, page.offset) as number[];
    return { rowids, total };
  }

  private byRowids(sql: string, rowids: number[]): Row[] {
    if (!rowids.length) return [];
    const rows = this.stmts.get(`${sql} WHERE rowid IN (SELECT value FROM json_each(?))`).all(JSON.stringify(rowids)) as (Row & { rid: number })[];
    const byId = new Map(rows.map((r) => [r.rid, r]));
    return rowids.map((id) => byId.get(id)).filter((r): r is Row & { rid: number } => !!r);
  }

  /** Whether `table` holds rows of a store other than `storeId` (two seeks of its key index). */
  private otherStores(table: string, storeId: string): boolean {
    return (
      this.stmts.get(`SELECT EXISTS (SELECT 1 FROM ${table} WHERE store_id < ?) OR EXISTS (SELECT 1 FROM ${table} WHERE store_id > ?)`).pluck().get(storeId, storeId) === 1
    );
  }

  products(q: z.output<typeof ProductQuery>): { rows: ProductRow[]; total: number } {
    const fts = q.search ? ftsQuery(q.search) : null;
    if (q.search && !fts) return { rows: [], total: 0 };
    const f = new ListFilter(q.storeId)
      .add(!!q.status, 'x.status = ?', q.status ?? '')
      .add(!!q.visibility, 'x.visible = ?', q.visibility === 'visible' ? 1 : 0)
      .add(q.stock === 'in_stock', 'x.stock_present > 0')
      .add(!!q.stock && q.stock !== 'in_stock', 'x.stock_present <= 0')
      .add(q.archived !== undefined, 'x.archived = ?', q.archived ? 1 : 0)
      .add(!!q.categoryId, 'x.category_id = ?', q.categoryId ?? '')
      .add(!!q.warehouseId, 'x.key IN (SELECT product_id FROM stocks WHERE store_id = ? AND warehouse_id = ?)', q.storeId, q.warehouseId ?? '');
    const sort = { field: q.sort?.field ?? 'name', dir: q.sort?.dir === 'desc' ? 'DESC' : 'ASC' } as const;
    const { rowids, total } = this.window(PRODUCT_LIST, f, fts, sort, q);
    const rows = this.byRowids(
      `SELECT rowid AS rid, key, offer_id, sku, name, price, status, visible, archived, category_id, type_id, stock_present,
              stock_reserved, updated_at, local_state, server_json FROM products`,
      rowids,
    );
    return {
      total,
      rows: rows.map((r) => {
        const server = JSON.parse(r.server_json as string) as Row;
        const eff = r.local_state === 'synced' ? server : (this.cache.effectiveRow('product', q.storeId, r.key as string)?.row ?? server);
        return {
          productId: r.key as string,
          offerId: r.offer_id as string,
          sku: (r.sku as string | null) ?? null,
          name: r.name as string,
          primaryImage: (eff.primaryImage as string | null) ?? null,
          price: (eff.price as string | null) ?? null,
          oldPrice: (eff.oldPrice as string | null) ?? null,
          currency: String(eff.currency ?? 'RUB'),
          status: r.status as string,
          visible: r.visible === 1,
          archived: r.archived === 1,
          stockPresent: r.stock_present as number,
          stockReserved: r.stock_reserved as number,
          categoryName: this.categoryName(q.storeId, r.category_id as string | null, r.type_id as string | null),
          updatedAt: r.updated_at as string,
          syncState: r.local_state as ProductRow['syncState'],
        };
      }),
    };
  }

  categoryName(storeId: string, categoryId: string | null, typeId: string | null): string | null {
    if (!categoryId) return null;
    const s = this.stmts.get(
      "SELECT name FROM categories WHERE store_id = ? AND category_id = ? AND type_id IN (?, '0') ORDER BY type_id = '0' LIMIT 1",
    ).pluck();
    return (s.get(storeId, categoryId, typeId ?? '0') as string | undefined) ?? null;
  }

  facets(storeId: string) {
    const statuses = this.stmts.get('SELECT DISTINCT status FROM products WHERE store_id = ? ORDER BY status').pluck().all(storeId) as string[];
    const warehouses = this.stmts.get('SELECT key AS id, name FROM warehouses WHERE store_id = ? ORDER BY name').all(storeId) as { id: string; name: string }[];
    const categories = (
      this.stmts.get('SELECT DISTINCT category_id FROM products WHERE store_id = ? AND category_id IS NOT NULL').pluck().all(storeId) as string[]
    ).map((id) => ({ id, name: this.categoryName(storeId, id, '0') ?? id }));
    categories.sort((a, b) => a.name.localeCompare(b.name));
    return { statuses: statuses.filter(Boolean), warehouses, categories };
  }

  private rowSync(entries: OutboxEntry[], ozon: unknown): RowSync {
    const pendingFields = new Set<string>();
    let conflict: RowSync['conflict'] = null;
    let rejection: RowSync['rejection'] = null;
    for (const e of entries) {
      if (e.state === 'pending') Object.keys(e.changes).forEach((f) => pendingFields.add(f));
      if (e.state === 'conflict' && e.conflicts && !conflict) conflict = { entryId: e.id, conflicts: e.conflicts };
      if (e.state === 'failed' && e.error && !rejection) rejection = { entryId: e.id, ...e.error };
    }
    const o = ozon && typeof ozon === 'object' ? (ozon as { state?: unknown; reason?: unknown }) : null;
    const states = ['synced', 'pending', 'failed', 'drifted'] as const;
    return {
      pendingFields: [...pendingFields],
      conflict,
      rejection,
      ozon: o && states.includes(o.state as (typeof states)[number]) ? { state: o.state as (typeof states)[number], reason: typeof o.reason === 'string' ? o.reason : null } : null,
    };
  }

  product(storeId: string, productId: string): ProductDetail {
    const eff = this.cache.effectiveRow('product', storeId, productId);
    if (!eff) throw new AppError('NOT_FOUND');
    const p = eff.row;
    const statuses = (p.statuses ?? {}) as Row;
    const stockRows = this.stmts.get('SELECT key, warehouse_id FROM stocks WHERE store_id = ? AND product_id = ? ORDER BY warehouse_id').all(storeId, productId) as {
      key: string;
      warehouse_id: string;
    }[];
    const warehouses = this.stmts.get('SELECT key, name, status FROM warehouses WHERE store_id = ? ORDER BY key').all(storeId) as { key: string; name: string; status: string }[];
    const whName = new Map(warehouses.map((w) => [w.key, w.name]));
    const stocks: ProductDetail['stocks'] = stockRows.map((s) => {
      const se = this.cache.effectiveRow('stock', storeId, s.key)!;
      return {
        warehouseId: s.warehouse_id,
        warehouseName: whName.get(s.warehouse_id) ?? s.warehouse_id,
        present: Number(se.row.present ?? 0),
        reserved: Number(se.row.reserved ?? 0),
        stocked: se.version > 0,
        sync: this.rowSync(se.entries, se.row.ozonSync),
      };
    });
    // every other warehouse that takes stock, at zero: Ozon reports no row for a pair never stocked, and the
    // seller sets a new product's first stock here (an edit lays down its zero row, Outbox.edit)
    const have = new Set(stockRows.map((s) => s.warehouse_id));
    for (const w of warehouses) {
      if (have.has(w.key) || !warehouseTakesStock(w.status)) continue;
      stocks.push({ warehouseId: w.key, warehouseName: w.name, present: 0, reserved: 0, stocked: false, sync: this.rowSync([], null) });
    }
    stocks.sort((a, b) => (a.warehouseId < b.warehouseId ? -1 : a.warehouseId > b.warehouseId ? 1 : 0));
    return {
      product: {
        productId,
        offerId: String(p.offerId ?? ''),
        sku: (p.sku as string | null) ?? null,
        name: String(p.name ?? ''),
        description: (p.description as string | null) ?? null,
        images: Array.isArray(p.images) ? (p.images as string[]) : [],
        price: (p.price as string | null) ?? null,
        oldPrice: (p.oldPrice as string | null) ?? null,
        minPrice: (p.minPrice as string | null) ?? null,
        currency: String(p.currency ?? 'RUB'),
        vat: String(p.vat ?? '0'),
        status: String(statuses.status ?? ''),
        visible: !!p.visible,
        archived: !!p.archived,
        categoryName: this.categoryName(storeId, (p.descriptionCategoryId as string) ?? null, (p.typeId as string) ?? null),
        barcodes: Array.isArray(p.barcodes) ? (p.barcodes as string[]) : [],
        version: eff.version,
      },
      stocks,
      sync: this.rowSync(eff.entries, p.ozonSync),
    };
  }

  orders(q: z.output<typeof OrderQuery>): { rows: OrderRow[]; total: number } {
    const fts = q.search ? ftsQuery(q.search) : null;
    if (q.search && !fts) return { rows: [], total: 0 };
    const f = new ListFilter(q.storeId)
      .add(!!q.status, 'x.status = ?', q.status ?? '')
      .add(!!q.scheme, 'x.scheme = ?', q.scheme ?? '')
      .add(!!q.warehouseId, 'x.warehouse_id = ?', q.warehouseId ?? '')
      .add(!!q.dateFrom, 'x.in_process_at >= ?', q.dateFrom ?? '')
      .add(!!q.dateTo, 'x.in_process_at < ?', q.dateTo ?? '');
    const sort = { field: q.sort?.field ?? 'inProcessAt', dir: (q.sort?.dir ?? 'desc') === 'desc' ? 'DESC' : 'ASC' } as const;
    const { rowids, total } = this.window(ORDER_LIST, f, fts, sort, q);
    // lines are counted for the window's rows only, each a walk of posting_items' primary key (never deferred)
    const rows = this.byRowids(
      `SELECT rowid AS rid, key, scheme, status, substatus, warehouse_id, in_process_at, shipment_date, items_count, total_text, currency,
              first_item_name, (SELECT name FROM warehouses wh WHERE wh.store_id = postings.store_id AND wh.key = postings.warehouse_id) AS warehouse_name,
              (SELECT COUNT(*) FROM posting_items i WHERE i.store_id = postings.store_id AND i.posting_key = postings.key) AS lines_count
       FROM postings`,
      rowids,
    );
    return {
      total,
      rows: rows.map((r) => ({
        postingNumber: r.key as string,
        scheme: r.scheme as 'fbs' | 'fbo',
        status: r.status as string,
        substatus: r.substatus as string,
        warehouseName: (r.warehouse_name as string | null) ?? null,
        inProcessAt: (r.in_process_at as string | null) ?? null,
        shipmentDate: (r.shipment_date as string | null) ?? null,
        itemsCount: r.items_count as number,
        linesCount: r.lines_count as number,
        total: r.total_text as string,
        currency: r.currency as string,
        firstItemName: r.first_item_name as string,
      })),
    };
  }

  /** Full-text search over chat messages (customer service inbox). */
  searchMessages(storeId: string, search: string, limit = 50): Row[] {
    const fts = ftsQuery(search);
    if (!fts) return [];
    return (
      this.stmts.get(
        `SELECT m.server_json FROM chat_messages_fts f JOIN chat_messages m ON m.rowid = f.rowid
         WHERE chat_messages_fts MATCH ? AND m.store_id = ? ORDER BY m.created_at DESC LIMIT ?`,
      )
        .pluck()
        .all(fts, storeId, limit) as string[]
    ).map((j) => JSON.parse(j) as Row);
  }
}
