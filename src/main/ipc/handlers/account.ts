import { Account } from '../../../shared/http/auth';
import { Ok } from '../../../shared/http/common';
import type { CoreContext } from '../../core/core';
import type { DomainHandlers } from '../types';

export function accountHandlers(core: CoreContext): DomainHandlers<'account'> {
  return {
    'account:get': async () => {
      await core.requireSession();
      const account = await core.session.call('GET', '/api/v1/me', Account);
      core.session.setAccount(account);
      return account;
    },
    'account:update': async (input) => {
      await core.requireSession();
      const account = await core.session.call('PATCH', '/api/v1/me', Account, input);
      core.session.setAccount(account);
      if (input.locale && input.locale !== core.settings.get().locale) {
        await core.settings.update({ locale: input.locale });
        core.events.emit('state:changed');
      }
      return account;
    },
    'account:changePassword': async (input) => {
      await core.requireSession();
      await core.session.call('POST', '/api/v1/me/password', Ok, input);
      return { ok: true as const };
    },
  };
}
