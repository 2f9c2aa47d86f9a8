import { z } from 'zod';
import { Money } from '../domain/common';
import { AnalyticsDay } from './analytics';
import { StoreIdIn, UtcOffset } from './list-common';

/**
 * The Dashboard's store summary: the selected store's day at a glance, read
 * from the local cache (works offline). "Today" is the person's calendar day
 * (`utcOffsetMinutes`); "now" is the main process's clock at the call.
 */

/** days of the sales series: today and the 13 days before it */
export const DASHBOARD_SALES_DAYS = 14;

export const DashboardQuery = z.strictObject({ storeId: StoreIdIn, utcOffsetMinutes: UtcOffset });

const count = z.number().int().nonnegative();

export const DashboardSummary = z.object({
  /** FBS postings awaiting packaging and awaiting shipment */
  orders: z.object({
    awaitingPackaging: count,
    awaitingDeliver: count,
    /** FBS postings still waiting for the seller (AWAITING_SELLER_STATUSES) due from now to the end of today (not yet late) */
    dueToday: count,
    /** the same, with a shipment date before now (the Orders list marks them late) */
    overdue: count,
  }),
  products: z.object({
    total: count,
    /** not archived, no stock present (effective value, local edits included) */
    outOfStock: count,
    archived: count,
    /** not archived and not visible on Ozon */
    hidden: count,
  }),
  service: z.object({ reviewsNew: count, questionsNew: count, chatsUnread: count }),
  /** the Analytics page's daily series over the last DASHBOARD_SALES_DAYS days */
  sales: z.object({
    from: z.string(),
    to: z.string(),
    currency: z.string(),
    days: z.array(AnalyticsDay),
    revenue: Money,
    orders: count,
  }),
});
export type DashboardSummary = z.infer<typeof DashboardSummary>;

export const dashboardIpc = {
  'dashboard:summary': { input: DashboardQuery, output: DashboardSummary },
} as const;
