import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret, TOTP } from 'otpauth';
import { startSmtp, type SmtpCapture } from '../helpers/smtp';
import { DB_KINDS, PASSWORD, codeIn, device, hasCode, login, setupOwner, sleep, startHarness, type Harness, type Owner } from './support/harness';

const totpCode = (secret: string, at = Date.now()) =>
  TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30, timestamp: at });

describe.each(DB_KINDS)('two-factor authentication (%s)', (kind) => {
  let h: Harness;
  let owner: Owner;
  let token: string;
  let secret: string;
  let recovery: string[];
  /** the code that confirmed the enrolment: replayed as it was, not recomputed (a 30 s step may have passed since) */
  let enrolmentCode: string;

  beforeAll(async () => {
    h = await startHarness(kind, { limits: { resendCooldownSeconds: 1, maxSendsPerChallenge: 3 } });
    owner = await setupOwner(h, { phone: '+79031112233' });
    token = owner.auth.tokens.accessToken;
  });
  afterAll(async () => h?.close());

  it('enrols TOTP: secret, otpauth URL and QR; a wrong code is refused', async () => {
    const start = await h.request('POST', '/api/v1/me/2fa/totp/start', { token });
    expect(start.status).toBe(200);
    secret = start.body.secret;
    expect(start.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\/Sellerdesk:.*secret=/);
    expect(start.body.otpauthUrl).toContain('issuer=Sellerdesk');
    expect(start.body.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const bad = await h.request('POST', '/api/v1/me/2fa/totp/confirm', { token, body: { code: '000000' } });
    expect(bad.body.code).toBe('INVALID_CODE');
    enrolmentCode = totpCode(secret);
    const ok = await h.request('POST', '/api/v1/me/2fa/totp/confirm', { token, body: { code: enrolmentCode } });
    expect(ok.status).toBe(200);
    recovery = ok.body.codes;
    expect(recovery).toHaveLength(10);
    for (const c of recovery) expect(c).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{2}$/);
    const me = await h.request('GET', '/api/v1/me', { token });
    expect(me.body.twoFactor).toEqual({ enabled: true, method: 'totp' });
    expect(me.body.recoveryCodesRemaining).toBe(10);
    const again = await h.request('POST', '/api/v1/me/2fa/totp/start', { token });
    expect(again.body.code).toBe('TWO_FACTOR_ALREADY_ENABLED');
  });

  it('sign-in asks for TOTP; the enrolment code cannot be replayed; a fresh step works once', async () => {
    const res = await login(h, owner.email, PASSWORD, owner.device);
    expect(res.body.status).toBe('challenge');
    const ch = res.body.challenge;
    expect(ch).toMatchObject({ kind: 'two_factor', methods: ['totp', 'recovery'] });
    expect(ch.sentVia).toBeUndefined();
    // the code used during enrolment is refused (its step is the stored one, or by now outside the window)
    const replay = await h.request('POST', '/api/v1/auth/challenge/verify', { body: { challengeId: ch.id, method: 'totp', code: enrolmentCode, device: owner.device } });
    expect(replay.body.code).toBe('INVALID_CODE');
    // the next step's code is inside the ±1 window and newer than the stored step
    const next = totpCode(secret, Date.now() + 30_000);
    const ok = await h.request('POST', '/api/v1/auth/challenge/verify', { body: { challengeId: ch.id, method: 'totp', code: next, device: owner.device } });
    expect(ok.body.status).toBe('authenticated');
    expect(ok.body.deviceToken).toBeUndefined();
    // the same code on a new challenge is a replay
    const ch2 = (await login(h, owner.email, PASSWORD, owner.device)).body.challenge;
    const replay2 = await h.request('POST', '/api/v1/auth/challenge/verify', { body: { challengeId: ch2.id, method: 'totp', code: next, device: owner.device } });
    expect(replay2.body.code).toBe('INVALID_CODE');
    const sms = await h.request('POST', '/api/v1/auth/challenge/send', { body: { challengeId: ch2.id, method: 'sms' } });
    expect(sms.body.code).toBe('METHOD_NOT_AVAILABLE');
  });

  it('recovery codes are single use and counted', async () => {
    const ch = (await login(h, owner.email, PASSWORD, owner.device)).body.challenge;
    const ok = await h.request('POST', '/api/v1/auth/challenge/verify', { body: { challengeId: ch.id, method: 'recovery', code: recovery[0]!.toUpperCase(), device: owner.device } });
    expect(ok.body.status).toBe('authenticated');
    expect(ok.body.account.recoveryCodesRemaining).toBe(9);
    token = ok.body.tokens.accessToken;
    const ch2 = (await login(h, owner.email, PASSWORD, owner.device)).body.challenge;
    const again = await h.request('POST', '/api/v1/auth/challenge/verify', { body: { challengeId: ch2.id, method: 'recovery', code: recovery[0], device: owner.device } });
    expect(again.body.code).toBe('INVALID_CODE');
    const events = await h.request('GET', '/api/v1/me/security-events?limit=100', { token });
    expect(events.body.events.map((e: { type: string }) => e.type)).toContain('recovery_code_used');
  });

  it('regenerating recovery codes needs the password and invalidates the old set', async () => {
    const wrong = await h.request('POST', '/api/v1/me/2fa/recovery-codes', { token, body: { password: 'not-my-password-at-all' } });
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('WRONG_PASSWORD');
    const res = await h.request('POST', '/api/v1/me/2fa/recovery-codes', { token, body: { password: PASSWORD } });
    expect(res.body.codes).toHaveLength(10);
    const ch = (await login(h, owner.email, PASSWORD, owner.device)).body.challenge;
    const old = await h.request('POST', '/api/v1/auth/challenge/verify', { body: { challengeId: ch.id, method: 'recovery', code: recovery[1], device: owner.device } });
    expect(old.body.code).toBe('INVALID_CODE');
    const fresh = await h.request('POST', '/api/v1/auth/challenge/verify', { body: { challengeId: ch.id, method: 'recovery', code: res.body.codes[0], device: owner.device } });
    expect(fresh.body.status).toBe('authenticated');
    token = fresh.body.tokens.accessToken;
  });

  it('a new device with 2FA: new_device step first, then two_factor, deviceToken only at the end', async () => {
    const d = device();
    const since = Date.now();
    const first = await login(h, owner.email, PASSWORD, d);
    expect(first.body.challenge.kind).toBe('new_device');
    const mail = await h.waitForOutbox(owner.email, since, (m) => hasCode(m.body));
    const step2 = await h.request('POST', '/api/v1/auth/challenge/verify', { body: { challengeId: first.body.challenge.id, method: 'email', code: codeIn(mail.body), device: d } });
    expect(step2.body.status, JSON.stringify(step2.body)).toBe('challenge');
    expect(step2.body.challenge.kind).toBe('two_factor');
    expect(step2.body.deviceToken).toBeUndefined();
    // TOTP steps up to now+30 s were consumed above (replay protection), so answer with a recovery code
    const fresh = (await h.request('POST', '/api/v1/me/2fa/recovery-codes', { token, body: { password: PASSWORD } })).body.codes;
    const final = await h.request('POST', '/api/v1/auth/challenge/verify', {
      body: { challengeId: step2.body.challenge.id, method: 'recovery', code: fresh[0], device: d },
    });
    expect(final.body.status).toBe('authenticated');
    expect(final.body.deviceToken).toMatch(/^sdd_/);
    token = final.body.tokens.accessToken;
  });

  it('disabling 2FA requires the password', async () => {
    const wrong = await h.request('POST', '/api/v1/me/2fa/disable', { token, body: { password: 'nope-nope-nope' } });
    expect(wrong.body.code).toBe('WRONG_PASSWORD');
    const ok = await h.request('POST', '/api/v1/me/2fa/disable', { token, body: { password: PASSWORD } });
    expect(ok.body).toEqual({ ok: true });
    const me = await h.request('GET', '/api/v1/me', { token });
    expect(me.body.twoFactor).toEqual({ enabled: false, method: null });
    expect(me.body.recoveryCodesRemaining).toBe(0);
    const twice = await h.request('POST', '/api/v1/me/2fa/disable', { token, body: { password: PASSWORD } });
    expect(twice.body.code).toBe('TWO_FACTOR_NOT_ENABLED');
    expect((await login(h, owner.email, PASSWORD, owner.device)).body.status).toBe('authenticated');
  });

  it('SMS 2FA: enrol with an SMS code, sign in with an SMS code, resend cooldown and cap', async () => {
    let since = Date.now();
    const start = await h.request('POST', '/api/v1/me/2fa/otp/start', { token, body: { method: 'sms' } });
    expect(start.status).toBe(200);
    expect(start.body.sentTo).toBe('+7 *** ***-**-33');
    const tooSoon = await h.request('POST', '/api/v1/me/2fa/otp/start', { token, body: { method: 'sms' } });
    expect(tooSoon.body.code).toBe('CODE_RESEND_COOLDOWN');
    const sms = await h.waitForOutbox('+79031112233', since, (m) => hasCode(m.body));
    const bad = await h.request('POST', '/api/v1/me/2fa/otp/confirm', { token, body: { method: 'sms', code: '999999' } });
    expect(bad.body.code).toBe('INVALID_CODE');
    const ok = await h.request('POST', '/api/v1/me/2fa/otp/confirm', { token, body: { method: 'sms', code: codeIn(sms.body) } });
    expect(ok.body.codes).toHaveLength(10);

    since = Date.now();
    const res = await login(h, owner.email, PASSWORD, owner.device);
    const ch = res.body.challenge;
    expect(ch).toMatchObject({ kind: 'two_factor', methods: ['sms', 'recovery'], sentVia: 'sms', sendsRemaining: 2 });
    const first = await h.waitForOutbox('+79031112233', since, (m) => hasCode(m.body));

    const cooldown = await h.request('POST', '/api/v1/auth/challenge/send', { body: { challengeId: ch.id, method: 'sms' } });
    expect(cooldown.status).toBe(429);
    expect(cooldown.body).toMatchObject({ code: 'CODE_RESEND_COOLDOWN', retryAfter: 1 });
    expect(cooldown.headers['retry-after']).toBe('1');
    for (const remaining of [1, 0]) {
      await sleep(1050);
      const r = await h.request('POST', '/api/v1/auth/challenge/send', { body: { challengeId: ch.id, method: 'sms' } });
      expect(r.status).toBe(200);
      expect(r.body.sendsRemaining).toBe(remaining);
    }
    await sleep(1050);
    const capped = await h.request('POST', '/api/v1/auth/challenge/send', { body: { challengeId: ch.id, method: 'sms' } });
    expect(capped.body.code).toBe('CODE_SEND_LIMIT');

    // only the latest code counts
    const stale = await h.request('POST', '/api/v1/auth/challenge/verify', { body: { challengeId: ch.id, method: 'sms', code: codeIn(first.body), device: owner.device } });
    expect(stale.body.code).toBe('INVALID_CODE');
    const [latest] = await h.outbox('+79031112233');
    const done = await h.request('POST', '/api/v1/auth/challenge/verify', { body: { challengeId: ch.id, method: 'sms', code: codeIn(latest!.body), device: owner.device } });
    expect(done.body.status).toBe('authenticated');
    token = done.body.tokens.accessToken;
    await h.request('POST', '/api/v1/me/2fa/disable', { token, body: { password: PASSWORD } });
  });
});

describe.each(DB_KINDS)('email 2FA over real SMTP (%s)', (kind) => {
  let h: Harness;
  let smtp: SmtpCapture;
  beforeAll(async () => {
    smtp = await startSmtp();
    h = await startHarness(kind, { smtpUrl: smtp.url });
  });
  afterAll(async () => {
    await h?.close();
    await smtp?.close();
  });

  it('enrols email 2FA and signs in with the emailed code (zh-CN texts)', async () => {
    const owner = await setupOwner(h, { locale: 'zh-CN' });
    const token = owner.auth.tokens.accessToken;
    let since = Date.now();
    const noPhone = await h.request('POST', '/api/v1/me/2fa/otp/start', { token, body: { method: 'sms' } });
    expect(noPhone.body.code).toBe('METHOD_NOT_AVAILABLE');
    await h.request('POST', '/api/v1/me/2fa/otp/start', { token, body: { method: 'email' } });
    const enrol = await smtp.waitFor(owner.email, (m) => m.receivedAt >= since);
    expect(enrol.subject).toBe('开启两步验证');
    const ok = await h.request('POST', '/api/v1/me/2fa/otp/confirm', { token, body: { method: 'email', code: enrol.code } });
    expect(ok.status).toBe(200);

    since = Date.now();
    const ch = (await login(h, owner.email, PASSWORD, owner.device)).body.challenge;
    expect(ch).toMatchObject({ kind: 'two_factor', sentVia: 'email', methods: ['email', 'recovery'] });
    const mail = await smtp.waitFor(owner.email, (m) => m.receivedAt >= since);
    expect(mail.subject).toBe('您的 Sellerdesk 登录验证码');
    const done = await h.request('POST', '/api/v1/auth/challenge/verify', { body: { challengeId: ch.id, method: 'email', code: mail.code, device: owner.device } });
    expect(done.body.status).toBe('authenticated');
  });
});
