import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtp, type SmtpCapture } from '../helpers/smtp';
import { DB_KINDS, PASSWORD, codeIn, device, login, setupOwner, startHarness, type Harness, type Owner } from './support/harness';

describe.each(DB_KINDS)('password sign-in and new devices (%s)', (kind) => {
  let h: Harness;
  let smtp: SmtpCapture;
  let owner: Owner;

  beforeAll(async () => {
    smtp = await startSmtp();
    h = await startHarness(kind, { smtpUrl: smtp.url, limits: { resendCooldownSeconds: 1, lockThreshold: 50, permanentLockAt: 100 } }); // locks are tested in lockout.test.ts
    owner = await setupOwner(h, { phone: '+79161234567', locale: 'ru' });
  });
  afterAll(async () => {
    await h?.close();
    await smtp?.close();
  });

  it('a remembered device signs in directly; email is case-insensitive', async () => {
    const res = await login(h, owner.email.toUpperCase(), PASSWORD, owner.device);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('authenticated');
    expect(res.body.deviceToken).toBeUndefined();
    const byPhone = await login(h, '8 916 123-45-67', PASSWORD, owner.device);
    expect(byPhone.body.status).toBe('authenticated');
  });

  it('a device token only counts for the device it was issued to', async () => {
    const other = { ...device(), token: owner.device.token };
    const res = await login(h, owner.email, PASSWORD, other);
    expect(res.body.status).toBe('challenge');
    expect(res.body.challenge.kind).toBe('new_device');
  });

  it('new device → email with code (real SMTP) → verify → deviceToken → remembered next time', async () => {
    const d = device();
    const since = Date.now();
    const res = await login(h, owner.email, PASSWORD, d);
    expect(res.body.status).toBe('challenge');
    const ch = res.body.challenge;
    expect(ch).toMatchObject({ kind: 'new_device', methods: ['email', 'sms'], sentVia: 'email', sendsRemaining: 4 });
    expect(ch.destinations.email).toMatch(/\*/);
    expect(ch.destinations.phone).toBe('+7 *** ***-**-67');
    const mail = await smtp.waitFor(owner.email, (m) => m.receivedAt >= since && m.links.some((l) => l.includes('/verify-device')));
    expect(mail.subject).toBe('Подтвердите вход с нового устройства'); // no locale in the request → the account's (ru)
    expect(mail.from).toContain('no-reply@sellerdesk.local');
    expect(mail.code).toMatch(/^\d{6}$/);

    const wrongDevice = await h.request('POST', '/api/v1/auth/challenge/verify', { body: { challengeId: ch.id, method: 'email', code: mail.code, device: device() } });
    expect(wrongDevice.body.code).toBe('CHALLENGE_NOT_FOUND');

    const ok = await h.request('POST', '/api/v1/auth/challenge/verify', { body: { challengeId: ch.id, method: 'email', code: mail.code, device: d } });
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('authenticated');
    expect(ok.body.deviceToken).toMatch(/^sdd_/);

    const reused = await h.request('POST', '/api/v1/auth/challenge/verify', { body: { challengeId: ch.id, method: 'email', code: mail.code, device: d } });
    expect(reused.body.code).toBe('CHALLENGE_EXPIRED');

    const again = await login(h, owner.email, PASSWORD, { ...d, token: ok.body.deviceToken });
    expect(again.body.status).toBe('authenticated');

    // only the hash is stored
    const stored = await h.built.db.selectFrom('trusted_devices').select('token_hash').where('device_id', '=', d.id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(ok.body.deviceToken);
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);

    const notice = await smtp.waitFor(owner.email, (m) => m.receivedAt >= since && m.subject === 'Вход с нового устройства');
    expect(notice.text).toContain(d.name);
    const events = await h.request('GET', '/api/v1/me/security-events', { token: ok.body.tokens.accessToken });
    expect(events.body.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['new_device', 'sign_in']));
  });

  it('new device → the email link approves and polling completes the sign-in', async () => {
    const d = device();
    const since = Date.now();
    const res = await login(h, owner.email, PASSWORD, d);
    const ch = res.body.challenge;
    const pending = await h.request('POST', '/api/v1/auth/challenge/poll', { body: { challengeId: ch.id, device: d } });
    expect(pending.body.status).toBe('challenge');

    const mail = await smtp.waitFor(owner.email, (m) => m.receivedAt >= since && m.links.some((l) => l.includes('/verify-device')));
    const link = new URL(mail.links.find((l) => l.includes('/verify-device'))!);
    expect(link.origin).toBe('http://sellerdesk.test');
    const page = await h.request('GET', link.pathname + link.search, { headers: { 'accept-language': 'zh-CN' } });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain(d.name);
    expect(page.body).toContain('<form method="post" action="/verify-device">');
    // opening the link (as a mail scanner would) approves nothing
    const stillPending = await h.request('POST', '/api/v1/auth/challenge/poll', { body: { challengeId: ch.id, device: d } });
    expect(stillPending.body.status).toBe('challenge');

    const token = link.searchParams.get('token')!;
    const approved = await h.request('POST', '/verify-device', {
      rawBody: new URLSearchParams({ token, lang: 'ru' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toContain('Вход подтверждён');
    // form posts are accepted only here: the JSON API still refuses them
    const formElsewhere = await h.request('POST', '/api/v1/auth/login', {
      rawBody: 'identifier=a&password=b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(formElsewhere.status).toBe(415);

    const done = await h.request('POST', '/api/v1/auth/challenge/poll', { body: { challengeId: ch.id, device: d } });
    expect(done.body.status).toBe('authenticated');
    expect(done.body.deviceToken).toMatch(/^sdd_/);

    const replay = await h.request('GET', link.pathname + link.search);
    expect(replay.status).toBe(410);
    const junk = await h.request('GET', '/verify-device?token=<script>');
    expect(junk.status).toBe(400);
    expect(junk.body).not.toContain('<script>');
  });

  it('new device → SMS code from the dev outbox; resend has a cooldown', async () => {
    const d = device();
    const res = await login(h, owner.email, PASSWORD, d);
    const ch = res.body.challenge;
    const tooSoon = await h.request('POST', '/api/v1/auth/challenge/send', { body: { challengeId: ch.id, method: 'sms' } });
    expect(tooSoon.status).toBe(429);
    expect(tooSoon.body.code).toBe('CODE_RESEND_COOLDOWN');
    expect(Number(tooSoon.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 1100));
    const since = Date.now();
    const sent = await h.request('POST', '/api/v1/auth/challenge/send', { body: { challengeId: ch.id, method: 'sms' } });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ sentVia: 'sms', sendsRemaining: 3 });
    expect(Date.parse(sent.body.resendAvailableAt)).toBeGreaterThan(Date.now());
    const sms = await h.waitForOutbox('+79161234567', since, (m) => /\d{6}/.test(m.body));
    expect(sms.channel).toBe('sms');
    const ok = await h.request('POST', '/api/v1/auth/challenge/verify', { body: { challengeId: ch.id, method: 'sms', code: codeIn(sms.body), device: d } });
    expect(ok.body.status).toBe('authenticated');
  });

  it('wrong codes are counted per challenge; exhausting them kills the challenge', async () => {
    const d = device();
    const ch = (await login(h, owner.email, PASSWORD, d)).body.challenge;
    for (let i = 0; i < 5; i++) {
      const bad = await h.request('POST', '/api/v1/auth/challenge/verify', { body: { challengeId: ch.id, method: 'email', code: '000000', device: d } });
      expect(bad.body.code).toBe('INVALID_CODE');
    }
    const after = await h.request('POST', '/api/v1/auth/challenge/verify', { body: { challengeId: ch.id, method: 'email', code: '123456', device: d } });
    expect(after.body.code).toBe('CHALLENGE_EXPIRED');
    const recovery = await h.request('POST', '/api/v1/auth/challenge/send', { body: { challengeId: 'nonexistent', method: 'email' } });
    expect(recovery.body.code).toBe('CHALLENGE_NOT_FOUND');
    // clear the failure this counted so later tests start clean
    expect((await login(h, owner.email, PASSWORD, owner.device)).body.status).toBe('authenticated');
  });

  it('recovery is not a method for new_device', async () => {
    const d = device();
    const ch = (await login(h, owner.email, PASSWORD, d)).body.challenge;
    const res = await h.request('POST', '/api/v1/auth/challenge/verify', { body: { challengeId: ch.id, method: 'recovery', code: 'abcd-efgh-jk', device: d } });
    expect(res.body.code).toBe('METHOD_NOT_AVAILABLE');
  });

  it('unknown account and wrong password are indistinguishable (body and timing)', async () => {
    const d = device();
    const times = { unknown: [] as number[], wrong: [] as number[] };
    let bodies: Record<string, unknown>[] = [];
    for (let i = 0; i < 9; i++) {
      for (const which of (i % 2 ? ['unknown', 'wrong'] : ['wrong', 'unknown']) as ('unknown' | 'wrong')[]) {
        // interleaved so load spikes hit both sides alike
        const ident = which === 'unknown' ? `nobody${i}@example.com` : owner.email;
        const t0 = performance.now();
        const res = await login(h, ident, 'Definitely-Wrong-Password-1', d);
        times[which].push(performance.now() - t0);
        expect(res.status).toBe(401);
        bodies.push(res.body);
      }
    }
    bodies = bodies.map((b) => JSON.parse(JSON.stringify(b)));
    for (const b of bodies) expect(b).toEqual(bodies[0]);
    expect(bodies[0]).toMatchObject({ code: 'INVALID_CREDENTIALS', status: 401 });
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const ratio = median(times.unknown) / median(times.wrong);
    const detail = JSON.stringify({ ratio, times });
    expect(ratio, detail).toBeGreaterThan(0.5);
    expect(ratio, detail).toBeLessThan(2);
    expect((await login(h, owner.email, PASSWORD, owner.device)).body.status).toBe('authenticated');
  });

  it('identifiers that are neither email nor phone are rejected as such', async () => {
    const res = await login(h, 'just some text', PASSWORD, device());
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('IDENTIFIER_INVALID');
  });
});
