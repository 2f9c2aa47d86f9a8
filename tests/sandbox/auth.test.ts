/** Auth: missing, wrong, revoked and expired keys; /v1/roles expiry; control API guard. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/sandbox/index';
import { boot, call, control } from './helpers';

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await boot({ products: 10, historyDays: 0 });
});
afterAll(async () => sb?.close());

describe('Seller API authentication', () => {
  it('missing Client-Id or Api-Key → 401 code 16', async () => {
    for (const headers of [{ 'Client-Id': '' }, { 'Api-Key': '' }] as Record<string, string>[]) {
      const r = await call(sb, '/v1/roles', {}, { headers });
      expect(r.status).toBe(401);
      expect(r.json).toEqual({ code: 16, message: 'Client-Id and Api-Key headers are required', details: [] });
    }
  });

  it('wrong key or unknown Client-Id → 403 code 7 "Invalid Api-Key"', async () => {
    const wrong = await call(sb, '/v1/roles', {}, { headers: { 'Api-Key': '00000000-0000-4000-8000-000000000000' } });
    expect(wrong.status).toBe(403);
    expect(wrong.json).toMatchObject({ code: 7, message: 'Invalid Api-Key, please contact support' });
    const other = await call(sb, '/v1/roles', {}, { headers: { 'Client-Id': '1' } });
    expect(other.status).toBe(403);
    // a valid key of store 2 does not open store 1
    const cross = await call(sb, '/v1/roles', {}, { headers: { 'Api-Key': sb.stores[1]!.apiKey } });
    expect(cross.status).toBe(403);
  });

  it('revoked key → 403 "Api-key is deactivated"; restore brings it back', async () => {
    const cid = sb.stores[0]!.clientId;
    await control(sb, '/keys/revoke', { client_id: cid });
    const r = await call(sb, '/v3/product/list', { limit: 1 });
    expect(r.status).toBe(403);
    expect(r.json.message).toBe('Api-key is deactivated, use another one or generate a new one');
    expect((await call(sb, '/v1/roles', {}, { store: 1 })).status).toBe(200);
    await control(sb, '/keys/restore', { client_id: cid });
    expect((await call(sb, '/v3/product/list', { limit: 1 })).status).toBe(200);
  });

  it('/v1/roles reports expires_at; the key stops working once the clock passes it', async () => {
    const cid = sb.stores[0]!.clientId;
    const at = Date.now() + 120_000;
    sb.control.expireKey(cid, at);
    const roles = await call(sb, '/v1/roles', {});
    expect(roles.status).toBe(200);
    expect(Date.parse(roles.json.expires_at)).toBe(at);
    expect(roles.json.roles[0].methods).toContain('/v4/posting/fbs/list');
    await sb.advance(121);
    const r = await call(sb, '/v1/roles', {});
    expect(r.status).toBe(403);
    expect(r.json.code).toBe(7);
    sb.control.restoreKey(cid);
    expect((await call(sb, '/v1/roles', {})).status).toBe(200);
  });

  it('control API requires its own token and ignores Seller API headers', async () => {
    const r = await fetch(`${sb.url}/__sandbox/state`, { headers: { 'Client-Id': sb.stores[0]!.clientId, 'Api-Key': sb.stores[0]!.apiKey } });
    expect(r.status).toBe(403);
    const ok = await control(sb, '/state');
    expect(ok.stores).toHaveLength(2);
  });

  it('unknown method → 404 code 5; switched-off v3 FBS list → 501 pointing to v4', async () => {
    const nf = await call(sb, '/v9/nothing/here', {});
    expect(nf.status).toBe(404);
    expect(nf.json.code).toBe(5);
    const off = await call(sb, '/v3/posting/fbs/list', { limit: 1 });
    expect(off.status).toBe(501);
    expect(off.json.message).toContain('/v4/posting/fbs/list');
  });
});
