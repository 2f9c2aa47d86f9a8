import { Account, OtpStarted, RecoveryCodes, SecurityEventPage, TotpEnrollment } from '../../../shared/http/auth';
import { Ok } from '../../../shared/http/common';
import type { CoreContext } from '../../core/core';
import type { DomainHandlers } from '../types';

export function securityHandlers(core: CoreContext): DomainHandlers<'security'> {
  /** two-factor settings changed: the cached account (twoFactor, recoveryCodesRemaining) is stale */
  const reloadAccount = async () => {
    try {
      core.session.setAccount(await core.session.call('GET', '/api/v1/me', Account));
    } catch {
      /* the next account:get will tell */
    }
  };
  return {
    'security:totpStart': async () => {
      await core.requireSession();
      return core.session.call('POST', '/api/v1/me/2fa/totp/start', TotpEnrollment);
    },
    'security:totpConfirm': async (input) => {
      await core.requireSession();
      const codes = await core.session.call('POST', '/api/v1/me/2fa/totp/confirm', RecoveryCodes, input);
      await reloadAccount();
      return codes;
    },
    'security:otpStart': async (input) => {
      await core.requireSession();
      return core.session.call('POST', '/api/v1/me/2fa/otp/start', OtpStarted, input);
    },
    'security:otpConfirm': async (input) => {
      await core.requireSession();
      const codes = await core.session.call('POST', '/api/v1/me/2fa/otp/confirm', RecoveryCodes, input);
      await reloadAccount();
      return codes;
    },
    'security:disableTwoFactor': async (input) => {
      await core.requireSession();
      await core.session.call('POST', '/api/v1/me/2fa/disable', Ok, input);
      await reloadAccount();
      return { ok: true as const };
    },
    'security:regenerateRecoveryCodes': async (input) => {
      await core.requireSession();
      const codes = await core.session.call('POST', '/api/v1/me/2fa/recovery-codes', RecoveryCodes, input);
      await reloadAccount();
      return codes;
    },
    'security:events': async ({ before }) => {
      await core.requireSession();
      return core.session.call('GET', '/api/v1/me/security-events', SecurityEventPage, undefined, { before, limit: '50' });
    },
  };
}
