import { Account } from '../../../shared/http/auth';
import { localeFromLanguages } from '../../../shared/http/common';
import type { CoreContext } from '../../core/core';
import { AppError } from '../../core/errors';
import { isAllowedExternalUrl } from '../../security/urls';
import type { DomainHandlers } from '../types';

export function appHandlers(core: CoreContext): DomainHandlers<'app'> {
  /** the state as a window opening (or refreshing) sees it: a server that was down may be back, so re-check first */
  const freshState = async () => {
    if (core.settings.get().serverMode && core.servers.status === 'unreachable') {
      await core.requireServer().catch(() => undefined);
    }
    return core.getState();
  };
  return {
    'app:getState': freshState,
    'app:setLocale': async ({ locale }) => {
      await core.settings.update({ locale, localeChosen: true });
      if (core.session.signedIn) {
        // emails and notices follow the UI language; best effort
        try {
          core.session.setAccount(await core.session.call('PATCH', '/api/v1/me', Account, { locale }));
        } catch {
          core.logger.warn('could not store the locale on the server');
        }
      }
      core.events.emit('state:changed');
      return core.getState();
    },
    'app:suggestLocale': async ({ languages }) => {
      const s = core.settings.get();
      const guess = localeFromLanguages(languages);
      if (!s.localeChosen && guess && guess !== s.locale) {
        await core.settings.update({ locale: guess });
        core.events.emit('state:changed');
      }
      // a window's first call (it replaces app:getState there)
      return freshState();
    },
    'app:openExternal': async ({ url }) => {
      if (!isAllowedExternalUrl(url)) throw new AppError('EXTERNAL_URL_REFUSED');
      await core.openExternal(new URL(url).href);
      return { ok: true as const };
    },
  };
}
