/**
 * Settling an applied product edit writes only the server row, version and
 * state when the edit was the row's oldest entry (outbox.ts settleApplied):
 * the cache must end exactly as if the server row had been patched and the
 * row rewritten whole (patchServer) — every column, the search index, the
 * outbox — also with newer edits on top, an older entry left, a stock row in
 * conflict, or a version older than the cached one.
 */
import { describe, expect, it } from 'vitest';
import type { Cache } from '../../src/main/cache/cache';
import { CacheQueries } from '../../src/main/cache/queries';
import { tempCaches } from './cache-fixture';
import { product, STORE, stock } from './sync-fixtures';

const { open } = tempCaches('outbox-settle');
const P = '100001';

/** Two products and their stock rows, at versions 1..4 (cursor 4). */
function seeded(): Cache {
  const c = open();
  const at = (seq: number, entity: 'product' | 'stock', key: string, row: Record<string, unknown>) => ({ seq, entity, storeId: STORE, key, op: 'upsert' as const, row: { ...row, version: seq } });
  c.applyPage([at(1, 'product', P, product(1)), at(2, 'stock', `${P}:1001`, stock(1, '1001', 5)), at(3, 'product', '100002', product(2)), at(4, 'stock', '100002:1001', stock(2, '1001', 5))], 4);
  return c;
}

/** What a settle may touch: the product's row (all columns, rowid), its search entry, the outbox. */
function state(c: Cache, key = P) {
  const row = c.db.prepare('SELECT rowid AS rid, * FROM products WHERE store_id = ? AND key = ?').get(STORE, key) as Record<string, unknown>;
  return {
    row,
    fts: c.db.prepare('SELECT rowid, name, offer_id, sku, barcodes FROM products_fts WHERE rowid = ?').get(row.rid),
    outbox: c.entries().map((e) => [e.entity, e.key, e.state, e.changes]),
  };
}

interface Scenario {
  name: string;
  /** local work before the answer; returns the sent entry the answer is for (same ids in both caches) */
  before(c: Cache): string;
  version: number;
}

const scenarios: Scenario[] = [
  {
    name: 'the only edit of the row',
    before: (c) => c.edit('product', STORE, P, { name: 'Новое имя', price: '555' }, 'l')!.id,
    version: 10,
  },
  {
    name: 'newer edits laid over it (sent after it)',
    before: (c) => {
      const e = c.edit('product', STORE, P, { name: 'Первое' }, 'l')!;
      c.takeDue(Date.now(), 10);
      c.edit('product', STORE, P, { name: 'Второе', price: '777.00' }, 'l');
      return e.id;
    },
    version: 10,
  },
  {
    name: 'an older entry in conflict stays below it',
    before: (c) => {
      const first = c.edit('product', STORE, P, { price: '200.00' }, 'l')!;
      const [sent] = c.takeDue(Date.now(), 10);
      c.applyResults([sent!], [{ id: first.id, status: 'conflict', version: 5, conflicts: [{ field: 'price', base: '101.00', yours: '200.00', theirs: '300.00', ozon: '300.00' }] }]);
      return c.edit('product', STORE, P, { price: '250.00', name: 'Позже' }, 'l')!.id;
    },
    version: 10,
  },
  {
    name: 'its stock row in conflict',
    before: (c) => {
      const s = c.edit('stock', STORE, `${P}:1001`, { present: 9 }, 'l')!;
      const [sent] = c.takeDue(Date.now(), 10);
      c.applyResults([sent!], [{ id: s.id, status: 'conflict', version: 6, conflicts: [{ field: 'present', base: 5, yours: 9, theirs: 7, ozon: 7 }] }]);
      return c.edit('product', STORE, P, { name: 'Со складом' }, 'l')!.id;
    },
    version: 10,
  },
  {
    name: 'an answer older than the cached row',
    before: (c) => {
      const e = c.edit('product', STORE, P, { name: 'Старый ответ' }, 'l')!;
      c.applyPage([{ seq: 8, entity: 'product', storeId: STORE, key: P, op: 'upsert', row: { ...product(1, { price: '130.00' }), version: 8 } }], 8);
      return e.id;
    },
    version: 6,
  },
];

describe('outbox: settling an applied product edit', () => {
  it.each(scenarios)('ends as a whole rewrite of the patched server row: $name', (s) => {
    const fast = seeded();
    const whole = seeded();

    // the fast path
    const sentFast = fast.entry(s.before(fast))!;
    expect([...fast.applyResults([sentFast], [{ id: sentFast.id, status: 'applied', version: s.version, merged: false }])]).toEqual([STORE]);

    // the reference: the entry leaves, then the patched server row is written whole with the remaining entries laid over
    const e = whole.entry(s.before(whole))!;
    const server = whole.serverRow('product', STORE, P)!;
    const patched: Record<string, unknown> = { ...server.row, ...e.changes };
    if (s.version > server.version) patched.version = s.version;
    whole.discard(e.id);
    whole.applyPage([{ seq: Math.max(s.version, server.version), entity: 'product', storeId: STORE, key: P, op: 'upsert', row: patched }], fast.cursor);

    const a = state(fast);
    const b = state(whole);
    expect(a.row).toEqual(b.row);
    expect(a.fts).toEqual(b.fts);
    expect(a.outbox).toEqual(b.outbox);
    // the other product is untouched
    expect(state(fast, '100002').row).toEqual(state(whole, '100002').row);
    // search finds the row by its effective name
    const name = String(a.row.name);
    expect(new CacheQueries(fast).products({ storeId: STORE, search: name.split(' ')[0]!, offset: 0, limit: 10 }).rows.map((r) => r.productId)).toContain(P);
  });
});
