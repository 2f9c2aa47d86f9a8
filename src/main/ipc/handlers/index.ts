import type { CoreContext } from '../../core/core';
import type { IpcHandlers } from '../types';
import { accountHandlers } from './account';
import { appHandlers } from './app';
import { authHandlers } from './auth';
import { ordersHandlers } from './orders';
import { productsHandlers } from './products';
import { securityHandlers } from './security';
import { sessionsHandlers } from './sessions';
import { setupHandlers } from './setup';
import { staffHandlers } from './staff';
import { storesHandlers } from './stores';
import { supportHandlers } from './support';
import { syncHandlers } from './sync';
import { returnsHandlers } from './returns';
import { serviceHandlers } from './service';
import { marketingHandlers } from './marketing';
import { analyticsHandlers } from './analytics';
import { actionsHandlers } from './actions';
import { dashboardHandlers } from './dashboard';

/** All domains merged; `satisfies` makes a missing or misspelt channel a compile error. */
export function createHandlers(core: CoreContext): IpcHandlers {
  const handlers = {
    ...appHandlers(core),
    ...setupHandlers(core),
    ...authHandlers(core),
    ...supportHandlers(core),
    ...accountHandlers(core),
    ...securityHandlers(core),
    ...sessionsHandlers(core),
    ...staffHandlers(core),
    ...storesHandlers(core),
    ...syncHandlers(core),
    ...productsHandlers(core),
    ...ordersHandlers(core),
    ...returnsHandlers(core),
    ...serviceHandlers(core),
    ...marketingHandlers(core),
    ...analyticsHandlers(core),
    ...actionsHandlers(core),
    ...dashboardHandlers(core),
  } satisfies IpcHandlers;
  return handlers;
}
