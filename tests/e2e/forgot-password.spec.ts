/** Path 4 — forgot password: code by email, new password; every session ends, the old password is dead. */
import { connectTeamServer, expect, owner, signInNewDevice, test } from './support/fixtures';
import { en } from './support/i18n';

const NEW_PASSWORD = 'Fresh-orchard-Piano-93';

test('reset by an emailed code signs out the other device; only the new password works', async ({ world }) => {
  const o = owner();
  const server = await world.teamServer({ owner: o });

  // device A is signed in
  const a = await world.device('a');
  const appA = await a.open();
  await connectTeamServer(appA, server.url);
  await signInNewDevice(world, appA, o.email!, o.password);

  // device B: forgot password
  const b = await world.device('b');
  const appB = await b.open();
  await connectTeamServer(appB, server.url);
  await appB.signIn.identifier.fill(o.email!);
  await appB.id('signin-forgot').click();
  // what was typed on the sign-in screen is carried over
  await expect(appB.id('forgot-identifier')).toHaveValue(o.email!);
  const since = Date.now();
  await appB.forgot.request(o.email!);
  const mail = await world.mail(o.email!, 'Reset your Sellerdesk password', since);
  expect(mail.code).toMatch(/^\d{6}$/);
  await appB.forgot.reset(mail.code!, NEW_PASSWORD);
  await expect(appB.id('reset-success')).toHaveText(en.forgot.doneText);
  await appB.id('reset-back-to-signin').click();
  await expect(appB.signIn.notice('password_reset')).toBeVisible();
  await world.mail(o.email!, 'Your password was reset', since);

  // A learns it on its next call to the server
  await appA.shell.openSettings('sessions');
  await expect(appA.signIn.root).toBeVisible();
  await expect(appA.signIn.notice('session_expired')).toHaveText(en.signin.noticeSessionExpired);

  // the old password is refused, the new one works (A is still a remembered device: no challenge)
  await appA.signIn.submitExpectingError(o.email!, o.password, 'INVALID_CREDENTIALS');
  await appA.signIn.submit(o.email!, NEW_PASSWORD);
  await appA.shell.expectSignedIn(o.name);
});
