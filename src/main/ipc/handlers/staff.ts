import { Invitation, InvitationList, Member, MemberList } from '../../../shared/http/auth';
import { Ok } from '../../../shared/http/common';
import type { CoreContext } from '../../core/core';
import type { DomainHandlers } from '../types';
import { pathId } from './path-id';

export function staffHandlers(core: CoreContext): DomainHandlers<'staff'> {
  const ok = { ok: true as const };
  return {
    'staff:members': async () => {
      await core.requireSession();
      return core.session.call('GET', '/api/v1/workspace/members', MemberList);
    },
    'staff:invitations': async () => {
      await core.requireSession();
      return core.session.call('GET', '/api/v1/workspace/invitations', InvitationList);
    },
    'staff:invite': async (input) => {
      await core.requireSession();
      // the invitation email goes out in the inviter's UI language
      return core.session.call('POST', '/api/v1/workspace/invitations', Invitation, { ...input, locale: core.settings.get().locale });
    },
    'staff:revokeInvitation': async ({ id }) => {
      await core.requireSession();
      await core.session.call('DELETE', `/api/v1/workspace/invitations/${pathId(id)}`, Ok);
      return ok;
    },
    'staff:setRole': async ({ id, role }) => {
      await core.requireSession();
      return core.session.call('PATCH', `/api/v1/workspace/members/${pathId(id)}`, Member, { role });
    },
    'staff:remove': async ({ id }) => {
      await core.requireSession();
      await core.session.call('DELETE', `/api/v1/workspace/members/${pathId(id)}`, Ok);
      return ok;
    },
  };
}
