/**
 * Ad campaigns and their daily statistics from the Performance API (its own
 * OAuth client and pacing). A store linked without Performance credentials
 * finishes this entity at once with nothing to do (phase 'no_credentials').
 * Each run lists all campaigns (swept when Ozon stops listing them), then
 * reads daily statistics for `campaignStatsDays` (first run) or the last
 * `campaignStatsRefreshDays` (refresh: recent days still change), ten
 * campaigns a request; the checkpoint holds the frozen plan and the next chunk.
 * A rejected Performance secret fails this entity only (PERFORMANCE_KEY_INVALID):
 * it never stops the store's Seller API import.
 */
import type { Campaign, CampaignDailyStat } from '../../../shared/domain/marketing';
import { isPerformanceError } from '../../ozon/performance/client';
import { STATS_CAMPAIGNS_PER_REQUEST, dailyStatistics, listCampaigns, type PerfCampaign, type PerfDailyRow } from '../../ozon/performance/campaigns';
import { TABLES } from '../tables';
import { applyRows, sweepUnseen } from '../upsert';
import { ImportError, type Importer } from './context';
import { DAY_MS, ymd } from './windows';

type CampaignDoc = Omit<Campaign, 'storeId' | 'version' | 'updatedAt' | 'deleted'>;
type StatDoc = Omit<CampaignDailyStat, 'storeId' | 'version' | 'updatedAt' | 'deleted'>;

export function campaignDoc(c: PerfCampaign): CampaignDoc {
  return { campaignId: c.id, title: c.title, state: c.state, advObjectType: c.advObjectType, dailyBudget: c.dailyBudget, fromDate: c.fromDate, toDate: c.toDate };
}

export function statDoc(r: PerfDailyRow): StatDoc {
  return { campaignId: r.id, date: r.date, views: r.views, clicks: r.clicks, spend: r.moneySpent ?? '0.00', orders: r.orders, ordersMoney: r.ordersMoney ?? '0.00' };
}

interface Plan {
  ids: string[];
  from: string;
  to: string;
}

export const campaignsImporter: Importer = {
  entity: 'campaigns',
  async run(ctx) {
    const perf = await ctx.performance();
    if (!perf) {
      await ctx.commit(null, { phase: 'no_credentials', cursor: null, done: 0, total: 0 });
      return;
    }
    try {
      const list = await listCampaigns(perf, ctx.signal);
      const docs = list.list.map(campaignDoc);
      let plan: Plan;
      let chunk: number;
      if (ctx.cursor && ctx.phase) {
        plan = JSON.parse(ctx.phase) as Plan;
        chunk = Number(ctx.cursor);
        await ctx.commit((trx) => applyRows(trx, TABLES.campaign, ctx.scope, docs.map((d) => ({ key: [d.campaignId], data: d }))).then(() => undefined), {});
      } else {
        const days = ctx.mode === 'full' ? ctx.config.campaignStatsDays : ctx.config.campaignStatsRefreshDays;
        const now = Date.parse(ctx.startedAt);
        plan = { ids: docs.map((d) => d.campaignId), from: ymd(now - (days - 1) * DAY_MS), to: ymd(now) };
        chunk = 0;
        await ctx.commit((trx) => applyRows(trx, TABLES.campaign, ctx.scope, docs.map((d) => ({ key: [d.campaignId], data: d }))).then(() => undefined), {
          phase: JSON.stringify(plan),
          cursor: '0',
          done: 0,
          total: docs.length,
        });
      }
      const scope = { workspaceId: ctx.scope.workspaceId, storeId: ctx.scope.storeId };
      for (; chunk * STATS_CAMPAIGNS_PER_REQUEST < plan.ids.length; chunk++) {
        const ids = plan.ids.slice(chunk * STATS_CAMPAIGNS_PER_REQUEST, (chunk + 1) * STATS_CAMPAIGNS_PER_REQUEST);
        const res = await dailyStatistics(perf, ids, plan.from, plan.to, ctx.signal);
        const rows = res.rows.filter((r) => /^\d{4}-\d{2}-\d{2}$/.test(r.date)).map((r) => ({ key: [r.id, r.date], data: statDoc(r) }));
        await ctx.commit((trx) => applyRows(trx, TABLES.campaign_stat, scope, rows).then(() => undefined), {
          cursor: String(chunk + 1),
          done: Math.min(plan.ids.length, (chunk + 1) * STATS_CAMPAIGNS_PER_REQUEST),
        });
      }
      await ctx.commit((trx) => sweepUnseen(trx, TABLES.campaign, ctx.scope).then(() => undefined), { total: plan.ids.length });
    } catch (e) {
      if (isPerformanceError(e) && (e.kind === 'unauthenticated' || e.kind === 'permission')) {
        throw new ImportError('PERFORMANCE_KEY_INVALID', 'the Performance API rejected the client id/secret');
      }
      if (isPerformanceError(e) && e.kind !== 'rate_limited' && e.kind !== 'unavailable' && e.kind !== 'timeout' && e.kind !== 'network') {
        throw new ImportError('PERFORMANCE_REQUEST_REJECTED', e.message);
      }
      throw e;
    }
  },
};
