import { z } from 'zod';
import { Money, OzonId } from '../domain/common';
import { text } from '../http/common';
import { listOf, SortDir, StoreIdIn, Window } from './list-common';

/** Returns page (issue 4): reads from the local cache only, so it works offline. */

export const ReturnRow = z.object({
  returnId: OzonId,
  postingNumber: z.string(),
  /** Ozon `schema`: "Fbs" / "Fbo" (as Ozon spells it) */
  scheme: z.string(),
  /** Ozon `type`: ClientReturn, Cancellation, … */
  type: z.string(),
  /** Ozon visual status sys_name: MovingToSeller, ReturnedToSeller, … */
  status: z.string(),
  reason: z.string(),
  sku: OzonId.nullable(),
  offerId: z.string().nullable(),
  /** from the cached product with this SKU, when there is one */
  productName: z.string().nullable(),
  quantity: z.number().int(),
  price: Money.nullable(),
  currency: z.string().nullable(),
  returnedAt: z.string().nullable(),
});
export type ReturnRow = z.infer<typeof ReturnRow>;

export const RETURN_SORT_FIELDS = ['returnedAt', 'status', 'postingNumber'] as const;

export const ReturnQuery = z.strictObject({
  storeId: StoreIdIn,
  /** posting number, SKU or offer id (prefix match) */
  search: text(200).optional(),
  status: text(64).optional(),
  scheme: text(16).optional(),
  dateFrom: text(40).optional(),
  dateTo: text(40).optional(),
  sort: z.strictObject({ field: z.enum(RETURN_SORT_FIELDS), dir: SortDir }).optional(),
  ...Window,
});

export const ReturnDetail = z.object({
  ret: ReturnRow,
  /** the posting it came from, when it is in the cache */
  posting: z
    .object({ status: z.string(), inProcessAt: z.string().nullable(), total: Money, currency: z.string(), itemsCount: z.number().int() })
    .nullable(),
});
export type ReturnDetail = z.infer<typeof ReturnDetail>;

export const returnsIpc = {
  'returns:query': { input: ReturnQuery, output: listOf(ReturnRow) },
  'returns:facets': {
    input: z.strictObject({ storeId: StoreIdIn }),
    output: z.object({ statuses: z.array(z.string()), schemes: z.array(z.string()) }),
  },
  'returns:get': { input: z.strictObject({ storeId: StoreIdIn, returnId: OzonId }), output: ReturnDetail },
} as const;
