import { describe, expect, it } from 'vitest';
import type { Cache } from '../../src/main/cache/cache';
import { returnQueries } from '../../src/main/cache/queries-returns';
import { AppError } from '../../src/main/core/errors';
import { ReturnQuery } from '../../src/shared/ipc/returns';
import { tempCaches } from './cache-fixture';
import { change, currentSeq, posting, product, resetSeq } from './sync-fixtures';
import { returnRow } from './workstation-fixtures';

const { open } = tempCaches('q-returns');

const STORE = 'st_1';
const q = (over: Record<string, unknown> = {}) => ReturnQuery.parse({ storeId: STORE, offset: 0, limit: 100, ...over });

/** 20 returns (odd: FBS MovingToSeller, even: FBO ReturnedToOzon), one an hour from 2026-01-10; products 1..3 and posting 1 cached. */
function filled(): Cache {
  resetSeq();
  const c = open();
  const changes = [
    change('product', '100001', product(1)),
    change('product', '100002', product(2)),
    change('posting', '10000001-0001-1', posting(1, { status: 'delivered' })),
  ];
  for (let i = 1; i <= 20; i++) changes.push(change('return', String(1_000_015_000 + i), returnRow(i)));
  c.applyPage(changes, currentSeq());
  return c;
}

describe('returns queries', () => {
  it('lists returns newest first by default, windowed, with the product name from the cached product', () => {
    const r = returnQueries(filled());
    const page = r.query(q({ limit: 5 }));
    expect(page.total).toBe(20);
    expect(page.rows.map((x) => x.returnId)).toEqual(['1000015020', '1000015019', '1000015018', '1000015017', '1000015016']);
    const next = r.query(q({ limit: 5, offset: 5 }));
    expect(next.rows[0]!.returnId).toBe('1000015015');
    const one = r.query(q({ search: '10000001' })).rows.find((x) => x.returnId === '1000015001')!;
    expect(one).toMatchObject({ productName: 'Футболка хлопок 1', quantity: 1, price: '150.50', scheme: 'Fbs', status: 'MovingToSeller', offerId: 'OFF-1' });
  });

  it('filters by status, scheme (any case), date range and search; sorts by the whitelisted fields', () => {
    const r = returnQueries(filled());
    expect(r.query(q({ status: 'MovingToSeller' })).total).toBe(10);
    expect(r.query(q({ scheme: 'fbo' })).total).toBe(10);
    expect(r.query(q({ scheme: 'FBS', status: 'ReturnedToOzon' })).total).toBe(0);
    // returns 1..20 are at 2026-01-10T01:00 … 20:00 UTC
    const range = r.query(q({ dateFrom: '2026-01-10T05:00:00.000Z', dateTo: '2026-01-10T08:00:00.000Z' }));
    expect(range.rows.map((x) => x.returnId).sort()).toEqual(['1000015005', '1000015006', '1000015007']);
    expect(r.query(q({ search: '900000007' })).rows.map((x) => x.returnId)).toEqual(['1000015007']);
    expect(r.query(q({ search: 'OFF-1' })).total).toBe(11); // OFF-1, OFF-10..OFF-19: a prefix match
    const asc = r.query(q({ sort: { field: 'postingNumber', dir: 'asc' }, limit: 3 }));
    expect(asc.rows.map((x) => x.postingNumber)).toEqual(['10000001-0001-1', '10000002-0001-1', '10000003-0001-1']);
    const byStatus = r.query(q({ sort: { field: 'status', dir: 'asc' } }));
    expect(byStatus.rows[0]!.status).toBe('MovingToSeller');
    expect(byStatus.rows[19]!.status).toBe('ReturnedToOzon');
  });

  it('treats LIKE wildcards in the search as plain text', () => {
    const r = returnQueries(filled());
    expect(r.query(q({ search: '%' })).total).toBe(0);
    expect(r.query(q({ search: '_0000001' })).total).toBe(0);
  });

  it('facets list the statuses and schemes present', () => {
    expect(returnQueries(filled()).facets(STORE)).toEqual({ statuses: ['MovingToSeller', 'ReturnedToOzon'], schemes: ['Fbo', 'Fbs'] });
  });

  it('detail carries the cached posting, or null, and NOT_FOUND for an unknown return', () => {
    const r = returnQueries(filled());
    const d = r.get(STORE, '1000015001');
    expect(d.ret.postingNumber).toBe('10000001-0001-1');
    expect(d.posting).toEqual({ status: 'delivered', inProcessAt: posting(1).inProcessAt, total: '400.00', currency: 'RUB', itemsCount: 3 });
    expect(r.get(STORE, '1000015002').posting).toBeNull();
    expect(() => r.get(STORE, '42')).toThrow(AppError);
    expect(() => r.get('st_other', '1000015001')).toThrow(AppError);
  });

  it('follows the change feed: a status change and a delete show up in the next query', () => {
    const c = filled();
    const r = returnQueries(c);
    c.applyPage([change('return', '1000015002', returnRow(2, { status: 'ReceivedBySeller' })), change('return', '1000015003', null, 'delete')], currentSeq());
    expect(r.query(q({ status: 'ReceivedBySeller' })).rows.map((x) => x.returnId)).toEqual(['1000015002']);
    expect(r.query(q()).total).toBe(19);
  });
});
