import type { CoreContext } from '../../core/core';
import { serviceQueries } from '../../cache/queries-service';
import type { DomainHandlers } from '../types';

/** Customer-service inbox from the cache; replies go through the action outbox (actions.ts). */
export function serviceHandlers(core: CoreContext): DomainHandlers<'service'> {
  const q = () => serviceQueries(core.sync.require().cache);
  return {
    'service:summary': async ({ storeIds }) => q().summary(storeIds),
    'service:reviews': async (input) => q().reviews(input),
    'service:review': async ({ storeId, reviewId }) => q().review(storeId, reviewId),
    'service:questions': async (input) => q().questions(input),
    'service:question': async ({ storeId, questionId }) => q().question(storeId, questionId),
    'service:chats': async (input) => q().chats(input),
    'service:chat': async ({ storeId, chatId, limit }) => q().chat(storeId, chatId, limit),
  };
}
