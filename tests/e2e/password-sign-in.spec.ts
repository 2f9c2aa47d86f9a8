/** Path 1 — email or phone + password; the password rules at owner creation. */
import { expect, owner, test } from './support/fixtures';
import { en } from './support/i18n';

test('owner creation enforces the password rules without losing the form, then email and phone sign-in in any spelling', async ({ world }) => {
  const device = await world.device('a');
  const app = await device.open();
  await app.firstRun.useEmbedded();

  const o = owner();
  // too short: refused under the field, nothing typed is lost
  await app.owner.fill({ ...o, password: 'Short-1x', confirm: 'Short-1x' });
  await app.owner.submit();
  await expect(app.owner.fieldError('password')).toHaveText(en.errors.PASSWORD_TOO_SHORT);
  await expect(app.id('rule-length')).toHaveAttribute('data-ok', 'false');
  await expect(app.owner.root).toBeVisible();

  // common (only the server's full list knows this one): the server's PASSWORD_TOO_COMMON, localized
  await app.owner.field('password').fill('password123!');
  await app.owner.field('confirm').fill('password123!');
  await app.owner.submit();
  await app.owner.error.expectCode('PASSWORD_TOO_COMMON');
  await expect(app.owner.error.text).toHaveText(en.errors.PASSWORD_TOO_COMMON);
  await expect(app.owner.fieldError('password')).toHaveText(en.errors.PASSWORD_TOO_COMMON);
  for (const [field, value] of [
    ['workspace', o.workspace],
    ['name', o.name],
    ['email', o.email!],
    ['phone', o.phone!],
    ['password', 'password123!'],
  ] as const) {
    await expect(app.owner.field(field)).toHaveValue(value);
  }

  // a good one goes through
  await app.owner.field('password').fill(o.password);
  await app.owner.field('confirm').fill(o.password);
  await app.owner.submit();
  await app.shell.expectSignedIn(o.name);

  // email in another case
  await app.shell.signOut();
  await expect(app.signIn.notice('signed_out')).toBeVisible();
  await app.signIn.submit('ANNA@TeaHouse.TEST', o.password);
  await app.shell.expectSignedIn(o.name);

  // phone typed the Russian domestic way
  await app.shell.signOut();
  await app.signIn.submit('8 (912) 345-67-89', o.password);
  await app.shell.expectSignedIn(o.name);
  await expect(app.id('header-workspace')).toHaveText(o.workspace);
});
