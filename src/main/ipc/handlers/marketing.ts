import type { CoreContext } from '../../core/core';
import { marketingQueries } from '../../cache/queries-marketing';
import type { DomainHandlers } from '../types';

/** Promotions and ad campaigns from the cache. */
export function marketingHandlers(core: CoreContext): DomainHandlers<'marketing'> {
  const q = () => marketingQueries(core.sync.require().cache);
  return {
    'marketing:promotions': async (input) => q().promotions(input),
    'marketing:promotionProducts': async ({ storeId, actionId, participating, offset, limit }) => q().promotionProducts(storeId, actionId, participating, offset, limit),
    'marketing:campaigns': async (input) => q().campaigns(input),
  };
}
