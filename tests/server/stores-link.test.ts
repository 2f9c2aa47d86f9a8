/**
 * Linking Ozon stores against the sandbox over loopback, on SQLite and
 * PostgreSQL: good, bad, expired, revoked and deactivated keys; list/get/
 * check/unlink; keys never in responses or logs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/sandbox/index';
import { DB_KINDS, setupOwner, startHarness, type Harness, type Owner } from './support/harness';
import { MASTER_KEY, sandbox } from '../helpers/ozon-sandbox';

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await sandbox({ stores: 5, products: 30 });
});
afterAll(async () => sb?.close());

describe.each(DB_KINDS)('store linking (%s)', (kind) => {
  let h: Harness;
  let owner: Owner;
  const logs: string[] = [];
  const token = () => owner.auth.tokens.accessToken;
  const link = (store: number, extra: Record<string, unknown> = {}) =>
    h.request('POST', '/api/v1/stores', { token: token(), body: { name: `Shop ${store}`, clientId: sb.stores[store]!.clientId, apiKey: sb.stores[store]!.apiKey, ...extra } });

  beforeAll(async () => {
    h = await startHarness(kind, {
      keyVault: 'encrypted',
      masterKey: MASTER_KEY,
      logLevel: 'debug',
      logStream: { write: (m: string) => void logs.push(m) },
      ozon: { sellerUrl: sb.url, autoImport: false, retry: { maxAttempts: 2, baseDelayMs: 10 } },
    });
    owner = await setupOwner(h);
  });
  afterAll(async () => h?.close());

  it('links a store with a good key and never returns the key', async () => {
    const res = await link(0, { performance: { clientId: sb.stores[0]!.performance.clientId, clientSecret: sb.stores[0]!.performance.clientSecret } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Shop 0', clientId: sb.stores[0]!.clientId, status: 'active', keyWarning: null, hasPerformanceApi: true, lastCheckError: null });
    expect(Date.parse(res.body.keyExpiresAt)).toBeGreaterThan(Date.now());
    expect(res.body.sellerName).toBe(sb.stores[0]!.name);
    expect(JSON.stringify(res.body)).not.toContain(sb.stores[0]!.apiKey);
    const list = await h.request('GET', '/api/v1/stores', { token: token() });
    expect(list.body.stores).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(sb.stores[0]!.apiKey);
    // at rest: only ciphertext in the database
    const secrets = await h.built.db.selectFrom('store_secrets').selectAll().execute();
    expect(secrets).toHaveLength(1);
    expect(JSON.stringify(secrets)).not.toContain(sb.stores[0]!.apiKey);
    expect(await h.built.stores.vault.get(res.body.id)).toMatchObject({ apiKey: sb.stores[0]!.apiKey });
  });

  it('refuses a second link of the same Client-Id', async () => {
    const res = await link(0);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('STORE_ALREADY_LINKED');
  });

  it('refuses a wrong key with OZON_KEY_INVALID and stores nothing', async () => {
    const res = await h.request('POST', '/api/v1/stores', { token: token(), body: { name: 'Bad', clientId: sb.stores[1]!.clientId, apiKey: '00000000-0000-0000-0000-000000000000' } });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('OZON_KEY_INVALID');
    const list = await h.request('GET', '/api/v1/stores', { token: token() });
    expect(list.body.stores).toHaveLength(1);
  });

  it('tells a revoked key from an expired one on check', async () => {
    const a = await link(1);
    expect(a.status).toBe(200);
    sb.control.revokeKey(sb.stores[1]!.clientId);
    const revoked = await h.request('POST', `/api/v1/stores/${a.body.id}/check`, { token: token() });
    expect(revoked.status).toBe(422);
    expect(revoked.body.code).toBe('OZON_KEY_REVOKED');
    const got = await h.request('GET', `/api/v1/stores/${a.body.id}`, { token: token() });
    expect(got.body).toMatchObject({ status: 'key_revoked', lastCheckError: 'OZON_KEY_REVOKED' });
    sb.control.restoreKey(sb.stores[1]!.clientId);

    // a key that expires in 1.5 s: the check warns, then reports it expired
    sb.control.expireKey(sb.stores[1]!.clientId, Date.now() + 1500);
    const soon = await h.request('POST', `/api/v1/stores/${a.body.id}/check`, { token: token() });
    expect(soon.status).toBe(200);
    expect(soon.body).toMatchObject({ status: 'active', keyWarning: 'expires_soon' });
    await new Promise((r) => setTimeout(r, 1700));
    const expired = await h.request('POST', `/api/v1/stores/${a.body.id}/check`, { token: token() });
    expect(expired.body.code).toBe('OZON_KEY_EXPIRED');
    const after = await h.request('GET', `/api/v1/stores/${a.body.id}`, { token: token() });
    expect(after.body).toMatchObject({ status: 'key_expired', keyWarning: 'expired' });
    sb.control.restoreKey(sb.stores[1]!.clientId);
    const back = await h.request('POST', `/api/v1/stores/${a.body.id}/check`, { token: token() });
    expect(back.body).toMatchObject({ status: 'active', keyWarning: null, lastCheckError: null });
  });

  it('a deactivated key at link time is OZON_KEY_DEACTIVATED (expired or revoked, Ozon does not say)', async () => {
    sb.control.revokeKey(sb.stores[2]!.clientId);
    const res = await link(2);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('OZON_KEY_DEACTIVATED');
    sb.control.restoreKey(sb.stores[2]!.clientId);
  });

  it('reports an unreachable Ozon with OZON_UNREACHABLE', async () => {
    const h2 = await startHarness(kind, { keyVault: 'encrypted', masterKey: MASTER_KEY, ozon: { sellerUrl: 'http://127.0.0.1:9', autoImport: false, retry: { maxAttempts: 2, baseDelayMs: 5 } } });
    try {
      const o = await setupOwner(h2);
      const res = await h2.request('POST', '/api/v1/stores', { token: o.auth.tokens.accessToken, body: { name: 'X', clientId: sb.stores[3]!.clientId, apiKey: sb.stores[3]!.apiKey } });
      expect(res.status).toBe(502);
      expect(res.body.code).toBe('OZON_UNREACHABLE');
    } finally {
      await h2.close();
    }
  });

  it('refuses to store keys without a master key', async () => {
    const h2 = await startHarness(kind, { keyVault: 'encrypted', ozon: { sellerUrl: sb.url, autoImport: false } });
    try {
      const o = await setupOwner(h2);
      const res = await h2.request('POST', '/api/v1/stores', { token: o.auth.tokens.accessToken, body: { name: 'X', clientId: sb.stores[3]!.clientId, apiKey: sb.stores[3]!.apiKey } });
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('KEY_VAULT_UNAVAILABLE');
      expect((await h2.request('GET', '/api/v1/stores', { token: o.auth.tokens.accessToken })).body.stores).toHaveLength(0);
    } finally {
      await h2.close();
    }
  });

  it('requires sign-in and a valid body', async () => {
    expect((await h.request('GET', '/api/v1/stores')).status).toBe(401);
    const bad = await h.request('POST', '/api/v1/stores', { token: token(), body: { name: 'X', clientId: 'abc', apiKey: 'k' } });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it('unlinks: keys leave the vault, data and checkpoints go, the feed says so', async () => {
    const list = await h.request('GET', '/api/v1/stores', { token: token() });
    const id = list.body.stores[0].id as string;
    const res = await h.request('DELETE', `/api/v1/stores/${id}`, { token: token() });
    expect(res.status).toBe(200);
    expect(await h.built.stores.vault.get(id)).toBeNull();
    expect((await h.request('GET', `/api/v1/stores/${id}`, { token: token() })).status).toBe(404);
    const feed = await h.built.db.selectFrom('change_feed').selectAll().where('row_key', '=', id).orderBy('seq').execute();
    expect(feed.at(-1)).toMatchObject({ entity: 'store', op: 'delete' });
  });

  it('never logged an Api-Key', () => {
    const all = logs.join('');
    expect(all.length).toBeGreaterThan(0);
    for (const s of sb.stores) expect(all).not.toContain(s.apiKey);
  });
});
