import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Cache } from '../../src/main/cache/cache';
import { CACHE_PAGE_SIZE, migrate, openCacheDb } from '../../src/main/cache/db';
import { CACHE_SCHEMA_VERSION } from '../../src/main/cache/migrations';
import { CacheQueries } from '../../src/main/cache/queries';
import { AppError } from '../../src/main/core/errors';
import { tempCaches } from './cache-fixture';
import { change, currentSeq, posting, product, resetSeq, STORE, stock } from './sync-fixtures';

const { newDir, open } = tempCaches('cache');

describe('cache migrations', () => {
  it('creates the schema: user_version, WAL, foreign keys, STRICT tables, FTS5', () => {
    const c = open();
    expect(c.db.pragma('user_version', { simple: true })).toBe(CACHE_SCHEMA_VERSION);
    expect(c.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(c.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(c.db.pragma('page_size', { simple: true })).toBe(CACHE_PAGE_SIZE);
    const tables = c.db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE '%fts%' AND name <> 'sqlite_sequence'").all() as { name: string; sql: string }[];
    expect(tables.length).toBeGreaterThan(15);
    for (const t of tables) expect(t.sql, t.name).toMatch(/\)\s*STRICT\s*$/);
    const fts = c.db.prepare("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%fts5%'").pluck().all();
    expect(fts.sort()).toEqual(['chat_messages_fts', 'postings_fts', 'products_fts']);
  });

  it('upgrades step by step, keeping data', () => {
    const file = path.join(newDir(), 'old.db');
    const db = new Database(file);
    migrate(db, 0, 1);
    db.prepare("INSERT INTO meta (key, value) VALUES ('cursor', '42')").run();
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    db.close();
    const c = open(file);
    expect(c.db.pragma('user_version', { simple: true })).toBe(CACHE_SCHEMA_VERSION);
    expect(c.cursor).toBe(42);
    expect(c.db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'blobs'").pluck().get()).toBe(1);
    // step 5: posting_items keeps its key only (no query looks items up by SKU or offer id)
    expect(c.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'posting_items' AND sql IS NOT NULL").pluck().all()).toEqual([]);
    // an existing file keeps its page size (SQLite's default here): only a new cache gets CACHE_PAGE_SIZE
    expect(c.db.pragma('page_size', { simple: true })).toBe(4096);
  });

  it('step 4 fills the search columns of existing rows (a rebuilt search index reads them) and puts stock sums right', () => {
    const file = path.join(newDir(), 'v3.db');
    const db = new Database(file);
    migrate(db, 0, 3);
    const ins = db.prepare(
      `INSERT INTO products (store_id, key, version, updated_at, offer_id, sku, name, price, status, visible, archived, server_json)
       VALUES (?, ?, 1, '2026-01-01', ?, NULL, ?, 10, 'price_sent', 1, 0, ?)`,
    );
    ins.run(STORE, '1', 'OF-1', 'Кружка', JSON.stringify({ productId: '1', barcodes: ['4601234567890', '2000000000011'] }));
    ins.run(STORE, '2', 'OF-2', 'Ложка', JSON.stringify({ productId: '2', barcodes: 'not an array' }));
    // product 1 was cached after its stock rows: its sums stayed 0 (fixed in step 4)
    const st = db.prepare(
      "INSERT INTO stocks (store_id, key, product_id, warehouse_id, version, updated_at, present, reserved, server_json) VALUES (?, ?, ?, ?, 1, '2026-01-01', ?, ?, '{}')",
    );
    st.run(STORE, '1:w1', '1', 'w1', 4, 1);
    st.run(STORE, '1:w2', '1', 'w2', 3, 0);
    const post = db.prepare(
      `INSERT INTO postings (store_id, key, version, updated_at, scheme, status, substatus, items_count, total, total_text, currency, first_item_name, server_json)
       VALUES (?, ?, 1, '2026-01-01', 'fbs', 'delivered', '', 0, 0, '0.00', 'RUB', '', ?)`,
    );
    post.run(STORE, 'K-1', JSON.stringify({ postingNumber: '77001122-0001-1' }));
    post.run(STORE, 'K-2', JSON.stringify({ postingNumber: '' }));
    // as a first sync interrupted before its search rebuild leaves it: opening the cache rebuilds the index from the tables
    db.prepare("INSERT INTO meta (key, value) VALUES ('searchStale', '1')").run();
    db.close();

    const c = open(file);
    expect(c.db.prepare('SELECT key, barcodes FROM products ORDER BY key').raw().all()).toEqual([
      ['1', '4601234567890 2000000000011'],
      ['2', ''],
    ]);
    expect(c.db.prepare('SELECT key, stock_present, stock_reserved FROM products ORDER BY key').raw().all()).toEqual([
      ['1', 7, 1],
      ['2', 0, 0],
    ]);
    expect(c.db.prepare('SELECT key, posting_number FROM postings ORDER BY key').raw().all()).toEqual([
      ['K-1', '77001122-0001-1'],
      ['K-2', ''],
    ]);
    const q = new CacheQueries(c);
    const ps = (s: string) => q.products({ storeId: STORE, search: s, offset: 0, limit: 10 }).rows.map((r) => r.productId);
    expect(ps('2000000000011')).toEqual(['1']);
    expect(ps('4601234567890')).toEqual(['1']);
    const os = (s: string) => q.orders({ storeId: STORE, search: s, offset: 0, limit: 10 }).total;
    expect(os('77001122-0001-1')).toBe(1);
    // an empty number: the key stands in, as the per-row writes do
    expect(os('K-2')).toBe(1);
  });

  it("a search's total is this store's matches: from the search index alone while the cache holds one store and the index is in step, else counted against the store's rows", () => {
    resetSeq();
    const c = open();
    const q = new CacheQueries(c);
    const mugs = (storeId: string) => q.products({ storeId, search: 'кружка', offset: 0, limit: 100 });
    // product(i) names a mug when i % 3 === 0: 10 of 1..30
    c.applyPage(Array.from({ length: 30 }, (_, k) => change('product', String(100001 + k), product(k + 1))), currentSeq());
    expect(mugs(STORE).total).toBe(10);
    expect(mugs(STORE).rows).toHaveLength(10);
    // another store's mugs share the search index: each store counts its own
    const other = 'st_2';
    c.applyPage(Array.from({ length: 6 }, (_, k) => ({ ...change('product', String(200001 + k), product(k + 1, { storeId: other })), storeId: other })), currentSeq());
    expect(mugs(STORE).total).toBe(10);
    expect(mugs(other).total).toBe(2);
    expect(mugs(other).rows.map((r) => r.productId)).toEqual(expect.arrayContaining(['200003', '200006']));
    // many hits (above the count by hit lookups): counted through the store's index, with and without a filter
    const many = Array.from({ length: 6600 }, (_, k) => change('product', String(300001 + k), product(k + 1, { productId: String(300001 + k) })));
    for (let i = 0; i < many.length; i += 1000) c.applyPage(many.slice(i, i + 1000), currentSeq());
    // this store's mugs as product(i) makes them: i of 1..30, then of 1..6600
    const model = [...Array.from({ length: 30 }, (_, k) => k + 1), ...Array.from({ length: 6600 }, (_, k) => k + 1)].filter((i) => i % 3 === 0);
    expect(model.length).toBeGreaterThan(2000);
    expect(mugs(STORE).total).toBe(model.length);
    expect(mugs(other).total).toBe(2);
    expect(q.products({ storeId: STORE, search: 'кружка', status: 'moderating', offset: 0, limit: 10 }).total).toBe(model.filter((i) => i % 10 === 0).length);
    expect(q.products({ storeId: STORE, search: 'кружка', visibility: 'hidden', offset: 6000, limit: 10 }).total).toBe(model.filter((i) => i % 7 === 0).length);
    // a first-sync page deletes a mug without touching the search index (it is rebuilt at the end): its stale hit is
    // not counted
    const fresh = open();
    const fq = new CacheQueries(fresh);
    fresh.applyPage(Array.from({ length: 30 }, (_, k) => change('product', String(100001 + k), product(k + 1))), currentSeq());
    fresh.applyPage([change('product', '100003', null, 'delete')], currentSeq(), undefined, { bulk: true });
    expect(fresh.searchStale).toBe(true);
    expect(fq.products({ storeId: STORE, search: 'кружка', offset: 0, limit: 100 }).total).toBe(9);
    fresh.finishPull();
    expect(fresh.searchStale).toBe(false);
    expect(fq.products({ storeId: STORE, search: 'кружка', offset: 0, limit: 100 }).total).toBe(9);
  });

  it('refuses a database written by a newer version with CACHE_FROM_NEWER_VERSION and leaves it untouched', () => {
    const file = path.join(newDir(), 'future.db');
    const db = new Database(file);
    db.exec('CREATE TABLE future_thing (x INTEGER) STRICT');
    db.pragma(`user_version = ${CACHE_SCHEMA_VERSION + 5}`);
    db.close();
    let err: unknown;
    try {
      openCacheDb(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).ipc.code).toBe('CACHE_FROM_NEWER_VERSION');
    const again = new Database(file, { readonly: true });
    expect(again.pragma('user_version', { simple: true })).toBe(CACHE_SCHEMA_VERSION + 5);
    expect(again.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'products'").pluck().get()).toBe(0);
    again.close();
  });
});

describe('cache pull apply', () => {
  it('applies pages with the cursor in one transaction; a failing page changes nothing', () => {
    resetSeq();
    const c = open();
    c.applyPage([change('product', '100001', product(1)), change('warehouse', '1001', { name: 'Склад Москва', status: 'created' })], currentSeq());
    expect(c.cursor).toBe(2);
    const before = c.cursor;
    const orig = c.setMeta.bind(c);
    c.setMeta = () => {
      throw new Error('disk full');
    };
    expect(() => c.applyPage([change('product', '100002', product(2))], currentSeq())).toThrow('disk full');
    c.setMeta = orig;
    expect(c.cursor).toBe(before);
    expect(c.serverRow('product', STORE, '100002')).toBeNull();
  });

  it('upserts, deletes, never lets an older row overwrite a newer one, keeps posting items and stock sums', () => {
    resetSeq();
    const c = open();
    const q = new CacheQueries(c);
    c.applyPage(
      [
        change('product', '100001', product(1)),
        change('stock', '100001:1001', stock(1, '1001', 5)),
        change('stock', '100001:1002', stock(1, '1002', 7)),
        change('posting', '10000001-0001-1', posting(1)),
      ],
      currentSeq(),
    );
    expect(q.products({ storeId: STORE, offset: 0, limit: 10 }).rows[0]).toMatchObject({ productId: '100001', stockPresent: 12, syncState: 'synced' });
    const o = q.orders({ storeId: STORE, offset: 0, limit: 10 });
    // two product lines, three units: the list must not read "3 items"
    expect(o.rows[0]).toMatchObject({ postingNumber: '10000001-0001-1', itemsCount: 3, linesCount: 2, total: '400.00', firstItemName: 'Кружка керамическая 1' });
    expect(c.db.prepare('SELECT COUNT(*) FROM posting_items').pluck().get()).toBe(2);
    // older version arrives late: ignored
    c.applyPage([{ seq: currentSeq() + 1, entity: 'product', storeId: STORE, key: '100001', op: 'upsert', row: { ...product(1, { name: 'stale' }), version: 0 } }], currentSeq() + 1);
    expect(q.product(STORE, '100001').product.name).toBe('Футболка хлопок 1');
    c.applyPage([change('posting', '10000001-0001-1', null, 'delete'), change('stock', '100001:1002', null, 'delete')], currentSeq() + 5);
    expect(q.orders({ storeId: STORE, offset: 0, limit: 10 }).total).toBe(0);
    expect(c.db.prepare('SELECT COUNT(*) FROM posting_items').pluck().get()).toBe(0);
    expect(q.products({ storeId: STORE, offset: 0, limit: 10 }).rows[0]!.stockPresent).toBe(5);
  });

  it('an order row counts product lines apart from units, and follows a posting whose lines change', () => {
    resetSeq();
    const c = open();
    const q = new CacheQueries(c);
    const one = { sku: '900000001', offerId: 'OFF-1', name: 'Кружка керамическая 1', quantity: 2, price: '150.50', currency: 'RUB' };
    c.applyPage([change('posting', '10000001-0001-1', posting(1, { items: [one] })), change('posting', '10000002-0001-1', posting(2, { items: [] }))], currentSeq());
    const counts = () => Object.fromEntries(q.orders({ storeId: STORE, offset: 0, limit: 10 }).rows.map((r) => [r.postingNumber, [r.linesCount, r.itemsCount]]));
    expect(counts()).toEqual({ '10000001-0001-1': [1, 2], '10000002-0001-1': [0, 0] });
    c.applyPage([change('posting', '10000001-0001-1', posting(1))], currentSeq());
    expect(counts()['10000001-0001-1']).toEqual([2, 3]);
  });

  // the server imports stocks and products concurrently: a stock row can come a page before its product
  for (const bulk of [false, true]) {
    it(`a product cached after its stock rows starts with their sums (${bulk ? 'first sync' : 'incremental'} pages)`, () => {
      resetSeq();
      const c = open();
      const q = new CacheQueries(c);
      c.applyPage([change('stock', '100001:1001', stock(1, '1001', 5, { reserved: 1 })), change('stock', '100001:1002', stock(1, '1002', 7))], currentSeq(), undefined, { bulk });
      c.applyPage([change('product', '100001', product(1)), change('product', '100002', product(2))], currentSeq(), undefined, { bulk });
      c.finishPull();
      const rows = q.products({ storeId: STORE, offset: 0, limit: 10, sort: { field: 'name', dir: 'asc' } }).rows;
      expect(rows.map((r) => [r.productId, r.stockPresent])).toEqual([
        ['100001', 12],
        ['100002', 0],
      ]);
      expect(c.db.prepare('SELECT stock_reserved FROM products WHERE key = ?').pluck().get('100001')).toBe(1);
    });
  }
});

describe('cache FTS', () => {
  it('finds products by name words (Cyrillic, prefix), offer id, sku, barcode; postings by number, item name, offer id; messages by text', () => {
    resetSeq();
    const c = open();
    const q = new CacheQueries(c);
    const changes = [];
    for (let i = 1; i <= 30; i++) changes.push(change('product', String(100000 + i), product(i)));
    changes.push(change('posting', '10000005-0001-1', posting(5)));
    changes.push(change('chat_message', 'chat1:77', { storeId: STORE, version: 1, updatedAt: 'x', deleted: false, chatId: 'chat1', messageId: '77', userType: 'customer', userId: 'u', isRead: false, text: ['Где мой заказ?', 'Трек не работает'], createdAt: '2026-01-01T00:00:00Z' }));
    c.applyPage(changes, currentSeq());
    const search = (s: string) => q.products({ storeId: STORE, search: s, offset: 0, limit: 100 });
    expect(search('кружк').total).toBe(10);
    expect(search('КРУЖКА 12').rows.map((r) => r.productId)).toEqual(['100012']);
    expect(search('OFF-17').rows.map((r) => r.productId)).toEqual(['100017']);
    expect(search('900000021').rows.map((r) => r.productId)).toEqual(['100021']);
    expect(search('OZN7000003').rows.map((r) => r.productId)).toEqual(['100003']);
    expect(search('"*').total).toBe(0);
    const os = (s: string) => q.orders({ storeId: STORE, search: s, offset: 0, limit: 10 }).total;
    expect(os('10000005')).toBe(1);
    expect(os('блюдце')).toBe(1);
    expect(os('OFF-6')).toBe(1);
    expect(os('телефон')).toBe(0);
    expect(q.searchMessages(STORE, 'трек')).toHaveLength(1);
    // a local rename is searchable at once
    c.edit('product', STORE, '100012', { name: 'Термос стальной' }, 'x');
    expect(search('термос').rows.map((r) => r.productId)).toEqual(['100012']);
    expect(search('кружка 12').total).toBe(0);
  });

  // the same searches, answered alike by the per-row index and by the one built after a bulk first sync
  const SEARCHES = ['кружк', 'КРУЖКА 12', 'OFF-17', '900000021', 'OZN7000003', 'термос', 'футболка хлопок'];
  const ORDER_SEARCHES = ['10000005', '10000006-0001-1', 'блюдце', 'OFF-6', 'кружка 7'];
  function firstSyncPages(): Parameters<Cache['applyPage']>[0][] {
    resetSeq();
    const pages = [];
    for (let p = 0; p < 3; p++) {
      const changes = [];
      for (let i = p * 10 + 1; i <= p * 10 + 10; i++) {
        changes.push(change('product', String(100000 + i), product(i, i === 12 ? { name: 'Термос стальной' } : {})));
        changes.push(change('posting', `${10000000 + i}-0001-1`, posting(i)));
      }
      pages.push(changes);
    }
    // a later page deletes one posting and renames a product: the rebuilt index must follow the final rows
    pages.push([change('posting', '10000009-0001-1', null, 'delete'), change('product', '100003', product(3, { name: 'Футболка хлопок новая' }))]);
    return pages;
  }
  function answers(c: Cache) {
    const q = new CacheQueries(c);
    return {
      products: SEARCHES.map((s) => q.products({ storeId: STORE, search: s, offset: 0, limit: 100 }).rows.map((r) => r.productId)),
      orders: ORDER_SEARCHES.map((s) => q.orders({ storeId: STORE, search: s, offset: 0, limit: 100 }).rows.map((r) => r.postingNumber)),
    };
  }

  it('a bulk first sync builds the search index once at the end, answering exactly like per-row indexing', () => {
    const perRow = open();
    for (const page of firstSyncPages()) perRow.applyPage(page, currentSeq());
    const bulk = open();
    const pages = firstSyncPages();
    for (const page of pages) bulk.applyPage(page, currentSeq(), undefined, { bulk: true });
    // stale until the pull finishes: the index is not written row by row
    expect(bulk.getMeta('searchStale')).toBe('1');
    expect(new CacheQueries(bulk).products({ storeId: STORE, search: 'кружк', offset: 0, limit: 100 }).total).toBe(0);
    expect(bulk.finishPull()).toBe(true);
    expect(bulk.getMeta('searchStale')).toBe('0');
    expect(bulk.finishPull()).toBe(false);
    const want = answers(perRow);
    expect(want.products[0]!.length).toBeGreaterThan(5);
    expect(want.orders[2]).toHaveLength(29);
    expect(answers(bulk)).toEqual(want);
    // later pages maintain the index row by row again
    bulk.applyPage([change('product', '100004', product(4, { name: 'Лампа настольная' }))], currentSeq());
    expect(new CacheQueries(bulk).products({ storeId: STORE, search: 'лампа', offset: 0, limit: 100 }).rows.map((r) => r.productId)).toEqual(['100004']);
  });

  it('a first sync whose rows come again (newer, or an older copy late) ends with exactly the rows of a per-row apply', () => {
    const pages = () => {
      const p = firstSyncPages();
      const s = currentSeq();
      const one = { ...posting(5), items: [{ sku: '1', offerId: 'OFF-X', name: 'Ваза', quantity: 3, price: '10.00', currency: 'RUB' }] };
      // newer copies (a posting down to one item, a renamed product), then older copies that must lose
      p.push([
        { seq: s + 1, entity: 'posting', storeId: STORE, key: '10000005-0001-1', op: 'upsert', row: { ...one, version: s + 1 } },
        { seq: s + 2, entity: 'product', storeId: STORE, key: '100006', op: 'upsert', row: { ...product(6, { name: 'Свеча' }), version: s + 2 } },
      ]);
      p.push([
        { seq: s + 3, entity: 'posting', storeId: STORE, key: '10000005-0001-1', op: 'upsert', row: { ...posting(5), version: 2 } },
        { seq: s + 4, entity: 'product', storeId: STORE, key: '100006', op: 'upsert', row: { ...product(6, { name: 'старое' }), version: 2 } },
      ]);
      resetSeq(s + 4);
      return p;
    };
    const dump = (c: Cache) => ({
      products: c.db.prepare('SELECT * FROM products ORDER BY store_id, key').all(),
      postings: c.db.prepare('SELECT * FROM postings ORDER BY store_id, key').all(),
      items: c.db.prepare('SELECT * FROM posting_items ORDER BY store_id, posting_key, idx').all(),
    });
    const perRow = open();
    for (const page of pages()) perRow.applyPage(page, currentSeq());
    const bulk = open();
    for (const page of pages()) bulk.applyPage(page, currentSeq(), undefined, { bulk: true });
    bulk.finishPull();
    const want = dump(perRow);
    expect(want.items.filter((r) => (r as { posting_key: string }).posting_key === '10000005-0001-1')).toHaveLength(1);
    expect(want.products.find((r) => (r as { key: string }).key === '100006')).toMatchObject({ name: 'Свеча' });
    expect(dump(bulk)).toEqual(want);
    expect(answers(bulk)).toEqual(answers(perRow));
  });

  it('a first sync cut off half way (crash, quit) has its search index completed when the cache opens again', () => {
    const file = path.join(newDir(), 'c.db');
    const c = new Cache(file);
    const pages = firstSyncPages();
    for (const page of pages.slice(0, 2)) c.applyPage(page, currentSeq(), undefined, { bulk: true });
    // no finishPull: the process dies here (the cursor and rows of both pages are committed)
    c.db.close();
    const reopened = open(file);
    expect(reopened.getMeta('searchStale')).toBe('0');
    const q = new CacheQueries(reopened);
    expect(q.products({ storeId: STORE, search: 'OFF-17', offset: 0, limit: 10 }).rows.map((r) => r.productId)).toEqual(['100017']);
    expect(q.orders({ storeId: STORE, search: 'блюдце', offset: 0, limit: 100 }).total).toBe(20);
  });
});

describe('cache local edits and the outbox', () => {
  function seeded() {
    resetSeq();
    const c = open();
    c.applyPage([change('product', '100001', product(1)), change('stock', '100001:1001', stock(1, '1001', 5))], currentSeq());
    return { c, q: new CacheQueries(c) };
  }

  it('writes the row and the outbox entry together; folds unsent edits; an edit back to the start is no change', () => {
    const { c, q } = seeded();
    const e = c.edit('product', STORE, '100001', { price: '555.00' }, 'label')!;
    expect(e).toMatchObject({ state: 'pending', attempts: 0, baseVersion: 1, changes: { price: '555.00' }, base: { price: '101.00' } });
    expect(q.product(STORE, '100001').product.price).toBe('555.00');
    expect(q.product(STORE, '100001').sync.pendingFields).toEqual(['price']);
    expect(q.products({ storeId: STORE, offset: 0, limit: 1 }).rows[0]).toMatchObject({ price: '555.00', syncState: 'pending' });
    const e2 = c.edit('product', STORE, '100001', { name: 'Новое имя' }, 'label')!;
    expect(e2.id).toBe(e.id);
    expect(e2.changes).toEqual({ price: '555.00', name: 'Новое имя' });
    c.edit('product', STORE, '100001', { price: '101.00' }, 'label');
    expect(c.entries()[0]!.changes).toEqual({ name: 'Новое имя' });
    c.edit('product', STORE, '100001', { name: 'Футболка хлопок 1' }, 'label');
    expect(c.entries()).toHaveLength(0);
    expect(q.products({ storeId: STORE, offset: 0, limit: 1 }).rows[0]!.syncState).toBe('synced');
    // stock edit marks the product row too
    c.edit('stock', STORE, '100001:1001', { present: 9 }, 'label');
    expect(q.products({ storeId: STORE, offset: 0, limit: 1 }).rows[0]).toMatchObject({ stockPresent: 9, syncState: 'pending' });
    expect(() => c.edit('product', STORE, '100001', { vat: '0' }, 'label')).toThrow();
  });

  it('a pulled row never hides a pending edit (rebase); applied drops the entry and keeps the value; sent entries are not folded', () => {
    const { c, q } = seeded();
    c.edit('product', STORE, '100001', { price: '555.00' }, 'l');
    c.applyPage([change('product', '100001', product(1, { name: 'Серверное имя', price: '300.00' }))], currentSeq());
    expect(q.product(STORE, '100001').product).toMatchObject({ name: 'Серверное имя', price: '555.00' });
    const [sent] = c.takeDue(Date.now(), 10);
    expect(sent!.attempts).toBe(1);
    c.edit('product', STORE, '100001', { price: '600.00' }, 'l');
    expect(c.entries()).toHaveLength(2);
    c.applyResults([sent!], [{ id: sent!.id, status: 'applied', version: 99, merged: true }]);
    expect(c.entries()).toHaveLength(1);
    expect(q.product(STORE, '100001').product.price).toBe('600.00');
    expect(c.serverRow('product', STORE, '100001')).toMatchObject({ version: 99, row: { price: '555.00' } });
  });

  it('conflict: kept visible and resolvable; resolution is a new mutation based on theirs; discard restores the server value', () => {
    const { c, q } = seeded();
    const e = c.edit('product', STORE, '100001', { price: '555.00', name: 'Моё' }, 'l')!;
    const [sent] = c.takeDue(Date.now(), 10);
    c.applyResults([sent!], [{ id: e.id, status: 'conflict', version: 7, conflicts: [{ field: 'price', base: '101.00', yours: '555.00', theirs: '700.00', ozon: '650.00' }] }]);
    expect(c.counts()).toEqual({ pending: 0, failed: 0, conflict: 1 });
    expect(q.product(STORE, '100001').product.price).toBe('555.00');
    expect(q.product(STORE, '100001').sync.conflict?.conflicts[0]?.theirs).toBe('700.00');
    expect(q.products({ storeId: STORE, offset: 0, limit: 1 }).rows[0]!.syncState).toBe('conflict');
    c.resolve(e.id, { price: 'ozon' });
    const [r] = c.entries();
    expect(r).toMatchObject({ state: 'pending', baseVersion: 7, changes: { price: '650.00', name: 'Моё' }, base: { price: '700.00', name: 'Футболка хлопок 1' } });
    expect(r!.id).not.toBe(e.id);
    c.discard(r!.id);
    expect(q.product(STORE, '100001').product).toMatchObject({ price: '700.00', name: 'Футболка хлопок 1' });
  });

  it('rejected: value and reason kept; editing again is the fix (fresh idempotency key); retry gives a fresh key too', () => {
    const { c, q } = seeded();
    const e = c.edit('product', STORE, '100001', { oldPrice: '50.00' }, 'l')!;
    const [sent] = c.takeDue(Date.now(), 10);
    c.applyResults([sent!], [{ id: e.id, status: 'rejected', reason: { code: 'OLD_PRICE_TOO_LOW', field: 'oldPrice' } }]);
    expect(q.product(STORE, '100001').sync.rejection).toMatchObject({ entryId: e.id, code: 'OLD_PRICE_TOO_LOW' });
    expect(q.product(STORE, '100001').product.oldPrice).toBe('50.00');
    c.retry(e.id);
    const retried = c.entries()[0]!;
    expect(retried.id).not.toBe(e.id);
    expect(retried).toMatchObject({ state: 'pending', attempts: 0 });
    const [s2] = c.takeDue(Date.now(), 10);
    c.applyResults([s2!], [{ id: s2!.id, status: 'rejected', reason: { code: 'OLD_PRICE_TOO_LOW' } }]);
    const fixed = c.edit('product', STORE, '100001', { oldPrice: '900.00' }, 'l')!;
    expect(fixed).toMatchObject({ state: 'pending', changes: { oldPrice: '900.00' }, base: { oldPrice: null } });
    expect(fixed.id).not.toBe(s2!.id);
  });
});
