import type Database from 'better-sqlite3';
import type { z } from 'zod';
import type { OrderQuery, OrderRow, ProductDetail, ProductQuery, ProductRow, RowSync } from '../../shared/ipc/workstation';
import { AppError } from '../core/errors';
import type { Cache, OutboxEntry } from './cache';

type Row = Record<string, unknown>;
type SqlArg = string | number;

/** "abc 12-x" → `"abc"* "12"* "x"*`: every word as a quoted prefix (no FTS syntax from the user gets through). */
export function ftsQuery(search: string): string | null {
  const words = search
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 12);
  return words.length ? words.map((w) => `"${w}"*`).join(' ') : null;
}

/** sort field → column and the index that walks it in order (migration 0001) */
const PRODUCT_SORT: Record<string, { col: string; index: string }> = {
  name: { col: 'x.name COLLATE NOCASE', index: 'products_name' },
  offerId: { col: 'x.offer_id', index: 'products_offer' },
  price: { col: 'x.price', index: 'products_price' },
  stock: { col: 'x.stock_present', index: 'products_stock' },
  updatedAt: { col: 'x.updated_at', index: 'products_updated' },
};
const ORDER_SORT: Record<string, { col: string; index: string }> = {
  inProcessAt: { col: 'x.in_process_at', index: 'postings_in_process' },
  shipmentDate: { col: 'x.shipment_date', index: 'postings_shipment' },
  status: { col: 'x.status', index: 'postings_status_sort' },
  total: { col: 'x.total', index: 'postings_total' },
};

/**
 * The list/detail reads of the workstation, served from the cache only.
 * Statements are prepared once per distinct filter shape and reused.
 */
export class CacheQueries {
  private readonly stmts = new Map<string, Database.Statement>();
  constructor(private readonly cache: Cache) {}

  private stmt(sql: string): Database.Statement {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.cache.db.prepare(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  /** FTS matches small enough to sort directly; above it the sort index drives and matches are a set. */
  private static readonly FTS_DRIVE_MAX = 2000;

  /**
   * A filtered, sorted window with its total. Totals come from covering
   * indexes; windows select rowids first (walking the sort index, or the FTS
   * hits when there are few) and fetch the full rows for that window only.
   */
  private window(opts: {
    table: string;
    fts: string | null;
    ftsTable: string;
    where: string[];
    args: SqlArg[];
    sortIndex: string;
    order: string;
    limit: number;
    offset: number;
  }): { rowids: number[]; total: number } {
    const { table, where, args } = opts;
    if (opts.fts) {
      const hits = this.stmt(`SELECT COUNT(*) FROM ${opts.ftsTable} WHERE ${opts.ftsTable} MATCH ?`).pluck().get(opts.fts) as number;
      if (hits === 0) return { rowids: [], total: 0 };
      const w = [...where, `x.rowid IN (SELECT rowid FROM ${opts.ftsTable} WHERE ${opts.ftsTable} MATCH ?)`].join(' AND ');
      const a = [...args, opts.fts];
      const total = this.stmt(`SELECT COUNT(*) FROM ${table} x WHERE ${w}`).pluck().get(...a) as number;
      const from = hits <= CacheQueries.FTS_DRIVE_MAX ? `${table} x` : `${table} x INDEXED BY ${opts.sortIndex}`;
      const rowids = this.stmt(`SELECT x.rowid FROM ${from} WHERE ${w} ORDER BY ${opts.order} LIMIT ? OFFSET ?`)
        .pluck()
        .all(...a, opts.limit, opts.offset) as number[];
      return { rowids, total };
    }
    const w = where.join(' AND ');
    const total = this.stmt(`SELECT COUNT(*) FROM ${table} x WHERE ${w}`).pluck().get(...args) as number;
    const rowids = this.stmt(`SELECT x.rowid FROM ${table} x INDEXED BY ${opts.sortIndex} WHERE ${w} ORDER BY ${opts.order} LIMIT ? OFFSET ?`)
      .pluck()
      .all(...args, opts.limit, opts.offset) as number[];
    return { rowids, total };
  }

  private byRowids(sql: string, rowids: number[]): Row[] {
    if (!rowids.length) return [];
    const rows = this.stmt(`${sql} WHERE rowid IN (SELECT value FROM json_each(?))`).all(JSON.stringify(rowids)) as (Row & { rid: number })[];
    const byId = new Map(rows.map((r) => [r.rid, r]));
    return rowids.map((id) => byId.get(id)).filter((r): r is Row & { rid: number } => !!r);
  }

  products(q: z.output<typeof ProductQuery>): { rows: ProductRow[]; total: number } {
    const where = ['x.store_id = ?'];
    const args: SqlArg[] = [q.storeId];
    const fts = q.search ? ftsQuery(q.search) : null;
    if (q.search && !fts) return { rows: [], total: 0 };
    if (q.status) {
      where.push('x.status = ?');
      args.push(q.status);
    }
    if (q.visibility) {
      where.push('x.visible = ?');
      args.push(q.visibility === 'visible' ? 1 : 0);
    }
    if (q.stock) where.push(q.stock === 'in_stock' ? 'x.stock_present > 0' : 'x.stock_present <= 0');
    if (q.archived !== undefined) {
      where.push('x.archived = ?');
      args.push(q.archived ? 1 : 0);
    }
    if (q.categoryId) {
      where.push('x.category_id = ?');
      args.push(q.categoryId);
    }
    if (q.warehouseId) {
      where.push('x.key IN (SELECT product_id FROM stocks WHERE store_id = ? AND warehouse_id = ?)');
      args.push(q.storeId, q.warehouseId);
    }
    const field = q.sort?.field ?? 'name';
    const dir = q.sort?.dir === 'desc' ? 'DESC' : 'ASC';
    const { rowids, total } = this.window({
      table: 'products',
      fts,
      ftsTable: 'products_fts',
      where,
      args,
      sortIndex: PRODUCT_SORT[field]!.index,
      order: `${PRODUCT_SORT[field]!.col} ${dir}, x.key ${dir}`,
      limit: q.limit,
      offset: q.offset,
    });
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
    const s = this.stmt(
      "SELECT name FROM categories WHERE store_id = ? AND category_id = ? AND type_id IN (?, '0') ORDER BY type_id = '0' LIMIT 1",
    ).pluck();
    return (s.get(storeId, categoryId, typeId ?? '0') as string | undefined) ?? null;
  }

  facets(storeId: string) {
    const statuses = this.stmt('SELECT DISTINCT status FROM products WHERE store_id = ? ORDER BY status').pluck().all(storeId) as string[];
    const warehouses = this.stmt('SELECT key AS id, name FROM warehouses WHERE store_id = ? ORDER BY name').all(storeId) as { id: string; name: string }[];
    const categories = (
      this.stmt('SELECT DISTINCT category_id FROM products WHERE store_id = ? AND category_id IS NOT NULL').pluck().all(storeId) as string[]
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
    const stockRows = this.stmt('SELECT key, warehouse_id FROM stocks WHERE store_id = ? AND product_id = ? ORDER BY warehouse_id').all(storeId, productId) as {
      key: string;
      warehouse_id: string;
    }[];
    const whName = this.stmt('SELECT name FROM warehouses WHERE store_id = ? AND key = ?').pluck();
    const stocks = stockRows.map((s) => {
      const se = this.cache.effectiveRow('stock', storeId, s.key)!;
      return {
        warehouseId: s.warehouse_id,
        warehouseName: (whName.get(storeId, s.warehouse_id) as string | undefined) ?? s.warehouse_id,
        present: Number(se.row.present ?? 0),
        reserved: Number(se.row.reserved ?? 0),
        sync: this.rowSync(se.entries, se.row.ozonSync),
      };
    });
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
    const where = ['x.store_id = ?'];
    const args: SqlArg[] = [q.storeId];
    const fts = q.search ? ftsQuery(q.search) : null;
    if (q.search && !fts) return { rows: [], total: 0 };
    if (q.status) {
      where.push('x.status = ?');
      args.push(q.status);
    }
    if (q.scheme) {
      where.push('x.scheme = ?');
      args.push(q.scheme);
    }
    if (q.warehouseId) {
      where.push('x.warehouse_id = ?');
      args.push(q.warehouseId);
    }
    if (q.dateFrom) {
      where.push('x.in_process_at >= ?');
      args.push(q.dateFrom);
    }
    if (q.dateTo) {
      where.push('x.in_process_at < ?');
      args.push(q.dateTo);
    }
    const field = q.sort?.field ?? 'inProcessAt';
    const dir = (q.sort?.dir ?? 'desc') === 'desc' ? 'DESC' : 'ASC';
    const { rowids, total } = this.window({
      table: 'postings',
      fts,
      ftsTable: 'postings_fts',
      where,
      args,
      sortIndex: ORDER_SORT[field]!.index,
      order: `${ORDER_SORT[field]!.col} ${dir}, x.key ${dir}`,
      limit: q.limit,
      offset: q.offset,
    });
    const rows = this.byRowids(
      `SELECT rowid AS rid, key, scheme, status, substatus, warehouse_id, in_process_at, shipment_date, items_count, total_text, currency,
              first_item_name, (SELECT name FROM warehouses wh WHERE wh.store_id = postings.store_id AND wh.key = postings.warehouse_id) AS warehouse_name
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
      this.stmt(
        `SELECT m.server_json FROM chat_messages_fts f JOIN chat_messages m ON m.rowid = f.rowid
         WHERE chat_messages_fts MATCH ? AND m.store_id = ? ORDER BY m.created_at DESC LIMIT ?`,
      )
        .pluck()
        .all(fts, storeId, limit) as string[]
    ).map((j) => JSON.parse(j) as Row);
  }
}
