import { z } from 'zod';
import { Money, OzonId } from '../domain/common';
import { Return } from '../domain/orders';
import { text } from '../http/common';
import { listOf, SortDir, StoreIdIn, Window } from './list-common';

/** Returns page (issue 4): reads from the local cache only, so it works offline. */

/**
 * A cached return as the list shows it: the feed's row (domain `Return`:
 * `scheme` is Ozon's "Fbs"/"Fbo", `status` its visual status sys_name) and
 * the name of the cached product with its SKU, when there is one.
 */
export const ReturnRow = z.object({
  ...Return.pick({
    returnId: true,
    postingNumber: true,
    scheme: true,
    type: true,
    status: true,
    reason: true,
    sku: true,
    offerId: true,
    quantity: true,
    price: true,
    currency: true,
    returnedAt: true,
  }).shape,
  productName: z.string().nullable(),
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
