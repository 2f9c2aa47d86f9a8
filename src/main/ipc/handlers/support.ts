import { SupportTicketCreated } from '../../../shared/http/auth';
import type { CoreContext } from '../../core/core';
import type { DomainHandlers } from '../types';

export function supportHandlers(core: CoreContext): DomainHandlers<'support'> {
  return {
    'support:contact': async (input) => {
      await core.requireServer();
      const { ticketId } = await core.session.publicCall('POST', '/api/v1/support/tickets', SupportTicketCreated, {
        ...input,
        locale: core.settings.get().locale,
      });
      return { ticketId };
    },
  };
}
