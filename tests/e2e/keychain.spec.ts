/**
 * Without a usable OS keychain: a clear warning, sign-in still works for the
 * run, nothing secret on disk; and the demo store still opens (its sandbox
 * keys need no keychain), so a new user on such a machine can try the app.
 */
import { createLocalOwner, expect, owner, test } from './support/fixtures';
import { en, TOKEN_PATTERN } from './support/i18n';
import { filesContaining } from './support/processes';

test('no Secret Service: keychain warning, the demo store works, session kept in memory only, no token in the data dir', async ({ world }) => {
  test.setTimeout(300_000);
  // a session bus address that leads nowhere, as on a headless box without a keyring
  const device = await world.device('k', { start: false });
  await device.start({ smtpUrl: world.smtp.url, busAddress: `unix:path=${device.dataDir}-no-bus` });
  const app = await device.open();
  const o = owner();
  await createLocalOwner(app, o);
  await expect(app.id('checklist-keychain')).toHaveAttribute('data-ok', 'false');

  await app.id('store-demo-button').click();
  await expect.poll(async () => Number((await app.id('dashboard-products-total').getAttribute('data-value')) ?? 0), { timeout: 180_000 }).toBeGreaterThan(0);
  await expect(app.id('store-onboarding')).toBeHidden();

  await app.shell.signOut();
  await expect(app.id('keychain-warning')).toContainText(en.signin.keychainTitle);
  await app.signIn.submit(o.email!, o.password);
  await app.shell.expectSignedIn(o.name);
  expect(filesContaining(device.dataDir, TOKEN_PATTERN)).toEqual([]);

  // a restart forgets the session (it only ever lived in memory)
  await device.restart();
  await device.reopen(app);
  await expect(app.signIn.root).toBeVisible();
  await expect(app.id('keychain-warning')).toBeVisible();
  expect(filesContaining(device.dataDir, TOKEN_PATTERN)).toEqual([]);
});
