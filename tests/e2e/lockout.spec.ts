/** Path 6 — lockout: 5 failures lock for a while, 10 for good; support ticket; the operator unlocks. */
import { createLocalOwner, expect, owner, test } from './support/fixtures';
import { en } from './support/i18n';
import { admin } from './support/processes';

const BASE = 0.5; // lockBaseSeconds: 5 → 0.5 s, 6 → 1 s, 7 → 2 s, 8 → 4 s, 9 → 8 s, 10 → permanent

test('5 failures lock with a time, support takes a ticket, 10 lock permanently, admin unlock lets the owner in', async ({ world }) => {
  const device = await world.device('a', {
    limits: { lockBaseSeconds: BASE, lockThreshold: 5, permanentLockAt: 10, rateLimits: { login: { perIp: 100, perKey: 100, windowSeconds: 60 } } },
  });
  const app = await device.open();
  const o = owner();
  await createLocalOwner(app, o);
  await app.shell.signOut();

  for (let n = 1; n <= 4; n++) await app.signIn.submitExpectingError(o.email!, `Wrong-password-${n}`, 'INVALID_CREDENTIALS');
  await app.signIn.submitExpectingError(o.email!, 'Wrong-password-5', 'ACCOUNT_LOCKED');
  const [before, after] = en.errorDetails.lockedUntil.split('{{until}}');
  await expect(app.signIn.error.locked).toContainText(before!);
  await expect(app.signIn.error.locked).toContainText(after!);
  await expect(app.signIn.error.locked).toHaveText(/\d{1,2}:\d{2}/);

  // Contact support from the lock message, signed out
  await app.id('contact-support').click();
  await expect(app.id('support-identifier')).toHaveValue(o.email!);
  const message = 'Locked out after a typo spree, please help (e2e).';
  const ticket = await app.support.send({ contact: o.email!, message });
  expect(ticket).toMatch(/\S/);
  await app.support.close();
  const tickets = await admin(device.db, ['tickets']);
  expect(tickets).toContain(ticket.replace(/^#/, ''));
  expect(tickets).toContain(message);
  expect(tickets).toContain(`contact: ${o.email}`);

  // keep failing, each time after the lock ran out, until the 10th failure
  for (let n = 6; n <= 10; n++) {
    await new Promise((r) => setTimeout(r, BASE * 2 ** (n - 6) * 1000 + 400)); // let the shrunk lock pass
    await app.signIn.submitExpectingError(o.email!, `Wrong-password-${n}`, 'ACCOUNT_LOCKED');
  }
  await expect(app.signIn.error.locked).toHaveText(en.errorDetails.lockedPermanent);
  // the right password does not help now
  await app.signIn.submitExpectingError(o.email!, o.password, 'ACCOUNT_LOCKED');
  await expect(app.signIn.error.locked).toHaveText(en.errorDetails.lockedPermanent);
  expect(await admin(device.db, ['accounts'])).toMatch(/permanent/);

  const unlocked = await admin(device.db, ['unlock', o.email!]);
  expect(unlocked).toContain('Unlocked');
  await app.signIn.submit(o.email!, o.password);
  await app.shell.expectSignedIn(o.name);
});
