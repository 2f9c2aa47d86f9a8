/**
 * Login challenges: the steps between a correct password and a session.
 * new_device proves control of the email/phone before an unknown device gets
 * a session (email: code or one-click link; SMS: code). two_factor is the
 * second factor (TOTP, SMS/email code, or a recovery code).
 *
 * Invariants: a challenge is bound to one account and one device id; it is
 * completed at most once (conditional status update); wrong answers are
 * counted per challenge and exhausting them fails it and counts one sign-in
 * failure toward the account lockout.
 */
import { sql, type Selectable } from 'kysely';
import type { Challenge, ChallengeMethod, DeviceInfo, SendableMethod } from '../../shared/http/auth';
import type { Locale } from '../../shared/http/common';
import { maskEmail, maskPhone } from '../../shared/identity';
import type { AppContext } from '../context';
import type { LoginChallengesTable } from '../db/schema';
import { isoIn, newId, nowIso } from '../db/ids';
import type { ClientInfo } from '../http/client';
import { AppError } from '../http/problem';
import type { AccountRow } from '../accounts/accounts';
import { issueCode } from './codes';
import { randomToken, sha256, TOKEN_PREFIX } from './tokens';

export type ChallengeRow = Selectable<LoginChallengesTable>;
export type ChallengeKind = 'new_device' | 'two_factor';

export function challengeMethods(kind: ChallengeKind, account: AccountRow): ChallengeMethod[] {
  if (kind === 'new_device') {
    const m: ChallengeMethod[] = [];
    if (account.email) m.push('email');
    if (account.phone) m.push('sms');
    return m;
  }
  const method = account.two_factor_method as ChallengeMethod | null;
  return method ? [method, 'recovery'] : [];
}

export function challengeExpired(ch: ChallengeRow): boolean {
  return ch.status === 'completed' || ch.status === 'failed' || ch.expires_at <= nowIso();
}

export function toChallengeDto(ctx: AppContext, ch: ChallengeRow, account: AccountRow): Challenge {
  const methods = challengeMethods(ch.kind as ChallengeKind, account);
  const destinations: Challenge['destinations'] = {};
  if (methods.includes('email') && account.email) destinations.email = maskEmail(account.email);
  if (methods.includes('sms') && account.phone) destinations.phone = maskPhone(account.phone);
  const dto: Challenge = {
    id: ch.id,
    kind: ch.kind as ChallengeKind,
    methods,
    destinations,
    sendsRemaining: Math.max(0, ctx.limits.maxSendsPerChallenge - ch.sends_count),
    expiresAt: ch.expires_at,
  };
  if (ch.sent_via) dto.sentVia = ch.sent_via as SendableMethod;
  if (ch.last_sent_at) dto.resendAvailableAt = new Date(Date.parse(ch.last_sent_at) + ctx.limits.resendCooldownSeconds * 1000).toISOString();
  return dto;
}

export async function loadChallenge(ctx: AppContext, id: string): Promise<ChallengeRow | undefined> {
  return ctx.db.selectFrom('login_challenges').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function createChallenge(
  ctx: AppContext,
  input: { kind: ChallengeKind; account: AccountRow; device: DeviceInfo; client: ClientInfo; deviceVerified: boolean },
): Promise<ChallengeRow> {
  const { account, device, client } = input;
  // one live challenge per account+device: a new sign-in supersedes older ones
  await ctx.db
    .updateTable('login_challenges')
    .set({ status: 'failed' })
    .where('account_id', '=', account.id)
    .where('device_id', '=', device.id)
    .where('status', 'in', ['pending', 'approved'])
    .execute();
  const row: ChallengeRow = {
    id: newId(),
    workspace_id: account.workspace_id,
    account_id: account.id,
    kind: input.kind,
    status: 'pending',
    device_id: device.id,
    device_name: device.name,
    platform: device.platform,
    ip: client.ip,
    user_agent: client.userAgent,
    locale: client.locale,
    attempts: 0,
    sends_count: 0,
    sent_via: null,
    last_sent_at: null,
    link_token_hash: null,
    approved_at: null,
    device_verified: input.deviceVerified ? 1 : 0,
    created_at: nowIso(),
    expires_at: isoIn(ctx.limits.challengeTtlSeconds),
  };
  await ctx.db.insertInto('login_challenges').values(row).execute();
  return row;
}

/** The channel a fresh challenge sends through without being asked, if any. */
export function autoSendMethod(kind: ChallengeKind, account: AccountRow): SendableMethod | null {
  if (kind === 'new_device') return account.email ? 'email' : account.phone ? 'sms' : null;
  const m = account.two_factor_method;
  return m === 'sms' || m === 'email' ? m : null;
}

/**
 * Sends (or re-sends) the challenge code. Cooldown and cap are enforced by a
 * conditional update so concurrent sends cannot exceed them.
 */
export async function sendChallengeCode(ctx: AppContext, ch: ChallengeRow, account: AccountRow, method: SendableMethod): Promise<ChallengeRow> {
  const methods = challengeMethods(ch.kind as ChallengeKind, account);
  const to = method === 'email' ? account.email : account.phone;
  if (!methods.includes(method) || !to) throw new AppError('METHOD_NOT_AVAILABLE');
  const now = Date.now();
  const cooldownCutoff = new Date(now - ctx.limits.resendCooldownSeconds * 1000).toISOString();
  const res = await ctx.db
    .updateTable('login_challenges')
    .set({ sends_count: sql`sends_count + 1`, last_sent_at: new Date(now).toISOString(), sent_via: method })
    .where('id', '=', ch.id)
    .where('sends_count', '<', ctx.limits.maxSendsPerChallenge)
    .where((eb) => eb.or([eb('last_sent_at', 'is', null), eb('last_sent_at', '<=', cooldownCutoff)]))
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) {
    const fresh = (await loadChallenge(ctx, ch.id))!;
    if (fresh.sends_count >= ctx.limits.maxSendsPerChallenge) throw new AppError('CODE_SEND_LIMIT');
    const wait = fresh.last_sent_at ? Date.parse(fresh.last_sent_at) + ctx.limits.resendCooldownSeconds * 1000 - now : 1000;
    throw new AppError('CODE_RESEND_COOLDOWN', { retryAfter: Math.max(1, Math.ceil(wait / 1000)) });
  }
  const ttl = Math.min(ctx.limits.codeTtlSeconds, Math.max(1, (Date.parse(ch.expires_at) - now) / 1000));
  const { code } = await issueCode(ctx.db, {
    purpose: 'challenge',
    refId: ch.id,
    channel: method,
    destination: to,
    ttlSeconds: ttl,
    accountId: account.id,
    workspaceId: account.workspace_id,
  });
  let link: string | undefined;
  if (ch.kind === 'new_device' && method === 'email') {
    const linkToken = randomToken(TOKEN_PREFIX.link);
    await ctx.db.updateTable('login_challenges').set({ link_token_hash: sha256(linkToken) }).where('id', '=', ch.id).execute();
    link = `${ctx.publicUrl()}/verify-device?token=${encodeURIComponent(linkToken)}`;
  }
  await ctx.notifier.sendCode({
    channel: method,
    to,
    locale: ch.locale as Locale,
    purpose: ch.kind === 'new_device' ? 'new_device' : 'two_factor',
    code,
    ttlSeconds: ttl,
    link,
    deviceName: ch.kind === 'new_device' ? ch.device_name : undefined,
  });
  return (await loadChallenge(ctx, ch.id))!;
}

/** Moves pending/approved → completed exactly once. */
export async function completeChallenge(ctx: AppContext, id: string): Promise<boolean> {
  const res = await ctx.db
    .updateTable('login_challenges')
    .set({ status: 'completed' })
    .where('id', '=', id)
    .where('status', 'in', ['pending', 'approved'])
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Counts a wrong answer; returns true when this exhausted the challenge. */
export async function countWrongAnswer(ctx: AppContext, ch: ChallengeRow): Promise<boolean> {
  await ctx.db.updateTable('login_challenges').set({ attempts: sql`attempts + 1` }).where('id', '=', ch.id).execute();
  const fresh = await loadChallenge(ctx, ch.id);
  if (fresh && fresh.attempts >= ctx.limits.maxCodeAttempts) {
    const res = await ctx.db.updateTable('login_challenges').set({ status: 'failed' }).where('id', '=', ch.id).where('status', 'in', ['pending', 'approved']).executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }
  return false;
}

/** The pending new_device challenge an email link points to, without approving it (the confirm page). */
export async function findByLink(ctx: AppContext, linkToken: string): Promise<ChallengeRow | null> {
  const ch = await ctx.db.selectFrom('login_challenges').selectAll().where('link_token_hash', '=', sha256(linkToken)).executeTakeFirst();
  if (!ch || ch.kind !== 'new_device' || ch.status !== 'pending' || challengeExpired(ch)) return null;
  return ch;
}

/** The email link: approves a pending new_device challenge; the device learns it by polling. */
export async function approveByLink(ctx: AppContext, linkToken: string): Promise<ChallengeRow | null> {
  const ch = await ctx.db.selectFrom('login_challenges').selectAll().where('link_token_hash', '=', sha256(linkToken)).executeTakeFirst();
  if (!ch || ch.kind !== 'new_device' || challengeExpired(ch)) return null;
  if (ch.status === 'pending') {
    await ctx.db.updateTable('login_challenges').set({ status: 'approved', approved_at: nowIso() }).where('id', '=', ch.id).where('status', '=', 'pending').execute();
  }
  return ch;
}
