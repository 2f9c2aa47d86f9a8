/**
 * Ozon failures → the seller-facing codes (localized by the renderer).
 * Ozon answers a deactivated key with one message whether it expired or was
 * revoked; we tell them apart by the expiry /v1/roles gave us earlier: past
 * expiry → EXPIRED, before expiry → REVOKED, never seen → DEACTIVATED.
 */
import type { ErrorCode } from '../../shared/errors';
import type { StoreStatus } from '../../shared/domain/store';
import { AppError } from '../http/problem';
import { OzonApiError } from '../ozon/errors';
import { VaultUnavailableError } from './vault';

export interface KeyFailure {
  code: ErrorCode;
  status: StoreStatus | null;
  httpStatus: number;
}

export function classifyKeyFailure(e: unknown, knownExpiresAt: string | null, now = Date.now()): KeyFailure {
  if (e instanceof VaultUnavailableError) return { code: 'KEY_VAULT_UNAVAILABLE', status: null, httpStatus: 503 };
  if (!(e instanceof OzonApiError)) return { code: 'INTERNAL', status: null, httpStatus: 500 };
  if (e.kind === 'unauthenticated') return { code: 'OZON_KEY_INVALID', status: 'key_invalid', httpStatus: 422 };
  if (e.kind === 'permission') {
    if (!e.keyDeactivated) return { code: 'OZON_KEY_INVALID', status: 'key_invalid', httpStatus: 422 };
    if (!knownExpiresAt) return { code: 'OZON_KEY_DEACTIVATED', status: 'key_revoked', httpStatus: 422 };
    return Date.parse(knownExpiresAt) <= now ? { code: 'OZON_KEY_EXPIRED', status: 'key_expired', httpStatus: 422 } : { code: 'OZON_KEY_REVOKED', status: 'key_revoked', httpStatus: 422 };
  }
  if (e.kind === 'rate_limited') return { code: 'OZON_RATE_LIMITED', status: null, httpStatus: 503 };
  if (e.kind === 'rejected' || e.kind === 'bad_response') return { code: 'OZON_REQUEST_REJECTED', status: null, httpStatus: 502 };
  return { code: 'OZON_UNREACHABLE', status: 'unreachable', httpStatus: 502 };
}

/** The AppError for an API response: Ozon's own message is passed on only for rejected requests (it never contains our key). */
export function keyFailureError(f: KeyFailure, e: unknown): AppError {
  const detail = e instanceof OzonApiError && f.code === 'OZON_REQUEST_REJECTED' ? e.ozonMessage.slice(0, 300) : undefined;
  return new AppError(f.code, { ...(detail ? { detail } : {}), ...(f.code === 'OZON_RATE_LIMITED' ? { retryAfter: 60 } : {}) }, f.httpStatus);
}
