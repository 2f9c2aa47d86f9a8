import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, PASSWORD, device, setupOwner, startHarness, uniqueEmail, type Harness, type Owner } from './support/harness';

describe.each(DB_KINDS)('workspace basics and HTTP hygiene (%s)', (kind) => {
  let h: Harness;
  let owner: Owner;

  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('reports health with the dialect and version', async () => {
    const res = await h.request('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', db: kind, version: expect.any(String) });
  });

  it('shows an uninitialized, setup-open workspace, then sets it up once', async () => {
    const before = await h.request('GET', '/api/v1/workspace/info');
    expect(before.body).toMatchObject({ initialized: false, name: null, setupOpen: true, apiVersion: 1 });

    owner = await setupOwner(h);
    expect(owner.auth.status).toBe('authenticated');
    expect(owner.auth.deviceToken).toMatch(/^sdd_/);
    expect(owner.auth.account).toMatchObject({ role: 'owner', email: owner.email, workspace: { name: 'Test Shop' }, twoFactor: { enabled: false, method: null } });
    expect(Date.parse(owner.auth.tokens.accessExpiresAt) - Date.now()).toBeLessThanOrEqual(900_000);

    const after = await h.request('GET', '/api/v1/workspace/info');
    expect(after.body).toMatchObject({ initialized: true, name: 'Test Shop', setupOpen: false });

    const again = await h.request('POST', '/api/v1/workspace/setup', {
      body: { workspaceName: 'X', name: 'Y', email: uniqueEmail(), password: PASSWORD, locale: 'en', device: device() },
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('WORKSPACE_ALREADY_INITIALIZED');
  });

  it('GET /api/v1/me works with the access token and fails without', async () => {
    const me = await h.request('GET', '/api/v1/me', { token: owner.auth.tokens.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(owner.auth.account.id);
    const anon = await h.request('GET', '/api/v1/me');
    expect(anon.status).toBe(401);
    expect(anon.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(anon.body.code).toBe('UNAUTHENTICATED');
    const bogus = await h.request('GET', '/api/v1/me', { token: 'sda_not-a-real-token-at-all' });
    expect(bogus.body.code).toBe('UNAUTHENTICATED');
  });

  it('PATCH /me updates name and locale', async () => {
    const res = await h.request('PATCH', '/api/v1/me', { token: owner.auth.tokens.accessToken, body: { name: 'Olga Petrova', locale: 'ru' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Olga Petrova', locale: 'ru' });
  });

  it('serves OpenAPI built from the zod schemas and the docs UI', async () => {
    const spec = await h.request('GET', '/docs/json');
    expect(spec.status).toBe(200);
    expect(spec.body.openapi).toBe('3.0.3');
    expect(Object.keys(spec.body.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/workspace/setup', '/api/v1/me/sessions']));
    const ui = await h.request('GET', '/docs/');
    expect(ui.status).toBe(200);
  });

  describe('problem+json for bad input', () => {
    const expectProblem = (res: { status: number; headers: any; body: any }, status: number, code: string) => {
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String) });
    };

    it('malformed JSON → MALFORMED_JSON 400', async () => {
      expectProblem(await h.request('POST', '/api/v1/auth/login', { rawBody: '{"identifier": ', headers: { 'content-type': 'application/json' } }), 400, 'MALFORMED_JSON');
    });

    it('prototype pollution payload → MALFORMED_JSON', async () => {
      const res = await h.request('POST', '/api/v1/auth/login', { rawBody: '{"__proto__":{"x":1}}', headers: { 'content-type': 'application/json' } });
      expectProblem(res, 400, 'MALFORMED_JSON');
    });

    it('wrong types and unknown fields → VALIDATION_FAILED with fields', async () => {
      const res = await h.request('POST', '/api/v1/auth/login', { body: { identifier: 42, password: true, device: { id: 'x', name: 'n', platform: 'amiga' }, admin: true } });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      const paths = res.body.fields.map((f: { path: string }) => f.path);
      expect(paths).toEqual(expect.arrayContaining(['identifier', 'password', 'device.platform', 'admin']));
      expect(res.body.fields.find((f: { path: string }) => f.path === 'admin').code).toBe('unrecognized_key');
    });

    it('missing body → VALIDATION_FAILED', async () => {
      expectProblem(await h.request('POST', '/api/v1/auth/login', { rawBody: '', headers: { 'content-type': 'application/json' } }), 400, 'VALIDATION_FAILED');
    });

    it('oversized body → PAYLOAD_TOO_LARGE 413', async () => {
      const big = JSON.stringify({ contact: 'a@b.cd', message: 'x'.repeat(70 * 1024) });
      expectProblem(await h.request('POST', '/api/v1/support/tickets', { rawBody: big, headers: { 'content-type': 'application/json' } }), 413, 'PAYLOAD_TOO_LARGE');
    });

    it('wrong content type → UNSUPPORTED_MEDIA_TYPE 415', async () => {
      expectProblem(await h.request('POST', '/api/v1/auth/login', { rawBody: 'identifier=a', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expectProblem(await h.request('POST', '/api/v1/auth/login', { rawBody: 'hello', headers: { 'content-type': 'text/plain' } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('unknown route → NOT_FOUND 404', async () => {
      expectProblem(await h.request('GET', '/api/v1/nope'), 404, 'NOT_FOUND');
      expectProblem(await h.request('DELETE', '/health'), 404, 'NOT_FOUND');
    });

    it('bad query parameters → VALIDATION_FAILED', async () => {
      const res = await h.request('GET', '/api/v1/me/security-events?limit=abc&evil=1', { token: owner.auth.tokens.accessToken });
      expectProblem(res, 400, 'VALIDATION_FAILED');
    });

    it('NUL bytes in text → VALIDATION_FAILED', async () => {
      const res = await h.request('POST', '/api/v1/support/tickets', { body: { contact: 'a@b.cd', message: 'hi\u0000there' } });
      expectProblem(res, 400, 'VALIDATION_FAILED');
    });
  });

  describe('hostile text in every field', () => {
    const NASTY = ["' OR 1=1; DROP TABLE accounts; --", '<script>alert(1)</script>', '"; DELETE FROM sessions; --', '\\x00\' UNION SELECT * FROM accounts --'];

    it('login: never 500, generic answers, nothing stored', async () => {
      for (const v of NASTY) {
        const res = await h.request('POST', '/api/v1/auth/login', { body: { identifier: v, password: v, device: { id: 'dev-x', name: v.slice(0, 100), platform: 'linux' } } });
        expect(res.status).toBeLessThan(500);
        expect(['IDENTIFIER_INVALID', 'INVALID_CREDENTIALS', 'VALIDATION_FAILED']).toContain(res.body.code);
      }
      const sessions = await h.built.db.selectFrom('sessions').select('id').execute();
      expect(sessions.length).toBeGreaterThan(0); // the owner's, tables intact
      const accounts = await h.built.db.selectFrom('accounts').select('id').execute();
      expect(accounts).toHaveLength(1);
    });

    it('forgot/reset and invitation accept: clear problems, nothing stored', async () => {
      for (const v of NASTY) {
        const f = await h.request('POST', '/api/v1/auth/password/forgot', { body: { identifier: v } });
        expect(f.status).toBeLessThan(500);
        const r = await h.request('POST', '/api/v1/auth/password/reset', { body: { identifier: v, code: v.slice(0, 16), newPassword: v } });
        expect(r.status).toBeLessThan(500);
        expect(r.headers['content-type']).toMatch(/problem\+json/);
        const a = await h.request('POST', '/api/v1/invitations/accept', { body: { email: v, code: v.slice(0, 16), name: v, password: v, device: device() } });
        expect(a.status).toBeLessThan(500);
        expect(['INVITATION_INVALID', 'PASSWORD_TOO_SHORT', 'PASSWORD_TOO_COMMON', 'VALIDATION_FAILED']).toContain(a.body.code);
      }
      expect(await h.built.db.selectFrom('accounts').select('id').execute()).toHaveLength(1);
      expect(await h.built.db.selectFrom('one_time_codes').select('id').where('purpose', '=', 'password_reset').execute()).toHaveLength(0);
    });

    it('setup with script/SQL text is refused (already initialized) and support tickets store text verbatim', async () => {
      for (const v of NASTY) {
        const s = await h.request('POST', '/api/v1/workspace/setup', { body: { workspaceName: v, name: v, email: v, password: v, locale: 'en', device: device() } });
        expect(s.status).toBe(409);
      }
      const t = await h.request('POST', '/api/v1/support/tickets', { body: { contact: NASTY[1], message: NASTY[0], identifier: NASTY[2] } });
      expect(t.status).toBe(200);
      const row = await h.built.db.selectFrom('support_tickets').selectAll().where('id', '=', t.body.ticketId).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ contact: NASTY[1], message: NASTY[0], identifier: NASTY[2], status: 'open' });
    });
  });
});

describe.each(DB_KINDS)('setup validation on a fresh server (%s)', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(async () => h?.close());

  const base = () => ({ workspaceName: 'Shop', name: 'Owner', password: PASSWORD, locale: 'en' as const, device: device() });

  it('enforces contact and password rules without creating anything', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{}, 'CONTACT_REQUIRED'],
      [{ email: 'not-an-email' }, 'EMAIL_INVALID'],
      [{ phone: '12' }, 'PHONE_INVALID'],
      [{ email: uniqueEmail(), password: 'short' }, 'PASSWORD_TOO_SHORT'],
      [{ email: uniqueEmail(), password: 'Password123' }, 'PASSWORD_TOO_COMMON'],
      [{ email: uniqueEmail(), password: 'ЙЦУКЕНГШЩЗ' }, 'PASSWORD_TOO_COMMON'],
      [{ email: uniqueEmail(), password: 'woaini1314' }, 'PASSWORD_TOO_COMMON'],
    ];
    for (const [extra, code] of cases) {
      const res = await h.request('POST', '/api/v1/workspace/setup', { body: { ...base(), ...extra } });
      expect(res.status, code).toBe(400);
      expect(res.body.code).toBe(code);
    }
    expect((await h.request('GET', '/api/v1/workspace/info')).body.initialized).toBe(false);
  });

  it('accepts a phone-only owner (normalized to E.164) who can sign in by phone', async () => {
    const d = device();
    const res = await h.request('POST', '/api/v1/workspace/setup', { body: { ...base(), device: d, phone: '8 (912) 345-67-89', locale: 'ru' } });
    expect(res.status).toBe(200);
    expect(res.body.account.phone).toBe('+79123456789');
    const login = await h.request('POST', '/api/v1/auth/login', { body: { identifier: '+7 912 345 67 89', password: PASSWORD, device: { ...d, token: res.body.deviceToken } } });
    expect(login.body.status).toBe('authenticated');
  });
});

describe('setup closed', () => {
  it('refuses setup when setupOpen is false', async () => {
    const h = await startHarness('sqlite', { setupOpen: false });
    try {
      const info = await h.request('GET', '/api/v1/workspace/info');
      expect(info.body.setupOpen).toBe(false);
      const res = await h.request('POST', '/api/v1/workspace/setup', {
        body: { workspaceName: 'S', name: 'O', email: uniqueEmail(), password: PASSWORD, locale: 'en', device: device() },
      });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    } finally {
      await h.close();
    }
  });
});
