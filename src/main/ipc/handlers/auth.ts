import { AuthResult, Challenge } from '../../../shared/http/auth';
import { Ok } from '../../../shared/http/common';
import type { CoreContext } from '../../core/core';
import { identifierKey } from '../../core/session';
import type { DomainHandlers } from '../types';

export function authHandlers(core: CoreContext): DomainHandlers<'auth'> {
  const ok = { ok: true as const };
  return {
    'auth:signIn': async ({ identifier, password }) => {
      await core.requireServer();
      const ids = [identifierKey(identifier)];
      const device = await core.session.deviceFor(ids);
      const result = await core.session.publicCall('POST', '/api/v1/auth/login', AuthResult, {
        identifier,
        password,
        device,
        locale: core.settings.get().locale,
      });
      return core.session.acceptAuthResult(result, ids);
    },
    'auth:sendCode': async ({ challengeId, method }) => {
      await core.requireServer();
      return core.session.publicCall('POST', '/api/v1/auth/challenge/send', Challenge, { challengeId, method });
    },
    'auth:verify': async ({ challengeId, method, code }) => {
      await core.requireServer();
      const ids = core.session.identifiersForChallenge(challengeId);
      const device = await core.session.deviceFor(ids);
      const result = await core.session.publicCall('POST', '/api/v1/auth/challenge/verify', AuthResult, {
        challengeId,
        method,
        code,
        device,
      });
      return core.session.acceptAuthResult(result, ids);
    },
    'auth:poll': async ({ challengeId }) => {
      await core.requireServer();
      const ids = core.session.identifiersForChallenge(challengeId);
      const device = await core.session.deviceFor(ids);
      const result = await core.session.publicCall('POST', '/api/v1/auth/challenge/poll', AuthResult, { challengeId, device });
      return core.session.acceptAuthResult(result, ids);
    },
    'auth:forgotPassword': async ({ identifier }) => {
      await core.requireServer();
      await core.session.publicCall('POST', '/api/v1/auth/password/forgot', Ok, { identifier, locale: core.settings.get().locale });
      return ok;
    },
    'auth:resetPassword': async (input) => {
      await core.requireServer();
      await core.session.publicCall('POST', '/api/v1/auth/password/reset', Ok, input);
      return ok;
    },
    'auth:acceptInvitation': async (input) => {
      await core.requireServer();
      const ids = [identifierKey(input.email)];
      const device = await core.session.deviceFor(ids);
      const result = await core.session.publicCall('POST', '/api/v1/invitations/accept', AuthResult, { ...input, device });
      return core.session.acceptAuthResult(result, ids);
    },
    'auth:signOut': async () => {
      await core.ready();
      if (core.session.attachedKey) await core.session.signOut();
      core.events.emit('state:changed');
      return ok;
    },
  };
}
