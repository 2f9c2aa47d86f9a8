/** /v2/warehouse/list: FBS/rFBS warehouses, cursor pagination (≤200). /v1 was switched off on 7 April 2026. */
import { z } from 'zod';
import type { OzonClient } from '../client';
import { zArr, zBool, zId, zStr } from './zod-helpers';

export const OzonWarehouse = z.object({
  warehouse_id: zId,
  name: zStr,
  status: zStr,
  is_rfbs: zBool,
  is_kgt: zBool,
  is_express: zBool,
  warehouse_type: zStr,
  address_info: z
    .object({ address: zStr })
    .nullish()
    .transform((v) => v?.address ?? ''),
});
export type OzonWarehouse = z.output<typeof OzonWarehouse>;

export const WarehouseListResponse = z.object({ warehouses: zArr(OzonWarehouse), cursor: zStr, has_next: zBool });

export const listWarehouses = (c: OzonClient, cursor: string, signal?: AbortSignal) =>
  c.call('/v2/warehouse/list', { limit: 200, ...(cursor ? { cursor } : {}) }, WarehouseListResponse, { signal });
