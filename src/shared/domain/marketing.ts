/** Ozon promotions (actions) with products, and Performance API ad campaigns with daily statistics. */
import { z } from 'zod';
import { Money, OzonId, SyncMeta, Timestamp } from './common';

export const Promotion = z.strictObject({
  ...SyncMeta,
  actionId: OzonId,
  title: z.string(),
  actionType: z.string(),
  description: z.string(),
  dateStart: Timestamp.nullable(),
  dateEnd: Timestamp.nullable(),
  isParticipating: z.boolean(),
  participatingProductsCount: z.number().int(),
  potentialProductsCount: z.number().int(),
  discountType: z.string().nullable(),
  discountValue: z.string().nullable(),
});
export type Promotion = z.infer<typeof Promotion>;

/** A product's place in a promotion: a candidate or a participant. */
export const PromotionProduct = z.strictObject({
  ...SyncMeta,
  actionId: OzonId,
  productId: OzonId,
  participating: z.boolean(),
  price: Money.nullable(),
  actionPrice: Money.nullable(),
  maxActionPrice: Money.nullable(),
  stock: z.number().int().nullable(),
});
export type PromotionProduct = z.infer<typeof PromotionProduct>;

export const Campaign = z.strictObject({
  ...SyncMeta,
  campaignId: OzonId,
  title: z.string(),
  state: z.string(),
  advObjectType: z.string(),
  dailyBudget: Money.nullable(),
  fromDate: Timestamp.nullable(),
  toDate: Timestamp.nullable(),
});
export type Campaign = z.infer<typeof Campaign>;

export const CampaignDailyStat = z.strictObject({
  ...SyncMeta,
  campaignId: OzonId,
  /** YYYY-MM-DD */
  date: z.string(),
  views: z.number().int(),
  clicks: z.number().int(),
  spend: Money,
  orders: z.number().int(),
  ordersMoney: Money,
});
export type CampaignDailyStat = z.infer<typeof CampaignDailyStat>;
