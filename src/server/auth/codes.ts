/**
 * One-time codes sent by email/SMS (sign-in challenges, password reset,
 * 2FA enrolment, invitations). Stored as SHA-256(row id ‖ code); they are short
 * lived and attempt-capped, which is what makes a 6-digit space safe.
 */
import { randomInt } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { newId, nowIso, isoIn } from '../db/ids';
import { safeEqualHex, sha256 } from './tokens';

export type CodePurpose = 'challenge' | 'password_reset' | 'two_factor_enroll' | 'invitation';
export type CodeChannel = 'email' | 'sms';

const INVITE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function numericCode(digits = 6): string {
  let s = '';
  for (let i = 0; i < digits; i++) s += String(randomInt(10));
  return s;
}

/** 8 characters, shown as XXXX-XXXX: invitations live for days, so more entropy. */
export function inviteCode(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += INVITE_ALPHABET[randomInt(INVITE_ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

/** Users paste codes with spaces/dashes and in any case. */
export function normalizeCode(code: string): string {
  return code.replace(/[\s-]+/g, '').toUpperCase();
}

export function hashCode(rowId: string, code: string): string {
  return sha256(`${rowId}:${normalizeCode(code)}`);
}

export interface IssueCodeInput {
  purpose: CodePurpose;
  refId: string;
  channel: CodeChannel;
  destination: string;
  ttlSeconds: number;
  accountId: string | null;
  workspaceId: string | null;
  code?: string;
}

/** Issues a new code; earlier unused codes for the same purpose/ref stop working (only the latest counts). */
export async function issueCode(db: Kysely<DB>, input: IssueCodeInput): Promise<{ id: string; code: string; expiresAt: string }> {
  const id = newId();
  const code = input.code ?? numericCode();
  const now = nowIso();
  const expiresAt = isoIn(input.ttlSeconds);
  await db
    .updateTable('one_time_codes')
    .set({ used_at: now })
    .where('purpose', '=', input.purpose)
    .where('ref_id', '=', input.refId)
    .where('used_at', 'is', null)
    .execute();
  await db
    .insertInto('one_time_codes')
    .values({
      id,
      workspace_id: input.workspaceId,
      account_id: input.accountId,
      purpose: input.purpose,
      ref_id: input.refId,
      channel: input.channel,
      destination: input.destination,
      code_hash: hashCode(id, code),
      attempts: 0,
      expires_at: expiresAt,
      used_at: null,
      created_at: now,
    })
    .execute();
  return { id, code, expiresAt };
}

export interface VerifyCodeInput {
  purpose: CodePurpose;
  refId: string;
  code: string;
  channel?: CodeChannel;
  /** null: the caller caps attempts elsewhere (login challenges count per challenge) */
  maxAttempts: number | null;
}

/**
 * Checks the latest live code. Every wrong guess is counted before comparing;
 * at the cap the code dies. Success consumes it with a conditional update so
 * two concurrent requests cannot both use one code.
 */
export async function verifyCode(db: Kysely<DB>, input: VerifyCodeInput): Promise<boolean> {
  const now = nowIso();
  let q = db
    .selectFrom('one_time_codes')
    .selectAll()
    .where('purpose', '=', input.purpose)
    .where('ref_id', '=', input.refId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now);
  if (input.channel) q = q.where('channel', '=', input.channel);
  const row = await q.orderBy('id', 'desc').executeTakeFirst();
  if (!row) return false;
  if (input.maxAttempts !== null && row.attempts >= input.maxAttempts) return false;
  if (!safeEqualHex(row.code_hash, hashCode(row.id, input.code))) {
    const burn = input.maxAttempts !== null && row.attempts + 1 >= input.maxAttempts;
    await db
      .updateTable('one_time_codes')
      .set({ attempts: sql`attempts + 1`, ...(burn ? { used_at: now } : {}) })
      .where('id', '=', row.id)
      .execute();
    return false;
  }
  const res = await db
    .updateTable('one_time_codes')
    .set({ used_at: now })
    .where('id', '=', row.id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Most recent send for a purpose/ref (for cooldowns outside login challenges). */
export async function lastCodeSentAt(db: Kysely<DB>, purpose: CodePurpose, refId: string): Promise<string | null> {
  const row = await db
    .selectFrom('one_time_codes')
    .select('created_at')
    .where('purpose', '=', purpose)
    .where('ref_id', '=', refId)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row?.created_at ?? null;
}
