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
/**
 * Budgets of the campaign list are in millionths of a rouble (uint64, a string or a number: "2900000000" is
 * 2,900 ₽, per the Performance API's own description of dailyBudget) → "2900.00", rounded to kopecks exactly.
 * Missing or unreadable → null (the UI shows no budget rather than a wrong one).
 */
export const zMicroRoubles = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((v): string | null => {
    const t = typeof v === 'number' ? (Number.isSafeInteger(v) ? String(v) : '') : (v ?? '').trim();
    if (!/^\d{1,20}$/.test(t)) return null;
    const kopecks = (BigInt(t) + 5_000n) / 10_000n;
    return `${kopecks / 100n}.${String(kopecks % 100n).padStart(2, '0')}`;
  });
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
  dailyBudget: zMicroRoubles,
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
