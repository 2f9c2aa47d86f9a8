import { AuthResult } from '../../../shared/http/auth';
import type { CoreContext } from '../../core/core';
import { identifierKey } from '../../core/session';
import type { DomainHandlers } from '../types';

export function setupHandlers(core: CoreContext): DomainHandlers<'setup'> {
  return {
    'setup:useEmbedded': async () => {
      await core.exclusive(() => core.useEmbedded());
      return core.getState();
    },
    'setup:connectRemote': async ({ url }) => {
      await core.exclusive(() => core.connectRemote(url));
      return core.getState();
    },
    'setup:reset': async () => {
      await core.exclusive(() => core.resetServer());
      return core.getState();
    },
    'setup:createOwner': async (input) => {
      await core.requireServer();
      const identifiers = [input.email, input.phone].filter((v): v is string => !!v).map(identifierKey);
      const device = await core.session.deviceFor(identifiers);
      const result = await core.session.publicCall('POST', '/api/v1/workspace/setup', AuthResult, {
        workspaceName: input.workspaceName,
        name: input.name,
        ...(input.email ? { email: input.email } : {}),
        ...(input.phone ? { phone: input.phone } : {}),
        password: input.password,
        locale: core.settings.get().locale,
        device,
      });
      const out = await core.session.acceptAuthResult(result, identifiers);
      await core.servers.refreshInfo();
      core.events.emit('state:changed');
      return out;
    },
  };
}
