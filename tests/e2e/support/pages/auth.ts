import { expect, type Locator, type Page } from '@playwright/test';
import { ErrorBox, tid } from './app';

export interface OwnerInput {
  workspace: string;
  name: string;
  email?: string;
  phone?: string;
  password: string;
  confirm?: string;
}

/** First run: local workspace or a team server. */
export class FirstRunPage {
  constructor(private readonly page: Page) {}
  get root(): Locator {
    return tid(this.page, 'screen-first-run');
  }
  async useEmbedded(): Promise<void> {
    await expect(this.root).toBeVisible();
    await tid(this.page, 'setup-embedded').click();
  }
  async connect(url: string): Promise<void> {
    await expect(this.root).toBeVisible();
    await tid(this.page, 'setup-remote').click();
    await tid(this.page, 'setup-remote-url').fill(url);
    await tid(this.page, 'setup-remote-submit').click();
  }
}

/** Create the owner of a fresh workspace. */
export class OwnerPage {
  readonly error: ErrorBox;
  constructor(private readonly page: Page) {
    this.error = new ErrorBox(page);
  }
  get root(): Locator {
    return tid(this.page, 'screen-create-owner');
  }
  field(name: 'workspace' | 'name' | 'email' | 'phone' | 'password' | 'confirm'): Locator {
    return tid(this.page, `owner-${name}`);
  }
  /** the antd error under one input */
  fieldError(name: 'workspace' | 'name' | 'email' | 'phone' | 'password' | 'confirm'): Locator {
    return this.page.locator('.ant-form-item').filter({ has: this.field(name) }).locator('.ant-form-item-explain-error');
  }
  async fill(o: OwnerInput): Promise<void> {
    await expect(this.root).toBeVisible();
    await this.field('workspace').fill(o.workspace);
    await this.field('name').fill(o.name);
    if (o.email !== undefined) await this.field('email').fill(o.email);
    if (o.phone !== undefined) await this.field('phone').fill(o.phone);
    await this.field('password').fill(o.password);
    await this.field('confirm').fill(o.confirm ?? o.password);
  }
  async submit(): Promise<void> {
    await tid(this.page, 'owner-submit').click();
  }
}

export class SignInPage {
  readonly error: ErrorBox;
  constructor(private readonly page: Page) {
    this.error = new ErrorBox(page);
  }
  get root(): Locator {
    return tid(this.page, 'screen-signin');
  }
  get identifier(): Locator {
    return tid(this.page, 'signin-identifier');
  }
  get password(): Locator {
    return tid(this.page, 'signin-password');
  }
  get submitButton(): Locator {
    return tid(this.page, 'signin-submit');
  }
  notice(kind: 'session_expired' | 'signed_out' | 'password_reset' | 'challenge_expired'): Locator {
    return tid(this.page, `notice-${kind}`);
  }
  /** Fill and submit; does not wait for the outcome. */
  async submit(identifier: string, password: string): Promise<void> {
    await expect(this.root).toBeVisible();
    await this.identifier.fill(identifier);
    await this.password.fill(password);
    await expect(this.submitButton).toBeEnabled();
    await this.submitButton.click();
  }
  /**
   * Submit and wait for the answer: an error alert or leaving this screen.
   * `expectError` waits until the alert shows `code`.
   */
  async submitExpectingError(identifier: string, password: string, code: string): Promise<void> {
    // a previous identical alert must not satisfy the wait: mark it first
    await this.page.evaluate(() => document.querySelector('[data-testid="error-message"]')?.setAttribute('data-stale', '1'));
    await this.submit(identifier, password);
    await expect(this.page.locator('[data-testid="error-message"]:not([data-stale])')).toHaveAttribute('data-error-code', code);
  }
}

/** New-device and two-factor challenges. */
export class ChallengePage {
  readonly error: ErrorBox;
  constructor(private readonly page: Page) {
    this.error = new ErrorBox(page);
  }
  get newDevice(): Locator {
    return tid(this.page, 'screen-challenge-new-device');
  }
  get twoFactor(): Locator {
    return tid(this.page, 'screen-challenge-two-factor');
  }
  get codeInput(): Locator {
    return tid(this.page, 'code-input');
  }
  tab(method: 'totp' | 'sms' | 'email' | 'recovery'): Locator {
    return tid(this.page, `challenge-method-${method}`);
  }
  async enterCode(code: string, method?: 'totp' | 'sms' | 'email' | 'recovery'): Promise<void> {
    const input = method ? this.page.locator(`[data-testid="code-input"][data-method="${method}"]`) : this.codeInput;
    await input.fill(code);
    await tid(this.page, 'verify-button').click();
  }
}

export class ForgotPage {
  readonly error: ErrorBox;
  constructor(private readonly page: Page) {
    this.error = new ErrorBox(page);
  }
  async request(identifier: string): Promise<void> {
    await expect(tid(this.page, 'screen-forgot')).toBeVisible();
    await tid(this.page, 'forgot-identifier').fill(identifier);
    await tid(this.page, 'forgot-submit').click();
    await expect(tid(this.page, 'screen-reset')).toBeVisible();
  }
  async reset(code: string, password: string): Promise<void> {
    await tid(this.page, 'reset-code').fill(code);
    await tid(this.page, 'reset-password').fill(password);
    await tid(this.page, 'reset-confirm').fill(password);
    await tid(this.page, 'reset-submit').click();
  }
}

export interface InvitationInput {
  email: string;
  code: string;
  name: string;
  password: string;
}

export class AcceptInvitationPage {
  constructor(private readonly page: Page) {}
  async accept(i: InvitationInput): Promise<void> {
    await expect(tid(this.page, 'screen-accept-invitation')).toBeVisible();
    await tid(this.page, 'invite-accept-email').fill(i.email);
    await tid(this.page, 'invite-accept-code').fill(i.code);
    await tid(this.page, 'invite-accept-name').fill(i.name);
    await tid(this.page, 'invite-accept-password').fill(i.password);
    await tid(this.page, 'invite-accept-confirm').fill(i.password);
    await tid(this.page, 'invite-accept-submit').click();
  }
}

/** The "Contact support" modal (signed out or in). */
export class SupportModal {
  constructor(private readonly page: Page) {}
  async send(o: { contact?: string; message: string }): Promise<string> {
    await expect(tid(this.page, 'support-form')).toBeVisible();
    if (o.contact !== undefined) await tid(this.page, 'support-contact').fill(o.contact);
    await tid(this.page, 'support-message').fill(o.message);
    await tid(this.page, 'support-submit').click();
    const ticket = tid(this.page, 'support-ticket');
    await expect(ticket).toBeVisible();
    return ((await ticket.textContent()) ?? '').trim();
  }
  async close(): Promise<void> {
    await tid(this.page, 'support-close').click();
    await expect(tid(this.page, 'support-ticket')).toBeHidden();
  }
}
