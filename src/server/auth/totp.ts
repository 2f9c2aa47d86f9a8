/**
 * TOTP (RFC 6238): SHA1, 6 digits, 30 s, ±1 step. A code is accepted only
 * once: the caller stores the matched step and later codes must be newer.
 */
import { Secret, TOTP } from 'otpauth';

export const TOTP_PERIOD = 30;
export const TOTP_DIGITS = 6;
export const TOTP_ISSUER = 'Sellerdesk';

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpUri(secretBase32: string, label: string): string {
  return new TOTP({
    issuer: TOTP_ISSUER,
    label,
    algorithm: 'SHA1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD,
    secret: Secret.fromBase32(secretBase32),
  }).toString();
}

export type TotpCheck = { ok: true; step: number } | { ok: false; reason: 'invalid' | 'replayed' };

/** Pure apart from the clock argument. */
export function checkTotp(secretBase32: string, code: string, lastStep: number | null, nowMs = Date.now()): TotpCheck {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return { ok: false, reason: 'invalid' };
  const delta = TOTP.validate({
    token,
    secret: Secret.fromBase32(secretBase32),
    algorithm: 'SHA1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD,
    timestamp: nowMs,
    window: 1,
  });
  if (delta === null) return { ok: false, reason: 'invalid' };
  const step = Math.floor(nowMs / 1000 / TOTP_PERIOD) + delta;
  if (lastStep !== null && step <= lastStep) return { ok: false, reason: 'replayed' };
  return { ok: true, step };
}

/** The code for a given time; used by tests and diagnostics, never sent anywhere. */
export function totpAt(secretBase32: string, nowMs = Date.now()): string {
  return TOTP.generate({ secret: Secret.fromBase32(secretBase32), algorithm: 'SHA1', digits: TOTP_DIGITS, period: TOTP_PERIOD, timestamp: nowMs });
}
