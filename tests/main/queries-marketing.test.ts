import { describe, expect, it } from 'vitest';
import type { Cache } from '../../src/main/cache/cache';
import { marketingQueries } from '../../src/main/cache/queries-marketing';
import { CampaignsQuery, PromotionQuery } from '../../src/shared/ipc/marketing';
import { tempCaches } from './cache-fixture';
import { change, currentSeq, product, resetSeq } from './sync-fixtures';
import { campaign, campaignStat, promotion, promotionProduct } from './workstation-fixtures';

const { open } = tempCaches('q-marketing');

const STORE = 'st_1';

function filled(): Cache {
  resetSeq();
  const c = open();
  c.applyPage(
    [
      change('product', '100001', product(1, { price: '250.00' })),
      change('product', '100002', product(2, { price: '99.90' })),
      change('promotion', '11', promotion('11', { title: 'Чёрная пятница', isParticipating: true, participatingProductsCount: 1, potentialProductsCount: 2, dateStart: '2026-01-20T00:00:00Z' })),
      change('promotion', '12', promotion('12', { title: 'Товары дня', dateStart: '2026-01-10T00:00:00Z' })),
      change('promotion', '13', promotion('13', { title: 'Скидка на сток', actionType: 'STOCK_DISCOUNT', dateStart: '2026-01-15T00:00:00Z' })),
      change('promotion_product', '11:100001', promotionProduct('11', '100001', { participating: true, actionPrice: '199.00' })),
      change('promotion_product', '11:100002', promotionProduct('11', '100002', { actionPrice: '79.90', maxActionPrice: null, ozonSync: { state: 'failed', reason: 'action price 600 is above max_action_price 585', at: '2026-11-29T01:00:00.000Z' } })),
      change('promotion_product', '11:100009', promotionProduct('11', '100009', { price: '10.00', actionPrice: '8.00', stock: null })),
      change('campaign', '501', campaign('501')),
      change('campaign', '502', campaign('502', { state: 'CAMPAIGN_STATE_INACTIVE', dailyBudget: null })),
      change('campaign_stat', '501:2026-01-01', campaignStat('501', '2026-01-01', 1000, 10, '100.10')),
      change('campaign_stat', '501:2026-01-02', campaignStat('501', '2026-01-02', 2000, 30, '200.20')),
      change('campaign_stat', '502:2026-01-02', campaignStat('502', '2026-01-02', 500, 5, '0.05')),
      change('campaign_stat', '502:2026-01-09', campaignStat('502', '2026-01-09', 7, 7, '7.00')),
    ],
    currentSeq(),
  );
  return c;
}

describe('marketing queries', () => {
  const pq = (over: Record<string, unknown> = {}) => PromotionQuery.parse({ storeId: STORE, offset: 0, limit: 10, ...over });

  it('promotions: newest start first, counts from Ozon, participating filter, title search in any case', () => {
    const m = marketingQueries(filled());
    const all = m.promotions(pq());
    expect(all.total).toBe(3);
    expect(all.rows.map((r) => r.actionId)).toEqual(['11', '13', '12']);
    expect(all.rows[0]).toMatchObject({ title: 'Чёрная пятница', isParticipating: true, participatingCount: 1, candidateCount: 2, actionType: 'DISCOUNT' });
    expect(m.promotions(pq({ participating: true })).rows.map((r) => r.actionId)).toEqual(['11']);
    expect(m.promotions(pq({ participating: false })).total).toBe(2);
    expect(m.promotions(pq({ search: 'ЧЁРНАЯ' })).rows.map((r) => r.actionId)).toEqual(['11']);
    expect(m.promotions(pq({ sort: { field: 'title', dir: 'asc' } })).rows.map((r) => r.title)).toEqual(['Скидка на сток', 'Товары дня', 'Чёрная пятница']);
  });

  it('promotion products: action price beside the current price (local edit included); unknown products keep Ozon`s price', () => {
    const c = filled();
    const m = marketingQueries(c);
    const r = m.promotionProducts(STORE, '11', undefined, 0, 10);
    expect(r.total).toBe(3);
    expect(r.rows[0]).toMatchObject({ productId: '100001', participating: true, currentPrice: '250.00', actionPrice: '199.00', maxActionPrice: '170.00', name: 'Футболка хлопок 1', offerId: 'OFF-1' });
    const missing = r.rows.find((x) => x.productId === '100009')!;
    expect(missing).toMatchObject({ name: null, offerId: null, currentPrice: '10.00', stock: null, ozon: null });
    // a join Ozon refused comes back on the row with Ozon's reason (the feed's ozonSync), for the action column to show
    expect(r.rows.find((x) => x.productId === '100002')!.ozon).toEqual({ state: 'failed', reason: 'action price 600 is above max_action_price 585', at: '2026-11-29T01:00:00.000Z' });
    expect(m.promotionProducts(STORE, '11', true, 0, 10).rows.map((x) => x.productId)).toEqual(['100001']);
    expect(m.promotionProducts(STORE, '11', false, 0, 10).total).toBe(2);
    expect(m.promotionProducts(STORE, '11', undefined, 1, 1).rows).toHaveLength(1);
    // a price edited on this computer (still in the outbox) is the current price the seller compares with
    c.edit('product', STORE, '100001', { price: '260.00' }, 'test');
    expect(m.promotionProducts(STORE, '11', true, 0, 10).rows[0]!.currentPrice).toBe('260.00');
    expect(m.promotionProducts(STORE, '12', undefined, 0, 10)).toEqual({ rows: [], total: 0 });
  });

  it('campaigns: exact money totals over the days asked, a zero-filled daily series, one campaign`s series', () => {
    const m = marketingQueries(filled());
    const r = m.campaigns(CampaignsQuery.parse({ storeId: STORE, from: '2026-01-01', to: '2026-01-03' }));
    expect(r.campaigns.map((x) => [x.campaignId, x.views, x.clicks, x.spend, x.orders, x.ordersMoney])).toEqual([
      ['501', 3000, 40, '300.30', 2, '600.00'],
      ['502', 500, 5, '0.05', 1, '300.00'],
    ]);
    expect(r.daily).toEqual([
      { date: '2026-01-01', views: 1000, clicks: 10, spend: '100.10' },
      { date: '2026-01-02', views: 2500, clicks: 35, spend: '200.25' },
      { date: '2026-01-03', views: 0, clicks: 0, spend: '0.00' },
    ]);
    const one = m.campaigns(CampaignsQuery.parse({ storeId: STORE, from: '2026-01-01', to: '2026-01-03', campaignId: '502' }));
    expect(one.daily.map((d) => d.views)).toEqual([0, 500, 0]);
    expect(one.campaigns).toHaveLength(2);
    const later = m.campaigns(CampaignsQuery.parse({ storeId: STORE, from: '2026-01-09', to: '2026-01-09' }));
    expect(later.campaigns.map((x) => [x.campaignId, x.spend])).toEqual([
      ['502', '7.00'],
      ['501', '0.00'],
    ]);
  });
});
