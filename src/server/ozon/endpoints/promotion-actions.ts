/**
 * Promotion participation: /v1/actions/products/activate (≤1000 products a
 * call, spec maxItems) and /v1/actions/products/deactivate, both per
 * action_id. Ozon answers 200 with the accepted product_ids and a rejected[]
 * list carrying a reason per product.
 */
import { z } from 'zod';
import type { OzonClient } from '../client';
import { zArr, zId, zStr } from './zod-helpers';

/** products per activate call (spec: ActivateProductV1Request.products maxItems 1000); deactivate uses the same */
export const ACTION_PRODUCTS_PER_WRITE = 1000;

export const ActionWriteResponse = z.object({
  result: z
    .object({ product_ids: zArr(zId), rejected: zArr(z.object({ product_id: zId, reason: zStr })) })
    .nullish()
    .transform((v) => v ?? { product_ids: [], rejected: [] }),
});
export type ActionWriteResult = z.output<typeof ActionWriteResponse>['result'];

export const activateActionProducts = (c: OzonClient, actionId: string, products: { product_id: number; action_price: number; stock?: number }[], signal?: AbortSignal) =>
  c.call('/v1/actions/products/activate', { action_id: Number(actionId), products }, ActionWriteResponse, { idempotent: false, signal });

export const deactivateActionProducts = (c: OzonClient, actionId: string, productIds: number[], signal?: AbortSignal) =>
  c.call('/v1/actions/products/deactivate', { action_id: Number(actionId), product_ids: productIds }, ActionWriteResponse, { idempotent: false, signal });
