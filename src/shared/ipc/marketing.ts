import { z } from 'zod';
import { Money, OzonId } from '../domain/common';
import { text } from '../http/common';
import { Day, dayRange, listOf, SortDir, StoreIdIn, Window } from './list-common';

/** Marketing page (issue 4): Ozon promotions (actions) and Performance ad campaigns, from the local cache. */

export const PromotionRow = z.object({
  actionId: OzonId,
  title: z.string(),
  actionType: z.string(),
  description: z.string(),
  dateStart: z.string().nullable(),
  dateEnd: z.string().nullable(),
  isParticipating: z.boolean(),
  /** Ozon's counts from /v1/actions */
  participatingCount: z.number().int(),
  candidateCount: z.number().int(),
  discountType: z.string().nullable(),
  discountValue: z.string().nullable(),
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
});
export type PromotionProductRow = z.infer<typeof PromotionProductRow>;

export const CampaignRow = z.object({
  campaignId: OzonId,
  title: z.string(),
  state: z.string(),
  advObjectType: z.string(),
  dailyBudget: Money.nullable(),
  fromDate: z.string().nullable(),
  toDate: z.string().nullable(),
  /** totals over the requested days */
  views: z.number().int(),
  clicks: z.number().int(),
  spend: Money,
  orders: z.number().int(),
  ordersMoney: Money,
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
