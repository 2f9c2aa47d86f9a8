import { describe, expect, it } from 'vitest';
import type { Cache } from '../../src/main/cache/cache';
import { analyticsQueries } from '../../src/main/cache/queries-analytics';
import { dashboardQueries } from '../../src/main/cache/queries-dashboard';
import { DashboardQuery, DashboardSummary } from '../../src/shared/ipc/dashboard';
import type { Change } from '../../src/shared/sync/protocol';
import { tempCaches } from './cache-fixture';
import { change, currentSeq, posting, product, resetSeq, stock } from './sync-fixtures';
import { chat, question, review } from './workstation-fixtures';

const { open } = tempCaches('q-dashboard');

const A = 'st_1';
const B = 'st_2';
/** a change of store B (the fixtures' change() writes store st_1) */
const inB = (c: Change): Change => ({ ...c, storeId: B, row: c.row ? { ...(c.row as object), storeId: B } : null });

/** 2026-01-15 12:00 in Moscow: today ends at 2026-01-15T21:00:00Z there */
const NOW = Date.parse('2026-01-15T09:00:00Z');
const MSK = 180;
const item = (i: number, quantity: number, price: string) => ({ sku: String(900000000 + i), offerId: `OFF-${i}`, name: `Товар ${i}`, quantity, price, currency: 'RUB' });
/** an FBS posting waiting for the seller, with its shipment deadline */
const waiting = (n: string, status: string, shipmentDate: string | null, over: Record<string, unknown> = {}) =>
  change('posting', n, posting(1, { postingNumber: n, scheme: 'fbs', status, shipmentDate, ...over }));

function filled(): Cache {
  resetSeq();
  const c = open();
  c.applyPage(
    [
      // orders: the deadline boundaries around now and the end of today
      waiting('P1', 'awaiting_packaging', '2026-01-15T08:59:59Z'), // overdue by a second
      waiting('P2', 'awaiting_packaging', '2026-01-15T09:00:00Z'), // exactly now: due today, not late yet
      waiting('P3', 'awaiting_deliver', '2026-01-15T20:59:59.999Z'), // last moment of today
      waiting('P4', 'awaiting_deliver', '2026-01-15T21:00:00Z'), // tomorrow in Moscow
      waiting('P5', 'awaiting_packaging', '2026-01-15T11:30:00+03:00'), // 08:30Z written with an offset: overdue
      waiting('P6', 'awaiting_packaging', null), // no deadline: counted, neither due nor late
      waiting('P7', 'awaiting_packaging', '2026-01-14T09:00:00Z', { scheme: 'fbo' }), // FBO: not the seller's to ship
      // not yet packaging, still the seller's to do: late and due like the Orders list marks them, in neither tile
      waiting('P11', 'awaiting_approve', '2026-01-15T07:00:00Z'),
      waiting('P12', 'awaiting_registration', '2026-01-15T12:00:00Z'),
      waiting('P13', 'sent_by_seller', '2026-01-15T07:00:00Z'), // shipped: never late
      waiting('P8', 'delivered', '2026-01-13T09:00:00Z', { inProcessAt: '2026-01-14T10:00:00Z', items: [item(1, 2, '150.50'), item(2, 1, '99.00')] }),
      waiting('P9', 'delivered', null, { inProcessAt: '2026-01-01T21:00:00Z', items: [item(3, 1, '100.00')] }), // 01-02 00:00 in Moscow: first day
      waiting('P10', 'delivered', null, { inProcessAt: '2026-01-01T20:59:59Z', items: [item(3, 1, '100.00')] }), // 01-01 23:59: before the period
      inB(waiting('B1', 'awaiting_packaging', '2026-01-15T08:00:00Z', { inProcessAt: '2026-01-14T10:00:00Z' })),
      // products: 1 in stock, 2 without stock rows, 3 with stock 0, 4 hidden, 5 and 6 archived
      change('product', '100001', product(1, { visible: true, archived: false })),
      change('product', '100002', product(2, { visible: true, archived: false })),
      change('product', '100003', product(3, { visible: true, archived: false })),
      change('product', '100004', product(4, { visible: false, archived: false })),
      change('product', '100005', product(5, { visible: true, archived: true })),
      change('product', '100006', product(6, { visible: false, archived: true })),
      change('stock', '100001:1001', stock(1, '1001', 5)),
      change('stock', '100003:1001', stock(3, '1001', 0)),
      change('stock', '100004:1001', stock(4, '1001', 3)),
      inB(change('product', '100007', product(7, { visible: true, archived: false }))),
      // customer service
      change('review', 'r1', review('r1', { status: 'NEW' })),
      change('review', 'r2', review('r2', { status: 'NEW' })),
      change('review', 'r3', review('r3', { status: 'PROCESSED' })),
      inB(change('review', 'r4', review('r4', { status: 'NEW' }))),
      change('question', 'q1', question('q1', { status: 'NEW' })),
      change('question', 'q2', question('q2', { status: 'UNPROCESSED' })),
      change('question', 'q3', question('q3', { status: 'PROCESSED' })),
      change('chat', 'ch1', chat('ch1', { unreadCount: 2 })),
      change('chat', 'ch2', chat('ch2', { unreadCount: 3 })),
      inB(change('chat', 'ch3', chat('ch3', { unreadCount: 7 }))),
    ],
    currentSeq(),
  );
  return c;
}

const summary = (c: Cache, utcOffsetMinutes = MSK, now = NOW) => DashboardSummary.parse(dashboardQueries(c).summary(DashboardQuery.parse({ storeId: A, utcOffsetMinutes }), now));

describe('dashboard summary from the cache', () => {
  it('FBS postings to handle, due today and overdue at the exact boundaries; other stores and FBO left out', () => {
    expect(summary(filled()).orders).toEqual({ awaitingPackaging: 4, awaitingDeliver: 2, dueToday: 3, overdue: 3 });
  });

  it('"today" is the person\'s calendar day: in UTC it ends three hours later', () => {
    // P4 (21:00Z) falls on today in UTC
    expect(summary(filled(), 0).orders).toEqual({ awaitingPackaging: 4, awaitingDeliver: 2, dueToday: 4, overdue: 3 });
    // an hour later P2 is late too
    expect(summary(filled(), MSK, NOW + 3_600_000).orders).toMatchObject({ dueToday: 2, overdue: 4 });
  });

  it('products: total, out of stock among the unarchived, archived, hidden', () => {
    expect(summary(filled()).products).toEqual({ total: 6, outOfStock: 2, archived: 2, hidden: 1 });
  });

  it('customer service: open reviews and questions, unread chat messages of this store only', () => {
    expect(summary(filled()).service).toEqual({ reviewsNew: 2, questionsNew: 2, chatsUnread: 5 });
  });

  it('sales: the last 14 local days, the same series the Analytics page shows', () => {
    const c = filled();
    const s = summary(c).sales;
    expect([s.from, s.to, s.currency, s.revenue, s.orders]).toEqual(['2026-01-02', '2026-01-15', 'RUB', '500.00', 2]);
    expect(s.days).toHaveLength(14);
    expect(s.days.filter((d) => d.orders > 0)).toEqual([
      { date: '2026-01-02', revenue: '100.00', orders: 1, units: 1 },
      { date: '2026-01-14', revenue: '400.00', orders: 1, units: 3 },
    ]);
    expect(s.days).toEqual(analyticsQueries(c).summary({ storeId: A, from: '2026-01-02', to: '2026-01-15', utcOffsetMinutes: MSK }).days);
  });

  it('an empty store answers zeros and fourteen empty days', () => {
    const s = dashboardQueries(open()).summary({ storeId: A, utcOffsetMinutes: MSK }, NOW);
    expect(s.orders).toEqual({ awaitingPackaging: 0, awaitingDeliver: 0, dueToday: 0, overdue: 0 });
    expect(s.products).toEqual({ total: 0, outOfStock: 0, archived: 0, hidden: 0 });
    expect(s.service).toEqual({ reviewsNew: 0, questionsNew: 0, chatsUnread: 0 });
    expect(s.sales.days.map((d) => d.orders)).toEqual(Array(14).fill(0));
    expect(s.sales.revenue).toBe('0.00');
  });
});
