import { z } from 'zod';
import { Money, OzonId } from '../domain/common';
import { Day, dayRange, StoreIdIn, UtcOffset } from './list-common';

/**
 * Analytics page (issue 4): computed on this computer from the cached
 * postings, returns and stocks, so it works offline and never waits for Ozon.
 * Days are the person's calendar days (`utcOffsetMinutes`).
 */

export const AnalyticsQuery = z
  .strictObject({ storeId: StoreIdIn, from: Day, to: Day, utcOffsetMinutes: UtcOffset })
  .refine((v) => dayRange(v, 366), { message: 'range', path: ['to'] });

export const AnalyticsDay = z.object({ date: z.string(), revenue: Money, orders: z.number().int(), units: z.number().int() });

export const TopSku = z.object({ sku: OzonId, offerId: z.string(), name: z.string(), revenue: Money, units: z.number().int() });

export const StockCover = z.object({
  productId: OzonId,
  sku: z.string().nullable(),
  offerId: z.string(),
  name: z.string(),
  stock: z.number().int(),
  /** units of the 28 days ending with `to`, divided by 28 */
  avgDailyUnits: z.number(),
  /** stock / avgDailyUnits, one decimal; null = nothing sold in those 28 days */
  coverDays: z.number().nullable(),
});

export const AnalyticsSummary = z.object({
  currency: z.string(),
  days: z.array(AnalyticsDay),
  totals: z.object({
    revenue: Money,
    orders: z.number().int(),
    units: z.number().int(),
    cancelled: z.number().int(),
    returnedUnits: z.number().int(),
    /** returned units / sold units of the period, 0..1 (can exceed 1 when returns of older sales arrive); null without sales */
    returnsRate: z.number().nullable(),
    /** orders of the period in another currency than `currency`: counted in orders and units, left out of every money sum */
    otherCurrencyOrders: z.number().int(),
  }),
  topSkus: z.array(TopSku),
  stockCover: z.array(StockCover),
});
export type AnalyticsSummary = z.infer<typeof AnalyticsSummary>;

export const analyticsIpc = {
  'analytics:summary': { input: AnalyticsQuery, output: AnalyticsSummary },
} as const;
