/** The challenge endpoints' logic: send, verify, poll, and the email-link approval. */
import type { AuthResult, ChallengeMethod, DeviceInfo, SendableMethod } from '../../shared/http/auth';
import type { Locale } from '../../shared/http/common';
import type { AppContext } from '../context';
import type { ClientInfo } from '../http/client';
import { AppError } from '../http/problem';
import { enforceRateLimit } from '../http/rate-limit';
import { findAccountById, type AccountRow } from '../accounts/accounts';
import {
  approveByLink,
  findByLink,
  challengeExpired,
  challengeMethods,
  completeChallenge,
  countWrongAnswer,
  loadChallenge,
  sendChallengeCode,
  toChallengeDto,
  type ChallengeKind,
  type ChallengeRow,
} from './challenges';
import { verifyCode } from './codes';
import { accountLockKey, getLockState, isLocked } from './lockout';
import { consumeRecoveryCode } from './recovery-codes';
import { recordEvent } from './security-events';
import { accountFailure, completeSignIn, lockedError, startChallenge } from './sign-in';
import { checkTotp } from './totp';

async function liveChallenge(ctx: AppContext, id: string, deviceId?: string): Promise<{ ch: ChallengeRow; account: AccountRow }> {
  const ch = await loadChallenge(ctx, id);
  // a challenge is bound to its device: another device id sees "not found"
  if (!ch || (deviceId !== undefined && ch.device_id !== deviceId)) throw new AppError('CHALLENGE_NOT_FOUND');
  if (challengeExpired(ch)) throw new AppError('CHALLENGE_EXPIRED');
  const account = await findAccountById(ctx.db, ch.account_id);
  if (!account) throw new AppError('CHALLENGE_NOT_FOUND');
  if (account.status !== 'active') throw new AppError('ACCOUNT_DISABLED');
  const lock = await getLockState(ctx.db, accountLockKey(account.id));
  if (isLocked(lock)) throw lockedError(lock!);
  return { ch, account };
}

export async function sendChallenge(ctx: AppContext, input: { challengeId: string; method: SendableMethod }, client: ClientInfo) {
  await enforceRateLimit(ctx, 'challengeSend', client.ip, input.challengeId);
  const { ch, account } = await liveChallenge(ctx, input.challengeId);
  const updated = await sendChallengeCode(ctx, ch, account, input.method);
  return toChallengeDto(ctx, updated, account);
}

async function checkAnswer(ctx: AppContext, ch: ChallengeRow, account: AccountRow, method: ChallengeMethod, code: string, client: ClientInfo) {
  switch (method) {
    case 'totp': {
      if (!account.totp_secret) return false;
      const res = checkTotp(account.totp_secret, code, account.totp_last_step);
      if (!res.ok) return false;
      // store the step atomically: a concurrent use of the same code loses here
      const upd = await ctx.db
        .updateTable('accounts')
        .set({ totp_last_step: res.step })
        .where('id', '=', account.id)
        .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', res.step)]))
        .executeTakeFirst();
      return Number(upd.numUpdatedRows) === 1;
    }
    case 'sms':
    case 'email':
      return verifyCode(ctx.db, { purpose: 'challenge', refId: ch.id, code, channel: method, maxAttempts: null });
    case 'recovery': {
      const ok = await consumeRecoveryCode(ctx.db, account.id, code);
      if (ok) await recordEvent(ctx.db, { account, type: 'recovery_code_used', client, deviceName: ch.device_name });
      return ok;
    }
  }
}

/** After a challenge is completed: a verified new device may still need the second factor. */
async function advance(ctx: AppContext, ch: ChallengeRow, account: AccountRow, device: DeviceInfo, client: ClientInfo): Promise<AuthResult> {
  if ((ch.kind as ChallengeKind) === 'new_device') {
    if (account.two_factor_method) return startChallenge(ctx, 'two_factor', account, device, client, true, ch.locale as Locale);
    return completeSignIn(ctx, account, device, client, { trustDevice: true });
  }
  return completeSignIn(ctx, account, device, client, { trustDevice: ch.device_verified === 1 });
}

export async function verifyChallenge(
  ctx: AppContext,
  input: { challengeId: string; method: ChallengeMethod; code: string; device: DeviceInfo },
  client: ClientInfo,
): Promise<AuthResult> {
  await enforceRateLimit(ctx, 'challengeVerify', client.ip, input.challengeId);
  const { ch, account } = await liveChallenge(ctx, input.challengeId, input.device.id);
  if (!challengeMethods(ch.kind as ChallengeKind, account).includes(input.method)) throw new AppError('METHOD_NOT_AVAILABLE');
  const ok = await checkAnswer(ctx, ch, account, input.method, input.code, client);
  if (!ok) {
    const exhausted = await countWrongAnswer(ctx, ch);
    if (exhausted) {
      const locked = await accountFailure(ctx, account, client, ch.device_name);
      if (locked) throw locked;
    }
    throw new AppError('INVALID_CODE');
  }
  if (!(await completeChallenge(ctx, ch.id))) throw new AppError('CHALLENGE_EXPIRED');
  return advance(ctx, ch, account, input.device, client);
}

export async function pollChallenge(ctx: AppContext, input: { challengeId: string; device: DeviceInfo }, client: ClientInfo): Promise<AuthResult> {
  await enforceRateLimit(ctx, 'challengePoll', client.ip, input.challengeId);
  const { ch, account } = await liveChallenge(ctx, input.challengeId, input.device.id);
  if (ch.kind === 'new_device' && ch.status === 'approved') {
    if (!(await completeChallenge(ctx, ch.id))) throw new AppError('CHALLENGE_EXPIRED');
    return advance(ctx, ch, account, input.device, client);
  }
  return { status: 'challenge', challenge: toChallengeDto(ctx, ch, account) };
}

/** The GET side of the email link: shows what would be approved; approving takes a POST. */
export async function previewDeviceLink(ctx: AppContext, token: string, client: ClientInfo): Promise<ChallengeRow | null> {
  await enforceRateLimit(ctx, 'verifyLink', client.ip, token.slice(0, 16));
  return findByLink(ctx, token);
}

export async function approveDeviceLink(ctx: AppContext, token: string, client: ClientInfo): Promise<ChallengeRow | null> {
  await enforceRateLimit(ctx, 'verifyLink', client.ip, token.slice(0, 16));
  return approveByLink(ctx, token);
}
