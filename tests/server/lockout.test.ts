import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unlockCommand } from '../../src/server/admin/commands';
import { parseArgs } from '../../src/server/admin/args';
import { DB_KINDS, PASSWORD, codeIn, hasCode, login, setupOwner, sleep, startHarness, type Harness, type Owner } from './support/harness';

const WRONG = 'Wrong-Password-Guess-1';

describe.each(DB_KINDS)('lockout (%s)', (kind) => {
  let h: Harness;
  let owner: Owner;

  beforeAll(async () => {
    // 5 → 1 s, 6 → 2 s, 7 → 4 s … permanent at 8 keeps the test short
    h = await startHarness(kind, { limits: { lockThreshold: 5, lockBaseSeconds: 1, permanentLockAt: 8 } });
    owner = await setupOwner(h);
  });
  afterAll(async () => h?.close());

  it('locks after 5 failures with lockedUntil, refuses during the lock without counting, grows, then turns permanent', async () => {
    for (let i = 1; i <= 4; i++) expect((await login(h, owner.email, WRONG, owner.device)).body.code).toBe('INVALID_CREDENTIALS');
    const fifth = await login(h, owner.email, WRONG, owner.device);
    expect(fifth.status).toBe(423);
    expect(fifth.body).toMatchObject({ code: 'ACCOUNT_LOCKED', permanent: false });
    const until = Date.parse(fifth.body.lockedUntil);
    expect(until - Date.now()).toBeGreaterThan(0);
    expect(until - Date.now()).toBeLessThanOrEqual(1000);

    // even the right password is refused while locked, and it does not count
    const during = await login(h, owner.email, PASSWORD, owner.device);
    expect(during.status).toBe(423);
    const row = await h.built.db.selectFrom('lockouts').selectAll().where('account_id', '=', owner.auth.account.id).executeTakeFirstOrThrow();
    expect(row.failures).toBe(5);

    await sleep(1100);
    const sixth = await login(h, owner.email, WRONG, owner.device);
    expect(sixth.status).toBe(423);
    const len6 = Date.parse(sixth.body.lockedUntil) - Date.now();
    expect(len6).toBeGreaterThan(1000); // doubled: 2 s
    expect(len6).toBeLessThanOrEqual(2000);

    await sleep(2100);
    const seventh = await login(h, owner.email, WRONG, owner.device);
    expect(Date.parse(seventh.body.lockedUntil) - Date.now()).toBeGreaterThan(2000); // 4 s
    await sleep(4100);
    const eighth = await login(h, owner.email, WRONG, owner.device);
    expect(eighth.status).toBe(423);
    expect(eighth.body.permanent).toBe(true);
    expect(eighth.body.lockedUntil).toBeUndefined();
    await sleep(300);
    expect((await login(h, owner.email, PASSWORD, owner.device)).body.permanent).toBe(true);
  }, 30_000);

  it('support unlock (admin command) lifts the permanent lock and resets the counter', async () => {
    const lines: string[] = [];
    expect(await unlockCommand(h.built.db, parseArgs(['unlock', owner.email]), (l) => lines.push(l))).toBe(true);
    expect(lines.join('\n')).toMatch(/Unlocked/);
    const ok = await login(h, owner.email, PASSWORD, owner.device);
    expect(ok.body.status).toBe('authenticated');
    const events = await h.request('GET', '/api/v1/me/security-events?limit=100', { token: ok.body.tokens.accessToken });
    const types = events.body.events.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['locked', 'unlocked', 'sign_in_failed', 'sign_in']));
    // newest first + cursor paging
    const page1 = await h.request('GET', '/api/v1/me/security-events?limit=3', { token: ok.body.tokens.accessToken });
    expect(page1.body.events).toHaveLength(3);
    expect(page1.body.events[0].type).toBe('sign_in');
    const page2 = await h.request('GET', `/api/v1/me/security-events?limit=3&before=${page1.body.nextBefore}`, { token: ok.body.tokens.accessToken });
    expect(page2.body.events[0].id < page1.body.events[2].id).toBe(true);
  });

  it('a success resets the counter', async () => {
    for (let i = 0; i < 4; i++) await login(h, owner.email, WRONG, owner.device);
    expect((await login(h, owner.email, PASSWORD, owner.device)).body.status).toBe('authenticated');
    for (let i = 0; i < 4; i++) expect((await login(h, owner.email, WRONG, owner.device)).status).toBe(401);
    expect((await login(h, owner.email, PASSWORD, owner.device)).body.status).toBe('authenticated');
  });

  it('unknown identifiers lock exactly the same way (no enumeration through locks)', async () => {
    const ghost = 'ghost@example.com';
    const ghostBodies = [];
    const realBodies = [];
    const real = await setupOwnerless(h);
    for (let i = 0; i < 5; i++) {
      ghostBodies.push((await login(h, ghost, WRONG, owner.device)).body);
      realBodies.push((await login(h, real, WRONG, owner.device)).body);
    }
    const strip = (b: Record<string, unknown>) => ({ ...b, lockedUntil: b.lockedUntil ? 'T' : undefined });
    expect(ghostBodies.map(strip)).toEqual(realBodies.map(strip));
    expect(ghostBodies[4]).toMatchObject({ code: 'ACCOUNT_LOCKED' });
  });

  it('a password reset lifts a lock (also permanent) and revokes sessions', async () => {
    await sleep(1100);
    for (let i = 0; i < 5; i++) await login(h, owner.email, WRONG, owner.device);
    // the growing schedule was exercised above; jump straight to the permanent state here
    await h.built.db.updateTable('lockouts').set({ permanent: 1, locked_until: null, failures: 8 }).where('account_id', '=', owner.auth.account.id).execute();
    expect((await login(h, owner.email, PASSWORD, owner.device)).body.permanent).toBe(true);
    const since = Date.now();
    expect((await h.request('POST', '/api/v1/auth/password/forgot', { body: { identifier: owner.email } })).body).toEqual({ ok: true });
    const mail = await h.waitForOutbox(owner.email, since, (m) => hasCode(m.body));
    const newPassword = 'Another-Long-Passphrase-9';
    const reset = await h.request('POST', '/api/v1/auth/password/reset', { body: { identifier: owner.email, code: codeIn(mail.body), newPassword } });
    expect(reset.body).toEqual({ ok: true });
    const ok = await login(h, owner.email, newPassword, owner.device);
    expect(ok.body.status).toBe('authenticated');
    owner.password = newPassword;
  });
});

/** A second account in the same workspace (invited), used as a "real" identifier. */
async function setupOwnerless(h: Harness): Promise<string> {
  const owner = await h.built.db.selectFrom('accounts').selectAll().where('role', '=', 'owner').executeTakeFirstOrThrow();
  const email = `member${Date.now()}@example.com`;
  await h.built.db
    .insertInto('accounts')
    .values({ ...owner, id: `m${Date.now()}`, email, phone: null, role: 'manager' })
    .execute();
  return email;
}
