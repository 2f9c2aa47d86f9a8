/**
 * Performance API reads: GET /api/client/campaign (all campaigns) and
 * GET /api/client/statistics/daily/json (per campaign and day; amounts are
 * strings with a decimal comma, counts are strings).
 */
import { z } from 'zod';
import { normalizeMoney, zArr, zId, zStr, zStrOpt } from '../endpoints/zod-helpers';
import type { PerformanceClient } from './client';

/** "1 234,50" / "1234.5" / 1234.5 → "1234.50" */
export const zPerfMoney = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((v) => normalizeMoney(typeof v === 'string' ? v.replace(/[\s\u00a0]/g, '').replace(',', '.') : (v ?? null)));
const zCount = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((v) => {
    const n = Number(typeof v === 'string' ? v.replace(/[\s\u00a0]/g, '') : (v ?? 0));
    return Number.isFinite(n) ? Math.trunc(n) : 0;
  });

export const PerfCampaign = z.object({
  id: zId,
  title: zStr,
  state: zStr,
  advObjectType: zStr,
  dailyBudget: zPerfMoney,
  fromDate: zStrOpt,
  toDate: zStrOpt,
});
export type PerfCampaign = z.output<typeof PerfCampaign>;
export const CampaignListResponse = z.object({ list: zArr(PerfCampaign) });

export const PerfDailyRow = z.object({
  id: zId,
  date: zStr,
  views: zCount,
  clicks: zCount,
  moneySpent: zPerfMoney,
  orders: zCount,
  ordersMoney: zPerfMoney,
});
export type PerfDailyRow = z.output<typeof PerfDailyRow>;
export const DailyStatsResponse = z.object({ rows: zArr(PerfDailyRow) });

/** campaigns per statistics request */
export const STATS_CAMPAIGNS_PER_REQUEST = 10;

export const listCampaigns = (c: PerformanceClient, signal?: AbortSignal) => c.get('/api/client/campaign', {}, CampaignListResponse, signal);

export const dailyStatistics = (c: PerformanceClient, campaignIds: string[], dateFrom: string, dateTo: string, signal?: AbortSignal) =>
  c.get('/api/client/statistics/daily/json', { campaignIds, dateFrom, dateTo }, DailyStatsResponse, signal);
