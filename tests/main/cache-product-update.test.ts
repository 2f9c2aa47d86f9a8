import { describe, expect, it } from 'vitest';
import { CacheQueries } from '../../src/main/cache/queries';
import type { Cache } from '../../src/main/cache/cache';
import { tempCaches } from './cache-fixture';
import { change, currentSeq, product, resetSeq, STORE } from './sync-fixtures';

const { open } = tempCaches('cache-product-update');
const N = 60;
const key = (i: number) => String(100000 + i);

/** Every field the projection or the search entry reads, changed on some rows and left alone on others. */
function edited(i: number): Record<string, unknown> {
  const p = product(i);
  switch (i % 8) {
    case 0:
      return { ...p, price: String(500 + i) + '.00' };
    case 1:
      return { ...p, name: `Термос стальной ${i}` };
    case 2:
      return { ...p, barcodes: [`NEW${i}`] };
    case 3:
      return { ...p, statuses: { ...(p.statuses as object), status: 'archived_by_seller' }, visible: false, archived: true };
    case 4:
      return { ...p, sku: String(700000000 + i), offerId: `NEWOFF-${i}` };
    case 5:
      return { ...p, descriptionCategoryId: '1', typeId: '2' };
    case 6:
      return { ...p, description: 'only the stored row changes' };
    default:
      return p;
  }
}

/** What lists and search show of the products: all columns but rowid, and the keys each search finds. */
function view(c: Cache) {
  const q = new CacheQueries(c);
  const rows = c.db.prepare('SELECT * FROM products ORDER BY key').all();
  const searches = ['термос', 'кружк', 'NEW1', 'NEWOFF', 'OFF-1', '70000000', '90000000', 'OZN700000', 'футболка 9'].map(
    (s) => q.products({ storeId: STORE, search: s, offset: 0, limit: 1000 }).rows.map((r) => r.productId).sort(),
  );
  const byPrice = q.products({ storeId: STORE, offset: 0, limit: 1000, sort: { field: 'price', dir: 'asc' } }).rows.map((r) => r.productId);
  return { rows, searches, byPrice };
}

describe('a cached product rewritten in place', () => {
  it('leaves the row, the list order and the search answers exactly as a cache that pulled the final rows once', () => {
    resetSeq();
    const a = open();
    a.applyPage(Array.from({ length: N }, (_, i) => change('product', key(i), product(i))), currentSeq());
    const finals = Array.from({ length: N }, (_, i) => change('product', key(i), edited(i)));
    a.applyPage(finals, currentSeq());

    const b = open();
    // the same final rows (same versions) applied into an empty cache, one write each
    b.applyPage(finals, currentSeq());

    const va = view(a);
    const vb = view(b);
    expect(va.rows).toEqual(vb.rows);
    expect(va.searches).toEqual(vb.searches);
    expect(va.byPrice).toEqual(vb.byPrice);
    // the edits are really there (the comparison above is not between two unchanged caches)
    expect(va.searches[0]).toEqual(Array.from({ length: N }, (_, i) => i).filter((i) => i % 8 === 1).map(key).sort());
    const found = (s: string) => new CacheQueries(a).products({ storeId: STORE, search: s, offset: 0, limit: 10 }).rows.map((r) => r.productId);
    expect(found('NEW50')).toEqual([key(50)]);
    expect(found('OZN7000050')).toEqual([]);
    expect(found('NEWOFF 52')).toEqual([key(52)]);
    expect(a.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(() => a.db.prepare("INSERT INTO products_fts (products_fts) VALUES ('integrity-check')").run()).not.toThrow();
  });

  it('an old name is no longer found and the new one is, with a pending local edit laid over the pulled row', () => {
    resetSeq();
    const c = open();
    const q = new CacheQueries(c);
    c.applyPage([change('product', key(1), product(1))], currentSeq());
    c.edit('product', STORE, key(1), { price: '77.00' }, 'label');
    // the server renames it; the local price edit stays laid over
    c.applyPage([change('product', key(1), { ...product(1), name: 'Термос походный 1' })], currentSeq());
    const found = (s: string) => q.products({ storeId: STORE, search: s, offset: 0, limit: 10 }).rows.map((r) => r.productId);
    expect(found('термос')).toEqual([key(1)]);
    expect(found('футболка')).toEqual([]);
    const row = c.db.prepare('SELECT name, price, local_state FROM products WHERE key = ?').get(key(1));
    expect(row).toEqual({ name: 'Термос походный 1', price: 77, local_state: 'pending' });
  });
});
