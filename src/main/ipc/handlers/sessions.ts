import { SessionList } from '../../../shared/http/auth';
import { Ok } from '../../../shared/http/common';
import type { CoreContext } from '../../core/core';
import type { DomainHandlers } from '../types';
import { pathId } from './path-id';

export function sessionsHandlers(core: CoreContext): DomainHandlers<'sessions'> {
  return {
    'sessions:list': async () => {
      await core.requireSession();
      return core.session.call('GET', '/api/v1/me/sessions', SessionList);
    },
    'sessions:revoke': async ({ id }) => {
      await core.requireSession();
      const current = core.session.currentSessionId;
      await core.session.call('DELETE', `/api/v1/me/sessions/${pathId(id)}`, Ok);
      // revoking this very session is a sign-out
      if (current && current === id) await core.session.forgetLocal();
      return { ok: true as const };
    },
  };
}
