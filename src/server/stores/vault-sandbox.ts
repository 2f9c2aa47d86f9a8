/**
 * Keys of sandbox stores (the app's demo store, a rehearsal against `npm run
 * sandbox`), kept in the server database as they are. They are not Ozon
 * keys: the sandbox made them up, and a sandbox store's client only ever
 * talks to its sandbox URL (a store cannot be repointed to Ozon,
 * StoreService.repoint). So trying Sellerdesk never depends on the OS
 * keychain or a master key, which a fresh Linux desktop may not have.
 * Rows share `store_secrets` with the encrypted vault, marked by key_id
 * SANDBOX_KEY_ID with no IV or tag; the store's key_ref says which vault
 * reads them, so the encrypted vault never sees one.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { nowIso } from '../db/ids';
import { parseSecrets, putSecretRow, VaultUnavailableError, type StoreKeyVault, type StoreSecrets } from './vault';

export const SANDBOX_KEY_ID = 'sandbox-plain';

export class SandboxVault implements StoreKeyVault {
  readonly kind = 'sandbox' as const;

  constructor(private readonly db: Kysely<DB>) {}

  async put(storeId: string, secrets: StoreSecrets): Promise<void> {
    const row = { store_id: storeId, key_id: SANDBOX_KEY_ID, iv: '', tag: '', ciphertext: JSON.stringify(secrets), created_at: nowIso() };
    await putSecretRow(this.db, row);
  }

  async get(storeId: string): Promise<StoreSecrets | null> {
    const row = await this.db.selectFrom('store_secrets').select(['key_id', 'ciphertext']).where('store_id', '=', storeId).executeTakeFirst();
    if (!row) return null;
    if (row.key_id !== SANDBOX_KEY_ID) throw new VaultUnavailableError('the stored keys of this sandbox store are not in the sandbox vault');
    return parseSecrets(row.ciphertext);
  }

  async delete(storeId: string): Promise<void> {
    await this.db.deleteFrom('store_secrets').where('store_id', '=', storeId).execute();
  }
}
