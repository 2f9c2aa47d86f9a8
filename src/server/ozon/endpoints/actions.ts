/**
 * Promotions: GET /v1/actions (actions that have not ended), and per action
 * /v1/actions/candidates and /v1/actions/products (last_id is a numeric
 * offset; 0 = no more pages).
 */
import { z } from 'zod';
import type { OzonClient } from '../client';
import { zArr, zBool, zId, zMoney, zNum, zNumOpt, zStr, zTs } from './zod-helpers';

export const OzonAction = z.object({
  id: zId,
  title: zStr,
  action_type: zStr,
  description: zStr,
  date_start: zTs,
  date_end: zTs,
  potential_products_count: zNum,
  participating_products_count: zNum,
  is_participating: zBool,
  discount_type: zStr,
  discount_value: z.union([z.number(), z.string(), z.null()]).optional().transform((v) => (v === null || v === undefined || v === '' ? null : String(v))),
});
export type OzonAction = z.output<typeof OzonAction>;
export const ActionsResponse = z.object({ result: zArr(OzonAction) });

export const OzonActionProduct = z.object({
  id: zId,
  price: zMoney,
  action_price: zMoney,
  max_action_price: zMoney,
  stock: zNumOpt,
});
export type OzonActionProduct = z.output<typeof OzonActionProduct>;
export const ActionProductsResponse = z.object({
  result: z.object({
    products: zArr(OzonActionProduct),
    total: zNum,
    last_id: z.union([z.number(), z.string(), z.null()]).optional().transform((v) => (v === null || v === undefined || v === '' ? 0 : Number(v))),
  }),
});

export const ACTION_PRODUCTS_PAGE = 1000;

export const listActions = (c: OzonClient, signal?: AbortSignal) => c.call('/v1/actions', undefined, ActionsResponse, { signal, method: 'GET' });

export const listActionProducts = (c: OzonClient, kind: 'candidates' | 'products', actionId: string, offset: number, signal?: AbortSignal) =>
  c.call(
    kind === 'candidates' ? '/v1/actions/candidates' : '/v1/actions/products',
    { action_id: Number(actionId), limit: ACTION_PRODUCTS_PAGE, ...(offset ? { last_id: offset } : {}) },
    ActionProductsResponse,
    { signal },
  );
