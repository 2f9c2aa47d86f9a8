import type { CoreContext } from '../../core/core';
import { returnQueries } from '../../cache/queries-returns';
import type { DomainHandlers } from '../types';

/** Returns from the cache (offline-capable). */
export function returnsHandlers(core: CoreContext): DomainHandlers<'returns'> {
  const q = () => returnQueries(core.sync.require().cache);
  return {
    'returns:query': async (input) => q().query(input),
    'returns:facets': async ({ storeId }) => q().facets(storeId),
    'returns:get': async ({ storeId, returnId }) => q().get(storeId, returnId),
  };
}
