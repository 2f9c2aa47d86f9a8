/**
 * Values of the product-side export kinds (what a job item asks Ozon to
 * hold). Money is a decimal string; ids are digit strings.
 */
import { z } from 'zod';
import { OzonId, STOCK_MAX } from '../domain/common';

/** a non-negative decimal as text (money, action prices) */
export const Decimal = z.string().regex(/^\d{1,15}(\.\d{1,6})?$/);

export const PriceValues = z
  .strictObject({ price: Decimal.optional(), oldPrice: Decimal.optional(), minPrice: Decimal.optional() })
  .refine((v) => v.price !== undefined || v.oldPrice !== undefined || v.minPrice !== undefined, { message: 'no price field' });
export const StockValues = z.strictObject({ present: z.number().int().min(0).max(STOCK_MAX) });
/** Buyer-facing text Ozon keeps as attributes (name 4180 is the product's own field; description is attribute 4191). */
export const AttributeValues = z
  .strictObject({ name: z.string().min(1).max(500).optional(), description: z.string().max(6000).optional() })
  .refine((v) => v.name !== undefined || v.description !== undefined, { message: 'no attribute' });
export const NoValues = z.strictObject({});

export const ProductKey = OzonId;
/** "productId:warehouseId" */
export const StockKey = z.string().regex(/^\d{1,25}:\d{1,25}$/);
