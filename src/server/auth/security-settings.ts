/**
 * Signed-in security settings: change password, turn 2FA on (TOTP or an
 * SMS/email code) and off, regenerate recovery codes. Sensitive changes
 * re-check the password (WRONG_PASSWORD) and are rate limited per account.
 */
import QRCode from 'qrcode';
import type { SendableMethod } from '../../shared/http/auth';
import { maskEmail, maskPhone } from '../../shared/identity';
import type { AppContext } from '../context';
import { nowIso } from '../db/ids';
import type { ClientInfo } from '../http/client';
import { AppError } from '../http/problem';
import { enforceRateLimit } from '../http/rate-limit';
import { accountLocale, type AccountRow } from '../accounts/accounts';
import { issueCode, lastCodeSentAt, verifyCode } from './codes';
import { hashPassword, passwordPolicyError, verifyPassword } from './passwords';
import { deleteRecoveryCodes, regenerateRecoveryCodes } from './recovery-codes';
import { recordEvent } from './security-events';
import { revokeAllSessions, type SessionRow } from './sessions';
import { checkTotp, newTotpSecret, totpUri } from './totp';

async function reauthenticate(ctx: AppContext, account: AccountRow, password: string, client: ClientInfo): Promise<void> {
  await enforceRateLimit(ctx, 'reauth', client.ip, account.id);
  if (!(await verifyPassword(account.password_hash, password))) throw new AppError('WRONG_PASSWORD');
}

export async function changePassword(
  ctx: AppContext,
  account: AccountRow,
  session: SessionRow,
  input: { currentPassword: string; newPassword: string },
  client: ClientInfo,
): Promise<void> {
  await reauthenticate(ctx, account, input.currentPassword, client);
  const policy = passwordPolicyError(input.newPassword);
  if (policy) throw new AppError(policy);
  if (input.newPassword === input.currentPassword) throw new AppError('PASSWORD_SAME_AS_OLD');
  const now = nowIso();
  await ctx.db
    .updateTable('accounts')
    .set({ password_hash: await hashPassword(input.newPassword), password_changed_at: now, updated_at: now })
    .where('id', '=', account.id)
    .execute();
  await revokeAllSessions(ctx.db, account.id, 'password_changed', session.id);
  await recordEvent(ctx.db, { account, type: 'password_changed', client, deviceName: session.device_name });
  ctx.tasks.run('password changed notice', () => ctx.notifier.notice(account, 'password_changed', { ip: client.ip, at: now }));
}

function assertTwoFactorOff(account: AccountRow): void {
  if (account.two_factor_method) throw new AppError('TWO_FACTOR_ALREADY_ENABLED');
}

export async function startTotp(ctx: AppContext, account: AccountRow) {
  assertTwoFactorOff(account);
  const secret = newTotpSecret();
  await ctx.db.updateTable('accounts').set({ totp_pending_secret: secret, updated_at: nowIso() }).where('id', '=', account.id).execute();
  const otpauthUrl = totpUri(secret, account.email ?? account.phone ?? account.name);
  const qrDataUrl = await QRCode.toDataURL(otpauthUrl, { errorCorrectionLevel: 'M', margin: 1, width: 240 });
  return { secret, otpauthUrl, qrDataUrl };
}

async function enable(ctx: AppContext, account: AccountRow, method: 'totp' | 'sms' | 'email', client: ClientInfo, extra: Record<string, unknown>) {
  await ctx.db
    .updateTable('accounts')
    .set({ two_factor_method: method, updated_at: nowIso(), ...extra })
    .where('id', '=', account.id)
    .execute();
  const codes = await regenerateRecoveryCodes(ctx.db, account);
  await recordEvent(ctx.db, { account, type: 'two_factor_enabled', client, detail: { method } });
  return { codes };
}

export async function confirmTotp(ctx: AppContext, account: AccountRow, code: string, client: ClientInfo) {
  assertTwoFactorOff(account);
  await enforceRateLimit(ctx, 'otpConfirm', client.ip, account.id);
  if (!account.totp_pending_secret) throw new AppError('INVALID_CODE', { detail: 'Start TOTP enrolment first' });
  const res = checkTotp(account.totp_pending_secret, code, null);
  if (!res.ok) throw new AppError('INVALID_CODE');
  return enable(ctx, account, 'totp', client, { totp_secret: account.totp_pending_secret, totp_pending_secret: null, totp_last_step: res.step });
}

function destinationFor(account: AccountRow, method: SendableMethod): string {
  const to = method === 'email' ? account.email : account.phone;
  if (!to) throw new AppError('METHOD_NOT_AVAILABLE');
  return to;
}

export async function startOtp(ctx: AppContext, account: AccountRow, method: SendableMethod, client: ClientInfo) {
  assertTwoFactorOff(account);
  const to = destinationFor(account, method);
  const refId = `${account.id}:${method}`;
  const last = await lastCodeSentAt(ctx.db, 'two_factor_enroll', refId);
  const cooldownMs = ctx.limits.resendCooldownSeconds * 1000;
  if (last && Date.parse(last) + cooldownMs > Date.now()) {
    throw new AppError('CODE_RESEND_COOLDOWN', { retryAfter: Math.ceil((Date.parse(last) + cooldownMs - Date.now()) / 1000) });
  }
  await enforceRateLimit(ctx, 'otpSend', client.ip, account.id);
  const { code } = await issueCode(ctx.db, {
    purpose: 'two_factor_enroll',
    refId,
    channel: method,
    destination: to,
    ttlSeconds: ctx.limits.codeTtlSeconds,
    accountId: account.id,
    workspaceId: account.workspace_id,
  });
  await ctx.notifier.sendCode({ channel: method, to, locale: accountLocale(account), purpose: 'two_factor_enroll', code, ttlSeconds: ctx.limits.codeTtlSeconds });
  return { sentTo: method === 'email' ? maskEmail(to) : maskPhone(to), resendAvailableAt: new Date(Date.now() + cooldownMs).toISOString() };
}

export async function confirmOtp(ctx: AppContext, account: AccountRow, method: SendableMethod, code: string, client: ClientInfo) {
  assertTwoFactorOff(account);
  await enforceRateLimit(ctx, 'otpConfirm', client.ip, account.id);
  destinationFor(account, method);
  const ok = await verifyCode(ctx.db, { purpose: 'two_factor_enroll', refId: `${account.id}:${method}`, code, channel: method, maxAttempts: ctx.limits.maxCodeAttempts });
  if (!ok) throw new AppError('INVALID_CODE');
  return enable(ctx, account, method, client, {});
}

export async function disableTwoFactor(ctx: AppContext, account: AccountRow, password: string, client: ClientInfo): Promise<void> {
  await reauthenticate(ctx, account, password, client);
  if (!account.two_factor_method) throw new AppError('TWO_FACTOR_NOT_ENABLED');
  await ctx.db
    .updateTable('accounts')
    .set({ two_factor_method: null, totp_secret: null, totp_pending_secret: null, totp_last_step: null, updated_at: nowIso() })
    .where('id', '=', account.id)
    .execute();
  await deleteRecoveryCodes(ctx.db, account.id);
  await recordEvent(ctx.db, { account, type: 'two_factor_disabled', client });
}

export async function regenerateRecovery(ctx: AppContext, account: AccountRow, password: string, client: ClientInfo) {
  await reauthenticate(ctx, account, password, client);
  if (!account.two_factor_method) throw new AppError('TWO_FACTOR_NOT_ENABLED');
  const codes = await regenerateRecoveryCodes(ctx.db, account);
  await recordEvent(ctx.db, { account, type: 'recovery_codes_regenerated', client });
  return { codes };
}

