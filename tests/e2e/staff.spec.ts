/** Path 10 — staff: invitations by email, joining on another device, what each role gets to see. */
import { connectTeamServer, expect, owner, signInNewDevice, test, type App } from './support/fixtures';
import { en } from './support/i18n';

const MANAGER = { email: 'max@teahouse.test', name: 'Max Manager', password: 'Manager-cobalt-Fern-31' };
const WAREHOUSE = { email: 'wanda@teahouse.test', name: 'Wanda Warehouse', password: 'Crates-amber-Tulip-64' };

async function invite(app: App, email: string, role: 'manager' | 'warehouse') {
  await app.id('invite-email').fill(email);
  if (role !== 'manager') {
    await app.id('invite-role').click();
    await app.id(`invite-role-${role}`).click();
  }
  await app.id('invite-submit').click();
  await expect(app.id('staff-invitations-table')).toContainText(email);
}

test('owner invites a manager and a warehouse worker; each joins with the emailed code and sees only their part', async ({ world }) => {
  const o = owner();
  const server = await world.teamServer({ owner: o });
  const a = await world.device('a');
  const appA = await a.open();
  await connectTeamServer(appA, server.url);
  await signInNewDevice(world, appA, o.email!, o.password);

  await appA.shell.openSettings('staff');
  await expect(appA.id('invite-card')).toBeVisible();
  const since = Date.now();
  await invite(appA, MANAGER.email, 'manager');
  await invite(appA, WAREHOUSE.email, 'warehouse');
  const managerMail = await world.mail(MANAGER.email, 'invites you to Tea House', since);
  const warehouseMail = await world.mail(WAREHOUSE.email, 'invites you to Tea House', since);
  expect(managerMail.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  expect(warehouseMail.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);

  // the manager joins on a shop computer
  const b = await world.device('b');
  const appB = await b.open();
  await connectTeamServer(appB, server.url);
  await appB.id('signin-invitation').click();
  await appB.invitation.accept({ ...MANAGER, code: managerMail.code! });
  await appB.shell.expectSignedIn(MANAGER.name);
  await appB.id('account-menu').click();
  await expect(appB.id('account-menu-role')).toHaveText(en.roles.manager);
  await appB.page.keyboard.press('Escape');
  await expect(appB.shell.nav('products')).toBeVisible();
  await expect(appB.shell.nav('marketing')).toBeVisible();
  // staff: visible read-only, no management
  await appB.shell.openSettings('staff');
  await expect(appB.id('staff-members-table')).toContainText(o.name);
  await expect(appB.id('staff-members-table')).toContainText(MANAGER.name);
  await expect(appB.id('invite-card')).toHaveCount(0);
  await expect(appB.page.locator('[data-testid^="member-role-"]:not([data-testid^="member-role-label-"])')).toHaveCount(0);
  await expect(appB.page.locator('[data-testid^="member-remove-"]')).toHaveCount(0);
  await expect(appB.page.locator('[data-testid^="invitation-revoke-"]')).toHaveCount(0);
  await expect(appB.page.locator('[data-testid^="member-role-label-"]')).toHaveCount(2);

  // the same computer, the warehouse worker's invitation
  await appB.shell.signOut();
  await appB.id('signin-invitation').click();
  await appB.invitation.accept({ ...WAREHOUSE, code: warehouseMail.code! });
  await appB.shell.expectSignedIn(WAREHOUSE.name);
  await expect(appB.shell.nav('orders')).toBeVisible();
  await expect(appB.shell.nav('returns')).toBeVisible();
  for (const hidden of ['analytics', 'marketing', 'service']) await expect(appB.shell.nav(hidden)).toHaveCount(0);
  await appB.shell.openSettings('profile');
  await expect(appB.id('settings-tab-sessions')).toBeVisible();
  await expect(appB.id('settings-tab-staff')).toHaveCount(0);
  await expect(appB.id('profile-role')).toContainText(en.roles.warehouse);

  // the owner sees both as members, can manage them, and the invitations as used
  await appA.id('settings-tab-profile').click();
  await appA.id('settings-tab-staff').click();
  await expect(appA.id('staff-members-table')).toContainText(MANAGER.name);
  await expect(appA.id('staff-members-table')).toContainText(WAREHOUSE.name);
  await expect(appA.page.locator('[data-testid^="member-remove-"]')).toHaveCount(2);
});
