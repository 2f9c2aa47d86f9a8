import type { CoreContext } from '../../core/core';
import { dashboardQueries } from '../../cache/queries-dashboard';
import type { DomainHandlers } from '../types';

/** The Dashboard's store summary from the cache (offline-capable); the router checks the sender and parses both ways. */
export function dashboardHandlers(core: CoreContext): DomainHandlers<'dashboard'> {
  return {
    'dashboard:summary': async (input) => dashboardQueries(core.sync.require().cache).summary(input, Date.now()),
  };
}
