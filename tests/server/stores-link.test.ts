/**
 * Linking Ozon stores against the sandbox over loopback, on SQLite and
 * PostgreSQL: good, bad, expired, revoked and deactivated keys; list/get/
 * check/unlink; keys never in responses or logs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/sandbox/index';
import { parseSandboxUrls } from '../../src/server/config';
import { enqueueExport } from '../../src/server/jobs/enqueue';
import { TABLES } from '../../src/server/store-data/tables';
import { applyRows } from '../../src/server/store-data/upsert';
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

/**
 * Per-store endpoint: this server's Ozon URL goes nowhere (port 9), yet a
 * sandbox store links and works through its own URL, while a real store on
 * the same server still goes to the configured Ozon URL. The server alone
 * decides which sandbox URLs are allowed.
 */
describe.each(DB_KINDS)('per-store endpoint (%s)', (kind) => {
  let h: Harness;
  let owner: Owner;
  const token = () => owner.auth.tokens.accessToken;
  const linkSandbox = (store: number, url: string) =>
    h.request('POST', '/api/v1/stores', { token: token(), body: { name: `Sandbox ${store}`, clientId: sb.stores[store]!.clientId, apiKey: sb.stores[store]!.apiKey, endpoint: { kind: 'sandbox', url } } });

  beforeAll(async () => {
    h = await startHarness(kind, { keyVault: 'encrypted', masterKey: MASTER_KEY, ozon: { sellerUrl: 'http://127.0.0.1:9', autoImport: false, retry: { maxAttempts: 2, baseDelayMs: 5 } } });
    owner = await setupOwner(h);
  });
  afterAll(async () => h?.close());

  it('links a sandbox store at its own URL; a real store still goes to Ozon', async () => {
    const real = await h.request('POST', '/api/v1/stores', { token: token(), body: { name: 'Real', clientId: sb.stores[3]!.clientId, apiKey: sb.stores[3]!.apiKey } });
    expect(real.status).toBe(502);
    expect(real.body.code).toBe('OZON_UNREACHABLE');
    const res = await linkSandbox(3, sb.url.replace('127.0.0.1', 'localhost') + '/');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ endpoint: 'sandbox', status: 'active', sellerName: sb.stores[3]!.name });
    const row = await h.built.db.selectFrom('stores').selectAll().where('id', '=', res.body.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ endpoint_kind: 'sandbox', endpoint_url: sb.url.replace('127.0.0.1', 'localhost') });
    // its client (imports, exports, checks) goes to the sandbox
    const checked = await h.request('POST', `/api/v1/stores/${res.body.id}/check`, { token: token() });
    expect(checked.status).toBe(200);
    const client = await h.built.stores.clientFor(row);
    expect(client.baseUrl).toBe(row.endpoint_url);
  });

  it('refuses sandbox URLs that are not loopback http, decided on the parsed URL', async () => {
    const port = new URL(sb.url).port;
    for (const url of [`http://10.0.0.1:${port}`, `http://127.0.0.1.nip.io:${port}`, `https://127.0.0.1:${port}`, `http://user:pw@127.0.0.1:${port}`, `file:///etc/passwd`, 'not a url', `http://169.254.169.254/latest`, `http://example.com/?x=http://127.0.0.1`]) {
      const res = await linkSandbox(4, url);
      expect(res.status, url).toBe(400);
      expect(res.body.code, url).toBe('VALIDATION_FAILED');
    }
    // a real store never takes a URL from the client
    const sneaky = await h.request('POST', '/api/v1/stores', { token: token(), body: { name: 'X', clientId: sb.stores[4]!.clientId, apiKey: sb.stores[4]!.apiKey, endpoint: { kind: 'ozon', url: sb.url } } });
    expect(sneaky.status).toBe(400);
    expect((await h.request('GET', '/api/v1/stores', { token: token() })).body.stores).toHaveLength(1);
  });

  it('repoints a sandbox store (verified at the new URL), never a real one', async () => {
    const list = (await h.request('GET', '/api/v1/stores', { token: token() })).body.stores as { id: string; endpoint: string }[];
    const sandboxStore = list.find((s) => s.endpoint === 'sandbox')!;
    const moved = await h.request('PUT', `/api/v1/stores/${sandboxStore.id}/endpoint`, { token: token(), body: { url: sb.url } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect((await h.built.db.selectFrom('stores').select('endpoint_url').where('id', '=', sandboxStore.id).executeTakeFirstOrThrow()).endpoint_url).toBe(sb.url);
    const away = await h.request('PUT', `/api/v1/stores/${sandboxStore.id}/endpoint`, { token: token(), body: { url: 'http://192.168.1.10:8788' } });
    expect(away.status).toBe(400);
    // a real-Ozon store row (linked on another server config) cannot be moved to a custom URL
    await h.built.db.updateTable('stores').set({ endpoint_kind: 'ozon', endpoint_url: null }).where('id', '=', sandboxStore.id).execute();
    const real = await h.request('PUT', `/api/v1/stores/${sandboxStore.id}/endpoint`, { token: token(), body: { url: sb.url } });
    expect(real.status).toBe(403);
    await h.built.db.updateTable('stores').set({ endpoint_kind: 'sandbox', endpoint_url: sb.url }).where('id', '=', sandboxStore.id).execute();
  });

  it('unlink purges queued export items and tells clients to drop every row', async () => {
    const list = (await h.request('GET', '/api/v1/stores', { token: token() })).body.stores as { id: string }[];
    const id = list[0]!.id;
    const ws = (await h.built.db.selectFrom('stores').select('workspace_id').where('id', '=', id).executeTakeFirstOrThrow()).workspace_id;
    await h.built.stores.events?.unlinking(id); // workers off: the queued item must stay queued until the unlink
    const scope = { workspaceId: ws, storeId: id };
    await h.built.db.transaction().execute(async (trx) => {
      await applyRows(trx, TABLES.product, scope, [1, 2, 3].map((i) => ({ key: [String(700 + i)], data: { productId: String(700 + i), price: '10.00' } })));
      await enqueueExport(trx, { workspaceId: ws, storeId: id, kind: 'price', key: '701', values: { price: '11.00' } });
    });
    expect((await h.built.db.selectFrom('job_items').select('id').where('store_id', '=', id).execute()).length).toBe(1);
    const res = await h.request('DELETE', `/api/v1/stores/${id}`, { token: token() });
    expect(res.status).toBe(200);
    expect(await h.built.db.selectFrom('job_items').select('id').where('store_id', '=', id).execute()).toEqual([]);
    expect(await h.built.db.selectFrom('jobs').select('id').where('store_id', '=', id).execute()).toEqual([]);
    expect(await h.built.db.selectFrom('products').select('product_id').where('store_id', '=', id).execute()).toEqual([]);
    const feed = await h.built.db.selectFrom('change_feed').select(['entity', 'row_key', 'op']).where('store_id', '=', id).orderBy('seq', 'desc').limit(4).execute();
    expect(feed[0]).toMatchObject({ entity: 'store', row_key: id, op: 'delete' });
    expect(feed.slice(1).map((f) => [f.entity, f.op, f.row_key]).sort()).toEqual([
      ['product', 'delete', '701'],
      ['product', 'delete', '702'],
      ['product', 'delete', '703'],
    ]);
  });

  it('a server with OZON_SANDBOX_URLS=off links no sandbox store; an allow-list admits exactly its URLs', async () => {
    expect(parseSandboxUrls('off')).toBe('off');
    expect(parseSandboxUrls('http://sandbox.internal:8788/, https://sb.example.com/ozon')).toEqual(['http://sandbox.internal:8788', 'https://sb.example.com/ozon']);
    expect(() => parseSandboxUrls('ftp://x')).toThrow();
    const off = await startHarness(kind, { keyVault: 'encrypted', masterKey: MASTER_KEY, ozon: { sandboxUrls: 'off', autoImport: false } });
    try {
      const o = await setupOwner(off);
      const res = await off.request('POST', '/api/v1/stores', { token: o.auth.tokens.accessToken, body: { name: 'S', clientId: sb.stores[4]!.clientId, apiKey: sb.stores[4]!.apiKey, endpoint: { kind: 'sandbox', url: sb.url } } });
      expect(res.status).toBe(400);
    } finally {
      await off.close();
    }
    const listed = await startHarness(kind, { keyVault: 'encrypted', masterKey: MASTER_KEY, ozon: { sandboxUrls: [sb.url], autoImport: false } });
    try {
      const o = await setupOwner(listed);
      const other = await listed.request('POST', '/api/v1/stores', { token: o.auth.tokens.accessToken, body: { name: 'S', clientId: sb.stores[4]!.clientId, apiKey: sb.stores[4]!.apiKey, endpoint: { kind: 'sandbox', url: 'http://127.0.0.1:1' } } });
      expect(other.status).toBe(400);
      const ok = await listed.request('POST', '/api/v1/stores', { token: o.auth.tokens.accessToken, body: { name: 'S', clientId: sb.stores[4]!.clientId, apiKey: sb.stores[4]!.apiKey, endpoint: { kind: 'sandbox', url: sb.url } } });
      expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    } finally {
      await listed.close();
    }
  });
});

/**
 * A server whose vault cannot store Ozon keys (here: no master key; on a
 * desktop: no OS keychain, as on a fresh Linux session) still links a
 * sandbox store: its made-up keys live in the database (vault-sandbox.ts).
 * A real store is refused as before, and nothing of it is stored.
 */
describe.each(DB_KINDS)('sandbox stores without a usable key vault (%s)', (kind) => {
  let h: Harness;
  let owner: Owner;
  const token = () => owner.auth.tokens.accessToken;
  beforeAll(async () => {
    h = await startHarness(kind, { keyVault: 'encrypted', ozon: { sellerUrl: sb.url, autoImport: false, retry: { maxAttempts: 2, baseDelayMs: 5 } } });
    owner = await setupOwner(h);
  });
  afterAll(async () => h?.close());

  it('links, checks and unlinks a sandbox store; a real store is still refused', async () => {
    const s = sb.stores[2]!;
    const real = await h.request('POST', '/api/v1/stores', { token: token(), body: { name: 'Real', clientId: s.clientId, apiKey: s.apiKey } });
    expect(real.status).toBe(503);
    expect(real.body.code).toBe('KEY_VAULT_UNAVAILABLE');
    expect(await h.built.db.selectFrom('store_secrets').selectAll().execute()).toHaveLength(0);

    const linked = await h.request('POST', '/api/v1/stores', { token: token(), body: { name: 'Demo', clientId: s.clientId, apiKey: s.apiKey, endpoint: { kind: 'sandbox', url: sb.url } } });
    expect(linked.status).toBe(200);
    expect(linked.body).toMatchObject({ endpoint: 'sandbox', status: 'active', sellerName: s.name });
    expect(JSON.stringify(linked.body)).not.toContain(s.apiKey);
    const id = linked.body.id as string;
    expect((await h.built.db.selectFrom('stores').select('key_ref').where('id', '=', id).executeTakeFirstOrThrow()).key_ref).toBe('sandbox');
    expect(await h.built.stores.secretsFor({ id, key_ref: 'sandbox' })).toEqual({ apiKey: s.apiKey });
    // the configured vault (encrypted, no master key) never holds it, and cannot be made to read it
    await expect(h.built.stores.vault.get(id)).rejects.toThrow();

    // its client is built from those keys: a check reaches the sandbox and verifies the key there
    const checked = await h.request('POST', `/api/v1/stores/${id}/check`, { token: token() });
    expect(checked.status).toBe(200);
    expect(checked.body).toMatchObject({ status: 'active' });

    const gone = await h.request('DELETE', `/api/v1/stores/${id}`, { token: token() });
    expect(gone.status).toBe(200);
    expect(await h.built.db.selectFrom('store_secrets').selectAll().where('store_id', '=', id).execute()).toHaveLength(0);
  });
});
