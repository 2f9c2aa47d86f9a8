/**
 * Password hashing (argon2id, OWASP parameters) and the password policy.
 * Policy: 10..256 characters (Unicode code points) and not in the common list
 * (case-insensitive, NFKC-normalised).
 */
import fs from 'node:fs';
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import type { ErrorCode } from '../../shared/errors';
import { findResource } from './resources';
import { randomToken } from './tokens';

/** OWASP 2023: argon2id, m=19 MiB, t=2, p=1. Never lower these for production. */
// Algorithm is an ambient const enum (unusable with isolatedModules): 2 = Argon2id
export const ARGON2_PARAMS = { algorithm: 2 as Algorithm, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_PARAMS);
}

/** Never throws: a malformed stored hash simply fails verification. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

let dummyHashPromise: Promise<string> | null = null;
/**
 * A real hash of a random secret with the production parameters. Unknown
 * accounts are verified against it so they cost the same time as real ones.
 */
export function dummyHash(): Promise<string> {
  dummyHashPromise ??= hashPassword(randomToken());
  return dummyHashPromise;
}

function normalizeForList(password: string): string {
  return password.normalize('NFKC').toLowerCase();
}

export function loadCommonPasswords(file = findResource('common-passwords.txt')): Set<string> {
  const set = new Set<string>();
  for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
    const v = line.trim();
    if (v && !v.startsWith('#')) set.add(normalizeForList(v));
  }
  if (set.size < 1000) throw new Error(`common password list at ${file} looks truncated (${set.size} entries)`);
  return set;
}

let commonCache: Set<string> | null = null;
export function commonPasswords(): Set<string> {
  commonCache ??= loadCommonPasswords();
  return commonCache;
}

/** Returns the first policy violation or null. */
export function passwordPolicyError(password: string, common: Set<string> = commonPasswords()): ErrorCode | null {
  const length = Array.from(password).length;
  if (length < PASSWORD_MIN) return 'PASSWORD_TOO_SHORT';
  if (length > PASSWORD_MAX) return 'PASSWORD_TOO_LONG';
  if (common.has(normalizeForList(password)) || common.has(normalizeForList(password.trim()))) return 'PASSWORD_TOO_COMMON';
  return null;
}
