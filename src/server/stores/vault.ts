/**
 * Where Ozon keys live. Implementations behind one interface:
 * - keychain: the OS keychain (the embedded server on the seller's machine);
 * - encrypted: AES-256-GCM records in the server database, master key from
 *   SELLERDESK_MASTER_KEY (team servers);
 * - sandbox: a sandbox store's made-up keys, in the database as they are
 *   (vault-sandbox.ts says why). The server's configured vault (keychain or
 *   encrypted) holds every real store's keys; a store's key_ref names its vault.
 * Invariant: secrets leave the vault only into an OzonClient's headers; they
 * are never logged, returned by the API, or put into error messages.
 */
import type { Kysely } from 'kysely';
import type { DB, StoreSecretsTable } from '../db/schema';

export interface StoreSecrets {
  apiKey: string;
  performance?: { clientId: string; clientSecret: string };
}

export interface StoreKeyVault {
  readonly kind: 'keychain' | 'encrypted' | 'sandbox';
  put(storeId: string, secrets: StoreSecrets): Promise<void>;
  /** null when nothing is stored for the store */
  get(storeId: string): Promise<StoreSecrets | null>;
  delete(storeId: string): Promise<void>;
}

export class VaultUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VaultUnavailableError';
  }
}

/** Writes (or replaces) a store's row of store_secrets: the one table both database vaults keep their records in. */
export async function putSecretRow(db: Kysely<DB>, row: StoreSecretsTable): Promise<void> {
  await db
    .insertInto('store_secrets')
    .values(row)
    .onConflict((oc) => oc.column('store_id').doUpdateSet({ key_id: row.key_id, iv: row.iv, tag: row.tag, ciphertext: row.ciphertext, created_at: row.created_at }))
    .execute();
}

export function parseSecrets(json: string): StoreSecrets {
  const v = JSON.parse(json) as StoreSecrets;
  if (!v || typeof v.apiKey !== 'string') throw new VaultUnavailableError('stored secret has an unexpected shape');
  return v;
}

export async function createVault(kind: 'keychain' | 'encrypted', deps: { db: Kysely<DB>; masterKey?: string; keychainService?: string }): Promise<StoreKeyVault> {
  if (kind === 'encrypted') {
    const { EncryptedVault } = await import('./vault-encrypted');
    return new EncryptedVault(deps.db, deps.masterKey);
  }
  const { KeychainVault } = await import('./vault-keychain');
  return new KeychainVault(deps.keychainService);
}
