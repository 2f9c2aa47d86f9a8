import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, PASSWORD, device, setupOwner, startHarness, type Harness, type Owner } from './support/harness';

describe.each(DB_KINDS)('rate limits and support tickets (%s)', (kind) => {
  let h: Harness;
  let owner: Owner;

  beforeAll(async () => {
    h = await startHarness(kind, {
      trustProxy: true,
      limits: {
        rateLimits: {
          login: { perIp: 6, perKey: 3, windowSeconds: 60 },
          forgot: { perIp: 100, perKey: 2, windowSeconds: 60 },
          support: { perIp: 2, perKey: 100, windowSeconds: 60 },
          refresh: { perIp: 3, perKey: 100, windowSeconds: 60 },
        },
      },
    });
    owner = await setupOwner(h);
  });
  afterAll(async () => h?.close());

  const ip = (n: number) => ({ 'x-forwarded-for': `203.0.113.${n}` });

  it('login is limited per identifier: 429 RATE_LIMITED with Retry-After', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await h.request('POST', '/api/v1/auth/login', { headers: ip(1), body: { identifier: owner.email, password: PASSWORD, device: owner.device } });
      expect(r.status).toBe(200);
    }
    const limited = await h.request('POST', '/api/v1/auth/login', { headers: ip(2), body: { identifier: owner.email, password: PASSWORD, device: owner.device } });
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(/problem\+json/);
    expect(limited.body).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    expect(limited.body.retryAfter).toBeGreaterThan(0);
    expect(limited.body.retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers['retry-after']).toBe(String(limited.body.retryAfter));
  });

  it('login is limited per IP across identifiers', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await h.request('POST', '/api/v1/auth/login', { headers: ip(9), body: { identifier: `who${i}@example.com`, password: 'Whatever-Guess-1', device: device() } });
      codes.push(r.status);
    }
    expect(codes.slice(0, 6).every((c) => c === 401)).toBe(true);
    expect(codes[6]).toBe(429);
    // another IP is unaffected
    expect((await h.request('POST', '/api/v1/auth/login', { headers: ip(10), body: { identifier: 'x1@example.com', password: 'Whatever-Guess-1', device: device() } })).status).toBe(401);
  });

  it('forgot and refresh are limited too', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await h.request('POST', '/api/v1/auth/password/forgot', { headers: ip(20), body: { identifier: 'limit@example.com' } })).status);
    expect(statuses).toEqual([200, 200, 429]);
    const r = [];
    for (let i = 0; i < 4; i++) r.push((await h.request('POST', '/api/v1/auth/refresh', { headers: ip(21), body: { refreshToken: `sdr_nonsense_${i}_xxxxxxxx` } })).status);
    expect(r).toEqual([401, 401, 401, 429]);
  });

  it('support tickets are stored and rate limited per IP', async () => {
    const a = await h.request('POST', '/api/v1/support/tickets', { headers: ip(30), body: { contact: '+7 999 111-22-33', identifier: owner.email, message: 'Locked out, please help', locale: 'ru' } });
    expect(a.status).toBe(200);
    expect(a.body.ticketId).toMatch(/^[A-Z0-9]+$/);
    const row = await h.built.db.selectFrom('support_tickets').selectAll().where('id', '=', a.body.ticketId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ contact: '+7 999 111-22-33', identifier: owner.email, message: 'Locked out, please help', locale: 'ru', ip: '203.0.113.30', status: 'open' });
    expect((await h.request('POST', '/api/v1/support/tickets', { headers: ip(30), body: { contact: 'me@example.com', message: 'again' } })).status).toBe(200);
    const third = await h.request('POST', '/api/v1/support/tickets', { headers: ip(30), body: { contact: 'me@example.com', message: 'again' } });
    expect(third.status).toBe(429);
    expect(third.headers['retry-after']).toBeDefined();
    const invalid = await h.request('POST', '/api/v1/support/tickets', { headers: ip(31), body: { contact: 'me@example.com', message: '' } });
    expect(invalid.body.code).toBe('VALIDATION_FAILED');
  });
});
