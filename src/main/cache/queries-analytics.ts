import type { z } from 'zod';
import type { AnalyticsQuery, AnalyticsSummary } from '../../shared/ipc/analytics';
import type { Cache } from './cache';
import { dayBounds, daysBetween, MINOR, minorToMoney, perCache, Stmts } from './queries-shared';

/** Cancelled postings are no sale: they count as "cancelled" only. */
const CANCELLED = 'cancelled';
/** stock cover looks at the 28 days ending with the period's last day */
const COVER_DAYS = 28;
const TOP_SKUS = 10;
const COVER_ROWS = 100;

/**
 * Sales analytics computed from the cache: postings (revenue = Σ price ×
 * quantity of their items, in integer minor units so sums stay exact),
 * returns and FBS stocks. Days are the person's local calendar days:
 * timestamps are shifted by their UTC offset before taking the date.
 */
export class AnalyticsQueries {
  private readonly st: Stmts;
  constructor(cache: Cache) {
    this.st = new Stmts(cache);
  }

  /**
   * The period's money currency (its most common one: a store that switched currency, or sells cross-border in CNY
   * and RUB, never gets yuan added to roubles; orders and units count them all) and its sales per local day. The
   * Analytics chart and the Dashboard's sales card both read this.
   */
  daily(q: z.output<typeof AnalyticsQuery>): { currency: string; days: AnalyticsSummary['days']; revenueMinor: number; orders: number; units: number } {
    const { start, end } = dayBounds(q.from, q.to, q.utcOffsetMinutes);
    const shift = `${q.utcOffsetMinutes >= 0 ? '+' : '-'}${Math.abs(q.utcOffsetMinutes)} minutes`;
    const currency =
      (this.st
        .get('SELECT currency FROM postings WHERE store_id = ? AND in_process_at >= ? AND in_process_at < ? GROUP BY currency ORDER BY COUNT(*) DESC, currency LIMIT 1')
        .pluck()
        .get(q.storeId, start, end) as string | null | undefined) ?? 'RUB';
    const byDay = this.st
      .get(
        `SELECT date(p.in_process_at, ?) AS d, COUNT(DISTINCT p.key) AS orders, COALESCE(SUM(i.quantity), 0) AS units,
                COALESCE(SUM(CASE WHEN p.currency IS ? THEN ${MINOR('i.price')} * i.quantity ELSE 0 END), 0) AS minor
         FROM postings p LEFT JOIN posting_items i ON i.store_id = p.store_id AND i.posting_key = p.key
         WHERE p.store_id = ? AND p.in_process_at >= ? AND p.in_process_at < ? AND p.status <> ?
         GROUP BY d`,
      )
      .all(shift, currency, q.storeId, start, end, CANCELLED) as { d: string; orders: number; units: number; minor: number }[];
    const map = new Map(byDay.map((r) => [r.d, r]));
    let revenueMinor = 0;
    let orders = 0;
    let units = 0;
    const days = daysBetween(q.from, q.to).map((date) => {
      const r = map.get(date);
      revenueMinor += r?.minor ?? 0;
      orders += r?.orders ?? 0;
      units += r?.units ?? 0;
      return { date, revenue: minorToMoney(r?.minor ?? 0), orders: r?.orders ?? 0, units: r?.units ?? 0 };
    });
    return { currency, days, revenueMinor, orders, units };
  }

  summary(q: z.output<typeof AnalyticsQuery>): AnalyticsSummary {
    const { start, end } = dayBounds(q.from, q.to, q.utcOffsetMinutes);
    const { currency, days, revenueMinor, orders, units } = this.daily(q);
    const otherCurrencyOrders = this.st
      .get('SELECT COUNT(*) FROM postings WHERE store_id = ? AND in_process_at >= ? AND in_process_at < ? AND status <> ? AND currency IS NOT ?')
      .pluck()
      .get(q.storeId, start, end, CANCELLED, currency) as number;
    const cancelled = this.st
      .get('SELECT COUNT(*) FROM postings WHERE store_id = ? AND in_process_at >= ? AND in_process_at < ? AND status = ?')
      .pluck()
      .get(q.storeId, start, end, CANCELLED) as number;
    const returnedUnits = this.st
      .get(`SELECT COALESCE(SUM(COALESCE(json_extract(server_json, '$.quantity'), 1)), 0) FROM returns WHERE store_id = ? AND returned_at >= ? AND returned_at < ?`)
      .pluck()
      .get(q.storeId, start, end) as number;

    const topSkus = (
      this.st
        .get(
          `SELECT i.sku, MAX(i.offer_id) AS offer_id, MAX(i.name) AS name, SUM(${MINOR('i.price')} * i.quantity) AS minor, SUM(i.quantity) AS units
           FROM postings p JOIN posting_items i ON i.store_id = p.store_id AND i.posting_key = p.key
           WHERE p.store_id = ? AND p.in_process_at >= ? AND p.in_process_at < ? AND p.status <> ? AND p.currency IS ?
           GROUP BY i.sku ORDER BY minor DESC, i.sku LIMIT ?`,
        )
        .all(q.storeId, start, end, CANCELLED, currency, TOP_SKUS) as { sku: string; offer_id: string; name: string; minor: number; units: number }[]
    ).map((r) => ({ sku: r.sku, offerId: r.offer_id, name: r.name, revenue: minorToMoney(r.minor), units: r.units }));

    return {
      currency,
      days,
      totals: { revenue: minorToMoney(revenueMinor), orders, units, cancelled, returnedUnits, returnsRate: units > 0 ? returnedUnits / units : null, otherCurrencyOrders },
      topSkus,
      stockCover: this.stockCover(q.storeId, end),
    };
  }

  /** stock / (units of the last 28 days / 28) per product; the ones that run out first come first. */
  private stockCover(storeId: string, end: string): AnalyticsSummary['stockCover'] {
    const coverStart = new Date(Date.parse(end) - COVER_DAYS * 86_400_000).toISOString();
    const rows = this.st
      .get(
        `WITH sold AS (
           SELECT i.sku, SUM(i.quantity) AS units
           FROM postings p JOIN posting_items i ON i.store_id = p.store_id AND i.posting_key = p.key
           WHERE p.store_id = ? AND p.in_process_at >= ? AND p.in_process_at < ? AND p.status <> ?
           GROUP BY i.sku)
         SELECT x.key, x.sku, x.offer_id, x.name, x.stock_present AS stock, COALESCE(s.units, 0) AS units
         FROM products x LEFT JOIN sold s ON s.sku = x.sku
         WHERE x.store_id = ? AND x.archived = 0 AND (s.units > 0 OR x.stock_present > 0)
         ORDER BY CASE WHEN COALESCE(s.units, 0) > 0 THEN 0 ELSE 1 END, CAST(x.stock_present AS REAL) / MAX(COALESCE(s.units, 0), 1), x.key
         LIMIT ?`,
      )
      .all(storeId, coverStart, end, CANCELLED, storeId, COVER_ROWS) as { key: string; sku: string | null; offer_id: string; name: string; stock: number; units: number }[];
    return rows.map((r) => {
      const avg = r.units / COVER_DAYS;
      return {
        productId: r.key,
        sku: r.sku,
        offerId: r.offer_id,
        name: r.name,
        stock: r.stock,
        avgDailyUnits: Math.round(avg * 100) / 100,
        coverDays: r.units > 0 ? Math.round((Math.max(r.stock, 0) / avg) * 10) / 10 : null,
      };
    });
  }
}

export const analyticsQueries = perCache((cache) => new AnalyticsQueries(cache));
