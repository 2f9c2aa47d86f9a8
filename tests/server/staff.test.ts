import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtp, type SmtpCapture } from '../helpers/smtp';
import { DB_KINDS, PASSWORD, device, login, setupOwner, startHarness, uniqueEmail, type Harness, type Owner } from './support/harness';

describe.each(DB_KINDS)('staff: invitations, roles, disabling (%s)', (kind) => {
  let h: Harness;
  let smtp: SmtpCapture;
  let owner: Owner;
  let ownerToken: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    h = await startHarness(kind, { smtpUrl: smtp.url });
    owner = await setupOwner(h);
    ownerToken = owner.auth.tokens.accessToken;
  });
  afterAll(async () => {
    await h?.close();
    await smtp?.close();
  });

  async function inviteAndAccept(role: string, by = ownerToken) {
    const email = uniqueEmail(role);
    const inv = await h.request('POST', '/api/v1/workspace/invitations', { token: by, body: { email, role, locale: 'ru' } });
    expect(inv.status, JSON.stringify(inv.body)).toBe(200);
    const mail = await smtp.waitFor(email);
    expect(mail.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const d = device();
    const acc = await h.request('POST', '/api/v1/invitations/accept', { body: { email, code: mail.code!.toLowerCase(), name: `${role} person`, password: PASSWORD, device: d } });
    expect(acc.status, JSON.stringify(acc.body)).toBe(200);
    expect(acc.body.deviceToken).toMatch(/^sdd_/);
    return { email, invitation: inv.body, mail, auth: acc.body, device: { ...d, token: acc.body.deviceToken } };
  }

  it('owner invites a manager by email (localized code), who accepts and is signed in on a trusted device', async () => {
    const m = await inviteAndAccept('manager');
    expect(m.invitation).toMatchObject({ role: 'manager', status: 'pending', invitedBy: 'Olga Owner' });
    expect(m.mail.subject).toContain('приглашает');
    expect(m.auth.account).toMatchObject({ role: 'manager', email: m.email, locale: 'ru' });
    const again = await login(h, m.email, PASSWORD, m.device);
    expect(again.body.status).toBe('authenticated');
    const list = await h.request('GET', '/api/v1/workspace/invitations', { token: ownerToken });
    expect(list.body.invitations.find((i: { id: string }) => i.id === m.invitation.id).status).toBe('accepted');
    // a used invitation cannot be accepted twice
    const twice = await h.request('POST', '/api/v1/invitations/accept', { body: { email: m.email, code: m.mail.code, name: 'x', password: PASSWORD, device: device() } });
    expect(twice.body.code).toBe('INVITATION_INVALID');
  });

  it('invitation codes: wrong code refused, revoked invitations die, existing emails are refused', async () => {
    const email = uniqueEmail('wh');
    const inv = await h.request('POST', '/api/v1/workspace/invitations', { token: ownerToken, body: { email, role: 'warehouse' } });
    const wrong = await h.request('POST', '/api/v1/invitations/accept', { body: { email, code: 'AAAA-AAAA', name: 'W', password: PASSWORD, device: device() } });
    expect(wrong.body.code).toBe('INVITATION_INVALID');
    const mail = await smtp.waitFor(email);
    expect((await h.request('DELETE', `/api/v1/workspace/invitations/${inv.body.id}`, { token: ownerToken })).body).toEqual({ ok: true });
    const revoked = await h.request('POST', '/api/v1/invitations/accept', { body: { email, code: mail.code, name: 'W', password: PASSWORD, device: device() } });
    expect(revoked.body.code).toBe('INVITATION_INVALID');
    const taken = await h.request('POST', '/api/v1/workspace/invitations', { token: ownerToken, body: { email: owner.email, role: 'admin' } });
    expect(taken.body.code).toBe('IDENTIFIER_TAKEN');
    const ownerRole = await h.request('POST', '/api/v1/workspace/invitations', { token: ownerToken, body: { email: uniqueEmail(), role: 'owner' } });
    expect(ownerRole.body.code).toBe('VALIDATION_FAILED');
  });

  it('roles are enforced on every staff endpoint', async () => {
    const support = await inviteAndAccept('support');
    const t = support.auth.tokens.accessToken;
    expect((await h.request('GET', '/api/v1/workspace/members', { token: t })).body.code).toBe('FORBIDDEN');
    expect((await h.request('GET', '/api/v1/workspace/invitations', { token: t })).status).toBe(403);
    expect((await h.request('POST', '/api/v1/workspace/invitations', { token: t, body: { email: uniqueEmail(), role: 'support' } })).status).toBe(403);
    expect((await h.request('PATCH', `/api/v1/workspace/members/${owner.auth.account.id}`, { token: t, body: { role: 'admin' } })).status).toBe(403);
    expect((await h.request('DELETE', `/api/v1/workspace/members/${owner.auth.account.id}`, { token: t })).status).toBe(403);

    const manager = await inviteAndAccept('manager');
    const mt = manager.auth.tokens.accessToken;
    const members = await h.request('GET', '/api/v1/workspace/members', { token: mt });
    expect(members.status).toBe(200); // staff.view
    expect(members.body.members.map((m: { role: string }) => m.role)).toContain('owner');
    expect((await h.request('POST', '/api/v1/workspace/invitations', { token: mt, body: { email: uniqueEmail(), role: 'support' } })).status).toBe(403);
  });

  it('admins manage staff below them but not other admins or the owner', async () => {
    const admin = await inviteAndAccept('admin');
    const at = admin.auth.tokens.accessToken;
    const other = await inviteAndAccept('admin');
    const wh = await inviteAndAccept('warehouse', at);
    expect(wh.auth.account.role).toBe('warehouse');
    expect((await h.request('POST', '/api/v1/workspace/invitations', { token: at, body: { email: uniqueEmail(), role: 'admin' } })).body.code).toBe('FORBIDDEN');
    const promote = await h.request('PATCH', `/api/v1/workspace/members/${wh.auth.account.id}`, { token: at, body: { role: 'manager' } });
    expect(promote.body).toMatchObject({ role: 'manager', status: 'active' });
    expect((await h.request('PATCH', `/api/v1/workspace/members/${wh.auth.account.id}`, { token: at, body: { role: 'admin' } })).body.code).toBe('FORBIDDEN');
    expect((await h.request('PATCH', `/api/v1/workspace/members/${other.auth.account.id}`, { token: at, body: { role: 'support' } })).body.code).toBe('FORBIDDEN');
    expect((await h.request('DELETE', `/api/v1/workspace/members/${owner.auth.account.id}`, { token: at })).body.code).toBe('CANNOT_CHANGE_OWNER');
    expect((await h.request('DELETE', `/api/v1/workspace/members/${admin.auth.account.id}`, { token: at })).body.code).toBe('CANNOT_REMOVE_SELF');
    expect((await h.request('PATCH', `/api/v1/workspace/members/nonexistent`, { token: at, body: { role: 'support' } })).body.code).toBe('NOT_FOUND');
    // the owner can change an admin
    expect((await h.request('PATCH', `/api/v1/workspace/members/${other.auth.account.id}`, { token: ownerToken, body: { role: 'manager' } })).body.role).toBe('manager');
  });

  it('disabling a member revokes their sessions; they get ACCOUNT_DISABLED only with the right password', async () => {
    const victim = await inviteAndAccept('warehouse');
    const vt = victim.auth.tokens.accessToken;
    expect((await h.request('GET', '/api/v1/me', { token: vt })).status).toBe(200);
    expect((await h.request('DELETE', `/api/v1/workspace/members/${victim.auth.account.id}`, { token: ownerToken })).body).toEqual({ ok: true });
    expect((await h.request('GET', '/api/v1/me', { token: vt })).body.code).toBe('UNAUTHENTICATED');
    expect((await h.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: victim.auth.tokens.refreshToken } })).status).toBe(401);
    const wrongPw = await login(h, victim.email, 'Wrong-Password-Here-1', victim.device);
    expect(wrongPw.body.code).toBe('INVALID_CREDENTIALS');
    const rightPw = await login(h, victim.email, PASSWORD, victim.device);
    expect(rightPw.status).toBe(403);
    expect(rightPw.body.code).toBe('ACCOUNT_DISABLED');
    const members = await h.request('GET', '/api/v1/workspace/members', { token: ownerToken });
    expect(members.body.members.find((m: { id: string }) => m.id === victim.auth.account.id).status).toBe('disabled');
  });
});
