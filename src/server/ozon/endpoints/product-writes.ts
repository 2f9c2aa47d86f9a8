/**
 * Product card writes used by the export kinds `attributes`, `archive` and
 * `unarchive` (field names from the official spec):
 * - /v1/product/attributes/update: ≤100 items {offer_id, attributes[]} → {task_id};
 *   the outcome per item comes from /v1/product/import/info (status
 *   pending | imported | failed | skipped, errors[]).
 * - /v1/product/archive, /v1/product/unarchive: ≤100 product_id (int64) →
 *   {result: boolean}. Unarchive restores ≤100 automatically archived
 *   products a day; over it Ozon answers `autoarchive_restore_failed`.
 * Both writes are NOT idempotent for the client (never retried blindly).
 */
import { z } from 'zod';
import type { OzonClient } from '../client';
import { zArr, zBool, zId, zStr } from './zod-helpers';

/** Ozon's documented maximum of items a call for all three methods. */
export const PRODUCT_WRITE_BATCH = 100;
/** Automatically archived products Ozon restores a day (reset 03:00 Moscow = 00:00 UTC). */
export const UNARCHIVE_AUTO_DAILY = 100;
/** Attribute ids of the buyer-facing text (the spec's /v4/product/info/attributes example: 4180 Название, 4191 Аннотация). */
export const ATTR_NAME = '4180';
export const ATTR_ANNOTATION = '4191';

export interface AttributeUpdateItem {
  offer_id: string;
  attributes: { id: number; complex_id: number; values: { value: string }[] }[];
}

export const AttributesUpdateResponse = z.object({ task_id: zId });
export const ImportInfoItem = z.object({
  offer_id: zStr,
  product_id: zId.optional().transform((v) => v ?? '0'),
  status: zStr,
  errors: zArr(z.object({ code: zStr, message: zStr, description: zStr, attribute_id: zId.optional(), attribute_name: zStr, field: zStr, level: zStr })),
});
export type ImportInfoItem = z.output<typeof ImportInfoItem>;
export const ImportInfoResponse = z.object({ result: z.object({ items: zArr(ImportInfoItem), total: z.union([z.number(), z.null()]).optional() }) });
export const BooleanResponse = z.object({ result: zBool });

export const updateAttributes = (c: OzonClient, items: AttributeUpdateItem[], signal?: AbortSignal) =>
  c.call('/v1/product/attributes/update', { items }, AttributesUpdateResponse, { idempotent: false, signal });

export const importInfo = (c: OzonClient, taskId: string, signal?: AbortSignal) =>
  c.call('/v1/product/import/info', { task_id: BigInt(taskId) }, ImportInfoResponse, { signal });

/** int64 product ids as bigint so they stay exact on the wire. */
export const setArchived = (c: OzonClient, archived: boolean, productIds: string[], signal?: AbortSignal) =>
  c.call(archived ? '/v1/product/archive' : '/v1/product/unarchive', { product_id: productIds.map((p) => BigInt(p)) }, BooleanResponse, { idempotent: false, signal });

/** Ozon's refusal when the daily restore limit of automatically archived products is used up. */
export const isAutoarchiveLimit = (message: string): boolean => /autoarchive_restore_failed/i.test(message);
