import type { CoreContext } from '../../core/core';
import type { IpcHandlers } from '../types';
import { accountHandlers } from './account';
import { appHandlers } from './app';
import { authHandlers } from './auth';
import { securityHandlers } from './security';
import { sessionsHandlers } from './sessions';
import { setupHandlers } from './setup';
import { staffHandlers } from './staff';
import { supportHandlers } from './support';

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
  } satisfies IpcHandlers;
  return handlers;
}
