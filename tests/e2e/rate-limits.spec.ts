/** Path 8 — rate limits: the wait is shown as a live countdown and the form waits with it. */
import { createLocalOwner, expect, owner, test } from './support/fixtures';
import { en } from './support/i18n';

test('a tiny login rule: countdown, disabled submit, then signing in works again', async ({ world }) => {
  const device = await world.device('a', { limits: { rateLimits: { login: { perIp: 50, perKey: 2, windowSeconds: 15 } } } });
  const app = await device.open();
  const o = owner();
  await createLocalOwner(app, o);
  await app.shell.signOut();

  await app.signIn.submitExpectingError(o.email!, 'Wrong-password-1', 'INVALID_CREDENTIALS');
  await app.signIn.submitExpectingError(o.email!, 'Wrong-password-2', 'INVALID_CREDENTIALS');
  await app.signIn.submitExpectingError(o.email!, o.password, 'RATE_LIMITED');

  // seconds in the countdown; 0 once it is gone
  const secondsShown = async () => {
    const [text] = await app.signIn.error.countdown.allTextContents();
    return text === undefined ? 0 : Number(/(\d+)/.exec(text)?.[1] ?? NaN);
  };
  await expect(app.signIn.error.countdown).toHaveText(/^\d+ s left$/);
  const first = await secondsShown();
  expect(first).toBeGreaterThan(0);
  expect(first).toBeLessThanOrEqual(15);
  await expect(app.signIn.error.text).toHaveText(new RegExp(en.errorDetails.rateLimitedWait.replace('{{seconds}}', '\\d+').replace('.', '\\.')));
  await expect(app.signIn.submitButton).toBeDisabled();
  // it counts down …
  await expect.poll(secondsShown, { timeout: 5000 }).toBeLessThan(first);
  // … and then the form is usable again
  await expect(app.signIn.error.text).toHaveText(en.errorDetails.retryNow, { timeout: 20_000 });
  await expect(app.signIn.submitButton).toBeEnabled();
  await app.signIn.submit(o.email!, o.password);
  await app.shell.expectSignedIn(o.name);
});
