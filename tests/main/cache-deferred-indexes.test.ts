import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Cache } from '../../src/main/cache/cache';
import { DEFERRED_INDEXES } from '../../src/main/cache/deferred-indexes';
import { CacheQueries } from '../../src/main/cache/queries';
import { tempCaches } from './cache-fixture';
import { change, currentSeq, posting, product, resetSeq, STORE } from './sync-fixtures';

const { newDir, open } = tempCaches('cache-idx');

/** Every secondary index (own CREATE INDEX text) of the cache, by name. */
const indexes = (c: Cache) =>
  Object.fromEntries(
    (c.db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").all() as { name: string; sql: string }[]).map((r) => [r.name, r.sql]),
  );
const autoIndexes = (c: Cache) => c.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NULL ORDER BY name").pluck().all();

function pages(): Parameters<Cache['applyPage']>[0][] {
  resetSeq();
  const out = [];
  for (let p = 0; p < 3; p++) {
    const changes = [];
    for (let i = p * 10 + 1; i <= p * 10 + 10; i++) {
      changes.push(change('product', String(100000 + i), product(i, { price: String(1000 - i) })));
      changes.push(change('posting', `${10000000 + i}-0001-1`, posting(i)));
    }
    out.push(changes);
  }
  return out;
}

function lists(c: Cache) {
  const q = new CacheQueries(c);
  return {
    byName: q.products({ storeId: STORE, offset: 0, limit: 100, sort: { field: 'name', dir: 'desc' } }).rows.map((r) => r.productId),
    byPrice: q.products({ storeId: STORE, offset: 5, limit: 10, sort: { field: 'price', dir: 'asc' } }).rows.map((r) => r.productId),
    orders: q.orders({ storeId: STORE, offset: 0, limit: 100 }).rows.map((r) => r.postingNumber),
  };
}

describe('deferred list indexes during a first sync', () => {
  it('a bulk first sync drops the secondary indexes (never the key constraints) and finishPull restores exactly the same schema', () => {
    const perRow = open();
    for (const page of pages()) perRow.applyPage(page, currentSeq());
    const want = indexes(perRow);
    expect(Object.keys(want)).toEqual(expect.arrayContaining(['products_name', 'products_price', 'postings_filter', 'products_sku', 'stocks_product']));

    const bulk = open();
    const autos = autoIndexes(bulk);
    const all = pages();
    bulk.applyPage(all[0]!, currentSeq(), undefined, { bulk: true });
    expect(bulk.indexesDeferred).toBe(true);
    const during = indexes(bulk);
    expect(during.products_name).toBeUndefined();
    expect(during.postings_filter).toBeUndefined();
    expect(during.products_sku).toBeUndefined();
    // stock sums read stocks by product while pages apply; the upserts' key constraints stay
    expect(during.stocks_product).toBeDefined();
    expect(autoIndexes(bulk)).toEqual(autos);
    // lists still answer while the indexes are away (no INDEXED BY on a missing index)
    expect(new CacheQueries(bulk).products({ storeId: STORE, offset: 0, limit: 100, sort: { field: 'price', dir: 'asc' } }).total).toBe(10);
    for (const page of all.slice(1)) bulk.applyPage(page, currentSeq(), undefined, { bulk: true });

    expect(bulk.finishPull()).toBe(true);
    // the rebuild's mapped reads end with it
    expect(bulk.db.pragma('mmap_size', { simple: true })).toBe(0);
    expect(bulk.indexesDeferred).toBe(false);
    expect(bulk.getMeta(DEFERRED_INDEXES)).toBeNull();
    expect(indexes(bulk)).toEqual(want);
    expect(lists(bulk)).toEqual(lists(perRow));
    expect(bulk.finishPull()).toBe(false);
  });

  it('a first sync cut off with its indexes dropped gets every index back when the cache opens again', () => {
    const reference = open();
    const want = indexes(reference);
    const file = path.join(newDir(), 'c.db');
    const c = open(file);
    const all = pages();
    for (const page of all.slice(0, 2)) c.applyPage(page, currentSeq(), undefined, { bulk: true });
    // no finishPull: the process dies here (rows, cursor and the saved definitions are committed together)
    expect(c.getMeta(DEFERRED_INDEXES)).not.toBeNull();
    c.db.close();
    const reopened = open(file);
    expect(reopened.indexesDeferred).toBe(false);
    expect(indexes(reopened)).toEqual(want);
    expect(lists(reopened).byName).toHaveLength(20);
  });

  it('the restore goes one index per step; cut off after some steps, the cache gets the rest back when it opens again', () => {
    const reference = open();
    const want = indexes(reference);
    const file = path.join(newDir(), 'c.db');
    const c = open(file);
    for (const page of pages()) c.applyPage(page, currentSeq(), undefined, { bulk: true });
    const missing = () => JSON.parse(c.getMeta(DEFERRED_INDEXES) ?? '[]') as { name: string }[];
    const before = missing().length;
    expect(before).toBeGreaterThan(5);
    expect(c.finishPullStep()).toBe(true);
    expect(c.finishPullStep()).toBe(true);
    // every index is either in the schema or still on the mark, never both, never neither
    const left = missing().map((d) => d.name);
    expect(left).toHaveLength(before - 2);
    const present = Object.keys(indexes(c));
    for (const name of Object.keys(want)) expect(present.includes(name) !== left.includes(name), name).toBe(true);
    // reads stay mapped from the first step to the last
    expect(c.db.pragma('mmap_size', { simple: true })).toBeGreaterThan(0);
    // the process dies here
    c.db.close();
    const reopened = open(file);
    expect(reopened.indexesDeferred).toBe(false);
    expect(indexes(reopened)).toEqual(want);
    expect(lists(reopened).byName).toHaveLength(30);
    // the search index was rebuilt on open too: nothing is left for finishPull
    expect(reopened.finishPull()).toBe(false);
  });

  it('a bulk page that fails changes nothing: its indexes stay and no definitions are saved', () => {
    resetSeq();
    const c = open();
    const want = indexes(c);
    const orig = c.setMeta.bind(c);
    c.setMeta = (k, v) => {
      if (k === 'cursor') throw new Error('disk full');
      orig(k, v);
    };
    expect(() => c.applyPage(pages()[0]!, currentSeq(), undefined, { bulk: true })).toThrow('disk full');
    c.setMeta = orig;
    expect(c.indexesDeferred).toBe(false);
    expect(indexes(c)).toEqual(want);
    expect(c.db.prepare('SELECT COUNT(*) FROM products').pluck().get()).toBe(0);
  });
});
