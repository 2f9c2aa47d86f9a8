/** Path 5 — an unknown account and a wrong password look exactly the same. */
import { createLocalOwner, expect, owner, test } from './support/fixtures';
import { en } from './support/i18n';

test('unknown account and wrong password show the same message', async ({ world }) => {
  const device = await world.device('a');
  const app = await device.open();
  const o = owner();
  await createLocalOwner(app, o);
  await app.shell.signOut();

  await app.signIn.submitExpectingError('nobody@teahouse.test', 'Some-password-42', 'INVALID_CREDENTIALS');
  const unknown = await app.signIn.error.root.innerText();
  await app.signIn.submitExpectingError(o.email!, 'Wrong-password-42', 'INVALID_CREDENTIALS');
  const wrong = await app.signIn.error.root.innerText();
  await app.signIn.submitExpectingError('+7 999 000-11-22', 'Some-password-42', 'INVALID_CREDENTIALS');
  const unknownPhone = await app.signIn.error.root.innerText();

  expect(unknown).toBe(en.errors.INVALID_CREDENTIALS);
  expect(wrong).toBe(unknown);
  expect(unknownPhone).toBe(unknown);
  // the typed identifier stays, the screen stays
  await expect(app.signIn.identifier).toHaveValue('+7 999 000-11-22');
  await expect(app.signIn.root).toBeVisible();

  // and the right password still works
  await app.signIn.submit(o.email!, o.password);
  await app.shell.expectSignedIn(o.name);
});
