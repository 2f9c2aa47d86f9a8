/** Path 2 — two-step verification: authenticator app, recovery codes, SMS (dev outbox) and email (SMTP). */
import { createLocalOwner, expect, owner, test } from './support/fixtures';
import { en } from './support/i18n';
import { totpCode } from './support/pages/shell';

const PHONE_E164 = '+79123456789';

test('authenticator app (a used code is refused, recovery codes), then SMS via the dev outbox with resend cooldown and cap, then email via SMTP', async ({ world }) => {
  const device = await world.device('a', { limits: { resendCooldownSeconds: 6, maxSendsPerChallenge: 2 } });
  const app = await device.open();
  const o = owner();
  await createLocalOwner(app, o);

  await app.shell.openSettings('security');
  await expect(app.security.status).toHaveAttribute('data-enabled', 'false');
  const { secret, codes } = await app.security.enableTotp();
  expect(codes).toHaveLength(10);
  expect(new Set(codes).size).toBe(10);
  await expect(app.id('2fa-method')).toHaveText(en.twoFactorMethods.totp);
  await expect(app.id('recovery-remaining')).toHaveText('10');

  await app.shell.signOut();
  await app.signIn.submit(o.email!, o.password);
  await expect(app.challenge.twoFactor).toBeVisible();
  await expect(app.challenge.tab('totp')).toBeVisible();
  await expect(app.challenge.tab('recovery')).toBeVisible();
  await expect(app.challenge.tab('sms')).toHaveCount(0);
  const code = totpCode(secret);
  await app.challenge.enterCode(code, 'totp');
  await app.shell.expectSignedIn(o.name);

  // the same code again: refused, still on the challenge
  await app.shell.signOut();
  await app.signIn.submit(o.email!, o.password);
  await expect(app.challenge.twoFactor).toBeVisible();
  await app.challenge.enterCode(code, 'totp');
  await app.challenge.error.expectCode('INVALID_CODE');
  await expect(app.challenge.error.text).toHaveText(en.errors.INVALID_CODE);
  await expect(app.challenge.twoFactor).toBeVisible();

  // a recovery code instead
  await app.challenge.tab('recovery').click();
  await app.challenge.enterCode(codes[3]!, 'recovery');
  await app.shell.expectSignedIn(o.name);
  await app.shell.openSettings('security');
  await expect(app.id('recovery-remaining')).toHaveText('9');

  // that recovery code is spent
  await app.shell.signOut();
  await app.signIn.submit(o.email!, o.password);
  await app.challenge.tab('recovery').click();
  await app.challenge.enterCode(codes[3]!, 'recovery');
  await app.challenge.error.expectCode('INVALID_CODE');
  await expect(app.challenge.twoFactor).toBeVisible();

  // another one does
  await app.challenge.enterCode(codes[4]!, 'recovery');
  await app.shell.expectSignedIn(o.name);

  // --- SMS ---
  await app.shell.openSettings('security');
  await app.security.disable(o.password);
  let lastSms: string | null = null;
  const smsCodes = await app.security.enableOtp('sms', async () => (lastSms = await world.smsCode(device.db, PHONE_E164)));
  expect(smsCodes).toHaveLength(10);
  await expect(app.id('2fa-method')).toHaveText(en.twoFactorMethods.sms);

  await app.shell.signOut();
  await app.signIn.submit(o.email!, o.password);
  await expect(app.challenge.twoFactor).toBeVisible();
  await expect(app.challenge.tab('sms')).toBeVisible();
  await expect(app.challenge.tab('totp')).toHaveCount(0);
  // sent automatically: "we sent …", the resend waits for its cooldown, one send left
  await expect(app.id('code-destination')).toHaveText(en.challenge.sentSms.replace('{{destination}}', '+7 *** ***-**-89'));
  await expect(app.id('resend-button')).toBeDisabled();
  await expect(app.id('resend-countdown')).toHaveText(/^\s*\(in [1-6] s\)$/);
  await expect(app.id('sends-remaining')).toHaveText(en.challenge.sendsRemaining.replace('{{remaining}}', '1'));
  const first = await world.smsCode(device.db, PHONE_E164, lastSms);
  // the countdown runs down and the button comes back
  await expect(app.id('resend-countdown')).toBeHidden({ timeout: 15_000 });
  await expect(app.id('resend-button')).toBeEnabled();
  await app.id('resend-button').click();
  const second = await world.smsCode(device.db, PHONE_E164, first);
  // the cap: no more sends for this sign-in
  await expect(app.id('send-limit')).toHaveText(en.errors.CODE_SEND_LIMIT);
  await expect(app.id('resend-button')).toHaveCount(0);
  await app.challenge.enterCode(second, 'sms');
  await app.shell.expectSignedIn(o.name);

  // --- email ---
  await app.shell.openSettings('security');
  await app.security.disable(o.password);
  const enrollSince = Date.now();
  const emailCodes = await app.security.enableOtp('email', async () => (await world.mail(o.email!, 'Turn on two-step verification', enrollSince)).code!);
  expect(emailCodes).toHaveLength(10);
  expect(emailCodes).not.toEqual(smsCodes);
  await expect(app.id('2fa-method')).toHaveText(en.twoFactorMethods.email);

  await app.shell.signOut();
  const since = Date.now();
  await app.signIn.submit(o.email!, o.password);
  await expect(app.challenge.twoFactor).toBeVisible();
  await expect(app.challenge.tab('email')).toBeVisible();
  const mail = await world.mail(o.email!, 'Your Sellerdesk sign-in code', since);
  expect(mail.code).toMatch(/^\d{6}$/);
  await app.challenge.enterCode(mail.code!, 'email');
  await app.shell.expectSignedIn(o.name);
});
