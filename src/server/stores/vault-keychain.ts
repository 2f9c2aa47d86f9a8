/**
 * The OS keychain through @napi-rs/keyring's async API (Secret Service on
 * Linux, pinned like the main process does: the kernel-keyring fallback would
 * forget keys at logout). One entry per store: service "Sellerdesk Ozon",
 * account "store:<id>", the secret is the JSON of StoreSecrets.
 */
import { parseSecrets, VaultUnavailableError, type StoreKeyVault, type StoreSecrets } from './vault';

export const KEYCHAIN_SERVICE = 'Sellerdesk Ozon';

type AsyncEntryCtor = typeof import('@napi-rs/keyring').AsyncEntry;

export class KeychainVault implements StoreKeyVault {
  readonly kind = 'keychain' as const;
  private entryCtor: Promise<AsyncEntryCtor> | null = null;

  constructor(private readonly service = KEYCHAIN_SERVICE) {}

  private async entry(storeId: string) {
    this.entryCtor ??= import('@napi-rs/keyring').then((m) => m.AsyncEntry);
    const Ctor = await this.entryCtor;
    const options = process.platform === 'linux' ? { linux: { store: 'secret-service' as const } } : undefined;
    return new Ctor(this.service, `store:${storeId}`, options);
  }

  private async guard<T>(op: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof VaultUnavailableError) throw e;
      // the keyring's message never contains the secret; keep it short anyway
      throw new VaultUnavailableError(`OS keychain ${op} failed: ${String((e as Error).message ?? e).slice(0, 120)}`);
    }
  }

  async put(storeId: string, secrets: StoreSecrets): Promise<void> {
    await this.guard('write', async () => (await this.entry(storeId)).setPassword(JSON.stringify(secrets)));
  }

  async get(storeId: string): Promise<StoreSecrets | null> {
    const v = await this.guard('read', async () => (await this.entry(storeId)).getPassword());
    return v ? parseSecrets(v) : null;
  }

  async delete(storeId: string): Promise<void> {
    await this.guard('delete', async () => {
      await (await this.entry(storeId)).deletePassword();
    });
  }
}
