/** Without a usable OS keychain: a clear warning, sign-in still works for the run, nothing secret on disk. */
import { createLocalOwner, expect, owner, test } from './support/fixtures';
import { en, TOKEN_PREFIXES } from './support/i18n';
import { filesContaining } from './support/processes';

test('no Secret Service: keychain warning, session kept in memory only, no token in the data dir', async ({ world }) => {
  // a session bus address that leads nowhere, as on a headless box without a keyring
  const device = await world.device('k', { start: false });
  await device.start({ smtpUrl: world.smtp.url, busAddress: `unix:path=${device.dataDir}-no-bus` });
  const app = await device.open();
  const o = owner();
  await createLocalOwner(app, o);
  await expect(app.id('checklist-keychain')).toHaveAttribute('data-ok', 'false');

  await app.shell.signOut();
  await expect(app.id('keychain-warning')).toContainText(en.signin.keychainTitle);
  await app.signIn.submit(o.email!, o.password);
  await app.shell.expectSignedIn(o.name);
  expect(filesContaining(device.dataDir, TOKEN_PREFIXES)).toEqual([]);

  // a restart forgets the session (it only ever lived in memory)
  await device.restart();
  await device.reopen(app);
  await expect(app.signIn.root).toBeVisible();
  await expect(app.id('keychain-warning')).toBeVisible();
  expect(filesContaining(device.dataDir, TOKEN_PREFIXES)).toEqual([]);
});
