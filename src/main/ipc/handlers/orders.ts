import type { CoreContext } from '../../core/core';
import type { DomainHandlers } from '../types';

/** Orders (postings) from the cache. */
export function ordersHandlers(core: CoreContext): DomainHandlers<'orders'> {
  return {
    'orders:query': async (q) => core.sync.require().queries.orders(q),
  };
}
