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
import type { DB } from '../db/schema';

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
