/**
 * Products, stock per warehouse, and Ozon's description-category tree with
 * attributes. Field meanings follow Ozon's /v3/product/info/list,
 * /v4/product/info/attributes and /v1/description-category/* responses.
 */
import { z } from 'zod';
import { Currency, Money, OzonId, SyncMeta, Timestamp } from './common';

/** One attribute value as Ozon gives it: dictionary_value_id 0 for free text. */
export const AttributeValue = z.strictObject({ dictionaryValueId: OzonId, value: z.string() });
export const ProductAttribute = z.strictObject({
  id: OzonId,
  complexId: OzonId,
  values: z.array(AttributeValue),
});
export type ProductAttribute = z.infer<typeof ProductAttribute>;

export const ProductStatuses = z.strictObject({
  status: z.string(),
  statusName: z.string(),
  moderateStatus: z.string(),
  validationStatus: z.string(),
  isCreated: z.boolean(),
  statusUpdatedAt: Timestamp.nullable(),
});

export const Product = z.strictObject({
  ...SyncMeta,
  productId: OzonId,
  offerId: z.string(),
  /** Ozon SKU; null until Ozon assigns one */
  sku: OzonId.nullable(),
  name: z.string(),
  /** null until fetched from /v1/product/info/description */
  description: z.string().nullable(),
  descriptionCategoryId: OzonId,
  typeId: OzonId,
  attributes: z.array(ProductAttribute),
  images: z.array(z.string()),
  primaryImage: z.string().nullable(),
  barcodes: z.array(z.string()),
  depth: z.number().nullable(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  dimensionUnit: z.string().nullable(),
  weight: z.number().nullable(),
  weightUnit: z.string().nullable(),
  /** Ozon `vat`: "0", "0.1", "0.2" … as a decimal string */
  vat: z.string(),
  price: Money.nullable(),
  oldPrice: Money.nullable(),
  minPrice: Money.nullable(),
  /** Ozon `marketing_seller_price` (price after seller promotions), from /v5/product/info/prices */
  marketingPrice: Money.nullable(),
  currency: Currency,
  statuses: ProductStatuses,
  /** Ozon `visibility_details` */
  visible: z.boolean(),
  hasPrice: z.boolean(),
  hasStock: z.boolean(),
  archived: z.boolean(),
  autoArchived: z.boolean(),
  ozonCreatedAt: Timestamp.nullable(),
  ozonUpdatedAt: Timestamp.nullable(),
});
export type Product = z.infer<typeof Product>;

/** FBS/rFBS stock of one product at one seller warehouse. */
export const StockLevel = z.strictObject({
  ...SyncMeta,
  productId: OzonId,
  warehouseId: OzonId,
  offerId: z.string(),
  sku: OzonId.nullable(),
  present: z.number().int(),
  reserved: z.number().int(),
});
export type StockLevel = z.infer<typeof StockLevel>;

/**
 * A pair Ozon reports no stock row for (never stocked there) as the row it would be: nothing present or
 * reserved. A first stock edit of the pair is decided against it, on the desktop and on the server.
 */
export function unstockedLevel(productId: string, warehouseId: string, offerId: string, sku: string | null): Omit<StockLevel, 'storeId' | 'version' | 'updatedAt' | 'deleted'> {
  return { productId, warehouseId, offerId, sku, present: 0, reserved: 0 };
}

/** One node of the description-category tree: a category (typeId "0") or a product type under it. */
export const Category = z.strictObject({
  ...SyncMeta,
  descriptionCategoryId: OzonId,
  typeId: OzonId,
  parentCategoryId: OzonId.nullable(),
  name: z.string(),
  disabled: z.boolean(),
});
export type Category = z.infer<typeof Category>;

export const CategoryAttribute = z.strictObject({
  id: OzonId,
  name: z.string(),
  description: z.string(),
  type: z.string(),
  isCollection: z.boolean(),
  isRequired: z.boolean(),
  isAspect: z.boolean(),
  dictionaryId: OzonId,
  groupId: OzonId,
  groupName: z.string(),
  categoryDependent: z.boolean(),
  maxValueCount: z.number().int(),
});
export type CategoryAttribute = z.infer<typeof CategoryAttribute>;

/** The attribute set of one (description category, type) pair. */
export const CategoryAttributes = z.strictObject({
  ...SyncMeta,
  descriptionCategoryId: OzonId,
  typeId: OzonId,
  attributes: z.array(CategoryAttribute),
});
export type CategoryAttributes = z.infer<typeof CategoryAttributes>;
