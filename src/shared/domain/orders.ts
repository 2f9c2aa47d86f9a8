/** FBS/FBO postings with their items, and returns. */
import { z } from 'zod';
import { Currency, Money, OzonId, SyncMeta, Timestamp } from './common';

export const PostingItem = z.strictObject({
  sku: OzonId,
  offerId: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  price: Money,
  currency: Currency,
});
export type PostingItem = z.infer<typeof PostingItem>;

/**
 * Statuses in which a posting still waits for the seller before it ships: one
 * whose shipment date has passed in any of them is late (the Orders list marks
 * it, the Dashboard counts it).
 */
export const AWAITING_SELLER_STATUSES = ['awaiting_registration', 'awaiting_approve', 'awaiting_packaging', 'awaiting_deliver'] as const;

export const Posting = z.strictObject({
  ...SyncMeta,
  postingNumber: z.string(),
  scheme: z.enum(['fbs', 'fbo']),
  orderId: OzonId,
  orderNumber: z.string(),
  /** Ozon `status` (awaiting_packaging, awaiting_deliver, delivering, delivered, cancelled, …) */
  status: z.string(),
  substatus: z.string(),
  /** FBS only: the seller warehouse; FBO: null */
  warehouseId: OzonId.nullable(),
  deliveryMethodName: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  inProcessAt: Timestamp.nullable(),
  shipmentDate: Timestamp.nullable(),
  deliveringDate: Timestamp.nullable(),
  cancelReason: z.string().nullable(),
  cancelReasonId: OzonId.nullable(),
  availableActions: z.array(z.string()),
  items: z.array(PostingItem),
});
export type Posting = z.infer<typeof Posting>;

export const Return = z.strictObject({
  ...SyncMeta,
  returnId: OzonId,
  postingNumber: z.string(),
  scheme: z.string(),
  type: z.string(),
  status: z.string(),
  reason: z.string(),
  sku: OzonId.nullable(),
  offerId: z.string().nullable(),
  quantity: z.number().int(),
  price: Money.nullable(),
  currency: Currency.nullable(),
  returnedAt: Timestamp.nullable(),
});
export type Return = z.infer<typeof Return>;
