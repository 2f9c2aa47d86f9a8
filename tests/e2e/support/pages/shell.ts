import { expect, type Locator, type Page } from '@playwright/test';
import { TOTP, Secret } from 'otpauth';
import { ErrorBox, tid } from './app';

export type SettingsTabKey = 'profile' | 'security' | 'log' | 'sessions' | 'staff' | 'stores';

/** The signed-in app: header, sidebar, account menu. */
export class ShellPage {
  constructor(private readonly page: Page) {}
  get root(): Locator {
    return tid(this.page, 'app-shell');
  }
  nav(key: string): Locator {
    return tid(this.page, `nav-${key}`);
  }
  async expectSignedIn(name?: string): Promise<void> {
    // a sign-in is several server round trips (argon2 included): allow for a busy machine
    await expect(this.root).toBeVisible({ timeout: 30_000 });
    if (name) await expect(tid(this.page, 'account-name')).toHaveText(name);
  }
  async signOut(): Promise<void> {
    const signIn = tid(this.page, 'screen-signin');
    // The dropdown can swallow a click while a modal that just closed is still animating out;
    // open it again and retry until the sign-in screen shows. Signing out twice is harmless.
    await expect(async () => {
      if (!(await signIn.isVisible())) {
        const item = tid(this.page, 'signout-button');
        if (!(await item.isVisible())) await tid(this.page, 'account-menu').click({ timeout: 5_000 });
        await item.click({ timeout: 5_000 });
      }
      // sign-out revokes on the server and stops the sync engine: allow for a busy machine
      await expect(signIn).toBeVisible({ timeout: 15_000 });
    }).toPass({ timeout: 60_000 });
  }
  async openSettings(tab: SettingsTabKey = 'profile'): Promise<void> {
    await this.nav('settings').click();
    await expect(tid(this.page, 'page-title')).toBeVisible();
    if (tab !== 'profile') await tid(this.page, `settings-tab-${tab}`).click();
  }
  /** Settings → Stores: link an Ozon store by its keys (and Performance keys) and wait until its row is listed. */
  async linkStore(name: string, keys: { clientId: string; apiKey: string; performance?: { clientId: string; clientSecret: string } }): Promise<void> {
    await this.openSettings('stores');
    await tid(this.page, 'store-link-name').fill(name);
    await tid(this.page, 'store-link-client-id').fill(keys.clientId);
    await tid(this.page, 'store-link-api-key').fill(keys.apiKey);
    if (keys.performance) {
      await tid(this.page, 'store-link-perf-id').fill(keys.performance.clientId);
      await tid(this.page, 'store-link-perf-secret').fill(keys.performance.clientSecret);
    }
    await tid(this.page, 'store-link-submit').click();
    await expect(this.page.locator('[data-testid^="store-row-"]')).toHaveCount(1, { timeout: 60_000 });
  }
}

export function totpCode(secret: string, offsetSeconds = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret.replace(/\s+/g, '')), algorithm: 'SHA1', digits: 6, period: 30 }).generate({
    timestamp: Date.now() + offsetSeconds * 1000,
  });
}

/**
 * Waits, when needed, until at least `seconds` remain of the current 30 s step: a code of the
 * previous step is accepted only while the current step lasts (±1), and a loaded machine may take
 * seconds between computing it and the server checking it.
 */
export async function awaitTotpStepLeft(seconds = 10): Promise<void> {
  const left = 30_000 - (Date.now() % 30_000);
  if (left < seconds * 1000) await new Promise((r) => setTimeout(r, left + 200));
}

/** Settings → Security: two-step verification, recovery codes, password. */
export class SecurityPage {
  readonly error: ErrorBox;
  constructor(private readonly page: Page) {
    this.error = new ErrorBox(page);
  }
  get status(): Locator {
    return tid(this.page, '2fa-status');
  }
  /** Reads the shown recovery codes and closes the dialog. */
  async takeRecoveryCodes(): Promise<string[]> {
    // a closed antd modal keeps its last content hidden in the DOM: read the codes of the open one only
    const box = tid(this.page, 'recovery-codes');
    await expect(box).toBeVisible();
    const codes = box.locator('[data-testid="recovery-code"]');
    await expect(codes).toHaveCount(10);
    const list = (await codes.allTextContents()).map((c) => c.trim());
    await tid(this.page, 'recovery-done').click();
    await expect(tid(this.page, 'recovery-codes')).toBeHidden();
    return list;
  }
  /** Authenticator app: reads the secret shown, confirms with a code computed here. */
  async enableTotp(): Promise<{ secret: string; codes: string[] }> {
    await tid(this.page, '2fa-enable-totp').click();
    const secretEl = tid(this.page, 'totp-secret');
    await expect(secretEl).toBeVisible();
    await expect(tid(this.page, 'totp-qr')).toBeVisible();
    const secret = ((await secretEl.textContent()) ?? '').replace(/\s+/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    // the previous 30 s step: still accepted (±1 step), and leaves the current step free for the next sign-in
    await awaitTotpStepLeft();
    await tid(this.page, 'totp-code').fill(totpCode(secret, -30));
    await tid(this.page, 'totp-confirm').click();
    const codes = await this.takeRecoveryCodes();
    await expect(this.status).toHaveAttribute('data-enabled', 'true');
    return { secret, codes };
  }
  /** SMS or email: the code arrives out of band; `readCode` fetches it. */
  async enableOtp(method: 'sms' | 'email', readCode: () => Promise<string>): Promise<string[]> {
    await tid(this.page, `2fa-enable-${method}`).click();
    await expect(tid(this.page, 'otp-sent-to')).toBeVisible();
    await tid(this.page, 'otp-code').fill(await readCode());
    await tid(this.page, 'otp-confirm').click();
    const codes = await this.takeRecoveryCodes();
    await expect(this.status).toHaveAttribute('data-enabled', 'true');
    return codes;
  }
  async disable(password: string): Promise<void> {
    await tid(this.page, '2fa-disable').click();
    await tid(this.page, '2fa-disable-password').fill(password);
    await tid(this.page, '2fa-disable-submit').click();
    await expect(this.status).toHaveAttribute('data-enabled', 'false');
  }
  async regenerate(password: string): Promise<string[]> {
    await expect(tid(this.page, 'recovery-regenerate')).toBeEnabled();
    // the browser asks for reduced motion (fixtures.ts) and the app honours it: two frames after the click nothing in
    // the dialog is animating (with motion it is still zooming in from a point)
    const animating = await this.page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          (document.querySelector('[data-testid="recovery-regenerate"]') as HTMLElement).click();
          requestAnimationFrame(() =>
            requestAnimationFrame(() => {
              const dialog = document.querySelector('[data-testid="recovery-regenerate-submit"]')?.closest('[role="dialog"]')?.parentElement;
              resolve(dialog ? dialog.getAnimations({ subtree: true }).length : -1);
            }),
          );
        }),
    );
    expect(animating).toBe(0);
    await tid(this.page, 'recovery-regenerate-password').fill(password);
    await tid(this.page, 'recovery-regenerate-submit').click();
    return this.takeRecoveryCodes();
  }
  async changePassword(current: string, next: string): Promise<void> {
    await tid(this.page, 'password-current').fill(current);
    await tid(this.page, 'password-new').fill(next);
    await tid(this.page, 'password-confirm').fill(next);
    await tid(this.page, 'password-change-submit').click();
  }
}

/** Settings → Sessions and devices. */
export class SessionsPage {
  constructor(private readonly page: Page) {}
  get table(): Locator {
    return tid(this.page, 'sessions-table');
  }
  /** the revoke buttons, one per session row */
  get revokeButtons(): Locator {
    return this.table.locator('[data-testid^="session-revoke-"]');
  }
  get rows(): Locator {
    return this.table.locator('tbody tr.ant-table-row');
  }
  /** the row not marked current */
  get otherRows(): Locator {
    return this.rows.filter({ hasNot: tid(this.page, 'session-current') });
  }
  get currentRow(): Locator {
    return this.rows.filter({ has: tid(this.page, 'session-current') });
  }
  async revoke(row: Locator): Promise<void> {
    await row.locator('[data-testid^="session-revoke-"]').click();
    await tid(this.page, 'confirm-ok').filter({ visible: true }).click();
  }
}

/** Settings → Security log. */
export class SecurityLogPage {
  constructor(private readonly page: Page) {}
  event(type: string): Locator {
    return tid(this.page, 'security-log-table').locator(`[data-testid="security-event-${type}"]`);
  }
  async refresh(): Promise<void> {
    await tid(this.page, 'security-log-refresh').click();
  }
}
