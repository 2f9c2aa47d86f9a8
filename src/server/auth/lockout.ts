/**
 * Lockout after consecutive failed sign-ins. Counted per account when the
 * identifier resolves to one, otherwise per unknown identifier — with the
 * same schedule, so a lock response never reveals whether an account exists.
 *
 * Schedule: failures < threshold → no lock; threshold..permanentAt-1 → timed
 * lock of base·2^(failures−threshold) (5→15 min, 6→30, 7→60 …); ≥ permanentAt →
 * permanent until support unlocks or the owner resets the password.
 */
import { sql, type Kysely } from 'kysely';
import type { SecurityLimits } from '../config';
import type { DB } from '../db/schema';
import type { Identifier } from '../../shared/identity';

export interface LockState {
  failures: number;
  lockedUntil: string | null;
  permanent: boolean;
}

export type LockSchedule = Pick<SecurityLimits, 'lockThreshold' | 'lockBaseSeconds' | 'permanentLockAt'>;

/** Pure: what lock follows the given total of consecutive failures. */
export function lockAfterFailures(
  failures: number,
  limits: LockSchedule,
  nowMs = Date.now(),
): { lockedUntil: string | null; permanent: boolean } {
  if (failures >= limits.permanentLockAt) return { lockedUntil: null, permanent: true };
  if (failures < limits.lockThreshold) return { lockedUntil: null, permanent: false };
  const seconds = limits.lockBaseSeconds * 2 ** (failures - limits.lockThreshold);
  return { lockedUntil: new Date(nowMs + seconds * 1000).toISOString(), permanent: false };
}

/** Pure: is this state locking right now? */
export function isLocked(state: LockState | null, nowMs = Date.now()): boolean {
  if (!state) return false;
  if (state.permanent) return true;
  return !!state.lockedUntil && Date.parse(state.lockedUntil) > nowMs;
}

export function accountLockKey(accountId: string): string {
  return `acct:${accountId}`;
}

export function identifierLockKey(ident: Identifier): string {
  return `ident:${ident.kind}:${ident.value}`;
}

export async function getLockState(db: Kysely<DB>, key: string): Promise<LockState | null> {
  const row = await db.selectFrom('lockouts').selectAll().where('key', '=', key).executeTakeFirst();
  if (!row) return null;
  return { failures: row.failures, lockedUntil: row.locked_until, permanent: row.permanent === 1 };
}

/** Atomically counts one failure and applies the schedule; returns the new state. */
export async function registerFailure(
  db: Kysely<DB>,
  limits: LockSchedule,
  key: string,
  owner: { accountId: string | null; workspaceId: string | null },
): Promise<LockState> {
  const now = new Date().toISOString();
  await db
    .insertInto('lockouts')
    .values({
      key,
      workspace_id: owner.workspaceId,
      account_id: owner.accountId,
      failures: 1,
      locked_until: null,
      permanent: 0,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('key').doUpdateSet({ failures: sql`lockouts.failures + 1`, updated_at: now }))
    .execute();
  const row = await db.selectFrom('lockouts').select('failures').where('key', '=', key).executeTakeFirstOrThrow();
  const lock = lockAfterFailures(row.failures, limits);
  if (lock.lockedUntil || lock.permanent) {
    await db
      .updateTable('lockouts')
      .set({ locked_until: lock.lockedUntil, permanent: lock.permanent ? 1 : 0 })
      .where('key', '=', key)
      .execute();
  }
  return { failures: row.failures, ...lock };
}

export async function clearLock(db: Kysely<DB>, keys: string[]): Promise<boolean> {
  if (!keys.length) return false;
  const res = await db.deleteFrom('lockouts').where('key', 'in', keys).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}
