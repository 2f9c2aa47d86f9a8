import type { Account } from '../../shared/http/auth';
import type { SettingsStore } from './settings';

/**
 * The last signed-in account's public profile, per server: what the
 * workstation shows when it starts without reaching the server (offline
 * start). Never holds a token: the refresh token stays in the keychain, and
 * without it a remembered profile opens nothing.
 */
export interface ProfileStore {
  load(serverKey: string): Account | null;
  save(serverKey: string, account: Account): Promise<void>;
  clear(): Promise<void>;
}

/** The profile in settings.json (`lastAccount`); one at a time, for the server it came from. */
export function settingsProfiles(settings: SettingsStore): ProfileStore {
  return {
    load(serverKey) {
      const last = settings.get().lastAccount;
      return last && last.serverKey === serverKey ? last.account : null;
    },
    async save(serverKey, account) {
      await settings.update({ lastAccount: { serverKey, account } });
    },
    async clear() {
      if (settings.get().lastAccount) await settings.update({ lastAccount: null });
    },
  };
}
