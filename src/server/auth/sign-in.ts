/**
 * Password sign-in and the final step shared by every sign-in path.
 *
 * Enumeration resistance: an unknown identifier is verified against a dummy
 * argon2 hash (same cost as a real one), counted toward a lock under its own
 * key with the same schedule, and answered with the same INVALID_CREDENTIALS
 * / ACCOUNT_LOCKED bodies. ACCOUNT_DISABLED is only revealed after a correct
 * password. A lock refuses attempts without verifying or counting them.
 */
import type { AuthResult, DeviceInfo } from '../../shared/http/auth';
import type { Locale } from '../../shared/http/common';
import { parseIdentifier } from '../../shared/identity';
import type { AppContext } from '../context';
import type { ClientInfo } from '../http/client';
import { AppError } from '../http/problem';
import { enforceRateLimit } from '../http/rate-limit';
import { accountLocale, findAccountByIdentifier, toAccountDto, type AccountRow } from '../accounts/accounts';
import { autoSendMethod, createChallenge, sendChallengeCode, toChallengeDto, type ChallengeKind } from './challenges';
import { isTrustedDevice, trustDevice } from './devices';
import { accountLockKey, clearLock, getLockState, identifierLockKey, isLocked, registerFailure, type LockState } from './lockout';
import { dummyHash, verifyPassword } from './passwords';
import { recordEvent } from './security-events';
import { createSession } from './sessions';

export function lockedError(state: LockState): AppError {
  return state.permanent
    ? new AppError('ACCOUNT_LOCKED', { permanent: true })
    : new AppError('ACCOUNT_LOCKED', { lockedUntil: state.lockedUntil ?? undefined, permanent: false });
}

/** Counts a failure for an existing account; records events and the lock notice. Returns the lock error if now locked. */
export async function accountFailure(ctx: AppContext, account: AccountRow, client: ClientInfo, deviceName: string | null): Promise<AppError | null> {
  const state = await registerFailure(ctx.db, ctx.limits, accountLockKey(account.id), { accountId: account.id, workspaceId: account.workspace_id });
  await recordEvent(ctx.db, { account, type: 'sign_in_failed', client, deviceName });
  if (!isLocked(state)) return null;
  await recordEvent(ctx.db, { account, type: 'locked', client, deviceName, detail: { failures: state.failures, permanent: state.permanent } });
  // notify on the first timed lock and on the permanent one, not on every step between
  if (state.failures === ctx.limits.lockThreshold || state.failures === ctx.limits.permanentLockAt) {
    ctx.tasks.run('lock notice', () => ctx.notifier.notice(account, 'account_locked', { ip: client.ip, at: new Date().toISOString() }));
  }
  return lockedError(state);
}

export async function login(
  ctx: AppContext,
  input: { identifier: string; password: string; device: DeviceInfo; locale?: Locale },
  client: ClientInfo,
): Promise<AuthResult> {
  const ident = parseIdentifier(input.identifier);
  await enforceRateLimit(ctx, 'login', client.ip, ident ? identifierLockKey(ident) : input.identifier.toLowerCase());
  if (!ident) throw new AppError('IDENTIFIER_INVALID');

  const account = await findAccountByIdentifier(ctx.db, ident);
  const lockKey = account ? accountLockKey(account.id) : identifierLockKey(ident);
  const lock = await getLockState(ctx.db, lockKey);
  if (isLocked(lock)) throw lockedError(lock!);

  // always one argon2 verification, real or dummy, so timing does not tell
  const passwordOk = await verifyPassword(account?.password_hash ?? (await dummyHash()), input.password);
  if (!account || !passwordOk) {
    if (account) {
      const locked = await accountFailure(ctx, account, client, input.device.name);
      if (locked) throw locked;
    } else {
      const state = await registerFailure(ctx.db, ctx.limits, lockKey, { accountId: null, workspaceId: null });
      if (isLocked(state)) throw lockedError(state);
    }
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (account.status !== 'active') throw new AppError('ACCOUNT_DISABLED');

  if (!(await isTrustedDevice(ctx.db, account.id, input.device, ctx.limits.trustedDeviceDays))) {
    return startChallenge(ctx, 'new_device', account, input.device, client, false, input.locale);
  }
  if (account.two_factor_method) return startChallenge(ctx, 'two_factor', account, input.device, client, false, input.locale);
  return completeSignIn(ctx, account, input.device, client, { trustDevice: false });
}

export async function startChallenge(
  ctx: AppContext,
  kind: ChallengeKind,
  account: AccountRow,
  device: DeviceInfo,
  client: ClientInfo,
  deviceVerified: boolean,
  /** explicit request locale; otherwise messages use the account's own */
  locale: Locale = accountLocale(account),
): Promise<AuthResult> {
  let ch = await createChallenge(ctx, { kind, account, device, client: { ...client, locale }, deviceVerified });
  const auto = autoSendMethod(kind, account);
  if (auto) ch = await sendChallengeCode(ctx, ch, account, auto);
  return { status: 'challenge', challenge: toChallengeDto(ctx, ch, account) };
}

/**
 * The end of every successful sign-in: clears the failure counter, optionally
 * remembers the device (returning its token once), opens the session.
 */
export async function completeSignIn(
  ctx: AppContext,
  account: AccountRow,
  device: DeviceInfo,
  client: ClientInfo,
  opts: { trustDevice: boolean; announceNewDevice?: boolean },
): Promise<AuthResult> {
  await clearLock(ctx.db, [accountLockKey(account.id)]);
  let deviceToken: string | undefined;
  if (opts.trustDevice) {
    deviceToken = await trustDevice(ctx.db, account, device);
    if (opts.announceNewDevice !== false) {
      await recordEvent(ctx.db, { account, type: 'new_device', client, deviceName: device.name });
      ctx.tasks.run('new device notice', () =>
        ctx.notifier.notice(account, 'new_device', { deviceName: `${device.name} (${device.platform})`, ip: client.ip, at: new Date().toISOString() }),
      );
    }
  }
  const { sessionId, tokens } = await createSession(ctx.db, ctx.limits, account, device, client);
  await recordEvent(ctx.db, { account, type: 'sign_in', client, deviceName: device.name });
  const result: AuthResult = { status: 'authenticated', tokens, sessionId, account: await toAccountDto(ctx.db, account) };
  if (deviceToken) result.deviceToken = deviceToken;
  return result;
}
