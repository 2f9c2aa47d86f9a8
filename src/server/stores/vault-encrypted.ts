/**
 * AES-256-GCM at rest. Each put() draws a fresh 96-bit IV; the store id is the
 * additional authenticated data, so a record copied onto another store fails
 * to decrypt; the 128-bit tag is verified on every get (tampering throws).
 * Without SELLERDESK_MASTER_KEY the vault refuses to store (and to read).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { nowIso } from '../db/ids';
import { parseSecrets, putSecretRow, VaultUnavailableError, type StoreKeyVault, type StoreSecrets } from './vault';

/** 32 bytes as 64 hex chars or base64; anything else is refused (no weak passphrases). */
export function decodeMasterKey(text: string | undefined): Buffer | null {
  if (!text) return null;
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  const b = Buffer.from(t, 'base64');
  if (b.length === 32 && /^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) return b;
  throw new VaultUnavailableError('SELLERDESK_MASTER_KEY must be 32 bytes: 64 hex characters or base64');
}

export class EncryptedVault implements StoreKeyVault {
  readonly kind = 'encrypted' as const;
  private readonly key: Buffer | null;
  /** identifies the master key (not secret): rotation can tell old records apart */
  private readonly keyId: string | null;

  constructor(
    private readonly db: Kysely<DB>,
    masterKey: string | undefined,
  ) {
    this.key = decodeMasterKey(masterKey);
    this.keyId = this.key ? createHash('sha256').update(this.key).digest('hex').slice(0, 16) : null;
  }

  private requireKey(): Buffer {
    if (!this.key) throw new VaultUnavailableError('SELLERDESK_MASTER_KEY is not set: refusing to store Ozon keys');
    return this.key;
  }

  async put(storeId: string, secrets: StoreSecrets): Promise<void> {
    const key = this.requireKey();
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(storeId, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    const row = { store_id: storeId, key_id: this.keyId!, iv: iv.toString('base64'), tag: tag.toString('base64'), ciphertext: ciphertext.toString('base64'), created_at: nowIso() };
    await putSecretRow(this.db, row);
  }

  async get(storeId: string): Promise<StoreSecrets | null> {
    const row = await this.db.selectFrom('store_secrets').selectAll().where('store_id', '=', storeId).executeTakeFirst();
    if (!row) return null;
    const key = this.requireKey();
    if (row.key_id !== this.keyId) throw new VaultUnavailableError('stored Ozon keys were encrypted with a different SELLERDESK_MASTER_KEY');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(row.iv, 'base64'));
      decipher.setAAD(Buffer.from(storeId, 'utf8'));
      decipher.setAuthTag(Buffer.from(row.tag, 'base64'));
      const plain = Buffer.concat([decipher.update(Buffer.from(row.ciphertext, 'base64')), decipher.final()]).toString('utf8');
      return parseSecrets(plain);
    } catch (e) {
      if (e instanceof VaultUnavailableError) throw e;
      // GCM auth failure: the record was altered or belongs elsewhere. Never fall back to unverified plaintext.
      throw new VaultUnavailableError('stored Ozon keys failed authentication (tampered or corrupt)');
    }
  }

  async delete(storeId: string): Promise<void> {
    await this.db.deleteFrom('store_secrets').where('store_id', '=', storeId).execute();
  }
}
