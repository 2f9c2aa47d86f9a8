/**
 * Product reads: /v3/product/list (last_id keyset, ≤1000; visibility ALL
 * excludes archived products, so archived ones are listed separately),
 * /v3/product/info/list (≤1000 ids), /v4/product/info/attributes (last_id,
 * ≤1000), /v1/product/info/description (one product per call).
 */
import { z } from 'zod';
import type { OzonClient } from '../client';
import { zArr, zBool, zId, zIdOpt, zMoney, zNumOpt, zStr, zStrOpt, zTs } from './zod-helpers';

export const ProductListResponse = z.object({
  result: z.object({
    items: zArr(z.object({ product_id: zId, offer_id: zStr, archived: zBool })),
    last_id: zStr,
    total: zNumOpt,
  }),
});

export const OzonProductInfo = z.object({
  id: zId,
  offer_id: zStr,
  sku: zIdOpt,
  name: zStr,
  description_category_id: zId.optional().transform((v) => v ?? '0'),
  type_id: zId.optional().transform((v) => v ?? '0'),
  barcodes: zArr(z.string()),
  images: zArr(z.string()),
  primary_image: zArr(z.string()),
  currency_code: zStr,
  price: zMoney,
  old_price: zMoney,
  min_price: zMoney,
  vat: z.union([z.string(), z.number()]).optional().transform((v) => (v === undefined ? '0' : String(v))),
  is_archived: zBool,
  is_autoarchived: zBool,
  created_at: zTs,
  updated_at: zTs,
  statuses: z
    .object({ status: zStr, status_name: zStr, moderate_status: zStr, validation_status: zStr, is_created: zBool, status_updated_at: zStrOpt })
    .nullish()
    .transform((v) => v ?? { status: '', status_name: '', moderate_status: '', validation_status: '', is_created: false, status_updated_at: null }),
  visibility_details: z
    .object({ has_price: zBool, has_stock: zBool })
    .nullish()
    .transform((v) => v ?? { has_price: false, has_stock: false }),
});
export type OzonProductInfo = z.output<typeof OzonProductInfo>;
export const ProductInfoListResponse = z.object({ items: zArr(OzonProductInfo) });

export const OzonProductAttributes = z.object({
  id: zId,
  offer_id: zStr,
  /** the product's name (attribute 4180 in the attributes list too): the attributes export reads it back */
  name: zStr,
  attributes: zArr(
    z.object({
      id: zId,
      complex_id: zId.optional().transform((v) => v ?? '0'),
      values: zArr(z.object({ dictionary_value_id: zId.optional().transform((v) => v ?? '0'), value: zStr })),
    }),
  ),
  depth: zNumOpt,
  width: zNumOpt,
  height: zNumOpt,
  dimension_unit: zStrOpt,
  weight: zNumOpt,
  weight_unit: zStrOpt,
});
export type OzonProductAttributes = z.output<typeof OzonProductAttributes>;
export const ProductAttributesResponse = z.object({ result: zArr(OzonProductAttributes), last_id: zStr, total: zNumOpt });

export const DescriptionResponse = z.object({ result: z.object({ id: zId, description: zStr }) });

export type Visibility = 'ALL' | 'ARCHIVED';

export const listProducts = (c: OzonClient, visibility: Visibility, lastId: string, limit: number, signal?: AbortSignal) =>
  c.call('/v3/product/list', { filter: { visibility }, limit, ...(lastId ? { last_id: lastId } : {}) }, ProductListResponse, { signal });

/** int64 arrays are strings in the spec's request schemas */
export const getProductInfo = (c: OzonClient, productIds: string[], signal?: AbortSignal) =>
  c.call('/v3/product/info/list', { product_id: productIds }, ProductInfoListResponse, { signal });

export const getProductAttributes = (c: OzonClient, productIds: string[], lastId: string, signal?: AbortSignal) =>
  c.call(
    '/v4/product/info/attributes',
    { filter: { product_id: productIds, visibility: 'ALL' }, limit: Math.max(1, Math.min(1000, productIds.length)), ...(lastId ? { last_id: lastId } : {}) },
    ProductAttributesResponse,
    { signal },
  );

export const getProductDescription = (c: OzonClient, productId: string, signal?: AbortSignal) =>
  c.call('/v1/product/info/description', { product_id: Number(productId) }, DescriptionResponse, { signal });
