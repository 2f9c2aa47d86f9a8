/** Path 9 — security settings: password change, recovery codes, 2FA off, and the security log of it all. */
import { connectTeamServer, expect, owner, signInNewDevice, test } from './support/fixtures';
import { en } from './support/i18n';

const NEW_PASSWORD = 'Quiet-harbor-Violin-57';

test('change password signs out the other sessions and mails a notice; recovery codes, 2FA off; the log shows it', async ({ world }) => {
  const o = owner();
  const server = await world.teamServer({ owner: o, limits: { lockBaseSeconds: 1 } });

  // device A: five typos (a short lock), then the right password on a new device
  const a = await world.device('a');
  const appA = await a.open();
  await connectTeamServer(appA, server.url);
  for (let n = 1; n <= 4; n++) await appA.signIn.submitExpectingError(o.email!, `Typo-password-${n}`, 'INVALID_CREDENTIALS');
  await appA.signIn.submitExpectingError(o.email!, 'Typo-password-5', 'ACCOUNT_LOCKED');
  await new Promise((r) => setTimeout(r, 1500)); // the shrunk lock (1 s) passes
  await signInNewDevice(world, appA, o.email!, o.password);

  // device B is signed in too
  const b = await world.device('b');
  const appB = await b.open();
  await connectTeamServer(appB, server.url);
  await signInNewDevice(world, appB, o.email!, o.password);

  // 2FA on, new recovery codes, 2FA off
  await appA.shell.openSettings('security');
  const { codes } = await appA.security.enableTotp();
  const regenerated = await appA.security.regenerate(o.password);
  expect(regenerated).toHaveLength(10);
  expect(regenerated.filter((c) => codes.includes(c))).toEqual([]);
  await expect(appA.id('recovery-remaining')).toHaveText('10');
  await appA.security.disable(o.password);

  // a wrong current password is refused under its field
  await appA.security.changePassword('Not-my-password-1', NEW_PASSWORD);
  await appA.security.error.expectCode('WRONG_PASSWORD');
  await expect(appA.id('password-new')).toHaveValue(NEW_PASSWORD);
  // the real change
  const since = Date.now();
  await appA.security.changePassword(o.password, NEW_PASSWORD);
  await expect(appA.page.getByText(en.security.passwordChanged)).toBeVisible();
  const notice = await world.mail(o.email!, 'Your password was changed', since);
  expect(notice.text).toContain('Other sessions were signed out');

  // B is signed out at its next action; A stays in
  await appB.shell.openSettings('sessions');
  await expect(appB.signIn.notice('session_expired')).toBeVisible();
  await appA.shell.openSettings('sessions');
  await expect(appA.sessions.rows).toHaveCount(1);
  await expect(appA.sessions.currentRow).toHaveCount(1);
  await appB.signIn.submitExpectingError(o.email!, o.password, 'INVALID_CREDENTIALS');
  await appB.signIn.submit(o.email!, NEW_PASSWORD);
  await appB.shell.expectSignedIn(o.name);

  // the security log tells the story
  await appA.shell.openSettings('log');
  for (const type of [
    'sign_in',
    'sign_in_failed',
    'locked',
    'new_device',
    'two_factor_enabled',
    'recovery_codes_regenerated',
    'two_factor_disabled',
    'password_changed',
  ]) {
    await expect(appA.log.event(type).first(), `security log shows ${type}`).toBeVisible();
  }
  await expect(appA.log.event('sign_in_failed')).toHaveCount(6); // five typos on A, the old password on B
  await expect(appA.log.event('new_device')).toHaveCount(2);
});
