import type Database from 'better-sqlite3';
import type { CacheDb } from './db';
import { PRODUCT_COLUMNS } from './product-update';
import { POSTING_COLS, SIMPLE } from './rows';

/**
 * A product row as inserted: parameters store, key, version, updated_at, the projected columns
 * (PRODUCT_COLUMNS, in that order), server_json, then store and key again. A new row starts with the sums of the
 * stock rows already cached for it: the server imports stocks and products side by side, so a product's stocks may
 * come pages before it (productStockAgg keeps the sums from then on; an update of a cached product leaves them alone).
 * The aggregate always yields one row; the WHERE also keeps SQLite from reading ON CONFLICT as a join.
 */
const PRODUCT_INSERT = `INSERT INTO products (store_id, key, version, updated_at, ${PRODUCT_COLUMNS.join(', ')}, server_json, stock_present, stock_reserved)
  SELECT ?, ?, ?, ?, ${PRODUCT_COLUMNS.map(() => '?').join(', ')}, CAST(? AS TEXT), COALESCE(SUM(s.present), 0), COALESCE(SUM(s.reserved), 0)
  FROM stocks s WHERE s.store_id = ? AND s.product_id = ?`;

/**
 * Every statement of the cache, prepared once per open database and reused
 * for every row (preparing is far dearer than running).
 */
export function prepareStatements(db: CacheDb) {
  return {
    metaGet: db.prepare('SELECT value FROM meta WHERE key = ?').pluck(),
    metaSet: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    productHead: db.prepare('SELECT rowid, version FROM products WHERE store_id = ? AND key = ?'),
    productServer: db.prepare('SELECT rowid, version, server_json FROM products WHERE store_id = ? AND key = ?'),
    // server_json may be bound as a pulled row's UTF-8 bytes (apply.ts): CAST stores them as the TEXT they are
    productUpsert: db.prepare(
      `${PRODUCT_INSERT}
       ON CONFLICT (store_id, key) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at,
         ${PRODUCT_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}, server_json = excluded.server_json
       RETURNING rowid`,
    ),
    // a first sync's insert of a row not cached yet: no row back when it is (the caller then upserts the usual way)
    productInsertNew: db.prepare(
      `${PRODUCT_INSERT}
       ON CONFLICT (store_id, key) DO NOTHING RETURNING rowid`,
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
    warehouseStatus: db.prepare('SELECT status FROM warehouses WHERE store_id = ? AND key = ?').pluck(),
    postingHead: db.prepare('SELECT rowid, version FROM postings WHERE store_id = ? AND key = ?'),
    postingUpsert: db.prepare(
      `INSERT INTO postings (store_id, key, version, updated_at, ${POSTING_COLS.join(', ')}, server_json)
       VALUES (?, ?, ?, ?, ${POSTING_COLS.map(() => '?').join(', ')}, CAST(? AS TEXT))
       ON CONFLICT (store_id, key) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at,
         ${POSTING_COLS.map((c) => `${c} = excluded.${c}`).join(', ')}, server_json = excluded.server_json
       RETURNING rowid`,
    ),
    postingInsertNew: db.prepare(
      `INSERT INTO postings (store_id, key, version, updated_at, ${POSTING_COLS.join(', ')}, server_json)
       VALUES (?, ?, ?, ?, ${POSTING_COLS.map(() => '?').join(', ')}, CAST(? AS TEXT))
       ON CONFLICT (store_id, key) DO NOTHING RETURNING rowid`,
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
    // search index rebuilt from the tables in one statement each (after a first sync, see apply.ts), from columns only:
    // the same values the per-row writes put there (effective name, offer id, sku, barcodes / number, item names, offer ids)
    productFtsClear: db.prepare("INSERT INTO products_fts (products_fts) VALUES ('delete-all')"),
    productFtsFill: db.prepare(
      `INSERT INTO products_fts (rowid, name, offer_id, sku, barcodes)
       SELECT rowid, name, offer_id, COALESCE(sku, ''), barcodes FROM products`,
    ),
    postingFtsClear: db.prepare("INSERT INTO postings_fts (postings_fts) VALUES ('delete-all')"),
    postingFtsFill: db.prepare(
      `INSERT INTO postings_fts (rowid, posting_number, item_names, offer_ids)
       SELECT p.rowid, COALESCE(NULLIF(p.posting_number, ''), p.key),
         COALESCE((SELECT group_concat(i.name, ' ' ORDER BY i.idx) FROM posting_items i WHERE i.store_id = p.store_id AND i.posting_key = p.key), ''),
         COALESCE((SELECT group_concat(i.offer_id, ' ' ORDER BY i.idx) FROM posting_items i WHERE i.store_id = p.store_id AND i.posting_key = p.key), '')
       FROM postings p`,
    ),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;

export interface SimpleStatements {
  upsert: Database.Statement;
  del: Database.Statement;
  version: Database.Statement;
}

/** Upsert/delete/version statements of each entity with a plain projected table (rows.ts SIMPLE). */
export function prepareSimple(db: CacheDb): Map<string, SimpleStatements> {
  const out = new Map<string, SimpleStatements>();
  for (const [entity, spec] of Object.entries(SIMPLE)) {
    const cols = ['store_id', 'key', 'version', 'updated_at', ...spec.cols, 'server_json'];
    out.set(entity, {
      upsert: db.prepare(
        `INSERT INTO ${spec.table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})
         ON CONFLICT (store_id, key) DO UPDATE SET ${cols.slice(2).map((c) => `${c} = excluded.${c}`).join(', ')}`,
      ),
      del: db.prepare(`DELETE FROM ${spec.table} WHERE store_id = ? AND key = ?`),
      version: db.prepare(`SELECT version FROM ${spec.table} WHERE store_id = ? AND key = ?`).pluck(),
    });
  }
  return out;
}
