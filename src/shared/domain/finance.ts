/** Finance transactions from /v3/finance/transaction/list. */
import { z } from 'zod';
import { Money, OzonId, SyncMeta, Timestamp } from './common';

export const FinanceService = z.strictObject({ name: z.string(), price: Money });

export const FinanceTransaction = z.strictObject({
  ...SyncMeta,
  operationId: OzonId,
  operationType: z.string(),
  operationTypeName: z.string(),
  operationDate: Timestamp.nullable(),
  type: z.string(),
  postingNumber: z.string().nullable(),
  amount: Money,
  accrualsForSale: Money,
  saleCommission: Money,
  deliveryCharge: Money,
  returnDeliveryCharge: Money,
  services: z.array(FinanceService),
  skus: z.array(OzonId),
});
export type FinanceTransaction = z.infer<typeof FinanceTransaction>;
