/**
 * Ten single-use recovery codes, format "abcd-efgh-jk" (~49 bits each, an
 * alphabet without look-alikes). Regenerating replaces the whole set.
 * Stored as SHA-256(row id ‖ code): they are a second factor behind argon2-
 * protected passwords, and each use is a security event.
 */
import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { newId, nowIso } from '../db/ids';
import { safeEqualHex, sha256 } from './tokens';

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
export const RECOVERY_CODE_COUNT = 10;

export function newRecoveryCode(): string {
  let s = '';
  for (let i = 0; i < 10; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function hashRecovery(id: string, code: string): string {
  return sha256(`${id}:${normalizeRecoveryCode(code)}`);
}

/** Replaces the account's codes; returns the plaintext set (shown once). */
export async function regenerateRecoveryCodes(db: Kysely<DB>, account: { id: string; workspace_id: string }): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('recovery_codes').where('account_id', '=', account.id).execute();
    await trx
      .insertInto('recovery_codes')
      .values(
        codes.map((code) => {
          const id = newId();
          return { id, workspace_id: account.workspace_id, account_id: account.id, code_hash: hashRecovery(id, code), used_at: null, created_at: now };
        }),
      )
      .execute();
  });
  return codes;
}

/** Consumes a matching unused code; false when none matches (or it was just used concurrently). */
export async function consumeRecoveryCode(db: Kysely<DB>, accountId: string, code: string): Promise<boolean> {
  if (normalizeRecoveryCode(code).length !== 10) return false;
  const rows = await db
    .selectFrom('recovery_codes')
    .select(['id', 'code_hash'])
    .where('account_id', '=', accountId)
    .where('used_at', 'is', null)
    .execute();
  // compare against every row (no early exit) to keep timing flat
  let match: string | null = null;
  for (const r of rows) if (safeEqualHex(r.code_hash, hashRecovery(r.id, code))) match = r.id;
  if (!match) return false;
  const res = await db
    .updateTable('recovery_codes')
    .set({ used_at: nowIso() })
    .where('id', '=', match)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function countRecoveryCodes(db: Kysely<DB>, accountId: string): Promise<number> {
  const row = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('account_id', '=', accountId)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function deleteRecoveryCodes(db: Kysely<DB>, accountId: string): Promise<void> {
  await db.deleteFrom('recovery_codes').where('account_id', '=', accountId).execute();
}
