import type { z } from 'zod';
import { AWAITING_SELLER_STATUSES } from '../../shared/domain/orders';
import { DASHBOARD_SALES_DAYS, type DashboardQuery, type DashboardSummary } from '../../shared/ipc/dashboard';
import type { Cache } from './cache';
import { analyticsQueries } from './queries-analytics';
import { serviceQueries } from './queries-service';
import { dayBounds, minorToMoney, perCache, Stmts } from './queries-shared';

const DAY_MS = 86_400_000;
const PACKAGING = 'awaiting_packaging';
const DELIVER = 'awaiting_deliver';

/**
 * The Dashboard's store summary from the cache. Sales and customer-service
 * figures come from the Analytics and Service pages' own queries, so the
 * Dashboard never disagrees with the page a figure opens.
 */
export class DashboardQueries {
  private readonly st: Stmts;
  constructor(private readonly cache: Cache) {
    this.st = new Stmts(cache);
  }

  /** `now`: epoch ms of the call (a parameter so that tests fix the clock). */
  summary(q: z.output<typeof DashboardQuery>, now: number): DashboardSummary {
    const today = new Date(now + q.utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
    const from = new Date(Date.parse(`${today}T00:00:00Z`) - (DASHBOARD_SALES_DAYS - 1) * DAY_MS).toISOString().slice(0, 10);
    const endOfToday = Date.parse(dayBounds(today, today, q.utcOffsetMinutes).end);
    // the sales chart's query only: the rest of the Analytics summary (top products, stock cover, returns) is most of its cost
    const sales = analyticsQueries(this.cache).daily({ storeId: q.storeId, from, to: today, utcOffsetMinutes: q.utcOffsetMinutes });
    const service = serviceQueries(this.cache).summary([q.storeId]);
    return {
      orders: this.orders(q.storeId, now, endOfToday),
      products: this.products(q.storeId),
      service: { reviewsNew: service.reviewsNew, questionsNew: service.questionsNew, chatsUnread: service.chatsUnread },
      sales: { from, to: today, currency: sales.currency, days: sales.days, revenue: minorToMoney(sales.revenueMinor), orders: sales.orders },
    };
  }

  /**
   * Deadlines are compared as instants (unixepoch), not as text: Ozon writes
   * "…T10:00:00Z" without fractions and the offset form is valid RFC 3339 too,
   * so a text comparison with a JS ISO string would misplace the boundary. A
   * posting without a (parseable) shipment date is neither due nor overdue.
   */
  private orders(storeId: string, now: number, endOfToday: number): DashboardSummary['orders'] {
    const r = this.st
      .get(
        `SELECT COALESCE(SUM(status = ?), 0) AS packaging, COALESCE(SUM(status = ?), 0) AS deliver,
                COALESCE(SUM(t >= ? AND t < ?), 0) AS due, COALESCE(SUM(t < ?), 0) AS overdue
         FROM (SELECT status, unixepoch(shipment_date, 'subsec') * 1000 AS t FROM postings
               WHERE store_id = ? AND scheme = 'fbs' AND status IN (${AWAITING_SELLER_STATUSES.map(() => '?').join(', ')}))`,
      )
      .get(PACKAGING, DELIVER, now, endOfToday, now, storeId, ...AWAITING_SELLER_STATUSES) as { packaging: number; deliver: number; due: number; overdue: number };
    return { awaitingPackaging: r.packaging, awaitingDeliver: r.deliver, dueToday: r.due, overdue: r.overdue };
  }

  /** stock_present is the effective stock (local edits included), as the Products list filters it */
  private products(storeId: string): DashboardSummary['products'] {
    const r = this.st
      .get(
        `SELECT COUNT(*) AS total, COALESCE(SUM(archived = 0 AND stock_present <= 0), 0) AS out_of_stock,
                COALESCE(SUM(archived <> 0), 0) AS archived, COALESCE(SUM(archived = 0 AND visible = 0), 0) AS hidden
         FROM products WHERE store_id = ?`,
      )
      .get(storeId) as { total: number; out_of_stock: number; archived: number; hidden: number };
    return { total: r.total, outOfStock: r.out_of_stock, archived: r.archived, hidden: r.hidden };
  }
}

export const dashboardQueries = perCache((cache) => new DashboardQueries(cache));
