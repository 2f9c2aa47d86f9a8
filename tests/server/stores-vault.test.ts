/** Key vaults: AES-256-GCM at rest (both DBs) and the real OS keychain (Secret Service). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EncryptedVault } from '../../src/server/stores/vault-encrypted';
import { KeychainVault } from '../../src/server/stores/vault-keychain';
import { VaultUnavailableError } from '../../src/server/stores/vault';
import { DB_KINDS, startHarness, type Harness } from './support/harness';
import { MASTER_KEY } from '../helpers/ozon-sandbox';

const SECRETS = { apiKey: 'a1b2c3d4-0000-4000-8000-123456789abc', performance: { clientId: 'perf@x', clientSecret: 's3cr3t' } };

describe.each(DB_KINDS)('encrypted vault (%s)', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind, { ozon: { autoImport: false } });
  });
  afterAll(async () => h?.close());

  it('round-trips, with a fresh IV per write and no plaintext at rest', async () => {
    const v = new EncryptedVault(h.built.db, MASTER_KEY);
    await v.put('s1', SECRETS);
    const first = await h.built.db.selectFrom('store_secrets').selectAll().where('store_id', '=', 's1').executeTakeFirstOrThrow();
    await v.put('s1', SECRETS);
    const second = await h.built.db.selectFrom('store_secrets').selectAll().where('store_id', '=', 's1').executeTakeFirstOrThrow();
    expect(second.iv).not.toBe(first.iv);
    expect(JSON.stringify(second)).not.toContain(SECRETS.apiKey);
    expect(await v.get('s1')).toEqual(SECRETS);
    await v.delete('s1');
    expect(await v.get('s1')).toBeNull();
  });

  it('detects tampering and records moved to another store', async () => {
    const v = new EncryptedVault(h.built.db, MASTER_KEY);
    await v.put('s2', SECRETS);
    const row = await h.built.db.selectFrom('store_secrets').selectAll().where('store_id', '=', 's2').executeTakeFirstOrThrow();
    const ct = Buffer.from(row.ciphertext, 'base64');
    ct[0]! ^= 1;
    await h.built.db.updateTable('store_secrets').set({ ciphertext: ct.toString('base64') }).where('store_id', '=', 's2').execute();
    await expect(v.get('s2')).rejects.toBeInstanceOf(VaultUnavailableError);
    // an intact record copied onto another store id fails its AAD check
    await v.put('s3', SECRETS);
    const good = await h.built.db.selectFrom('store_secrets').selectAll().where('store_id', '=', 's3').executeTakeFirstOrThrow();
    await h.built.db.insertInto('store_secrets').values({ ...good, store_id: 's4' }).execute();
    await expect(v.get('s4')).rejects.toThrow(/authentication/);
    // another master key cannot read it
    await expect(new EncryptedVault(h.built.db, 'ab'.repeat(32)).get('s3')).rejects.toThrow(/different SELLERDESK_MASTER_KEY/);
  });

  it('refuses to store without a master key, and rejects a weak one', async () => {
    const v = new EncryptedVault(h.built.db, undefined);
    await expect(v.put('s5', SECRETS)).rejects.toThrow(/SELLERDESK_MASTER_KEY is not set/);
    expect(() => new EncryptedVault(h.built.db, 'password')).toThrow(/32 bytes/);
  });
});

describe('keychain vault (Secret Service)', () => {
  it('round-trips through the real OS keychain', async () => {
    const v = new KeychainVault(`Sellerdesk Ozon test ${process.pid}`);
    const id = `t${Date.now()}`;
    await v.put(id, SECRETS);
    expect(await v.get(id)).toEqual(SECRETS);
    await v.delete(id);
    expect(await v.get(id)).toBeNull();
  });
});
