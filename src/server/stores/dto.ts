/** Store rows → the Store DTO (never carries secrets). */
import type { Store } from '../../shared/http/stores';
import type { StoresTable } from '../db/schema';

const DAY = 86_400_000;

export function keyWarning(expiresAt: string | null, warningDays: number, now = Date.now()): Store['keyWarning'] {
  if (!expiresAt) return null;
  const t = Date.parse(expiresAt);
  if (Number.isNaN(t)) return null;
  if (t <= now) return 'expired';
  return t - now <= warningDays * DAY ? 'expires_soon' : null;
}

export function toStoreDto(row: StoresTable, warningDays: number): Store {
  return {
    id: row.id,
    name: row.name,
    clientId: row.client_id,
    status: row.status as Store['status'],
    sellerName: row.seller_name,
    keyExpiresAt: row.key_expires_at,
    keyWarning: keyWarning(row.key_expires_at, warningDays),
    lastCheckedAt: row.last_checked_at,
    lastCheckError: row.last_check_error,
    hasPerformanceApi: row.has_performance === 1,
    createdAt: row.created_at,
    endpoint: row.endpoint_kind === 'sandbox' ? 'sandbox' : 'ozon',
  };
}
