import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Cache } from '../../src/main/cache/cache';
import { CacheQueries } from '../../src/main/cache/queries';
import { removeDir, tempDir } from './helpers';
import { change, currentSeq, posting, product, resetSeq, STORE, stock } from './sync-fixtures';

const N = 100_000;
const dir = tempDir('cache-scale');
afterAll(() => removeDir(dir));

/** The fixture's products as the lists see them (sync-fixtures.ts), to check the cache's answers against. */
const model = Array.from({ length: N }, (_, i) => {
  const p = product(i);
  return { key: String(p.productId), name: String(p.name), price: Number(p.price), stock: i % 5, status: (p.statuses as { status: string }).status, visible: p.visible === true, updatedAt: String(p.updatedAt) };
});
type M = (typeof model)[number];
const by = (f: (m: M) => string | number, dir: 1 | -1) => (x: M, y: M) => {
  const a = f(x);
  const b = f(y);
  return (a < b ? -1 : a > b ? 1 : x.key < y.key ? -1 : x.key > y.key ? 1 : 0) * dir;
};
const modelWindow = (rows: M[], cmp: (x: M, y: M) => number, offset: number) => [...rows].sort(cmp).slice(offset, offset + 100).map((m) => m.key);

describe('cache at 100,000 rows', () => {
  it('answers sorted, filtered and searched windows with their totals rightly at scale', { timeout: 240_000 }, () => {
    resetSeq();
    const c = new Cache(path.join(dir, 'big.db'));
    const q = new CacheQueries(c);
    for (let start = 0; start < N; start += 1000) {
      const page = [];
      for (let i = start; i < start + 1000; i++) {
        page.push(change('product', String(100000 + i), product(i)));
        page.push(change('stock', `${100000 + i}:1001`, stock(i, '1001', i % 5)));
      }
      c.applyPage(page, currentSeq());
    }
    for (let start = 0; start < N; start += 1000) {
      const page = [];
      for (let i = start; i < start + 1000; i++) page.push(change('posting', `${10000000 + i}-0001-1`, posting(i)));
      c.applyPage(page, currentSeq());
    }
    c.optimize();
    const base = { storeId: STORE, offset: 0, limit: 100 };
    const keys = (r: { rows: { productId: string }[] }) => r.rows.map((x) => x.productId);
    // sorted windows, shallow and deep, against the model (names hold no ASCII letters: NOCASE is plain order here)
    const byName = q.products(base);
    expect(byName.total).toBe(N);
    expect(keys(byName)).toEqual(modelWindow(model, by((m) => m.name, 1), 0));
    expect(keys(q.products({ ...base, offset: 90_000 }))).toEqual(modelWindow(model, by((m) => m.name, 1), 90_000));
    expect(keys(q.products({ ...base, sort: { field: 'price', dir: 'desc' }, offset: 50_000 }))).toEqual(modelWindow(model, by((m) => m.price, -1), 50_000));
    expect(keys(q.products({ ...base, sort: { field: 'stock', dir: 'asc' } }))).toEqual(modelWindow(model, by((m) => m.stock, 1), 0));
    // filters with a sort
    const wanted = model.filter((m) => m.status === 'price_sent' && m.stock > 0 && m.visible);
    const filtered = q.products({ ...base, status: 'price_sent', stock: 'in_stock', visibility: 'visible', sort: { field: 'updatedAt', dir: 'desc' } });
    expect(filtered.total).toBe(wanted.length);
    expect(keys(filtered)).toEqual(modelWindow(wanted, by((m) => m.updatedAt, -1), 0));
    // few matches (sorted directly, not by walking the sort index: queries.ts), shallow, deep and past the end
    const hidden = model.filter((m) => m.status === 'moderating' && !m.visible);
    expect(hidden.length).toBeLessThan(2000);
    const few = { ...base, status: 'moderating', visibility: 'hidden' as const, sort: { field: 'name' as const, dir: 'desc' as const } };
    expect(q.products(few).total).toBe(hidden.length);
    expect(keys(q.products(few))).toEqual(modelWindow(hidden, by((m) => m.name, -1), 0));
    expect(keys(q.products({ ...few, offset: hidden.length - 30 }))).toEqual(modelWindow(hidden, by((m) => m.name, -1), hidden.length - 30));
    expect(q.products({ ...few, offset: hidden.length })).toEqual({ rows: [], total: hidden.length });
    expect(q.products({ ...base, status: 'no such status' })).toEqual({ rows: [], total: 0 });
    // every product has stock in the warehouse: the worst case of that filter
    const inWarehouse = q.products({ ...base, warehouseId: '1001', sort: { field: 'offerId', dir: 'asc' } });
    expect(inWarehouse.total).toBe(N);
    expect(inWarehouse.rows).toHaveLength(100);
    // search: one product, and a prefix a third of all products match
    expect(keys(q.products({ ...base, search: 'кружка 4242' }))).toContain('104242');
    const broad = q.products({ ...base, search: 'футб' });
    expect(broad.total).toBe(model.filter((m) => m.name.startsWith('Футболка')).length);
    expect(broad.rows.every((r) => r.name.startsWith('Футболка'))).toBe(true);
    // orders: newest first, a filter, a search, and the window's line counts (a correlated count per row)
    const orders = q.orders({ ...base, sort: { field: 'inProcessAt', dir: 'desc' } });
    expect(orders.total).toBe(N);
    expect(orders.rows.map((r) => r.postingNumber)).toEqual(Array.from({ length: 100 }, (_, k) => `${10000000 + N - 1 - k}-0001-1`));
    expect(q.orders(base).rows.map((r) => r.linesCount)).toEqual(Array(100).fill(2));
    const delivered = q.orders({ ...base, status: 'delivered', scheme: 'fbo', sort: { field: 'total', dir: 'desc' } });
    // posting(i): delivered when i % 4 === 0, and those are all FBO (even i)
    expect(delivered.total).toBe(N / 4);
    expect(delivered.rows.every((r) => r.status === 'delivered' && r.scheme === 'fbo')).toBe(true);
    // every posting has a saucer; "777" is a prefix of its item names' number (i) or of its second offer id (OFF-<i + 1>)
    const saucers = q.orders({ ...base, search: 'блюдце 777' });
    const starts = (n: number) => String(n).startsWith('777');
    expect(saucers.total).toBe(Array.from({ length: N }, (_, i) => i).filter((i) => starts(i) || starts(i + 1)).length);
    expect(q.orders({ ...base, search: 'блюдце 777', sort: { field: 'inProcessAt', dir: 'asc' } }).rows[0]!.postingNumber).toBe('10000776-0001-1');
    // how fast these answer is measured by the bench (npm run bench: listWindow.casesSlowestOf10Ms), not here
    c.close();
  });
});
