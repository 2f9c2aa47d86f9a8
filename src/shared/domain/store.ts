/** A linked Ozon store and its FBS/rFBS warehouses. */
import { z } from 'zod';
import { OzonId, SyncMeta, Timestamp } from './common';

export const STORE_STATUSES = ['active', 'key_invalid', 'key_expired', 'key_revoked', 'unreachable'] as const;
export const StoreStatus = z.enum(STORE_STATUSES);
export type StoreStatus = z.infer<typeof StoreStatus>;

/** `expires_soon`: the key expires within the warning window; `expired`: Ozon's expiry date has passed. */
export const KeyWarning = z.enum(['expires_soon', 'expired']).nullable();
export type KeyWarning = z.infer<typeof KeyWarning>;

export const Store = z.strictObject({
  id: z.string(),
  name: z.string(),
  /** Ozon Client-Id (not a secret; the Api-Key never leaves the server's vault) */
  clientId: z.string(),
  status: StoreStatus,
  sellerName: z.string().nullable(),
  keyExpiresAt: Timestamp.nullable(),
  keyWarning: KeyWarning,
  lastCheckedAt: Timestamp.nullable(),
  /** localized-code of the last failed check (OZON_KEY_EXPIRED …), null when fine */
  lastCheckError: z.string().nullable(),
  hasPerformanceApi: z.boolean(),
  createdAt: Timestamp,
});
export type Store = z.infer<typeof Store>;

export const Warehouse = z.strictObject({
  ...SyncMeta,
  warehouseId: OzonId,
  name: z.string(),
  /** Ozon `status`: new, created, disabled, blocked, … */
  status: z.string(),
  isRfbs: z.boolean(),
  isKgt: z.boolean(),
  isExpress: z.boolean(),
  warehouseType: z.string(),
  address: z.string(),
});
export type Warehouse = z.infer<typeof Warehouse>;

/** Whether a warehouse of this Ozon `status` takes stock: all but the archived (`disabled`) ones. */
export const warehouseTakesStock = (status: string): boolean => status !== 'disabled';
