import type { CoreContext } from '../../core/core';
import { analyticsQueries } from '../../cache/queries-analytics';
import type { DomainHandlers } from '../types';

/** Sales analytics computed locally from the cache. */
export function analyticsHandlers(core: CoreContext): DomainHandlers<'analytics'> {
  return {
    'analytics:summary': async (input) => analyticsQueries(core.sync.require().cache).summary(input),
  };
}
