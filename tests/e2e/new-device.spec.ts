/** Path 3 — a new device on a team server: email code, or the link in the email; remembered afterwards. */
import { connectTeamServer, expect, owner, test, type App } from './support/fixtures';

/** Sign out and in again: a remembered device goes straight to the app. */
async function expectRemembered(app: App, identifier: string, password: string) {
  await app.shell.signOut();
  await app.signIn.submit(identifier, password);
  await app.shell.expectSignedIn();
  await expect(app.challenge.newDevice).toHaveCount(0);
}

test('new device: the code from the email, or the link opened elsewhere; the device is remembered', async ({ world, browser }) => {
  const o = owner();
  const server = await world.teamServer({ owner: o });

  // --- device B: the code ---
  const b = await world.device('b');
  const appB = await b.open();
  await connectTeamServer(appB, server.url);
  await expect(appB.signIn.root).toBeVisible();
  const since = Date.now();
  await appB.signIn.submit(o.email!, o.password);
  await expect(appB.challenge.newDevice).toBeVisible();
  // sent on its own, to the masked address, and the link alternative is announced
  await expect(appB.id('code-destination')).toContainText('a**a@teahouse.test');
  await expect(appB.id('email-link-hint')).toBeVisible();
  const mail = await world.mail(o.email!, 'Confirm sign-in from a new device', since);
  expect(mail.code).toMatch(/^\d{6}$/);
  expect(mail.links.some((l) => l.startsWith(`${server.url}/verify-device?token=`))).toBe(true);
  // a wrong code first: refused, the screen stays
  await appB.challenge.enterCode(mail.code === '000000' ? '111111' : '000000');
  await appB.challenge.error.expectCode('INVALID_CODE');
  await expect(appB.challenge.newDevice).toBeVisible();
  await appB.challenge.enterCode(mail.code!);
  await appB.shell.expectSignedIn(o.name);
  // the owner hears about the new device
  await world.mail(o.email!, 'New device signed in', since);
  // remembered, under either of the account's identifiers
  await expectRemembered(appB, o.email!, o.password);
  await expectRemembered(appB, '8 912 345 67 89', o.password);

  // --- device C: the link, opened elsewhere (say, the phone's mail app) ---
  const c = await world.device('c');
  const appC = await c.open();
  await connectTeamServer(appC, server.url);
  const sinceC = Date.now();
  await appC.signIn.submit(o.email!, o.password);
  await expect(appC.challenge.newDevice).toBeVisible();
  await expect(appC.id('email-link-hint')).toBeVisible();
  const mailC = await world.mail(o.email!, 'Confirm sign-in from a new device', sinceC);
  const link = mailC.links.find((l) => l.includes('/verify-device?token='));
  expect(link).toBeTruthy();
  const phone = await browser.newContext();
  try {
    const page = await phone.newPage();
    const res = await page.goto(link!);
    expect(res?.status()).toBe(200);
    // opening the link approves nothing (mail scanners open links); the person confirms
    await expect(page.locator('h1')).toHaveText('Approve this sign-in?');
    await expect(appC.challenge.newDevice).toBeVisible();
    await page.locator('#approve').click();
    await expect(page.locator('h1')).toHaveText('Sign-in approved');
  } finally {
    await phone.close();
  }
  // nobody types anything: the app notices (it polls) and signs in
  await appC.shell.expectSignedIn(o.name);
  await expectRemembered(appC, o.email!, o.password);
});
