import { describe, expect, it } from 'vitest';
import type { Cache } from '../../src/main/cache/cache';
import { analyticsQueries } from '../../src/main/cache/queries-analytics';
import { AnalyticsQuery } from '../../src/shared/ipc/analytics';
import { tempCaches } from './cache-fixture';
import { change, currentSeq, posting, product, resetSeq, stock } from './sync-fixtures';
import { returnRow } from './workstation-fixtures';

const { open } = tempCaches('q-analytics');

const STORE = 'st_1';
const item = (i: number, quantity: number, price: string) => ({ sku: String(900000000 + i), offerId: `OFF-${i}`, name: `Товар ${i}`, quantity, price, currency: 'RUB' });

/**
 * Products 1–4 (FBS stock 56, 10, 0, 5). Postings: P1 2026-01-10 10:00Z (2 × #1 at 150.50, 1 × #2 at 99.00),
 * P2 2026-01-10 22:30Z = 01-11 in Moscow (1 × #1), P3 cancelled 01-11 (5 × #1), P4 2026-01-01 (3 × #2).
 * Returns: one on 01-11 (in the period), one on 01-05 (before it).
 */
function filled(): Cache {
  resetSeq();
  const c = open();
  c.applyPage(
    [
      ...[1, 2, 3, 4].map((i) => change('product', String(100000 + i), product(i))),
      change('stock', '100001:1001', stock(1, '1001', 56)),
      change('stock', '100002:1001', stock(2, '1001', 10)),
      change('stock', '100004:1001', stock(4, '1001', 5)),
      change('posting', 'P1', posting(1, { postingNumber: 'P1', status: 'delivered', inProcessAt: '2026-01-10T10:00:00Z', items: [item(1, 2, '150.50'), item(2, 1, '99.00')] })),
      change('posting', 'P2', posting(2, { postingNumber: 'P2', status: 'delivering', inProcessAt: '2026-01-10T22:30:00Z', items: [item(1, 1, '150.50')] })),
      change('posting', 'P3', posting(3, { postingNumber: 'P3', status: 'cancelled', inProcessAt: '2026-01-11T10:00:00Z', items: [item(1, 5, '150.50')] })),
      change('posting', 'P4', posting(4, { postingNumber: 'P4', status: 'delivered', inProcessAt: '2026-01-01T10:00:00Z', items: [item(2, 3, '99.00')] })),
      change('return', '1', returnRow(1, { returnedAt: '2026-01-11T12:00:00Z', quantity: 1 })),
      change('return', '2', returnRow(2, { returnedAt: '2026-01-05T12:00:00Z', quantity: 2 })),
    ],
    currentSeq(),
  );
  return c;
}

describe('analytics computed from the cache', () => {
  it('revenue, orders and units per local day; cancelled postings excluded; exact money', () => {
    const s = analyticsQueries(filled()).summary(AnalyticsQuery.parse({ storeId: STORE, from: '2026-01-10', to: '2026-01-12', utcOffsetMinutes: 180 }));
    expect(s.currency).toBe('RUB');
    expect(s.days).toEqual([
      { date: '2026-01-10', revenue: '400.00', orders: 1, units: 3 },
      { date: '2026-01-11', revenue: '150.50', orders: 1, units: 1 },
      { date: '2026-01-12', revenue: '0.00', orders: 0, units: 0 },
    ]);
    expect(s.totals).toEqual({ revenue: '550.50', orders: 2, units: 4, cancelled: 1, returnedUnits: 1, returnsRate: 0.25, otherCurrencyOrders: 0 });
    expect(s.topSkus).toEqual([
      { sku: '900000001', offerId: 'OFF-1', name: 'Товар 1', revenue: '451.50', units: 3 },
      { sku: '900000002', offerId: 'OFF-2', name: 'Товар 2', revenue: '99.00', units: 1 },
    ]);
  });

  it('the same postings fall on other days for a person in UTC', () => {
    const s = analyticsQueries(filled()).summary(AnalyticsQuery.parse({ storeId: STORE, from: '2026-01-10', to: '2026-01-11', utcOffsetMinutes: 0 }));
    expect(s.days.map((d) => [d.date, d.revenue, d.orders])).toEqual([
      ['2026-01-10', '550.50', 2],
      ['2026-01-11', '0.00', 0],
    ]);
  });

  it('stock cover: stock / average daily units of the 28 days up to the period end; unsold stock last with no cover', () => {
    const s = analyticsQueries(filled()).summary(AnalyticsQuery.parse({ storeId: STORE, from: '2026-01-10', to: '2026-01-12', utcOffsetMinutes: 180 }));
    expect(s.stockCover.map((r) => [r.productId, r.stock, r.avgDailyUnits, r.coverDays])).toEqual([
      ['100002', 10, 0.14, 70], // 4 units in 28 days
      ['100001', 56, 0.11, 522.7], // 3 units (the cancelled 5 do not count)
      ['100004', 5, 0, null],
    ]);
  });

  it('money is summed in the period\'s main currency only; orders in another currency are counted and reported, never added', () => {
    const c = filled();
    c.applyPage(
      [change('posting', 'P5', posting(5, { postingNumber: 'P5', status: 'delivered', inProcessAt: '2026-01-10T12:00:00Z', items: [{ ...item(3, 4, '20.00'), currency: 'CNY' }] }))],
      currentSeq(),
    );
    const s = analyticsQueries(c).summary(AnalyticsQuery.parse({ storeId: STORE, from: '2026-01-10', to: '2026-01-12', utcOffsetMinutes: 180 }));
    expect(s.currency).toBe('RUB');
    expect(s.days[0]).toEqual({ date: '2026-01-10', revenue: '400.00', orders: 2, units: 7 });
    expect(s.totals).toMatchObject({ revenue: '550.50', orders: 3, units: 8, otherCurrencyOrders: 1 });
    expect(s.topSkus.map((x) => x.sku)).toEqual(['900000001', '900000002']);
  });

  it('an empty period has zero days and no returns rate', () => {
    const s = analyticsQueries(filled()).summary(AnalyticsQuery.parse({ storeId: STORE, from: '2025-06-01', to: '2025-06-07', utcOffsetMinutes: 180 }));
    expect(s.days).toHaveLength(7);
    expect(s.days.every((d) => d.revenue === '0.00' && d.orders === 0)).toBe(true);
    expect(s.totals.returnsRate).toBeNull();
    expect(s.topSkus).toEqual([]);
  });
});
