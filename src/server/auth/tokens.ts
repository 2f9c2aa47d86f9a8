/**
 * Opaque secrets (access/refresh/device/link tokens). Only SHA-256 digests are
 * stored: they carry ≥256 bits of entropy, so a fast hash is enough and a
 * database leak yields nothing usable.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function randomToken(prefix = '', bytes = 32): string {
  return prefix + randomBytes(bytes).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

export function safeEqualHex(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'hex');
  const bb = Buffer.from(b, 'hex');
  return ab.length === bb.length && ab.length > 0 && timingSafeEqual(ab, bb);
}

export const TOKEN_PREFIX = { access: 'sda_', refresh: 'sdr_', device: 'sdd_', link: 'sdl_' } as const;
