import type { z } from 'zod';
import type { CampaignDay, CampaignRow, CampaignsQuery, PromotionProductRow, PromotionQuery, PromotionRow } from '../../shared/ipc/marketing';
import { ozonSyncOf } from './action-targets';
import type { Cache } from './cache';
import { daysBetween, fold, intOr0, minorToMoney, moneyOrNull, parseJson, perCache, registerFold, Stmts, strOr, strOrNull, type Row, type SqlArg } from './queries-shared';

const PROMO_SORT = {
  dateStart: 'x.date_start',
  dateEnd: 'x.date_end',
  title: "json_extract(x.server_json, '$.title') COLLATE NOCASE",
} as const;

/** Promotions with their products, and ad campaigns with daily statistics, from the cache. */
export class MarketingQueries {
  private readonly st: Stmts;
  constructor(private readonly cache: Cache) {
    this.st = new Stmts(cache);
    registerFold(cache);
  }

  promotions(q: z.output<typeof PromotionQuery>): { rows: PromotionRow[]; total: number } {
    const where = ['x.store_id = ?'];
    const args: SqlArg[] = [q.storeId];
    const s = q.search?.trim();
    if (s) {
      where.push(`(instr(sd_fold(json_extract(x.server_json, '$.title')), ?) > 0 OR x.key = ?)`);
      args.push(fold(s), s);
    }
    if (q.participating !== undefined) {
      where.push('x.participating = ?');
      args.push(q.participating ? 1 : 0);
    }
    const w = where.join(' AND ');
    // default: the newest promotions first
    const dir = (q.sort?.dir ?? 'desc') === 'desc' ? 'DESC' : 'ASC';
    const col = PROMO_SORT[q.sort?.field ?? 'dateStart'];
    const total = this.st.get(`SELECT COUNT(*) FROM promotions x WHERE ${w}`).pluck().get(...args) as number;
    const rows = this.st
      .get(`SELECT x.key, x.server_json FROM promotions x WHERE ${w} ORDER BY ${col} ${dir}, x.key ${dir} LIMIT ? OFFSET ?`)
      .all(...args, q.limit, q.offset) as { key: string; server_json: string }[];
    return { total, rows: rows.map((r) => promotionRow(r.key, parseJson(r.server_json))) };
  }

  /** Products of one promotion with the action price beside the product's current (effective) price. */
  promotionProducts(storeId: string, actionId: string, participating: boolean | undefined, offset: number, limit: number): { rows: PromotionProductRow[]; total: number } {
    const where = ['pp.store_id = ?', 'pp.action_id = ?'];
    const args: SqlArg[] = [storeId, actionId];
    if (participating !== undefined) {
      where.push('pp.participating = ?');
      args.push(participating ? 1 : 0);
    }
    const w = where.join(' AND ');
    const total = this.st.get(`SELECT COUNT(*) FROM promotion_products pp WHERE ${w}`).pluck().get(...args) as number;
    const rows = this.st
      .get(
        `SELECT pp.product_id, pp.server_json, p.offer_id, p.name, p.local_state, p.server_json AS product_json
         FROM promotion_products pp LEFT JOIN products p ON p.store_id = pp.store_id AND p.key = pp.product_id
         WHERE ${w} ORDER BY pp.participating DESC, p.name COLLATE NOCASE, pp.product_id LIMIT ? OFFSET ?`,
      )
      .all(...args, limit, offset) as { product_id: string; server_json: string; offer_id: string | null; name: string | null; local_state: string | null; product_json: string | null }[];
    return {
      total,
      rows: rows.map((r) => {
        const pp = parseJson(r.server_json);
        // the current price as the seller sees it: with edits still in the outbox laid over
        const product = r.product_json === null ? null : r.local_state === 'synced' ? parseJson(r.product_json) : (this.cache.effectiveRow('product', storeId, r.product_id)?.row ?? parseJson(r.product_json));
        return {
          productId: r.product_id,
          offerId: r.offer_id,
          name: r.name,
          participating: pp.participating === true,
          currentPrice: moneyOrNull(product?.price ?? pp.price),
          actionPrice: moneyOrNull(pp.actionPrice),
          maxActionPrice: moneyOrNull(pp.maxActionPrice),
          currency: strOr(product?.currency, 'RUB'),
          stock: typeof pp.stock === 'number' ? Math.trunc(pp.stock) : null,
          // where the last join/leave sent through Sellerdesk stands on Ozon (a refusal carries Ozon's reason)
          ozon: ozonSyncOf(pp),
        };
      }),
    };
  }

  /** Campaigns with totals over from..to (stat dates are Ozon's YYYY-MM-DD), and the daily series. */
  campaigns(q: z.output<typeof CampaignsQuery>): { campaigns: CampaignRow[]; daily: z.output<typeof CampaignDay>[] } {
    const stats = this.st
      .get('SELECT campaign_id, date, server_json FROM campaign_stats WHERE store_id = ? AND date >= ? AND date <= ? ORDER BY date')
      .all(q.storeId, q.from, q.to) as { campaign_id: string; date: string; server_json: string }[];
    const totals = new Map<string, { views: number; clicks: number; spend: number; orders: number; ordersMoney: number }>();
    const byDay = new Map<string, { views: number; clicks: number; spend: number }>();
    for (const s of stats) {
      const r = parseJson(s.server_json);
      const spend = minor(r.spend);
      const t = totals.get(s.campaign_id) ?? { views: 0, clicks: 0, spend: 0, orders: 0, ordersMoney: 0 };
      t.views += intOr0(r.views);
      t.clicks += intOr0(r.clicks);
      t.spend += spend;
      t.orders += intOr0(r.orders);
      t.ordersMoney += minor(r.ordersMoney);
      totals.set(s.campaign_id, t);
      if (q.campaignId && q.campaignId !== s.campaign_id) continue;
      const d = byDay.get(s.date) ?? { views: 0, clicks: 0, spend: 0 };
      d.views += intOr0(r.views);
      d.clicks += intOr0(r.clicks);
      d.spend += spend;
      byDay.set(s.date, d);
    }
    const campaigns = (this.st.get('SELECT key, server_json FROM campaigns WHERE store_id = ? ORDER BY key').all(q.storeId) as { key: string; server_json: string }[]).map((c) => {
      const r = parseJson(c.server_json);
      const t = totals.get(c.key) ?? { views: 0, clicks: 0, spend: 0, orders: 0, ordersMoney: 0 };
      return {
        campaignId: strOr(r.campaignId, c.key),
        title: strOr(r.title, ''),
        state: strOr(r.state, ''),
        advObjectType: strOr(r.advObjectType, ''),
        dailyBudget: moneyOrNull(r.dailyBudget),
        fromDate: strOrNull(r.fromDate),
        toDate: strOrNull(r.toDate),
        views: t.views,
        clicks: t.clicks,
        spend: minorToMoney(t.spend),
        orders: t.orders,
        ordersMoney: minorToMoney(t.ordersMoney),
      };
    });
    // the biggest spenders first: that is what a seller looks for
    campaigns.sort((a, b) => minorOf(b.spend) - minorOf(a.spend) || a.title.localeCompare(b.title));
    const daily = daysBetween(q.from, q.to).map((date) => {
      const d = byDay.get(date) ?? { views: 0, clicks: 0, spend: 0 };
      return { date, views: d.views, clicks: d.clicks, spend: minorToMoney(d.spend) };
    });
    return { campaigns, daily };
  }
}

function minor(v: unknown): number {
  const m = moneyOrNull(typeof v === 'number' ? String(v) : v);
  return m === null ? 0 : minorOf(m);
}
/** Money text → integer minor units, without float drift ("12.345" → 1235 like SQL ROUND). */
function minorOf(m: string): number {
  return Math.round(Number(m) * 100);
}

function promotionRow(key: string, r: Row): PromotionRow {
  return {
    actionId: strOr(r.actionId, key),
    title: strOr(r.title, ''),
    actionType: strOr(r.actionType, ''),
    description: strOr(r.description, ''),
    dateStart: strOrNull(r.dateStart),
    dateEnd: strOrNull(r.dateEnd),
    isParticipating: r.isParticipating === true,
    participatingCount: intOr0(r.participatingProductsCount),
    candidateCount: intOr0(r.potentialProductsCount),
    discountType: strOrNull(r.discountType),
    discountValue: strOrNull(r.discountValue),
  };
}

export const marketingQueries = perCache((cache) => new MarketingQueries(cache));
