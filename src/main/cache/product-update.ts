/**
 * A pulled or settled product that is already cached is rewritten in place,
 * touching only the columns whose value changed.
 *
 * Why: an upsert that sets every column rewrites the row's entry in every
 * list index (8 of them), changed or not; an incremental page of 1,000 edited
 * names spent most of its time there. SQLite maintains only the indexes that
 * cover a column named in the SET list, so naming just the changed columns
 * leaves the others alone.
 *
 * Invariants:
 * - The columns hold exactly what a full upsert would have written: every
 *   projected column whose stored value differs (by SQLite value) is set.
 * - The caller is told whether the search fields (name, offer id, sku,
 *   barcodes) changed, so an unchanged search entry is not rewritten either.
 * - Statements are built from the fixed column list below (never from row
 *   data) and kept per set of changed columns.
 */
import type Database from 'better-sqlite3';
import type { CacheDb } from './db';
import type { SqlValue } from './rows';

/** The projected product columns, in the order writeProduct computes them. */
export const PRODUCT_COLUMNS = ['offer_id', 'sku', 'name', 'price', 'status', 'visible', 'archived', 'category_id', 'type_id', 'local_state', 'barcodes'] as const;
/** offer_id, sku, name and barcodes: the columns the search entry repeats */
const SEARCH_MASK = 0b111 | (1 << PRODUCT_COLUMNS.indexOf('barcodes'));

export class ProductUpdates {
  private readonly current: Database.Statement;
  private readonly byMask = new Map<number, Database.Statement>();

  constructor(private readonly db: CacheDb) {
    this.current = db.prepare(`SELECT ${PRODUCT_COLUMNS.join(', ')} FROM products WHERE rowid = ?`).raw();
  }

  /**
   * Writes the row at `rowid` (version, updated_at, server_json and the
   * changed columns). Returns whether the search fields changed, or null
   * when no row has that rowid (nothing written).
   */
  update(rowid: number, version: number, updatedAt: string, values: SqlValue[], json: string | Uint8Array): boolean | null {
    const cur = this.current.get(rowid) as SqlValue[] | undefined;
    if (!cur) return null;
    let mask = 0;
    const changed: SqlValue[] = [];
    for (let i = 0; i < PRODUCT_COLUMNS.length; i++) {
      if (cur[i] !== values[i]) {
        mask |= 1 << i;
        changed.push(values[i]!);
      }
    }
    this.statement(mask).run(version, updatedAt, json, ...changed, rowid);
    return (mask & SEARCH_MASK) !== 0;
  }

  private statement(mask: number): Database.Statement {
    let s = this.byMask.get(mask);
    if (!s) {
      const sets = PRODUCT_COLUMNS.filter((_, i) => mask & (1 << i)).map((c) => `, ${c} = ?`);
      // server_json may be bound as a pulled row's UTF-8 bytes: CAST stores them as the TEXT they are
      s = this.db.prepare(`UPDATE products SET version = ?, updated_at = ?, server_json = CAST(? AS TEXT)${sets.join('')} WHERE rowid = ?`);
      this.byMask.set(mask, s);
    }
    return s;
  }
}
