/**
 * Forgot/reset password. `forgot` always answers Ok after the same work,
 * and the code is sent in the background so response timing does not reveal
 * whether the account exists. A successful reset revokes every session,
 * clears any lock (including a permanent one) and notifies the owner.
 */
import type { Locale } from '../../shared/http/common';
import { parseIdentifier } from '../../shared/identity';
import type { AppContext } from '../context';
import type { ClientInfo } from '../http/client';
import { AppError } from '../http/problem';
import { enforceRateLimit } from '../http/rate-limit';
import { accountLocale, findAccountByIdentifier } from '../accounts/accounts';
import { nowIso } from '../db/ids';
import { issueCode, lastCodeSentAt, verifyCode } from './codes';
import { accountLockKey, clearLock, identifierLockKey } from './lockout';
import { hashPassword, passwordPolicyError } from './passwords';
import { recordEvent } from './security-events';
import { revokeAllSessions } from './sessions';

export async function forgotPassword(ctx: AppContext, input: { identifier: string; locale?: Locale }, client: ClientInfo): Promise<void> {
  const ident = parseIdentifier(input.identifier);
  await enforceRateLimit(ctx, 'forgot', client.ip, ident ? identifierLockKey(ident) : input.identifier.toLowerCase());
  if (!ident) throw new AppError('IDENTIFIER_INVALID');
  ctx.tasks.run('password reset code', async () => {
    const account = await findAccountByIdentifier(ctx.db, ident);
    if (!account || account.status !== 'active') return;
    const last = await lastCodeSentAt(ctx.db, 'password_reset', account.id);
    if (last && Date.parse(last) + ctx.limits.resendCooldownSeconds * 1000 > Date.now()) return; // silent cooldown
    const channel = ident.kind === 'email' ? 'email' : 'sms';
    const { code } = await issueCode(ctx.db, {
      purpose: 'password_reset',
      refId: account.id,
      channel,
      destination: ident.value,
      ttlSeconds: ctx.limits.codeTtlSeconds,
      accountId: account.id,
      workspaceId: account.workspace_id,
    });
    await ctx.notifier.sendCode({
      channel,
      to: ident.value,
      locale: input.locale ?? accountLocale(account),
      purpose: 'password_reset',
      code,
      ttlSeconds: ctx.limits.codeTtlSeconds,
    });
  });
}

export async function resetPassword(
  ctx: AppContext,
  input: { identifier: string; code: string; newPassword: string },
  client: ClientInfo,
): Promise<void> {
  const ident = parseIdentifier(input.identifier);
  await enforceRateLimit(ctx, 'reset', client.ip, ident ? identifierLockKey(ident) : input.identifier.toLowerCase());
  if (!ident) throw new AppError('IDENTIFIER_INVALID');
  const policy = passwordPolicyError(input.newPassword);
  if (policy) throw new AppError(policy);
  const account = await findAccountByIdentifier(ctx.db, ident);
  // unknown account and wrong code look the same
  if (!account || account.status !== 'active') throw new AppError('INVALID_CODE');
  const ok = await verifyCode(ctx.db, { purpose: 'password_reset', refId: account.id, code: input.code, maxAttempts: ctx.limits.maxCodeAttempts });
  if (!ok) throw new AppError('INVALID_CODE');
  const now = nowIso();
  await ctx.db
    .updateTable('accounts')
    .set({ password_hash: await hashPassword(input.newPassword), password_changed_at: now, updated_at: now })
    .where('id', '=', account.id)
    .execute();
  await revokeAllSessions(ctx.db, account.id, 'password_reset');
  const wasLocked = await clearLock(ctx.db, [accountLockKey(account.id), identifierLockKey(ident)]);
  await recordEvent(ctx.db, { account, type: 'password_reset', client });
  if (wasLocked) await recordEvent(ctx.db, { account, type: 'unlocked', client, detail: { by: 'password_reset' } });
  ctx.tasks.run('password reset notice', () => ctx.notifier.notice(account, 'password_reset', { ip: client.ip, at: now }));
}
