import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, PASSWORD, login, setupOwner, sleep, startHarness, type Harness, type Owner } from './support/harness';

describe.each(DB_KINDS)('sessions, refresh rotation and passwords (%s)', (kind) => {
  let h: Harness;
  let owner: Owner;

  beforeAll(async () => {
    h = await startHarness(kind, { limits: { resendCooldownSeconds: 0 } });
    owner = await setupOwner(h);
  });
  afterAll(async () => h?.close());

  const signIn = async (pw = owner.password) => {
    const res = await login(h, owner.email, pw, owner.device);
    expect(res.body.status).toBe('authenticated');
    return res.body as { tokens: { accessToken: string; refreshToken: string }; sessionId: string };
  };

  it('refresh rotates tokens; reusing a rotated refresh token revokes the whole session', async () => {
    const s = await signIn();
    const r1 = await h.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: s.tokens.refreshToken } });
    expect(r1.status).toBe(200);
    expect(r1.body.refreshToken).not.toBe(s.tokens.refreshToken);
    expect((await h.request('GET', '/api/v1/me', { token: r1.body.accessToken })).status).toBe(200);

    const reuse = await h.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: s.tokens.refreshToken } });
    expect(reuse.status).toBe(401);
    expect(reuse.body.code).toBe('REFRESH_TOKEN_REUSED');
    // the legitimate new tokens die with the session
    expect((await h.request('GET', '/api/v1/me', { token: r1.body.accessToken })).body.code).toBe('UNAUTHENTICATED');
    expect((await h.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: r1.body.refreshToken } })).body.code).toBe('REFRESH_TOKEN_INVALID');
    const garbage = await h.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: 'sdr_garbage-garbage' } });
    expect(garbage.body.code).toBe('REFRESH_TOKEN_INVALID');

    const fresh = await signIn();
    const events = await h.request('GET', '/api/v1/me/security-events', { token: fresh.tokens.accessToken });
    expect(events.body.events.map((e: { type: string }) => e.type)).toContain('refresh_reuse_detected');
    // only hashes are stored
    const stored = await h.built.db.selectFrom('refresh_tokens').select('token_hash').execute();
    expect(stored.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
  });

  it('lists sessions, revokes one (immediately effective), logout revokes the current one', async () => {
    const a = await signIn();
    const b = await signIn();
    const list = await h.request('GET', '/api/v1/me/sessions', { token: a.tokens.accessToken });
    const ids = list.body.sessions.map((x: { id: string }) => x.id);
    expect(ids).toEqual(expect.arrayContaining([a.sessionId, b.sessionId]));
    expect(list.body.sessions.find((x: { id: string }) => x.id === a.sessionId).current).toBe(true);
    expect(list.body.sessions[0]).toMatchObject({ deviceName: owner.device.name, platform: 'windows', ip: '127.0.0.1' });

    const del = await h.request('DELETE', `/api/v1/me/sessions/${b.sessionId}`, { token: a.tokens.accessToken });
    expect(del.body).toEqual({ ok: true });
    expect((await h.request('GET', '/api/v1/me', { token: b.tokens.accessToken })).body.code).toBe('UNAUTHENTICATED');
    expect((await h.request('DELETE', `/api/v1/me/sessions/${b.sessionId}`, { token: a.tokens.accessToken })).body.code).toBe('NOT_FOUND');

    const out = await h.request('POST', '/api/v1/auth/logout', { token: a.tokens.accessToken });
    expect(out.body).toEqual({ ok: true });
    expect((await h.request('GET', '/api/v1/me', { token: a.tokens.accessToken })).status).toBe(401);
    expect((await h.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: a.tokens.refreshToken } })).body.code).toBe('REFRESH_TOKEN_INVALID');
  });

  it('changing the password needs the current one, refuses weak/same ones, revokes other sessions', async () => {
    const keep = await signIn();
    const other = await signIn();
    const wrong = await h.request('POST', '/api/v1/me/password', { token: keep.tokens.accessToken, body: { currentPassword: 'not-the-password', newPassword: 'Brand-New-Passphrase-7' } });
    expect(wrong.body.code).toBe('WRONG_PASSWORD');
    const same = await h.request('POST', '/api/v1/me/password', { token: keep.tokens.accessToken, body: { currentPassword: owner.password, newPassword: owner.password } });
    expect(same.body.code).toBe('PASSWORD_SAME_AS_OLD');
    const common = await h.request('POST', '/api/v1/me/password', { token: keep.tokens.accessToken, body: { currentPassword: owner.password, newPassword: 'qwertyuiop' } });
    expect(common.body.code).toBe('PASSWORD_TOO_COMMON');
    const since = Date.now();
    const ok = await h.request('POST', '/api/v1/me/password', { token: keep.tokens.accessToken, body: { currentPassword: owner.password, newPassword: 'Brand-New-Passphrase-7' } });
    expect(ok.body).toEqual({ ok: true });
    owner.password = 'Brand-New-Passphrase-7';
    expect((await h.request('GET', '/api/v1/me', { token: keep.tokens.accessToken })).status).toBe(200);
    expect((await h.request('GET', '/api/v1/me', { token: other.tokens.accessToken })).status).toBe(401);
    const notice = await h.waitForOutbox(owner.email, since, (m) => m.subject === 'Your password was changed');
    expect(notice.body).not.toContain(owner.password);
    expect((await login(h, owner.email, PASSWORD, owner.device)).status).toBe(401);
  });

  it('forgot always answers Ok; reset revokes every session and sends a notice', async () => {
    const s1 = await signIn();
    const unknown = await h.request('POST', '/api/v1/auth/password/forgot', { body: { identifier: 'nobody@example.com' } });
    expect(unknown.body).toEqual({ ok: true });
    const since = Date.now();
    const known = await h.request('POST', '/api/v1/auth/password/forgot', { body: { identifier: owner.email, locale: 'ru' } });
    expect(known.body).toEqual({ ok: true });
    const code = await h.waitForCode(owner.email, since);
    const [mail] = await h.outbox(owner.email);
    expect(mail!.subject).toBe('Сброс пароля Sellerdesk');

    const bad = await h.request('POST', '/api/v1/auth/password/reset', { body: { identifier: owner.email, code: '000000', newPassword: 'Yet-Another-Passphrase-3' } });
    expect(bad.body.code).toBe('INVALID_CODE');
    const ghost = await h.request('POST', '/api/v1/auth/password/reset', { body: { identifier: 'nobody@example.com', code, newPassword: 'Yet-Another-Passphrase-3' } });
    expect(ghost.body).toEqual(bad.body);
    const weak = await h.request('POST', '/api/v1/auth/password/reset', { body: { identifier: owner.email, code, newPassword: 'short' } });
    expect(weak.body.code).toBe('PASSWORD_TOO_SHORT');
    const ok = await h.request('POST', '/api/v1/auth/password/reset', { body: { identifier: owner.email, code, newPassword: 'Yet-Another-Passphrase-3' } });
    expect(ok.body).toEqual({ ok: true });
    owner.password = 'Yet-Another-Passphrase-3';
    expect((await h.request('GET', '/api/v1/me', { token: s1.tokens.accessToken })).status).toBe(401);
    const used = await h.request('POST', '/api/v1/auth/password/reset', { body: { identifier: owner.email, code, newPassword: 'Yet-Another-Passphrase-4' } });
    expect(used.body.code).toBe('INVALID_CODE');
    await h.waitForOutbox(owner.email, since, (m) => m.subject === 'Пароль сброшен' || m.subject === 'Your password was reset');
    const s2 = await signIn();
    const events = await h.request('GET', '/api/v1/me/security-events', { token: s2.tokens.accessToken });
    expect(events.body.events.map((e: { type: string }) => e.type)).toContain('password_reset');
  });

  it('a reset code dies after maxCodeAttempts wrong guesses', async () => {
    const since = Date.now() + 1;
    await sleep(2);
    await h.request('POST', '/api/v1/auth/password/forgot', { body: { identifier: owner.email } });
    const code = await h.waitForCode(owner.email, since);
    for (let i = 0; i < 5; i++) await h.request('POST', '/api/v1/auth/password/reset', { body: { identifier: owner.email, code: '111111', newPassword: 'Whatever-Passphrase-11' } });
    const late = await h.request('POST', '/api/v1/auth/password/reset', { body: { identifier: owner.email, code, newPassword: 'Whatever-Passphrase-11' } });
    expect(late.body.code).toBe('INVALID_CODE');
  });
});

describe.each(DB_KINDS)('access token lifetime (%s)', (kind) => {
  it('expires access tokens after accessTtlSeconds and never issues more than 15 minutes', async () => {
    const h = await startHarness(kind, { limits: { accessTtlSeconds: 1 } });
    try {
      const owner = await setupOwner(h);
      expect((await h.request('GET', '/api/v1/me', { token: owner.auth.tokens.accessToken })).status).toBe(200);
      await sleep(1100);
      expect((await h.request('GET', '/api/v1/me', { token: owner.auth.tokens.accessToken })).body.code).toBe('UNAUTHENTICATED');
      const r = await h.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: owner.auth.tokens.refreshToken } });
      expect((await h.request('GET', '/api/v1/me', { token: r.body.accessToken })).status).toBe(200);
    } finally {
      await h.close();
    }
    const h2 = await startHarness(kind, { limits: { accessTtlSeconds: 86_400 } });
    try {
      const owner = await setupOwner(h2, { email: 'x@example.com' });
      expect(Date.parse(owner.auth.tokens.accessExpiresAt) - Date.now()).toBeLessThanOrEqual(900_000);
    } finally {
      await h2.close();
    }
  });
});
