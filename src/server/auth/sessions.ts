/**
 * Sessions with opaque tokens. Access tokens live ≤15 min; refresh tokens
 * rotate on every use. A rotated refresh token presented again means it was
 * stolen (or the client is broken): the whole session is revoked and a
 * refresh_reuse_detected event is recorded. Only token hashes are stored.
 */
import type { Kysely, Selectable } from 'kysely';
import type { DeviceInfo, SessionInfo, Tokens } from '../../shared/http/auth';
import type { SecurityLimits } from '../config';
import type { DB, SessionsTable } from '../db/schema';
import { isoIn, newId, nowIso } from '../db/ids';
import type { ClientInfo } from '../http/client';
import { AppError } from '../http/problem';
import type { AccountRow } from '../accounts/accounts';
import { recordEvent } from './security-events';
import { randomToken, sha256, TOKEN_PREFIX } from './tokens';

export type SessionRow = Selectable<SessionsTable>;

/** last_seen_at is refreshed at most this often, so reads don't all become writes */
const LAST_SEEN_THROTTLE_MS = 60_000;

type TokenLimits = Pick<SecurityLimits, 'accessTtlSeconds' | 'refreshTtlDays'>;

async function issueTokens(db: Kysely<DB>, limits: TokenLimits, sessionId: string): Promise<Tokens> {
  const accessToken = randomToken(TOKEN_PREFIX.access);
  const refreshToken = randomToken(TOKEN_PREFIX.refresh);
  const now = nowIso();
  const accessExpiresAt = isoIn(limits.accessTtlSeconds);
  await db.insertInto('access_tokens').values({ token_hash: sha256(accessToken), session_id: sessionId, expires_at: accessExpiresAt, created_at: now }).execute();
  await db
    .insertInto('refresh_tokens')
    .values({ id: newId(), session_id: sessionId, token_hash: sha256(refreshToken), created_at: now, expires_at: isoIn(limits.refreshTtlDays * 86_400), used_at: null })
    .execute();
  return { accessToken, accessExpiresAt, refreshToken };
}

export async function createSession(
  db: Kysely<DB>,
  limits: TokenLimits,
  account: AccountRow,
  device: DeviceInfo,
  client: ClientInfo,
): Promise<{ sessionId: string; tokens: Tokens }> {
  const id = newId();
  const now = nowIso();
  await db
    .insertInto('sessions')
    .values({
      id,
      workspace_id: account.workspace_id,
      account_id: account.id,
      device_id: device.id,
      device_name: device.name,
      platform: device.platform,
      ip: client.ip,
      user_agent: client.userAgent,
      created_at: now,
      last_seen_at: now,
      revoked_at: null,
      revoked_reason: null,
    })
    .execute();
  return { sessionId: id, tokens: await issueTokens(db, limits, id) };
}

export async function refreshSession(db: Kysely<DB>, limits: TokenLimits, refreshToken: string, client: ClientInfo): Promise<Tokens> {
  const row = await db
    .selectFrom('refresh_tokens as r')
    .innerJoin('sessions as s', 's.id', 'r.session_id')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .select(['r.id as rid', 'r.used_at', 'r.expires_at', 's.id as sid', 's.revoked_at', 's.device_name', 'a.id as aid', 'a.workspace_id', 'a.status'])
    .where('r.token_hash', '=', sha256(refreshToken))
    .executeTakeFirst();
  if (!row) throw new AppError('REFRESH_TOKEN_INVALID');
  if (row.revoked_at) throw new AppError('REFRESH_TOKEN_INVALID');
  const reuse = async () => {
    await revokeSession(db, row.sid, 'refresh_reuse');
    await recordEvent(db, { account: { id: row.aid, workspace_id: row.workspace_id }, type: 'refresh_reuse_detected', client, deviceName: row.device_name });
    return new AppError('REFRESH_TOKEN_REUSED');
  };
  if (row.used_at) throw await reuse();
  if (row.expires_at <= nowIso() || row.status !== 'active') throw new AppError('REFRESH_TOKEN_INVALID');
  // conditional update: of two concurrent uses exactly one wins, the other is reuse
  const res = await db.updateTable('refresh_tokens').set({ used_at: nowIso() }).where('id', '=', row.rid).where('used_at', 'is', null).executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw await reuse();
  await db.updateTable('sessions').set({ last_seen_at: nowIso(), ip: client.ip }).where('id', '=', row.sid).execute();
  return issueTokens(db, limits, row.sid);
}

export interface Authenticated {
  account: AccountRow;
  session: SessionRow;
}

/** Resolves a bearer token to a live session of an active account, or null. */
export async function authenticateAccessToken(db: Kysely<DB>, token: string): Promise<Authenticated | null> {
  const hit = await db
    .selectFrom('access_tokens')
    .select(['session_id', 'expires_at'])
    .where('token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!hit || hit.expires_at <= nowIso()) return null;
  const session = await db.selectFrom('sessions').selectAll().where('id', '=', hit.session_id).executeTakeFirst();
  if (!session || session.revoked_at) return null;
  const account = await db.selectFrom('accounts').selectAll().where('id', '=', session.account_id).executeTakeFirst();
  if (!account || account.status !== 'active') return null;
  if (Date.now() - Date.parse(session.last_seen_at) > LAST_SEEN_THROTTLE_MS) {
    const now = nowIso();
    await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', session.id).execute();
    session.last_seen_at = now;
  }
  return { account, session };
}

export async function revokeSession(db: Kysely<DB>, sessionId: string, reason: string): Promise<boolean> {
  const res = await db
    .updateTable('sessions')
    .set({ revoked_at: nowIso(), revoked_reason: reason })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  // tokens of a revoked session are dead anyway; deleting them keeps the tables small
  await db.deleteFrom('access_tokens').where('session_id', '=', sessionId).execute();
  return Number(res.numUpdatedRows) > 0;
}

export async function revokeAllSessions(db: Kysely<DB>, accountId: string, reason: string, exceptSessionId?: string): Promise<number> {
  let q = db.selectFrom('sessions').select('id').where('account_id', '=', accountId).where('revoked_at', 'is', null);
  if (exceptSessionId) q = q.where('id', '!=', exceptSessionId);
  const ids = (await q.execute()).map((r) => r.id);
  for (const id of ids) await revokeSession(db, id, reason);
  return ids.length;
}

export async function listSessions(db: Kysely<DB>, accountId: string, currentSessionId: string): Promise<SessionInfo[]> {
  const rows = await db
    .selectFrom('sessions')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .orderBy('last_seen_at', 'desc')
    .execute();
  return rows.map((s) => ({
    id: s.id,
    deviceName: s.device_name,
    platform: s.platform,
    ip: s.ip,
    createdAt: s.created_at,
    lastSeenAt: s.last_seen_at,
    current: s.id === currentSessionId,
  }));
}

/** Housekeeping: expired access tokens and long-dead refresh tokens. */
export async function purgeExpiredTokens(db: Kysely<DB>): Promise<void> {
  const now = nowIso();
  await db.deleteFrom('access_tokens').where('expires_at', '<', now).execute();
  await db.deleteFrom('refresh_tokens').where('expires_at', '<', now).execute();
}
