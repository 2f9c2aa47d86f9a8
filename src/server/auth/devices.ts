/**
 * Remembered devices. A device is trusted when the client presents the token
 * we issued for exactly this account and device id, it was not revoked, and
 * it has been used within trustedDeviceDays. Only the token's hash is stored.
 */
import type { Kysely } from 'kysely';
import type { DeviceInfo } from '../../shared/http/auth';
import type { DB } from '../db/schema';
import { newId, nowIso } from '../db/ids';
import { randomToken, sha256, TOKEN_PREFIX } from './tokens';

export async function isTrustedDevice(
  db: Kysely<DB>,
  accountId: string,
  device: DeviceInfo,
  trustedDeviceDays: number,
): Promise<boolean> {
  if (!device.token) return false;
  const row = await db
    .selectFrom('trusted_devices')
    .select(['id', 'last_used_at'])
    .where('token_hash', '=', sha256(device.token))
    .where('account_id', '=', accountId)
    .where('device_id', '=', device.id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return false;
  if (Date.parse(row.last_used_at) + trustedDeviceDays * 86_400_000 < Date.now()) return false;
  await db.updateTable('trusted_devices').set({ last_used_at: nowIso() }).where('id', '=', row.id).execute();
  return true;
}

/** Remembers the device and returns the token the client keeps in its keychain. */
export async function trustDevice(
  db: Kysely<DB>,
  account: { id: string; workspace_id: string },
  device: DeviceInfo,
): Promise<string> {
  const token = randomToken(TOKEN_PREFIX.device);
  const now = nowIso();
  await db
    .insertInto('trusted_devices')
    .values({
      id: newId(),
      workspace_id: account.workspace_id,
      account_id: account.id,
      device_id: device.id,
      token_hash: sha256(token),
      name: device.name,
      platform: device.platform,
      created_at: now,
      last_used_at: now,
      revoked_at: null,
    })
    .execute();
  return token;
}
