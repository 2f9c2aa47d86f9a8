import { z } from 'zod';
import { Money, OzonId } from '../domain/common';
import { Campaign, CampaignDailyStat, Promotion } from '../domain/marketing';
import { text } from '../http/common';
import { OzonSyncState } from '../sync/protocol';
import { Day, dayRange, listOf, SortDir, StoreIdIn, Window } from './list-common';

/** Marketing page (issue 4): Ozon promotions (actions) and Performance ad campaigns, from the local cache. */

/** a cached promotion (domain `Promotion`) with Ozon's counts from /v1/actions under the list's names */
export const PromotionRow = z.object({
  ...Promotion.pick({
    actionId: true,
    title: true,
    actionType: true,
    description: true,
    dateStart: true,
    dateEnd: true,
    isParticipating: true,
    discountType: true,
    discountValue: true,
  }).shape,
  participatingCount: z.number().int(),
  candidateCount: z.number().int(),
});
export type PromotionRow = z.infer<typeof PromotionRow>;

export const PromotionQuery = z.strictObject({
  storeId: StoreIdIn,
  search: text(200).optional(),
  participating: z.boolean().optional(),
  sort: z.strictObject({ field: z.enum(['dateStart', 'dateEnd', 'title']), dir: SortDir }).optional(),
  ...Window,
});

export const PromotionProductRow = z.object({
  productId: OzonId,
  offerId: z.string().nullable(),
  name: z.string().nullable(),
  participating: z.boolean(),
  /** the product's current price (with local edits) from the products cache */
  currentPrice: Money.nullable(),
  actionPrice: Money.nullable(),
  maxActionPrice: Money.nullable(),
  currency: z.string(),
  stock: z.number().int().nullable(),
  /** Ozon's state of the last join or leave sent through Sellerdesk (null: none) */
  ozon: OzonSyncState.nullable(),
});
export type PromotionProductRow = z.infer<typeof PromotionProductRow>;

/** a cached campaign (domain `Campaign`) with its statistics summed over the requested days */
export const CampaignRow = z.object({
  ...Campaign.pick({ campaignId: true, title: true, state: true, advObjectType: true, dailyBudget: true, fromDate: true, toDate: true }).shape,
  ...CampaignDailyStat.pick({ views: true, clicks: true, spend: true, orders: true, ordersMoney: true }).shape,
});
export type CampaignRow = z.infer<typeof CampaignRow>;

export const CampaignDay = z.object({ date: z.string(), views: z.number().int(), clicks: z.number().int(), spend: Money });
export type CampaignDay = z.infer<typeof CampaignDay>;

export const CampaignsQuery = z
  .strictObject({
    storeId: StoreIdIn,
    from: Day,
    to: Day,
    /** daily series of this campaign only; absent = all campaigns summed */
    campaignId: OzonId.optional(),
  })
  .refine((v) => dayRange(v, 366), { message: 'range', path: ['to'] });

export const marketingIpc = {
  'marketing:promotions': { input: PromotionQuery, output: listOf(PromotionRow) },
  'marketing:promotionProducts': {
    input: z.strictObject({ storeId: StoreIdIn, actionId: OzonId, participating: z.boolean().optional(), ...Window }),
    output: listOf(PromotionProductRow),
  },
  'marketing:campaigns': {
    input: CampaignsQuery,
    output: z.object({ campaigns: z.array(CampaignRow), daily: z.array(CampaignDay) }),
  },
} as const;
