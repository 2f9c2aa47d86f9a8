/** Path 7 — sessions and devices: both listed, revoking the other signs it out, signing out revokes this one. */
import { connectTeamServer, expect, owner, signInNewDevice, test } from './support/fixtures';
import { en } from './support/i18n';

test('two signed-in devices; revoke the other; sign out ends the current session on the server', async ({ world }) => {
  const o = owner();
  const server = await world.teamServer({ owner: o });
  const a = await world.device('a');
  const b = await world.device('b');
  const [appA, appB] = [await a.open(), await b.open()];
  await connectTeamServer(appA, server.url);
  await connectTeamServer(appB, server.url);
  await signInNewDevice(world, appA, o.email!, o.password);
  await signInNewDevice(world, appB, o.email!, o.password);

  await appA.shell.openSettings('sessions');
  await expect(appA.sessions.rows).toHaveCount(2);
  await expect(appA.sessions.currentRow).toHaveCount(1);
  await expect(appA.sessions.otherRows).toHaveCount(1);

  // revoke B from A
  await appA.sessions.revoke(appA.sessions.otherRows);
  await expect(appA.sessions.rows).toHaveCount(1);
  await expect(appA.sessions.currentRow).toHaveCount(1);

  // B finds out on its next action
  await appB.shell.openSettings('sessions');
  await expect(appB.signIn.root).toBeVisible();
  await expect(appB.signIn.notice('session_expired')).toHaveText(en.signin.noticeSessionExpired);

  // B signs in again (a remembered device: no challenge), A sees it back
  await appB.signIn.submit(o.email!, o.password);
  await appB.shell.expectSignedIn(o.name);
  await appA.id('sessions-refresh').click();
  await expect(appA.sessions.rows).toHaveCount(2);

  // A signs out through its own row: that session is gone on the server, B's list shows only B
  await appA.sessions.revoke(appA.sessions.currentRow);
  await expect(appA.signIn.root).toBeVisible();
  await expect(appA.signIn.notice('signed_out')).toBeVisible();
  await appB.shell.openSettings('sessions');
  await expect(appB.sessions.rows).toHaveCount(1);
  await expect(appB.sessions.currentRow).toHaveCount(1);

  // and the header's sign out does the same for B
  await appB.shell.signOut();
  await appA.signIn.submit(o.email!, o.password);
  await appA.shell.openSettings('sessions');
  await expect(appA.sessions.rows).toHaveCount(1);
});
